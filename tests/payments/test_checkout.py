"""Checkout: invoices issued at payment, mixed tenders, partial payments, cash sessions, credit
notes and refunds — and every refusal, with nothing half saved."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from ems_desktop.models import Enrollment, Invoice, NumberSeries, Payment
from ems_desktop.services import card_payments as cp, cash, checkout, corrections, enrollment
from ems_desktop.services.accounts import family_balance
from ems_desktop.services.checkout import Tender
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.terminal.client import Outcome
from ems_desktop.terminal.fake import FakeTerminal
from tests.helpers import SEED_GROUPS, card_attempt, group_id, make_family


def statuses(ctx, ids):
    with ctx.reading() as s:
        return [s.get(Enrollment, i).status for i in ids]


def test_the_seed_payment_by_card(agent_ctx, recap, till):
    family, ids = recap
    attempt = card_attempt(agent_ctx, family.id, ids, 12000)
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                           [Tender("card", 12000, card_attempt_id=attempt.id)])
    assert result.invoice_number == "A01-F000001" and result.total_cents == 12000 and result.paid_cents == 12000
    assert result.family_balance_cents == 0 and result.change_cents == 0
    [payment] = result.payments
    assert payment.mode == "card" and payment.card_authorisation == attempt.authorisation != ""
    assert payment.card_masked_pan == attempt.masked_pan and "######" in payment.card_masked_pan
    assert payment.receipt_number == "A01-R000001"
    assert statuses(agent_ctx, ids) == ["confirmed"] * 3
    with agent_ctx.reading() as s:
        invoice = s.get(Invoice, result.invoice_id)
        assert [(line.label, line.child_name, line.amount_cents) for line in invoice.lines] == [
            ("EMS 2017/2018 1er trim. - Du 20/09/2017 au 06/12/2017", "Lise-Roxelane Berthier", 4000),
            ("EMS 2017/2018 2ème trim. - Du 10/01/2018 au 28/03/2018", "Lise-Roxelane Berthier", 4000),
            ("EMS 2017/2018 3ème trim. - Du 04/04/2018 au 27/06/2018", "Lise-Roxelane Berthier", 4000)]
        assert invoice.debt_reference == "20170621xA01x1"
    assert cp.get_attempt(agent_ctx, attempt.id).payment_id == payment.id
    assert cash.current_cash_session(agent_ctx).total("card").amount_cents == 12000


def test_card_and_cash_with_change(agent_ctx, recap, till):
    family, ids = recap
    attempt = card_attempt(agent_ctx, family.id, ids, 5000)
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [
        Tender("cash", 10000), Tender("card", 5000, card_attempt_id=attempt.id)])
    assert result.paid_cents == 12000 and result.change_cents == 3000
    cash_payment = next(p for p in result.payments if p.mode == "cash")
    assert (cash_payment.tendered_cents, cash_payment.amount_cents, cash_payment.change_cents) == (10000, 7000, 3000)
    session = cash.current_cash_session(agent_ctx)
    assert session.total("cash").expected_cents == 5000 + 7000


def test_cheque_needs_its_number(agent_ctx, recap, till):
    family, ids = recap
    with pytest.raises(ValidationFailed) as err:
        checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cheque", 12000)])
    assert err.value.errors == {"tenders.0.cheque_number": "Le numéro du chèque est obligatoire."}
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                           [Tender("cheque", 12000, cheque_number="0001234",
                                                   cheque_bank="Crédit Agricole")])
    assert result.payments[0].cheque_number == "0001234" and result.invoice_number == "A01-F000001"


def test_ancv_gives_no_change(agent_ctx, recap, till):
    family, ids = recap
    with pytest.raises(ValidationFailed) as err:
        checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("ancv", 15000)])
    assert err.value.errors["tenders.0.amount"] == (
        "Les chèques vacances ne rendent pas la monnaie : 120,00\xa0€ au plus.")
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                           [Tender("ancv", 10000), Tender("cash", 2000)])
    assert result.paid_cents == 12000 and result.change_cents == 0


def test_partial_payment_leaves_a_balance_paid_later(agent_ctx, recap, till):
    family, ids = recap
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 5000)])
    assert result.invoice_balance_cents == 7000 and result.family_balance_cents == 7000
    assert family_balance(agent_ctx, family.id).due_cents == 7000
    assert [d.owed_cents for d in checkout.family_due_invoices(agent_ctx, family.id)] == [7000]
    with pytest.raises(ValidationFailed) as err:
        checkout.pay_balance(agent_ctx, family.id, [Tender("cheque", 8000, cheque_number="77")])
    assert err.value.errors["tenders.0.amount"] == "Le montant dépasse le reste à payer (70,00\xa0€)."
    paid = checkout.pay_balance(agent_ctx, family.id, [Tender("cheque", 7000, cheque_number="77")])
    assert paid.family_balance_cents == 0 and checkout.family_due_invoices(agent_ctx, family.id) == []


def test_a_balance_payment_reports_what_it_took_and_is_taken_once_per_request(agent_ctx, recap, till):
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 2500)])
    key = uuid.uuid4()
    paid = checkout.pay_balance(agent_ctx, family.id, [Tender("cash", 3000)], request_id=key)
    # What this payment took (30,00 €), not the invoice's cumulated payments (55,00 €).
    assert (paid.total_cents, paid.paid_cents, paid.family_balance_cents) == (9500, 3000, 6500)
    assert [p.amount_cents for p in paid.payments] == [3000]
    again = checkout.pay_balance(agent_ctx, family.id, [Tender("cash", 3000)], request_id=key)
    assert again.paid_cents == 3000 and again.payments == paid.payments
    assert family_balance(agent_ctx, family.id).due_cents == 6500
    with agent_ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 2
    other = checkout.pay_balance(agent_ctx, family.id, [Tender("cash", 5000)], request_id=uuid.uuid4())
    assert (other.paid_cents, other.family_balance_cents) == (5000, 1500)


def test_invoice_without_payment(agent_ctx, recap):
    family, ids = recap
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [])
    assert result.paid_cents == 0 and result.family_balance_cents == 12000
    assert statuses(agent_ctx, ids) == ["confirmed"] * 3


@pytest.mark.parametrize("tender, key, message", [
    (Tender("cash", 0), "tenders.0.amount", "Montant invalide : saisissez un montant d'au moins 0,01 €."),
    (Tender("cash", -4000), "tenders.0.amount", "Montant invalide : il ne peut pas être négatif."),
    (Tender("cash", 12.345), "tenders.0.amount",  # type: ignore[arg-type]  # a float on purpose: refused
     "Montant invalide : un montant s'écrit en euros et centimes, deux décimales au plus (ex. 40,00)."),
    (Tender("cash", 100_000_001), "tenders.0.amount", "Montant invalide : 1\u202f000\u202f000,00\xa0€ au plus."),
    (Tender("cheque", 12001, cheque_number="1"), "tenders.0.amount",
     "Le montant dépasse le reste à payer (120,00\xa0€)."),
    (Tender("card", 4000), "tenders.0.amount", "Le paiement par carte doit passer par le terminal."),
])
def test_bad_tenders_are_refused_and_consume_no_number(agent_ctx, recap, till, tender, key, message):
    family, ids = recap
    with pytest.raises(ValidationFailed) as err:
        checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [tender])
    assert err.value.errors[key] == message
    assert statuses(agent_ctx, ids) == ["pending"] * 3
    with agent_ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(Invoice)) == 0
        assert s.scalar(select(func.count()).select_from(Payment)) == 0
        assert s.scalar(select(NumberSeries.next_value).where(NumberSeries.kind == "invoice")) in (None, 1)
    # The next good checkout still takes number 1: no gap.
    assert checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                         [Tender("cash", 12000)]).invoice_number == "A01-F000001"


def test_pressing_pay_twice_makes_one_payment(agent_ctx, recap, till):
    family, ids = recap
    checkout_id = uuid.uuid4()
    first = checkout.checkout_enrollments(agent_ctx, checkout_id, family.id, ids, [Tender("cash", 12000)])
    second = checkout.checkout_enrollments(agent_ctx, checkout_id, family.id, ids, [Tender("cash", 12000)])
    assert first.invoice_id == second.invoice_id
    with agent_ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 1
        assert s.scalar(select(func.count()).select_from(Invoice)) == 1


def test_checkout_without_an_open_cash_session_asks_to_open_one(agent_ctx, recap):
    family, ids = recap
    with pytest.raises(cash.NoOpenCashSession) as err:
        checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 12000)])
    assert "ouvrez-la" in err.value.message
    assert statuses(agent_ctx, ids) == ["pending"] * 3


def test_a_card_attempt_for_other_lines_or_not_accepted_is_refused(agent_ctx, recap, till):
    family, ids = recap
    refused = card_attempt(agent_ctx, family.id, ids, 12000, Outcome.REFUSED)
    with pytest.raises(ValidationFailed):
        checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                      [Tender("card", 12000, card_attempt_id=refused.id)])
    other = card_attempt(agent_ctx, family.id, ids[:1], 12000)
    with pytest.raises(ValidationFailed):
        checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                      [Tender("card", 12000, card_attempt_id=other.id)])
    assert statuses(agent_ctx, ids) == ["pending"] * 3


def test_closing_a_session_with_a_difference(agent_ctx, recap, till):
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                  [Tender("cash", 8000), Tender("cheque", 4000, cheque_number="12")])
    with pytest.raises(ValidationFailed) as err:
        cash.close_cash_session(agent_ctx, till.id, {"cash": 13000})
    assert err.value.errors == {"counted.cheque": "Comptez la caisse : saisissez le total (0,00 s'il n'y a rien).",
                                "counted.card": "Saisissez le total carte imprimé par le terminal (ticket de remise "
                                                "ou de totaux ; 0,00 s'il n'y a rien)."}
    closed = cash.close_cash_session(agent_ctx, till.id, {"cash": 12500, "cheque": 4000, "card": 0},
                                     "Billet de 5 € manquant")
    assert closed.total("cash").expected_cents == 13000 and closed.total("cash").difference_cents == -500
    assert closed.total("cheque").difference_cents == 0 and not closed.is_open
    with pytest.raises(DomainError):
        cash.close_cash_session(agent_ctx, till.id, {"cash": 13000, "cheque": 4000, "card": 0})
    # A closed session takes no more payments: a new one must be opened.
    other = make_family(agent_ctx, "Roux", children=(("Léo", dt.date(2009, 9, 9)),))
    enr = enrollment.enroll(agent_ctx, other.children[0].id, group_id(agent_ctx, *SEED_GROUPS[0]))
    with pytest.raises(cash.NoOpenCashSession):
        checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), other.id, [enr.id], [Tender("cash", 4000)])
    with pytest.raises(DomainError):
        cash.open_cash_session(agent_ctx, -1)


def test_cancelling_a_paid_enrollment_makes_a_credit_note_and_a_refund(agent_ctx, recap, till):
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 12000)])
    preview = corrections.refund_preview(agent_ctx, ids[1])
    assert (preview.credit_cents, preview.refund_cents, preview.original_modes) == (4000, 4000, ("cash",))
    with pytest.raises(ValidationFailed):
        corrections.cancel_paid_enrollment(agent_ctx, ids[1], reason=" ", refund_mode="cash")
    result = corrections.cancel_paid_enrollment(agent_ctx, ids[1], reason="Déménagement", refund_mode="cash")
    assert (result.credit_note_number, result.invoice_number, result.refund_cents) == (
        "A01-AV000001", "A01-F000001", 4000)
    assert statuses(agent_ctx, ids) == ["confirmed", "cancelled", "confirmed"]
    assert family_balance(agent_ctx, family.id).due_cents == 0
    assert cash.current_cash_session(agent_ctx).total("cash").amount_cents == 8000
    with pytest.raises(DomainError):
        corrections.cancel_paid_enrollment(agent_ctx, ids[1], reason="encore", refund_mode="cash")
    # The invoice itself is unchanged.
    with agent_ctx.reading() as s:
        assert s.scalar(select(Invoice.total_cents)) == 12000


def test_credit_kept_on_the_account_and_card_refund(agent_ctx, recap, till):
    family, ids = recap
    attempt = card_attempt(agent_ctx, family.id, ids, 12000)
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                  [Tender("card", 12000, card_attempt_id=attempt.id)])
    kept = corrections.cancel_paid_enrollment(agent_ctx, ids[0], reason="Blessure", refund_mode="credit")
    assert kept.refund_cents == 0 and family_balance(agent_ctx, family.id).due_cents == -4000
    # Phase 1: the credit note and the refund attempt, in one transaction, before the terminal.
    result = corrections.cancel_paid_enrollment(agent_ctx, ids[2], reason="Blessure", refund_mode="card")
    assert result.refund_cents == 4000 and result.credit_note_number == "A01-AV000002"
    assert result.refund_payment_id is None and result.refund_attempt_id is not None
    # Phase 2: the terminal. Phase 3: the money given back, recorded once.
    refund = asyncio.run(cp.CardPaymentRunner(agent_ctx, FakeTerminal()).send(result.refund_attempt_id))
    assert refund.accepted and refund.kind == "refund"
    done = corrections.complete_card_refund(agent_ctx, refund.id)
    assert corrections.complete_card_refund(agent_ctx, refund.id).refund_payment_id == done.refund_payment_id
    assert cash.current_cash_session(agent_ctx).total("card").amount_cents == 8000
