"""Opening the till with a float, closing it with the count by mode."""

from __future__ import annotations

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from ems_desktop.models import PaymentMode
from ems_desktop.money import AmountError, format_cents, parse_amount
from ems_desktop.services import cash
from ems_desktop.views.app_state import AppState
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import AmountEdit, ErrorLabel, FieldWithError, action_buttons


class OpenCashSessionDialog(QDialog):
    def __init__(self, state: AppState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.session: cash.CashSessionView | None = None
        self.setWindowTitle(self.tr("Ouvrir la caisse"))
        # Empty, with "0,00" as a hint only: what the agent types is the float (a pre-filled "0,00"
        # with the cursor at its end turned 180 into "0,00180").
        self.float_edit = AmountEdit()
        self.float_edit.setObjectName("opening_float")
        self.float_edit.setToolTip(self.tr("Laissez vide pour une caisse sans fond."))
        self.float_field = FieldWithError(self.float_edit)
        self.float_edit.textChanged.connect(lambda _text: self.float_field.error.clear_message())
        form = QFormLayout()
        form.addRow(self.tr("Fond de caisse"), self.float_field)
        intro = QLabel(self.tr("Comptez les espèces du fond de caisse. Chaque règlement de la journée sera "
                               "rattaché à cette session, jusqu'à sa clôture."))
        intro.setWordWrap(True)
        buttons, self.ok_button = action_buttons(self, self.tr("Ouvrir la caisse"), self._on_open, self.tr("Annuler"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.float_edit.setFocus()

    @qasync.asyncSlot()
    async def _on_open(self) -> None:
        self.float_field.error.clear_message()
        try:
            cents = parse_amount(self.float_edit.text()) if self.float_edit.text().strip() else 0
        except AmountError as bad:
            self.float_field.error.show_message(str(bad))
            return
        done = await (ServiceOp(self.state, cash.open_cash_session, cents).disabling(self.ok_button)
                      .errors_to(self.float_field.error).run())
        if done.ok:
            self.session = done.value
            self.accept()


class CloseCashSessionDialog(QDialog):
    """Expected versus counted by mode, differences as the agent types."""

    # The card total is the terminal's own (its totals ticket), compared with the card payments recorded.
    COUNTED = (PaymentMode.CASH, PaymentMode.CHEQUE, PaymentMode.ANCV, PaymentMode.CARD)

    def __init__(self, state: AppState, session: cash.CashSessionView, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.session = session
        self.closed: cash.CashSessionView | None = None
        self.setWindowTitle(self.tr("Clôturer la caisse"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for column, title in enumerate((self.tr("Mode"), self.tr("Règlements"), self.tr("Attendu"),
                                        self.tr("Compté"), self.tr("Écart"))):
            header = QLabel(f"<b>{title}</b>")
            grid.addWidget(header, 0, column,
                           alignment=Qt.AlignmentFlag.AlignRight if column else Qt.AlignmentFlag.AlignLeft)
        self.edits: dict[str, QLineEdit] = {}
        self.fields: dict[str, FieldWithError] = {}
        self.differences: dict[str, QLabel] = {}
        for row, total in enumerate(session.totals, start=1):
            mode_label = total.label + (self.tr(" (dont fond)") if total.mode == PaymentMode.CASH else "")
            grid.addWidget(QLabel(mode_label), row, 0)
            grid.addWidget(QLabel(str(total.count)), row, 1, alignment=Qt.AlignmentFlag.AlignRight)
            grid.addWidget(QLabel(format_cents(total.expected_cents)), row, 2, alignment=Qt.AlignmentFlag.AlignRight)
            if total.mode in self.COUNTED:
                edit = AmountEdit()
                edit.setObjectName(f"counted_{total.mode}")
                edit.setPlaceholderText(self.tr("total du ticket TPE") if total.mode == PaymentMode.CARD else "0,00")
                edit.textChanged.connect(self._update_differences)
                self.edits[total.mode] = edit
                self.fields[total.mode] = FieldWithError(edit)
                edit.textChanged.connect(lambda _text, field=self.fields[total.mode]: field.error.clear_message())
                grid.addWidget(self.fields[total.mode], row, 3)
            else:
                grid.addWidget(QLabel(self.tr("ticket du TPE")), row, 3, alignment=Qt.AlignmentFlag.AlignRight)
            difference = QLabel("")
            self.differences[total.mode] = difference
            grid.addWidget(difference, row, 4, alignment=Qt.AlignmentFlag.AlignRight)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Commentaire (ex. explication d'un écart)"))
        self.note.setFixedHeight(60)
        self.error = ErrorLabel()
        buttons, self.ok_button = action_buttons(self, self.tr("Clôturer"), self._on_close, self.tr("Annuler"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Comptez les espèces, les chèques et les chèques vacances ; pour la carte, saisissez "
                               "le total du ticket de remise imprimé par le terminal. Une session close ne peut "
                               "plus être modifiée."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def counted(self) -> tuple[dict[str, int | None], dict[str, str]]:
        values: dict[str, int | None] = {}
        errors: dict[str, str] = {}
        for mode, edit in self.edits.items():
            text = edit.text().strip()
            if not text:
                values[mode] = None
                continue
            try:
                values[mode] = parse_amount(text)
            except AmountError as bad:
                errors[f"counted.{mode}"] = str(bad)
        return values, errors

    def _update_differences(self) -> None:
        values, _errors = self.counted()
        for total in self.session.totals:
            value = values.get(total.mode)
            label = self.differences[total.mode]
            if value is None:
                label.setText("")
                continue
            difference = value - total.expected_cents
            # Signed as on the closing report: « +50,00 € » is more counted than expected.
            label.setText(("+" if difference > 0 else "") + format_cents(difference))
            label.setStyleSheet("color: #1b7f3b;" if difference == 0 else "color: #b3261e; font-weight: 600;")

    @qasync.asyncSlot()
    async def _on_close(self) -> None:
        for field in self.fields.values():
            field.error.clear_message()
        self.error.clear_message()
        values, errors = self.counted()
        if errors:
            for key, message in errors.items():
                mode = key.split(".", 1)[-1]
                (self.fields[mode].error if mode in self.fields else self.error).show_message(message)
            return
        # The service's messages by key: « counted.<mode> » under its count, the rest (the note) below.
        done = await (ServiceOp(self.state, cash.close_cash_session, self.session.id, dict(values),
                                self.note.toPlainText())
                      .errors_to(self.error, {f"counted.{mode}": field.error for mode, field in self.fields.items()})
                      .run())
        if not done.ok:
            return
        self.closed = done.value
        self.accept()
