"""SIGKILL after the terminal accepted and before the invoice was committed: on restart exactly one
invoice results once the attempt is settled."""

from __future__ import annotations

from sqlalchemy import func, select

from ems_desktop.models import Invoice, Payment
from ems_desktop.services import card_payments as cp, checkout
from tests.payments.crash_helpers import served_simulator, start_child


def counts(ctx):
    with ctx.reading() as s:
        return (s.scalar(select(func.count()).select_from(Invoice)),
                s.scalar(select(func.count()).select_from(Payment)))


def test_killed_between_card_acceptance_and_invoice_commit(agent_ctx, recap, till):
    family, ids = recap
    with served_simulator(auto_card="4970110000001029") as (simulator, _):
        child = start_child("tests.payments.checkout_child", agent_ctx.db.url, simulator.port, family.id,
                            agent_ctx.actor.agent_id, agent_ctx.actor.counter_id, *ids)
        assert child.stdout is not None  # asked for as a pipe
        assert child.stdout.readline().strip() == "IN_TRANSACTION"
        child.kill()  # SIGKILL
        child.wait(timeout=30)

    assert counts(agent_ctx) == (0, 0)  # nothing of the open transaction survived
    [attempt] = cp.attempts_needing_attention(agent_ctx)
    assert attempt.accepted and attempt.payment_id is None  # the money was taken: it must be recorded

    result = checkout.complete_card_checkout(agent_ctx, attempt.id)
    again = checkout.complete_card_checkout(agent_ctx, attempt.id)
    assert again.invoice_id == result.invoice_id
    assert counts(agent_ctx) == (1, 1)
    assert result.total_cents == 12000 and result.paid_cents == 12000 and result.invoice_number == "A01-F000001"
    assert cp.attempts_needing_attention(agent_ctx) == []
