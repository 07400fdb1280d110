"""The ticket of a checkout on an 80 mm receipt roll, as tall as its content.

One ticket per checkout, however many tenders paid it: the town and its régie, the title
("REÇU DE PAIEMENT", or "REÇU DE REMBOURSEMENT" for money given back), the family and the invoice
or credit note, what was paid (the invoice's lines) or refunded (the credit note's lines), once;
then each tender with its own details — a card as a French card ticket shows it (application,
contract, truncated card number, DEBIT/CREDIT, transaction and authorisation numbers), cash with
the sum handed over and the change, a cheque with its number and bank, ANCV vouchers with their
numbers; then the total and what the invoice still owes ("Reste dû") or "Soldé".

The content is written once, by :func:`lay_out_ticket`, against a small output interface
(:class:`TicketOutput`); the PDF here and the ESC/POS receipt printer (``printing.receipt``) are
two such outputs, so both print the same ticket.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Protocol

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ems_desktop.reports.data import MODE_ANCV, MODE_CARD, MODE_CASH, MODE_CHEQUE, TicketDocument, TicketTender
from ems_desktop.reports.layout import TextPen, text_width, wrap
from ems_desktop.reports.styles import (
    DUPLICATE_RED,
    FONT,
    FONT_BOLD,
    datetime_text,
    ensure_fonts,
    masked_card_number,
    money,
)

__all__ = ["render_ticket", "lay_out_ticket", "TicketOutput", "TICKET_WIDTH"]

TICKET_WIDTH = 80 * mm
MARGIN = 4 * mm
CONTENT = TICKET_WIDTH - 2 * MARGIN

# The text styles of a ticket; each output renders them with its own means (sizes, bold, tall).
NORMAL = "normal"
SMALL = "small"
STRONG = "strong"          # bold, normal size
HEADING = "heading"        # a tender's mode
TITLE = "title"            # REÇU DE PAIEMENT
TOTAL = "total"            # the total paid: the biggest amount
TOWN = "town"
DUPLICATA = "duplicata"


class TicketOutput(Protocol):
    """Where :func:`lay_out_ticket` writes the ticket, line after line."""

    def center(self, text: str, style: str = NORMAL) -> None: ...

    def left(self, text: str, style: str = NORMAL, indent: bool = False) -> None: ...

    def pair(self, label: str, value: str, style: str = NORMAL, indent: bool = False) -> None:
        """Label on the left, value flush right."""

    def rule(self) -> None: ...

    def space(self) -> None: ...


def lay_out_ticket(doc: TicketDocument, out: TicketOutput) -> None:
    """The ticket's content, in printing order."""
    issuer = doc.issuer
    if doc.duplicate:
        out.center("*** DUPLICATA ***", DUPLICATA)
        out.space()
    out.center(issuer.collectivite, TOWN)
    if issuer.regie:
        out.center("Régie", SMALL)
        out.center(issuer.regie, SMALL)
    for line in issuer.address_lines:
        out.center(line, SMALL)
    if issuer.phone:
        out.center(f"Tél. : {issuer.phone}", SMALL)
    out.rule()

    out.center("REÇU DE REMBOURSEMENT" if doc.is_refund else "REÇU DE PAIEMENT", TITLE)
    out.pair("Date", datetime_text(doc.printed_at))
    if doc.family_name:
        out.pair("Famille", doc.family_name)
    if doc.credit_note_number:
        out.pair("Avoir N°", doc.credit_note_number)
    if doc.invoice_numbers:
        out.pair("Facture N°" if len(doc.invoice_numbers) == 1 else "Factures N°", ", ".join(doc.invoice_numbers))
    if doc.debt_reference:
        out.pair("Réf. de la dette", doc.debt_reference)
    out.rule()

    if doc.lines:
        for ticket_line in doc.lines:
            out.left(ticket_line.label, SMALL)
            out.pair(ticket_line.child_name, money(ticket_line.amount_cents), SMALL, indent=True)
        lines_total = sum(ticket_line.amount_cents for ticket_line in doc.lines)
        out.pair("Total de l'avoir" if doc.is_refund else "Total facturé", money(lines_total), STRONG)
        # So that the family can check "Reste dû": what was settled before this checkout.
        if doc.credited_before_cents:
            out.pair("Avoirs", money(-doc.credited_before_cents))
        if doc.paid_before_cents:
            out.pair("Déjà réglé", money(-doc.paid_before_cents))
        out.rule()
    elif doc.is_refund and not doc.credit_note_number:
        out.left("Remboursement du crédit du compte famille.", SMALL)
        out.rule()

    for tender in doc.tenders:
        _lay_out_tender(tender, doc.transaction_type, out)
        out.rule()

    out.pair("Total remboursé" if doc.is_refund else "Total réglé", money(doc.amount_cents), TOTAL)
    if doc.balance_due_cents is not None:
        if doc.balance_due_cents > 0:
            out.pair("Reste dû", money(doc.balance_due_cents), STRONG)
        else:
            out.center("Soldé", STRONG)
    out.rule()
    if doc.agent:
        out.left(f"Agent : {doc.agent}", SMALL)
    out.center("Ticket client – à conserver", SMALL)
    if doc.duplicate:
        out.space()
        out.center("*** DUPLICATA ***", DUPLICATA)


