"""Rapports de clôture (Caisse): the counter's closed cash sessions, the most recently closed first,
and their reports again — opened or printed, marked DUPLICATA (the original was printed and signed
at the closing). For the régisseur and the administrateur: the service refuses anyone else."""

from __future__ import annotations

from pathlib import Path

import qasync
import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import to_local
from ems_desktop.money import format_cents
from ems_desktop.printing.files import REPORTS
from ems_desktop.services import cash
from ems_desktop.views.app_state import AppState
from ems_desktop.views.document_feedback import (
    DocumentMessage,
    Duplicate,
    DuplicateActions,
    closing_report_label,
    closing_report_number,
    open_pdf,
)
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import EMPTY_STATE_STYLE, empty_state, fit_to_screen, rows_table

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
DIFFERENCE_COLOUR = QColor("#b3261e")


def _moment(value) -> str:
    """21/06/2017 18:30, Paris time."""
    return f"{to_local(value):%d/%m/%Y %H:%M}"


def _signed(cents: int) -> str:
    """An écart: « +2,00 € » over, « −3,50 € » short, « 0,00 € »."""
    if cents > 0:
        return "+" + format_cents(cents)
    if cents < 0:
        return "−" + format_cents(-cents)
    return format_cents(0)


class ClosingReportsDialog(QDialog):
    loaded = Signal()           # after the list is read (or refused); tests wait on it
    action_done = Signal(str)   # the message shown after Ouvrir / Imprimer

    COLUMNS = ("Ouverte le", "Clôturée le", "Agent", "Attendu", "Compté", "Écart", "Commentaire")
    STRETCH = 6

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[cash.ClosedSessionRow] = []
        self._busy = False
        self.print_dialog = None
        self.last_saved: Path | None = None
        self.setObjectName("closing_reports")
        self.setWindowTitle(self.tr("Rapports de clôture de caisse"))

        intro = QLabel(self.tr("Les sessions de caisse clôturées sur ce guichet (%1), la plus récente en premier. "
                               "L'original du rapport a été imprimé et signé à la clôture : un rapport rouvert "
                               "ou réimprimé ici est marqué DUPLICATA.").replace("%1", state.counter.name))
        intro.setWordWrap(True)

        self.table = rows_table([self.tr(c) for c in self.COLUMNS], "closed_sessions")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # read-only: Tab goes on to the buttons
        self.table.setToolTip(self.tr("Double-clic : ouvrir le rapport (duplicata)"))
        self.table.setStyleSheet("QTableView::item { padding: 0 6px; }")  # amounts not glued to the grid
        header = self.table.horizontalHeader()
        for column in range(len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == self.STRETCH
                                        else QHeaderView.ResizeMode.ResizeToContents)
        for column in (3, 4, 5):
            heading = self.table.horizontalHeaderItem(column)
            if heading is not None:
                heading.setTextAlignment(RIGHT)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda *_: self._on_open())

        self.empty = empty_state(self.tr("Lecture des sessions de caisse…"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.table)

        self.message = DocumentMessage()
        self.message.setObjectName("action_message")
        self.message.said.connect(self.action_done)
        # open_file looked up at each call: tests give the dialog a stand-in PDF reader.
        self.duplicates = DuplicateActions(self, state, self.message, set_busy=self._set_busy,
                                           open_file=lambda path: self.open_file(path))

        self.open_button = QPushButton(self.tr("Ouvrir (duplicata)"))
        self.open_button.setObjectName("open_report")
        self.open_button.setToolTip(self.tr("Enregistrer le rapport choisi en PDF, marqué DUPLICATA, et l'ouvrir"))
        self.print_button = QPushButton(self.tr("Imprimer (duplicata)…"))
        self.print_button.setObjectName("print_report")
        self.print_button.setToolTip(self.tr("Imprimer le rapport choisi, marqué DUPLICATA"))
        self.close_button = QPushButton(self.tr("Fermer"))
        self.open_button.clicked.connect(self._on_open)
        self.print_button.clicked.connect(self._on_print)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.table, self.open_button)
        QWidget.setTabOrder(self.open_button, self.print_button)
        QWidget.setTabOrder(self.print_button, self.close_button)
        fit_to_screen(self, 960, 520)  # 960×520 when there is room
        self._update_buttons()
        self.start()

    # --- reading ----------------------------------------------------------------------------
    @qasync.asyncSlot()
    async def start(self) -> None:
        done = await ServiceOp(self.state, cash.closed_sessions).errors_to(self._refused_reading).run()
        if not shiboken6.isValid(self) or not done.ok:
            return  # closed (and deleted) while the database answered, or refused (said)
        self.rows = list(done.value)
        if not self.rows:
            self._show_empty(self.tr("Aucune session de caisse clôturée sur ce guichet.\nLe rapport d'une session "
                                     "apparaîtra ici dès sa clôture (onglet Caisse, « Clôturer la caisse »)."))
        else:
            self._show_rows()
        self.loaded.emit()

    def _show_empty(self, text: str, *, error: bool = False) -> None:
        self.empty.setText(text)
        self.empty.setStyleSheet("color: #b3261e; font-size: 11pt;" if error else EMPTY_STATE_STYLE)
        self.pages.setCurrentWidget(self.empty)
        self._update_buttons()

    def _show_rows(self) -> None:
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            agent = row.opened_by
            if row.closed_by and row.closed_by != row.opened_by:
                agent = self.tr("%1 (clôture : %2)").replace("%1", row.opened_by).replace("%2", row.closed_by)
            values = (_moment(row.opened_at), _moment(row.closed_at), agent, format_cents(row.expected_cents),
                      format_cents(row.counted_cents), _signed(row.difference_cents),
                      " ".join(row.closing_note.split()))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(row.closing_note if c == self.STRETCH else value)
                if 3 <= c <= 5:
                    item.setTextAlignment(RIGHT)
                if c == 5 and row.difference_cents:
                    item.setForeground(QBrush(DIFFERENCE_COLOUR))
                self.table.setItem(r, c, item)
        self.pages.setCurrentWidget(self.table)
        self.table.selectRow(0)
        self.table.setFocus()
        self._update_buttons()

    def chosen(self) -> cash.ClosedSessionRow | None:
        if self.pages.currentWidget() is not self.table:
            return None
        selected = self.table.selectionModel().selectedRows()
        return self.rows[selected[0].row()] if selected else None

    def _update_buttons(self) -> None:
        enabled = self.chosen() is not None and not self._busy
        self.open_button.setEnabled(enabled)
        self.print_button.setEnabled(enabled)

    # --- actions ----------------------------------------------------------------------------
    def open_file(self, path: Path) -> bool:
        """Show a saved PDF in the desktop's PDF reader; False when none opened it (tests replace it)."""
        return open_pdf(path)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _refused_reading(self, message: str) -> None:
        if shiboken6.isValid(self):
            self._show_empty(message, error=True)
            self.loaded.emit()

    def _duplicate(self, row: cash.ClosedSessionRow) -> Duplicate:
        return Duplicate(cash.closing_report_pdf, row.id, REPORTS, closing_report_number(row.closed_at),
                         closing_report_label(row.closed_at),
                         self.tr("Duplicata du rapport de clôture du %1").replace("%1", _moment(row.closed_at)))

    @qasync.asyncSlot()
    async def _on_open(self) -> None:
        row = self.chosen()
        if row is not None and not self._busy:
            self.last_saved = await self.duplicates.open(self._duplicate(row)) or self.last_saved

    @qasync.asyncSlot()
    async def _on_print(self) -> None:
        row = self.chosen()
        if row is not None and not self._busy:
            self.last_saved = await self.duplicates.print(self._duplicate(row)) or self.last_saved


def open_closing_reports(parent: QWidget, state: AppState) -> ClosingReportsDialog:
    """The Caisse's « Rapports de clôture… » button: the dialog, window-modal, deleted once closed."""
    dialog = ClosingReportsDialog(state, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    parent.closing_reports_dialog = dialog  # type: ignore[attr-defined]  # the Caisse's; tests reach it here
    dialog.open()
    return dialog
