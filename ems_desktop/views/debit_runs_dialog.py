"""Fichier › Prélèvements SEPA… (régisseur, administrateur): the invoices to collect by direct debit,
the collection date, the pain.008 file built and saved for the bank with its report; the runs made,
each with its file, its report and the bank's return to import (rejects become dues again)."""

from __future__ import annotations

import uuid

import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import format_date
from ems_desktop.money import format_cents
from ems_desktop.services import debit_runs
from ems_desktop.services.debit_runs import Creditor, DebitCandidate, DebitRunView
from ems_desktop.services.mandates import masked_iban
from ems_desktop.views.app_state import AppState
from ems_desktop.views.date_field import DateField
from ems_desktop.views.document_feedback import DocumentMessage
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel, FieldWithError, close_buttons, fit_to_screen, regie_action, rows_table

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _item(text: str, *, right: bool = False, muted: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(RIGHT)
    if muted:
        item.setForeground(Qt.GlobalColor.darkGray)
    return item


def _table(object_name: str, titles: list[str]) -> QTableWidget:
    table = rows_table(titles, object_name)
    # Columns sized once after each fill (_fit): sizing them to their contents at every row set
    # made a thousand candidates take minutes.
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fit(table: QTableWidget) -> None:
    """Each column as wide as its header and its first rows' texts (the rows are alike)."""
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    for column in range(table.columnCount() - (1 if header.stretchLastSection() else 0)):
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        header_item = table.horizontalHeaderItem(column)
        title = header_item.text() if header_item else ""
        cells = (table.item(row, column) for row in range(min(table.rowCount(), 200)))
        texts = [title] + [cell.text() for cell in cells if cell is not None]
        table.setColumnWidth(column, max(metrics.horizontalAdvance(t) for t in texts) + 28)


class CreditorDialog(QDialog):
    """The régie's ICS, IBAN and BIC: each checked by the service, its message under the field."""

    def __init__(self, state: AppState, creditor: Creditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("creditor_dialog")
        self.setWindowTitle(self.tr("Compte créancier de la régie"))
        self.ics = QLineEdit(creditor.creditor_id if creditor.creditor_id != "FR00ZZZ000000" else "")
        self.ics.setPlaceholderText("FR12ZZZ123456")
        self.iban = QLineEdit(" ".join(creditor.iban[i:i + 4] for i in range(0, len(creditor.iban), 4)))
        self.iban.setPlaceholderText("FR76 1007 1730 0000 0010 0000 010")
        self.bic = QLineEdit(creditor.bic)
        self.bic.setPlaceholderText("TRPUFRP1")
        self.fields = {"creditor_id": FieldWithError(self.ics), "iban": FieldWithError(self.iban),
                       "bic": FieldWithError(self.bic)}
        form = QFormLayout()
        form.addRow(self.tr("Identifiant créancier (ICS)"), self.fields["creditor_id"])
        form.addRow(self.tr("IBAN du compte de la régie"), self.fields["iban"])
        form.addRow(self.tr("BIC"), self.fields["bic"])
        self.message = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Donnés par la banque de la régie (le Trésor public) : ils figurent dans chaque "
                              "fichier de prélèvement et sur les mandats."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.saved: Creditor | None = None
        fit_to_screen(self, 560, 260)

    @qasync.asyncSlot()
    async def save(self) -> None:
        done = await (ServiceOp(self.state, debit_runs.save_creditor,
                                Creditor("", self.ics.text(), self.iban.text(), self.bic.text()))
                      .disabling(self.save_button)
                      .errors_to(self.message, {k: f.error for k, f in self.fields.items()}).run())
        if not done.ok:
            return
        self.saved = done.value
        self.accept()


class DebitRunsDialog(QDialog):
    CANDIDATE_TITLES = ["", "Facture", "Émise le", "Famille", "Mandat", "Séq.", "Reste dû", "Remarque"]
    RUN_TITLES = ["Échéance", "Référence", "Prélèvements", "Montant", "Rejetés", "Encaissé"]

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.candidates: list[DebitCandidate] = []
        self.runs: list[DebitRunView] = []
        self.creditor: Creditor | None = None
        self.setObjectName("debit_runs_dialog")
        self.setWindowTitle(self.tr("Prélèvements SEPA"))

        self.creditor_label = QLabel()
        self.creditor_label.setWordWrap(True)
        self.creditor_button = QPushButton(self.tr("Compte créancier…"))
        creditor_row = QHBoxLayout()
        creditor_row.addWidget(self.creditor_label, 1)
        creditor_row.addWidget(self.creditor_button)

        new = QGroupBox(self.tr("Nouveau prélèvement"))
        self.table = _table("candidates", [self.tr(t) for t in self.CANDIDATE_TITLES])
        self.empty = QLabel(self.tr("Aucune facture à prélever : les factures émises « à prélever » (au guichet, "
                                    "pour une famille qui a un mandat en vigueur) apparaîtront ici."))
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555;")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.collection_date = DateField(debit_runs.default_collection_date(state.context))
        self.date_field = FieldWithError(self.collection_date)
        self.selected_label = QLabel()
        self.build_button = QPushButton(self.tr("Préparer le fichier pour la banque"))
        self.build_button.setObjectName("build_run")
        build_row = QHBoxLayout()
        build_row.addWidget(QLabel(self.tr("Échéance")))
        build_row.addWidget(self.date_field)
        build_row.addWidget(self.selected_label, 1)
        build_row.addWidget(self.build_button)
        new_layout = QVBoxLayout(new)
        new_layout.addWidget(self.table, 1)
        new_layout.addWidget(self.empty)
        new_layout.addLayout(build_row)

        done = QGroupBox(self.tr("Prélèvements préparés"))
        self.runs_table = _table("runs", [self.tr(t) for t in self.RUN_TITLES])
        self.runs_table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.runs_table.horizontalHeader().setStretchLastSection(False)
        self.runs_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.no_runs = QLabel(self.tr("Aucun prélèvement préparé pour l'instant."))
        self.no_runs.setStyleSheet("color: #555;")
        self.no_runs.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.file_button = QPushButton(self.tr("Enregistrer le fichier"))
        self.report_button = QPushButton(self.tr("Rapport PDF"))
        self.return_button = QPushButton(self.tr("Importer le retour de la banque…"))
        self.return_button.setToolTip(self.tr("Le compte rendu de la banque (pain.002, XML) ou sa liste des "
                                              "impayés (CSV avec les colonnes EndToEndId et Code)"))
        run_actions = QHBoxLayout()
        run_actions.addStretch(1)
        for button in (self.file_button, self.report_button, self.return_button):
            run_actions.addWidget(button)
        done_layout = QVBoxLayout(done)
        done_layout.addWidget(self.runs_table, 1)
        done_layout.addWidget(self.no_runs)
        done_layout.addLayout(run_actions)

        self.message = ErrorLabel()
        self.document = DocumentMessage()
        self.info = QLabel()
        self.info.setWordWrap(True)
        close = close_buttons(self, self.tr("Fermer"))
        layout = QVBoxLayout(self)
        layout.addLayout(creditor_row)
        layout.addWidget(new, 3)
        layout.addWidget(done, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.info)
        layout.addWidget(self.document)
        layout.addWidget(close)
        fit_to_screen(self, 1100, 760)

        self.table.itemChanged.connect(self._count_selected)
        self.creditor_button.clicked.connect(self.edit_creditor)
        self.build_button.clicked.connect(self.build)
        self.file_button.clicked.connect(self.save_file)
        self.report_button.clicked.connect(self.save_report)
        self.return_button.clicked.connect(self.import_return)
        self.runs_table.itemSelectionChanged.connect(self._run_buttons)
        self.refresh()

    # --- reading -------------------------------------------------------------------------------

    @qasync.asyncSlot()
    async def refresh(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        done = await ServiceOp(self.state, _screen_data).errors_to(self.message).run()
        if not done.ok:
            return
        self.creditor, self.candidates, self.runs = done.value
        self._show_creditor()
        self._fill_candidates()
        self._fill_runs()

    def _show_creditor(self) -> None:
        c = self.creditor
        if c is None or not c.iban:
            self.creditor_label.setText(self.tr("Compte créancier de la régie non renseigné : renseignez-le avant le "
                                                "premier prélèvement."))
            self.creditor_label.setStyleSheet("color: #b3261e;")
            return
        self.creditor_label.setStyleSheet("")
        self.creditor_label.setText(self.tr("Créancier : %1 — ICS %2 — compte %3").replace("%1", c.name)
                                    .replace("%2", c.creditor_id).replace("%3", masked_iban(c.iban)))

    def _fill_candidates(self) -> None:
        self.table.blockSignals(True)
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(self.candidates))
        for row, c in enumerate(self.candidates):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked if c.proposed else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, check)
            note = (self.tr("Rejeté le %1").replace("%1", c.last_reject) if c.last_reject
                    else self.tr("Émise « à prélever »") if c.to_collect_by_debit
                    else self.tr("Émise au guichet (à cocher si la famille le demande)"))
            values = (c.invoice_number, format_date(c.issue_date), f"{c.family_name} ({c.family_reference})",
                      f"{c.rum} · {c.iban_masked}", c.sequence)
            for column, text in enumerate(values, start=1):
                self.table.setItem(row, column, _item(text))
            self.table.setItem(row, 6, _item(format_cents(c.owed_cents), right=True))
            self.table.setItem(row, 7, _item(note, muted=not c.proposed))
        _fit(self.table)
        self.table.setUpdatesEnabled(True)
        self.table.blockSignals(False)
        self.table.setVisible(bool(self.candidates))
        self.empty.setVisible(not self.candidates)
        self._count_selected()

    def chosen(self) -> list[DebitCandidate]:
        return [c for row, c in enumerate(self.candidates) if self._checked(row)]

    def _checked(self, row: int) -> bool:
        box = self.table.item(row, 0)
        assert box is not None  # _fill_candidates gives every row its box
        return box.checkState() == Qt.CheckState.Checked

    def _count_selected(self, *_args) -> None:
        chosen = self.chosen()
        self.selected_label.setText(self.tr("%1 facture(s) cochée(s) : %2").replace("%1", str(len(chosen)))
                                    .replace("%2", format_cents(sum(c.owed_cents for c in chosen))))
        self.selected_label.setAlignment(RIGHT)
        self.build_button.setEnabled(bool(chosen))

    def _fill_runs(self) -> None:
        self.runs_table.setRowCount(len(self.runs))
        for row, run in enumerate(self.runs):
            rejected = (f"{run.rejected_count} · {format_cents(run.rejected_cents)}" if run.rejected_count else "—")
            values = ((format_date(run.collection_date), False), (run.reference, False),
                      (str(run.item_count), True), (format_cents(run.total_cents), True), (rejected, True),
                      (format_cents(run.collected_cents), True))
            for column, (text, right) in enumerate(values):
                self.runs_table.setItem(row, column, _item(text, right=right))
        _fit(self.runs_table)
        self.runs_table.setVisible(bool(self.runs))
        self.no_runs.setVisible(not self.runs)
        if self.runs and not self.runs_table.selectedItems():
            self.runs_table.selectRow(0)
        self._run_buttons()

    def selected_run(self) -> DebitRunView | None:
        rows = {index.row() for index in self.runs_table.selectedIndexes()}
        return self.runs[min(rows)] if rows and min(rows) < len(self.runs) else None

    def _run_buttons(self) -> None:
        for button in (self.file_button, self.report_button, self.return_button):
            button.setEnabled(self.selected_run() is not None)

    # --- acting --------------------------------------------------------------------------------

    def _clear(self) -> None:
        self.message.clear_message()
        self.date_field.error.clear_message()
        self.info.clear()
        self.document.hide()

    @qasync.asyncSlot()
    async def edit_creditor(self) -> None:
        from ems_desktop.views.async_tools import dialog_result

        dialog = CreditorDialog(self.state, self.creditor or Creditor("", "", "", ""), self)
        self.creditor_dialog = dialog
        if await dialog_result(dialog) == QDialog.DialogCode.Accepted:
            self.creditor = dialog.saved
            self._show_creditor()

    @qasync.asyncSlot()
    async def build(self) -> None:
        self._clear()
        chosen = self.chosen()
        # A town's monthly run takes a few seconds (a payment and a debit per invoice, the file checked).
        done = await (ServiceOp(self.state, debit_runs.build_debit_run, uuid.uuid4(), self.collection_date.edit.text(),
                                [c.invoice_id for c in chosen])
                      .disabling(self.build_button)
                      .errors_to(self.message, {"collection_date": self.date_field.error})
                      .showing(self.info, self.tr("Préparation du prélèvement de %1 facture(s)…")
                               .replace("%1", str(len(chosen)))).run())
        self._count_selected()
        if not done.ok:
            return
        run = done.value
        await self.reload()
        text = (self.tr("Prélèvement du %1 préparé : %2 facture(s), %3.")
                .replace("%1", format_date(run.collection_date))
                .replace("%2", str(run.item_count)).replace("%3", format_cents(run.total_cents)))
        if run.skipped:
            text += " " + self.tr("Laissées de côté : %1.").replace(
                "%1", " ; ".join(f"{s.invoice_number} ({s.reason})" for s in run.skipped))
        self.info.setText(text)
        self.runs_table.selectRow(next(i for i, r in enumerate(self.runs) if r.id == run.id))
        await self._save_file(run)

    @qasync.asyncSlot()
    async def save_file(self) -> None:
        self._clear()
        run = self.selected_run()
        if run is not None:
            await self._save_file(run)

    async def _save_file(self, run: DebitRunView) -> None:
        from ems_desktop.printing.files import documents_folder
        from ems_desktop.views.printing_dialogs import in_print_thread

        done = await ServiceOp(self.state, debit_runs.debit_run_file, run.id).errors_to(self.message).run()
        if not done.ok:
            return
        name, data = done.value
        try:
            path = documents_folder("prelevements") / name
            await in_print_thread(lambda: path.write_bytes(data))
        except OSError as failed:
            self.message.show_message(self.tr("Le fichier n'a pas pu être enregistré : %1").replace("%1", str(failed)))
            return
        self.saved_file = path
        self.document.show_saved(self.tr("Fichier à remettre à la banque enregistré : %1").replace("%1", str(path)),
                                 path)

    @qasync.asyncSlot()
    async def save_report(self) -> None:
        from ems_desktop.printing import PrintingError
        from ems_desktop.printing.files import save_pdf
        from ems_desktop.reports import render_debit_run
        from ems_desktop.views.document_feedback import document_path, open_pdf, saved_text
        from ems_desktop.views.printing_dialogs import in_print_thread

        self._clear()
        run = self.selected_run()
        if run is None:
            return
        done = await ServiceOp(self.state, debit_runs.debit_run_report, run.id).errors_to(self.message).run()
        if not done.ok:
            return
        report = done.value
        try:
            number = f"du {run.collection_date:%d-%m-%Y} {run.reference[-12:]}"
            path = document_path("prelevements", number)
            await in_print_thread(lambda: save_pdf(render_debit_run(report), path))
        except PrintingError as failed:
            self.message.show_message(str(failed))
            return
        self.saved_report = path
        self.document.show_saved(saved_text("prelevements", number, path, opened=open_pdf(path)), path)

    @qasync.asyncSlot()
    async def import_return(self, path: str | None = None) -> None:
        from pathlib import Path

        from ems_desktop.views.file_dialogs import ask_file

        self._clear()
        if path is None:
            path = await ask_file(self, self.tr("Retour de la banque"), "",
                                  self.tr("Retour de la banque (*.xml *.csv *.txt)"))
            if not path:
                return
        try:
            data = Path(path).read_bytes()
        except OSError as failed:
            self.message.show_message(self.tr("Le fichier n'a pas pu être lu : %1").replace("%1", str(failed)))
            return
        done = await (ServiceOp(self.state, debit_runs.import_bank_return, Path(path).name, data)
                      .errors_to(self.message).run())
        if not done.ok:
            return
        result = done.value
        await self.reload()
        lines = []
        if result.rejected:
            lines.append(self.tr("%1 prélèvement(s) rejeté(s), %2 redevenu(s) dû(s) :").replace(
                "%1", str(len(result.rejected))).replace("%2", format_cents(result.rejected_cents)))
            lines += [f"• {number} — {family} — {format_cents(cents)} — {reason}"
                      for number, family, cents, reason in result.rejected]
        if result.already_known:
            lines.append(self.tr("%1 rejet(s) déjà importé(s) : rien de changé pour eux.")
                         .replace("%1", str(result.already_known)))
        if result.unknown:
            lines.append(self.tr("Lignes qui ne sont pas de nos prélèvements : %1.")
                         .replace("%1", ", ".join(result.unknown)))
        self.info.setText("\n".join(lines))


def _screen_data(ctx):
    """What the screen shows, read in one trip to the database worker."""
    return debit_runs.load_creditor(ctx), debit_runs.debit_candidates(ctx), debit_runs.debit_runs(ctx)


def add_debit_runs_action(window, menu) -> QAction:
    """« Prélèvements SEPA… » in ``menu``, for the régie (widgets.regie_action)."""
    return regie_action(window, menu, "Pré&lèvements SEPA…", "debit_runs_action", open_debit_runs)


@qasync.asyncSlot()
async def open_debit_runs(window, state: AppState) -> None:
    from ems_desktop.views.async_tools import dialog_result

    dialog = DebitRunsDialog(state, window)
    window.debit_runs_dialog = dialog
    await dialog_result(dialog)
