"""Invoices (A4), one at a time or many in one PDF.

Layout of the first page: town and régie at the top left, title/number/date at the top right,
the payer's postal address where the window of a French DL window envelope (A4 folded in three)
shows it, then the lines. Later pages repeat a short header and the table header; every page
says "page x / y". The last page carries the totals, a "PAYÉE" mark when nothing is left to pay,
and otherwise the payment slip to cut off.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from reportlab.lib.units import mm

from ems_desktop.reports import a4
from ems_desktop.reports.data import InvoiceDocument, InvoiceLine, Issuer, PartyAddress
from ems_desktop.reports.layout import (
    Block,
    Column,
    Page,
    Table,
    TextPen,
    draw_pages,
    paginate,
    spacer,
    text_width,
    wrap,
)
from ems_desktop.reports.styles import (
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    PAID_GREEN,
    RULE,
    date_text,
    has_glyph,
    money,
)

__all__ = ["RenderCancelled", "render_invoice", "render_invoices_batch"]


class RenderCancelled(Exception):
    """The agent cancelled a batch; ``done`` documents had been drawn (and are discarded)."""

    def __init__(self, done: int, total: int):
        super().__init__(f"Impression annulée après {done} document(s) sur {total}.")
        self.done = done
        self.total = total


LINE_COLUMNS = (
    Column("Prestation", 80 * mm),
    Column("Enfant", 32 * mm),
    Column("Quantité", 18 * mm, "right"),
    Column("Prix unitaire", 22 * mm, "right"),
    Column("Montant", 22 * mm, "right"),
)
AMOUNT_LEFT = a4.RIGHT - LINE_COLUMNS[-1].width

# The address window of a DL envelope (110 × 220 mm), seen on an A4 sheet folded in three.
WINDOW_LEFT = 110 * mm
WINDOW_TOP = a4.PAGE_HEIGHT - 50 * mm
WINDOW_WIDTH = a4.RIGHT - WINDOW_LEFT
WINDOW_BOTTOM = a4.PAGE_HEIGHT - 92 * mm

SLIP_HEIGHT = 44 * mm
STAMP_WIDTH, STAMP_HEIGHT = 42 * mm, 17 * mm


# --- the pieces shared with the credit note --------------------------------------------------


@dataclass(frozen=True)
class BusinessLayout:
    """What differs between an invoice and a credit note; the frame is the same."""

    issuer: Issuer
    title: str                                  # "FACTURE", "AVOIR"
    meta: tuple[tuple[str, str], ...]           # ("N°", "A01-…"), ("Date", "21/06/2017")
    party: PartyAddress
    references: tuple[tuple[str, str], ...]     # label/value lines under the header, left
    lines: tuple[InvoiceLine, ...]
    tail: tuple[Block, ...]                     # totals & co., kept together
    continuation: str                           # "Facture N° … (suite)"
    footer_label: str
    duplicate: bool
    slip: Callable[[TextPen, float], None] | None = None


def _address_lines(party: PartyAddress) -> list[tuple[str, str]]:
    name = party.payer_name or party.family_name
    lines = [(line, FONT_BOLD) for line in wrap(name, FONT_BOLD, 10, WINDOW_WIDTH)]
    for text in party.address_lines:
        lines.extend((line, FONT) for line in wrap(text, FONT, 10, WINDOW_WIDTH))
    return lines


def _reference_lines(references: Sequence[tuple[str, str]], width: float) -> list[tuple[str, str, str]]:
    """(label, value) pairs laid out as "label : value" lines, the value wrapped after the label."""
    out = []
    for label, value in references:
        prefix = f"{label} : "
        prefix_width = text_width(prefix, FONT, 9)
        wrapped = wrap(value, FONT_BOLD, 9, width - prefix_width) or ("",)
        out.append((prefix, wrapped[0], "first"))
        out.extend(("", line, "next") for line in wrapped[1:])
    return out


def line_rows(table: Table, lines: Iterable[InvoiceLine]) -> list[Block]:
    return [
        table.row((line.label, line.child_name, str(line.quantity), money(line.unit_price_cents),
                   money(line.amount_cents)))
        for line in lines
    ]


def amount_row(label: str, cents_text: str, *, bold: bool = False, rule_above: bool = False,
               size: float = 9.5, color=None, keep_with_next: bool = True,
               decorate: Callable[[TextPen, float], None] | None = None) -> Block:
    """A label/amount line under the table, the amount in the Montant column."""
    font = FONT_BOLD if bold else FONT
    label_width = AMOUNT_LEFT - a4.LEFT - 50 * mm
    label_lines = wrap(label, font, size, label_width) or ("",)
    leading = size * 1.3
    height = len(label_lines) * leading + 5

    def draw(pen: TextPen, top: float) -> None:
        canvas = pen.canvas
        if rule_above:
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(0.8)
            canvas.line(AMOUNT_LEFT - 60 * mm, top, a4.RIGHT, top)
        # A large amount may be wider than the Montant column: the label then moves left.
        label_right = min(AMOUNT_LEFT - 6, a4.RIGHT - 3.5 - text_width(cents_text, font, size) - 10)
        y = top - 2.5
        for index, line in enumerate(label_lines):
            y -= leading
            baseline = y + (leading - size) / 2 + size * 0.2
            pen.text(label_right, baseline, line, font=font, size=size, align="right", color=color)
            if index == 0:
                pen.text(a4.RIGHT - 3.5, baseline, cents_text, font=font, size=size, align="right", color=color)
        if decorate is not None:
            decorate(pen, top)

    return Block(height, draw, keep_with_next=keep_with_next)


def draw_business_document(pen: TextPen, layout: BusinessLayout) -> int:
    """Lay out and draw one invoice-like document on the pen's canvas; return its page count."""
    issuer = layout.issuer
    legal = a4.legal_lines(issuer.legal_mentions)
    bottom = a4.body_bottom(legal)

    # First page geometry, measured before drawing so the page count is known up front.
    issuer_bottom = a4.TOP - a4.issuer_header_height(issuer)
    refs_top = min(a4.PAGE_HEIGHT - 64 * mm, issuer_bottom - 6 * mm)
    refs = _reference_lines(layout.references, WINDOW_LEFT - a4.LEFT - 6 * mm)
    refs_bottom = refs_top - len(refs) * 12
    first_top = min(WINDOW_BOTTOM - 6 * mm, refs_bottom - 6 * mm)
    next_top = a4.TOP - 36 - (8 * mm if layout.duplicate else 0)

    table = Table(LINE_COLUMNS, a4.LEFT, size=9, padding=3)
    blocks = line_rows(table, layout.lines)
    blocks.append(spacer(4, keep_with_next=True))
    blocks.extend(layout.tail)
    pages = paginate(blocks, first_top, next_top, bottom)
    if layout.slip is not None and pages[-1].bottom - SLIP_HEIGHT - 4 * mm < bottom:
        pages.append(Page(bottom=next_top))   # the slip goes alone on a last page

    def chrome(pen: TextPen, number: int, total: int) -> None:
        if number == 1:
            a4.draw_issuer_header(pen, issuer)
            a4.draw_title_block(pen, layout.title, layout.meta, duplicate=layout.duplicate)
            y = WINDOW_TOP
            for text, font in _address_lines(layout.party):
                y -= 12.5
                pen.text(WINDOW_LEFT, y, text, font=font, size=10)
            y = refs_top
            for prefix, value, kind in refs:
                y -= 12
                pen.text(a4.LEFT, y, prefix, size=9, color=MUTED)
                pen.text(a4.LEFT + text_width(prefix, FONT, 9), y, value, font=FONT_BOLD, size=9)
        else:
            a4.draw_continuation_header(pen, issuer, layout.continuation,
                                        f"Famille : {layout.party.family_name}",
                                        duplicate=layout.duplicate)
        a4.draw_footer(pen, legal, layout.footer_label, number, total)

    extra = None
    if layout.slip is not None:
        slip = layout.slip
        extra = lambda pen, _y: slip(pen, bottom + 2 * mm)  # noqa: E731 - anchored above the footer
    draw_pages(pen, pages, chrome, extra)
    return len(pages)


