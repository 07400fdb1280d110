"""The cash-session closing report: totals by mode (expected, counted, difference), the
signature boxes of the agent and the régisseur, then the list of payments as an annex."""

from __future__ import annotations

import io

from reportlab.lib.units import mm

from ems_desktop.reports import a4
from ems_desktop.reports.data import CashSessionReport
from ems_desktop.reports.layout import (
    Block,
    Cell,
    Column,
    Part,
    Table,
    TextPen,
    draw_pages,
    paginate,
    spacer,
    wrap,
)
from ems_desktop.reports.styles import (
    ACCENT,
    DUPLICATE_RED,
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    RULE,
    ZEBRA_FILL,
    date_text,
    datetime_text,
    money,
    signed_money,
    time_text,
)

__all__ = ["render_cash_session_report"]

MODE_COLUMNS = (
    Column("Mode de règlement", 62 * mm),
    Column("Nombre", 20 * mm, "right"),
    Column("Attendu", 30 * mm, "right"),
    Column("Compté", 30 * mm, "right"),
    Column("Écart", 32 * mm, "right"),
)
PAYMENT_COLUMNS = (
    Column("Heure", 20 * mm),
    Column("Reçu N°", 30 * mm),
    Column("Famille", 44 * mm),
    Column("Mode", 40 * mm),
    Column("Réf.", 18 * mm),
    Column("Montant", 22 * mm, "right"),
)


def heading(text: str, *, size: float = 11) -> Block:
    height = size * 1.4 + 8

    def draw(pen: TextPen, top: float) -> None:
        pen.text(a4.LEFT, top - size * 1.2 - 4, text, font=FONT_BOLD, size=size, color=ACCENT)

    return Block(height, draw, keep_with_next=True)


def paragraph(text: str, *, size: float = 9, color=None) -> Block:
    lines = wrap(text, FONT, size, a4.CONTENT_WIDTH)
    leading = size * 1.3

    def draw(pen: TextPen, top: float) -> None:
        pen.lines(a4.LEFT, top, lines, size=size, leading=leading, color=color)

    return Block(len(lines) * leading + 4, draw)


def signature_boxes(labels: tuple[tuple[str, str], ...], height: float = 32 * mm) -> Block:
    """Side-by-side boxes to sign by hand, each with its title and the signer's name."""
    gap = 8 * mm
    width = (a4.CONTENT_WIDTH - gap * (len(labels) - 1)) / len(labels)

    def draw(pen: TextPen, top: float) -> None:
        canvas = pen.canvas
        for index, (title, name) in enumerate(labels):
            x = a4.LEFT + index * (width + gap)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.8)
            canvas.rect(x, top - height, width, height, stroke=1, fill=0)
            canvas.setStrokeColor(INK)
            pen.text(x + 3 * mm, top - 12, title, font=FONT_BOLD, size=9)
            if name:
                pen.text(x + 3 * mm, top - 24, wrap(name, FONT, 9, width - 6 * mm)[0], size=9)
            pen.text(x + 3 * mm, top - height + 5, "Date et signature", size=7.5, color=MUTED)

    return Block(height + 4, draw)


def _difference_cell(cents: int) -> Cell:
    if cents == 0:
        return Cell((Part(money(0)),))
    return Cell((Part(signed_money(cents), bold=True, color=DUPLICATE_RED),))


def draw_cash_session_report(pen: TextPen, report: CashSessionReport) -> int:
    issuer = report.issuer
    legal = a4.legal_lines("")
    bottom = a4.body_bottom(legal)
    closed = datetime_text(report.closed_at) if report.closed_at else "session non clôturée"
    meta = (("Guichet", report.counter), ("Agent", report.agent),
            ("Ouverture", datetime_text(report.opened_at)), ("Clôture", closed))
    issuer_bottom = a4.TOP - a4.issuer_header_height(issuer)
    title_bottom = a4.TOP - 20 - 6 - 13 * len(meta) - (8 * mm + 6 if report.duplicate else 0)
    first_top = min(issuer_bottom, title_bottom) - 8 * mm
    next_top = a4.TOP - 36 - (8 * mm if report.duplicate else 0)

    blocks: list[Block] = [
        heading("Synthèse par mode de règlement"),
        paragraph(f"Fonds de caisse à l'ouverture : {money(report.opening_float_cents)}"),
    ]
    modes = Table(MODE_COLUMNS, a4.LEFT, size=9.5)
    for mode in report.modes:
        blocks.append(modes.row((mode.mode, str(mode.payment_count), money(mode.expected_cents),
                                 money(mode.counted_cents), _difference_cell(mode.difference_cents))))
    total_diff = report.counted_cents - report.expected_cents
    blocks.append(modes.row(("Total", str(sum(m.payment_count for m in report.modes)),
                             money(report.expected_cents), money(report.counted_cents),
                             _difference_cell(total_diff)), bold=True))
    if total_diff != 0:
        word = "excédent" if total_diff > 0 else "manquant"
        blocks.append(paragraph(f"Écart de caisse constaté ({word}) : {signed_money(total_diff)}",
                                color=DUPLICATE_RED))
    if report.comment:
        blocks.append(spacer(4))
        blocks.append(paragraph(f"Observations : {report.comment}"))
    blocks.append(spacer(6 * mm, keep_with_next=True))
    blocks.append(signature_boxes((("L'agent", report.agent),
                                   ("Le régisseur", report.regisseur))))
    blocks.append(spacer(4 * mm))
    blocks.append(heading(f"Détail des règlements ({len(report.payments)})"))
    if report.payments:
        detail = Table(PAYMENT_COLUMNS, a4.LEFT, size=8.5, zebra=ZEBRA_FILL)
        for payment in report.payments:
            # A session lasts a day: the time is enough, the date only when it differs.
            when = time_text(payment.at)
            if date_text(payment.at) != date_text(report.opened_at):
                when = f"{date_text(payment.at)[:5]} {when}"
            blocks.append(detail.row((when, payment.receipt_number, payment.family_name, payment.mode,
                                      payment.reference, money(payment.amount_cents))))
        blocks.append(detail.row(("", "", "", "", "Total", money(sum(p.amount_cents for p in report.payments))),
                                 bold=True))
    else:
        blocks.append(paragraph("Aucun règlement pendant cette session.", color=MUTED))

    pages = paginate(blocks, first_top, next_top, bottom)
    footer = f"Clôture {report.counter} – {date_text(report.opened_at)}"

    def chrome(pen: TextPen, number: int, total: int) -> None:
        if number == 1:
            a4.draw_issuer_header(pen, issuer)
            a4.draw_title_block(pen, "CLÔTURE DE CAISSE", meta, duplicate=report.duplicate, size=16)
        else:
            a4.draw_continuation_header(pen, issuer, "Clôture de caisse (suite)",
                                        f"{report.counter} – {report.agent} – {date_text(report.opened_at)}",
                                        duplicate=report.duplicate)
        a4.draw_footer(pen, legal, footer, number, total)

    draw_pages(pen, pages, chrome)
    return len(pages)


def render_cash_session_report(report: CashSessionReport) -> bytes:
    """The closing report of a cash session, A4, to sign and hand to the régisseur."""
    buffer = io.BytesIO()
    title = f"Clôture de caisse {report.counter} {date_text(report.opened_at)}"
    canvas = a4.new_canvas(buffer, title=title, author=report.issuer.collectivite)
    draw_cash_session_report(TextPen(canvas), report)
    canvas.save()
    return buffer.getvalue()
