"""A process that charges a card and waits for the terminal — the test kills it mid-way.

Usage: python -m tests.payments.card_child DATABASE_URL PORT FAMILY_ID LINES_KEY COUNTER_ID [ENROLLMENT_ID...]
"""

from __future__ import annotations

import asyncio
import sys
import uuid

from ems_desktop.database.engine import Database
from ems_desktop.services.card_payments import CardPaymentRunner
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.terminal.client import CaisseApIpTerminal


async def main(url: str, port: int, family_id: str, key: str, counter_id: str, *enrollment_ids: str) -> None:
    ctx = ServiceContext(Database(url), actor=Actor(None, uuid.UUID(counter_id)))
    runner = CardPaymentRunner(ctx, CaisseApIpTerminal("127.0.0.1", port, deadline_s=120))
    attempt = await runner.charge(uuid.UUID(family_id), key, 12000, lines=enrollment_ids)
    print(attempt.state, attempt.authorisation, flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:]))
