"""The documents of a realistic day at the counter, built from the database: one ticket per
checkout (PDF and receipt-printer rows), refund receipts, what remains due, the closing report."""

from __future__ import annotations

import re
import uuid

import pytest

from ems_desktop.printing import ticket_rows
from ems_desktop.services import cash, checkout, documents
from ems_desktop.services.checkout import Tender
from ems_desktop.services.errors import DomainError, NotFound
from tests.reports.counter_day import a_day_at_the_counter, enroll
from tests.reports.report_samples import SEED_LABELS, Pdf

TRIMESTERS = tuple(label.split(" - ")[0] for label in SEED_LABELS)   # "EMS 2017/2018 1er trim." …


@pytest.fixture
def day(agent_ctx, clock, till):
    return a_day_at_the_counter(agent_ctx, clock, till.id)


def ids(result) -> list[uuid.UUID]:
    return [p.id for p in result.payments]


def ticket_text(ctx, payment_ids, *, duplicate=False) -> str:
    return Pdf(documents.checkout_ticket_pdf(ctx, payment_ids, duplicate=duplicate)).text


def rows_text(ctx, payment_ids, *, duplicate=False) -> str:
    return "\n".join(row.text for row in ticket_rows(documents.checkout_ticket_document(ctx, payment_ids,
                                                                                         duplicate=duplicate)))


def both_outputs(ctx, payment_ids, **options) -> list[str]:
    """The PDF ticket's text and the receipt printer's rows: they must say the same."""
    return [ticket_text(ctx, payment_ids, **options), rows_text(ctx, payment_ids, **options)]


def test_one_ticket_for_a_cheque_and_ancv_checkout(agent_ctx, day):
    assert len(day.cheque_ancv.payments) == 2
    for text in both_outputs(agent_ctx, ids(day.cheque_ancv)):
        assert text.count("REÇU DE PAIEMENT") == 1
        assert all(text.count(trimester) == 1 for trimester in TRIMESTERS)       # the lines once
        assert re.search(r"Facture N°\s+A01-F000003", text) and "20170621xA01x3" in text
        cheque, ancv = text.index("CHÈQUE\n"), text.index("CHÈQUES VACANCES ANCV")
        assert cheque < ancv
        assert re.search(r"Reçu N°\s+A01-R000003\s+Montant\s+70,00 €\s+Chèque N°\s+0004521\s+"
                         r"Banque\s+Crédit Agricole des Savoie", text[cheque:ancv])
        assert re.search(r"Reçu N°\s+A01-R000004\s+Montant\s+50,00 €\s+Chèques N°\s+AN-778812 à AN-778816",
                         text[ancv:])
        assert "pas de rendu de monnaie" in text
        assert re.search(r"Total réglé\s+120,00 €", text) and "Soldé" in text and "Reste dû" not in text
        assert "DEBIT" not in text and "Type" not in text


def test_a_partial_payment_says_what_remains_due_also_on_a_later_duplicata(agent_ctx, day):
    partial, ancv = ids(day.partial), ids(day.ancv)
    for text in both_outputs(agent_ctx, partial):
        assert re.search(r"Total réglé\s+40,00 €", text) and re.search(r"Reste dû\s+80,00 €", text)
        assert "Soldé" not in text and "Déjà réglé" not in text
    # The balance payment that followed: what was paid before, and what is left after it.
    for text in both_outputs(agent_ctx, ancv):
        assert re.search(r"Facture N°\s+A01-F000004", text)
        assert re.search(r"Total facturé\s+120,00 €\s+Déjà réglé\s+-40,00 €", text)
        assert re.search(r"Total réglé\s+30,00 €\s+Reste dû\s+50,00 €", text)
    # Reprinted after the ANCV payment, the first ticket still says what it said then.
    for text in both_outputs(agent_ctx, partial, duplicate=True):
        assert text.count("DUPLICATA") == 2 and re.search(r"Reste dû\s+80,00 €", text)
    assert documents.ticket_document(agent_ctx, partial[0], duplicate=True).balance_due_cents == 8000


def test_full_payments_say_solde(agent_ctx, day):
    for result in (day.card, day.cash, day.cheque_ancv):
        for text in both_outputs(agent_ctx, ids(result)):
            assert "Soldé" in text and "Reste dû" not in text, text


def test_cash_and_cheque_tickets_have_no_card_words(agent_ctx, day):
    for result in (day.cash, day.partial, day.ancv):
        for text in both_outputs(agent_ctx, ids(result)):
            assert "DEBIT" not in text and "CREDIT" not in text and "Type" not in text
            assert "N° de carte" not in text and "autorisation" not in text
    cash = rows_text(agent_ctx, ids(day.cash))
    assert re.search(r"Montant\s+80,00 €\s+Somme remise\s+100,00 €\s+Monnaie rendue\s+20,00 €", cash)


def test_the_card_ticket_keeps_the_card_terminal_details(agent_ctx, day):
    [payment] = day.card.payments
    for text in both_outputs(agent_ctx, ids(day.card)):
        assert re.search(r"Type\s+DEBIT", text) and "N° d'autorisation" in text
        assert payment.card_authorisation in text and payment.card_masked_pan in text
        digits = re.sub(r"\D", "", payment.card_masked_pan)
        assert len(digits) <= 10                    # at most the first 6 and last 4 digits


