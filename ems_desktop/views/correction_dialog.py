"""Cancelling a paid enrollment: a credit note on its invoice, then a refund by the original mode
(a card refund goes through the terminal) or a credit kept on the family's account."""

from __future__ import annotations

import qasync
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ems_desktop.models import EnrollmentStatus, PaymentMode
from ems_desktop.money import format_cents
from ems_desktop.services import corrections
from ems_desktop.services import enrollment as enrollment_service
from ems_desktop.services.card_payments import CardPaymentRunner
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.views.app_state import AppState
from ems_desktop.views.widgets import action_buttons, ErrorLabel, FieldWithError

REFUND_LABELS = {"credit": "Garder en avoir sur le compte famille", PaymentMode.CASH: "Rembourser en espèces",
                 PaymentMode.CHEQUE: "Rembourser par chèque", PaymentMode.CARD: "Rembourser sur la carte (TPE)"}


class CorrectionDialog(QDialog):
    def __init__(self, state: AppState, family_id, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.family_id = family_id
        self.result_view: corrections.CorrectionResult | None = None
        self.preview: corrections.RefundPreview | None = None
        self.setWindowTitle(self.tr("Annuler une inscription payée (avoir)"))
        self.enrollment_combo = QComboBox()
        self.enrollment_combo.currentIndexChanged.connect(self._on_enrollment)
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("ex. déménagement, certificat médical"))
        self.reason_field = FieldWithError(self.reason_edit)
        self.mode_combo = QComboBox()
        for mode, label in REFUND_LABELS.items():
            self.mode_combo.addItem(self.tr(label), mode)
        self.mode_combo.currentIndexChanged.connect(self._on_mode)
        self.cheque_edit = QLineEdit()
        self.cheque_edit.setPlaceholderText(self.tr("N° du chèque de remboursement"))
        self.cheque_field = FieldWithError(self.cheque_edit)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Inscription"), self.enrollment_combo)
        form.addRow("", self.preview_label)
        form.addRow(self.tr("Motif"), self.reason_field)
        form.addRow(self.tr("Remboursement"), self.mode_combo)
        form.addRow("", self.cheque_field)
        buttons, self.ok_button = action_buttons(self, self.tr("Établir l'avoir"), self._on_confirm, self.tr("Fermer"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Une facture émise n'est jamais modifiée : l'annulation fait un avoir qui la référence."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self._on_mode()
        self.load()

    @qasync.asyncSlot()
    async def load(self) -> None:
        views = await self.state.call(enrollment_service.enrollments_of_family, self.family_id,
                                      statuses=(EnrollmentStatus.CONFIRMED,))
        for view in views:
            self.enrollment_combo.addItem(f"{view.child_name} — {view.offer_label} — {view.group_label}", view.id)
        if not views:
            self.error.show_message(self.tr("Cette famille n'a aucune inscription facturée."))
            self.ok_button.setEnabled(False)

    @qasync.asyncSlot(int)
    async def _on_enrollment(self, _index: int) -> None:
        enrollment_id = self.enrollment_combo.currentData()
        if enrollment_id is None:
            return
        self.preview = await self.state.call(corrections.refund_preview, enrollment_id)
        modes = ", ".join(PaymentMode.LABELS.get(m, m).lower() for m in self.preview.original_modes) or "—"
        self.preview_label.setText(self.tr("Facture %1 : avoir de %2 ; à rembourser %3 (payé par %4).")
                                   .replace("%1", self.preview.invoice_number)
                                   .replace("%2", format_cents(self.preview.credit_cents))
                                   .replace("%3", format_cents(self.preview.refund_cents)).replace("%4", modes))
        original = next((m for m in self.preview.original_modes if m in REFUND_LABELS), "credit")
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(original))

    def _on_mode(self) -> None:
        self.cheque_field.setVisible(self.mode_combo.currentData() == PaymentMode.CHEQUE)

    @qasync.asyncSlot()
    async def _on_confirm(self) -> None:
        for label in (self.error, self.reason_field.error, self.cheque_field.error):
            label.clear_message()
        enrollment_id = self.enrollment_combo.currentData()
        if enrollment_id is None or self.preview is None:
            return
        mode = self.mode_combo.currentData()
        attempt_id = None
        self.ok_button.setEnabled(False)
        try:
            if mode == PaymentMode.CARD and self.preview.refund_cents > 0:
                if not self.reason_edit.text().strip():
                    raise ValidationFailed({"reason": "Indiquez le motif de l'annulation (il figure sur l'avoir)."})
                runner = CardPaymentRunner(self.state.context, self.state.terminal, self.state.worker.run)
                attempt = await runner.charge(self.family_id, self.preview.refund_key, self.preview.refund_cents,
                                              kind="refund", lines=(enrollment_id,))
                if not attempt.accepted:
                    self.error.show_message(attempt.message or self.tr("Remboursement par carte non abouti."))
                    return
                attempt_id = attempt.id
            self.result_view = await self.state.call(
                corrections.cancel_paid_enrollment, enrollment_id, reason=self.reason_edit.text(), refund_mode=mode,
                cheque_number=self.cheque_edit.text(), card_attempt_id=attempt_id)
        except ValidationFailed as invalid:
            for key, message in invalid.errors.items():
                {"reason": self.reason_field.error, "cheque_number": self.cheque_field.error}.get(key, self.error).show_message(message)
            return
        except DomainError as refused:
            self.error.show_message(refused.message)
            return
        finally:
            self.ok_button.setEnabled(True)
        self.accept()
