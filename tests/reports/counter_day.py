"""A realistic day at the counter, through the services: payments of every mode (a card with its
authorisation, cash with change, a cheque and ANCV vouchers in one checkout, a partial payment by
cheque, ANCV alone), a cash refund and a card refund — then the till is closed. Shared by the tests
of the tickets and of the closing report (and handy to render them and look at them)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from ems_desktop.services import card_payments as cp, cash, checkout, corrections, enrollment
from ems_desktop.services.checkout import CheckoutResult, Tender
from ems_desktop.terminal.fake import FakeTerminal
from tests.helpers import SEED_GROUPS, group_id, make_family


@dataclass(frozen=True)
class CounterDay:
    session_id: uuid.UUID
    card: CheckoutResult            # Berthier, 120,00 € by card
    cash: CheckoutResult            # Dupont-Lefèvre, 80,00 € with 100,00 € handed over
    cheque_ancv: CheckoutResult     # Nguyen, 120,00 € = cheque 70,00 € + ANCV 50,00 €
    partial: CheckoutResult         # Martin, 40,00 € by cheque on 120,00 €
    ancv: CheckoutResult            # Martin again, 30,00 € in ANCV vouchers on what is left
    cash_refund_id: uuid.UUID       # Dupont-Lefèvre: one enrollment cancelled, 40,00 € back in cash
    cash_refund_note: str
    card_refund_id: uuid.UUID       # Berthier: one enrollment cancelled, 40,00 € back on the card
    card_refund_note: str


def enroll(ctx, name: str, count: int = 3):
    family = make_family(ctx, name)
    child = family.children[0]
    return family, [enrollment.enroll(ctx, child.id, group_id(ctx, *g)).id for g in SEED_GROUPS[:count]]


def card_attempt(ctx, family_id, ids, amount):
    return asyncio.run(cp.CardPaymentRunner(ctx, FakeTerminal()).charge(family_id, cp.lines_key(ids), amount))


def a_day_at_the_counter(ctx, clock, session_id: uuid.UUID) -> CounterDay:
    """``ctx`` is an agent who is also régisseur, with ``session_id`` open on its counter."""
    def later() -> None:
        clock.advance(minutes=17)

    berthier, ids = enroll(ctx, "Berthier")
    attempt = card_attempt(ctx, berthier.id, ids, 12000)
    card = checkout.checkout_enrollments(ctx, uuid.uuid4(), berthier.id, ids,
                                         [Tender("card", 12000, card_attempt_id=attempt.id)])
    later()
    dupont, dupont_ids = enroll(ctx, "Dupont-Lefèvre", 2)
    paid_cash = checkout.checkout_enrollments(ctx, uuid.uuid4(), dupont.id, dupont_ids, [Tender("cash", 10000)])
    later()
    nguyen, ids = enroll(ctx, "Nguyen")
    cheque_ancv = checkout.checkout_enrollments(ctx, uuid.uuid4(), nguyen.id, ids, [
        Tender("cheque", 7000, cheque_number="0004521", cheque_bank="Crédit Agricole des Savoie"),
        Tender("ancv", 5000, cheque_number="AN-778812 à AN-778816")])
    later()
    martin, ids = enroll(ctx, "Martin")
    partial = checkout.checkout_enrollments(ctx, uuid.uuid4(), martin.id, ids, [
        Tender("cheque", 4000, cheque_number="1187340", cheque_bank="La Banque Postale")])
    later()
    ancv = checkout.pay_balance(ctx, martin.id, [Tender("ancv", 3000, cheque_number="AN-900101")])
    later()
    cash_refund = corrections.cancel_paid_enrollment(ctx, dupont_ids[1], reason="Déménagement", refund_mode="cash")
    assert cash_refund.refund_payment_id is not None  # a cash refund is paid out at once
    later()
    first_phase = corrections.cancel_paid_enrollment(ctx, card_line(ctx, card), reason="Blessure", refund_mode="card")
    assert first_phase.refund_attempt_id is not None  # a card refund has its attempt
    asyncio.run(cp.CardPaymentRunner(ctx, FakeTerminal()).send(first_phase.refund_attempt_id))
    card_refund = corrections.complete_card_refund(ctx, first_phase.refund_attempt_id)
    assert card_refund.refund_payment_id is not None  # the terminal paid it back
    later()
    cash.close_cash_session(ctx, session_id, {"cash": 8800, "cheque": 11000, "ancv": 8000, "card": 8000},
                            note="Il manque 2,00 € en espèces.")
    return CounterDay(session_id, card, paid_cash, cheque_ancv, partial, ancv, cash_refund.refund_payment_id,
                      cash_refund.credit_note_number, card_refund.refund_payment_id, card_refund.credit_note_number)


def card_line(ctx, result: CheckoutResult) -> uuid.UUID:
    """The enrollment of the card checkout's second line."""
    from ems_desktop.models import Invoice

    with ctx.reading() as s:
        return s.get(Invoice, result.invoice_id).lines[1].enrollment_id