# --- the invoice itself -----------------------------------------------------------------------


def _paid_stamp(doc: InvoiceDocument) -> Callable[[TextPen, float], None]:
    last_payment = max((p.date for p in doc.payments), default=None)

    def draw(pen: TextPen, top: float) -> None:
        canvas = pen.canvas
        x, y = a4.LEFT + 6 * mm, top - 2 - STAMP_HEIGHT
        canvas.saveState()
        canvas.setStrokeColor(PAID_GREEN)
        canvas.setLineWidth(2.2)
        canvas.roundRect(x, y, STAMP_WIDTH, STAMP_HEIGHT, 4, stroke=1, fill=0)
        canvas.restoreState()
        pen.text(x + STAMP_WIDTH / 2, y + STAMP_HEIGHT - 26, "PAYÉE", font=FONT_BOLD, size=22,
                 align="center", color=PAID_GREEN)
        if last_payment is not None:
            pen.text(x + STAMP_WIDTH / 2, y + 6, f"le {date_text(last_payment)}", size=8,
                     align="center", color=PAID_GREEN)

    return draw


def _invoice_tail(doc: InvoiceDocument) -> tuple[Block, ...]:
    paid = doc.is_paid
    tail = [amount_row("Total", money(doc.total_cents), bold=True, rule_above=True, size=10,
                       decorate=_paid_stamp(doc) if paid else None)]
    if doc.payments:
        tail.append(amount_row("Règlements reçus :", "", size=8.5, color=MUTED))
        for payment in doc.payments:
            label = f"{date_text(payment.date)} – {payment.mode_label}"
            if payment.reference:
                label += f" (réf. {payment.reference})"
            tail.append(amount_row(label, money(payment.amount_cents), size=9))
    if doc.balance_due_cents >= 0:
        balance = amount_row("Restant dû", money(doc.balance_due_cents), bold=True, rule_above=True,
                             size=10.5, keep_with_next=False)
    else:
        balance = amount_row("Trop-perçu (au crédit de la famille)", money(-doc.balance_due_cents),
                             bold=True, rule_above=True, size=10.5, keep_with_next=False)
    tail.append(balance)
    # The stamp sits beside the totals: make sure the block is at least as tall as the stamp.
    height = sum(block.height for block in tail)
    if paid and height < STAMP_HEIGHT + 6:
        tail[-1].keep_with_next = True
        tail.append(spacer(STAMP_HEIGHT + 6 - height))
    return tuple(tail)


