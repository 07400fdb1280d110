"""A tab that says plainly what it will hold, until its screen exists."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class PlaceholderTab(QWidget):
    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame()
        card.setObjectName("placeholder_card")
        card.setStyleSheet("#placeholder_card { background: #f4f6f9; border: 1px solid #d8dde6; border-radius: 8px; }")
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 18pt; font-weight: 600; color: #1f3a5f;")
        text = QLabel(description)
        text.setWordWrap(True)
        text.setStyleSheet("font-size: 11pt; color: #333;")
        soon = QLabel(self.tr("Cet écran arrive dans une prochaine version."))
        soon.setStyleSheet("color: #666; font-style: italic;")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(12)
        inner.addWidget(heading)
        inner.addWidget(text)
        inner.addWidget(soon)
        card.setFixedWidth(720)
        # A wrapped label in a fixed-width card: give it the height its text needs at that width.
        text_width = 720 - 64
        text.setFixedWidth(text_width)
        text.setMinimumHeight(text.heightForWidth(text_width))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.description = description
