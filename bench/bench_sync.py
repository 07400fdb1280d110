"""The sync of offline counters (issue 15's targets), against a throwaway PostgreSQL and the sync
service in its own process, over HTTP on 127.0.0.1:

- a counter's busy day (≈ 400 operations: families created and edited, enrollments, checkouts,
  balances, the till opened and closed) pushed and applied — floor: the same operations applied
  in-process on a second server database (no HTTP, no JSON);
- the same day pulled and applied at another counter — floor: reading the change log alone;
- an enrollment at counter A visible in B's grid, both counters online with their background sync
  (A's commit → B's grid service shows it) — floor: the enrollment made and its grid read at B itself;
- the 50,000-family dataset's snapshot to a new counter (enrol, download, build the replica) —
  floor: the same rows copied from PostgreSQL to SQLite in-process.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, select, update

from bench.harness import Figure, median, peak_memory_mb, percentile
from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.database.migrate import upgrade
from ems_desktop.models import ActivityGroup, Season
from ems_desktop.paths import CATALOGS
from ems_desktop.services import agents, cash, catalog, checkout, enrollment, families
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor, ServiceContext

ROOT = Path(__file__).resolve().parents[1]
VISIBILITY_SAMPLES = 30


def _database(admin, server, name: str) -> str:
    with admin.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name}")
    url = server.url(name)
    db = Database(url)
    upgrade(db.engine)
    db.dispose()
    return url


def _town(url: str, clock) -> tuple[ServiceContext, list, object]:
    server = ServiceContext(db=Database(url), clock=clock)
    counters = [agents.create_counter(server, code=c, name=n, number_prefix=p)
                for c, n, p in (("HDV", "Accueil Hôtel de Ville", "A01"), ("GYM", "Gymnase", "B01"))]
    server = server.as_actor(Actor(counter_id=counters[0].id))
    catalog.import_catalog_file(server, CATALOGS / "2017-2018.csv")
    with server.db.session() as s:  # a busy day fills no group: places are not what is measured here
        s.execute(update(ActivityGroup).values(capacity=500))
    agent = agents.create_agent(server, login="bench", display_name="Bench", password="Velo-rouge-73",
                                roles=["agent", "regisseur"])
    return server, counters, agent


def _replica(server: ServiceContext, path: Path, counter, agent, clock) -> ServiceContext:
    from ems_desktop.sync.snapshot import load_snapshot, snapshot_lines

    db = Database(sqlite_url(path))
    upgrade(db.engine)
    load_snapshot(db, snapshot_lines(server.db))
    return ServiceContext(db=db, clock=clock, outbox=True).as_actor(Actor(agent_id=agent.id, counter_id=counter.id))


def busy_day(ctx: ServiceContext) -> None:
    """A counter's busy day, through the services (each action one operation)."""
    with ctx.reading() as s:
        groups = list(s.scalars(select(ActivityGroup.id).where(ActivityGroup.label.in_(
            ["7/11 ans VTT ou initiation bowling", "7/10 ans Tir à l'arc"]))))
    till = cash.open_cash_session(ctx, 5000)
    later = []
    for n in range(80):
        name = "Famille " + "".join(chr(97 + (n * 7 + k) % 26) for k in range(5))
        family = families.create_family(ctx, families.FamilyInput(
            name=name, guardians=(families.GuardianInput("Alex", name, is_payer=True),),
            children=(families.ChildInput("Léa", name, dt.date(2009, 1 + n % 12, 10)),)))
        ids = [enrollment.enroll(ctx, family.children[0].id, g).id for g in groups]
        tenders = [] if n % 3 == 0 else [Tender("cash", 10000)]
        checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids, tenders)
        if not tenders:
            later.append(family)
        if n % 2 == 0:
            view = families.get_family(ctx, family.id)
            families.update_family(ctx, family.id, families.FamilyInput(
                name=view.name, guardians=view.guardians,
                children=tuple(families.ChildInput(c.first_name, c.last_name, c.birth_date, id=c.id,
                                                   health_notes="Asthme") for c in view.children),
                city="Ugine"))
    for family in later:
        checkout.pay_balance(ctx, family.id, [Tender("cheque", 8000, "1234567")], request_id=uuid.uuid4())
    session = cash.current_cash_session(ctx)
    assert session is not None, "the till opened above is still open"
    totals = {t.mode: t.expected_cents for t in session.totals}
    cash.close_cash_session(ctx, till.id, {mode: totals.get(mode, 0) for mode in ("cash", "cheque", "ancv", "card")},
                            "")


