"""The Journal (administrateur, régisseur): who did what and when, newest first — filtered by
period, agent, counter, family and kind of operation — and its export to a spreadsheet (CSV).

Also the start-up warning when the journal's hash chains do not hold (``warn_if_journal_broken``).
Everything is read through the services on the database worker (the verification, which reads the
whole journal, on a thread of its own)."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import qasync
from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import format_date
from ems_desktop.money import format_cents
from ems_desktop.services import families, journal, search
from ems_desktop.views.app_state import AppState
from ems_desktop.views.date_field import DateField
from ems_desktop.views.file_dialogs import ask_file
from ems_desktop.views.operations import LatestOnly, ServiceOp
from ems_desktop.views.table_model import RowsTableModel
from ems_desktop.views.widgets import ErrorLabel, fit_to_screen, regie_action

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALL = None  # the « tous / toutes » item of a filter
# The journal's verification and the CSV file: off the GUI thread and off the database worker (a
# plain thread pool: qasync's default executor's QThreads must not outlive the application).
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ems-journal")


class JournalModel(RowsTableModel[journal.JournalRow]):
    """The journal's rows (plain, frozen) as a table: date, agent, counter, kind, what, amount."""

    WHEN, AGENT, COUNTER, KIND, WHAT, AMOUNT = range(6)
    RIGHT_COLUMNS = (AMOUNT,)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._headers = [self.tr("Date"), self.tr("Agent"), self.tr("Guichet"), self.tr("Type"),
                         self.tr("Opération"), self.tr("Montant")]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_of(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            amount = "" if row.amount_cents is None else format_cents(row.amount_cents)
            return (row.when, row.agent, row.counter, row.kind, row.what, amount)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.AGENT, self.WHAT, self.COUNTER, self.KIND):
            # The whole text of a cell its column may cut.
            return {self.AGENT: row.agent, self.COUNTER: row.counter, self.KIND: row.kind, self.WHAT: row.what}[column]
        if role == SORT_ROLE:
            # Rows come newest first (one unit of work's entries share their time): by date is by row.
            return (-index.row(), row.agent.lower(), row.counter.lower(), row.kind, row.what.lower(),
                    row.amount_cents if row.amount_cents is not None else float("-inf"))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_COLUMNS:
            return int(RIGHT)
        return None


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class JournalDialog(QDialog):
    """Filters above, the entries below (or what to do when there are none), the export at the
    bottom. Any filter changed reads the journal again."""

    loaded = Signal()      # after each reading (tests wait for it)
    exported = Signal(str)  # the CSV file written

    def __init__(self, state: AppState, family_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.open_family_id = family_id
        self._since = self._until = state.context.today()  # the period's last whole dates
        self.readings = LatestOnly()  # only the newest reading of the entries is shown
        self.truncated = False
        self.setObjectName("journal_dialog")
        self.setWindowTitle(self.tr("Journal des opérations"))

        intro = QLabel(self.tr("Qui a fait quoi, et quand : chaque opération enregistrée, la plus récente en premier."))
        intro.setWordWrap(True)

        today = state.context.today()
        self.since_edit = DateField(today - dt.timedelta(days=30))
        self.until_edit = DateField(today)
        for edit, name in ((self.since_edit, "since"), (self.until_edit, "until")):
            edit.setObjectName(name)
            # Read again once the date typed is whole (not at each digit of it).
            edit.changed.connect(lambda edit=edit: self._on_period(edit))
        self.agent_combo = QComboBox()
        self.agent_combo.setObjectName("agent")
        self.counter_combo = QComboBox()
        self.counter_combo.setObjectName("counter")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kind")
        for combo, everything in ((self.agent_combo, self.tr("Tous les agents")),
                                  (self.counter_combo, self.tr("Tous les guichets")),
                                  (self.kind_combo, self.tr("Toutes les opérations"))):
            combo.addItem(everything, _ALL)
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.family_combo = QComboBox()
        self.family_combo.setObjectName("family")
        self.family_combo.addItem(self.tr("Toutes les familles"), _ALL)
        self._fixed_families = 1  # « Toutes les familles » and the open dossier stay; search results come after
        self.family_combo.setMinimumContentsLength(26)
        self.family_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.family_search = QLineEdit()
        self.family_search.setObjectName("family_search")
        self.family_search.setPlaceholderText(self.tr("Chercher une famille : nom, référence, téléphone… puis Entrée"))
        self.family_search.setClearButtonEnabled(True)
        self.family_search.returnPressed.connect(self._on_family_search)

        filters = QGridLayout()
        filters.setHorizontalSpacing(8)
        filters.addWidget(QLabel(self.tr("Du")), 0, 0)
        period = QHBoxLayout()
        period.setSpacing(6)
        period.addWidget(self.since_edit)
        period.addSpacing(4)
        period.addWidget(QLabel(self.tr("au")))
        period.addSpacing(4)
        period.addWidget(self.until_edit)
        period.addStretch(1)
        filters.addLayout(period, 0, 1)
        filters.addWidget(QLabel(self.tr("Agent")), 0, 2)
        filters.addWidget(self.agent_combo, 0, 3)
        filters.addWidget(QLabel(self.tr("Guichet")), 0, 4)
        filters.addWidget(self.counter_combo, 0, 5)
        filters.addWidget(QLabel(self.tr("Famille")), 1, 0)
        family_row = QHBoxLayout()
        family_row.addWidget(self.family_combo, 1)
        family_row.addWidget(self.family_search, 1)
        filters.addLayout(family_row, 1, 1, 1, 3)
        filters.addWidget(QLabel(self.tr("Type")), 1, 4)
        filters.addWidget(self.kind_combo, 1, 5)
        filters.setColumnStretch(1, 2)
        filters.setColumnStretch(3, 1)
        filters.setColumnStretch(5, 1)

        self.model = JournalModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("journal_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(JournalModel.WHEN, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, mode in ((JournalModel.WHEN, QHeaderView.ResizeMode.ResizeToContents),
                             (JournalModel.AGENT, QHeaderView.ResizeMode.Interactive),
                             (JournalModel.COUNTER, QHeaderView.ResizeMode.Interactive),
                             (JournalModel.KIND, QHeaderView.ResizeMode.Interactive),
                             (JournalModel.WHAT, QHeaderView.ResizeMode.Stretch),
                             (JournalModel.AMOUNT, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        # « Agent de démonstration », « Comptes, connexions et paramètres » whole at 1366 px.
        header.resizeSection(JournalModel.AGENT, 165)
        header.resizeSection(JournalModel.COUNTER, 175)
        header.resizeSection(JournalModel.KIND, 235)

        self.empty = QLabel()
        self.empty.setObjectName("journal_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #5f6368; padding: 24px; border: 1px dashed #c8ccd2; background: #fafafa;")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)

        self.status = QLabel()
        self.status.setObjectName("journal_status")
        self.status.setWordWrap(True)
        self.error = ErrorLabel()

        self.refresh_button = QPushButton(self.tr("Actualiser"))
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.export_button = QPushButton(self.tr("Exporter en CSV…"))
        self.export_button.setObjectName("export_csv")
        self.export_button.setToolTip(self.tr("Toutes les opérations de ces critères, pour un tableur (séparateur "
                                              "point-virgule, UTF-8)"))
        self.export_button.clicked.connect(lambda: self.choose_export_file())
        close_button = QPushButton(self.tr("Fermer"))
        close_button.clicked.connect(self.reject)
        for button in (self.refresh_button, self.export_button, close_button):
            button.setAutoDefault(False)  # Entrée in the family search searches; it presses no button
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        fit_to_screen(self, 1240, 680)  # 1240×680 when there is room
        self._show_empty(self.tr("Lecture du journal…"))
        self.start()

    # --- reading --------------------------------------------------------------------------------
    @qasync.asyncSlot()
    async def start(self) -> None:
        """The filters' choices, then the entries."""
        done = await ServiceOp(self.state, journal.journal_choices).errors_to(self._refuse).run()
        if not done.ok:
            return
        choices = done.value
        for combo, items in ((self.agent_combo, choices.agents), (self.counter_combo, choices.counters),
                             (self.kind_combo, choices.kinds)):
            combo.blockSignals(True)
            for choice in items:
                combo.addItem(choice.label, choice.key)
            combo.blockSignals(False)
        if self.open_family_id is not None:
            # A dossier that cannot be read (archived meanwhile, say) is simply not offered.
            read = await ServiceOp(self.state, families.get_family, self.open_family_id).quietly().run()
            family = read.value
            if family is not None:
                self.family_combo.addItem(self.tr("Dossier ouvert : %1 (%2)").replace("%1", family.name)
                                          .replace("%2", family.reference), family.id)
                self._fixed_families = 2
        for combo in (self.agent_combo, self.counter_combo, self.kind_combo, self.family_combo):
            combo.currentIndexChanged.connect(lambda _index: self.refresh())
        await self.refresh()

    def filters(self) -> dict:
        return {"since": self.since, "until": self.until,
                "agent_id": self.agent_combo.currentData(), "counter_id": self.counter_combo.currentData(),
                "family_id": self.family_combo.currentData(), "kind": self.kind_combo.currentData()}

    @property
    def since(self) -> dt.date:
        """The period's first day; while a date is being typed, the last whole one."""
        typed = self.since_edit.date()
        if typed is not None:
            self._since = typed
        return self._since

    @property
    def until(self) -> dt.date:
        typed = self.until_edit.date()
        if typed is not None:
            self._until = typed
        return self._until

    def _on_period(self, changed: DateField) -> None:
        day = changed.date()
        if day is None:
            return  # not a whole date yet
        since, until = self.since_edit.date(), self.until_edit.date()
        if since is not None and until is not None and since > until:  # one day at least: the other follows
            other = self.until_edit if changed is self.since_edit else self.since_edit
            other.blockSignals(True)
            other.set_date(day)
            other.blockSignals(False)
        self.refresh()

    @qasync.asyncSlot()
    async def refresh(self) -> None:
        """Read the journal with the filters as they are now (an older reading still under way is
        dropped when it comes back)."""
        self.error.clear_message()
        done = await (ServiceOp(self.state, journal.search_journal, **self.filters(), limit=journal.DEFAULT_LIMIT)
                      .errors_to(self._refuse).latest_of(self.readings).run())
        if not done.ok:
            return
        rows = done.value
        self.model.set_rows(rows)
        self.truncated = len(rows) >= journal.DEFAULT_LIMIT
        if not rows:
            self._show_empty(self.tr("Aucune opération enregistrée pour ces critères.\n\nÉlargissez la période "
                                     "(« Du » … « au ») ou revenez à « Tous les agents », « Tous les guichets », "
                                     "« Toutes les familles », « Toutes les opérations »."))
            self.status.setText("")
        else:
            self.pages.setCurrentWidget(self.table)
            if self.truncated:
                self.status.setText(self.tr("Les %1 opérations les plus récentes sont affichées : resserrez la période "
                                            "ou les filtres pour voir les autres (l'export CSV les contient toutes).")
                                    .replace("%1", f"{journal.DEFAULT_LIMIT:,}".replace(",", "\u202f")))
            else:
                self.status.setText(self.tr("%1 opération(s) du %2 au %3.").replace("%1", str(len(rows)))
                                    .replace("%2", format_date(self.since)).replace("%3", format_date(self.until)))
        self.export_button.setEnabled(bool(rows))
        self.loaded.emit()

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.pages.setCurrentWidget(self.empty)
        self.export_button.setEnabled(False)

    def _refuse(self, message: str) -> None:
        self.model.set_rows([])
        self._show_empty(message)
        self.status.setText("")
        for widget in (self.since_edit, self.until_edit, self.agent_combo, self.counter_combo, self.family_combo,
                       self.family_search, self.kind_combo, self.refresh_button):
            widget.setEnabled(False)
        self.loaded.emit()

    @qasync.asyncSlot()
    async def _on_family_search(self) -> None:
        text = self.family_search.text().strip()
        if not text:
            return
        done = await (ServiceOp(self.state, search.search_families, text, limit=20, include_archived=True)
                      .errors_to(self.error).run())
        if not done.ok:
            return
        found = done.value
        # Keep « Toutes les familles » and the open dossier; the results replace the previous ones.
        self.family_combo.blockSignals(True)
        keep = self._fixed_families
        while self.family_combo.count() > keep:
            self.family_combo.removeItem(keep)
        for row in found:
            self.family_combo.addItem(f"{row.name} ({row.reference})", row.id)
        self.family_combo.blockSignals(False)
        if not found:
            self.error.show_message(self.tr("Aucune famille ne correspond à « %1 ».").replace("%1", text))
            return
        if self.family_combo.currentIndex() == keep:
            self.refresh()
        else:
            self.family_combo.setCurrentIndex(keep)  # the first result (reads the journal again)

    # --- export ---------------------------------------------------------------------------------
    @qasync.asyncSlot()
    async def choose_export_file(self) -> None:
        today = self.state.context.today()
        path = await ask_file(self, self.tr("Exporter le journal"), "",
                              self.tr("Fichier CSV pour tableur (*.csv)"), save=True, default_suffix="csv",
                              suggested_name=f"journal-{today:%Y-%m-%d}.csv")
        if path:
            await self.export_to(Path(path))

    async def export_to(self, path: Path) -> int:
        """Every entry of the current filters (not only those shown) written to ``path`` as CSV;
        returns how many."""
        self.export_button.setEnabled(False)
        try:
            done = await ServiceOp(self.state, journal.search_journal, **self.filters(), limit=None).errors_to(
                self.error).run()
            if not done.ok:
                return 0
            rows = done.value
            text = journal.journal_csv(rows)
            await asyncio.get_running_loop().run_in_executor(
                _POOL, lambda: Path(path).write_text(text, encoding="utf-8", newline=""))
        except OSError as failed:
            self.error.show_message(self.tr("Le fichier %1 n'a pas pu être écrit : %2")
                                    .replace("%1", str(path)).replace("%2", failed.strerror or str(failed)))
            return 0
        finally:
            self.export_button.setEnabled(self.model.rowCount() > 0)
        self.status.setText(self.tr("%1 opération(s) exportée(s) dans %2.").replace("%1", str(len(rows)))
                            .replace("%2", str(path)))
        self.exported.emit(str(path))
        return len(rows)


def open_journal(window) -> JournalDialog:
    """The main window's menu entry: the Journal, offering the open family's dossier as a filter."""
    dialog = JournalDialog(window.state, getattr(window, "current_family_id", None), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.journal_dialog = dialog  # tests reach it here
    dialog.open()
    return dialog


async def warn_if_journal_broken(parent, context) -> QMessageBox | None:
    """The start-up check: the journal verified on a thread of its own (reads only: the counter
    works meanwhile; each broken chain is written to the log); a broken chain is shown to the agent,
    who warns the régisseur. ``parent``: the window, or a function giving the window of the moment
    (the agent may have changed meanwhile). None when the journal is intact (or no window is left)."""
    import shiboken6

    broken = await asyncio.get_running_loop().run_in_executor(_POOL, journal.check_at_startup, context)
    parent = parent() if callable(parent) else parent
    if not broken or parent is None or not shiboken6.isValid(parent):
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, QApplication.translate("Journal", "Journal altéré"),
                      QApplication.translate("Journal", "Le journal des opérations a été modifié en dehors de "
                                             "l'application : des entrées ont été changées, supprimées ou ajoutées. "
                                             "Prévenez le régisseur et l'administrateur ; vous pouvez continuer à "
                                             "travailler."),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("journal_broken")
    box.setInformativeText("\n".join(link.message for link in broken))
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()
    parent.journal_warning = box  # kept alive; tests reach it here
    return box


def add_journal_action(window, menu):
    """« Journal… » in ``menu`` (Ctrl+J): for the administrateur and the régisseur, greyed out for
    the others (the service refuses them anyway)."""
    action = regie_action(window, menu, "&Journal des opérations…", "journal_action",
                          lambda opener, _state: open_journal(opener))
    action.setShortcut(QKeySequence("Ctrl+J"))
    return action
