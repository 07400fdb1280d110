"""Shared fixtures: headless Qt, a fresh migrated SQLite database per test, a clock tests can move."""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt or qasync: headless, and the PySide6 binding only.
# A counter's usual screen, 1366×768 (the plain offscreen platform has an 800×600 one).
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(__file__).with_name('offscreen-screen.json')}"
os.environ["QT_API"] = "pyside6"
# Keep the user's real data folder out of the tests.
_DATA_DIR = Path(tempfile.mkdtemp(prefix="ems-tests-data-"))
os.environ["EMS_DATA_DIR"] = str(_DATA_DIR)
os.environ.pop("EMS_DATABASE_URL", None)

import pytest  # noqa: E402 (after the environment is set)

from ems_desktop.database.engine import Database, sqlite_url  # noqa: E402 (after the environment is set)
from ems_desktop.database.migrate import upgrade  # noqa: E402 (after the environment is set)
from ems_desktop.paths import CATALOGS  # noqa: E402 (after the environment is set: EMS_DATA_DIR)
from ems_desktop.services import agents, catalog  # noqa: E402 (after the environment is set)
from ems_desktop.services.context import Actor, ServiceContext  # noqa: E402 (after the environment is set)
from tests.mail_server import MailServer  # noqa: E402 (after the environment is set)
from tests.pg_server import fresh_pg_database  # noqa: E402 (after the environment is set)


class FakeClock:
    """A clock the test moves by hand (holds, 30-minute blocks…)."""

    def __init__(self, now: dt.datetime) -> None:
        self.current = now

    def __call__(self) -> dt.datetime:
        return self.current

    def advance(self, **kwargs) -> None:
        self.current += dt.timedelta(**kwargs)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    """One database migrated to head, copied for each test (migrating each time is slower)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = Database(sqlite_url(path))
    upgrade(database.engine)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL server for the session, with a migrated template database."""
    from sqlalchemy import create_engine

    from tests.pg_server import PostgresUnavailable, ThrowawayPostgres

    try:
        server = ThrowawayPostgres()
        admin_url = server.start()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL not available here: {exc}")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql("CREATE DATABASE ems_template")
    template = Database(server.url("ems_template"))
    upgrade(template.engine)
    template.dispose()
    yield server, admin
    admin.dispose()
    from tests.card_numbers import files_with_card_numbers

    _PG_CARD_FINDINGS.extend(files_with_card_numbers(server.data))  # before the files go
    server.stop()


# Every test that uses the database runs on the embedded SQLite and on PostgreSQL, the town's
# central database: the schema and the rules must behave the same on both.
@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, migrated_template, tmp_path) -> Iterator[Database]:
    if request.param == "sqlite":
        path = tmp_path / "ems.sqlite3"
        shutil.copy(migrated_template, path)
        db = Database(sqlite_url(path))
        yield db
        db.dispose()
        return
    yield from fresh_pg_database(request.getfixturevalue("postgres_server"))


