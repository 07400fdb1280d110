"""The counter run whole (run_counter) as its start-up tests drive it: started on a base, the
visible top-level windows, and the log-in dialog filled in."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ems_desktop.database.engine import sqlite_url


def top(kind, name: str | None = None):
    """The visible top-level window of ``kind`` (and of object name ``name``, when given), or None."""
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
                 and (name is None or w.objectName() == name)), None)


def log_in(qtbot, login: str = "c.martin", password: str = "Velo-rouge-73", counter_index: int | None = None) -> None:
    """Wait for the log-in dialog, type ``login`` and ``password`` (and pick the counter at
    ``counter_index``, when given) and click OK."""
    from ems_desktop.views.login import LoginDialog

    qtbot.waitUntil(lambda: top(LoginDialog) is not None, timeout=15000)
    dialog = top(LoginDialog)
    if counter_index is not None:
        dialog.counter_combo.setCurrentIndex(counter_index)
    dialog.login_edit.setText(login)
    dialog.password_edit.setText(password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def start_counter(path: Path, log_folder: Path) -> asyncio.Future:
    """run_counter on the SQLite base at ``path`` (not the demonstration), its errors reported in
    ``log_folder``; the task, to cancel at the end."""
    from ems_desktop.views.application import run_counter
    from ems_desktop.views.errors import ErrorReporter

    return asyncio.ensure_future(run_counter(sqlite_url(path), False, ErrorReporter(log_folder)))
