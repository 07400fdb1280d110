"""« Relances… » (Facturation, and Fichier): the invoices still owing N days after they were issued,
oldest first, with what each still owes and its last reminder; the chosen ones reminded in one
click — a letter printed (one PDF, a page a letter) or an e-mail queued. Each reminder is written to
the journal by the service, which keeps them to the régisseur and the administrateur; here the
buttons are only greyed out for the others.

The list is read on the database worker; the PDF is saved on the printing thread."""

from __future__ import annotations

import datetime as dt
import uuid

import qasync
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import format_date
from ems_desktop.money import format_cents
from ems_desktop.services import reminders
from ems_desktop.services.reminders import OverdueInvoice
from ems_desktop.views.app_state import AppState
from ems_desktop.views.document_feedback import DocumentMessage, document_path, open_pdf, saved_text
from ems_desktop.views.operations import LatestOnly, ServiceOp
from ems_desktop.views.table_model import RowsTableModel
from ems_desktop.views.widgets import (
    REGIE_ONLY,
    FieldWithError,
    close_buttons,
    empty_state,
    fit_to_screen,
    is_regie,
    regie_action,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
KIND = "relances"  # document_feedback's kind: « Lettre de relance A01-F000001.pdf »
# What makes the list stale: a payment, a credit note, a reminder sent from another screen.
REFRESH_ON = frozenset({"invoice", "payment", "credit_note", "family"})


class OverdueModel(RowsTableModel[OverdueInvoice]):
    """The overdue invoices (plain, frozen rows): invoice, issued on, family, still owed, days,
    last reminder."""

    INVOICE, ISSUED, FAMILY, DUE, DAYS, LAST = range(6)
    RIGHT_COLUMNS = (DUE, DAYS)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._headers = [self.tr("Facture"), self.tr("Émise le"), self.tr("Famille"), self.tr("Reste dû"),
                         self.tr("Retard (jours)"), self.tr("Dernière relance")]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_of(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.INVOICE:
                return row.number + (self.tr(" (à prélever)") if row.collect_by_debit else "")
            if column == self.ISSUED:
                return format_date(row.issue_date)
            if column == self.FAMILY:
                return f"{row.family_name} ({row.family_reference})" if row.family_reference else row.family_name
            if column == self.DUE:
                return format_cents(row.due_cents)
            if column == self.DAYS:
                return str(row.days_overdue)
            return row.last_reminder_text or "—"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_COLUMNS:
            return int(RIGHT)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.INVOICE and row.collect_by_debit:
                return self.tr("Facture émise « à prélever » : le prochain prélèvement peut la recouvrer.")
            if column == self.FAMILY:
                return (self.tr("Adresse e-mail connue : relance possible par e-mail") if row.has_email
                        else self.tr("Aucune adresse e-mail dans le dossier : relance par courrier"))
            if column == self.LAST:
                if not row.reminders:
                    return self.tr("Jamais relancée")
                return (self.tr("1 relance envoyée") if row.reminders == 1
                        else self.tr("%1 relances envoyées").replace("%1", str(row.reminders)))
        if role == ROW_ROLE:
            return row
        return None


class RemindersDialog(QDialog):
    loaded = Signal()          # after each reading (tests wait for it)
    action_done = Signal(str)  # the message shown after a reminder (tests wait for it)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.readings = LatestOnly()  # only the newest reading of the list is shown
        self._busy = False
        self.last_saved = None
        self.setObjectName("reminders_dialog")
        self.setWindowTitle(self.tr("Relances des factures impayées"))

        intro = QLabel(self.tr("Les factures qui restent à payer, la plus ancienne en premier. Choisissez-en une "
                               "ou plusieurs (Ctrl ou Maj + clic) pour relancer les familles."))
        intro.setWordWrap(True)
        self.days = QSpinBox()
        self.days.setObjectName("days")
        self.days.setRange(0, reminders.MAX_DAYS)
        self.days.setValue(reminders.DEFAULT_DAYS)
        self.days.setSuffix(self.tr(" jours"))
        self.days.setAccelerated(True)
        self.days.setToolTip(self.tr("Comptés depuis la date d'émission de la facture"))
        self.days_field = FieldWithError(self.days)
        days_label = QLabel(self.tr("Factures en retard de plus de"))
        days_label.setBuddy(self.days)
        # Read again once the agent stops changing the number (not at each step of the arrows).
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(250)
        self._reload_timer.timeout.connect(self.refresh)
        self.days.valueChanged.connect(lambda _value: self._reload_timer.start())
        self.summary = QLabel()
        self.summary.setObjectName("overdue_total")
        self.summary.setStyleSheet("font-weight: 600;")
        top = QHBoxLayout()
        top.addWidget(days_label)
        top.addWidget(self.days_field)
        top.addStretch(1)
        top.addWidget(self.summary, 0, Qt.AlignmentFlag.AlignTop)

        self.model = OverdueModel(self)
        self.table = QTableView()
        self.table.setObjectName("overdue_invoices")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OverdueModel.FAMILY, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(200)  # thousands of rows: the widths from the first ones
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.empty = empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.email_button = QPushButton(self.tr("Relancer par e-mail"))
        self.email_button.setObjectName("remind_by_email")
        self.letter_button = QPushButton(self.tr("Imprimer la lettre de relance"))
        self.letter_button.setObjectName("print_letter")
        self.email_button.clicked.connect(self.remind_by_email)
        self.letter_button.clicked.connect(self.print_letters)
        self.allowed = is_regie(state.agent)  # the service checks it again
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.email_button)
        buttons.addWidget(self.letter_button)

        self.message = DocumentMessage()
        self.message.setObjectName("action_message")
        self.message.said.connect(self.action_done)
        close = close_buttons(self, self.tr("Fermer"))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)
        fit_to_screen(self, 1000, 620)
        self.state.signals.changed.connect(self._on_changes)
        self._update_buttons()
        self.refresh()

    # --- reading ---------------------------------------------------------------------------
    @qasync.asyncSlot()
    async def refresh(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        self._reload_timer.stop()
        days = self.days.value()
        done = await (ServiceOp(self.state, reminders.overdue_invoices, days)
                      .errors_to(self.message.say_error, {"days": self.days_field.error})
                      .latest_of(self.readings).run())
        if not done.ok:
            return
        rows = done.value
        chosen = set(self.selected_ids())
        self.model.set_rows(rows)
        self._select(chosen)
        total = sum(r.due_cents for r in rows)
        if rows:
            count = self.tr("1 facture") if len(rows) == 1 else self.tr("%1 factures").replace("%1", f"{len(rows):,}"
                                                                                              .replace(",", "\u202f"))
            self.summary.setText(self.tr("%1 en retard, pour un total de %2 restant dû").replace("%1", count)
                                 .replace("%2", format_cents(total)))
            self.stack.setCurrentWidget(self.table)
        else:
            self.summary.setText("")
            since = self.state.context.today() - dt.timedelta(days=days)
            self.empty.setText(self.tr("Aucune facture émise avant le %1 ne reste à payer : rien à relancer.\n"
                                       "Diminuez le nombre de jours pour voir les factures plus récentes.")
                               .replace("%1", format_date(since)))
            self.stack.setCurrentWidget(self.empty)
        self._update_buttons()
        self.loaded.emit()

    def _on_changes(self, changes) -> None:
        if not self._busy and any(change.entity in REFRESH_ON for change in changes):
            self._reload_timer.start()

    # --- selection -------------------------------------------------------------------------
    def selected(self) -> list[OverdueInvoice]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row_at(r) for r in rows if r < self.model.rowCount()]

    def selected_ids(self) -> list[uuid.UUID]:
        return [row.invoice_id for row in self.selected()]

    def select_invoices(self, invoice_ids) -> None:
        self.table.clearSelection()
        self._select(set(invoice_ids))

    def _select(self, invoice_ids: set) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        for r, row in enumerate(self.model.rows()):
            if row.invoice_id in invoice_ids:
                selection.select(self.model.index(r, 0), self.model.index(r, self.model.columnCount() - 1))
        self.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        many = len(chosen) > 1
        self.letter_button.setText(self.tr("Imprimer les lettres de relance (%1)").replace("%1", str(len(chosen)))
                                   if many else self.tr("Imprimer la lettre de relance"))
        self.email_button.setText(self.tr("Relancer par e-mail (%1)").replace("%1", str(len(chosen)))
                                  if many else self.tr("Relancer par e-mail"))
        if not self.allowed:
            for button in (self.email_button, self.letter_button):
                button.setEnabled(False)
                button.setToolTip(self.tr(REGIE_ONLY))
            return
        self.letter_button.setEnabled(bool(chosen) and not self._busy)
        self.letter_button.setToolTip(self.tr("Enregistrer la lettre en PDF (une page par facture) et l'ouvrir "
                                              "pour l'imprimer ; la relance est notée au journal") if chosen
                                      else self.tr("Choisissez d'abord une facture dans la liste"))
        without = [row for row in chosen if not row.has_email]
        self.email_button.setEnabled(bool(chosen) and not without and not self._busy)
        if not chosen:
            self.email_button.setToolTip(self.tr("Choisissez d'abord une facture dans la liste"))
        elif without:
            names = ", ".join(dict.fromkeys(row.family_name for row in without))
            self.email_button.setToolTip(self.tr("Pas d'adresse e-mail dans le dossier de la famille %1 : "
                                                 "imprimez la lettre de relance.").replace("%1", names))
        else:
            self.email_button.setToolTip(self.tr("Envoyer la relance par e-mail (la facture en pièce jointe) ; "
                                                 "elle est notée au journal"))

    # --- actions ---------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def open_file(self, path) -> bool:
        """Show a saved PDF in the desktop's reader; False when none opened it (tests replace it)."""
        return open_pdf(path)

    @qasync.asyncSlot()
    async def print_letters(self) -> None:
        from ems_desktop.printing import PrintingError
        from ems_desktop.printing.files import documents_folder, pdf_filename, save_pdf
        from ems_desktop.views.printing_dialogs import in_print_thread

        chosen = self.selected()
        if not chosen or self._busy:
            return
        self._set_busy(True)
        try:
            drawn = await ServiceOp(self.state, reminders.reminder_letters_pdf, [row.invoice_id for row in chosen]
                                    ).errors_to(self.message.say_error).run()
            if not drawn.ok:
                return
            data = drawn.value
            if len(chosen) == 1:
                path = document_path(KIND, chosen[0].number)
            else:  # « Lettres de relance du 30-11-2026 (12 factures).pdf »
                path = documents_folder(KIND) / pdf_filename(self.tr("Lettres de relance"), self.tr(
                    "du %1 (%2 factures)").replace("%1", self.state.context.today().strftime("%d-%m-%Y"))
                    .replace("%2", str(len(chosen))))
            saved = await in_print_thread(save_pdf, data, path)
            self.last_saved = saved
            opened = bool(self.open_file(saved))
            if len(chosen) == 1:
                text = saved_text(KIND, chosen[0].number, saved, opened=opened)
            else:
                text = (self.tr("%1 lettres de relance réunies dans un PDF, ouvert pour l'impression : %2") if opened
                        else self.tr("%1 lettres de relance réunies dans un PDF (aucun lecteur PDF ne l'a ouvert) : "
                                     "%2")).replace("%1", str(len(chosen))).replace("%2", str(saved))
            await self.reload()
            self.message.say(text, saved=saved)
        except PrintingError as failed:
            self.message.say(str(failed), error=True)
        finally:
            self._set_busy(False)

    @qasync.asyncSlot()
    async def remind_by_email(self) -> None:
        chosen = self.selected()
        if not chosen or self._busy:
            return
        self._set_busy(True)
        sent: list[str] = []
        refusals: list[str] = []
        try:
            for row in chosen:
                done = await ServiceOp(self.state, reminders.send_reminder, row.invoice_id, reminders.EMAIL).errors_to(
                    refusals.append).run()
                if not done.ok:
                    break
                sent.append(row.number)
        finally:
            self._set_busy(False)
        await self.reload()
        if refusals:  # the first refusal stops the batch; what went before is said
            already = (self.tr(" (relance déjà envoyée : %1)").replace("%1", ", ".join(sent)) if sent else "")
            self.message.say(refusals[0] + already, error=True)
            return
        self.message.say((self.tr("Relance par e-mail de la facture %1 confiée à la messagerie.") if len(sent) == 1
                          else self.tr("Relances par e-mail des factures %1 confiées à la messagerie."))
                         .replace("%1", ", ".join(sent)))


def open_reminders(parent: QWidget, state: AppState) -> RemindersDialog:
    """The dialog, window-modal over ``parent`` (kept on it as ``reminders_dialog``)."""
    dialog = RemindersDialog(state, parent)
    parent.reminders_dialog = dialog  # type: ignore[attr-defined]  # any screen may open it; tests reach it here
    dialog.open()
    return dialog


def add_reminders_action(window, menu) -> QAction:
    """« Relances… » in ``menu``, for the régie (widgets.regie_action)."""
    return regie_action(window, menu, "R&elances…", "reminders_action", open_reminders)
