"""The database a counter starts on: SQLite connections that survive a power cut (synchronous=FULL,
WAL, foreign keys), units of work that take the write lock first (BEGIN IMMEDIATE) and say so in
French when another counter holds it, a damaged file refused at start-up with a blocking French
dialog, and the counter's date taken in Paris."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.database.migrate import current_revision, head_revision
from ems_desktop.models import Counter, NumberSeries, Setting
from ems_desktop.services import agents, families
from ems_desktop.services.bootstrap import CannotOpenDatabase, open_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import DatabaseBusy
from tests.helpers import damage_an_index_page

BUSY = "La base est occupée par un autre poste, réessayez."


@pytest.fixture
def sqlite_file(migrated_template, tmp_path):
    path = tmp_path / "poste.sqlite3"
    shutil.copy(migrated_template, path)
    return path


# --- (i) the connection's pragmas ----------------------------------------------------------------------

def test_sqlite_connections_are_durable_wal_with_foreign_keys(sqlite_file):
    database = Database(sqlite_url(sqlite_file))
    try:
        with database.engine.connect() as connection:
            def pragma(name):
                return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("synchronous") == 2  # FULL (NORMAL is 1)
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 5000
        # Every pooled connection gets them, including a reader's and a writer's.
        with database.read() as s:
            assert s.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 2
        with database.session() as s:
            assert s.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 2
    finally:
        database.dispose()
    short = Database(sqlite_url(sqlite_file), busy_timeout_ms=200)
    try:
        with short.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 200
    finally:
        short.dispose()


def test_a_database_opened_at_start_up_has_the_same_pragmas(tmp_path):
    database = open_database(sqlite_url(tmp_path / "neuf.sqlite3"))
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.dispose()


# --- (ii) units of work begin IMMEDIATE --------------------------------------------------------------------

@pytest.fixture
def other_counter(sqlite_file):
    """Another process's connection to the same file (plain sqlite3, autocommit: we say BEGIN)."""
    connection = sqlite3.connect(sqlite_file, isolation_level=None, timeout=0)
    yield connection
    if connection.in_transaction:
        connection.execute("ROLLBACK")
    connection.close()


@pytest.fixture
def busy_ctx(sqlite_file):
    database = Database(sqlite_url(sqlite_file), busy_timeout_ms=200)
    context = ServiceContext(database)
    counter = agents.create_counter(context, code="HDV", name="Accueil Hôtel de Ville", number_prefix="A01")
    yield context, counter
    database.dispose()


def test_a_unit_of_work_waits_for_the_write_lock_before_its_first_read(busy_ctx, other_counter):
    ctx, counter = busy_ctx
    other_counter.execute("BEGIN IMMEDIATE")  # the other counter holds the write lock
    # A unit that only reads: deferred, it would read happily in WAL mode; IMMEDIATE, it asks for
    # the write lock at its start and is told the database is busy.
    with pytest.raises(DatabaseBusy) as err, ctx.unit_of_work() as uow:
        uow.session.scalar(select(func.count()).select_from(Counter))
    assert err.value.message == BUSY
    # A unit that reads, then writes: refused the same way, before it read anything.
    with pytest.raises(DatabaseBusy) as err:
        agents.create_counter(ctx, code="MAI", name="Mairie annexe", number_prefix="B02")
    assert err.value.message == BUSY
    # Reading is never blocked by the writer (WAL).
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(Counter)) == 1
    assert [c.number_prefix for c in agents.list_counters(ctx)] == ["A01"]

    other_counter.execute("ROLLBACK")  # the lock is released: the same unit goes through
    assert agents.create_counter(ctx, code="MAI", name="Mairie annexe", number_prefix="B02").number_prefix == "B02"
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(NumberSeries)) == 8


def test_the_lock_is_held_from_the_units_first_statement(busy_ctx, other_counter):
    """While a unit of work that has only read is open, another process cannot begin writing."""
    ctx, _ = busy_ctx
    with ctx.unit_of_work() as uow:
        uow.session.scalar(select(func.count()).select_from(Counter))
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other_counter.execute("BEGIN IMMEDIATE")
    other_counter.execute("BEGIN IMMEDIATE")  # committed: free again
    other_counter.execute("ROLLBACK")


def test_a_read_only_session_does_not_take_the_write_lock(busy_ctx, other_counter):
    ctx, _ = busy_ctx
    with ctx.reading() as s:
        s.scalar(select(func.count()).select_from(Counter))
        other_counter.execute("BEGIN IMMEDIATE")
        other_counter.execute("INSERT INTO settings (key, value) VALUES ('essai', '1')")
        other_counter.execute("COMMIT")
    with ctx.reading() as s:
        assert s.get(Setting, "essai").value == 1


# --- (iii) a damaged database is refused at start-up ---------------------------------------------------------

def garbage_file(tmp_path):
    path = tmp_path / "ordures.sqlite3"
    path.write_bytes(bytes(range(256)) * 64)
    return path


