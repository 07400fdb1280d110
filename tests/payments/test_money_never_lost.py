"""Card payments and refunds that can never be lost or taken twice, and family credit that can
be used: an unsettled card attempt blocks every payment mode for its lines; an accepted debit
always has a way out; card refunds in two phases, SIGKILLed at each step; credit as a tender and
refunded."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import func, select

from ems_desktop.dates import utc_now
from ems_desktop.models import AttemptState, CreditNote, Payment
from ems_desktop.services import card_payments as cp, cash, checkout, corrections
from ems_desktop.services.accounts import family_balance, family_credit
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.terminal.client import Outcome, TerminalResult
from ems_desktop.terminal.fake import FakeTerminal
from tests.helpers import make_family, ticket_time_of
from tests.payments.crash_helpers import served_simulator, start_child

ACCEPTED = TerminalResult(Outcome.ACCEPTED, 12000, "Paiement accepté", True, masked_pan="497011######1029",
                          authorisation="A1B2C3")



def in_doubt_debit(ctx, family_id, ids, amount=12000):
    attempt = cp.open_attempt(ctx, family_id, cp.lines_key(ids), amount, lines=ids)
    cp.mark_sent(ctx, attempt.id)
    return cp.record_answer(ctx, attempt.id, TerminalResult(Outcome.IN_DOUBT, amount, "à vérifier", True))


def count(ctx, model, *where) -> int:
    with ctx.reading() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


# --- An unsettled card attempt blocks every payment mode ---------------------------------------

@pytest.mark.parametrize("tenders", [[Tender("cash", 12000)], [Tender("cheque", 12000, cheque_number="1")], []],
                         ids=["cash", "cheque", "invoice-without-payment"])
def test_an_attempt_in_doubt_blocks_every_mode_for_its_lines(agent_ctx, recap, till, tenders):
    family, ids = recap
    in_doubt_debit(agent_ctx, family.id, ids)
    with pytest.raises(DomainError) as blocked:
        checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, tenders)
    assert "réglez-le depuis l'Accueil (Ctrl+1)" in blocked.value.message
    assert count(agent_ctx, Payment) == 0


def test_an_accepted_but_unrecorded_debit_blocks_a_balance_payment(agent_ctx, recap, till):
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [])  # invoiced, to pay later
    runner = cp.CardPaymentRunner(agent_ctx, FakeTerminal())
    key = checkout.balance_lines_key(agent_ctx, family.id)
    invoice_ids = [d.id for d in checkout.family_due_invoices(agent_ctx, family.id)]
    accepted = asyncio.run(runner.charge(family.id, key, 12000, lines=invoice_ids, lines_kind="invoices"))
    assert accepted.accepted
    with pytest.raises(DomainError) as blocked:
        checkout.pay_balance(agent_ctx, family.id, [Tender("cash", 12000)])
    assert "pas encore enregistré" in blocked.value.message and "Accueil" in blocked.value.message
    # The card tender of that very attempt is what records it.
    paid = checkout.pay_balance(agent_ctx, family.id, [Tender("card", 12000, card_attempt_id=accepted.id)])
    assert paid.paid_cents == 12000 and paid.family_balance_cents == 0


# --- An accepted card debit always has a way out -----------------------------------------------

def test_a_late_accepted_debit_whose_lines_were_paid_in_cash_becomes_family_credit_once(agent_ctx, recap, till, clock):
    family, ids = recap
    attempt = cp.open_attempt(agent_ctx, family.id, cp.lines_key(ids), 12000, lines=ids)
    cp.mark_sent(agent_ctx, attempt.id)
    clock.advance(seconds=cp.STALE_AFTER.total_seconds())
    cp.settle(agent_ctx, attempt.id, accepted=False)  # the agent misread the ticket
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 12000)])
    assert cp.record_answer(agent_ctx, attempt.id, ACCEPTED).accepted  # the terminal had taken the money
    assert attempt.id in [a.id for a in cp.attempts_needing_attention(agent_ctx)]

    kept = checkout.complete_card_checkout(agent_ctx, attempt.id)
    again = checkout.complete_card_checkout(agent_ctx, attempt.id)
    assert kept.kept_as_credit and again.payments == kept.payments
    assert kept.paid_cents == 12000 and kept.family_balance_cents == -12000
    assert family_credit(agent_ctx, family.id) == 12000
    assert count(agent_ctx, Payment, Payment.mode == "card") == 1
    assert cp.attempts_needing_attention(agent_ctx) == []
    # The credit is given back in cash: the account is square, and nothing more can go.
    checkout.refund_family_credit(agent_ctx, family.id, 12000, "cash", reference="Double paiement")
    assert family_credit(agent_ctx, family.id) == 0 and family_balance(agent_ctx, family.id).due_cents == 0
    with pytest.raises(ValidationFailed) as refused:
        checkout.refund_family_credit(agent_ctx, family.id, 100, "cash")
    assert refused.value.errors["amount"].startswith("L'avoir de la famille est de 0,00")


# --- Family credit as a tender ------------------------------------------------------------------

def test_credit_kept_on_the_account_pays_what_is_due_and_the_rest_is_the_net_balance(agent_ctx, recap, till):
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids[:1], [Tender("cash", 4000)])
    corrections.cancel_paid_enrollment(agent_ctx, ids[0], reason="Blessure", refund_mode="credit")
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids[1:], [])  # 80,00 € to pay later
    assert family_credit(agent_ctx, family.id) == 4000
    assert family_balance(agent_ctx, family.id).due_cents == 4000  # net: 80,00 € owed − 40,00 € credit
    with pytest.raises(ValidationFailed) as too_much:
        checkout.pay_balance(agent_ctx, family.id, [Tender("credit", 5000)])
    assert too_much.value.errors["tenders.0.amount"] == "L'avoir de la famille est de 40,00\xa0€ : pas davantage."
    paid = checkout.pay_balance(agent_ctx, family.id, [Tender("credit", 4000), Tender("cash", 4000)])
    assert paid.family_balance_cents == 0 and checkout.family_due_invoices(agent_ctx, family.id) == []
    assert family_credit(agent_ctx, family.id) == 0
    # The credit moved money, took none: the till holds the two 40,00 € cash payments only.
    assert cash.current_cash_session(agent_ctx).total("cash").amount_cents == 8000
    assert [p.receipt_number != "" for p in paid.payments] == [False, True]


def test_credit_pays_new_enrollments_at_checkout(agent_ctx, recap, till):
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids[:1], [Tender("cash", 4000)])
    corrections.cancel_paid_enrollment(agent_ctx, ids[0], reason="Blessure", refund_mode="credit")
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids[1:],
                                           [Tender("credit", 4000), Tender("cheque", 4000, cheque_number="88")])
    assert result.paid_cents == 8000 and result.family_balance_cents == 0


# --- Card refunds: two phases, bound to their credit note ---------------------------------------

def test_a_cheque_paid_line_cannot_be_refunded_onto_a_card(agent_ctx, recap, till):
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cheque", 12000, cheque_number="7")])
    with pytest.raises(ValidationFailed) as refused:
        corrections.cancel_paid_enrollment(agent_ctx, ids[0], reason="Départ", refund_mode="card")
    assert "n'a pas été payée par carte" in refused.value.errors["refund_mode"]
    assert count(agent_ctx, CreditNote) == 0  # nothing written


def test_a_card_refund_is_capped_at_what_cards_paid_on_the_invoice(agent_ctx, recap, till):
    family, ids = recap
    attempt = cp.open_attempt(agent_ctx, family.id, cp.lines_key(ids), 2000, lines=ids)
    cp.mark_sent(agent_ctx, attempt.id)
    cp.record_answer(agent_ctx, attempt.id, TerminalResult(Outcome.ACCEPTED, 2000, "ok", True, authorisation="X1"))
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                  [Tender("card", 2000, card_attempt_id=attempt.id), Tender("cash", 10000)])
    with pytest.raises(ValidationFailed) as capped:
        corrections.cancel_paid_enrollment(agent_ctx, ids[0], reason="Départ", refund_mode="card")
    assert "La carte n'a payé que 20,00" in capped.value.errors["refund_mode"]


def test_a_refund_attempt_completes_only_its_own_credit_note(agent_ctx, till):
    """Family B's card attempt cannot close family A's credit note: a refund attempt is created
    with its credit note and completes that one only; a debit is no refund."""
    a = make_family(agent_ctx, "Berthier")
    b = make_family(agent_ctx, "Durand", children=(("Hugo", a.children[0].birth_date),))
    from ems_desktop.services import enrollment
    from tests.helpers import SEED_GROUPS, group_id

    enrolled = {}
    for family in (a, b):
        e = enrollment.enroll(agent_ctx, family.children[0].id, group_id(agent_ctx, *SEED_GROUPS[0])).id
        pay = cp.open_attempt(agent_ctx, family.id, cp.lines_key([e]), 4000, lines=[e])
        cp.mark_sent(agent_ctx, pay.id)
        cp.record_answer(agent_ctx, pay.id, TerminalResult(Outcome.ACCEPTED, 4000, "ok", True, authorisation="X"))
        checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, [e],
                                      [Tender("card", 4000, card_attempt_id=pay.id)])
        enrolled[family.id] = (e, pay.id)
    refund_a = corrections.cancel_paid_enrollment(agent_ctx, enrolled[a.id][0], reason="Départ", refund_mode="card")
    with pytest.raises(DomainError):
        corrections.complete_card_refund(agent_ctx, enrolled[b.id][1])  # a debit of family B
    refunded = asyncio.run(cp.CardPaymentRunner(agent_ctx, FakeTerminal()).send(refund_a.refund_attempt_id))
    done = corrections.complete_card_refund(agent_ctx, refunded.id)
    assert done.credit_note_id == refund_a.credit_note_id
    with agent_ctx.reading() as s:
        refund = s.get(Payment, done.refund_payment_id)
        assert refund.family_id == a.id and refund.amount_cents == -4000
    assert family_balance(agent_ctx, b.id).due_cents == 0


@pytest.fixture
def card_paid(agent_ctx, recap, till):
    """The seed's three enrollments paid 120,00 € by card (an accepted attempt)."""
    family, ids = recap
    attempt = cp.open_attempt(agent_ctx, family.id, cp.lines_key(ids), 12000, lines=ids)
    cp.mark_sent(agent_ctx, attempt.id)
    cp.record_answer(agent_ctx, attempt.id, ACCEPTED)
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                  [Tender("card", 12000, card_attempt_id=attempt.id)])
    return family, ids


