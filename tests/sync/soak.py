"""The soak test of the sync: a real PostgreSQL, the sync service as a process, three counter
processes working at random through the real services, and a fault-injecting proxy between them.

Each trial: a counter does one to three actions of its day, then syncs through a connection the
proxy may cut (after N bytes either way), reset, black-hole or slow down; about one trial in five
also kills a counter with SIGKILL at a random moment (during its work or its sync), and one in ten
kills the service during a sync. Then the faults stop, every counter syncs until nothing waits, and
the invariants are counted:

- lost: a counter's operation never applied, or a fact of the counter (invoice, payment, credit
  note, cash session) missing on the server;
- duplicated: an operation applied twice, or more facts of a counter on the server than it made;
- gaps: a counter's document numbers on the server not 1, 2, … without a hole, per kind;
- unflagged_oversold: a group with more confirmed children than places and no over-capacity conflict;
- diverged: a replica's shared row different from the server's, or a family balance different.

    python -m tests.sync.soak [--trials 1000] [--seed 7]     (make soak TRIALS=…)

It ends with one line: ``soak: N trials, lost=0, duplicated=0, gaps=0, unflagged_oversold=0, diverged=0``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter as Tally
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, update

from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.database.migrate import upgrade
from ems_desktop.models import (
    ActivityGroup,
    AppliedOp,
    CreditNote,
    Enrollment,
    EnrollmentStatus,
    Invoice,
    OutboxOp,
    Payment,
    SyncConflict,
)
from ems_desktop.models.sync import ConflictKind
from ems_desktop.paths import CATALOGS
from ems_desktop.services import agents, catalog, families
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.sync.server import auth
from ems_desktop.sync.snapshot import load_snapshot, snapshot_lines
from tests.helpers import SHIFT_ENV, real_time_on_the_seed_day, seed_day_shift
from tests.ports import free_port, wait_for_port
from tests.sync.fault_proxy import Fault, FaultProxy

ROOT = Path(__file__).resolve().parents[2]
COUNTERS = (("HDV", "Accueil Hôtel de Ville", "A01"), ("GYM", "Gymnase", "B01"), ("PIS", "Piscine", "C01"))
# The tables whose rows every replica must hold exactly as the server does.
COMPARED = ("families", "guardians", "children", "authorized_pickups", "enrollments", "invoices", "invoice_lines",
            "credit_notes", "credit_note_lines", "payments", "payment_allocations", "cash_sessions",
            "cash_session_counts", "sync_conflicts", "activity_groups")


@dataclass
class SoakResult:
    trials: int
    lost: int = 0
    duplicated: int = 0
    gaps: int = 0
    unflagged_oversold: int = 0
    diverged: int = 0
    faults: int = 0
    counter_kills: int = 0
    service_kills: int = 0
    details: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"soak: {self.trials} trials, lost={self.lost}, duplicated={self.duplicated}, gaps={self.gaps}, "
                f"unflagged_oversold={self.unflagged_oversold}, diverged={self.diverged}")


class Process:
    """A child process spoken to by JSON lines, read with a deadline."""

    def __init__(self, args: list[str]) -> None:
        self.popen = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert self.popen.stdin is not None and self.popen.stdout is not None  # both asked for as pipes
        self.stdin, self.stdout = self.popen.stdin, self.popen.stdout
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def send(self, command: dict) -> None:
        self.stdin.write(json.dumps(command) + "\n")
        self.stdin.flush()

    def read(self, timeout: float = 60.0):
        return self.lines.get(timeout=timeout)

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGKILL)
        self.popen.wait()


class Service:
    """The sync service in its process, restarted on the same port after a kill."""

    popen: subprocess.Popen  # set by start(), which the constructor calls

    def __init__(self, url: str) -> None:
        self.url = url
        self.port = free_port()
        self.start()

    def start(self) -> None:
        self.popen = subprocess.Popen([sys.executable, "-m", "tests.sync.server_process", self.url, str(self.port)],
                                      cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        if not wait_for_port(self.port):
            raise RuntimeError("the sync service did not start")

    def kill(self) -> None:
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait()

    def stop(self) -> None:
        self.popen.terminate()
        try:
            self.popen.wait(10)
        except subprocess.TimeoutExpired:  # a connection the proxy kept open holds the graceful stop
            self.kill()


def _town(url: str, directory: Path) -> tuple[ServiceContext, list[dict]]:
    """The server's database (the 2017 catalog, 24 families, small groups) and three replicas."""
    server = ServiceContext(db=Database(url), clock=real_time_on_the_seed_day())
    made = [agents.create_counter(server, code=code, name=name, number_prefix=prefix)
            for code, name, prefix in COUNTERS]
    server = server.as_actor(Actor(counter_id=made[0].id))
    catalog.import_catalog_file(server, CATALOGS / "2017-2018.csv")
    agent = agents.create_agent(server, login="soak", display_name="Soak", password="Velo-rouge-73",
                                roles=["agent", "regisseur"])
    acting = server.as_actor(Actor(agent_id=agent.id, counter_id=made[0].id))
    for n in range(24):
        name = f"Famille {chr(65 + n)}"
        families.create_family(acting, families.FamilyInput(
            name=name, guardians=(families.GuardianInput("Alex", name, is_payer=True),),
            children=(families.ChildInput("Léa", name, dt.date(2008 + n % 3, 1 + n % 12, 10)),)))
    with server.db.session() as s:  # few places: counters working offline oversell them
        s.execute(update(ActivityGroup).values(capacity=2))
    counters = []
    for counter in made:
        token = auth.enrol(server, auth.issue_enrolment_code(server, counter.id)).token
        path = directory / f"{counter.number_prefix}.sqlite3"
        replica = Database(sqlite_url(path))
        upgrade(replica.engine)
        load_snapshot(replica, snapshot_lines(server.db))
        replica.dispose()
        counters.append({"id": str(counter.id), "prefix": counter.number_prefix, "path": path, "token": token,
                         "agent": str(agent.id)})
    return server, counters


