"""The Planning tab: for the chosen child, a French month calendar with a star on each session
of each confirmed enrollment (the family portal's stars), other marks for enrollments to pay, the
waiting list and cancelled sessions; the sessions of the month beside it, the period's cost and
the family's balance; the groups' rosters and attendance sheets; the administrator's changes."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from pathlib import Path

import qasync
from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRect, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import format_date
from ems_desktop.models import EnrollmentStatus
from ems_desktop.money import format_cents
from ems_desktop.planning import SessionStatus
from ems_desktop.services import families, planning
from ems_desktop.views.app_state import AppState
from ems_desktop.views.async_tools import dialog_result
from ems_desktop.views.date_field import DateField
from ems_desktop.views.file_dialogs import ask_file
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel, FieldWithError, SeasonChooser, action_buttons

# The marks, by what they mean. The star is the family portal's.
CONFIRMED, PENDING, WAITING, CANCELLED = "★", "☆", "◇", "✕"
MARK_COLOURS = {CONFIRMED: "#1f5fbf", PENDING: "#b07d00", WAITING: "#8e44ad", CANCELLED: "#b3261e"}
STATUS_LABELS = {EnrollmentStatus.CONFIRMED: "confirmée", EnrollmentStatus.PENDING: "à payer",
                 EnrollmentStatus.WAITING: "liste d'attente"}
# A group's day or hours and an offer's period move sessions too (Fichier › Catalogue…).
REFRESH_ON = {"enrollment", "places", "planning", "invoice", "payment", "credit_note", "family", "group", "offer"}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def marks_of(plan: planning.ChildPlanning | None) -> dict[dt.date, list[str]]:
    """The symbols to paint on each day."""
    marks: dict[dt.date, list[str]] = {}
    for entry in plan.entries if plan else ():
        symbol = {EnrollmentStatus.CONFIRMED: CONFIRMED, EnrollmentStatus.PENDING: PENDING}.get(entry.status, WAITING)
        for session in entry.sessions:
            marks.setdefault(session.day, []).append(CANCELLED if session.status == SessionStatus.CANCELLED else symbol)
    return marks


def session_line(entry: planning.PlanningEntry, session) -> str:
    """One line of a tooltip or of the day's panel (French, already translated words)."""
    line = f"{entry.group_label} — {entry.schedule_label}, {entry.place}"
    if entry.status != EnrollmentStatus.CONFIRMED:
        line += f" ({STATUS_LABELS.get(entry.status, entry.status)})"
    if session.status == SessionStatus.CANCELLED:
        line += " — séance annulée" + (f" : {session.reason}" if session.reason else "")
    elif session.status == SessionStatus.ADDED:
        line += " — séance ajoutée" + (f" : {session.reason}" if session.reason else "")
    return line


def _short(label: str) -> str:
    """"7/11 ans VTT ou initiation bowling" → "VTT ou initiation bowling" (the age is in the group)."""
    words = label.split(" ")
    return " ".join(words[2:]) if len(words) > 2 and words[1] == "ans" and "/" in words[0] else label


def notes_of(plan: planning.ChildPlanning | None) -> dict[dt.date, tuple[str, bool]]:
    """The small text at the foot of a day's cell: the activity of its sessions, or, in grey, why a
    Wednesday of an enrolled period has none ("Vacances de la Toussaint")."""
    notes: dict[dt.date, tuple[str, bool]] = {}
    for entry in plan.entries if plan else ():
        for skipped in entry.skipped:
            notes.setdefault(skipped.day, (skipped.label, True))
    for entry in plan.entries if plan else ():
        for session in entry.sessions:
            current = notes.get(session.day)
            text = _short(entry.group_label)
            notes[session.day] = (f"{current[0]} · {text}" if current and not current[1] else text, False)
    return notes


def tooltips_of(plan: planning.ChildPlanning | None) -> dict[dt.date, str]:
    """What the calendar says when the pointer rests on a day: the sessions (group, hours, place,
    cancellation's reason), or why a Wednesday of an enrolled period has none."""
    tips: dict[dt.date, list[str]] = {}
    for entry in plan.entries if plan else ():
        symbol = {EnrollmentStatus.CONFIRMED: CONFIRMED, EnrollmentStatus.PENDING: PENDING}.get(entry.status, WAITING)
        for session in entry.sessions:
            mark = CANCELLED if session.status == SessionStatus.CANCELLED else symbol
            tips.setdefault(session.day, []).append(f"{mark} {session_line(entry, session)}")
        for skipped in entry.skipped:
            tips.setdefault(skipped.day, []).append(f"Pas de séance de {entry.group_label} : {skipped.label}")
    return {day: "\n".join(lines) for day, lines in tips.items()}


