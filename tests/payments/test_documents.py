"""Documents built from real checkouts: the ticket and the invoice read back from their PDFs."""

from __future__ import annotations

import io
import uuid

import pdfplumber

from ems_desktop.services import cash, checkout, corrections, documents
from ems_desktop.services.checkout import Tender
from tests.helpers import card_attempt


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_seed_ticket_and_invoice(agent_ctx, recap, till):
    family, ids = recap
    attempt = card_attempt(agent_ctx, family.id, ids, 12000)
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                           [Tender("card", 12000, card_attempt_id=attempt.id)])
    ticket = pdf_text(documents.ticket_pdf(agent_ctx, result.payments[0].id))
    assert "CARTE BANCAIRE" in ticket and "120,00" in ticket and attempt.authorisation in ticket
    assert attempt.masked_pan in ticket.replace(" ", "") or attempt.masked_pan[-4:] in ticket
    assert "20170621xA01x1" in ticket and "Berthier" in ticket
    invoice = pdf_text(documents.invoice_pdf(agent_ctx, result.invoice_id))
    assert "A01-F000001" in invoice and "EMS 2017/2018 1er trim. - Du 20/09/2017 au" in invoice  # the label wraps
    assert "120,00" in invoice and "PAYÉE" in invoice and "DUPLICATA" not in invoice
    assert "DUPLICATA" in pdf_text(documents.invoice_pdf(agent_ctx, result.invoice_id, duplicate=True))


def test_credit_note_and_cash_report(agent_ctx, recap, till):
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 15000)])
    note = corrections.cancel_paid_enrollment(agent_ctx, ids[0], reason="Déménagement", refund_mode="cash")
    text = pdf_text(documents.credit_note_pdf(agent_ctx, note.credit_note_id))
    assert "AVOIR" in text.upper() and "A01-AV000001" in text and "A01-F000001" in text and "Déménagement" in text
    cash.close_cash_session(agent_ctx, till.id, {"cash": 13000, "cheque": 0, "card": 0})
    report = pdf_text(documents.cash_session_pdf(agent_ctx, till.id))
    assert "130,00" in report and "ESPÈCES" in report