def run() -> list[Figure]:
    from tests.helpers import real_time_on_the_seed_day, seed_day_shift
    from tests.pg_server import ThrowawayPostgres
    from tests.sync.server_process import start_service

    seed_day_shift()
    clock = real_time_on_the_seed_day()
    directory = Path(tempfile.mkdtemp(prefix="ems-bench-sync-"))
    postgres = ThrowawayPostgres()
    admin = create_engine(postgres.start(), isolation_level="AUTOCOMMIT")
    figures: list[Figure] = []
    processes = []
    try:
        import httpx

        from ems_desktop.sync.client import SyncClient
        from ems_desktop.sync.outbox import pending_ops
        from ems_desktop.sync.server import auth
        from ems_desktop.sync.server.apply import apply_push
        from ems_desktop.sync.server.changes import changes_after

        url = _database(admin, postgres, "ems_ville")
        server, counters, agent = _town(url, clock)
        a = _replica(server, directory / "a.sqlite3", counters[0], agent, clock)
        b = _replica(server, directory / "b.sqlite3", counters[1], agent, clock)
        server.db.dispose()  # the floor's database is a copy of the town's, same counters and ids
        with admin.connect() as c:
            c.exec_driver_sql("CREATE DATABASE ems_floor TEMPLATE ems_ville")
        floor_server = ServiceContext(db=Database(postgres.url("ems_floor")), clock=clock)
        process, base_url = start_service(url)
        processes.append(process)
        http = httpx.Client(base_url=base_url, timeout=120)
        tokens = [auth.enrol(server, auth.issue_enrolment_code(server, c.id)).token for c in counters]
        jobs: list[float] = []  # every database job the sync runs on a counter, in milliseconds

        def timed_job(function, *args):
            start = time.perf_counter()
            try:
                return function(*args)
            finally:
                jobs.append((time.perf_counter() - start) * 1000.0)

        client_a = SyncClient(a, http, tokens[0], db_call=timed_job)
        client_b = SyncClient(b, http, tokens[1], db_call=timed_job)
        client_b.pull()
        jobs.clear()

        busy_day(a)
        ops = [op.as_sent() for op in pending_ops(a, counters[0].id, limit=10_000)]
        start = time.perf_counter()
        report = client_a.push()
        push_s = time.perf_counter() - start
        assert report.acked == len(ops), (report.acked, len(ops))
        # Floor: the same operations applied in-process on the copy of the town's database.
        start = time.perf_counter()
        floor = apply_push(floor_server, counters[0].id, ops)
        push_floor_s = time.perf_counter() - start
        assert len(floor.outcomes) == len(ops) and floor.outcomes[-1]["status"] != "refused", floor.outcomes[-1]

        start = time.perf_counter()
        pulled = client_b.pull()
        pull_s = time.perf_counter() - start
        start = time.perf_counter()
        cursor, read = "0:0", 0
        while True:
            page = changes_after(server, cursor, 1000)
            read += len(page.changes)
            cursor = page.cursor
            if not page.has_more:
                break
        pull_floor_s = time.perf_counter() - start
        figures += [
            Figure(f"longest database job of that push and pull at the counters ({len(jobs)} jobs)", max(jobs),
                   50.0),
            Figure("database jobs of that push and pull, 95th percentile", percentile(jobs, 95), None),
            Figure(f"push and apply a counter's busy day ({len(ops)} operations)", push_s, 20.0, unit="s"),
            Figure("floor: the same operations applied in-process, no HTTP", push_floor_s, None, unit="s"),
            Figure(f"pull and apply the same day at another counter ({pulled.applied} rows)", pull_s, 5.0, unit="s"),
            Figure("floor: the server's change log read alone", pull_floor_s, None, unit="s"),
        ]
        figures += _visibility(server, a, b, tokens, base_url)
        figures += _snapshot(admin, postgres, directory)
        peak_mb = peak_memory_mb()
        figures.append(Figure("peak memory of the benchmark process (the counters' side)", peak_mb, None, unit="MB"))
        for ctx in (a, b, server, floor_server):
            ctx.db.dispose()
        http.close()
        return figures
    finally:
        for process in processes:
            process.kill()
        admin.dispose()
        postgres.stop()
        shutil.rmtree(directory, ignore_errors=True)