def run_soak(url: str, trials: int, seed: int = 7, log=print) -> SoakResult:
    """``url``: an empty PostgreSQL database for the server."""
    seed_day_shift()  # every process on the same clock, the seed's day
    rng = random.Random(seed)
    directory = Path(tempfile.mkdtemp(prefix="ems-soak-"))
    server_db = Database(url)
    upgrade(server_db.engine)
    server_db.dispose()
    server, counters = _town(url, directory)
    service = Service(url)
    plan = {"faulty": True}

    def next_fault() -> Fault:
        if not plan["faulty"] or rng.random() < 0.35:
            return Fault()
        kind = rng.choice(["cut", "cut", "reset", "blackhole", "latency"])
        return Fault(kind, after=rng.randint(0, 6000), direction=rng.choice(["up", "down"]),
                     delay=rng.uniform(0.01, 0.2))

    proxy = FaultProxy(service.port, next_fault)
    result = SoakResult(trials, details=[])
    processes: dict[int, Process] = {}  # by the counter's index, each once it has started

    def start(i: int) -> Process:
        c = counters[i]
        process = Process(["-m", "tests.sync.soak_counter", str(c["path"]), c["id"], c["agent"], proxy.url,
                           c["token"], str(seed * 100 + i * 7 + rng.randint(0, 10 ** 6))])
        assert process.read() == {"ready": True}
        processes[i] = process
        return process

    try:
        for i in range(len(counters)):
            start(i)
        for trial in range(trials):
            if trial and trial % 100 == 0:
                log(f"  {trial} essais…")
            i = rng.randrange(len(counters))
            counter = processes[i]
            roll = rng.random()
            if roll < 0.2:  # a counter killed at a random moment of its work or of its sync
                counter.send({"op": "work", "n": rng.randint(1, 3)} if rng.random() < 0.3 else {"op": "sync"})
                time.sleep(rng.uniform(0, 0.15))
                counter.kill()
                result.counter_kills += 1
                start(i)
                continue
            counter.send({"op": "work", "n": rng.randint(1, 3)})
            counter.read()
            if roll > 0.65:  # this counter stays offline a while: its work waits in the outbox
                continue
            counter.send({"op": "sync"})
            if roll < 0.3:  # the service killed during a sync
                time.sleep(rng.uniform(0, 0.15))
                service.kill()
                result.service_kills += 1
                service.start()
            counter.read()
        # The network heals: every counter syncs until nothing waits, twice round so all see all.
        plan["faulty"] = False
        for _ in range(3):
            for process in processes.values():
                for _attempt in range(20):
                    process.send({"op": "sync"})
                    answer = process.read()
                    if answer.get("ok") and not answer.get("deferred"):
                        break
        for process in processes.values():
            process.send({"op": "quit"})
            process.popen.wait(30)
        result.faults = proxy.faults_applied
        _count_invariants(server, counters, result)
        return result
    finally:
        for process in processes.values():
            process.kill()
        proxy.stop()
        service.stop()
        server.db.dispose()
        shutil.rmtree(directory, ignore_errors=True)


_NUMBER = re.compile(r"^(.*?)(\d+)$")


