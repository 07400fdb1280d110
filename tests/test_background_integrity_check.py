"""A counter's start-up checks its SQLite file in the background (``PRAGMA quick_check`` reads every
page: up to a minute at 200,000 families on a counter just switched on). Meanwhile it reads and
lets the agent log in; every other write waits for the verdict, and a damaged file refuses them
all and stops the counter with the blocking French dialog."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from ems_desktop.database import engine as engine_module, integrity
from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.database.integrity import BackgroundIntegrityCheck, DatabaseUnusable
from ems_desktop.services import agents
from ems_desktop.services.bootstrap import CannotOpenDatabase, open_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import DatabaseDamaged, DatabaseStillBeingChecked
from tests.helpers import damage_an_index_page

PASSWORD = "Velo-rouge-73"
STILL_CHECKED = ("La base de données est en cours de vérification (démarrage du poste) : rien n'a été "
                 "enregistré, réessayez dans quelques secondes.")


def counter_file(migrated_template, tmp_path, name="poste.sqlite3"):
    """A counter's base with its first agent (c.martin) and counter (A01)."""
    path = tmp_path / name
    shutil.copy(migrated_template, path)
    database = Database(sqlite_url(path))
    agents.first_run(ServiceContext(database), counter_name="Accueil Hôtel de Ville", number_prefix="A01",
                     display_name="Claire Martin", login="c.martin", password=PASSWORD, confirmation=PASSWORD)
    database.dispose()
    return path


@pytest.fixture
def held_check(monkeypatch):
    """The background check waits for ``release.set()`` before reading the file."""
    release = threading.Event()
    real = integrity._quick_check

    def held(engine, connection):
        assert release.wait(30), "the test never released the check"
        real(engine, connection)

    monkeypatch.setattr(integrity, "_quick_check", held)
    yield release
    release.set()


def counters(ctx):
    return [c.number_prefix for c in agents.list_counters(ctx)]


def test_a_sound_file_opens_at_once_and_its_verdict_follows(migrated_template, tmp_path):
    path = counter_file(migrated_template, tmp_path)
    database = open_database(sqlite_url(path), check_in_background=True)
    try:
        assert isinstance(database.integrity, BackgroundIntegrityCheck)
        assert database.integrity.verdict.result(timeout=15) is None
        ctx = ServiceContext(database)
        agents.create_counter(ctx, code="MAI", name="Mairie annexe", number_prefix="B02")
        assert counters(ctx) == ["A01", "B02"]
    finally:
        database.dispose()


def test_while_the_file_is_checked_the_counter_reads_and_logs_in_and_writes_wait(
        migrated_template, tmp_path, held_check, monkeypatch):
    path = counter_file(migrated_template, tmp_path)
    monkeypatch.setattr(engine_module, "WRITE_WAITS_FOR_CHECK_S", 0.05)
    database = open_database(sqlite_url(path), check_in_background=True)
    try:
        ctx = ServiceContext(database)
        assert not database.integrity.verdict.done()
        assert counters(ctx) == ["A01"]  # reads go on
        assert agents.authenticate(ctx, "c.martin", PASSWORD).login == "c.martin"  # so does the log-in
        with pytest.raises(DatabaseStillBeingChecked) as late:
            agents.create_counter(ctx, code="MAI", name="Mairie annexe", number_prefix="B02")
        assert late.value.message == STILL_CHECKED
        assert counters(ctx) == ["A01"]  # nothing saved

        # Forced interleaving: a write already waiting when the sound verdict comes goes through.
        monkeypatch.setattr(engine_module, "WRITE_WAITS_FOR_CHECK_S", 30)
        waiting = threading.Event()
        real_wait = BackgroundIntegrityCheck.wait_until_sound

        def wait_and_say(check, timeout):
            waiting.set()
            return real_wait(check, timeout)

        monkeypatch.setattr(BackgroundIntegrityCheck, "wait_until_sound", wait_and_say)
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending = pool.submit(agents.create_counter, ctx, code="MAI", name="Mairie annexe", number_prefix="B02")
            assert waiting.wait(10)
            assert not pending.done()
            held_check.set()
            assert pending.result(timeout=15).number_prefix == "B02"
        assert counters(ctx) == ["A01", "B02"]
    finally:
        database.dispose()


