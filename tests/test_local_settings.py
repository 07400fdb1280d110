"""This counter's settings file (guichet.json): missing, it means the defaults; there but unusable,
it is never read as empty (the counter would silently change terminal) — the counter does not start
and says which file, in French."""

from __future__ import annotations

import asyncio
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from ems_desktop import config
from ems_desktop.database.engine import sqlite_url
from ems_desktop.local_settings import LocalSettings, LocalSettingsUnreadable


def test_a_missing_file_means_the_defaults(tmp_path):
    local = LocalSettings(tmp_path / "guichet.json")
    assert local.get(config.TERMINAL_MODE) == "" and local.get(config.TERMINAL_HOST) == ""
    assert local.get(config.TERMINAL_PORT) == 8888 and local.get(config.RECEIPT_PRINTER) == ""


def test_saved_settings_are_read_back(tmp_path):
    path = tmp_path / "guichet.json"
    local = LocalSettings(path)
    local.set(config.TERMINAL_MODE, "tpe")
    local.set(config.TERMINAL_HOST, "192.168.1.50")
    local.set(config.TERMINAL_PORT, 8889)
    local.save()
    again = LocalSettings(path)
    assert (again.get(config.TERMINAL_MODE), again.get(config.TERMINAL_HOST), again.get(config.TERMINAL_PORT)) == (
        "tpe", "192.168.1.50", 8889)
    with pytest.raises(ValueError):
        local.set(config.TERMINAL_MODE, "bluetooth")  # only the modes there are


@pytest.mark.parametrize("content, reason", [
    (b'{"terminal.host": "192.168.1.50",', "ce n'est pas du JSON valide (ligne 1, colonne 34)"),
    (b"", "ce n'est pas du JSON valide (ligne 1, colonne 1)"),
    (b'["terminal.host", "192.168.1.50"]', "il doit contenir un objet JSON entre accolades { … }"),
    (b'"tpe"', "il doit contenir un objet JSON entre accolades { … }"),
    (b'{"terminal.host": "caf\xe9"}', "il n'est pas encodé en UTF-8"),
    (b'{"terminal.port": "huit mille"}', "la valeur de « terminal.port » (\"huit mille\") n'est pas valide"),
    (b'{"terminal.host": ["192.168.1.50"]}', "la valeur de « terminal.host » ([\"192.168.1.50\"]) n'est pas valide"),
    (b'{"terminal.mode": "bluetooth"}',
     "« terminal.mode » vaut « bluetooth », qui n'est pas un choix possible (« tpe », « simulateur », vide)"),
])
def test_an_unusable_file_is_refused_naming_it(tmp_path, content, reason):
    path = tmp_path / "guichet.json"
    path.write_bytes(content)
    with pytest.raises(LocalSettingsUnreadable) as refused:
        LocalSettings(path)
    message = str(refused.value)
    assert message.startswith(f"Le fichier des paramètres de ce poste, {path}, est illisible : {reason}. ")
    assert "Fichier › Paramètres" in message
    assert refused.value.path == path


def test_a_file_that_cannot_be_read_is_refused_too(tmp_path):
    path = tmp_path / "guichet.json"
    path.mkdir()  # there, but no file to read (as with a file without read permission)
    with pytest.raises(LocalSettingsUnreadable) as refused:
        LocalSettings(path)
    assert str(refused.value).startswith(f"Le fichier des paramètres de ce poste, {path}, est illisible : il ne "
                                         "peut pas être lu")
    assert refused.value.detail  # the system's own words, for the service informatique


def test_unknown_keys_and_nulls_are_harmless(tmp_path):
    path = tmp_path / "guichet.json"
    path.write_text(json.dumps({"window.theme": "sombre", "terminal.port": None}), encoding="utf-8")
    assert LocalSettings(path).get(config.TERMINAL_PORT) == 8888


# --- at start-up: a blocking dialog, a non-zero exit, the database untouched ------------------------------

def test_the_counter_does_not_start_on_an_unreadable_settings_file(qtbot, event_loop, tmp_path, monkeypatch):
    from ems_desktop.views.application import EXIT_LOCAL_SETTINGS_UNREADABLE, run_counter
    from ems_desktop.views.errors import ErrorReporter
    from ems_desktop.views.main_window import MainWindow

    monkeypatch.setenv("EMS_CONFIG_DIR", str(tmp_path))
    settings = tmp_path / "guichet.json"
    settings.write_text('{"terminal.mode": "tpe", "terminal.host": ', encoding="utf-8")  # cut short
    database = tmp_path / "ems.sqlite3"
    task = asyncio.ensure_future(run_counter(sqlite_url(database), False, ErrorReporter(tmp_path / "log")))

    def dialog():
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
                     and w.objectName() == "local_settings_unreadable" and w.isVisible()), None)

    qtbot.waitUntil(lambda: dialog() is not None, timeout=15000)
    box = dialog()
    assert box.icon() == QMessageBox.Icon.Critical and box.windowTitle() == "Paramètres du poste illisibles"
    assert box.text().startswith(f"Le fichier des paramètres de ce poste, {settings}, est illisible : ce n'est pas "
                                 "du JSON valide")
    assert box.detailedText()  # the parser's own words behind « Montrer les détails… »
    assert box.isModal() and not task.done()  # blocking: the start waits for the agent
    close = box.button(QMessageBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=15000)
    assert task.result() == EXIT_LOCAL_SETTINGS_UNREADABLE == 3
    # No counter opened.
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert not database.exists()  # refused before the database was touched
    assert settings.read_text(encoding="utf-8") == '{"terminal.mode": "tpe", "terminal.host": '  # left as it was
    box.deleteLater()
