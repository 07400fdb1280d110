"""SIGKILL while waiting for the terminal's answer, after the simulator accepted: on restart the
attempt is found in doubt, is settled once, and cannot be charged again."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from ems_desktop.dates import utc_now
from ems_desktop.models import AttemptState, CardAttempt
from ems_desktop.services import card_payments as cp
from ems_desktop.services.context import ServiceContext
from ems_desktop.terminal.simulator import TerminalSimulator
from tests.helpers import make_family

ROOT = Path(__file__).resolve().parents[2]


def attempt_states(ctx):
    with ctx.reading() as s:
        return [(a.id, a.state) for a in s.scalars(select(CardAttempt))]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_while_waiting_for_an_accepted_answer(ctx):
    family = make_family(ctx)
    key = cp.lines_key(["lise-vtt", "lise-arc", "lise-roller"])

    async def scenario():
        # The answer trickles out in small pieces: the process dies before it has read it whole.
        async with TerminalSimulator(chunk_size=4, chunk_delay_s=0.5) as simulator:
            child = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.payments.card_child", ctx.db.url, str(simulator.port),
                str(family.id), key, str(ctx.actor.counter_id), cwd=ROOT, env={**os.environ})
            await simulator.wait_for_request(timeout=30)
            simulator.present_card("4970110000001029")  # the terminal accepts: money taken
            child.send_signal(signal.SIGKILL)
            await child.wait()
            return child.returncode

    assert asyncio.run(scenario()) == -signal.SIGKILL
    [(attempt_id, state)] = attempt_states(ctx)
    assert state == AttemptState.SENT  # written before the request went out

    # Restart, once the terminal's deadline has passed (the child ran on the real clock): what
    # start-up does.
    restarted = ServiceContext(ctx.db, actor=ctx.actor, clock=lambda: utc_now() + cp.STALE_AFTER)
    assert [(a.id, a.state) for a in cp.recover_interrupted(restarted)] == [(attempt_id, AttemptState.IN_DOUBT)]
    with pytest.raises(cp.CardChargeBlocked):
        cp.open_attempt(restarted, family.id, key, 12000)

    cp.settle(restarted, attempt_id, accepted=True, authorisation="123456", card_last_digits="1029")
    with pytest.raises(Exception):
        cp.settle(restarted, attempt_id, accepted=True, authorisation="123456")
    with pytest.raises(cp.CardChargeBlocked) as blocked:
        cp.open_attempt(restarted, family.id, key, 12000)
    assert "ne faites pas payer une seconde fois" in blocked.value.message
    assert attempt_states(restarted) == [(attempt_id, AttemptState.ACCEPTED)]