def truncated_copy(migrated_template, tmp_path):
    path = tmp_path / "tronquee.sqlite3"
    data = migrated_template.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def damaged_page(migrated_template, tmp_path):
    """A real database, readable, but the page of one of its indexes says it holds 65 535 cells
    (only an integrity check notices)."""
    path = tmp_path / "abimee.sqlite3"
    shutil.copy(migrated_template, path)
    damage_an_index_page(path)
    return path


@pytest.mark.parametrize("make, what", [(garbage_file, "illisible"), (truncated_copy, "illisible"),
                                        (damaged_page, "endommagée")],
                         ids=["garbage", "truncated", "damaged-page"])
def test_a_damaged_file_is_refused_with_a_french_message(migrated_template, tmp_path, make, what):
    path = make(tmp_path) if make is garbage_file else make(migrated_template, tmp_path)
    before = path.read_bytes()
    with pytest.raises(CannotOpenDatabase) as err:
        open_database(sqlite_url(path))
    message = str(err.value)
    assert message.startswith(f"La base de données {path} est {what}. ")
    assert err.value.detail  # the database's own words, kept for the service informatique
    assert "restaurez la dernière sauvegarde" in message and "N'utilisez pas ce poste pour encaisser" in message
    assert path.read_bytes() == before  # never "repaired" nor upgraded


def test_a_sound_copy_of_the_same_file_opens(migrated_template, tmp_path):
    path = tmp_path / "saine.sqlite3"
    shutil.copy(migrated_template, path)
    database = open_database(sqlite_url(path))
    try:
        assert current_revision(database.engine) == head_revision()
    finally:
        database.dispose()


def test_an_unreachable_server_is_refused_with_a_french_message():
    with pytest.raises(CannotOpenDatabase) as err:
        open_database("postgresql+psycopg://ems@127.0.0.1:1/ems?connect_timeout=2")
    message = str(err.value)
    assert "est injoignable ou illisible" in message and "Vérifiez le réseau" in message


# --- (iv) the start-up dialog -------------------------------------------------------------------------------

def test_the_counter_does_not_start_on_a_damaged_database(qtbot, event_loop, tmp_path):
    from ems_desktop.views.application import EXIT_DATABASE_UNUSABLE, run_counter
    from ems_desktop.views.errors import ErrorReporter
    from ems_desktop.views.main_window import MainWindow

    path = garbage_file(tmp_path)
    task = asyncio.ensure_future(run_counter(sqlite_url(path), False, ErrorReporter(tmp_path / "log")))

    def dialog():
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMessageBox) and w.objectName() == "database_unusable" and w.isVisible()), None)

    qtbot.waitUntil(lambda: dialog() is not None, timeout=15000)
    box = dialog()
    assert box.icon() == QMessageBox.Icon.Critical and box.windowTitle() == "Base de données inutilisable"
    assert box.text().startswith(f"La base de données {path} est illisible")
    assert "restaurez la dernière sauvegarde" in box.text()
    assert box.isModal() and not task.done()  # blocking: the start waits for the agent
    close = box.button(QMessageBox.StandardButton.Close)
    assert close.text().replace("&", "") == "Fermer"
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=15000)
    assert task.result() == EXIT_DATABASE_UNUSABLE == 2
    # No counter opened.
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    box.deleteLater()


# --- (v) the counter's date is the Paris date ----------------------------------------------------------------

class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.mark.parametrize("utc, paris", [
    (dt.datetime(2017, 6, 30, 23, 30, tzinfo=dt.UTC), dt.date(2017, 7, 1)),   # summer: UTC+2
    (dt.datetime(2017, 6, 30, 21, 59, tzinfo=dt.UTC), dt.date(2017, 6, 30)),
    (dt.datetime(2017, 12, 31, 23, 30, tzinfo=dt.UTC), dt.date(2018, 1, 1)),  # winter: UTC+1
    (dt.datetime(2017, 12, 31, 22, 59, tzinfo=dt.UTC), dt.date(2017, 12, 31)),
])
def test_today_is_the_paris_date(database, utc, paris):
    assert ServiceContext(database, clock=Clock(utc)).today() == paris


def test_a_childs_age_changes_at_midnight_in_paris(ctx, clock):
    family = families.create_family(ctx, families.FamilyInput(
        name="Berthier", guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", dt.date(2009, 7, 1)),)))
    clock.current = dt.datetime(2017, 6, 30, 21, 30, tzinfo=dt.UTC)  # 23:30 in Paris, 30/06
    assert families.get_family(ctx, family.id).children[0].age == 7
    clock.current = dt.datetime(2017, 6, 30, 22, 30, tzinfo=dt.UTC)  # 00:30 in Paris, 01/07
    assert ctx.today() == dt.date(2017, 7, 1)
    assert families.get_family(ctx, family.id).children[0].age == 8  # the UTC date would still say 7
