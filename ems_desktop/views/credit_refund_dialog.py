"""Giving back a family's credit (avoir famille) in cash or by cheque — money a credit note left
on its account, or a card payment whose lines could no longer be invoiced."""

from __future__ import annotations

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ems_desktop.models import PaymentMode
from ems_desktop.money import AmountError, format_cents, parse_amount
from ems_desktop.services import checkout
from ems_desktop.views.app_state import AppState
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel, FieldWithError, action_buttons


class CreditRefundDialog(QDialog):
    def __init__(self, state: AppState, family_id, credit_cents: int, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.family_id = family_id
        self.refund: checkout.PaymentView | None = None
        self.setWindowTitle(self.tr("Rembourser l'avoir de la famille"))
        intro = QLabel(self.tr("Avoir disponible : %1. Il se rembourse en espèces ou par chèque ; ce qui n'est pas "
                               "remboursé reste utilisable à la Caisse (« Avoir famille »).")
                       .replace("%1", format_cents(credit_cents)))
        intro.setWordWrap(True)
        self.amount_edit = QLineEdit(format_cents(credit_cents, with_symbol=False))
        self.amount_edit.setObjectName("credit_refund_amount")
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount_field = FieldWithError(self.amount_edit)
        self.mode_combo = QComboBox()
        for mode in checkout.REFUND_CREDIT_MODES:
            self.mode_combo.addItem(PaymentMode.LABELS[mode], mode)
        self.cheque_edit = QLineEdit()
        self.cheque_edit.setPlaceholderText(self.tr("N° du chèque remis à la famille"))
        self.cheque_field = FieldWithError(self.cheque_edit)
        self.reference_edit = QLineEdit()
        self.reference_edit.setPlaceholderText(self.tr("ex. avoir A01-AV000003, départ de la commune"))
        self.reference_field = FieldWithError(self.reference_edit)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Montant"), self.amount_field)
        form.addRow(self.tr("Mode"), self.mode_combo)
        form.addRow(self.tr("Chèque"), self.cheque_field)
        form.addRow(self.tr("Référence"), self.reference_field)
        buttons, self.ok_button = action_buttons(self, self.tr("Rembourser"), self._on_ok, self.tr("Annuler"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.mode_combo.currentIndexChanged.connect(self._on_mode)
        self._on_mode()
        self.setMinimumWidth(460)

    def _on_mode(self) -> None:
        self.cheque_field.setEnabled(self.mode_combo.currentData() == PaymentMode.CHEQUE)

    @qasync.asyncSlot()
    async def _on_ok(self) -> None:
        fields = {"amount": self.amount_field.error, "cheque_number": self.cheque_field.error,
                  "reference": self.reference_field.error}
        for label in (*fields.values(), self.error):
            label.clear_message()
        try:
            cents = parse_amount(self.amount_edit.text())
        except AmountError as bad:
            self.amount_field.error.show_message(str(bad))
            return
        done = await (ServiceOp(self.state, checkout.refund_family_credit, self.family_id, cents,
                                self.mode_combo.currentData(), cheque_number=self.cheque_edit.text(),
                                reference=self.reference_edit.text())
                      .disabling(self.ok_button).errors_to(self.error, fields).run())
        if done.ok:
            self.refund = done.value
            self.accept()