class PlanningCalendar(QCalendarWidget):
    """A QCalendarWidget that paints the planning's marks in each day's cell and shows each day's
    sessions (or why there is none) in a tooltip."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.marks: dict[dt.date, list[str]] = {}
        self.tooltips: dict[dt.date, str] = {}
        self.notes: dict[dt.date, tuple[str, bool]] = {}
        self.painted: dict[dt.date, list[str]] = {}  # what the last paint drew, by day (tests read it)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self._mark_font = QFont(self.font())
        self._mark_font.setPointSize(self._mark_font.pointSize() + 5)
        self._mark_font.setBold(True)
        self._note_font = QFont(self.font())
        self._note_font.setPointSize(max(self._note_font.pointSize() - 1, 7))
        self._cancelled_fill = QColor(179, 38, 30, 28)
        self._cancelled_pen = QColor(MARK_COLOURS[CANCELLED])
        view = self.findChild(QTableView)
        assert view is not None, "QCalendarWidget draws its days in a QTableView"
        self.view: QTableView = view
        self.view.setMouseTracking(True)
        self.view.viewport().installEventFilter(self)

    def set_marks(self, marks: dict[dt.date, list[str]], tooltips: dict[dt.date, str] | None = None,
                  notes: dict[dt.date, tuple[str, bool]] | None = None) -> None:
        self.marks = marks
        self.tooltips = tooltips or {}
        self.notes = notes or {}
        self.updateCells()

    def paintCell(self, painter: QPainter, rect: QRect, date: QDate) -> None:  # noqa: N802 (Qt's name)
        day = _pydate(date)
        symbols = self.marks.get(day)
        if symbols and all(s == CANCELLED for s in symbols):
            painter.fillRect(rect, self._cancelled_fill)
        super().paintCell(painter, rect, date)
        note = self.notes.get(day)
        if not symbols and not note:
            self.painted.pop(day, None)
            return
        painter.save()
        if (date.year(), date.month()) != (self.yearShown(), self.monthShown()):
            painter.setOpacity(0.35)  # a day of the previous or next month, greyed like its number
        if note and rect.height() >= 48:
            text, muted = note
            painter.setFont(self._note_font)
            selected = date == self.selectedDate()
            painter.setPen(QColor("white") if selected else QColor("#777777") if muted else QColor("#1f3a5f"))
            lines = 2 if rect.height() >= 72 else 1
            box = rect.adjusted(4, rect.height() - lines * painter.fontMetrics().lineSpacing() - 4, -4, -3)
            if lines == 1:
                text = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, box.width())
            painter.setClipRect(box)
            painter.drawText(box, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter
                             | Qt.TextFlag.TextWordWrap, text)
            painter.setClipping(False)
        if not symbols:
            painter.restore()
            self.painted.pop(day, None)
            return
        if all(s == CANCELLED for s in symbols):
            # Crossed out: the session will not take place.
            painter.setPen(self._cancelled_pen)
            painter.drawLine(rect.topLeft() + QPoint(3, 3), rect.bottomRight() - QPoint(3, 3))
        painter.setFont(self._mark_font)
        x = rect.left() + 4
        for symbol in symbols[:3]:
            painter.setPen(QColor(MARK_COLOURS[symbol]))
            painter.drawText(QRect(x, rect.top() + 2, 26, 26), Qt.AlignmentFlag.AlignLeft, symbol)
            x += 24
        painter.restore()
        self.painted[day] = list(symbols[:3])

    # --- tooltips ----------------------------------------------------------------------------
    def date_at(self, pos: QPoint) -> dt.date | None:
        """The day under a point of the days' table (its viewport's coordinates), as Qt lays the
        month out: Monday first, the 1st on the first row unless it is a Monday (then the second)."""
        index = self.view.indexAt(pos)
        if not index.isValid() or index.row() < 1:  # row 0: the days' names
            return None
        first = dt.date(self.yearShown(), self.monthShown(), 1)
        column_of_first = (first.weekday() - (self.firstDayOfWeek().value - 1)) % 7
        first_row = 2 if column_of_first == 0 else 1
        return first + dt.timedelta(days=(index.row() - first_row) * 7 + index.column() - column_of_first)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip and watched is self.view.viewport():
            day = self.date_at(event.pos())
            text = self.tooltips.get(day) if day else None
            if day is not None and text:
                QToolTip.showText(event.globalPos(), f"{format_date(day)}\n{text}", self.view.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)


class PlanningTab(QWidget):
    loaded = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.family_id: uuid.UUID | None = None
        self.plan: planning.ChildPlanning | None = None
        self.family_children: list = []  # not `children`: QObject.children() is Qt's

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1f3a5f;")
        self.child_combo = QComboBox()
        self.child_combo.setObjectName("child")
        self.child_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.season_combo = SeasonChooser()
        self.season_combo.currentIndexChanged.connect(lambda _i: self._season_changed())
        self.today_button = QPushButton(self.tr("Aujourd'hui"))
        self.today_button.clicked.connect(lambda: self.calendar.setSelectedDate(_qdate(self.state.context.today())))
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(QLabel(self.tr("Enfant")))
        header.addWidget(self.child_combo)
        header.addWidget(QLabel(self.tr("Saison")))
        header.addWidget(self.season_combo)
        header.addWidget(self.today_button)

        self.calendar: PlanningCalendar = PlanningCalendar()
        self.calendar.setObjectName("planning_calendar")
        self.calendar.setSelectedDate(_qdate(state.context.today()))  # the counter's day, not the machine's
        self.calendar.currentPageChanged.connect(lambda _y, _m: self._show_month())
        self.calendar.selectionChanged.connect(self._show_day)
        legend = QLabel(self.tr("<span style='color:#1f5fbf'>★</span> séance (inscription confirmée) &nbsp; "
                                "<span style='color:#b07d00'>☆</span> inscription à payer &nbsp; "
                                "<span style='color:#8e44ad'>◇</span> liste d'attente &nbsp; "
                                "<span style='color:#b3261e'>✕</span> séance annulée"))
        self.unavailable = ErrorLabel()
        self.unavailable.setObjectName("planning_unavailable")
        left = QVBoxLayout()
        left.addWidget(self.calendar, 1)
        left.addWidget(legend)
        left.addWidget(self.unavailable)

        self.cost_label = QLabel()
        self.cost_label.setObjectName("cost")
        self.cost_label.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.balance_label = QLabel()
        self.balance_label.setObjectName("balance")
        self.balance_label.setStyleSheet("font-size: 12pt;")
        self.entries = QListWidget()
        self.entries.setObjectName("entries")
        self.entries.setWordWrap(True)
        self.day_label = QLabel()
        self.day_label.setWordWrap(True)
        self.month_list = QListWidget()
        self.month_list.setObjectName("month_sessions")
        self.month_list.setWordWrap(True)
        self.roster_button = QPushButton(self.tr("Liste du groupe et feuille de présence…"))
        self.roster_button.clicked.connect(self.open_roster)
        self.change_button = QPushButton(self.tr("Annuler, rétablir ou ajouter une séance…"))
        self.change_button.clicked.connect(self.open_change)
        self.change_button.setVisible(state.agent.is_admin)
        self.period_button = QPushButton(self.tr("Fermeture ou vacances saisies à la main…"))
        self.period_button.clicked.connect(self.open_period)
        self.period_button.setVisible(state.agent.is_admin)
        side_box = QGroupBox(self.tr("Activités de la saison"))
        side = QVBoxLayout(side_box)
        side.addWidget(self.cost_label)
        side.addWidget(self.balance_label)
        side.addWidget(self.entries, 1)
        side.addWidget(self.day_label)
        side.addWidget(QLabel(self.tr("Séances du mois")))
        side.addWidget(self.month_list, 2)
        side.addWidget(self.roster_button)
        side.addWidget(self.change_button)
        side.addWidget(self.period_button)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(side_box, 2)
        self.empty = QLabel(self.tr("Aucun dossier ouvert.\nOuvrez un dossier dans l'onglet Dossiers (Ctrl+2) : le "
                                    "planning de chaque enfant s'affichera ici."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #555; font-size: 11pt;")
        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(header)
        content_layout.addLayout(body, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.content)
        self.content.hide()
        # Tab follows the screen: the header, the calendar, then the side panel from top to bottom.
        chain = [self.child_combo, self.season_combo, self.today_button, self.calendar, self.entries,
                 self.month_list, self.roster_button, self.change_button, self.period_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._enable_buttons()
        self.state.signals.changed.connect(self._on_changes)

    def focus_first(self) -> None:
        """The calendar: the agent moves from day to day with the arrows (the day's sessions show
        beside it) and the dialogs open on the day chosen."""
        if self.content.isVisible():
            self.calendar.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected_day(self) -> dt.date:
        return _pydate(self.calendar.selectedDate())

    def _enable_buttons(self) -> None:
        has_entries = bool(self.plan and self.plan.entries)
        self.roster_button.setEnabled(has_entries)
        self.change_button.setEnabled(has_entries)

    # --- loading ----------------------------------------------------------------------------
    @qasync.asyncSlot(object)
    async def set_family(self, family_id) -> None:
        self.family_id = family_id
        # Nothing of the previous family stays on screen while this one loads.
        self.plan = None
        self.unavailable.clear_message()
        self.day_label.clear()
        view = await self.state.call(families.get_family, family_id)
        await self.season_combo.ensure_loaded(self.state)
        self.title.setText(self.tr("Planning — famille %1").replace("%1", view.name))
        self.family_children = list(view.children)
        self.child_combo.blockSignals(True)
        self.child_combo.clear()
        for child in self.family_children:
            self.child_combo.addItem(child.first_name, child.id)
        self.child_combo.blockSignals(False)
        self.empty.hide()
        self.content.show()
        await self.reload()

    def select_child(self, first_name: str) -> None:
        for index, child in enumerate(self.family_children):
            if child.first_name == first_name:
                self.child_combo.setCurrentIndex(index)

    def select_season(self, label: str) -> None:
        self.season_combo.select(label)

    def _season_changed(self) -> None:
        self.reload()

    @qasync.asyncSlot()
    async def reload(self) -> None:
        child_id, season_id = self.child_combo.currentData(), self.season_combo.currentData()
        if child_id is None or season_id is None:
            self.plan = None
            self.calendar.set_marks({})
            self.entries.clear()
            self.month_list.clear()
            self.balance_label.clear()
            self.unavailable.clear_message()
            self.day_label.clear()
            self._enable_buttons()
            self.cost_label.setText(
                self.tr("Cette famille n'a pas encore d'enfant : ajoutez-le dans l'onglet Dossiers (Ctrl+2).")
                if child_id is None else
                self.tr("Aucune saison : un administrateur importe le catalogue (Fichier › Importer un catalogue…)."))
            self.cost_label.setWordWrap(True)
            self.loaded.emit()
            return
        self.plan = await self.state.call(planning.child_planning, child_id, season_id)
        self._enable_buttons()
        self.calendar.set_marks(marks_of(self.plan), tooltips_of(self.plan), notes_of(self.plan))
        self.unavailable.show_message(self.plan.unavailable + (
            self.tr(" Un administrateur les saisit avec « Fermeture ou vacances saisies à la main… ».")
            if self.plan.unavailable else ""))
        self.cost_label.setText(self.tr("Coût de la période : %1").replace("%1", format_cents(self.plan.cost_cents)))
        due = self.plan.balance_due_cents
        self.balance_label.setText(self.tr("Restant dû : %1").replace("%1", format_cents(max(due, 0))) if due >= 0
                                   else self.tr("Avoir sur le compte : %1").replace("%1", format_cents(-due)))
        self.balance_label.setStyleSheet("font-size: 12pt; color: #b3261e;" if due > 0 else "font-size: 12pt;")
        self.entries.clear()
        if not self.plan.entries:
            self.entries.addItem(self.tr("Aucune inscription pour cette saison : inscrivez l'enfant dans l'onglet "
                                         "Inscriptions (Ctrl+3)."))
        for entry in self.plan.entries:
            sessions = (self.tr("%1 séances").replace("%1", str(entry.held_count)) if entry.sessions else
                        self.tr("dates inconnues"))
            price = (format_cents(entry.price_cents) if entry.status != EnrollmentStatus.WAITING
                     else self.tr("non facturée"))
            self.entries.addItem(f"{entry.group_label} — {STATUS_LABELS.get(entry.status, entry.status)}\n"
                                 f"   {entry.offer_label} — {price}\n"
                                 f"   {entry.schedule_label}, {entry.place} — {sessions}")
        first = min((s.day for e in self.plan.entries for s in e.sessions), default=None)
        if first is not None and not self._month_has_marks():
            self.calendar.setCurrentPage(first.year, first.month)
        self._show_month()
        self._show_day()
        self.loaded.emit()

    def _month_has_marks(self) -> bool:
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        return any(d.year == year and d.month == month for d in self.calendar.marks)

    def _show_month(self) -> None:
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        selected = self.calendar.selectedDate()
        if (selected.year(), selected.month()) != (year, month):
            # The day details follow the month shown.
            self.calendar.setSelectedDate(QDate(year, month, 1))
        self.month_list.clear()
        if self.plan is None:
            return
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        # By day, then by hours and group: a child in two groups the same Wednesday (a trimester
        # and its ski option) has two lines that day.
        rows = sorted(((s.day, e, s) for e in self.plan.entries for s in e.sessions
                       if s.day.year == year and s.day.month == month),
                      key=lambda row: (row[0], row[1].schedule_label, row[1].group_label))
        for day, entry, session in rows:
            note = {SessionStatus.CANCELLED: self.tr(" — annulée : %1").replace("%1", session.reason),
                    SessionStatus.ADDED: self.tr(" — séance ajoutée %1").replace("%1", session.reason),
                    }.get(session.status, "")
            self.month_list.addItem(f"{format_date(day)} — {entry.group_label} ({entry.schedule_label}){note}")
        if not rows:
            self.month_list.addItem(self.tr("Pas de séance ce mois-ci."))

    def _show_day(self) -> None:
        if self.plan is None:
            return
        day = _pydate(self.calendar.selectedDate())
        found = self.plan.sessions_on(day)
        if not found:
            why = "; ".join(k.label for _e, k in self.plan.skipped_on(day)[:1])
            self.day_label.setText(self.tr("Le %1 : pas de séance.").replace("%1", format_date(day))
                                   + (f" ({why})" if why else ""))
            return
        lines = [session_line(e, s) for e, s in found]
        self.day_label.setText(self.tr("Le %1 : ").replace("%1", format_date(day)) + " ; ".join(lines))

    def _on_changes(self, changes) -> None:
        if any(c.entity == "season" for c in changes):
            self.season_combo.forget()
            if self.family_id is not None:
                self.set_family(self.family_id)
            return
        if self.family_id is not None and any(c.entity in REFRESH_ON for c in changes):
            self.reload()

    # --- rosters and the administrator's changes ----------------------------------------------
    @qasync.asyncSlot()
    async def open_roster(self) -> None:
        if not self.plan or not self.plan.entries:
            return
        dialog = RosterDialog(self.state, self.plan, self.selected_day(), self)
        self.roster_dialog = dialog
        await dialog_result(dialog)

    @qasync.asyncSlot()
    async def open_period(self) -> None:
        dialog = PeriodDialog(self.state, self.plan, self.selected_day(), self)
        self.period_dialog = dialog
        if await dialog_result(dialog) == PeriodDialog.DialogCode.Accepted:
            await self.reload()

    @qasync.asyncSlot()
    async def open_change(self) -> None:
        if not self.plan or not self.plan.entries:
            return
        dialog = SessionChangeDialog(self.state, self.plan, self.selected_day(), self)
        self.change_dialog = dialog
        await dialog_result(dialog)



# --- The dialogs ------------------------------------------------------------------------------

def _fit_to_content(dialog: QDialog) -> None:
    """The dialog grows (or shrinks back) to show every message whole, word-wrapped at the
    dialog's width (adjustSize would wrap them at the narrower width the layout prefers)."""
    layout = dialog.layout()
    assert layout is not None, "every dialog of this screen has its layout"
    layout.activate()
    width = max(dialog.width() if dialog.isVisible() else 0, dialog.minimumWidth(), layout.sizeHint().width())
    height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
    dialog.resize(width, max(height, layout.totalMinimumSize().height()))