def test_a_refused_card_refund_leaves_the_money_as_credit_and_never_refunds_twice(agent_ctx, card_paid):
    family, ids = card_paid
    phase1 = corrections.cancel_paid_enrollment(agent_ctx, ids[0], reason="Départ", refund_mode="card")
    # While the terminal is asked, the 40,00 € are reserved: no cash refund of the same money.
    assert family_credit(agent_ctx, family.id) == 0
    with pytest.raises(DomainError):
        corrections.cancel_paid_enrollment(agent_ctx, ids[0], reason="Départ", refund_mode="cash")
    refused = asyncio.run(cp.CardPaymentRunner(agent_ctx, FakeTerminal(default=Outcome.REFUSED))
                          .send(phase1.refund_attempt_id))
    assert refused.state == AttemptState.REFUSED
    with pytest.raises(DomainError):
        corrections.complete_card_refund(agent_ctx, refused.id)
    assert family_credit(agent_ctx, family.id) == 4000  # not given back: it stays the family's
    checkout.refund_family_credit(agent_ctx, family.id, 4000, "cheque", cheque_number="556677",
                                  reference=phase1.credit_note_number)
    assert family_credit(agent_ctx, family.id) == 0 and family_balance(agent_ctx, family.id).due_cents == 0


# --- SIGKILL at each step of a card refund ------------------------------------------------------

