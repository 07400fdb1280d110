"""The counter run whole (run_counter) as its start-up tests drive it: the visible top-level
windows, and the log-in dialog filled in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


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
