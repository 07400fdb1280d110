"""Builders shared by the dossier form's section tests (children, guardians, household, health)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def shown(qtbot, widget: W, width: int, height: int) -> W:
    """``widget`` kept by qtbot, at ``width`` × ``height``, shown and exposed."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def leave(qtbot, edit, text: str) -> None:
    """Type ``text`` and press Enter: checked as when the agent leaves the field."""
    edit.setText(text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
