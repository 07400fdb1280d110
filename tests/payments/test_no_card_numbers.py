"""A card payment leaves only the masked number in the database and the logs."""

from __future__ import annotations

import asyncio
import logging

from ems_desktop.services import card_payments as cp
from ems_desktop.terminal.client import CaisseApIpTerminal
from ems_desktop.terminal.simulator import TerminalSimulator
from tests.card_numbers import files_with_card_numbers
from tests.helpers import make_family


def test_database_file_and_logs_hold_no_full_card_number(ctx, tmp_path, caplog):
    family = make_family(ctx)

    async def pay(card):
        async with TerminalSimulator() as simulator:
            runner = cp.CardPaymentRunner(ctx, CaisseApIpTerminal("127.0.0.1", simulator.port, deadline_s=5))
            task = asyncio.ensure_future(runner.charge(family.id, cp.lines_key([card]), 4000))
            await simulator.wait_for_request(timeout=10)
            simulator.present_card(card)
            return await task

    with caplog.at_level(logging.DEBUG):
        for card in ("4970110000001029", "5100010000000114", "4970110000000401"):
            asyncio.run(pay(card))
    ctx.db.dispose()
    assert all(number not in caplog.text for number in ("4970110000001029", "5100010000000114", "4970110000000401"))
    if ctx.db.url.startswith("sqlite"):
        assert files_with_card_numbers(tmp_path) == []
    # The scanner itself finds a number where there is one.
    probe = tmp_path / "probe.log"
    probe.write_text("carte 4970110000001029")
    try:
        assert files_with_card_numbers(tmp_path)[0][0].name == "probe.log"
    finally:
        probe.unlink()
