"""Two counters on one database, as the concurrency tests (and the outbox's) drive them: a counter
running in a child process (``counter_process.py``), and the shared database set up between rounds
through the services."""

from __future__ import annotations

import datetime as dt
import json
import os
import select
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import update

from ems_desktop.models import ActivityGroup, Enrollment
from ems_desktop.services import agents, cash, checkout, enrollment, families
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor
from tests.helpers import group_id, real_time_on_the_seed_day

ROOT = Path(__file__).resolve().parents[2]
ANSWER_TIMEOUT_S = 60
GROUP = ("EMS-2017-T1", "7/11 ans VTT ou initiation bowling")
BIRTH = dt.date(2009, 2, 14)  # 8 years old on the first day of the 1er trimestre 2017


class CounterProcess:
    """A counter running in a child process (tests/concurrency/counter_process.py)."""

    def __init__(self, url: str, agent_id: uuid.UUID, counter_id: uuid.UUID) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.concurrency.counter_process", url, str(agent_id), str(counter_id)],
            cwd=ROOT, env={**os.environ}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        assert self.process.stdin is not None and self.process.stdout is not None  # both asked for as pipes
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        assert self.read() == {"ready": True}

    def send(self, op: str, pause: str | None = None, **args) -> None:
        self.stdin.write(json.dumps({"op": op, "args": _jsonable(args), "pause": pause}) + "\n")
        self.stdin.flush()

    def go(self) -> None:
        self.stdin.write("go\n")
        self.stdin.flush()

    def answers_within(self, seconds: float) -> bool:
        readable, _, _ = select.select([self.stdout], [], [], seconds)
        return bool(readable)

    def read(self) -> dict:
        if not self.answers_within(ANSWER_TIMEOUT_S):
            raise AssertionError("the counter process did not answer")
        line = self.stdout.readline()
        if not line:
            raise AssertionError(f"the counter process ended (exit {self.process.wait()})")
        return json.loads(line)

    def call(self, op: str, **args) -> dict:
        self.send(op, **args)
        return self.read()

    def kill(self) -> None:
        self.process.kill()  # SIGKILL
        self.process.wait(timeout=30)

    def close(self) -> None:
        if self.process.poll() is None:
            self.stdin.close()
            self.process.wait(timeout=30)


def _jsonable(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _letters(n: int) -> str:
    word = ""
    n += 26
    while n:
        n, r = divmod(n, 26)
        word = chr(65 + r) + word.lower() if word else chr(65 + r)
    return word[0] + word[1:].lower()


class Town:
    """The shared database as the test sets it up between rounds (through the services)."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.group_id = group_id(ctx, *GROUP)
        self.names = iter(range(10_000))
        self.counter_a = ctx.actor.counter_id
        counter_b = agents.create_counter(ctx, code="GYM", name="Accueil Gymnase", number_prefix="B02")
        self.counter_b = counter_b.id
        self.agent_id = ctx.actor.agent_id
        cash.open_cash_session(ctx, 0)
        cash.open_cash_session(ctx.as_actor(Actor(self.agent_id, self.counter_b)), 0)
        self.new_counters = iter(range(1, 1000))

    def family(self, children: int = 1) -> tuple[uuid.UUID, list[uuid.UUID]]:
        name = "Famille " + _letters(next(self.names))
        view = families.create_family(self.ctx, families.FamilyInput(
            name=name, guardians=(families.GuardianInput("Claire", name, is_payer=True),),
            children=tuple(families.ChildInput(f"Enfant {_letters(next(self.names))}", name, BIRTH)
                           for _ in range(children))))
        return view.id, [c.id for c in view.children]

    def group(self, places_left: int) -> uuid.UUID:
        """The group, with its capacity set so that exactly ``places_left`` places remain."""
        places = enrollment.places_left(self.ctx, group_ids=[self.group_id])[self.group_id]
        with self.ctx.unit_of_work() as uow:
            uow.session.execute(update(ActivityGroup).where(ActivityGroup.id == self.group_id)
                                .values(capacity=places.confirmed + places.held + places_left))
        return self.group_id

    def enrolled_family(self, children: int = 1) -> tuple[uuid.UUID, list[uuid.UUID]]:
        """A family whose children each hold a place (pending payment) in the group."""
        family_id, child_ids = self.family(children)
        self.group(children)
        return family_id, [enrollment.enroll(self.ctx, c, self.group_id).id for c in child_ids]

    def invoiced_family(self, paid: bool = True) -> tuple[uuid.UUID, list[uuid.UUID]]:
        family_id, ids = self.enrolled_family()
        tenders = [Tender("cash", 4000)] if paid else []
        checkout.checkout_enrollments(self.ctx, uuid.uuid4(), family_id, ids, tenders)
        return family_id, ids

    def expire_holds(self, ids) -> None:
        with self.ctx.unit_of_work() as uow:
            uow.session.execute(update(Enrollment).where(Enrollment.id.in_(list(ids)))
                                .values(hold_expires_at=uow.now - dt.timedelta(minutes=1)))

    def new_counter(self) -> uuid.UUID:
        n = next(self.new_counters)
        return agents.create_counter(self.ctx, code=f"N{n}", name=f"Guichet {n}", number_prefix=f"N{n:03d}").id


def shared_town(catalog_2017) -> Town:
    """The 2017/2018 catalog, an agent at the counter and its régisseur, a second counter, both
    tills open; on real time moved back to the seed's day."""
    agent = agents.create_agent(catalog_2017, login="c.martin", display_name="Claire Martin", password="Velo-rouge-73",
                                roles=["agent", "regisseur"])
    # Real time in every process: the counters' clocks and the test's must agree on holds.
    ctx = catalog_2017.as_actor(Actor(agent.id, catalog_2017.actor.counter_id))
    ctx.clock = real_time_on_the_seed_day()
    return Town(ctx)
