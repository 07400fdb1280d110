"""SIGKILL after the terminal accepted and before the invoice was committed: on restart exactly one
invoice results once the attempt is settled."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import func, select

from ems_desktop.models import Invoice, Payment
from ems_desktop.services import card_payments as cp, checkout
from ems_desktop.terminal.simulator import TerminalSimulator

ROOT = Path(__file__).resolve().parents[2]


def counts(ctx):
    with ctx.reading() as s:
        return (s.scalar(select(func.count()).select_from(Invoice)),
                s.scalar(select(func.count()).select_from(Payment)))


def test_killed_between_card_acceptance_and_invoice_commit(agent_ctx, recap, till):
    family, ids = recap
    loop = asyncio.new_event_loop()
    simulator = TerminalSimulator(auto_card="4970110000001029")
    loop.run_until_complete(simulator.start())
    serving = threading.Thread(target=loop.run_forever, daemon=True)
    serving.start()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.payments.checkout_child", agent_ctx.db.url, str(simulator.port),
             str(family.id), str(agent_ctx.actor.agent_id), str(agent_ctx.actor.counter_id), *map(str, ids)],
            cwd=ROOT, env={**os.environ}, stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "IN_TRANSACTION"
        child.kill()  # SIGKILL
        child.wait(timeout=30)
    finally:
        asyncio.run_coroutine_threadsafe(simulator.stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        serving.join(timeout=10)

    assert counts(agent_ctx) == (0, 0)  # nothing of the open transaction survived
    [attempt] = cp.attempts_needing_attention(agent_ctx)
    assert attempt.accepted and attempt.payment_id is None  # the money was taken: it must be recorded

    result = checkout.complete_card_checkout(agent_ctx, attempt.id)
    again = checkout.complete_card_checkout(agent_ctx, attempt.id)
    assert again.invoice_id == result.invoice_id
    assert counts(agent_ctx) == (1, 1)
    assert result.total_cents == 12000 and result.paid_cents == 12000 and result.invoice_number == "A01-F000001"
    assert cp.attempts_needing_attention(agent_ctx) == []