def test_a_cash_refund_receipt_names_its_credit_note_and_lists_only_its_line(agent_ctx, day):
    for text in both_outputs(agent_ctx, [day.cash_refund_id]):
        assert "REÇU DE REMBOURSEMENT" in text and "REÇU DE PAIEMENT" not in text
        assert re.search(rf"Avoir N°\s+{day.cash_refund_note}", text)
        assert text.count("EMS 2017/2018") == 1 and TRIMESTERS[1] in text   # the cancelled line only
        assert re.search(r"Total de l'avoir\s+40,00 €", text) and re.search(r"Total remboursé\s+40,00 €", text)
        assert "ESPÈCES" in text and "Type" not in text and "DEBIT" not in text
        assert "Reste dû" not in text and "Soldé" not in text


def test_a_card_refund_receipt_says_credit(agent_ctx, day):
    ticket = documents.ticket_document(agent_ctx, day.card_refund_id)
    assert ticket.is_refund and ticket.credit_note_number == day.card_refund_note and ticket.amount_cents == 4000
    assert [line.label.split(" - ")[0] for line in ticket.lines] == [TRIMESTERS[1]]
    for text in both_outputs(agent_ctx, [day.card_refund_id]):
        assert "REÇU DE REMBOURSEMENT" in text and re.search(r"Type\s+CREDIT", text) and "DEBIT" not in text
        assert re.search(rf"Avoir N°\s+{day.card_refund_note}", text) and text.count("EMS 2017/2018") == 1


def test_one_payment_of_a_checkout_alone_is_its_own_ticket(agent_ctx, day):
    """Facturation reprints one payment: the checkout's ticket with this tender only."""
    cheque_id, ancv_id = ids(day.cheque_ancv)
    ticket = documents.ticket_document(agent_ctx, ancv_id, duplicate=True)
    assert ticket.duplicate and [t.receipt_number for t in ticket.tenders] == ["A01-R000004"]
    assert ticket.amount_cents == 5000 and ticket.paid_before_cents == 7000 and ticket.balance_due_cents == 0


def test_payments_of_different_checkouts_are_refused(agent_ctx, day, clock):
    with pytest.raises(DomainError) as families:
        documents.checkout_ticket_document(agent_ctx, ids(day.card) + ids(day.cash))
    assert families.value.message == "Ces règlements sont de familles différentes : un ticket par encaissement."
    with pytest.raises(DomainError) as mixed:
        documents.checkout_ticket_document(agent_ctx, ids(day.card) + [day.card_refund_id])
    assert mixed.value.message == "Un ticket ne mêle pas des règlements et des remboursements."
    # Same family, two checkouts of their own invoices (the next day's till).
    cash.open_cash_session(agent_ctx, 0)
    family, enrollment_ids = enroll(agent_ctx, "Perrin")
    first = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, enrollment_ids[:1],
                                          [Tender("cash", 4000)])
    clock.advance(minutes=3)
    second = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, enrollment_ids[1:],
                                           [Tender("cheque", 8000, cheque_number="55")])
    with pytest.raises(DomainError) as apart:
        documents.checkout_ticket_document(agent_ctx, ids(first) + ids(second))
    assert apart.value.message.startswith("Ces règlements ne viennent pas d'un même encaissement")
    with pytest.raises(DomainError):
        documents.checkout_ticket_document(agent_ctx, [])
    with pytest.raises(NotFound):
        documents.checkout_ticket_document(agent_ctx, [uuid.uuid4()])


def test_the_closing_report_of_the_day(agent_ctx, day):
    pdf = Pdf(documents.cash_session_pdf(agent_ctx, day.session_id))
    text = pdf.text
    annex = text[text.index("Détail des règlements (8)"):].splitlines()

    def row(receipt: str) -> str:
        [line] = [line for line in annex if receipt in line]
        return line

    [card] = day.card.payments
    assert f"autorisation {card.card_authorisation}" in row("A01-R000001")
    assert "n° 0004521" in row("A01-R000003") and "n° AN-778812 à AN-778816" in row("A01-R000004")
    assert "n° 1187340" in row("A01-R000005") and "n° AN-900101" in row("A01-R000006")
    # A cash payment has no other reference than its receipt number, in its own column.
    assert row("A01-R000002").count("A01-R000002") == 1 and re.search(r"ESPÈCES\s+80,00 €", row("A01-R000002"))
    assert re.search(r"ESPÈCES\s+-40,00 €", row("A01-R000007"))
    assert re.search(r"Total\s+310,00 €", text)
    assert re.search(r"ESPÈCES\s+2\s+90,00 €\s+88,00 €\s+-2,00 €", text)
    assert pdf.pages[-1].rstrip().splitlines()[-1].strip() == "Clôture de caisse du 21/06/2017"
    assert not any(line.rstrip().endswith(("–", "-")) for line in text.splitlines())


def test_a_credit_note_says_nothing_of_late_payment(agent_ctx, day):
    """The avoir is owed to the family: the invoice's word on late payment has no place on it."""
    from sqlalchemy import select

    from ems_desktop.models import CreditNote

    with agent_ctx.reading() as s:
        note_id = s.scalar(select(CreditNote.id).where(CreditNote.number == day.cash_refund_note))
    text = Pdf(documents.credit_note_pdf(agent_ctx, note_id)).text
    assert "AVOIR" in text and "retard de paiement" not in text
    assert "Avoir établi en correction de la facture" in text
