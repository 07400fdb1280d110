"""The Dossiers tab: search as you type on the left, the family's dossier on the right."""

from __future__ import annotations

import uuid

import qasync
from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.services.search import search_families
from ems_desktop.views.app_state import AppState
from ems_desktop.views.family_table import FAMILY_ID_ROLE, SORT_ROLE, FamilySearchModel

SEARCH_DELAY_MS = 120  # typing pauses shorter than this do not start a search


class DossiersTab(QWidget):
    family_opened = Signal(object)     # family UUID
    enroll_requested = Signal(object)  # family UUID

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._search_serial = 0
        self._last_query = ""

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("family_search")
        self.search_edit.setPlaceholderText(self.tr("Rechercher : nom, enfant, responsable, téléphone, e-mail, référence…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)
        self.new_button = QPushButton(self.tr("Nouvelle famille"))
        self.new_button.setObjectName("new_family")
        self.new_button.setToolTip(self.tr("Créer un dossier famille (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_family)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_family)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=lambda: (self.search_edit.setFocus(), self.search_edit.selectAll()))

        self.model = FamilySearchModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("family_results")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(FamilySearchModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.installEventFilter(self)

        self.hint = QLabel()
        self.hint.setObjectName("search_hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: #555; font-size: 11pt; padding: 24px;")
        self.results = QStackedWidget()
        self.results.addWidget(self.hint)
        self.results.addWidget(self.table)
        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")

        left = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.new_button)
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(top)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(self.status)

        self.form = self._make_form()
        self.form_placeholder = QLabel(self.tr("Ouvrez un dossier (Entrée) ou créez-en un (Ctrl+N)."))
        self.form_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.form_placeholder.setStyleSheet("color: #666; font-size: 11pt;")
        self.right = QStackedWidget()
        self.right.addWidget(self.form_placeholder)
        if self.form is not None:
            self.right.addWidget(self.form)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([560, 800])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run_search)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.state.signals.changed.connect(self._on_changes)
        self._show_hint(self.tr("Tapez quelques lettres d'un nom, d'un prénom d'enfant, un numéro de téléphone, "
                                "un e-mail ou une référence de dossier.\n↓ pour parcourir les résultats, Entrée pour "
                                "ouvrir, Échap pour effacer."))
        self.setFocusProxy(self.search_edit)

    def _make_form(self):
        try:
            from ems_desktop.views.family_form import FamilyForm
        except ImportError:  # the form ships separately from the search
            return None
        form = FamilyForm(self.state)
        form.saved.connect(lambda view: (self.family_opened.emit(view.id), self._rerun_search()))
        form.open_family_requested.connect(self.open_family)
        form.enroll_requested.connect(self.enroll_requested.emit)
        form.archived_changed.connect(lambda _id: self._rerun_search())
        return form

    # --- search -----------------------------------------------------------------------------
    def _show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.results.setCurrentWidget(self.hint)
        self.status.clear()

    @qasync.asyncSlot()
    async def _run_search(self) -> None:
        query = self.search_edit.text().strip()
        self._search_serial += 1
        serial = self._search_serial
        if not query:
            self.model.set_rows([])
            self._show_hint(self.tr("Tapez quelques lettres d'un nom, d'un prénom d'enfant, un numéro de téléphone, "
                                    "un e-mail ou une référence de dossier."))
            return
        rows = await self.state.call(search_families, query)
        if serial != self._search_serial:
            return  # the agent typed on: a newer search is running
        self._last_query = query
        self.model.set_rows(rows)
        if rows:
            self.results.setCurrentWidget(self.table)
            self.table.selectRow(0)
            count = len(rows)
            if count >= 100:
                self.status.setText(self.tr("100 premières familles : précisez la recherche."))
            else:
                self.status.setText((self.tr("1 famille") if count == 1 else self.tr("%1 familles"))
                                    .replace("%1", str(count)))
        else:
            self._show_hint(self.tr("Aucune famille ne correspond à « %1 ».\nVérifiez l'orthographe, ou créez le "
                                    "dossier avec « Nouvelle famille » (Ctrl+N).").replace("%1", query))

    def _rerun_search(self) -> None:
        if self.search_edit.text().strip():
            self._timer.start()

    def _on_changes(self, changes) -> None:
        if any(c.entity in ("family", "invoice", "payment", "credit_note") for c in changes):
            self._rerun_search()

    # --- keyboard ----------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if watched is self.search_edit:
                if key == Qt.Key.Key_Down and self.model.rowCount():
                    self.table.setFocus()
                    if not self.table.selectionModel().hasSelection():
                        self.table.selectRow(0)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._timer.stop()
                    self.open_selected()
                    return True
                if key == Qt.Key.Key_Escape:
                    self.search_edit.clear()
                    return True
            elif watched is self.table:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.open_selected()
                    return True
                if key == Qt.Key.Key_Escape:
                    self.search_edit.clear()
                    self.search_edit.setFocus()
                    return True
                if key == Qt.Key.Key_Up and self.table.currentIndex().row() <= 0:
                    self.search_edit.setFocus()
                    return True
        return super().eventFilter(watched, event)

    # --- opening -----------------------------------------------------------------------------
    def selected_family_id(self) -> uuid.UUID | None:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not indexes:
            return None
        return self.proxy.data(indexes[0], FAMILY_ID_ROLE)

    def open_selected(self) -> None:
        family_id = self.selected_family_id()
        if family_id is not None:
            self.open_family(family_id)

    async def _may_leave_form(self) -> bool:
        """Ask before throwing away what the agent typed in the open dossier."""
        if self.form is None or not self.form.has_unsaved_changes():
            return True
        from PySide6.QtWidgets import QMessageBox

        from ems_desktop.views.async_tools import dialog_result

        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Modifications non enregistrées"),
                          self.tr("Le dossier ouvert a des modifications non enregistrées. Les abandonner ?"),
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("Abandonner les modifications"))
        self.unsaved_box = box
        return await dialog_result(box) == QMessageBox.StandardButton.Discard

    @qasync.asyncSlot(object)
    async def open_family(self, family_id) -> None:
        if self.form is not None:
            if not await self._may_leave_form():
                return
            await self.form.load(family_id)
            self.right.setCurrentWidget(self.form)
        self.family_opened.emit(family_id)

    @qasync.asyncSlot()
    async def new_family(self) -> None:
        if self.form is not None:
            if not await self._may_leave_form():
                return
            self.form.new_family()
            self.right.setCurrentWidget(self.form)
