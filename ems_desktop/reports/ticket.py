"""The payment ticket on an 80 mm receipt roll, as tall as its content.

For a card payment it carries what a French card ticket shows (mode, card application, date and
time, shop, merchant contract, truncated card number, amount, DEBIT/CREDIT, transaction and
authorisation numbers); for cash the amount tendered and the change; for a cheque its number and
bank. Then what was paid, for which family.
"""

from __future__ import annotations

import io
from typing import Callable

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ems_desktop.reports.data import MODE_ANCV, MODE_CARD, TRANSACTION_CREDIT, TicketDocument
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

__all__ = ["render_ticket", "TICKET_WIDTH"]

TICKET_WIDTH = 80 * mm
MARGIN = 4 * mm
CONTENT = TICKET_WIDTH - 2 * MARGIN
SIZE = 8.0


class _TicketBuilder:
    """Collects drawing steps with their heights, so the page can be cut to the content."""

    def __init__(self) -> None:
        self.steps: list[tuple[float, Callable[[TextPen, float], None]]] = []

    def _line(self, draw: Callable[[TextPen, float], None], size: float) -> None:
        leading = size * 1.3
        self.steps.append((leading, lambda pen, top: draw(pen, top - leading + (leading - size) / 2 + size * 0.2)))

    def center(self, text: str, *, bold: bool = False, size: float = SIZE, color=None) -> None:
        font = FONT_BOLD if bold else FONT
        for line in wrap(text, font, size, CONTENT):
            self._line(lambda pen, y, line=line: pen.text(TICKET_WIDTH / 2, y, line, font=font, size=size,
                                                          align="center", color=color), size)

    def left(self, text: str, *, bold: bool = False, size: float = SIZE, indent: float = 0.0) -> None:
        font = FONT_BOLD if bold else FONT
        for line in wrap(text, font, size, CONTENT - indent):
            self._line(lambda pen, y, line=line: pen.text(MARGIN + indent, y, line, font=font, size=size), size)

    def pair(self, label: str, value: str, *, bold: bool = False, size: float = SIZE,
             indent: float = 0.0) -> None:
        """Label on the left, value on the right; the value drops a line when both don't fit."""
        font = FONT_BOLD if bold else FONT
        x = MARGIN + indent
        value_width = text_width(value, font, size)
        label_lines = wrap(label, font, size, CONTENT - indent) or ("",)
        if text_width(label_lines[-1], font, size) + value_width + 6 <= CONTENT - indent:
            for line in label_lines[:-1]:
                self._line(lambda pen, y, line=line: pen.text(x, y, line, font=font, size=size), size)
            last = label_lines[-1]
            self._line(lambda pen, y: (pen.text(x, y, last, font=font, size=size),
                                       pen.text(TICKET_WIDTH - MARGIN, y, value, font=font, size=size,
                                                align="right")), size)
        else:
            for line in label_lines:
                self._line(lambda pen, y, line=line: pen.text(x, y, line, font=font, size=size), size)
            for line in wrap(value, font, size, CONTENT):
                self._line(lambda pen, y, line=line: pen.text(TICKET_WIDTH - MARGIN, y, line, font=font,
                                                              size=size, align="right"), size)

    def rule(self) -> None:
        def draw(pen: TextPen, top: float) -> None:
            canvas = pen.canvas
            canvas.saveState()
            canvas.setDash(2, 2)
            canvas.setLineWidth(0.5)
            canvas.line(MARGIN, top - 4, TICKET_WIDTH - MARGIN, top - 4)
            canvas.restoreState()

        self.steps.append((8.0, draw))

    def space(self, height: float = 4.0) -> None:
        self.steps.append((height, lambda pen, top: None))

    @property
    def height(self) -> float:
        return sum(height for height, _ in self.steps)


def _build(doc: TicketDocument) -> _TicketBuilder:
    t = _TicketBuilder()
    issuer = doc.issuer
    if doc.duplicate:
        t.center("*** DUPLICATA ***", bold=True, size=10, color=DUPLICATE_RED)
        t.space(2)
    t.center(issuer.collectivite, bold=True, size=10)
    if issuer.regie:
        t.center("Régie", size=7)
        t.center(issuer.regie, size=7.5)
    for line in issuer.address_lines:
        t.center(line, size=7.5)
    if issuer.phone:
        t.center(f"Tél. : {issuer.phone}", size=7.5)
    t.rule()

    refund = doc.transaction_type == TRANSACTION_CREDIT
    t.center("REMBOURSEMENT" if refund else "REÇU DE PAIEMENT", bold=True, size=9)
    if doc.receipt_number:
        t.pair("Reçu N°", doc.receipt_number)
    if doc.credit_note_number:
        t.pair("Avoir N°", doc.credit_note_number)
    t.pair("Date", datetime_text(doc.printed_at))
    t.rule()

    t.center(doc.mode, bold=True, size=9.5)
    is_card = doc.mode == MODE_CARD or bool(doc.masked_card_number or doc.authorisation_number)
    if is_card:
        if doc.card_application:
            t.center(doc.card_application)
        if doc.merchant_contract:
            t.pair("N° de contrat", doc.merchant_contract)
        if doc.masked_card_number:
            t.pair("N° de carte", masked_card_number(doc.masked_card_number))
        if doc.transaction_number:
            t.pair("N° de transaction", doc.transaction_number)
        if doc.authorisation_number:
            t.pair("N° d'autorisation", doc.authorisation_number)
    t.pair("Type", doc.transaction_type)
    t.space(2)
    t.pair("MONTANT", money(doc.amount_cents), bold=True, size=11)
    t.space(2)
    if doc.tendered_cents is not None:
        t.pair("Somme remise", money(doc.tendered_cents))
    if doc.change_cents is not None:
        t.pair("Monnaie rendue", money(doc.change_cents))
    if doc.cheque_number:
        t.pair("Chèque N°", doc.cheque_number)
    if doc.cheque_bank:
        t.pair("Banque", doc.cheque_bank)
    if doc.mode == MODE_ANCV:
        t.left("Chèques vacances : pas de rendu de monnaie.", size=7.5)
    t.rule()

    if doc.family_name:
        t.pair("Famille", doc.family_name)
    if doc.debt_reference:
        t.pair("Réf. de la dette", doc.debt_reference)
    if doc.lines:
        t.space(2)
        for line in doc.lines:
            t.left(line.label, size=7.5)
            t.pair(line.child_name, money(line.amount_cents), size=7.5, indent=3 * mm)
        t.space(1)
        t.pair("Total remboursé" if refund else "Total réglé", money(doc.amount_cents), bold=True)
    t.rule()
    if doc.agent:
        t.left(f"Agent : {doc.agent}", size=7.5)
    t.center("Ticket client – à conserver", size=7.5)
    if doc.duplicate:
        t.space(2)
        t.center("*** DUPLICATA ***", bold=True, size=10, color=DUPLICATE_RED)
    return t


def render_ticket(doc: TicketDocument) -> bytes:
    """The ticket as a one-page PDF, 80 mm wide, its height fitted to the content."""
    ensure_fonts()
    builder = _build(doc)
    height = builder.height + 2 * MARGIN
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(TICKET_WIDTH, height), pageCompression=1)
    canvas.setTitle(f"Reçu {doc.receipt_number}".strip() + (" (duplicata)" if doc.duplicate else ""))
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
