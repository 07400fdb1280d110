"""The Dossiers tab: search as you type on the left, the family's dossier on the right."""

from __future__ import annotations

import heapq
import uuid
from typing import TYPE_CHECKING

import qasync
import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedLayout,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.services.search import search_families
from ems_desktop.views.app_state import AppState
from ems_desktop.views.family_table import FAMILY_ID_ROLE, FamilySearchModel
from ems_desktop.views.operations import LatestOnly, ServiceOp

if TYPE_CHECKING:
    from ems_desktop.views.family_form import FamilyForm

# Typing pauses shorter than this do not start a search. A search and its table cost a few
# milliseconds whatever was typed, so the pause only waits for a key pressed at once.
SEARCH_DELAY_MS = 50
# Widest text, in average characters, of the columns whose text may be cut short (with a tooltip):
# the others are always as wide as their text, so a phone number or an e-mail is never cut.
ELIDED_COLUMN_CHARS = {FamilySearchModel.NAME: 22, FamilySearchModel.CHILDREN: 26}


class DossiersTab(QWidget):
    family_opened = Signal(object)     # family UUID
    enroll_requested = Signal(object)  # family UUID

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._searches = LatestOnly()  # only the newest search shows its results
        self._open_serial = 0
        self._announced_family_id: uuid.UUID | None = None
        self._last_query = ""

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("family_search")
        self.search_edit.setPlaceholderText(self.tr("Rechercher : nom, enfant, responsable, téléphone, e-mail, "
                                                    "référence…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)
        self.include_archived = QCheckBox(self.tr("Inclure les dossiers archivés"))
        self.include_archived.setObjectName("include_archived")
        self.include_archived.setToolTip(self.tr("Les dossiers archivés n'apparaissent dans la recherche "
                                                 "que si cette case est cochée."))
        self.include_archived.toggled.connect(lambda _on: self._rerun_search())
        self.new_button = QPushButton(self.tr("Nouvelle famille"))
        self.new_button.setObjectName("new_family")
        self.new_button.setToolTip(self.tr("Créer un dossier famille (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_family)
        QShortcut(QKeySequence("Ctrl+N"), self).activated.connect(self.new_family)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self._focus_search)

        self.model = FamilySearchModel(self)
        self.table = QTableView()
        self.table.setObjectName("family_results")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(FamilySearchModel.NAME, Qt.SortOrder.AscendingOrder)
        self.model.keep_search_order()  # by name already, with what was typed whole first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Widths are set from the texts when results arrive (_fit_columns): asking Qt to size to
        # contents would measure every cell again on each layout, on the GUI thread.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)  # stretched, the e-mail column would be cut to the pane's width
        self.table.setWordWrap(False)  # one line per family; a cut text ends with "…" (tooltip: all of it)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.installEventFilter(self)

        self.hint = QLabel()
        self.hint.setObjectName("search_hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: #555; font-size: 11pt; padding: 24px;")
        self.hint.setAutoFillBackground(True)  # over the empty table, which stays shown beneath
        self.results = QStackedWidget()
        self.results.addWidget(self.hint)
        self.results.addWidget(self.table)
        # Both stay shown, the current one on top: results arriving after the hint only hide a
        # label, instead of showing the table again (a relayout of it on the GUI thread).
        stack = self.results.layout()
        assert isinstance(stack, QStackedLayout)  # a QStackedWidget's own layout
        stack.setStackingMode(QStackedLayout.StackingMode.StackAll)
        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")

        left = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.new_button)
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(top)
        left_layout.addWidget(self.include_archived)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(self.status)

        self.form: FamilyForm | None = self._make_form()
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
        splitter.setSizes([600, 760])  # at 1366 px the phone column shows whole
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        # No dossier on screen: the results take the room (every column whole); a dossier opened
        # gets it back for its form.
        self.right.currentChanged.connect(self._share_width)
        self._share_width()
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
        # Screen order: the search row, the archived box, the results, then the dossier.
        QWidget.setTabOrder(self.search_edit, self.new_button)
        QWidget.setTabOrder(self.new_button, self.include_archived)
        QWidget.setTabOrder(self.include_archived, self.table)

    def _make_form(self) -> FamilyForm | None:
        try:
            from ems_desktop.views.family_form import FamilyForm
        except ImportError:  # the form ships separately from the search
            return None
        form = FamilyForm(self.state)
        form.saved.connect(self._on_saved)
        form.open_family_requested.connect(self.open_family)
        form.enroll_requested.connect(self.enroll_requested.emit)
        form.archived_changed.connect(lambda _id: self._rerun_search())
        # Remember where the agent was typing in the dossier, to come back there (focus_first).
        app = QApplication.instance()
        assert isinstance(app, QApplication)  # the screens exist inside the running application
        app.focusChanged.connect(self._remember_form_focus)
        self._form_focus: QWidget | None = None
        return form

    # --- focus ------------------------------------------------------------------------------
    def focus_first(self) -> None:
        """Called when the tab becomes current: back into the dossier being typed, else into the
        search field (its text selected, so the first letters start a new search)."""
        form = self.form
        if form is not None and self._editing_form():
            target = self._form_focus
            if target is None or not shiboken6.isValid(target) or not target.isVisibleTo(form):
                target = form.edits["name"]
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._focus_search()

    def _focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _editing_form(self) -> bool:
        """A dossier is being typed: a new one, or one with unsaved changes."""
        return (self.form is not None and self.right.currentWidget() is self.form
                and (self.form.family_id is None or self.form.has_unsaved_changes()))

    def _remember_form_focus(self, _old, new) -> None:
        if new is not None and shiboken6.isValid(self) and self.form is not None and self.form.isAncestorOf(new):
            self._form_focus = new

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not getattr(self, "_width_shared", False):
            self._width_shared = True  # once laid out at its real size; the agent's drag is kept after
            QTimer.singleShot(0, self._share_width)

    def _share_width(self, _index: int = 0) -> None:
        total = sum(self.splitter.sizes()) or 1360
        results = 0.68 if self.right.currentWidget() is self.form_placeholder else 0.44
        self.splitter.setSizes([int(total * results), total - int(total * results)])

    # --- search -----------------------------------------------------------------------------
    def _show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.show()
        self.results.setCurrentWidget(self.hint)
        self.status.clear()

    def _show_results(self) -> None:
        self.results.setCurrentWidget(self.table)
        self.hint.hide()

    @qasync.asyncSlot()
    async def _run_search(self) -> None:
        query = self.search_edit.text().strip()
        include_archived = self.include_archived.isChecked()
        if not query:
            self._searches.drop()
            self.model.set_rows([])
            self._show_hint(self.tr("Tapez quelques lettres d'un nom, d'un prénom d'enfant, un numéro de téléphone, "
                                    "un e-mail ou une référence de dossier."))
            return
        done = await (ServiceOp(self.state, search_families, query, include_archived=include_archived)
                      .latest_of(self._searches).run())
        if done.stale:
            return  # the agent typed on: a newer search is running
        rows = done.value
        self._last_query = query
        self.model.set_rows(rows)
        if rows:
            self._show_results()
            self._fit_columns()
            self.table.selectRow(0)
            self.status.setText(self._count_text(rows))
        elif include_archived:
            self._show_hint(self.tr("Aucune famille, même archivée, ne correspond à « %1 ».\nVérifiez "
                                    "l'orthographe, ou créez le dossier avec « Nouvelle famille » (Ctrl+N).")
                            .replace("%1", query))
        else:
            self._show_hint(self.tr("Aucune famille ne correspond à « %1 ».\nVérifiez l'orthographe, ou créez le "
                                    "dossier avec « Nouvelle famille » (Ctrl+N).\nUn dossier archivé ne se trouve "
                                    "qu'avec « Inclure les dossiers archivés ».").replace("%1", query))

    def _count_text(self, rows) -> str:
        count = len(rows)
        if count >= 100:
            return self.tr("100 premières familles : précisez la recherche.")
        text = self.tr("1 famille") if count == 1 else self.tr("%1 familles").replace("%1", str(count))
        archived = sum(1 for row in rows if row.archived)
        if archived:
            text += (self.tr(" (dont 1 archivée)") if archived == 1
                     else self.tr(" (dont %1 archivées)").replace("%1", str(archived)))
        return text

    def _fit_columns(self) -> None:
        """Every column as wide as its widest text (or its title), measured once from the model's
        texts; names and children up to a limit (cut text shows in a tooltip), so the phone number
        stays in sight."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        title_metrics = header.fontMetrics()
        padding = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 12
        sort_arrow = 18  # room for the sort indicator beside a title
        for column in range(self.model.columnCount()):
            # The widest text is among the longest few: measuring those is enough (a hundred rows
            # measured whole cost more than a frame's worth of the GUI thread on every search).
            longest = heapq.nlargest(5, set(self.model.column_texts(column)), key=len)
            widest = max((metrics.horizontalAdvance(text) for text in longest), default=0) + padding
            title = title_metrics.horizontalAdvance(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
            width = max(widest, title + padding + sort_arrow)
            if column in ELIDED_COLUMN_CHARS:
                width = min(width, ELIDED_COLUMN_CHARS[column] * metrics.averageCharWidth())
            self.table.setColumnWidth(column, width)

    def _rerun_search(self) -> None:
        if self.search_edit.text().strip():
            self._timer.start()

    def _on_changes(self, changes) -> None:
        if any(c.entity in ("family", "invoice", "payment", "credit_note") for c in changes):
            self._rerun_search()

    # --- keyboard ----------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
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
    @property
    def family_id(self) -> uuid.UUID | None:
        """The family whose dossier is on screen (None: none, or a new dossier not saved yet)."""
        if self.form is None or self.right.currentWidget() is not self.form:
            return None
        return self.form.family_id

    def selected_family_id(self) -> uuid.UUID | None:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not indexes:
            return None
        return self.model.data(indexes[0], FAMILY_ID_ROLE)

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
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.unsaved_box = box
        return await dialog_result(box) == QMessageBox.StandardButton.Discard

    @qasync.asyncSlot(object)
    async def open_family(self, family_id) -> bool:
        """Show the dossier ``family_id``: from the search, or from the main window when another
        tab lands on a family. True once it is on screen. Unsaved changes of another dossier are
        only dropped if the agent says so (False, nothing changes, when the agent keeps them); the
        same dossier already on screen keeps what is being typed in it.

        ``family_opened`` is emitted each time the dossier on screen becomes another family than
        the one last announced: never twice in a row for the same family, so a caller reacting to
        it by calling ``open_family`` again cannot loop."""
        if self.form is None:
            return False
        self._open_serial += 1
        serial = self._open_serial
        if self.family_id == family_id and self.form.has_unsaved_changes():
            self._announce(family_id)
            return True
        if not await self._may_leave_form():
            return False
        if serial != self._open_serial:
            return False  # another dossier was asked for while the agent was answering
        await self.form.load(family_id)
        if serial != self._open_serial:
            return False
        self.right.setCurrentWidget(self.form)  # also to show why a dossier could not be read
        if self.form.family_id != family_id:
            return False
        self._announce(family_id)
        return True

    def _announce(self, family_id) -> None:
        if family_id != self._announced_family_id:
            self._announced_family_id = family_id
            self.family_opened.emit(family_id)

    def _on_saved(self, view) -> None:
        self._announce(view.id)  # a new dossier just saved becomes the open family
        self._rerun_search()

    @qasync.asyncSlot()
    async def new_family(self) -> None:
        if self.form is not None:
            if not await self._may_leave_form():
                return
            self._open_serial += 1
            self.form.new_family()
            self.right.setCurrentWidget(self.form)
            self.form.edits["name"].setFocus()
