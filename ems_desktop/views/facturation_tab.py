"""The Facturation tab: the open family's invoices of the last 24 months grouped by month (the
portal's "Historique de mes factures"), the selected invoice's lines, payments and credit notes,
the family's balance due, finding an invoice by number, and copies: open or print the chosen
invoice or credit note, the payment ticket, and every invoice of a period in one PDF.

Every invoice, credit note and ticket shown here was handed to the family when it was issued: a
copy made from this tab is a DUPLICATA, whether it is opened or printed.

The tab shows the family opened everywhere (the main window calls ``set_family``); an invoice of
another family found by its number is asked for with ``family_requested``, never shown alone.

Database work runs on the database worker; PDFs are saved, printed and batch-rendered on a
separate printing thread, never on the GUI thread."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import qasync
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ems_desktop import config
from ems_desktop.dates import format_date, to_local
from ems_desktop.money import format_cents
from ems_desktop.services import billing_history as bh
from ems_desktop.views.app_state import AppState
from ems_desktop.views.document_feedback import (
    DocumentMessage,
    Duplicate,
    DuplicateActions,
    document_path,
    open_pdf,
    saved_text,
)
from ems_desktop.views.operations import LatestOnly, ServiceOp
from ems_desktop.views.printing_dialogs import ProgressRelay, ask_batch_period, in_print_thread
from ems_desktop.views.widgets import REGIE_ONLY, ErrorLabel, empty_state, is_regie, rows_table

INVOICE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
REFRESH_ON = frozenset({"invoice", "payment", "credit_note", "family"})
STATUS_COLOURS = {bh.PAID: "#1b7f3b", bh.PARTLY_PAID: "#9a6700", bh.TO_PAY: "#b3261e"}
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class ChosenDocument:
    """What Ouvrir and Imprimer copy: the selected invoice, or the credit note selected under it."""

    kind: str            # INVOICES or CREDIT_NOTES (document_feedback's kinds)
    id: uuid.UUID
    number: str


def _table(headers: list[str], name: str, stretch: int = 0) -> QTableWidget:
    table = rows_table(headers, name)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)  # read-only: Tab goes on to the next control, not the next cell
    header = table.horizontalHeader()
    for column in range(len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]], right: tuple[int, ...] = ()) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            if c in right:
                item.setTextAlignment(RIGHT)
            table.setItem(r, c, item)
    height = table.horizontalHeader().height() + 4 + sum(table.rowHeight(r) for r in range(len(rows)))
    table.setMaximumHeight(max(height, table.horizontalHeader().height() + 30))


class FacturationTab(QWidget):
    history_loaded = Signal()
    action_done = Signal(str)        # the message shown after an action (tests wait on it)
    batch_done = Signal(object)      # the saved Path, or None (cancelled, nothing to print, error)
    # An invoice of another family was found by its number: (family_id, invoice_id). The main
    # window opens that family on every tab, then calls set_family(family_id), which selects it.
    family_requested = Signal(object, object)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.family_id: uuid.UUID | None = None
        self.history: bh.BillingHistory | None = None
        self.selected_id: uuid.UUID | None = None
        self._also: uuid.UUID | None = None   # an older invoice found by number, kept in view
        self._pending: bh.InvoiceRef | None = None  # found by number, waiting for its family to open
        self.readings = LatestOnly()  # only the newest reading of the history is shown
        self._busy = False
        self.batch_progress: QProgressDialog | None = None
        self.print_dialog = None
        self.batch_dialog = None
        self.last_saved: Path | None = None

        # --- header: family, balance, search, batch ------------------------------------------
        self.title = QLabel(self.tr("Historique des factures"))
        self.title.setObjectName("history_title")
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1f3a5f;")
        self.balance = QLabel()
        self.balance.setObjectName("balance_due")
        self.balance.setStyleSheet("font-size: 12pt; font-weight: 600;")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.balance)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("invoice_search")
        self.search_edit.setPlaceholderText(self.tr("N° de facture, ex. A01-F000001"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(240)
        self.search_edit.setMaximumWidth(280)
        self.search_edit.returnPressed.connect(self._on_search)
        self.search_button = QPushButton(self.tr("Rechercher"))
        self.search_button.setObjectName("search_invoice")
        self.search_button.clicked.connect(self._on_search)
        self.search_error = ErrorLabel()
        self.search_error.setObjectName("search_error")
        self.search_edit.textChanged.connect(self.search_error.clear_message)  # the message was about the old text
        self.batch_button = QPushButton(self.tr("Imprimer les factures d'une période…"))
        self.batch_button.setObjectName("print_batch")
        self.batch_button.clicked.connect(self._on_batch)
        # The invoices still owing N days after they were issued, and their reminders (régie).
        self.reminders_button = QPushButton(self.tr("Relances…"))
        self.reminders_button.setObjectName("open_reminders")
        self.reminders_button.setToolTip(self.tr("Les factures impayées depuis plus de N jours, et leurs relances "
                                                 "par courrier ou par e-mail") if is_regie(state.agent)
                                         else self.tr(REGIE_ONLY))
        self.reminders_button.setEnabled(is_regie(state.agent))
        self.reminders_button.clicked.connect(self._on_reminders)
        search_row = QHBoxLayout()
        search_label = QLabel(self.tr("Rechercher une facture"))
        search_label.setBuddy(self.search_edit)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit)
        search_row.addWidget(self.search_button)
        search_row.addWidget(self.search_error)
        search_row.addStretch(1)
        search_row.addWidget(self.batch_button)
        search_row.addWidget(self.reminders_button)

        # --- history (left) ------------------------------------------------------------------
        self.tree = QTreeWidget()
        self.tree.setObjectName("invoice_tree")
        self.tree.setHeaderLabel(self.tr("Historique des factures (24 derniers mois)"))
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setToolTip(self.tr("Double-clic : ouvrir la facture (duplicata)"))
        self.tree.currentItemChanged.connect(self._on_current_item)
        self.tree.itemPressed.connect(lambda *_: self._choose_invoice())
        self.tree.itemDoubleClicked.connect(self._on_tree_double_click)

        # --- details (right) -----------------------------------------------------------------
        self.invoice_title = QLabel()
        self.invoice_title.setObjectName("invoice_title")
        self.invoice_title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.invoice_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lines_table = _table([self.tr("Prestation"), self.tr("Enfant"), self.tr("Quantité"),
                                   self.tr("Prix unitaire"), self.tr("Montant")], "invoice_lines")
        self.lines_table.itemPressed.connect(lambda *_: self._choose_invoice())
        self.totals = QLabel()
        self.totals.setObjectName("invoice_totals")
        self.totals.setAlignment(RIGHT)
        self.payments_table = _table([self.tr("Date"), self.tr("Mode"), self.tr("Montant"), self.tr("Référence"),
                                      self.tr("Reçu")], "invoice_payments", stretch=3)
        self.credit_table = _table([self.tr("Avoir"), self.tr("Date"), self.tr("Montant"), self.tr("Motif")],
                                   "invoice_credit_notes", stretch=3)
        self.credit_table.setToolTip(self.tr("Choisissez un avoir pour l'ouvrir ou l'imprimer (duplicata) ; "
                                             "double-clic : l'ouvrir"))
        self.credit_table.itemSelectionChanged.connect(self._show_chosen_document)
        self.credit_table.cellDoubleClicked.connect(lambda *_: self._on_open())
        self.payments_box = QGroupBox(self.tr("Règlements"))
        payments_layout = QVBoxLayout(self.payments_box)
        payments_layout.addWidget(self.payments_table)
        self.credit_box = QGroupBox(self.tr("Avoirs"))
        QVBoxLayout(self.credit_box).addWidget(self.credit_table)

        # An issued document was handed to the family at the counter: every copy is a duplicata.
        self.document_label = QLabel()
        self.document_label.setObjectName("chosen_document")
        self.document_label.setStyleSheet("font-weight: 600;")
        self.open_button = QPushButton(self.tr("Ouvrir (duplicata)"))
        self.open_button.setObjectName("open_pdf")
        self.open_button.setToolTip(self.tr("Enregistrer une copie marquée DUPLICATA en PDF et l'ouvrir"))
        self.print_button = QPushButton(self.tr("Imprimer (duplicata)…"))
        self.print_button.setObjectName("print_invoice")
        self.print_button.setToolTip(self.tr("Imprimer une copie marquée DUPLICATA"))
        # Under the payments: it copies the chosen payment's ticket, not the invoice or credit note.
        self.ticket_button = QPushButton(self.tr("Réimprimer le ticket (duplicata)"))
        self.ticket_button.setObjectName("print_ticket")
        self.ticket_button.setToolTip(self.tr("Réimprimer le ticket du règlement choisi (DUPLICATA), sur "
                                              "l'imprimante de tickets si elle est configurée, sinon en PDF"))
        self.email_button = QPushButton(self.tr("Envoyer par e-mail"))
        self.email_button.setObjectName("email_document")
        self.email_button.setToolTip(self.tr("Envoyer une copie (DUPLICATA) en PDF à l'adresse e-mail du dossier ; "
                                             "où en est l'envoi : Dossiers › Messagerie…"))
        self.email_button.clicked.connect(self._on_email)
        self.open_button.clicked.connect(self._on_open)
        self.print_button.clicked.connect(self._on_print)
        self.ticket_button.clicked.connect(self._on_ticket)
        self.action_buttons = (self.open_button, self.print_button, self.email_button, self.ticket_button)
        ticket_row = QHBoxLayout()
        ticket_row.addStretch(1)
        ticket_row.addWidget(self.ticket_button)
        payments_layout.addLayout(ticket_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.document_label)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.email_button)
        buttons.addStretch(1)

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(8, 0, 0, 0)
        details_layout.addWidget(self.invoice_title)
        details_layout.addWidget(self.lines_table)
        details_layout.addWidget(self.totals)
        details_layout.addWidget(self.payments_box)
        details_layout.addWidget(self.credit_box)
        details_layout.addLayout(buttons)
        details_layout.addStretch(1)

        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([560, 800])

        self.empty = empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(splitter)

        self.message = DocumentMessage()
        self.message.setObjectName("action_message")
        self.message.said.connect(self.action_done)
        # open_file looked up at each call: tests give the tab a stand-in PDF reader.
        self.duplicates = DuplicateActions(self, state, self.message, set_busy=self._set_busy,
                                           open_file=lambda path: self.open_file(path))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(search_row)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)

        # Tab follows the screen: the search row, the history, the details top to bottom, the buttons.
        chain = (self.search_edit, self.search_button, self.batch_button, self.reminders_button, self.tree,
                 self.lines_table, self.payments_table, self.ticket_button, self.credit_table, self.open_button,
                 self.print_button, self.email_button, self.message)
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

        self.state.signals.changed.connect(self._on_changes)
        self._show_no_family()
        self._show_details(None)

    def focus_first(self) -> None:
        """The agent's first keystrokes here: an invoice number to find."""
        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search_edit.selectAll()

    # --- loading ----------------------------------------------------------------------------
    @qasync.asyncSlot(object)
    async def set_family(self, family_id) -> None:
        """The family opened on every tab (the main window calls it). An invoice found by number
        for this family is selected; anything said about the previous family is cleared."""
        found = self._pending if self._pending is not None and self._pending.family_id == family_id else None
        self._pending = None
        if family_id != self.family_id:
            self._also = None
            self.selected_id = None
            self.search_edit.clear()
            self.search_error.clear_message()
            self.message.clear_message()
        self.family_id = family_id
        if family_id is None:
            self._show_no_family()
            return
        if found is not None:
            self._also = found.id
            self.selected_id = found.id
        await self.refresh()
        if found is not None and self.family_id == family_id:
            self.message.say(self.tr("Facture %1 trouvée.").replace("%1", found.number))

    async def refresh(self, select: uuid.UUID | None = None) -> None:
        if self.family_id is None:
            return
        done = await (ServiceOp(self.state, bh.billing_history, self.family_id, also_invoice_id=self._also)
                      .errors_to(self._show_empty).latest_of(self.readings).run())
        if done.ok:
            self._show_history(done.value, select or self.selected_id)

    def _show_no_family(self) -> None:
        self.readings.drop()  # a reading under way for the previous family is dropped
        self.history = None
        self.title.setText(self.tr("Historique des factures"))
        self.balance.setText("")
        self.tree.clear()
        self._show_details(None)
        self._show_empty(self.tr("Aucun dossier ouvert.\nOuvrez un dossier dans l'onglet Dossiers (Ctrl+2) pour "
                                 "voir ses factures des 24 derniers mois,\nou recherchez une facture par son "
                                 "numéro ci-dessus."))

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.stack.setCurrentIndex(0)

    def _show_history(self, history: bh.BillingHistory, select: uuid.UUID | None) -> None:
        self.history = history
        self.title.setText(self.tr("Factures de la famille %1").replace("%1", history.family_name)
                           + (f" ({history.family_reference})" if history.family_reference else ""))
        self._show_balance(history.balance_due_cents)
        self.tree.blockSignals(True)
        self.tree.clear()
        bold = QFont()
        bold.setBold(True)
        chosen: QTreeWidgetItem | None = None
        for month in history.months:
            month_item = QTreeWidgetItem([month.label[:1].upper() + month.label[1:]])
            month_item.setFont(0, bold)
            month_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(month_item)
            for invoice in month.invoices:
                item = QTreeWidgetItem([invoice.headline])
                item.setData(0, INVOICE_ID_ROLE, invoice.id)
                item.setForeground(0, Qt.GlobalColor.black)
                item.setToolTip(0, invoice.headline)
                month_item.addChild(item)
                if chosen is None or invoice.id == select:
                    chosen = item  # the newest invoice, unless the one asked for is here
            month_item.setExpanded(True)
        self.tree.blockSignals(False)
        if chosen is None:  # no month, hence no invoice
            self._show_empty(self.tr("Aucune facture sur les 24 derniers mois.\nLes factures de la famille %1 "
                                     "apparaîtront ici dès qu'un encaissement sera fait (onglet Caisse, Ctrl+4).")
                             .replace("%1", history.family_name))
            self._show_details(None)
        else:
            self.stack.setCurrentIndex(1)
            self.tree.blockSignals(True)  # the details are shown just below, once
            self.tree.setCurrentItem(chosen)
            self.tree.blockSignals(False)
            self._show_details(history.invoice(chosen.data(0, INVOICE_ID_ROLE)))
        self.history_loaded.emit()

    def _show_balance(self, cents: int) -> None:
        if cents < 0:
            self.balance.setText(self.tr("Avoir de la famille : %1").replace("%1", format_cents(-cents)))
            self.balance.setStyleSheet("font-size: 12pt; font-weight: 600; color: #1b7f3b;")
        else:
            self.balance.setText(self.tr("Restant dû : %1").replace("%1", format_cents(cents)))
            colour = "#b3261e" if cents > 0 else "#1b7f3b"
            self.balance.setStyleSheet(f"font-size: 12pt; font-weight: 600; color: {colour};")

    def _on_current_item(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        invoice_id = item.data(0, INVOICE_ID_ROLE) if item is not None else None
        if invoice_id is not None and self.history is not None:
            self._show_details(self.history.invoice(invoice_id))

    def _show_details(self, invoice: bh.InvoiceSummary | None) -> None:
        self.selected_id = invoice.id if invoice else None
        for button in self.action_buttons:
            button.setEnabled(invoice is not None and not self._busy)
        self.credit_table.blockSignals(True)  # refilled below: the chosen document is shown once
        self.credit_table.clearSelection()
        self.credit_table.blockSignals(False)
        if invoice is None:
            self.invoice_title.setText("")
            for table in (self.lines_table, self.payments_table, self.credit_table):
                table.setRowCount(0)
            self.totals.setText("")
            self._show_chosen_document()
            return
        colour = STATUS_COLOURS.get(invoice.status, "#333")
        self.invoice_title.setText(
            self.tr("Facture %1 du %2 — <span style='color:%3'>%4</span>").replace("%1", invoice.number)
            .replace("%2", format_date(invoice.issue_date)).replace("%3", colour).replace("%4", invoice.status))
        _fill(self.lines_table, [(line.label, line.child_name, str(line.quantity), format_cents(line.unit_price_cents),
                                  format_cents(line.amount_cents)) for line in invoice.lines], right=(2, 3, 4))
        totals = [self.tr("Total : %1").replace("%1", format_cents(invoice.total_cents)),
                  self.tr("Réglé : %1").replace("%1", format_cents(invoice.paid_cents))]
        if invoice.credited_cents:
            totals.append(self.tr("Avoirs : %1").replace("%1", format_cents(invoice.credited_cents)))
        totals.append(self.tr("Reste à payer : %1").replace("%1", format_cents(max(invoice.balance_cents, 0))))
        self.totals.setText("    ".join(totals))
        _fill(self.payments_table, [(format_date(p.date), p.mode_label, format_cents(p.amount_cents),
                                     "" if p.reference == p.receipt_number else p.reference, p.receipt_number)
                                    for p in invoice.payments], right=(2,))
        self.payments_box.setTitle(self.tr("Règlements (%1)").replace("%1", str(len(invoice.payments)))
                                   if invoice.payments else self.tr("Règlements : aucun"))
        if invoice.payments:
            self.payments_table.selectRow(len(invoice.payments) - 1)
        self.credit_table.blockSignals(True)
        _fill(self.credit_table, [(n.number, format_date(n.date), format_cents(n.total_cents), n.reason)
                                  for n in invoice.credit_notes], right=(2,))
        self.credit_table.clearSelection()
        self.credit_table.blockSignals(False)
        self.credit_box.setTitle(self.tr("Avoirs (%1) — choisissez-en un pour l'ouvrir ou l'imprimer")
                                 .replace("%1", str(len(invoice.credit_notes))))
        self.credit_box.setVisible(bool(invoice.credit_notes))
        self.ticket_button.setEnabled(bool(invoice.payments) and not self._busy)
        self._show_chosen_document()

    def select_invoice(self, invoice_id: uuid.UUID) -> bool:
        months = (self.tree.topLevelItem(m) for m in range(self.tree.topLevelItemCount()))
        for month in filter(None, months):
            for item in filter(None, (month.child(i) for i in range(month.childCount()))):
                if item.data(0, INVOICE_ID_ROLE) == invoice_id:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    def current_invoice(self) -> bh.InvoiceSummary | None:
        if self.history is None or self.selected_id is None:
            return None
        return self.history.invoice(self.selected_id)

    def chosen_document(self) -> ChosenDocument | None:
        """The credit note selected in Avoirs, else the selected invoice."""
        invoice = self.current_invoice()
        if invoice is None:
            return None
        # Imported when first used: the printing package brings reportlab, ~100 ms at start-up.
        from ems_desktop.printing.files import CREDIT_NOTES, INVOICES

        rows = self.credit_table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(invoice.credit_notes):
            note = invoice.credit_notes[rows[0].row()]
            return ChosenDocument(CREDIT_NOTES, note.id, note.number)
        return ChosenDocument(INVOICES, invoice.id, invoice.number)

    def _choose_invoice(self) -> None:
        """A click in the history or on the invoice's lines: Ouvrir and Imprimer copy the invoice."""
        self.credit_table.clearSelection()

    def _show_chosen_document(self) -> None:
        document = self.chosen_document()
        if document is None:
            self.document_label.setText("")
            return
        from ems_desktop.printing.files import INVOICES  # imported when first used (see chosen_document)

        if document.kind == INVOICES:
            self.document_label.setText(self.tr("Facture %1 :").replace("%1", document.number))
        else:
            self.document_label.setText(self.tr("Avoir %1 :").replace("%1", document.number))

    def _on_tree_double_click(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, INVOICE_ID_ROLE) is not None:  # a month row only folds and unfolds
            self._choose_invoice()
            self._on_open()

    def _on_changes(self, changes) -> None:
        if self.family_id is not None and any(change.entity in REFRESH_ON for change in changes):
            self._refresh_soon()

    @qasync.asyncSlot()
    async def _refresh_soon(self) -> None:
        await self.refresh()

    # --- search -----------------------------------------------------------------------------
    @qasync.asyncSlot()
    async def _on_search(self) -> None:
        done = await ServiceOp(self.state, bh.find_invoice, self.search_edit.text()).errors_to(self.search_error).run()
        if not done.ok:
            return
        found = done.value
        if found.family_id != self.family_id:
            # One family is open at a time, on every tab: ask for it, select the invoice once it is.
            self._pending = found
            self.family_requested.emit(found.family_id, found.id)
            return
        self._also = found.id
        self.selected_id = found.id
        await self.refresh(select=found.id)
        self.message.say(self.tr("Facture %1 trouvée.").replace("%1", found.number))

    def family_not_opened(self) -> None:
        """The family of the invoice found was not opened (the agent kept a dossier being typed in
        Dossiers): the search is forgotten and the tab says so."""
        if self._pending is None:
            return
        number = self._pending.number
        self._pending = None
        self.search_error.show_message(self.tr("La facture %1 est d'une autre famille : enregistrez ou abandonnez "
                                               "d'abord le dossier en cours dans Dossiers (Ctrl+2).")
                                       .replace("%1", number))

    # --- actions ----------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        invoice = self.current_invoice()
        for button in self.action_buttons:
            button.setEnabled(not busy and invoice is not None)
        if invoice is not None and not invoice.payments:
            self.ticket_button.setEnabled(False)
        self.batch_button.setEnabled(not busy)

    def open_file(self, path: Path) -> bool:
        """Show a saved PDF in the desktop's PDF reader; False when none opened it (tests replace it)."""
        return open_pdf(path)

    def _duplicate(self, document: ChosenDocument) -> Duplicate:
        from ems_desktop.printing.files import INVOICES
        from ems_desktop.services import documents

        pdf = documents.invoice_pdf if document.kind == INVOICES else documents.credit_note_pdf
        title = (self.tr("Duplicata de la facture %1") if document.kind == INVOICES
                 else self.tr("Duplicata de l'avoir %1")).replace("%1", document.number)
        return Duplicate(functools.partial(pdf, duplicate=True), document.id, document.kind, document.number,
                         document.number, title)

    @qasync.asyncSlot()
    async def _on_open(self) -> None:
        document = self.chosen_document()
        if document is not None and not self._busy:
            self.last_saved = await self.duplicates.open(self._duplicate(document)) or self.last_saved

    @qasync.asyncSlot()
    async def _on_print(self) -> None:
        document = self.chosen_document()
        if document is not None and not self._busy:
            self.last_saved = await self.duplicates.print(self._duplicate(document)) or self.last_saved

    @qasync.asyncSlot()
    async def _on_email(self) -> None:
        """« Envoyer par e-mail »: the chosen invoice or credit note queued in the counter's outbox
        (services/messages.py); it goes as soon as the town's mail server takes it."""
        from ems_desktop.printing.files import INVOICES
        from ems_desktop.services import messages

        document = self.chosen_document()
        if document is None or self._busy:
            return
        self._set_busy(True)
        queue = messages.queue_invoice_email if document.kind == INVOICES else messages.queue_credit_note_email
        try:
            done = await ServiceOp(self.state, queue, document.id).errors_to(self.message.say_error).run()
        finally:
            self._set_busy(False)
        if done.ok:
            what = (self.tr("Facture %1") if document.kind == INVOICES else self.tr("Avoir %1")).replace(
                "%1", document.number)
            self.message.say(self.tr("%1 : e-mail à %2 mis en file d'envoi ; il part dès que le serveur de "
                                     "messagerie le prend (où il en est : Dossiers › Messagerie…).")
                             .replace("%1", what).replace("%2", done.value.recipient))

    def _chosen_payment(self, invoice: bh.InvoiceSummary) -> bh.HistoryPayment | None:
        row = self.payments_table.currentRow()
        if 0 <= row < len(invoice.payments):
            return invoice.payments[row]
        return invoice.payments[-1] if invoice.payments else None

    @qasync.asyncSlot()
    async def _on_ticket(self) -> None:
        from ems_desktop.printing import PrintingError, save_and_print_ticket
        from ems_desktop.printing.files import TICKETS
        from ems_desktop.reports import render_ticket
        from ems_desktop.services import documents

        invoice = self.current_invoice()
        payment = self._chosen_payment(invoice) if invoice else None
        if payment is None or self._busy:
            if invoice is not None and payment is None:
                self.message.say(self.tr("Cette facture n'a aucun règlement : pas de ticket à imprimer."), error=True)
            return
        self._set_busy(True)
        try:
            read = await ServiceOp(self.state, documents.ticket_document, payment.payment_id, duplicate=True).errors_to(
                self.message.say_error).run()
            if not read.ok:
                return
            ticket = read.value
            address = self.state.local.get(config.RECEIPT_PRINTER)
            codepage = self.state.local.get(config.RECEIPT_CODEPAGE)
            number = payment.receipt_number or str(payment.payment_id)
            path = document_path(TICKETS, number, duplicate=True)
            printed = await in_print_thread(
                lambda: save_and_print_ticket(ticket, render_ticket(ticket), path, address, codepage))
            self.last_saved = path
            if printed:
                self.message.say(self.tr("Ticket %1 (duplicata) imprimé sur l'imprimante de tickets. PDF : %2")
                                 .replace("%1", number).replace("%2", str(path)), saved=path)
            else:
                opened = bool(self.open_file(path))
                self.message.say(self.tr("Aucune imprimante de tickets n'est configurée (Fichier › Paramètres). %1")
                                 .replace("%1", saved_text(TICKETS, number, path, opened=opened, duplicate=True)),
                                 saved=path)
        except PrintingError as failed:
            self.message.say(failed.message, error=True)
        finally:
            self._set_busy(False)

    def _on_reminders(self) -> None:
        from ems_desktop.views.reminders_dialog import open_reminders

        open_reminders(self, self.state)

    # --- batch ------------------------------------------------------------------------------
    @qasync.asyncSlot()
    async def _on_batch(self) -> None:
        today = to_local(self.state.context.now()).date()
        period = await ask_batch_period(self, today.replace(day=1), today)
        if period is not None:
            await self.run_batch(*period)

    async def run_batch(self, first: dt.date, last: dt.date) -> Path | None:
        """Every invoice issued from ``first`` to ``last`` in one PDF: read on the database worker,
        drawn on the printing thread with a progress dialog whose Annuler stops it (nothing is
        saved then). Returns the saved file, or None."""
        from ems_desktop.printing import PrintingError, documents_folder, pdf_filename, save_pdf
        from ems_desktop.printing.files import INVOICES
        from ems_desktop.reports import RenderCancelled, render_invoices_batch

        if self._busy:
            return None
        self._set_busy(True)
        period = self.tr("du %1 au %2").replace("%1", format_date(first)).replace("%2", format_date(last))
        cancel = threading.Event()
        progress = QProgressDialog(self.tr("Lecture des factures %1…").replace("%1", period), self.tr("Annuler"),
                                   0, 0, self)
        progress.setObjectName("batch_progress")
        progress.setWindowTitle(self.tr("Impression des factures"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(cancel.set)
        self.batch_progress = progress
        relay = ProgressRelay(self)

        def advanced(done: int, total: int) -> None:
            if not cancel.is_set():
                # The label first: a window-modal progress dialog processes events inside setValue().
                progress.setLabelText(self.tr("Facture %1 sur %2…").replace("%1", str(done)).replace("%2", str(total)))
                progress.setValue(done)

        relay.progressed.connect(advanced)
        progress.show()
        saved: Path | None = None
        try:
            read = await ServiceOp(self.state, bh.invoice_documents_between, first, last).errors_to(
                self.message.say_error).run()
            if not read.ok:
                return None
            docs = read.value
            if cancel.is_set():
                raise RenderCancelled(0, len(docs))
            if not docs:
                self.message.say(self.tr("Aucune facture émise %1 : rien à imprimer.").replace("%1", period))
                return None
            progress.setRange(0, len(docs))
            progress.setValue(0)
            progress.setLabelText(self.tr("Préparation de %1 factures…").replace("%1", str(len(docs))))
            path = documents_folder(INVOICES) / pdf_filename("Factures", period.replace("/", "-"))

            def work() -> Path:
                data = render_invoices_batch(docs, progress=relay.report, cancelled=cancel.is_set)
                if cancel.is_set():  # cancelled after the last invoice was drawn: still nothing saved
                    raise RenderCancelled(len(docs), len(docs))
                return save_pdf(data, path)

            saved = await in_print_thread(work)
            self.last_saved = saved
            self.message.say(self.tr("%1 factures %2 réunies dans un PDF : %3").replace("%1", str(len(docs)))
                             .replace("%2", period).replace("%3", str(saved)), saved=saved)
            return saved
        except RenderCancelled:
            self.message.say(self.tr("Impression des factures annulée : aucun fichier enregistré."))
            return None
        except PrintingError as failed:
            self.message.say(failed.message, error=True)
            return None
        finally:
            progress.canceled.disconnect(cancel.set)
            progress.hide()  # hide, not close: close() would emit canceled and reset the value
            relay.deleteLater()
            self._set_busy(False)
            self.batch_done.emit(saved)
