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
from ems_desktop.services.errors import DomainError
from ems_desktop.terminal.simulator import TerminalSimulator
from tests.helpers import make_family, ticket_time_of

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

    cp.settle(restarted, attempt_id, accepted=True, authorisation="123456",
              ticket_time=ticket_time_of(restarted, attempt_id), card_last_digits="1029")
    with pytest.raises(DomainError):  # « Ce paiement a déjà été réglé »
        cp.settle(restarted, attempt_id, accepted=True, authorisation="123456",
                  ticket_time=ticket_time_of(restarted, attempt_id))
    with pytest.raises(cp.CardChargeBlocked) as blocked:
        cp.open_attempt(restarted, family.id, key, 12000)
    assert "ne faites pas payer une seconde fois" in blocked.value.message
    assert attempt_states(restarted) == [(attempt_id, AttemptState.ACCEPTED)]


def test_another_counters_start_up_leaves_a_running_payment_to_complete(ctx):
    """Counter A (its own process) waits for the customer's card; counter B starts on the same
    database meanwhile: A's attempt is not touched, and the terminal's "accepted" is recorded by A
    with its authorisation."""
    from ems_desktop.services import agents
    from ems_desktop.services.context import Actor

    family = make_family(ctx)
    key = cp.lines_key(["lise-vtt"])
    counter_b = agents.create_counter(ctx, code="GYM", name="Accueil Gymnase", number_prefix="B02")

    async def scenario():
        async with TerminalSimulator() as simulator:
            child = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.payments.card_child", ctx.db.url, str(simulator.port),
                str(family.id), key, str(ctx.actor.counter_id), cwd=ROOT, env={**os.environ},
                stdout=asyncio.subprocess.PIPE)
            await simulator.wait_for_request(timeout=30)
            later = ServiceContext(ctx.db, actor=Actor(None, counter_b.id), clock=lambda: utc_now() + cp.STALE_AFTER)
            touched = await asyncio.to_thread(cp.recover_interrupted, later)  # counter B's start-up
            simulator.present_card("4970110000001029")
            out, _ = await child.communicate()
            return touched, out.decode().split()

    touched, (state, authorisation) = asyncio.run(scenario())
    assert touched == []
    assert state == AttemptState.ACCEPTED and authorisation
    [(attempt_id, recorded)] = attempt_states(ctx)
    assert recorded == AttemptState.ACCEPTED and cp.get_attempt(ctx, attempt_id).authorisation == authorisation


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_while_the_terminal_prompts_then_the_lines_cannot_be_paid_twice(ctx):
    """The application is killed while the customer is at the terminal: after restart the attempt
    is in doubt and blocks a cash payment of the same lines; settled as accepted from the ticket,
    it pays them once, and they cannot be paid again in any mode."""
    import uuid as uuid_module

    from ems_desktop.paths import CATALOGS
    from ems_desktop.services import agents, cash, catalog, checkout, enrollment
    from ems_desktop.services.checkout import Tender
    from ems_desktop.services.context import Actor
    from ems_desktop.services.errors import DomainError
    from tests.helpers import SEED_GROUPS, group_id

    catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv")
    agent = agents.create_agent(ctx, login="c.martin", display_name="Claire Martin", password="Velo-rouge-73",
                                roles=["agent", "regisseur"])
    acting = ctx.as_actor(Actor(agent.id, ctx.actor.counter_id))
    family = make_family(acting)
    ids = [enrollment.enroll(acting, family.children[0].id, group_id(acting, *g)).id for g in SEED_GROUPS]

    async def scenario():
        async with TerminalSimulator() as simulator:
            child = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.payments.card_child", ctx.db.url, str(simulator.port), str(family.id),
                cp.lines_key(ids), str(ctx.actor.counter_id), *map(str, ids), cwd=ROOT, env={**os.environ})
            await simulator.wait_for_request(timeout=30)  # the customer is at the terminal
            child.send_signal(signal.SIGKILL)
            await child.wait()

    asyncio.run(scenario())
    # Restarted after the terminal's deadline; the holds still run on the restarted clock.
    restarted = ServiceContext(ctx.db, actor=acting.actor, clock=lambda: ctx.clock() + cp.STALE_AFTER)
    cash.open_cash_session(restarted, 0)
    later = ServiceContext(ctx.db, actor=acting.actor, clock=lambda: utc_now() + cp.STALE_AFTER)
    [in_doubt] = cp.recover_interrupted(later)
    with pytest.raises(DomainError) as blocked:
        checkout.checkout_enrollments(restarted, uuid_module.uuid4(), family.id, ids, [Tender("cash", 12000)])
    assert "réglez-le depuis l'Accueil" in blocked.value.message
    cp.settle(later, in_doubt.id, accepted=True, authorisation="654321", ticket_time=ticket_time_of(later, in_doubt.id))
    paid = checkout.complete_card_checkout(restarted, in_doubt.id)
    assert checkout.complete_card_checkout(restarted, in_doubt.id).invoice_id == paid.invoice_id
    assert paid.paid_cents == 12000 and paid.invoice_number == "A01-F000001"
    with pytest.raises(DomainError):
        checkout.checkout_enrollments(restarted, uuid_module.uuid4(), family.id, ids, [Tender("cash", 12000)])
    assert cp.attempts_needing_attention(restarted) == []