def _count_invariants(server: ServiceContext, counters: list[dict], result: SoakResult) -> None:
    from ems_desktop.models import Base

    tables = {t.name: t for t in Base.metadata.sorted_tables}
    with server.reading() as s:
        server_rows = {name: {r["id"]: dict(r) for r in s.execute(select(tables[name])).mappings()}
                       for name in COMPARED}
        applied = Tally(str(c) for c in s.scalars(select(AppliedOp.counter_id)))
        # Gaps: each counter's numbers, per kind, are 1, 2, … n.
        for column in (Invoice.number, CreditNote.number, Payment.receipt_number):
            series: dict[str, list[int]] = {}
            for number in s.scalars(select(column).where(column.is_not(None))):
                assert number is not None  # the rows without a number are left out
                matched = _NUMBER.match(number)
                assert matched is not None, number
                prefix, digits = matched.groups()
                series.setdefault(prefix, []).append(int(digits))
            for prefix, numbers in series.items():
                if sorted(numbers) != list(range(1, len(numbers) + 1)):
                    result.gaps += 1
                    result.details.append(f"gap in {prefix}: {sorted(numbers)[:20]}")
        # Oversold groups must be flagged.
        confirmed = dict(s.execute(select(Enrollment.group_id, func.count()).where(
            Enrollment.status == EnrollmentStatus.CONFIRMED).group_by(Enrollment.group_id)).all())
        flagged = set(s.scalars(select(SyncConflict.group_id).where(SyncConflict.kind == ConflictKind.OVER_CAPACITY)))
        for group_id, capacity in s.execute(select(ActivityGroup.id, ActivityGroup.capacity)):
            if confirmed.get(group_id, 0) > capacity and group_id not in flagged:
                result.unflagged_oversold += 1
                result.details.append(f"group {group_id}: {confirmed[group_id]} for {capacity}, not flagged")
    for counter in counters:
        replica = Database(sqlite_url(counter["path"]))
        try:
            with replica.read() as s:
                made = s.scalars(select(func.count()).select_from(OutboxOp)).one()
                waiting = s.scalars(select(func.count()).select_from(OutboxOp)
                                    .where(OutboxOp.acked_at.is_(None))).one()
                replica_rows = {name: {r["id"]: dict(r) for r in s.execute(select(tables[name])).mappings()}
                                for name in COMPARED}
        finally:
            replica.dispose()
        result.lost += waiting
        if waiting:
            result.details.append(f"{counter['prefix']}: {waiting} operations never applied")
        if applied[counter["id"]] > made:
            result.duplicated += applied[counter["id"]] - made
        # The counter's own facts, all on the server, not more than once.
        for name in ("invoices", "payments", "credit_notes", "cash_sessions"):
            own = {k: v for k, v in replica_rows[name].items() if str(v.get("counter_id")) == counter["id"]}
            on_server = {k: v for k, v in server_rows[name].items() if str(v.get("counter_id")) == counter["id"]}
            missing = set(own) - set(on_server)
            result.lost += len(missing)
            result.duplicated += max(0, len(on_server) - len(own) - len(missing))
            if missing:
                result.details.append(f"{counter['prefix']}: {len(missing)} {name} missing on the server")
        for name in COMPARED:
            mine, theirs = replica_rows[name], server_rows[name]
            different = sum(1 for key in set(mine) | set(theirs) if _plain(mine.get(key)) != _plain(theirs.get(key)))
            if different:
                result.diverged += different
                result.details.append(f"{counter['prefix']}: {different} rows of {name} differ from the server")


def _plain(row: dict | None):
    """A row compared across SQLite and PostgreSQL: times as UTC instants, the rest as is."""
    if row is None:
        return None
    plain = {}
    for key, value in row.items():
        if isinstance(value, dt.datetime):
            value = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
        plain[key] = value
    return plain


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="soak")
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    from sqlalchemy import create_engine

    from tests.pg_server import ThrowawayPostgres

    postgres = ThrowawayPostgres()
    admin = create_engine(postgres.start(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.exec_driver_sql("CREATE DATABASE ems_soak")
        result = run_soak(postgres.url("ems_soak"), args.trials, args.seed,
                          log=lambda text: print(text, file=sys.stderr, flush=True))
    finally:
        admin.dispose()
        postgres.stop()
    for detail in result.details or ():
        print(detail, file=sys.stderr)
    print(f"({result.faults} connexions perturbées, {result.counter_kills} guichets et {result.service_kills} "
          f"services tués)", file=sys.stderr)
    print(result.line(), flush=True)
    clean = not (result.lost or result.duplicated or result.gaps or result.unflagged_oversold or result.diverged)
    return 0 if clean else 1


if __name__ == "__main__":
    os.environ.setdefault(SHIFT_ENV, str((dt.datetime.now(dt.UTC).date() - dt.date(2017, 6, 21)).days))
    sys.exit(main())