def _slip(doc: InvoiceDocument) -> Callable[[TextPen, float], None]:
    """The payment slip: cut along the dashed line, sent back with the cheque."""

    def draw(pen: TextPen, bottom_y: float) -> None:
        canvas = pen.canvas
        top = bottom_y + SLIP_HEIGHT
        canvas.saveState()
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.7)
        canvas.setDash(4, 3)
        canvas.line(a4.LEFT, top, a4.RIGHT, top)
        canvas.restoreState()
        if has_glyph("\u2702"):
            pen.text(a4.LEFT + 2, top - 3.5, "\u2702", size=11, color=MUTED)
        caption = "Talon à joindre à votre règlement"
        caption_width = text_width(caption, FONT_BOLD, 10) + 12
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(a4.PAGE_WIDTH / 2 - caption_width / 2, top - 6, caption_width, 12, stroke=0, fill=1)
        canvas.setFillColor(INK)
        pen.text(a4.PAGE_WIDTH / 2, top - 3.5, caption, font=FONT_BOLD, size=10, align="center")

        box_top = top - 14
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.8)
        canvas.rect(a4.LEFT, bottom_y, a4.CONTENT_WIDTH, box_top - bottom_y, stroke=1, fill=0)
        canvas.setStrokeColor(INK)
        half = a4.CONTENT_WIDTH / 2
        left_lines = [
            (doc.issuer.collectivite, FONT_BOLD),
            (f"Régie {doc.issuer.regie}", FONT),
            (f"Famille : {doc.family.family_name}", FONT),
        ]
        if doc.family.payer_name:
            left_lines.append((doc.family.payer_name, FONT))
        y = box_top - 4
        for text, font in left_lines:
            for line in wrap(text, font, 9, half - 10 * mm):
                y -= 12
                pen.text(a4.LEFT + 4 * mm, y, line, font=font, size=9)
        x = a4.LEFT + half
        y = box_top - 4
        rows = [("Facture N°", doc.number), ("Date", date_text(doc.issue_date))]
        if doc.debt_reference:
            rows.append(("Référence de la dette", doc.debt_reference))
        if doc.due_date is not None:
            rows.append(("À régler avant le", date_text(doc.due_date)))
        for label, value in rows:
            y -= 12
            pen.text(x, y, f"{label} :", size=9, color=MUTED)
            pen.text(a4.RIGHT - 4 * mm, y, value, font=FONT_BOLD, size=9, align="right")
        y -= 18
        pen.text(x, y, "Montant dû :", font=FONT_BOLD, size=11)
        pen.text(a4.RIGHT - 4 * mm, y, money(doc.balance_due_cents), font=FONT_BOLD, size=12, align="right")
        y -= 16
        pen.text(x, y, "Montant réglé :", size=9, color=MUTED)
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.5)
        canvas.setDash(1, 2)
        canvas.line(x + 25 * mm, y - 2, a4.RIGHT - 4 * mm, y - 2)
        canvas.setDash()
        canvas.setStrokeColor(INK)

    return draw