def test_a_damaged_file_found_in_the_background_refuses_every_write(migrated_template, tmp_path, held_check):
    path = counter_file(migrated_template, tmp_path)
    damage_an_index_page(path)
    database = open_database(sqlite_url(path), check_in_background=True)  # readable: it opens
    try:
        ctx = ServiceContext(database)
        held_check.set()
        with pytest.raises(DatabaseUnusable) as verdict:
            database.integrity.verdict.result(timeout=15)
        assert str(verdict.value).startswith(f"La base de données {path} est endommagée. ")
        assert verdict.value.detail  # the database's own words
        with pytest.raises(DatabaseDamaged) as refused:
            agents.create_counter(ctx, code="MAI", name="Mairie annexe", number_prefix="B02")
        assert refused.value.message == str(verdict.value)
        assert "N'utilisez pas ce poste pour encaisser" in refused.value.message
        assert counters(ctx) == ["A01"]
    finally:
        database.dispose()


def test_a_file_that_is_no_database_is_refused_before_the_background(tmp_path):
    path = tmp_path / "ordures.sqlite3"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(CannotOpenDatabase) as err:
        open_database(sqlite_url(path), check_in_background=True)
    assert str(err.value).startswith(f"La base de données {path} est illisible. ")


def test_a_base_to_upgrade_is_checked_in_full_first(tmp_path):
    """The upgrade writes: it never runs before the verdict (here: a new, empty file)."""
    database = open_database(sqlite_url(tmp_path / "neuve.sqlite3"), check_in_background=True)
    try:
        assert database.integrity is None  # checked, upgraded: nothing left to wait for
        assert counters(ServiceContext(database)) == []
    finally:
        database.dispose()


def test_closing_the_counter_interrupts_a_check_still_reading(migrated_template, tmp_path, monkeypatch):
    reading = threading.Event()

    def endless(engine, connection):
        reading.set()
        connection.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
                           "SELECT count(*) FROM n").fetchone()

    monkeypatch.setattr(integrity, "_quick_check", endless)
    path = counter_file(migrated_template, tmp_path)
    database = open_database(sqlite_url(path), check_in_background=True)
    assert reading.wait(10)
    started = time.monotonic()
    database.dispose()
    assert time.monotonic() - started < 5
    assert database.integrity.verdict.cancelled()


# --- the application -------------------------------------------------------------------------------------

def top(kind, name=None):
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, kind) and w.isVisible() and (name is None or w.objectName() == name)), None)


def start_on_a_damaged_file(qtbot, migrated_template, tmp_path, monkeypatch):
    """The counter started on a damaged file whose check is held: (path, the counter's task, the
    log-in dialog shown)."""
    from ems_desktop.views.application import run_counter
    from ems_desktop.views.errors import ErrorReporter
    from ems_desktop.views.login import LoginDialog

    monkeypatch.setenv("EMS_CONFIG_DIR", str(tmp_path))
    path = counter_file(migrated_template, tmp_path)
    damage_an_index_page(path)
    task = asyncio.ensure_future(run_counter(sqlite_url(path), False, ErrorReporter(tmp_path / "log")))
    qtbot.waitUntil(lambda: top(LoginDialog) is not None, timeout=15000)
    return path, task, top(LoginDialog)


def test_a_damaged_file_found_once_the_window_shows_stops_the_counter(
        qtbot, event_loop, migrated_template, tmp_path, monkeypatch, held_check):
    from ems_desktop.views.application import EXIT_DATABASE_UNUSABLE
    from ems_desktop.views.main_window import MainWindow

    path, task, login = start_on_a_damaged_file(qtbot, migrated_template, tmp_path, monkeypatch)
    login.login_edit.setText("c.martin")
    login.password_edit.setText(PASSWORD)
    qtbot.mouseClick(login.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: top(MainWindow) is not None, timeout=15000)  # the log-in did not wait
    window = top(MainWindow)

    held_check.set()  # the verdict: damaged
    qtbot.waitUntil(lambda: top(QMessageBox, "database_unusable") is not None, timeout=15000)
    box = top(QMessageBox, "database_unusable")
    assert box.icon() == QMessageBox.Icon.Critical and box.windowTitle() == "Base de données inutilisable"
    assert box.text().startswith(f"La base de données {path} est endommagée")
    assert box.isModal() and not task.done()
    assert not window.isVisible()  # nothing more is done in the counter's window
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=15000)
    assert task.result() == EXIT_DATABASE_UNUSABLE
    box.deleteLater()
    window.deleteLater()


def test_a_damaged_file_found_during_the_log_in_stops_the_counter(
        qtbot, event_loop, migrated_template, tmp_path, monkeypatch, held_check):
    from ems_desktop.views.application import EXIT_DATABASE_UNUSABLE

    path, task, login = start_on_a_damaged_file(qtbot, migrated_template, tmp_path, monkeypatch)
    held_check.set()
    qtbot.waitUntil(lambda: top(QMessageBox, "database_unusable") is not None, timeout=15000)
    assert not login.isVisible()
    box = top(QMessageBox, "database_unusable")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=15000)
    assert task.result() == EXIT_DATABASE_UNUSABLE
    box.deleteLater()
