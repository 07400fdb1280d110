"""A counter's card refund in a process of its own, stopped (SIGKILL) by the test at one step:

- ``in_transaction``: inside the credit note's transaction (nothing committed yet);
- ``prompting``: the refund sent to the terminal, which waits for the card;
- ``accepted``: the terminal accepted, the money given back not yet recorded.

Usage: python -m tests.payments.refund_child DATABASE_URL PORT ENROLLMENT_ID AGENT_ID COUNTER_ID STAGE
"""

from __future__ import annotations

import asyncio
import sys
import time
import uuid

from ems_desktop.database.engine import Database
from ems_desktop.services import corrections
from ems_desktop.services.card_payments import CardPaymentRunner
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.terminal.client import CaisseApIpTerminal


def say(word: str) -> None:
    print(word, flush=True)


def main(url, port, enrollment_id, agent_id, counter_id, stage) -> None:
    ctx = ServiceContext(Database(url), actor=Actor(uuid.UUID(agent_id), uuid.UUID(counter_id)))
    if stage == "in_transaction":
        original = corrections.take_number  # type: ignore[attr-defined]  # the name corrections imported

        def stalled(*args, **kwargs):
            number = original(*args, **kwargs)
            say("IN_TRANSACTION")
            time.sleep(120)
            return number

        corrections.take_number = stalled  # type: ignore[attr-defined]  # replaced in this child process only
    result = corrections.cancel_paid_enrollment(ctx, uuid.UUID(enrollment_id), reason="Départ", refund_mode="card")
    say("CREDIT_NOTE_WRITTEN")
    runner = CardPaymentRunner(ctx, CaisseApIpTerminal("127.0.0.1", int(port), deadline_s=120))
    assert result.refund_attempt_id is not None  # a card refund has its attempt
    attempt = asyncio.run(runner.send(result.refund_attempt_id))
    assert attempt.accepted, attempt
    say("ACCEPTED")
    time.sleep(120)  # killed here, before complete_card_refund


if __name__ == "__main__":
    main(*sys.argv[1:])