def run_refund_child(ctx, enrollment_id, stage, **simulator_options) -> None:
    wanted = {"in_transaction": "IN_TRANSACTION", "prompting": "CREDIT_NOTE_WRITTEN", "accepted": "ACCEPTED"}[stage]
    with served_simulator(**simulator_options) as (simulator, loop):
        child = start_child("tests.payments.refund_child", ctx.db.url, simulator.port, enrollment_id,
                            ctx.actor.agent_id, ctx.actor.counter_id, stage)
        assert child.stdout is not None  # asked for as a pipe
        for line in child.stdout:
            if line.strip() == wanted:
                break
        if stage == "prompting":  # the terminal has the request and waits for the card
            asyncio.run_coroutine_threadsafe(simulator.wait_for_request(timeout=30), loop).result(timeout=40)
        child.kill()  # SIGKILL
        child.wait(timeout=30)


def restarted(ctx) -> ServiceContext:
    """The counter started again after the terminal's deadline (the child ran on the real clock)."""
    return ServiceContext(ctx.db, actor=ctx.actor, clock=lambda: utc_now() + cp.STALE_AFTER)


def test_killed_inside_the_credit_note_transaction(agent_ctx, card_paid):
    family, ids = card_paid
    run_refund_child(agent_ctx, ids[0], "in_transaction")
    after = restarted(agent_ctx)
    assert cp.recover_interrupted(after) == [] and cp.attempts_needing_attention(after) == []
    assert count(after, CreditNote) == 0  # nothing of it survived
    done = corrections.cancel_paid_enrollment(after, ids[0], reason="Départ", refund_mode="cash")
    assert done.credit_note_number == "A01-AV000001" and done.refund_cents == 4000  # no gap, once