_old_names = iter(range(1, 1_000_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def old_url(request, tmp_path):
    """The URL of an empty database (a new SQLite file, or a new PostgreSQL database), for the
    migration tests that fill it at an old revision."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "ancienne.sqlite3")
        return
    server, admin = request.getfixturevalue("postgres_server")
    name = f"ems_{request.module.__name__.rsplit('.', 1)[-1].removeprefix('test_')}_{next(_old_names)}"
    with admin.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name}")
    yield server.url(name)
    with admin.connect() as c:
        c.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def clock() -> FakeClock:
    # A June afternoon of 2017, when the seed's family registered.
    return FakeClock(dt.datetime(2017, 6, 21, 13, 0, tzinfo=dt.UTC))


@pytest.fixture
def ctx(database, clock) -> ServiceContext:
    context = ServiceContext(db=database, clock=clock)
    counter = agents.create_counter(context, code="HDV", name="Accueil Hôtel de Ville", number_prefix="A01")
    return context.as_actor(Actor(agent_id=None, counter_id=counter.id))


@pytest.fixture
def catalog_2017(ctx) -> ServiceContext:
    catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv")
    return ctx


@pytest.fixture
def agent_ctx(catalog_2017) -> ServiceContext:
    """The 2017/2018 catalog and an agent at the counter who is also its régisseur (takes
    payments, refunds, settles the card payments in doubt, closes the till)."""
    agent = agents.create_agent(catalog_2017, login="c.martin", display_name="Claire Martin", password="Velo-rouge-73",
                                roles=["agent", "regisseur"])
    return catalog_2017.as_actor(Actor(agent_id=agent.id, counter_id=catalog_2017.actor.counter_id))


@pytest.fixture
def recap(agent_ctx):
    """The seed's family and Lise-Roxelane's three enrollments, to pay (120,00 €)."""
    from ems_desktop.services import enrollment
    from tests.helpers import SEED_GROUPS, group_id, make_family

    family = make_family(agent_ctx)
    lise = family.children[0]
    ids = [enrollment.enroll(agent_ctx, lise.id, group_id(agent_ctx, *g)).id for g in SEED_GROUPS]
    return family, ids


@pytest.fixture
def till(agent_ctx):
    """The counter's cash session, opened with a 50,00 € float."""
    from ems_desktop.services import cash

    return cash.open_cash_session(agent_ctx, 5000)


_PG_CARD_FINDINGS: list = []


def pytest_runtest_teardown(item, nextitem):
    """Between tests, on the main thread: what the cycle collector would have done by now (it is
    off once a GUI test has run; see ``qasync_loop``)."""
    if not gc.isenabled():
        from ems_desktop.views.main_thread_gc import collect_if_due

        collect_if_due()


def pytest_sessionfinish(session, exitstatus):
    """After the whole suite: no full test-card number in any database file or log it wrote."""
    from tests.card_numbers import files_with_card_numbers

    roots = [_DATA_DIR]
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None:
        roots.append(factory.getbasetemp())
    found = files_with_card_numbers(*roots) + _PG_CARD_FINDINGS
    shutil.rmtree(_DATA_DIR, ignore_errors=True)
    if found:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        for path, number in found:
            reporter.write_line(f"FULL CARD NUMBER {number} FOUND IN {path}", red=True)
        session.exitstatus = 1


# --- GUI tests: one qasync loop for the session, registered as running for each test ------------

@pytest.fixture(scope="session")
def qasync_loop(qapp):
    import qasync

    from ems_desktop.views.i18n import install_french

    install_french(qapp)
    # As in the application: the cycle collector runs on the GUI thread only, never on the database
    # worker or a printing thread, where freeing a Qt object would abort the process.
    gc.disable()
    loop = qasync.QEventLoop(qapp, already_running=True)
    yield loop
    # Never loop.stop() mid-session: it would quit the QApplication.


@pytest.fixture
def event_loop(qasync_loop):
    import asyncio

    asyncio.set_event_loop(qasync_loop)
    asyncio.events._set_running_loop(qasync_loop)
    yield qasync_loop
    for task in asyncio.all_tasks(qasync_loop):
        task.cancel()
    asyncio.events._set_running_loop(None)


@pytest.fixture
def sqlite_database(migrated_template, tmp_path) -> Iterator[Database]:
    path = tmp_path / "gui.sqlite3"
    shutil.copy(migrated_template, path)
    db = Database(sqlite_url(path))
    yield db
    db.dispose()


@pytest.fixture
def worker():
    from ems_desktop.services.worker import DatabaseWorker

    db_worker = DatabaseWorker()
    yield db_worker
    db_worker.shutdown()


@pytest.fixture
def app_state(sqlite_database, worker, event_loop, tmp_path, clock):
    """A logged-in counter (administrator), as the main window gets it, on the test clock
    (21/06/2017, when the seed's family registered)."""
    from ems_desktop.local_settings import LocalSettings
    from ems_desktop.views.application import build_state

    context = ServiceContext(sqlite_database, clock=clock)
    agent, counter = agents.first_run(context, counter_name="Accueil Hôtel de Ville", number_prefix="A01",
                                      display_name="Claire Martin", login="c.martin", password="Velo-rouge-73",
                                      confirmation="Velo-rouge-73")
    return build_state(context, worker, agent, counter, LocalSettings(tmp_path / "guichet.json"))


@pytest.fixture
def server() -> Iterator[MailServer]:
    """A local SMTP server that keeps what it receives (tests/mail_server.py)."""
    mail = MailServer()
    mail.start()
    yield mail
    mail.stop()