def _visibility(server, a, b, tokens, base_url) -> list[Figure]:
    """A's commit → B's grid shows the enrollment, both counters running their background sync."""
    import threading

    from ems_desktop.services.grid import enrollment_grid
    from ems_desktop.sync.runner import SyncLoop

    def newcomers(ctx, count: int) -> list:
        """Children of 9 (born 2008) in new dossiers, for the Roller group (9/11 ans)."""
        made = []
        for n in range(count):
            name = "Visible " + "".join(chr(97 + (n * 5 + k) % 26) for k in range(5)) + ("a" if ctx is a else "b")
            made.append(families.create_family(ctx, families.FamilyInput(
                name=name, guardians=(families.GuardianInput("Sam", name, is_payer=True),),
                children=(families.ChildInput("Noa", name, dt.date(2008, 1 + n % 12, 3)),))))
        return made

    with a.reading() as s:
        season_id = s.scalar(select(Season.id).order_by(Season.starts_on))
        roller = s.scalar(select(ActivityGroup.id).where(ActivityGroup.label == "9/11 ans Roller"))
    loops = []
    for ctx, token in ((a, tokens[0]), (b, tokens[1])):
        loop = SyncLoop(ctx, base_url, token, push_every=5, long_poll=25)
        ctx.bus.subscribe(lambda _changes, loop=loop: loop.committed())
        loop.start()
        loops.append(loop)
    seen: set = set()
    news = threading.Condition()

    def heard(changes) -> None:
        with news:
            for change in changes:
                if change.entity == "enrollment":
                    seen.update(change.ids)
            news.notify_all()

    b.bus.subscribe(heard)
    waited, floor = [], []
    try:
        at_a, at_b = newcomers(a, VISIBILITY_SAMPLES), newcomers(b, VISIBILITY_SAMPLES)
        time.sleep(3.0)  # the new dossiers reach B; both long-polls in place
        for family in at_a:
            start = time.perf_counter()
            made = enrollment.enroll(a, family.children[0].id, roller)
            with news:  # until B has heard of it: made.id in seen
                if not news.wait_for(functools.partial(operator.contains, seen, made.id), timeout=10):
                    raise RuntimeError("enrollment not seen at B within 10 s")
            grid = enrollment_grid(b, family.id, season_id)
            assert grid is not None
            waited.append((time.perf_counter() - start) * 1000.0)
        for family in at_b:
            start = time.perf_counter()
            enrollment.enroll(b, family.children[0].id, roller)
            enrollment_grid(b, family.id, season_id)
            floor.append((time.perf_counter() - start) * 1000.0)
    finally:
        for loop in loops:
            loop.stop(wait=False)
    return [
        Figure(f"an enrollment at A visible in B's grid, online (median of {len(waited)})", median(waited), None),
        Figure("an enrollment at A visible in B's grid, online, 95th percentile", percentile(waited, 95), 2000.0),
        Figure("floor: the enrollment made and its grid read at B itself (median)", median(floor), None),
    ]


def _snapshot(admin, postgres, directory: Path) -> list[Figure]:
    """The 50,000-family dataset on the server, then a new counter installed from it."""
    from bench.dataset import ensure_dataset
    from ems_desktop.local_settings import LocalSettings
    from ems_desktop.sync.install import install_counter
    from ems_desktop.sync.server import auth
    from ems_desktop.sync.snapshot import copy_shared_rows
    from tests.sync.server_process import start_service

    with admin.connect() as c:
        c.exec_driver_sql("CREATE DATABASE ems_50k")
    url = postgres.url("ems_50k")
    big = Database(url)
    upgrade(big.engine)
    # Always the 50,000-family town, whatever size the other benchmarks run at: the snapshot's
    # target is set for it, and copying 200,000 families into PostgreSQL first takes long.
    dataset = Database(sqlite_url(ensure_dataset(families=50_000)))
    # Loaded without the change log's triggers (a town's existing data is not "changed").
    with big.engine.connect() as c:
        c.exec_driver_sql("ALTER DATABASE ems_50k SET session_replication_role = replica")
    big.dispose()
    big = Database(url)
    rows = copy_shared_rows(dataset, big)
    dataset.dispose()
    with big.engine.connect() as c:
        c.exec_driver_sql("ALTER DATABASE ems_50k RESET session_replication_role")
    big.dispose()
    big = Database(url)
    server = ServiceContext(db=big)
    counter = agents.list_counters(server)[0]
    code = auth.issue_enrolment_code(server, counter.id)
    process, base_url = start_service(url)
    try:
        start = time.perf_counter()
        loaded = install_counter(base_url, code, directory / "new.sqlite3", LocalSettings(directory / "new.json"))
        install_s = time.perf_counter() - start
    finally:
        process.kill()
    floor_db = Database(sqlite_url(directory / "floor.sqlite3"))
    upgrade(floor_db.engine)
    start = time.perf_counter()
    copy_shared_rows(big, floor_db)
    floor_s = time.perf_counter() - start
    floor_db.dispose()
    big.dispose()
    assert loaded == rows, (loaded, rows)
    return [
        Figure(f"snapshot of the 50,000-family dataset to a new counter ({loaded:,} rows)".replace(",", " "),
               install_s, 180.0, unit="s"),
        Figure("floor: the same rows copied from PostgreSQL to SQLite in-process", floor_s, None, unit="s"),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
    sys.exit(0)
