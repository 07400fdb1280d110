"""A counter of the soak test, in a process of its own (so that it can be killed with SIGKILL): it
works on its SQLite replica through the real services, with its outbox, and syncs through the
fault proxy when told. One JSON command per line on its standard input, one JSON answer per line.

    {"op": "work", "n": 3}   three random actions of a counter's day (refusals are part of it)
    {"op": "sync"}           push, then pull (each request may be cut by the proxy)
    {"op": "quit"}

Usage: python -m tests.sync.soak_counter REPLICA COUNTER_ID AGENT_ID SERVICE_URL TOKEN SEED
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from pathlib import Path

import httpx
from sqlalchemy import select

from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.models import Child, Enrollment, EnrollmentStatus, Family
from ems_desktop.models.catalog import ActivityGroup
from ems_desktop.services import cash, checkout, corrections, enrollment, families
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.services.errors import DomainError
from ems_desktop.sync.client import SyncClient, SyncRefused, SyncUnavailable
from tests.helpers import SEED_GROUPS, real_time_on_the_seed_day


def say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


class SoakCounter:
    def __init__(self, replica: str, counter_id: str, agent_id: str, url: str, token: str, seed: int) -> None:
        self.ctx = ServiceContext(db=Database(sqlite_url(Path(replica))), clock=real_time_on_the_seed_day(),
                                  outbox=True).as_actor(Actor(uuid.UUID(agent_id), uuid.UUID(counter_id)))
        self.random = random.Random(seed)
        self.http = httpx.Client(base_url=url, timeout=httpx.Timeout(3.0))
        self.client = SyncClient(self.ctx, self.http, token)

    # --- a counter's day ---------------------------------------------------------------------------
    def work(self, n: int) -> dict:
        done, refused = 0, 0
        actions = [(self.enroll, 35), (self.checkout, 25), (self.edit, 10), (self.pay_balance, 8),
                   (self.cancel_pending, 6), (self.credit_note, 6), (self.new_family, 10)]
        for _ in range(n):
            action = self.random.choices([a for a, _ in actions], [w for _, w in actions])[0]
            try:
                if cash.current_cash_session(self.ctx) is None:
                    cash.open_cash_session(self.ctx, 5000)
                action()
                done += 1
            except DomainError:
                refused += 1
        return {"done": done, "refused": refused}

    def _pick(self, query):
        with self.ctx.reading() as s:
            rows = list(s.execute(query).all())
        return self.random.choice(rows) if rows else None

    def enroll(self) -> None:
        child = self._pick(select(Child.id))
        # Mostly the seed's three groups, of few places: counters working offline compete for them.
        wanted = select(ActivityGroup.id)
        if self.random.random() < 0.8:
            wanted = wanted.where(ActivityGroup.label.in_([label for _, label in SEED_GROUPS]))
        group = self._pick(wanted)
        if child and group:
            made = enrollment.enroll(self.ctx, child[0], group[0], waiting_list=True)
            if made.status == EnrollmentStatus.PENDING and self.random.random() < 0.6:
                self.checkout(made.child_id)  # the family in front of the agent pays at once

    def _family_of(self, child_id):
        with self.ctx.reading() as s:
            return s.scalar(select(Child.family_id).where(Child.id == child_id))

    def checkout(self, child_id=None) -> None:
        row = ((self._family_of(child_id),) if child_id else
               self._pick(select(Child.family_id).join(Enrollment, Enrollment.child_id == Child.id)
                          .where(Enrollment.status == EnrollmentStatus.PENDING)))
        if row is None:
            return
        pending = [e.id for e in enrollment.enrollments_of_family(self.ctx, row[0])
                   if e.status == EnrollmentStatus.PENDING]
        if not pending:
            return
        mode = self.random.choice(["cash", "cheque", "none"])
        tenders = [] if mode == "none" else [Tender("cash", 100000)] if mode == "cash" else [
            Tender("cheque", self.random.choice([1000, 4000, 12000]), str(self.random.randint(1000000, 9999999)))]
        checkout.checkout_enrollments(self.ctx, uuid.uuid4(), row[0], pending, tenders)

    def pay_balance(self) -> None:
        family = self._pick(select(Family.id))
        if family:
            checkout.pay_balance(self.ctx, family[0], [Tender("cash", self.random.choice([500, 2000, 4000]))],
                                 request_id=uuid.uuid4())

    def edit(self) -> None:
        family = self._pick(select(Family.id))
        if family is None:
            return
        view = families.get_family(self.ctx, family[0])
        note = f"note {self.random.randint(1, 999)}"
        children = tuple(families.ChildInput(c.first_name, c.last_name, c.birth_date, id=c.id,
                                             health_notes=(note if i == 0 else c.health_notes), pickups=c.pickups)
                         for i, c in enumerate(view.children))
        families.update_family(self.ctx, family[0], families.FamilyInput(
            name=view.name, guardians=view.guardians, children=children, address_line1=view.address_line1,
            postal_code=view.postal_code, city=self.random.choice(["Albertville", "Ugine", "Gilly-sur-Isère"]),
            phone=view.phone, email=view.email))

    def cancel_pending(self) -> None:
        row = self._pick(select(Enrollment.id).where(Enrollment.status.in_(
            (EnrollmentStatus.PENDING, EnrollmentStatus.WAITING))))
        if row:
            enrollment.cancel_enrollment(self.ctx, row[0], "Annulée au guichet")

    def credit_note(self) -> None:
        row = self._pick(select(Enrollment.id).where(Enrollment.status == EnrollmentStatus.CONFIRMED))
        if row:
            corrections.cancel_paid_enrollment(self.ctx, row[0], reason="Déménagement", refund_mode="cash")

    def new_family(self) -> None:
        import datetime as dt

        n = self.random.randint(1, 10 ** 6)
        name = "Nouvelle " + "".join(self.random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
        families.create_family(self.ctx, families.FamilyInput(
            name=name, guardians=(families.GuardianInput("Camille", name, is_payer=True),),
            children=(families.ChildInput("Enzo", name, dt.date(2009, 1 + n % 12, 1 + n % 28)),)))

    # --- the sync ---------------------------------------------------------------------------------
    def sync(self) -> dict:
        try:
            pushed = self.client.push()
            pulled = self.client.pull(wait=0)
        except (SyncUnavailable, SyncRefused) as failed:
            return {"ok": False, "error": str(failed)}
        return {"ok": True, "pushed": pushed.acked, "pulled": pulled.applied, "deferred": pulled.deferred}


def main() -> None:
    replica, counter_id, agent_id, url, token, seed = sys.argv[1:7]
    counter = SoakCounter(replica, counter_id, agent_id, url, token, seed=int(seed))
    say({"ready": True})
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "quit":
            break
        if command["op"] == "work":
            say(counter.work(command.get("n", 1)))
        elif command["op"] == "sync":
            say(counter.sync())
    counter.http.close()
    counter.ctx.db.dispose()


if __name__ == "__main__":
    main()
