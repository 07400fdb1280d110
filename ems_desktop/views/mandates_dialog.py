"""« Prélèvements… » of a family dossier ("Mes prélèvements"): its SEPA mandates, the one in force
first; a new one recorded from the form the family signed (each field checked by the service, its
message under the field); the one in force revoked with a reason; the mandate printed to sign."""

from __future__ import annotations

import uuid

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import format_date
from ems_desktop.services import mandates
from ems_desktop.services.mandates import MandateInput, MandateView
from ems_desktop.views.app_state import AppState
from ems_desktop.views.date_field import DateField
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel, FieldWithError, close_buttons, fit_to_screen, rows_table


class MandatesDialog(QDialog):
    def __init__(self, state: AppState, family_id: uuid.UUID, family_name: str, payer_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.family_id = family_id
        self.rows: list[MandateView] = []
        self.setObjectName("mandates_dialog")
        self.setWindowTitle(self.tr("Prélèvements — famille %1").replace("%1", family_name))
        self.table = rows_table([self.tr("RUM"), self.tr("Titulaire"), self.tr("IBAN"), self.tr("BIC"),
                                 self.tr("Signé le"), self.tr("État")], "mandates")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self.tr("Aucun mandat : la famille paie au guichet. Pour qu'elle paie par prélèvement, "
                                    "enregistrez ci-dessous le mandat qu'elle a signé."))
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555;")

        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("ex. changement de banque"))
        self.reason_field = FieldWithError(self.reason)
        self.revoke_button = QPushButton(self.tr("Révoquer le mandat en vigueur"))
        self.print_button = QPushButton(self.tr("Imprimer le mandat à signer…"))
        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("Motif")))
        actions.addWidget(self.reason_field, 1)
        actions.addWidget(self.revoke_button)
        actions.addWidget(self.print_button)

        new = QGroupBox(self.tr("Nouveau mandat (le formulaire signé par la famille)"))
        self.debtor = QLineEdit(payer_name)
        self.iban = QLineEdit()
        self.iban.setPlaceholderText("FR76 3000 6000 0112 3456 7890 189")
        self.bic = QLineEdit()
        self.bic.setPlaceholderText(self.tr("facultatif, ex. AGRIFRPP"))
        self.signed_on = DateField(state.context.today())
        self.fields = {"debtor_name": FieldWithError(self.debtor), "iban": FieldWithError(self.iban),
                       "bic": FieldWithError(self.bic), "signed_on": FieldWithError(self.signed_on)}
        form = QFormLayout(new)
        form.addRow(self.tr("Titulaire du compte"), self.fields["debtor_name"])
        form.addRow(self.tr("IBAN"), self.fields["iban"])
        form.addRow(self.tr("BIC"), self.fields["bic"])
        form.addRow(self.tr("Signé le"), self.fields["signed_on"])
        self.record_button = QPushButton(self.tr("Enregistrer le mandat"))
        form.addRow("", self.record_button)
        for key, edit in (("debtor_name", self.debtor), ("iban", self.iban), ("bic", self.bic),
                          ("signed_on", self.signed_on.edit)):
            edit.editingFinished.connect(lambda key=key: self._check(key))

        self.message = ErrorLabel()
        self.info = QLabel()
        self.info.setWordWrap(True)
        close = close_buttons(self, self.tr("Fermer"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(actions)
        layout.addWidget(new)
        layout.addWidget(self.message)
        layout.addWidget(self.info)
        layout.addWidget(close)
        fit_to_screen(self, 980, 640)
        self.record_button.clicked.connect(self.record)
        self.revoke_button.clicked.connect(self.revoke)
        self.print_button.clicked.connect(self.print_mandate)
        self.refresh()

    @property
    def in_force(self) -> MandateView | None:
        return next((m for m in self.rows if m.in_force), None)

    @qasync.asyncSlot()
    async def refresh(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        done = await ServiceOp(self.state, mandates.mandates_of_family, self.family_id).errors_to(self.message).run()
        if not done.ok:
            return
        self.rows = done.value
        self.table.setRowCount(len(self.rows))
        for row, m in enumerate(self.rows):
            revoked = m.revoked_at  # None: in force
            state = (self.tr("En vigueur (%1)").replace("%1", "premier prélèvement à venir" if m.sequence == "FRST"
                                                          else "prélèvements en cours")
                     if revoked is None else self.tr("Révoqué le %1 : %2").replace("%1", format_date(revoked.date()))
                     .replace("%2", m.revoked_reason))
            texts = (m.rum, m.debtor_name, m.iban, m.bic or "—", format_date(m.signed_on), state)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if not m.in_force:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)
        in_force = self.in_force is not None
        for widget in (self.revoke_button, self.print_button, self.reason_field):
            widget.setEnabled(in_force)
        self.record_button.setEnabled(not in_force)
        self.record_button.setToolTip(self.tr("Révoquez d'abord le mandat en vigueur.") if in_force else "")

    def values(self) -> MandateInput:
        return MandateInput(self.debtor.text(), self.iban.text(), self.bic.text(), self.signed_on.edit.text())

    def _check(self, key: str) -> None:
        errors, _values = mandates.check_mandate(self.values(), self.state.context.today())
        self.fields[key].error.show_message(errors.get(key, ""))

    @qasync.asyncSlot()
    async def record(self) -> None:
        done = await (ServiceOp(self.state, mandates.record_mandate, self.family_id, self.values())
                      .disabling(self.record_button)
                      .errors_to(self.message, {k: f.error for k, f in self.fields.items()}).run())
        if not done.ok:
            return
        mandate = done.value
        self.iban.clear()
        self.bic.clear()
        await self.reload()
        self.info.setText(self.tr("Mandat %1 enregistré : imprimez-le pour la signature de la famille.")
                          .replace("%1", mandate.rum))

    @qasync.asyncSlot()
    async def revoke(self) -> None:
        mandate = self.in_force
        if mandate is None:
            return
        done = await (ServiceOp(self.state, mandates.revoke_mandate, mandate.id, self.reason.text())
                      .disabling(self.revoke_button).errors_to(self.message, {"reason": self.reason_field.error}).run())
        if not done.ok:
            return
        self.reason.clear()
        await self.reload()
        self.info.setText(self.tr("Mandat %1 révoqué : la famille ne sera plus prélevée sur ce compte.")
                          .replace("%1", mandate.rum))

    @qasync.asyncSlot()
    async def print_mandate(self) -> None:
        from ems_desktop.printing import PrintingError
        from ems_desktop.printing.files import save_pdf
        from ems_desktop.reports import render_mandate
        from ems_desktop.views.document_feedback import document_path, open_pdf
        from ems_desktop.views.printing_dialogs import in_print_thread

        mandate = self.in_force
        if mandate is None:
            return
        done = await ServiceOp(self.state, mandates.mandate_document, mandate.id).errors_to(self.message).run()
        if not done.ok:
            return
        document = done.value
        try:
            path = document_path("mandats", mandate.rum)
            await in_print_thread(lambda: save_pdf(render_mandate(document), path))
        except PrintingError as failed:
            self.message.show_message(str(failed))
            return
        self.saved_path = path
        opened = open_pdf(path)
        self.info.setText((self.tr("Mandat à signer ouvert pour l'impression : %1") if opened else
                           self.tr("Mandat à signer enregistré : %1")).replace("%1", str(path)))