class PeriodDialog(QDialog):
    """Administrators: a closure (every group, the groups of one place, or one group), or school
    holidays typed by hand for a year the holiday package does not know yet. Opens on the day
    chosen in the calendar."""

    def __init__(self, state: AppState, plan: planning.ChildPlanning | None, day: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("Fermeture ou vacances scolaires"))
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Fermeture (aucune séance)"), "closure")
        for zone in ("A", "B", "C"):
            self.kind_combo.addItem(self.tr("Vacances scolaires de la zone %1").replace("%1", zone), zone)
        # Whom a closure concerns: every group, the groups meeting at a place, or one group
        # (the places and groups of the child shown).
        self.scope_combo = QComboBox()
        self.scope_combo.addItem(self.tr("Tous les groupes"), None)
        entries = plan.entries if plan else ()
        for place in dict.fromkeys(e.place for e in entries if e.place):
            self.scope_combo.addItem(self.tr("Les groupes du lieu : %1").replace("%1", place), ("place", place))
        for entry in entries:
            self.scope_combo.addItem(self.tr("Le groupe : %1").replace("%1", entry.group_label),
                                     ("group", entry.group_id))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.scope_combo.currentIndexChanged.connect(lambda _i: self.error.clear_message())
        self.first_edit, self.last_edit = DateField(day), DateField(day)
        self.first_field, self.last_field = FieldWithError(self.first_edit), FieldWithError(self.last_edit)
        self.first_edit.changed.connect(self._first_changed)
        self.last_edit.changed.connect(self._dates_changed)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("ex. Gymnase fermé pour travaux, Vacances de la Toussaint"))
        self.name_field = FieldWithError(self.name_edit)
        self.name_edit.textChanged.connect(lambda _t: self._clear(self.name_field.error))
        self.error: ErrorLabel = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Type"), self.kind_combo)
        form.addRow(self.tr("Pour"), self.scope_combo)
        form.addRow(self.tr("Du"), self.first_field)
        form.addRow(self.tr("Au"), self.last_field)
        form.addRow(self.tr("Nom ou motif"), self.name_field)
        buttons, self.ok_button = action_buttons(self, self.tr("Enregistrer"), self._on_ok, self.tr("Fermer"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        for first, second in itertools.pairwise([self.kind_combo, self.scope_combo, self.first_edit, self.last_edit,
                                                 self.name_edit, self.ok_button]):
            QWidget.setTabOrder(first, second)
        self.first_edit.setFocus()
        self.first_edit.edit.selectAll()  # typing replaces the day

    def _clear(self, *labels: ErrorLabel) -> None:
        for label in (*labels, self.error):
            label.clear_message()
        _fit_to_content(self)

    def _kind_changed(self) -> None:
        self.scope_combo.setEnabled(self.kind_combo.currentData() == "closure")
        self._clear(self.name_field.error)  # "Nommez ces vacances" / "Indiquez la raison…" depend on the kind

    def _first_changed(self) -> None:
        first, last = self.first_edit.date(), self.last_edit.date()
        if first is not None and last is not None and last < first:
            self.last_edit.set_date(first)  # a period of one day, until the agent says otherwise
        self._dates_changed()

    def _dates_changed(self) -> None:
        self._clear(self.first_field.error, self.last_field.error)

    @qasync.asyncSlot()
    async def _on_ok(self) -> None:
        for label in (self.error, self.first_field.error, self.last_field.error, self.name_field.error):
            label.clear_message()
        first, last = self.first_edit.date(), self.last_edit.date()
        if first is None or last is None:
            self.first_field.error.show_message(self.first_edit.problem())
            self.last_field.error.show_message(self.last_edit.problem())
            _fit_to_content(self)
            return
        kind = self.kind_combo.currentData()
        if kind == "closure":
            scope = self.scope_combo.currentData()
            op = ServiceOp(self.state, planning.add_closure, first, last, self.name_edit.text(),
                           group_id=scope[1] if scope and scope[0] == "group" else None,
                           place=scope[1] if scope and scope[0] == "place" else "")
        else:
            op = ServiceOp(self.state, planning.add_holiday_period, kind, self.name_edit.text(), first, last)
        done = await op.disabling(self.ok_button).errors_to(self.error, {
            "last_day": self.last_field.error, "reason": self.name_field.error, "name": self.name_field.error}).run()
        if not done.ok:
            _fit_to_content(self)
            return
        self.accept()


def _entry_with_session_on(plan: planning.ChildPlanning, day: dt.date) -> int:
    """The index of the first entry with a session that day (one held first), else 0."""
    for wanted in (lambda s: s.takes_place, lambda s: True):
        for index, entry in enumerate(plan.entries):
            if any(s.day == day and wanted(s) for s in entry.sessions):
                return index
    return 0


class RosterDialog(QDialog):
    """The children of a group with their ages, and its attendance sheet for a session. Opens on
    the group meeting the day chosen in the calendar, and that day's session (or the next one)."""

    def __init__(self, state: AppState, plan: planning.ChildPlanning, day: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.plan = plan
        self.day = day
        self.saved_path: Path | None = None
        self.roster = None
        self.setWindowTitle(self.tr("Liste du groupe"))
        self.group_combo = QComboBox()
        for entry in plan.entries:
            self.group_combo.addItem(entry.group_label, entry.group_id)
        self.group_combo.setCurrentIndex(_entry_with_session_on(plan, day))
        self.group_combo.currentIndexChanged.connect(lambda _i: self._group_changed())
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Enfant"), self.tr("Âge"), self.tr("Inscription"),
                                              self.tr("Santé")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.day_combo = QComboBox()
        self.day_combo.currentIndexChanged.connect(lambda _i: self.info.clear())  # about another session
        self.sheet_button = QPushButton(self.tr("Feuille de présence (PDF)…"))
        self.sheet_button.clicked.connect(self.save_sheet)
        self.info: QLabel = QLabel()
        self.info.setWordWrap(True)
        self.info.setOpenExternalLinks(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Séance du")))
        row.addWidget(self.day_combo, 1)
        row.addWidget(self.sheet_button)
        close = QDialogButtonBox()
        close.addButton(self.tr("Fermer"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        group_row = QHBoxLayout()
        group_label = QLabel(self.tr("Groupe"))
        group_label.setBuddy(self.group_combo)
        group_row.addWidget(group_label)
        group_row.addWidget(self.group_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(group_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.info)
        layout.addWidget(close)
        self.resize(640, 480)
        self._fill_days()
        self.group_combo.setFocus()
        self.load()

    def _fill_days(self) -> None:
        """The group's sessions that take place; the one of the day chosen, or the next one."""
        entry = self.plan.entries[self.group_combo.currentIndex()]
        held = [s.day for s in entry.sessions if s.takes_place]
        self.day_combo.blockSignals(True)
        self.day_combo.clear()
        for day in held:
            self.day_combo.addItem(format_date(day), day)
        self.day_combo.setCurrentIndex(next((i for i, day in enumerate(held) if day >= self.day), len(held) - 1))
        self.day_combo.blockSignals(False)

    def _group_changed(self) -> None:
        self.info.clear()
        self._fill_days()
        self.load()

    @qasync.asyncSlot()
    async def load(self) -> None:
        group_id = self.group_combo.currentData()
        roster = await self.state.call(planning.group_roster, group_id)
        if group_id != self.group_combo.currentData():
            return  # another group was chosen meanwhile: its own load shows it
        lines = list(roster.enrolled) + list(roster.waiting)
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            status = STATUS_LABELS.get(line.status, line.status)
            for column, value in enumerate((line.child_name, f"{line.age} ans", status, line.health)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.summary.setText(self.tr("%1 inscrit(s) pour %2 places ; %3 en liste d'attente.")
                             .replace("%1", str(len(roster.enrolled))).replace("%2", str(roster.capacity))
                             .replace("%3", str(len(roster.waiting))))
        self.roster = roster

    async def choose_path(self, suggested: Path) -> Path | None:
        """Where to save the sheet: a save dialog, opened without a nested loop. Tests replace it."""
        chosen = await ask_file(self, self.tr("Enregistrer la feuille de présence"), str(suggested.parent),
                                self.tr("Documents PDF (*.pdf)"), save=True, default_suffix="pdf",
                                suggested_name=suggested.name)
        return Path(chosen) if chosen else None

    @qasync.asyncSlot()
    async def save_sheet(self) -> None:
        """The attendance sheet of the chosen session as a PDF file, where the agent says."""
        from ems_desktop.printing import PrintingError, documents_folder, pdf_filename, save_pdf

        day = self.day_combo.currentData()
        if day is None:
            return
        self.info.clear()
        suggested = documents_folder("appels") / pdf_filename(
            "Feuille de présence", self.group_combo.currentText(), f"{day:%Y-%m-%d}")
        path = await self.choose_path(suggested)
        if path is None:
            return
        drawn = await ServiceOp(self.state, planning.attendance_sheet, self.group_combo.currentData(), day).errors_to(
            self.info.setText).run()
        if not drawn.ok:
            return
        try:
            self.saved_path = save_pdf(drawn.value, path)
        except PrintingError as failed:
            self.info.setText(str(failed))
            return
        link = QUrl.fromLocalFile(str(self.saved_path)).toString()
        self.info.setText(self.tr("Feuille de présence enregistrée : %1 — <a href=\"%2\">ouvrir</a>")
                          .replace("%1", str(self.saved_path)).replace("%2", link))


class SessionChangeDialog(QDialog):
    """Administrators: cancel a session (weather, strike; confirmed first), restore a cancelled one,
    or add one; shown everywhere at once. Opens on the day chosen in the calendar, the group
    meeting that day and the change that fits it (a session: cancel it; a cancelled one: restore
    it; none: add one)."""

    CANCEL, RESTORE, ADD = "cancel", "restore", "add"

    def __init__(self, state: AppState, plan: planning.ChildPlanning, day: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.plan = plan
        self.confirmation: QMessageBox | None = None
        self.setWindowTitle(self.tr("Annuler, rétablir ou ajouter une séance"))
        self.group_combo = QComboBox()
        for entry in plan.entries:
            self.group_combo.addItem(entry.group_label, entry.group_id)
        self.group_combo.setCurrentIndex(_entry_with_session_on(plan, day))
        self.day_edit = DateField(day)
        self.day_field = FieldWithError(self.day_edit)
        self.day_status = QLabel()
        self.day_status.setObjectName("day_status")
        self.day_status.setWordWrap(True)
        self.day_status.setStyleSheet("color: #555;")
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Annuler la séance"), self.CANCEL)
        self.kind_combo.addItem(self.tr("Rétablir la séance annulée"), self.RESTORE)
        self.kind_combo.addItem(self.tr("Ajouter une séance"), self.ADD)
        self.reason_edit = QLineEdit()
        self.reason_field = FieldWithError(self.reason_edit)
        self.error: ErrorLabel = ErrorLabel()
        # A grid, not a QFormLayout: its heights for the wrapped messages are exact (the form's
        # left a blank line under them).
        self.form = QGridLayout()
        self.form.setColumnStretch(1, 1)
        self.reason_label = QLabel(self.tr("Motif"))
        rows = [(QLabel(self.tr("Groupe")), self.group_combo), (QLabel(self.tr("Date")), self.day_field),
                (None, self.day_status), (QLabel(self.tr("Action")), self.kind_combo),
                (self.reason_label, self.reason_field)]
        for row, (label, field) in enumerate(rows):
            if label is not None:
                label.setBuddy(field.field if isinstance(field, FieldWithError) else field)
                label.setMinimumHeight(self.group_combo.sizeHint().height())  # level with its field's text
                self.form.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.form.addWidget(field, row, 1)
        buttons, self.ok_button = action_buttons(self, self.tr("Annuler la séance…"), self._on_ok, self.tr("Fermer"))
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        for first, second in itertools.pairwise([self.group_combo, self.day_edit, self.kind_combo, self.reason_edit,
                                                 self.ok_button]):
            QWidget.setTabOrder(first, second)
        self.group_combo.currentIndexChanged.connect(lambda _i: self._day_or_group_changed())
        self.day_edit.changed.connect(self._day_or_group_changed)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.reason_edit.textChanged.connect(lambda _t: self._clear(self.reason_field.error))
        self._day_or_group_changed()
        self.reason_edit.setFocus()  # group, day and change are chosen already: the reason is what is typed

    # What the day is for the group, and the change that fits it.
    def _session_on_day(self):
        entry = self.plan.entries[self.group_combo.currentIndex()]
        day = self.day_edit.date()
        session = next((s for s in entry.sessions if s.day == day), None)
        skipped = next((k for k in entry.skipped if k.day == day), None)
        return entry, day, session, skipped

    def _day_or_group_changed(self) -> None:
        entry, day, session, skipped = self._session_on_day()
        if day is None:
            self.day_status.clear()
        elif session is None:
            self.day_status.setText(
                self.tr("Pas de séance ce jour-là (%1).").replace("%1", skipped.label) if skipped else
                self.tr("Pas de séance ce jour-là pour ce groupe."))
        elif session.status == SessionStatus.CANCELLED:
            self.day_status.setText(self.tr("Séance annulée ce jour-là%1.").replace(
                "%1", f" : {session.reason}" if session.reason else ""))
        elif session.status == SessionStatus.ADDED:
            self.day_status.setText(self.tr("Séance ajoutée ce jour-là%1.").replace(
                "%1", f" : {session.reason}" if session.reason else ""))
        else:
            self.day_status.setText(self.tr("Séance prévue ce jour-là (%1, %2).")
                                    .replace("%1", entry.schedule_label).replace("%2", entry.place))
        if day is not None:
            fitting = (self.ADD if session is None else
                       self.RESTORE if session.status == SessionStatus.CANCELLED else self.CANCEL)
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(fitting))
        self._kind_changed()
        self._clear(self.day_field.error)

    def _kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.ok_button.setText({self.CANCEL: self.tr("Annuler la séance…"),
                                self.RESTORE: self.tr("Rétablir la séance"),
                                self.ADD: self.tr("Ajouter la séance")}[kind])
        # Restoring takes the cancellation back: no reason to give.
        self.reason_label.setVisible(kind != self.RESTORE)
        self.reason_field.setVisible(kind != self.RESTORE)
        self.reason_edit.setPlaceholderText(self.tr("ex. intempéries, grève") if kind == self.CANCEL
                                            else self.tr("ex. rattrapage de la séance du 11/10"))
        self._clear(self.day_field.error)

    def _clear(self, *labels: ErrorLabel) -> None:
        for label in (*labels, self.error):
            label.clear_message()
        _fit_to_content(self)

    async def confirm_cancellation(self, check: planning.CancellationCheck) -> bool:
        """Ask before cancelling: which group, which day, how many children it concerns."""
        concerned = (self.tr("Aucun enfant n'y est inscrit pour l'instant : la séance sera barrée sur le "
                             "planning, avec le motif «\u00a0%1\u00a0».") if check.enrolled == 0 else
                     self.tr("1 enfant inscrit est concerné : la séance sera barrée sur son planning, avec le "
                             "motif «\u00a0%1\u00a0».") if check.enrolled == 1 else
                     self.tr("%2 enfants inscrits sont concernés : la séance sera barrée sur leur planning, avec "
                             "le motif «\u00a0%1\u00a0».").replace("%2", str(check.enrolled)))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Annuler la séance ?"),
                          self.tr("Annuler la séance du %1 %2 du groupe «\u00a0%3\u00a0» ?")
                          .replace("%1", planning.WEEKDAYS[check.day.weekday()]).replace("%2", format_date(check.day))
                          .replace("%3", check.group_label), parent=self)
        box.setInformativeText(concerned.replace("%1", check.reason) + "\n"
                               + self.tr("Vous pourrez la rétablir ensuite."))
        self.confirm_button = box.addButton(self.tr("Annuler la séance"), QMessageBox.ButtonRole.AcceptRole)
        self.keep_button = box.addButton(self.tr("Ne pas annuler"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.keep_button)  # Entrée by mistake changes nothing
        box.setEscapeButton(self.keep_button)
        self.confirmation = box
        await dialog_result(box)
        return box.clickedButton() is self.confirm_button

    @qasync.asyncSlot()
    async def _on_ok(self) -> None:
        for label in (self.error, self.day_field.error, self.reason_field.error):
            label.clear_message()
        day = self.day_edit.date()
        if day is None:
            self.day_field.error.show_message(self.day_edit.problem())
            _fit_to_content(self)
            return
        group_id, kind, reason = self.group_combo.currentData(), self.kind_combo.currentData(), self.reason_edit.text()
        fields = {"day": self.day_field.error, "reason": self.reason_field.error}

        def op(function, *args) -> ServiceOp:
            return ServiceOp(self.state, function, *args).disabling(self.ok_button).errors_to(self.error, fields)

        if kind == self.CANCEL:
            checked = await op(planning.check_cancellation, group_id, day, reason).run()
            if not checked.ok:
                _fit_to_content(self)
                return
            if not await self.confirm_cancellation(checked.value):
                return  # nothing changed; the dialog stays as it was
            done = await op(planning.cancel_session, group_id, day, reason).run()
        elif kind == self.RESTORE:
            done = await op(planning.restore_session, group_id, day).run()
        else:
            done = await op(planning.add_session, group_id, day, reason).run()
        if not done.ok:
            _fit_to_content(self)
            return
        self.accept()
