"""The application's checkout in a process of its own, stopped (SIGKILL) by the test after the
terminal accepted and while the invoice's transaction is still open.

Usage: python -m tests.payments.checkout_child DATABASE_URL PORT FAMILY_ID AGENT_ID COUNTER_ID ENROLLMENT_ID...
"""

from __future__ import annotations

import asyncio
import sys
import time
import uuid

from ems_desktop.database.engine import Database
from ems_desktop.services import checkout
from ems_desktop.services.card_payments import CardPaymentRunner, lines_key
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.terminal.client import CaisseApIpTerminal


def main(url, port, family_id, agent_id, counter_id, *enrollment_ids) -> None:
    ctx = ServiceContext(Database(url), actor=Actor(uuid.UUID(agent_id), uuid.UUID(counter_id)))
    ids = [uuid.UUID(i) for i in enrollment_ids]
    runner = CardPaymentRunner(ctx, CaisseApIpTerminal("127.0.0.1", int(port), deadline_s=30))
    attempt = asyncio.run(runner.charge(uuid.UUID(family_id), lines_key(ids), 12000, lines=ids))
    assert attempt.accepted, attempt

    original = checkout._record_payments

    def stalled(*args, **kwargs):
        payments = original(*args, **kwargs)
        print("IN_TRANSACTION", flush=True)  # invoice and payment written, not committed
        time.sleep(120)
        return payments

    checkout._record_payments = stalled
    checkout.checkout_enrollments(ctx, uuid.uuid4(), uuid.UUID(family_id), ids,
                                  [checkout.Tender("card", 12000, card_attempt_id=attempt.id)])


if __name__ == "__main__":
    main(*sys.argv[1:])
