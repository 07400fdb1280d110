"""The reminder letter (lettre de relance, A4 portrait) for an invoice still owing: the town's
letterhead, the payer's address where the window of a DL envelope shows it, the place and date,
« Objet : relance — facture n° … », a polite text with the invoice's number, date and what is left
to pay, how to pay at the counter, and the régie's signature. One letter a page; a batch is one
PDF with one page per letter.

Fed plain data (``ReminderLetter``); drawn with the same pen, header and footer as the invoices."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.units import mm

from ems_desktop.reports import a4
from ems_desktop.reports.data import Issuer, PartyAddress
from ems_desktop.reports.invoice import WINDOW_BOTTOM, WINDOW_LEFT, WINDOW_TOP, WINDOW_WIDTH
from ems_desktop.reports.layout import TextPen, rule_op, wrap
from ems_desktop.reports.styles import FONT, FONT_BOLD, MUTED, RULE, date_text, money

__all__ = ["ReminderLetter", "render_reminder", "render_reminders"]

BODY_SIZE = 10
BODY_LEADING = 13.5
PARAGRAPH_GAP = 7


@dataclass(frozen=True)
class ReminderLetter:
    """One reminder: the invoice it is about, what is left to pay, to whom and from whom."""

    issuer: Issuer
    family: PartyAddress                  # the payer's name and postal address
    family_reference: str                 # "F-000123"
    invoice_number: str
    issue_date: dt.date
    total_cents: int
    settled_cents: int                    # payments received and credit notes on the invoice
    due_cents: int                        # what is left to pay
    letter_date: dt.date
    debt_reference: str = ""
    place: str = ""                       # "Albertville": « Albertville, le 30/11/2026 »
    previous_reminder_on: dt.date | None = None

    @property
    def subject(self) -> str:
        return f"Objet : relance — facture n° {self.invoice_number}"


def _paragraphs(doc: ReminderLetter) -> list[str]:
    issuer = doc.issuer
    first = (f"Sauf erreur ou omission de notre part, la facture n° {doc.invoice_number} du "
             f"{date_text(doc.issue_date)}, d'un montant de {money(doc.total_cents)}, établie pour les "
             f"activités de l'École Municipale des Sports, n'est pas entièrement réglée à ce jour : il reste "
             f"{money(doc.due_cents)} à payer.")
    if doc.previous_reminder_on is not None:
        first += f" Ce courrier fait suite à notre précédente relance du {date_text(doc.previous_reminder_on)}."
    where = f"au guichet de la régie {issuer.regie}" if issuer.regie else "au guichet de la régie"
    if issuer.address_lines:
        where += f" ({', '.join(issuer.address_lines)})"
    reference = f" et la référence de la dette {doc.debt_reference}" if doc.debt_reference else ""
    how = (f"Nous vous remercions de bien vouloir régler cette somme dans les meilleurs délais {where}, par "
           f"carte bancaire, en espèces ou par chèque libellé à l'ordre du Trésor public, en rappelant le "
           f"numéro de la facture{reference}.")
    return [
        "Madame, Monsieur,",
        first,
        how,
        "Si vous avez effectué ce règlement entre-temps, nous vous prions de ne pas tenir compte de ce "
        "courrier. À défaut de règlement, la somme due sera transmise au comptable public pour recouvrement.",
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
    ]


def _draw_letter(pen: TextPen, doc: ReminderLetter) -> None:
    issuer = doc.issuer
    a4.draw_issuer_header(pen, issuer)
    meta = [("Facture n°", doc.invoice_number)]
    if doc.family_reference:
        meta.append(("Dossier", doc.family_reference))
    a4.draw_title_block(pen, "RELANCE", meta, duplicate=False)

    # The address, where the window of a DL envelope shows it (A4 folded in three).
    y = WINDOW_TOP
    name = doc.family.payer_name or doc.family.family_name
    y = pen.lines(WINDOW_LEFT, y, wrap(name, FONT_BOLD, 10.5, WINDOW_WIDTH), font=FONT_BOLD, size=10.5,
                  leading=13.5)
    if doc.family.payer_name and doc.family.family_name and doc.family.family_name not in doc.family.payer_name:
        y = pen.lines(WINDOW_LEFT, y, wrap(f"Famille {doc.family.family_name}", FONT, 10.5, WINDOW_WIDTH),
                      size=10.5, leading=13.5)
    lines = [line for text in doc.family.address_lines for line in wrap(text, FONT, 10.5, WINDOW_WIDTH)]
    pen.lines(WINDOW_LEFT, y, lines, size=10.5, leading=13.5)

    y = WINDOW_BOTTOM - 4 * mm
    dated = f"{doc.place}, le {date_text(doc.letter_date)}" if doc.place else f"Le {date_text(doc.letter_date)}"
    pen.text(a4.RIGHT, y, dated, size=BODY_SIZE, align="right")
    y -= 12 * mm
    for line in wrap(doc.subject, FONT_BOLD, 11, a4.CONTENT_WIDTH):
        pen.text(a4.LEFT, y, line, font=FONT_BOLD, size=11)
        y -= 14
    y -= 8 * mm

    paragraphs = _paragraphs(doc)
    y = _paragraph(pen, paragraphs[0], y)
    y = _paragraph(pen, paragraphs[1], y)
    y = _summary(pen, doc, y - 2)
    for text in paragraphs[2:]:
        y = _paragraph(pen, text, y)

    # The signature, right of centre, with room to sign.
    y -= 6 * mm
    x = a4.LEFT + a4.CONTENT_WIDTH * 0.55
    pen.text(x, y, "Le régisseur de recettes,", size=BODY_SIZE)
    if issuer.regie:
        for line in wrap(f"Régie {issuer.regie}", FONT, 9, a4.RIGHT - x):
            y -= 12
            pen.text(x, y, line, size=9, color=MUTED)

    legal = a4.legal_lines(issuer.legal_mentions)
    a4.draw_footer(pen, legal, f"Relance — facture n° {doc.invoice_number}", 1, 1)


def _paragraph(pen: TextPen, text: str, y: float) -> float:
    for line in wrap(text, FONT, BODY_SIZE, a4.CONTENT_WIDTH):
        pen.text(a4.LEFT, y, line, size=BODY_SIZE)
        y -= BODY_LEADING
    return y - PARAGRAPH_GAP


def _summary(pen: TextPen, doc: ReminderLetter, y: float) -> float:
    """The invoice in figures, the amounts aligned on the right of a narrow box."""
    left, right = a4.LEFT + 10 * mm, a4.LEFT + 110 * mm
    rows = [(f"Facture n° {doc.invoice_number} du {date_text(doc.issue_date)}", money(doc.total_cents), False)]
    if doc.settled_cents:
        rows.append(("Déjà réglé (règlements et avoirs)", money(doc.settled_cents), False))
    rows.append(("Reste à payer", money(doc.due_cents), True))
    top = y + BODY_LEADING - 3
    pen.literal(rule_op(left, top, right, RULE, 0.6))
    for label, amount, bold in rows:
        font = FONT_BOLD if bold else FONT
        pen.text(left + 2 * mm, y, label, font=font, size=BODY_SIZE)
        pen.text(right - 2 * mm, y, amount, font=font, size=BODY_SIZE, align="right")
        y -= BODY_LEADING + 2
    pen.literal(rule_op(left, y + BODY_LEADING - 3, right, RULE, 0.6))
    return y - PARAGRAPH_GAP - 4


def render_reminders(letters: Iterable[ReminderLetter]) -> bytes:
    """Every letter on a page of its own, in one PDF (an empty batch gives an empty page)."""
    buffer = io.BytesIO()
    letters = list(letters)
    title = (f"Relance — facture n° {letters[0].invoice_number}" if len(letters) == 1
             else f"Lettres de relance ({len(letters)})")
    author = letters[0].issuer.regie if letters else ""
    canvas = a4.new_canvas(buffer, title=title, author=author)
    pen = TextPen(canvas)
    for letter in letters:
        _draw_letter(pen, letter)
        canvas.showPage()
    if not letters:
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_reminder(doc: ReminderLetter) -> bytes:
    """One reminder letter as PDF bytes."""
    return render_reminders([doc])
