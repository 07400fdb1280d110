"""Cancelling a paid enrollment: a credit note on its invoice, then a refund by the original mode
(a card refund goes through the terminal) or a credit kept on the family's account."""

from __future__ import annotations

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout

from ems_desktop.models import EnrollmentStatus, PaymentMode
from ems_desktop.money import format_cents
from ems_desktop.services import corrections, enrollment as enrollment_service
from ems_desktop.services.card_payments import CardPaymentRunner
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.views.app_state import AppState
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import (
    ErrorLabel,
    FieldWithError,
    action_buttons,
    disable_choice,
    fit_dialog,
    show_errors,
)


def _lower_first(label: str) -> str:
    """« Chèques vacances ANCV » → « chèques vacances ANCV » (an acronym keeps its capitals)."""
    return label[:1].lower() + label[1:]


REFUND_LABELS = {"credit": "Garder en avoir sur le compte famille", PaymentMode.CASH: "Rembourser en espèces",
                 PaymentMode.CHEQUE: "Rembourser par chèque", PaymentMode.CARD: "Rembourser sur la carte (TPE)"}


class CorrectionDialog(QDialog):
    def __init__(self, state: AppState, family_id, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.family_id = family_id
        self.result_view: corrections.CorrectionResult | None = None
        self.refund_problem = ""  # a card refund that did not go through (the credit note is issued)
        self.preview: corrections.RefundPreview | None = None
        self.setWindowTitle(self.tr("Avoir / remboursement : annuler une inscription payée"))
        self.enrollment_combo = QComboBox()
        # The whole « child — offer — group » is what tells two enrollments apart: never cut.
        self.enrollment_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.enrollment_combo.currentIndexChanged.connect(self._on_enrollment)
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("ex. déménagement, certificat médical"))
        self.reason_field = FieldWithError(self.reason_edit)
        self.mode_combo = QComboBox()
        for mode, label in REFUND_LABELS.items():
            self.mode_combo.addItem(self.tr(label), mode)
        # No terminal on this counter: no refund on the card, and the dialog says why.
        self.card_notice = QLabel(self.card_unavailable_reason())
        self.card_notice.setObjectName("card_unavailable")
        self.card_notice.setWordWrap(True)
        self.card_notice.setStyleSheet("color: #7a5b00;")
        self.card_notice.setVisible(bool(self.card_notice.text()))
        if self.card_unavailable_reason():
            card = self.mode_combo.findData(PaymentMode.CARD)
            disable_choice(self.mode_combo, card)
            self.mode_combo.setItemData(card, self.card_unavailable_reason(), Qt.ItemDataRole.ToolTipRole)
        self.mode_combo.currentIndexChanged.connect(self._on_mode)
        self.cheque_edit = QLineEdit()
        self.cheque_edit.setPlaceholderText(self.tr("N° du chèque de remboursement"))
        self.cheque_field = FieldWithError(self.cheque_edit)
        self.error = ErrorLabel()
        self.status = QLabel()
        self.status.setObjectName("refund_status")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the terminal waits for the customer's card
        self.progress.hide()
        # « Établir l'avoir » asks once more, saying what will be done: a credit note cannot be undone.
        self.confirming = False
        for signal in (self.enrollment_combo.currentIndexChanged, self.mode_combo.currentIndexChanged,
                       self.reason_edit.textChanged, self.cheque_edit.textChanged):
            signal.connect(self._back_to_editing)
        form = QFormLayout()
        form.addRow(self.tr("Inscription"), self.enrollment_combo)
        form.addRow("", self.preview_label)
        form.addRow(self.tr("Motif"), self.reason_field)
        form.addRow(self.tr("Remboursement"), self.mode_combo)
        form.addRow("", self.card_notice)
        form.addRow("", self.cheque_field)
        buttons, self.ok_button = action_buttons(self, self.tr("Établir l'avoir"), self._on_confirm, self.tr("Fermer"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Une facture émise n'est jamais modifiée : l'annulation fait un avoir qui la "
                               "référence."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
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
            return
        # Wide enough for the longest « child — offer — group », within the screen.
        screen = self.screen().availableGeometry().width() if self.screen() else 1366
        wanted = self.enrollment_combo.sizeHint().width() + 160
        self.setMinimumWidth(min(max(560, wanted), screen - 40))
        fit_dialog(self)

    @qasync.asyncSlot(int)
    async def _on_enrollment(self, _index: int) -> None:
        enrollment_id = self.enrollment_combo.currentData()
        if enrollment_id is None:
            return
        self.preview = await self.state.call(corrections.refund_preview, enrollment_id)
        modes = ", ".join(_lower_first(PaymentMode.LABELS.get(m, m)) for m in self.preview.original_modes) or "—"
        self.preview_label.setText(self.tr("Facture %1 : avoir de %2 ; à rembourser %3 (payé par %4).")
                                   .replace("%1", self.preview.invoice_number)
                                   .replace("%2", format_cents(self.preview.credit_cents))
                                   .replace("%3", format_cents(self.preview.refund_cents)).replace("%4", modes))
        original = next((m for m in self.preview.original_modes if m in REFUND_LABELS), "credit")
        if original == PaymentMode.CARD and self.card_unavailable_reason():
            original = "credit"  # the agent chooses another way to refund, if any
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(original))
        fit_dialog(self)  # the line above may take two lines: the dialog grows, nothing overlaps

    def card_unavailable_reason(self) -> str:
        """Why this counter cannot refund on a card, or "" when it has a terminal."""
        if self.state.terminal is not None:
            return ""
        return self.tr("Aucun TPE n'est configuré pour ce guichet (Fichier › Paramètres) : pas de remboursement sur "
                       "la carte ; remboursez en espèces ou par chèque, ou gardez l'avoir sur le compte famille.")

    def _on_mode(self) -> None:
        self.cheque_field.setVisible(self.mode_combo.currentData() == PaymentMode.CHEQUE)

    def _back_to_editing(self, *_args) -> None:
        """Anything changed after « Établir l'avoir »: the summary no longer holds, ask again."""
        self._ask_again()
        self.reason_field.error.clear_message()
        self.cheque_field.error.clear_message()
        self.error.clear_message()

    def _ask_again(self) -> None:
        self.confirming = False
        self.ok_button.setText(self.tr("Établir l'avoir"))
        self.status.clear()

    def summary(self) -> str:
        """What the confirmation says: the credit note, the enrollment, where the money goes."""
        preview = self.preview
        assert preview is not None, "the summary follows the enrollment's preview"
        mode = self.mode_combo.currentData()
        if preview.refund_cents <= 0 or mode == "credit":
            money = self.tr("le montant reste en avoir sur le compte de la famille")
        else:
            money = self.tr("%1 rendus %2").replace("%1", format_cents(preview.refund_cents)).replace(
                "%2", {PaymentMode.CASH: self.tr("en espèces"), PaymentMode.CHEQUE: self.tr("par chèque"),
                       PaymentMode.CARD: self.tr("sur la carte, par le terminal")}[mode])
        return (self.tr("Établir un avoir de %1 sur la facture %2 pour «\u00a0%3\u00a0» ; %4. Un avoir émis ne "
                        "peut plus être annulé. Cliquez «\u00a0Confirmer l'avoir\u00a0» pour l'établir.")
                .replace("%1", format_cents(preview.credit_cents)).replace("%2", preview.invoice_number)
                .replace("%3", self.enrollment_combo.currentText()).replace("%4", money))

    @qasync.asyncSlot()
    async def _on_confirm(self) -> None:
        for label in (self.error, self.reason_field.error, self.cheque_field.error):
            label.clear_message()
        enrollment_id = self.enrollment_combo.currentData()
        if enrollment_id is None or self.preview is None:
            return
        mode = self.mode_combo.currentData()
        if mode == PaymentMode.CARD and self.preview.refund_cents > 0 and self.card_unavailable_reason():
            self.error.show_message(self.card_unavailable_reason())
            return
        problems = corrections.cancellation_input_problems(self.reason_edit.text(), mode, self.cheque_edit.text())
        if problems:
            show_errors(ValidationFailed(problems), {"reason": self.reason_field.error,
                                                     "cheque_number": self.cheque_field.error}, self.error)
            return
        if not self.confirming:
            self.confirming = True
            self.status.setText(self.summary())
            self.status.setStyleSheet("color: #7a5b00; font-weight: 600;")
            self.ok_button.setText(self.tr("Confirmer l'avoir"))
            fit_dialog(self)
            return
        simulated = self.state.simulator is not None  # the built-in simulator: refused outside the demonstration
        self.status.setStyleSheet("")
        # The credit note (and, for a card, the refund attempt bound to it): all checked, then written.
        done = await (ServiceOp(self.state, corrections.cancel_paid_enrollment, enrollment_id,
                                reason=self.reason_edit.text(), refund_mode=mode, cheque_number=self.cheque_edit.text(),
                                simulated=simulated)
                      .disabling(self.ok_button).showing(self.status, self.tr("Établissement de l'avoir…"))
                      .errors_to(self.error, {"reason": self.reason_field.error,
                                              "cheque_number": self.cheque_field.error}).run())
        if not done.ok:
            self._ask_again()  # the refusal stays shown
            return
        result = done.value
        if result.refund_attempt_id is not None:
            result = await self._refund_on_card(result, simulated)
        self.result_view = result
        self.accept()

    def _refund_not_recorded(self, message: str) -> None:
        """Accepted by the terminal but not recorded: the Accueil shows it, to be settled there."""
        self.refund_problem = message

    async def _refund_on_card(self, issued: corrections.CorrectionResult, simulated: bool):
        """The credit note is issued: the terminal gives the money back, then the refund is
        recorded. If it does not go through, the credit note stays and ``refund_problem`` says
        what became of the money."""
        self.ok_button.setEnabled(False)
        self.status.setText(self.tr("Avoir %1 établi. En attente de la carte sur le terminal : remboursement de "
                                    "%2 — le client présente la carte qui a payé.")
                            .replace("%1", issued.credit_note_number).replace("%2", format_cents(issued.refund_cents)))
        self.progress.show()
        terminal, attempt_id = self.state.terminal, issued.refund_attempt_id
        assert terminal is not None and attempt_id is not None, "a card refund is offered only with a terminal"
        try:
            runner = CardPaymentRunner(self.state.context, terminal, self.state.worker.run, simulated=simulated)
            attempt = await runner.send(attempt_id)
            if attempt.accepted:
                recorded = await ServiceOp(self.state, corrections.complete_card_refund, attempt.id).errors_to(
                    self._refund_not_recorded).run()
                return recorded.value if recorded.ok else issued
            if attempt.in_doubt:
                self.refund_problem = (attempt.message or self.tr("Remboursement par carte à vérifier")) + self.tr(
                    " — à régler depuis l'Accueil (Ctrl+1) d'après le ticket du terminal.")
            else:
                self.refund_problem = (attempt.message or self.tr("Remboursement par carte non abouti")) + self.tr(
                    " — le montant reste au crédit du compte famille.")
        except DomainError as refused:  # the terminal's run refused (not a state.call of this screen)
            self.refund_problem = refused.message
        finally:
            self.progress.hide()
            self.status.clear()
            self.ok_button.setEnabled(True)
        return issued
