"""The journal's hash chains with several processes at once — two processes on one SQLite file, two
connections (two processes) on PostgreSQL: two processes of the same counter never fork its chain
(one stopped inside its transaction while the other appends, then both freely), and another
counter's process appends to its own chain meanwhile. After each round every chain verifies."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select, update

from ems_desktop.models import ActivityGroup, JournalEntry
from ems_desktop.services import agents, families, journal
from ems_desktop.services.context import Actor
from tests.concurrency.counters import CounterProcess
from tests.helpers import SEED_GROUPS, group_id, real_time_on_the_seed_day

ROUNDS = 15
BIRTH = dt.date(2009, 2, 14)


@pytest.fixture
def town(catalog_2017):
    system = catalog_2017
    agent = agents.create_agent(system, login="c.martin", display_name="Claire Martin", password="Velo-rouge-73",
                                roles=["agent", "regisseur"])
    counter_b = agents.create_counter(system, code="GYM", name="Accueil Gymnase", number_prefix="B02").id
    ctx = system.as_actor(Actor(agent.id, system.actor.counter_id))
    ctx.clock = real_time_on_the_seed_day()  # every process on the same real-time clock
    groups = [group_id(ctx, *g) for g in SEED_GROUPS]
    with ctx.unit_of_work() as uow:  # room for every child of the test
        uow.session.execute(update(ActivityGroup).where(ActivityGroup.id.in_(groups)).values(capacity=1000))
    return ctx, counter_b, groups


def children(ctx, n: int) -> list:
    made = []
    for i in range(n):
        name = "Famille " + "".join(chr(97 + (i // 26 ** k) % 26) for k in range(3))
        view = families.create_family(ctx, families.FamilyInput(
            name=name, guardians=(families.GuardianInput("Claire", name, is_payer=True),),
            children=(families.ChildInput("Lise", name, BIRTH),)))
        made.append(view.children[0].id)
    return made


def assert_chains_hold(ctx, counter_id) -> None:
    assert journal.verify_journal(ctx) == []
    with ctx.reading() as s:
        places = list(s.scalars(select(JournalEntry.chain_seq).where(JournalEntry.counter_id == counter_id)
                                .order_by(JournalEntry.chain_seq)))
    assert places == list(range(1, len(places) + 1))


def test_two_processes_of_one_counter_and_another_counter(town):
    ctx, counter_b, groups = town
    counter_a = ctx.actor.counter_id
    url = ctx.db.url
    postgres = ctx.db.dialect == "postgresql"
    kids = iter(children(ctx, 3 * ROUNDS + 2))
    first = CounterProcess(url, ctx.actor.agent_id, counter_a)
    second = CounterProcess(url, ctx.actor.agent_id, counter_a)
    gym = CounterProcess(url, ctx.actor.agent_id, counter_b)
    try:
        # Each process writes once, so each has its idea of the chain's head.
        for process, group in ((first, groups[0]), (second, groups[1])):
            assert process.call("enroll", child_id=next(kids), group_id=group)["ok"]
        # The first stops inside its transaction (places counted, nothing written); the second
        # appends meanwhile on PostgreSQL (another group: no lock in common), waits on SQLite.
        first.send("enroll", pause="enroll_counted", child_id=next(kids), group_id=groups[0])
        assert first.read() == {"paused": "enroll_counted"}
        second.send("enroll", child_id=next(kids), group_id=groups[1])
        if postgres:
            second_answer = second.read()
            first.go()
            first_answer = first.read()
        else:
            first.go()
            first_answer, second_answer = first.read(), second.read()
        assert first_answer["ok"] and second_answer["ok"], (first_answer, second_answer)
        with ctx.reading() as s:
            place = {name: s.scalar(select(JournalEntry.chain_seq).where(
                JournalEntry.entity_id == uuid.UUID(answer["result"]["enrollment_id"])))
                for name, answer in (("first", first_answer), ("second", second_answer))}
        # PostgreSQL: the second appended while the first was stopped; the first, whose idea of
        # the head was stale, read it again and came next. SQLite: the second waited.
        assert place["first"] == place["second"] + 1 if postgres else place["second"] == place["first"] + 1
        assert_chains_hold(ctx, counter_a)
        # Then freely: both processes of the town hall and the gymnasium's at once.
        for _ in range(ROUNDS - 1):
            first.send("enroll", child_id=next(kids), group_id=groups[0])
            second.send("enroll", child_id=next(kids), group_id=groups[1])
            gym.send("enroll", child_id=next(kids), group_id=groups[2])
            answers = [first.read(), second.read(), gym.read()]
            assert all(a["ok"] for a in answers), answers
            assert_chains_hold(ctx, counter_a)
        with ctx.reading() as s:
            gym_entries = s.scalars(select(JournalEntry.chain_seq).where(JournalEntry.counter_id == counter_b)
                                    .order_by(JournalEntry.chain_seq)).all()
        assert gym_entries == list(range(1, ROUNDS))  # its own chain, from 1
    finally:
        for process in (first, second, gym):
            process.close()
