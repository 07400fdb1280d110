"""Credit notes (avoirs): the only way to correct an issued invoice. Same frame as the invoice."""

from __future__ import annotations

from ems_desktop.reports import a4
from ems_desktop.reports.data import REFUND_TO_FAMILY_ACCOUNT, CreditNoteDocument
from ems_desktop.reports.invoice import BusinessLayout, amount_row, draw_business_document
from ems_desktop.reports.layout import TextPen
from ems_desktop.reports.styles import MUTED, date_text, money

__all__ = ["render_credit_note"]


def _tail(doc: CreditNoteDocument):
    refund = doc.refund_mode or REFUND_TO_FAMILY_ACCOUNT
    return (
        amount_row("Total de l'avoir", money(doc.total_cents), bold=True, rule_above=True, size=10.5),
        amount_row(f"Mode de restitution : {refund}", "", size=9, color=MUTED, keep_with_next=False),
    )


def draw_credit_note(pen: TextPen, doc: CreditNoteDocument) -> int:
    layout = BusinessLayout(
        issuer=doc.issuer,
        title="AVOIR",
        meta=(("N°", doc.number), ("Date", date_text(doc.issue_date))),
        party=doc.family,
        references=(
            ("Famille", doc.family.family_name),
            ("Se rapporte à la facture", f"N° {doc.invoice_number} du {date_text(doc.invoice_date)}"),
            ("Motif", doc.reason),
        ),
        lines=tuple(doc.lines),
        tail=_tail(doc),
        continuation=f"Avoir N° {doc.number} (suite)",
        footer_label=f"Avoir N° {doc.number}",
        duplicate=doc.duplicate,
    )
    return draw_business_document(pen, layout)


def render_credit_note(doc: CreditNoteDocument) -> bytes:
    """One credit note as an A4 PDF."""
    title = f"Avoir {doc.number}" + (" (duplicata)" if doc.duplicate else "")
    return a4.render_pdf(lambda pen: draw_credit_note(pen, doc), title=title, author=doc.issuer.collectivite)
