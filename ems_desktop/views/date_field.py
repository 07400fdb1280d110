"""A date the agent types (jj/mm/aaaa) or picks in a calendar, read exactly as typed.

Qt's QDateEdit edits a date by sections: typing « 06/12/2017 » over a selected 30/11/2026 gave
30/12/2017. Every date typed at the counter goes through this field instead.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from ems_desktop.dates import format_date, parse_date


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class DateField(QWidget):
    """A date typed jj/mm/aaaa and read exactly as typed: typing over a selected date replaces it
    (QDateEdit's sections turned 06/12/2017 typed over 30/11/2026 into 30/12/2017). 06122017 and
    6/12/2017 are read too. The arrow, or Alt+↓ / F4, opens a calendar to pick the day from."""

    changed = Signal()  # the text changed: a message about the former date no longer holds

    def __init__(self, day: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("jj/mm/aaaa"))
        self.edit.setMaxLength(10)
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9/]*"), self.edit))
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.edit.textChanged.connect(lambda _text: self.changed.emit())
        self.edit.editingFinished.connect(self._tidy)
        self.edit.installEventFilter(self)
        self.calendar_button = QToolButton()
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setToolTip(self.tr("Choisir dans le calendrier (Alt+↓)"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard has Alt+↓
        self.calendar_button.clicked.connect(self.show_calendar)
        self.popup: QCalendarWidget | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.calendar_button)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        if day is not None:
            self.set_date(day)

    def date(self) -> dt.date | None:
        """The date typed, or None if the text is not a whole valid date."""
        text = self.edit.text().strip()
        if re.fullmatch(r"\d{8}", text):
            text = f"{text[:2]}/{text[2:4]}/{text[4:]}"
        if not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            return None
        try:
            return parse_date(text)
        except ValueError:
            return None

    def problem(self) -> str:
        """Why the text is not a date, in French ("" when it is one)."""
        text = self.edit.text().strip()
        if not text:
            return self.tr("Indiquez la date (jj/mm/aaaa).")
        if self.date() is None:
            return self.tr("« %1 » n'est pas une date valide (jj/mm/aaaa).").replace("%1", text)
        return ""

    def set_date(self, day: dt.date) -> None:
        self.edit.setText(format_date(day))

    def _tidy(self) -> None:
        day = self.date()
        if day is not None and self.edit.text() != format_date(day):
            self.edit.setText(format_date(day))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and (
                event.key() == Qt.Key.Key_F4 or (event.key() == Qt.Key.Key_Down
                                                  and event.modifiers() & Qt.KeyboardModifier.AltModifier)):
            self.show_calendar()
            return True
        return super().eventFilter(watched, event)

    def show_calendar(self) -> None:
        if self.popup is None:
            self.popup = QCalendarWidget(self)
            self.popup.setWindowFlags(Qt.WindowType.Popup)
            self.popup.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self.popup.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            self.popup.setGridVisible(True)
            self.popup.setMinimumSize(320, 220)  # narrower, Qt drops the month's arrows
            self.popup.clicked.connect(self._picked)
            self.popup.activated.connect(self._picked)  # Entrée
        self.popup.setSelectedDate(_qdate(self.date() or dt.date.today()))
        self.popup.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self.popup.show()
        self.popup.setFocus()

    def _picked(self, day: QDate) -> None:
        assert self.popup is not None  # its own clicks bring us here
        self.popup.hide()
        self.set_date(_pydate(day))
        self.edit.setFocus()
        self.edit.selectAll()