def _invoice_layout(doc: InvoiceDocument) -> BusinessLayout:
    meta = [("N°", doc.number), ("Date", date_text(doc.issue_date))]
    references = [("Famille", doc.family.family_name)]
    if doc.debt_reference:
        references.append(("Référence de la dette", doc.debt_reference))
    if doc.due_date is not None and doc.balance_due_cents > 0:
        references.append(("À régler avant le", date_text(doc.due_date)))
    return BusinessLayout(
        issuer=doc.issuer,
        title="FACTURE",
        meta=tuple(meta),
        party=doc.family,
        references=tuple(references),
        lines=tuple(doc.lines),
        tail=_invoice_tail(doc),
        continuation=f"Facture N° {doc.number} (suite)",
        footer_label=f"Facture N° {doc.number}",
        duplicate=doc.duplicate,
        slip=_slip(doc) if doc.balance_due_cents > 0 else None,
    )


def draw_invoice(pen: TextPen, doc: InvoiceDocument) -> int:
    return draw_business_document(pen, _invoice_layout(doc))


def render_invoice(doc: InvoiceDocument) -> bytes:
    """One invoice as an A4 PDF."""
    buffer = io.BytesIO()
    title = f"Facture {doc.number}" + (" (duplicata)" if doc.duplicate else "")
    canvas = a4.new_canvas(buffer, title=title, author=doc.issuer.collectivite)
    draw_invoice(TextPen(canvas), doc)
    canvas.save()
    return buffer.getvalue()


def render_invoices_batch(
    docs: Sequence[InvoiceDocument],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bytes:
    """Many invoices in ONE PDF (each with its own "page x / y").

    ``progress(done, total)`` is called after each invoice; ``cancelled()`` is checked before
    each one and stops the batch with ``RenderCancelled``. One canvas and one pen serve the whole
    batch, so fonts are subset once and the logo is embedded once.
    """
    docs = list(docs)
    total = len(docs)
    buffer = io.BytesIO()
    author = docs[0].issuer.collectivite if docs else ""
    canvas = a4.new_canvas(buffer, title=f"Factures ({total})", author=author)
    pen = TextPen(canvas)
    for done, doc in enumerate(docs):
        if cancelled is not None and cancelled():
            raise RenderCancelled(done, total)
        draw_invoice(pen, doc)
        if progress is not None:
            progress(done + 1, total)
    if not docs:
        canvas.showPage()   # a PDF needs at least one page
    canvas.save()
    return buffer.getvalue()
