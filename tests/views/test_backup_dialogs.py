"""Backups in the window: Fichier › Sauvegarder maintenant and Restaurer une sauvegarde… for
administrateurs (the work on the database worker, "Sauvegarde en cours…" meanwhile), the daily
backup at start and the one after a cash-session closing, and the restart after a restore."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
import threading

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from ems_desktop import config
from ems_desktop.database import backup
from ems_desktop.database.engine import Database, make_engine, sqlite_url
from ems_desktop.database.migrate import current_revision, head_revision, upgrade
from ems_desktop.services import agents, backups, cash
from ems_desktop.views import backup_dialogs
from ems_desktop.views.application import build_state
from ems_desktop.views.main_window import MainWindow
from tests.views.login_helpers import log_in, start_counter, top


@pytest.fixture
def folder(app_state, tmp_path):
    path = tmp_path / "sauvegardes"
    app_state.local.set(config.BACKUP_FOLDER, str(path))
    return path


def open_window(qtbot, state) -> MainWindow:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    return window


def names(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def prefixes(database: Database):
    path = database.engine.url.database
    assert path is not None  # a SQLite file
    connection = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in connection.execute("SELECT number_prefix FROM counters"))
    finally:
        connection.close()


@pytest.fixture
def old_backup(tmp_path, folder):
    """A backup, in the folder, of a base at revision 0006 holding another counter."""
    path = tmp_path / "ancienne.sqlite3"
    engine = make_engine(sqlite_url(path))
    upgrade(engine, "0006")
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO counters (id, code, name, number_prefix, created_at) VALUES "
                                   "('0123456789abcdef0123456789abcdef', 'GYM', 'Accueil Gymnase', 'B02', "
                                   "'2017-01-01 00:00:00')")
    engine.dispose()
    return backup.take_backup(path, folder, "quotidienne", now=dt.datetime(2017, 1, 2, 8, 0, 0))


def test_backup_now_shows_it_runs_then_where_the_copy_went(qtbot, app_state, folder):
    window = open_window(qtbot, app_state)
    actions = window.backups
    assert actions.backup_action.isEnabled() and actions.restore_action.isEnabled()
    # The entries in their order (their access keys aside: « & » moves as entries are added).
    assert [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()][:8] == [
        "Paramètres…", "Messagerie (e-mails)…", "Importer un catalogue…", "Catalogue…", "Relances…",
        "Prélèvements SEPA…", "Sauvegarder maintenant", "Restaurer une sauvegarde…"]
    # Hold the database worker: the copy waits behind it, and the dialog says it is running.
    started, release = threading.Event(), threading.Event()

    def hold():
        started.set()
        release.wait(10)

    held = asyncio.ensure_future(app_state.worker.run(hold))
    qtbot.waitUntil(started.is_set)
    actions.backup_action.trigger()
    qtbot.waitUntil(lambda: actions.progress_dialog is not None and actions.progress_dialog.isVisible())
    dialog = actions.progress_dialog
    assert dialog.label.text().startswith("Sauvegarde en cours…")
    assert dialog.bar.isVisible() and not dialog.close_button.isEnabled()
    dialog.reject()  # Échap does not close it while the copy runs
    assert dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: dialog.info is not None)
    assert held.done()
    assert names(folder) == ["ems-20170621-150000-manuelle.sqlite3"]
    assert dialog.label.text().startswith("Sauvegarde faite et vérifiée (")
    assert str(folder / "ems-20170621-150000-manuelle.sqlite3") in dialog.label.text()
    assert not dialog.bar.isVisible() and dialog.close_button.isEnabled() and dialog.close_button.text() == "Fermer"
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_failed_backup_is_said_in_the_dialog(qtbot, app_state, tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier", encoding="utf-8")
    app_state.local.set(config.BACKUP_FOLDER, str(blocker / "sauvegardes"))
    window = open_window(qtbot, app_state)
    window.backups.backup_action.trigger()
    qtbot.waitUntil(lambda: window.backups.progress_dialog is not None
                    and window.backups.progress_dialog.error.isVisible())
    dialog = window.backups.progress_dialog
    assert dialog.label.text() == "La sauvegarde n'a pas été faite."
    assert dialog.error.text().startswith("Le dossier des sauvegardes")
    assert dialog.close_button.isEnabled()


def test_restoring_an_older_backup_from_the_menu_then_restarting(qtbot, app_state, folder, old_backup):
    database = app_state.context.db
    window = open_window(qtbot, app_state)
    actions = window.backups
    actions.restore_action.trigger()
    qtbot.waitUntil(lambda: actions.restore_dialog is not None and actions.restore_dialog.isVisible())
    dialog = actions.restore_dialog
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(3)][:2] == ["02/01/2017 08:00:00", "quotidienne"]
    assert dialog.folder_label.text() == f"Dossier des sauvegardes : {folder}"
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.chosen == old_backup.path and not dialog.restore_button.isEnabled()  # not confirmed yet
    dialog.confirm.setChecked(True)
    assert dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions.message_box is not None and actions.message_box.objectName() == "restored"
                    and actions.message_box.isVisible(), timeout=15000)
    box = actions.message_box
    assert box.text().startswith("La sauvegarde « ems-20170102-080000-quotidienne.sqlite3 » est remise en service")
    assert str(folder / "gui-remplacee-20170621-150000.sqlite3") in box.text()
    assert "L'application va redémarrer" in box.text()
    ok = box.button(QMessageBox.StandardButton.Ok)
    assert ok.text() == "Redémarrer"
    assert not actions.restart_requested
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions.restart_requested and not window.isVisible())
    assert backup_dialogs.exit_code(window) == backups.EXIT_RESTART
    # The base in service is the backup, at the latest schema; the replaced one is aside.
    assert prefixes(database) == ["B02"]
    assert current_revision(database.engine) == head_revision()
    connection = sqlite3.connect(folder / "gui-remplacee-20170621-150000.sqlite3")
    assert [r[0] for r in connection.execute("SELECT number_prefix FROM counters")] == ["A01"]
    connection.close()


def test_a_file_that_is_not_a_backup_is_refused_in_the_dialog(qtbot, app_state, folder, tmp_path):
    text = tmp_path / "lisez-moi.sqlite3"
    text.write_text("Pas une base.\n" * 50, encoding="utf-8")
    window = open_window(qtbot, app_state)
    actions = window.backups
    actions.restore_action.trigger()
    qtbot.waitUntil(lambda: actions.restore_dialog is not None and actions.restore_dialog.isVisible())
    dialog = actions.restore_dialog
    assert dialog.table.rowCount() == 0 and dialog.empty_label.isVisible()
    dialog.choose(text)
    assert dialog.chosen_label.text() == f"Sauvegarde choisie : {text}"
    dialog.confirm.setChecked(True)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text().startswith("« lisez-moi.sqlite3 » n'est pas une base de données SQLite")
    assert dialog.isVisible() and dialog.restore_button.isEnabled() and not actions.restart_requested
    assert prefixes(app_state.context.db) == ["A01"] and names(folder) == []
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert backup_dialogs.exit_code(window) == 0


def test_a_plain_agent_is_not_offered_backups_nor_restores(qtbot, app_state, tmp_path):
    from ems_desktop.local_settings import LocalSettings

    plain = agents.create_agent(app_state.context, login="l.petit", display_name="Léa Petit", password="Lundi-bleu-42",
                                roles=["agent"])
    state = build_state(app_state.context, app_state.worker, plain, app_state.counter,
                        LocalSettings(tmp_path / "autre.json"))
    window = open_window(qtbot, state)
    for action in (window.backups.backup_action, window.backups.restore_action):
        assert not action.isEnabled() and action.toolTip() == "Réservé aux administrateurs"


def test_on_postgresql_the_menu_says_the_service_informatique_backs_up(qtbot, app_state, folder, monkeypatch):
    monkeypatch.setattr(backups, "is_local_file", lambda ctx: False)
    window = open_window(qtbot, app_state)
    actions = window.backups
    for action in (actions.backup_action, actions.restore_action):
        actions.message_box = None
        action.trigger()
        qtbot.waitUntil(lambda: actions.message_box is not None and actions.message_box.isVisible())
        assert actions.message_box.text() == backups.ON_POSTGRESQL
        assert "pg_dump" in actions.message_box.text()
        actions.message_box.close()
    assert actions.progress_dialog is None and actions.restore_dialog is None and names(folder) == []


def test_closing_the_till_takes_a_backup(qtbot, app_state, folder):
    cash.open_cash_session(app_state.context, 5000)
    window = open_window(qtbot, app_state)
    tab = window.caisse
    tab.close_session()
    qtbot.waitUntil(lambda: getattr(tab, "close_dialog", None) is not None and tab.close_dialog.isVisible())
    dialog = tab.close_dialog
    dialog.edits["cash"].setText("50,00")
    dialog.edits["cheque"].setText("0")
    dialog.edits["card"].setText("0")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: getattr(tab, "backup_task", None) is not None and tab.backup_task.done(), timeout=15000)
    info = tab.backup_task.result()
    assert info.path == folder / "ems-20170621-150000-cloture.sqlite3" and info.path.exists()
    assert window.statusBar().currentMessage() == \
        "Sauvegarde après la clôture de caisse faite et vérifiée : ems-20170621-150000-cloture.sqlite3"
    connection = sqlite3.connect(info.path)
    assert connection.execute("SELECT count(*) FROM cash_sessions WHERE closed_at IS NOT NULL").fetchone() == (1,)
    connection.close()


def test_the_daily_backup_at_start_is_taken_once_a_day(qtbot, app_state, folder, clock):
    window = open_window(qtbot, app_state)
    task = backup_dialogs.start_daily_backup(window)
    qtbot.waitUntil(task.done)
    assert task.result().path.name == "ems-20170621-150000-quotidienne.sqlite3"
    assert window.statusBar().currentMessage() == \
        "Sauvegarde quotidienne faite et vérifiée : ems-20170621-150000-quotidienne.sqlite3"
    clock.advance(hours=3)
    again = backup_dialogs.start_daily_backup(window)
    qtbot.waitUntil(again.done)
    assert again.result() is None and names(folder) == ["ems-20170621-150000-quotidienne.sqlite3"]
    clock.advance(days=1)
    tomorrow = backup_dialogs.start_daily_backup(window)
    qtbot.waitUntil(tomorrow.done)
    assert tomorrow.result().path.name == "ems-20170622-180000-quotidienne.sqlite3"


def test_a_failed_automatic_backup_opens_a_warning(qtbot, app_state, tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier", encoding="utf-8")
    app_state.local.set(config.BACKUP_FOLDER, str(blocker / "sauvegardes"))
    window = open_window(qtbot, app_state)
    task = backup_dialogs.start_daily_backup(window)
    qtbot.waitUntil(task.done)
    assert task.result() is None
    box = window.backup_failed_box
    assert box.isVisible() and box.icon() == QMessageBox.Icon.Warning and box.windowTitle() == "Sauvegarde non faite"
    assert box.text().startswith("La sauvegarde quotidienne de la base a échoué.\n\nLe dossier des sauvegardes")
    box.close()


def test_the_dialogs_fit_a_counters_screen(qtbot, app_state, folder, old_backup):
    from ems_desktop.views.backup_dialogs import BackupProgressDialog, RestoreDialog

    for dialog in (BackupProgressDialog(), RestoreDialog(app_state, backup.list_backups(folder) * 40, folder)):
        qtbot.addWidget(dialog)
        dialog.show()
        size = dialog.size()
        assert size.width() <= 1366 and size.height() <= 700, (type(dialog).__name__, size)


def test_the_counter_backs_up_at_start_and_restarts_when_asked(qtbot, event_loop, tmp_path, counter_on_disk):
    """run_counter: the day's backup once the window shows; after a restore, EXIT_RESTART."""

    path, base, _, _ = counter_on_disk
    base.db.dispose()
    folder = tmp_path / "sauvegardes"
    (tmp_path / "guichet.json").write_text(json.dumps({"backup.folder": str(folder)}), encoding="utf-8")
    task = start_counter(path, tmp_path / "log")
    log_in(qtbot, "c.martin", "Velo-rouge-73")
    qtbot.waitUntil(lambda: top(MainWindow) is not None, timeout=15000)
    window = top(MainWindow)
    qtbot.waitUntil(lambda: window.backups.daily_task is not None and window.backups.daily_task.done(), timeout=15000)
    assert [b.reason for b in backup.list_backups(folder)] == ["quotidienne"]
    window.backups.request_restart()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not task.done()
    # Under QApplication.exec() (qasync, in the application) Qt says so itself; the tests run no exec().
    QApplication.instance().lastWindowClosed.emit()
    qtbot.waitUntil(task.done, timeout=15000)
    assert task.result() == backups.EXIT_RESTART
    shiboken6.delete(window)  # no main window left behind for the next tests