def _lay_out_tender(tender: TicketTender, transaction_type: str, out: TicketOutput) -> None:
    out.center(tender.mode, HEADING)
    if tender.mode == MODE_CARD and tender.card_application:
        out.center(tender.card_application)
    if tender.receipt_number:
        out.pair("Reçu N°", tender.receipt_number)
    if tender.mode == MODE_CARD:
        if tender.merchant_contract:
            out.pair("N° de contrat", tender.merchant_contract)
        if tender.masked_card_number:
            out.pair("N° de carte", masked_card_number(tender.masked_card_number))
        if tender.transaction_number:
            out.pair("N° de transaction", tender.transaction_number)
        if tender.authorisation_number:
            out.pair("N° d'autorisation", tender.authorisation_number)
        # DEBIT / CREDIT is the card terminal's word: on card tenders only.
        out.pair("Type", transaction_type)
    out.pair("Montant", money(tender.amount_cents), STRONG)
    if tender.mode == MODE_CASH:
        if tender.tendered_cents is not None:
            out.pair("Somme remise", money(tender.tendered_cents))
        if tender.change_cents is not None:
            out.pair("Monnaie rendue", money(tender.change_cents))
    if tender.mode == MODE_CHEQUE:
        if tender.cheque_number:
            out.pair("Chèque N°", tender.cheque_number)
        if tender.cheque_bank:
            out.pair("Banque", tender.cheque_bank)
    if tender.mode == MODE_ANCV:
        if tender.cheque_number:
            out.pair("Chèques N°", tender.cheque_number)
        out.left("Chèques vacances : pas de rendu de monnaie.", SMALL)


# --- the PDF output -------------------------------------------------------------------------------

def _text_at(x: float, text: str, font: str, size: float, align: str = "left",
             color: object = None) -> Callable[[TextPen, float], None]:
    """Draws one line of text at ``x`` on the baseline it is given."""
    def draw(pen: TextPen, y: float) -> None:
        pen.text(x, y, text, font=font, size=size, align=align, color=color)
    return draw


_PDF_STYLES = {  # style: (font, size, colour)
    NORMAL: (FONT, 8.0, None),
    SMALL: (FONT, 7.5, None),
    STRONG: (FONT_BOLD, 8.0, None),
    HEADING: (FONT_BOLD, 9.5, None),
    TITLE: (FONT_BOLD, 9.0, None),
    TOTAL: (FONT_BOLD, 11.0, None),
    TOWN: (FONT_BOLD, 10.0, None),
    DUPLICATA: (FONT_BOLD, 10.0, DUPLICATE_RED),
}
INDENT = 3 * mm


class _PdfTicket:
    """A :class:`TicketOutput` that collects drawing steps with their heights, so that the page
    can be cut to the content."""

    def __init__(self) -> None:
        self.steps: list[tuple[float, Callable[[TextPen, float], None]]] = []

    def _line(self, draw: Callable[[TextPen, float], None], size: float) -> None:
        leading = size * 1.3
        self.steps.append((leading, lambda pen, top: draw(pen, top - leading + (leading - size) / 2 + size * 0.2)))

    def center(self, text: str, style: str = NORMAL) -> None:
        font, size, color = _PDF_STYLES[style]
        for line in wrap(text, font, size, CONTENT):
            self._line(_text_at(TICKET_WIDTH / 2, line, font, size, "center", color), size)

    def left(self, text: str, style: str = NORMAL, indent: bool = False) -> None:
        font, size, color = _PDF_STYLES[style]
        shift = INDENT if indent else 0.0
        for line in wrap(text, font, size, CONTENT - shift):
            self._line(_text_at(MARGIN + shift, line, font, size, "left", color), size)

    def pair(self, label: str, value: str, style: str = NORMAL, indent: bool = False) -> None:
        """Label on the left, value on the right; the value drops a line when both don't fit."""
        font, size, _ = _PDF_STYLES[style]
        shift = INDENT if indent else 0.0
        x = MARGIN + shift
        value_width = text_width(value, font, size)
        label_lines = wrap(label, font, size, CONTENT - shift) or ("",)
        if text_width(label_lines[-1], font, size) + value_width + 6 <= CONTENT - shift:
            for line in label_lines[:-1]:
                self._line(_text_at(x, line, font, size), size)
            last = label_lines[-1]

            def label_and_value(pen: TextPen, y: float) -> None:
                pen.text(x, y, last, font=font, size=size)
                pen.text(TICKET_WIDTH - MARGIN, y, value, font=font, size=size, align="right")

            self._line(label_and_value, size)
        else:
            for line in label_lines:
                self._line(_text_at(x, line, font, size), size)
            for line in wrap(value, font, size, CONTENT):
                self._line(_text_at(TICKET_WIDTH - MARGIN, line, font, size, "right"), size)

    def rule(self) -> None:
        def draw(pen: TextPen, top: float) -> None:
            canvas = pen.canvas
            canvas.saveState()
            canvas.setDash(2, 2)
            canvas.setLineWidth(0.5)
            canvas.line(MARGIN, top - 4, TICKET_WIDTH - MARGIN, top - 4)
            canvas.restoreState()

        self.steps.append((8.0, draw))

    def space(self) -> None:
        self.steps.append((3.0, lambda pen, top: None))

    @property
    def height(self) -> float:
        return sum(height for height, _ in self.steps)


def render_ticket(doc: TicketDocument) -> bytes:
    """The ticket as a one-page PDF, 80 mm wide, its height fitted to the content."""
    ensure_fonts()
    builder = _PdfTicket()
    lay_out_ticket(doc, builder)
    height = builder.height + 2 * MARGIN
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(TICKET_WIDTH, height), pageCompression=1)
    canvas.setTitle(f"Reçu {', '.join(doc.receipt_numbers)}".strip() + (" (duplicata)" if doc.duplicate else ""))
    canvas.setAuthor(doc.issuer.collectivite)
    canvas.setCreator("EMS Desktop")
    pen = TextPen(canvas)
    top = height - MARGIN
    for step_height, draw in builder.steps:
        draw(pen, top)
        top -= step_height
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