def test_killed_while_the_terminal_prompts_for_the_refund(agent_ctx, card_paid):
    family, ids = card_paid
    run_refund_child(agent_ctx, ids[0], "prompting")
    after = restarted(agent_ctx)
    [recovered] = cp.recover_interrupted(after)
    assert recovered.kind == "refund" and recovered.state == AttemptState.IN_DOUBT
    assert [a.id for a in cp.attempts_needing_attention(after)] == [recovered.id]
    assert family_credit(after, family.id) == 0  # reserved for the refund in doubt
    with pytest.raises(DomainError):
        corrections.cancel_paid_enrollment(after, ids[0], reason="Départ", refund_mode="cash")
    # The terminal's ticket shows the refund was made: settled, then recorded once.
    cp.settle(after, recovered.id, accepted=True, authorisation="R12345",
              ticket_time=ticket_time_of(after, recovered.id))
    done = corrections.complete_card_refund(after, recovered.id)
    assert corrections.complete_card_refund(after, recovered.id).refund_payment_id == done.refund_payment_id
    assert count(after, Payment, Payment.amount_cents < 0) == 1
    assert cp.attempts_needing_attention(after) == [] and family_credit(after, family.id) == 0


def test_killed_after_the_terminal_accepted_the_refund(agent_ctx, card_paid):
    family, ids = card_paid
    run_refund_child(agent_ctx, ids[0], "accepted", auto_card="4970110000001029")
    after = restarted(agent_ctx)
    [item] = cp.attempts_needing_attention(after)
    assert item.kind == "refund" and item.accepted and item.payment_id is None
    done = corrections.complete_card_refund(after, item.id)
    corrections.complete_card_refund(after, item.id)
    assert done.refund_cents == 4000 and count(after, Payment, Payment.amount_cents < 0) == 1
    assert cp.attempts_needing_attention(after) == []
    with pytest.raises(DomainError):
        corrections.cancel_paid_enrollment(after, ids[0], reason="Départ", refund_mode="cash")
    assert family_balance(after, family.id).due_cents == 0


def test_the_refund_ticket_says_remboursement_and_lists_only_the_refunded_line(agent_ctx, card_paid):
    import io

    import pdfplumber

    from ems_desktop.reports import data as doc
    from ems_desktop.services import documents

    family, ids = card_paid
    phase1 = corrections.cancel_paid_enrollment(agent_ctx, ids[1], reason="Départ", refund_mode="card")
    asyncio.run(cp.CardPaymentRunner(agent_ctx, FakeTerminal()).send(phase1.refund_attempt_id))
    done = corrections.complete_card_refund(agent_ctx, phase1.refund_attempt_id)
    ticket = documents.ticket_document(agent_ctx, done.refund_payment_id)
    assert ticket.transaction_type == doc.TRANSACTION_CREDIT and ticket.amount_cents == 4000
    assert ticket.credit_note_number == phase1.credit_note_number and len(ticket.lines) == 1
    with pdfplumber.open(io.BytesIO(documents.ticket_pdf(agent_ctx, done.refund_payment_id))) as pdf:
        text = pdf.pages[0].extract_text()
    assert "REMBOURSEMENT" in text and "REÇU DE PAIEMENT" not in text and "Total remboursé" in text
    assert text.count("EMS 2017/2018") == 1  # the refunded line only, not the whole invoice
    note = documents.credit_note_document(agent_ctx, phase1.credit_note_id)
    assert note.refund_mode == "remboursement sur la carte bancaire"
