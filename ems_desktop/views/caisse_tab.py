"""The Caisse tab: what the family pays now (the recap's enrollments, or its balance due), payment
lines by mode — card through the terminal, cash with change, cheque, ANCV — mixed in one checkout,
the cash session, and the documents offered once paid."""

from __future__ import annotations

import itertools
import uuid

import qasync
import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import to_local
from ems_desktop.models import PaymentMode
from ems_desktop.money import AmountError, format_cents, parse_amount
from ems_desktop.services import (
    accounts,
    card_payments,
    cash,
    checkout,
    enrollment as enrollment_service,
    mandates,
    permissions,
)
from ems_desktop.services.card_payments import CardPaymentRunner, lines_key
from ems_desktop.services.checkout import Tender
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.services.mandates import masked_iban
from ems_desktop.views.app_state import AppState
from ems_desktop.views.async_tools import dialog_result
from ems_desktop.views.cash_dialogs import CloseCashSessionDialog, OpenCashSessionDialog
from ems_desktop.views.document_feedback import (
    DocumentMessage,
    closing_report_label,
    closing_report_number,
    document_path,
    open_pdf,
    saved_text,
)
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import AmountEdit, ErrorLabel, disable_choice, show_errors

MODES = (PaymentMode.CARD, PaymentMode.CASH, PaymentMode.CHEQUE, PaymentMode.ANCV, PaymentMode.ACCOUNT_CREDIT)


class TenderRow(QFrame):
    """One payment line: mode, amount, and the cheque's details when it is a cheque."""

    removed = Signal(object)
    changed = Signal()

    def __init__(self, mode: str, amount_cents: int, parent=None, *, card_unavailable: str = "",
                 credit_cents: int = 0) -> None:
        """``card_unavailable``: why this counter cannot take a card now (the card mode is then
        shown disabled, with the reason as its tooltip). ``credit_cents``: the family's credit
        (« Avoir famille » is offered only when there is some)."""
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.mode_combo = QComboBox()
        for value in MODES:
            self.mode_combo.addItem(PaymentMode.LABELS[value], value)
        if card_unavailable:
            card = MODES.index(PaymentMode.CARD)
            disable_choice(self.mode_combo, card)
            self.mode_combo.setItemData(card, card_unavailable, Qt.ItemDataRole.ToolTipRole)
            if mode == PaymentMode.CARD:
                mode = PaymentMode.CASH
        credit = MODES.index(PaymentMode.ACCOUNT_CREDIT)
        if credit_cents > 0:
            self.mode_combo.setItemData(credit, self.tr("Avoir disponible : %1").replace(
                "%1", format_cents(credit_cents)), Qt.ItemDataRole.ToolTipRole)
        else:
            disable_choice(self.mode_combo, credit)
            self.mode_combo.setItemData(credit, self.tr("Cette famille n'a pas d'avoir."), Qt.ItemDataRole.ToolTipRole)
        self.mode_combo.setCurrentIndex(MODES.index(mode))
        self.amount_edit = AmountEdit(format_cents(amount_cents, with_symbol=False) if amount_cents > 0 else "")
        self.amount_edit.setMaximumWidth(130)
        self.amount_edit.setMinimumWidth(90)  # "1 234,00" stays readable beside a long mode name
        self.cheque_number = QLineEdit()
        self.cheque_number.setPlaceholderText(self.tr("N° du chèque"))
        self.cheque_bank = QLineEdit()
        self.cheque_bank.setPlaceholderText(self.tr("Banque"))
        self.cheque_drawer = QLineEdit()
        self.cheque_drawer.setPlaceholderText(self.tr("Tireur (si différent)"))
        self.failure_button = QPushButton(self.tr("Le terminal a imprimé un ticket d'échec : réessayer"))
        self.failure_button.hide()
        self.failed_attempt_id = None  # the card attempt whose failure the agent may confirm
        self.remove_button = QPushButton(self.tr("Retirer"))
        # Out of the Tab chain: from an amount, Tab goes on to the next field, never to « Retirer ».
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.remove_button.clicked.connect(lambda: self.removed.emit(self))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = ErrorLabel()
        grid = QGridLayout(self)
        grid.addWidget(self.mode_combo, 0, 0)
        grid.addWidget(self.amount_edit, 0, 1)
        grid.addWidget(QLabel("€"), 0, 2)
        grid.addWidget(self.remove_button, 0, 4)
        # The cheque's details on a line of their own, wide enough for « Crédit Agricole des Savoie ».
        details = QHBoxLayout()
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(self.cheque_number, 2)
        details.addWidget(self.cheque_bank, 3)
        details.addWidget(self.cheque_drawer, 3)
        grid.addLayout(details, 1, 0, 1, 5)
        grid.addWidget(self.status, 2, 0, 1, 5)
        grid.addWidget(self.error, 3, 0, 1, 5)
        grid.addWidget(self.failure_button, 4, 0, 1, 5)
        grid.setColumnStretch(3, 1)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self.amount_edit.textChanged.connect(self._amount_edited)
        self._mode_changed()

    @property
    def mode(self) -> str:
        return self.mode_combo.currentData()

    def _amount_edited(self, _text: str) -> None:
        self.error.clear_message()  # the message was about the amount as it was
        self.changed.emit()

    def _mode_changed(self) -> None:
        # A cheque has its number, bank and drawer; ANCV vouchers only their numbers (no bank, no
        # drawer: the ANCV pays them).
        self.cheque_number.setVisible(self.mode in (PaymentMode.CHEQUE, PaymentMode.ANCV))
        for edit in (self.cheque_bank, self.cheque_drawer):
            edit.setVisible(self.mode == PaymentMode.CHEQUE)
        self.error.clear_message()
        self.cheque_number.setPlaceholderText(self.tr("N° du chèque") if self.mode == PaymentMode.CHEQUE
                                              else self.tr("N° des chèques (facultatif)"))
        self.changed.emit()

    def focus_widgets(self) -> list[QWidget]:
        """This line's fields in the order the agent fills them (the Tab order)."""
        return [self.mode_combo, self.amount_edit, self.cheque_number, self.cheque_bank, self.cheque_drawer]

    def amount(self) -> int:
        """The amount typed ("40,00", "40.00", "40 €"); AmountError in French if unreadable."""
        return parse_amount(self.amount_edit.text())

    def set_status(self, text: str, colour: str = "#333") -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour};")

    def lock(self, locked: bool) -> None:
        for widget in (self.mode_combo, self.amount_edit, self.cheque_number, self.cheque_bank,
                       self.cheque_drawer, self.remove_button):
            widget.setEnabled(not locked)


class CaisseTab(QWidget):
    paid = Signal(object)  # CheckoutResult
    balance_requested = Signal()
    loaded = Signal()  # the cash session is on the tab (after each refresh_session)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.family_id: uuid.UUID | None = None
        self.enrollment_ids: tuple[uuid.UUID, ...] = ()
        self.due_cents = 0
        self.mode = "none"  # "enrollments", "balance" or "none"
        self.checkout_id = uuid.uuid4()
        self.card_attempt: card_payments.AttemptView | None = None
        self.rows: list[TenderRow] = []
        self.credit_cents = 0  # the open family's credit (avoir famille), usable as a tender
        self.result: checkout.CheckoutResult | None = None
        self.session: cash.CashSessionView | None = None
        self.busy = False

        # The cash session bar.
        self.session_label = QLabel()
        self.session_label.setObjectName("session_label")
        self.session_label.setWordWrap(True)  # long on a narrow screen: wrap rather than widen the window
        self.open_button = QPushButton(self.tr("Ouvrir la caisse…"))
        self.open_button.clicked.connect(self.open_session)
        self.close_button = QPushButton(self.tr("Clôturer la caisse…"))
        self.close_button.clicked.connect(self.close_session)
        self.balance_button = QPushButton(self.tr("Encaisser le restant dû de la famille ouverte"))
        self.balance_button.setObjectName("pay_balance")
        self.balance_button.setEnabled(False)
        self.balance_button.clicked.connect(self.balance_requested.emit)
        self.correction_button = QPushButton(self.tr("Avoir / remboursement…"))
        self.correction_button.setObjectName("correction")
        self.correction_button.setEnabled(False)
        self.correction_button.clicked.connect(self.open_correction)
        self.credit_refund_button = QPushButton(self.tr("Rembourser l'avoir…"))
        self.credit_refund_button.setObjectName("credit_refund")
        self.credit_refund_button.setEnabled(False)
        self.credit_refund_button.clicked.connect(self.open_credit_refund)
        # Every closing report can be opened again and reprinted (DUPLICATA).
        self.reports_button = QPushButton(self.tr("Rapports de clôture…"))
        self.reports_button.setObjectName("closing_reports")
        self.reports_button.setVisible(self.state.agent.has(permissions.REGISSEUR)
                                       or self.state.agent.has(permissions.ADMINISTRATEUR))
        self.reports_button.clicked.connect(self.open_closing_reports)
        session_bar = QHBoxLayout()
        session_bar.addWidget(self.session_label, 1)
        session_bar.addWidget(self.balance_button)
        session_bar.addWidget(self.correction_button)
        session_bar.addWidget(self.credit_refund_button)
        session_bar.addWidget(self.open_button)
        session_bar.addWidget(self.close_button)
        session_bar.addWidget(self.reports_button)

        # What is paid.
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1f3a5f;")
        self.lines = QTableWidget(0, 4)
        self.lines.setObjectName("checkout_lines")
        self.lines.setHorizontalHeaderLabels([self.tr("Prestation"), self.tr("Enfant"), self.tr("Groupe"),
                                              self.tr("Montant")])
        self.lines.verticalHeader().hide()
        self.lines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.due_label = QLabel()
        self.due_label.setObjectName("amount_due")
        self.due_label.setStyleSheet("font-size: 16pt; font-weight: 700;")
        self.due_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.due_label.setWordWrap(True)
        left_box = QGroupBox(self.tr("À encaisser"))
        left = QVBoxLayout(left_box)
        left.addWidget(self.title)
        left.addWidget(self.lines, 1)
        left.addWidget(self.due_label)

        # How it is paid.
        self.rows_box = QVBoxLayout()
        self.add_button = QPushButton(self.tr("Ajouter un règlement"))
        self.add_button.clicked.connect(lambda: self.add_row(PaymentMode.CASH))
        self.remaining_label = QLabel()
        self.remaining_label.setObjectName("remaining")
        self.remaining_label.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.change_label = QLabel()
        self.change_label.setObjectName("change")
        self.change_label.setStyleSheet("font-size: 14pt; font-weight: 700; color: #1b5e20;")
        # No terminal on this counter: the card mode is off, and the Caisse says why.
        self.card_notice = QLabel(self.card_unavailable_reason())
        self.card_notice.setObjectName("card_unavailable")
        self.card_notice.setWordWrap(True)
        self.card_notice.setStyleSheet("color: #7a5b00; font-weight: 600;")
        self.card_notice.setVisible(bool(self.card_notice.text()))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: waiting for the customer at the terminal
        self.progress.hide()
        self.message = ErrorLabel()
        self.message.setObjectName("checkout_error")
        self.info = QLabel()
        self.info.setObjectName("checkout_info")
        self.info.setWordWrap(True)
        self.pay_button = QPushButton(self.tr("Payer"))
        self.pay_button.setObjectName("pay")
        self.pay_button.setStyleSheet("font-size: 12pt; font-weight: 700; padding: 8px 28px;")
        self.pay_button.clicked.connect(self.pay)
        self.invoice_only_button = QPushButton(self.tr("Facturer sans paiement"))
        self.invoice_only_button.setObjectName("invoice_only")
        self.invoice_only_button.clicked.connect(self.invoice_without_payment)
        # A family with a SEPA mandate in force: the invoice is issued « à prélever » (next debit run).
        self.debit_mandate = None
        self.debit_button = QPushButton(self.tr("Facturer à prélever"))
        self.debit_button.setObjectName("invoice_by_debit")
        self.debit_button.clicked.connect(self.invoice_by_debit)
        self.debit_button.hide()
        self.abandon_button = QPushButton(self.tr("Abandonner"))
        self.abandon_button.clicked.connect(self.clear)
        actions = QHBoxLayout()
        actions.addWidget(self.abandon_button)
        actions.addStretch(1)
        actions.addWidget(self.invoice_only_button)
        actions.addWidget(self.debit_button)
        actions.addWidget(self.pay_button)
        # Documents once paid (printing is offered, not forced).
        self.ticket_button = QPushButton(self.tr("Imprimer le ticket"))
        self.ticket_button.clicked.connect(self.open_ticket)
        self.invoice_button = QPushButton(self.tr("Imprimer la facture…"))
        self.invoice_button.clicked.connect(self.open_invoice)
        self.new_button = QPushButton(self.tr("Terminé"))
        self.new_button.clicked.connect(self.clear)
        done = QHBoxLayout()
        done.addStretch(1)
        for button in (self.ticket_button, self.invoice_button, self.new_button):
            done.addWidget(button)
        self.done_bar = QWidget()
        self.done_bar.setLayout(done)
        self.done_bar.hide()
        # Where each saved document went (with a link to its folder): never a silent button.
        self.document_message = DocumentMessage()
        self.document_message.setObjectName("document_message")

        right_box = QGroupBox(self.tr("Règlements"))
        right = QVBoxLayout(right_box)
        right.addWidget(self.card_notice)
        right.addLayout(self.rows_box)
        right.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addStretch(1)
        right.addWidget(self.remaining_label)
        right.addWidget(self.change_label)
        right.addWidget(self.progress)
        right.addWidget(self.message)
        right.addWidget(self.info)
        right.addLayout(actions)
        right.addWidget(self.done_bar)
        right.addWidget(self.document_message)

        body = QHBoxLayout()
        body.addWidget(left_box, 3)
        body.addWidget(right_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(session_bar)
        layout.addLayout(body, 1)
        self.state.signals.changed.connect(self._on_changes)
        self.clear()
        self.refresh_session()

    # --- the cash session ---------------------------------------------------------------------
    @qasync.asyncSlot()
    async def refresh_session(self) -> None:
        session = await self.state.worker.run(cash.current_cash_session, self.state.context)
        if not shiboken6.isValid(self.session_label):
            return  # the tab was closed while the database answered
        self.session = session
        if self.session is None:
            self.session_label.setText(self.tr("Aucune session de caisse ouverte : ouvrez la caisse avant "
                                               "d'encaisser."))
            self.session_label.setStyleSheet("color: #b3261e; font-weight: 600;")
        else:
            self.session_label.setText(
                self.tr("Caisse ouverte par %1 depuis %2 — fond %3 — encaissé %4")
                .replace("%1", self.session.opened_by)
                .replace("%2", f"{to_local(self.session.opened_at):%d/%m/%Y %H:%M}")
                .replace("%3", format_cents(self.session.opening_float_cents))
                .replace("%4", format_cents(self.session.received_cents)))
            self.session_label.setStyleSheet("color: #1b5e20;")
        self.open_button.setVisible(self.session is None)
        self.close_button.setVisible(self.session is not None and self.is_regisseur)
        self.loaded.emit()

    @qasync.asyncSlot()
    async def open_session(self) -> bool:
        dialog = OpenCashSessionDialog(self.state, self)
        self.open_dialog = dialog
        accepted = await dialog_result(dialog) == OpenCashSessionDialog.DialogCode.Accepted
        if accepted:
            # What was said about the closed (or missing) session is over.
            self.message.clear_message()
            if not self.result:
                self.info.clear()
            self.document_message.clear_message()
        await self.refresh_session()
        return accepted

    @qasync.asyncSlot()
    async def close_session(self) -> None:
        from ems_desktop.services import documents  # imported when first used: it brings reportlab (~100 ms)

        await self.refresh_session()
        if self.session is None:
            return
        dialog = CloseCashSessionDialog(self.state, self.session, self)
        self.close_dialog = dialog
        if await dialog_result(dialog) == CloseCashSessionDialog.DialogCode.Accepted and dialog.closed is not None:
            closed_at = dialog.closed.closed_at
            assert closed_at is not None, "a closed session has its closing time"
            pdf = await self.state.worker.run(documents.cash_session_pdf, self.state.context, dialog.closed.id)
            number = closing_report_number(closed_at)
            path = await _save_document(pdf, document_path("rapports", number))
            label = closing_report_label(closed_at)  # « du 21/06/2017 à 18:30 »
            self.info.setText(self.tr("Caisse clôturée %1 : le rapport de clôture est à signer.")
                              .replace("%1", label.replace("du ", "le ", 1)))
            # The file name cannot hold « / » or « : »; the message says the date as everywhere else.
            opened = self.open_file(path)
            self.document_message.show_saved(saved_text("rapports", label, path, opened=opened), path)
            from ems_desktop.views.backup_dialogs import backup_after_closing
            self.backup_task = backup_after_closing(self.state, self)  # a checked copy of the base (SQLite)
        await self.refresh_session()

    def open_closing_reports(self) -> None:
        from ems_desktop.views.closing_reports_dialog import open_closing_reports

        open_closing_reports(self, self.state)

    def set_open_family(self, family_id) -> None:
        self.open_family_id = family_id
        self.balance_button.setEnabled(family_id is not None)
        self.correction_button.setEnabled(family_id is not None and self.is_regisseur)
        self.credit_refund_button.setEnabled(family_id is not None and self.is_regisseur)

    @qasync.asyncSlot()
    async def open_credit_refund(self) -> None:
        """Give back the open family's credit in cash or by cheque; the receipt is saved and opened."""
        from ems_desktop.services import documents  # imported when first used: it brings reportlab (~100 ms)
        from ems_desktop.views.credit_refund_dialog import CreditRefundDialog

        family_id = getattr(self, "open_family_id", None)
        if family_id is None:
            return
        credit = await self.state.call(accounts.family_credit, family_id)
        if credit <= 0:
            self.info.setText(self.tr("Cette famille n'a pas d'avoir à rembourser."))
            return
        dialog = CreditRefundDialog(self.state, family_id, credit, self)
        self.credit_refund_dialog = dialog
        if await dialog_result(dialog) == CreditRefundDialog.DialogCode.Accepted and dialog.refund is not None:
            refund = dialog.refund
            pdf = await self.state.worker.run(documents.ticket_pdf, self.state.context, refund.id)
            path = await _save_document(pdf, document_path("tickets", refund.receipt_number))
            self.info.setText(self.tr("Avoir remboursé : %1 (%2).").replace("%1", format_cents(-refund.amount_cents))
                              .replace("%2", refund.mode_label.lower()))
            self._show_saved("tickets", refund.receipt_number, path)
            await self.refresh_session()

    @qasync.asyncSlot()
    async def open_correction(self) -> None:
        from ems_desktop.services import documents  # imported when first used: it brings reportlab (~100 ms)
        from ems_desktop.views.correction_dialog import CorrectionDialog

        family_id = getattr(self, "open_family_id", None)
        if family_id is None:
            return
        dialog = CorrectionDialog(self.state, family_id, self)
        self.correction_dialog = dialog
        if await dialog_result(dialog) == CorrectionDialog.DialogCode.Accepted and dialog.result_view:
            done = dialog.result_view
            pdf = await self.state.worker.run(documents.credit_note_pdf, self.state.context, done.credit_note_id)
            path = await _save_document(pdf, document_path("avoirs", done.credit_note_number))
            if dialog.refund_problem:  # a card refund that did not go through
                refund = self.tr("remboursement sur la carte de %1 non fait : %2").replace(
                    "%1", format_cents(done.refund_cents)).replace("%2", dialog.refund_problem.rstrip("."))
            elif done.refund_cents:
                refund = self.tr("remboursé %1").replace("%1", format_cents(done.refund_cents))
            else:
                refund = self.tr("gardé en avoir sur le compte famille")
            self.info.setText(self.tr("Avoir %1 sur la facture %2 : %3.")
                              .replace("%1", done.credit_note_number).replace("%2", done.invoice_number)
                              .replace("%3", refund))
            self._show_saved("avoirs", done.credit_note_number, path)

    # --- what is paid -------------------------------------------------------------------------
    @qasync.asyncSlot(object, object)
    async def set_checkout(self, family_id, enrollment_ids) -> None:
        """The recap's enrollments, paid now."""
        self.clear()
        recap = await self.state.call(enrollment_service.pay_now_recap, family_id)
        self.credit_cents = await self.state.call(accounts.family_credit, family_id)
        wanted = set(enrollment_ids)
        lines = [line for line in recap.lines if line.enrollment_id in wanted]
        self.debit_mandate = next((m for m in await self.state.call(mandates.mandates_of_family, family_id)
                                   if m.in_force), None)
        if self.debit_mandate is not None:
            self.debit_button.setToolTip(self.tr("Mandat %1 (compte %2) : rien n'est encaissé maintenant, le montant "
                                                 "sera prélevé à la prochaine échéance.")
                                         .replace("%1", self.debit_mandate.rum)
                                         .replace("%2", masked_iban(self.debit_mandate.iban)))
        self.family_id, self.enrollment_ids = family_id, tuple(line.enrollment_id for line in lines)
        self.mode = "enrollments"
        self.title.setText(self.tr("Inscriptions en paiement immédiat"))
        self._show_lines([(line.offer_label, line.child_name, line.group_label, line.price_cents) for line in lines])
        self._start(sum(line.price_cents for line in lines))

    @qasync.asyncSlot(object)
    async def set_family_balance(self, family_id) -> None:
        """What the family still owes on its invoices."""
        self.clear()
        due = await self.state.call(checkout.family_due_invoices, family_id)
        self.credit_cents = await self.state.call(accounts.family_credit, family_id)
        self.family_id, self.mode = family_id, "balance"
        self.title.setText(self.tr("Restant dû de la famille"))
        self._show_lines([(self.tr("Facture %1 du %2").replace("%1", d.number)
                           .replace("%2", f"{d.issue_date:%d/%m/%Y}"), "", "", d.owed_cents) for d in due])
        self._start(sum(d.owed_cents for d in due))

    def _show_lines(self, lines) -> None:
        self.lines.setRowCount(len(lines))
        for row, (label, child, group, cents) in enumerate(lines):
            for column, value in enumerate((label, child, group, format_cents(cents))):
                item = QTableWidgetItem(value)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.lines.setItem(row, column, item)

    def _start(self, due_cents: int) -> None:
        self.due_cents = due_cents
        text = self.tr("Montant dû : %1").replace("%1", format_cents(due_cents))
        if self.credit_cents > 0:
            text += "\n" + self.tr("Avoir de la famille : %1").replace("%1", format_cents(self.credit_cents))
        self.due_label.setText(text)
        # The family's credit pays first; only what it does not cover is asked for.
        from_credit = min(self.credit_cents, due_cents)
        if from_credit > 0:
            self.add_row(PaymentMode.ACCOUNT_CREDIT, from_credit)
        if due_cents - from_credit > 0:
            self.add_row(PaymentMode.CASH if self.card_unavailable_reason() else PaymentMode.CARD,
                         due_cents - from_credit)
        self._set_enabled(due_cents > 0)
        if due_cents <= 0:
            self.info.setText(self.tr("Rien à encaisser pour cette famille."))

    def clear(self) -> None:
        if self.busy:
            return  # a payment is under way: it must end first
        for row in list(self.rows):
            self._remove_row(row)
        self.family_id, self.enrollment_ids, self.mode, self.due_cents = None, (), "none", 0
        self.credit_cents = 0
        self.debit_mandate = None
        self.checkout_id = uuid.uuid4()
        self.card_attempt = None
        self.result = None
        self.lines.setRowCount(0)
        self.title.setText(self.tr("Rien à encaisser"))
        self.due_label.setText(self.tr("Choisissez « Encaisser » dans le récapitulatif des inscriptions (Ctrl+3), "
                                       "ou le restant dû d'une famille."))
        self.due_label.setStyleSheet("color: #555;")
        self.message.clear_message()
        self.info.clear()
        self.info.setStyleSheet("")
        self.document_message.clear_message()
        self.done_bar.hide()
        self._set_enabled(False)
        self._update_totals()

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.pay_button, self.invoice_only_button, self.debit_button, self.add_button):
            widget.setEnabled(enabled and not self.busy)
        self.debit_button.setVisible(self.mode == "enrollments" and self.debit_mandate is not None)
        # Never abandon while the terminal may be charging the card; nothing to abandon when empty.
        self.abandon_button.setEnabled(not self.busy and self.mode != "none" and self.result is None)
        self.invoice_only_button.setVisible(self.mode != "balance")
        if enabled:
            self.due_label.setStyleSheet("font-size: 16pt; font-weight: 700;")

    @property
    def is_regisseur(self) -> bool:
        """Refunds, credit notes and the till's closing are the régisseur's (the services say so too)."""
        return self.state.agent.has(permissions.REGISSEUR)

    def card_unavailable_reason(self) -> str:
        """Why this counter takes no card, or "" when it has a terminal."""
        if self.state.terminal is not None:
            return ""
        return self.tr("Aucun TPE n'est configuré pour ce guichet (Fichier › Paramètres) : encaissez en espèces, "
                       "chèque ou chèques vacances.")

    # --- payment lines ------------------------------------------------------------------------
    def add_row(self, mode: str, amount_cents: int | None = None) -> TenderRow:
        if amount_cents is None:
            amount_cents = max(0, self._remaining())
        row = TenderRow(mode, amount_cents, card_unavailable=self.card_unavailable_reason(),
                        credit_cents=self.credit_cents)
        row.removed.connect(self._remove_row)
        row.failure_button.clicked.connect(lambda: self._confirm_failure(row))
        row.changed.connect(self._update_totals)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        self._update_totals()
        self._chain_tab_order()
        return row

    def _remove_row(self, row: TenderRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            row.setParent(None)
            row.deleteLater()
        self._update_totals()

    def _typed(self) -> list[int | None]:
        values: list[int | None] = []
        for row in self.rows:
            try:
                values.append(row.amount())
            except AmountError:
                values.append(None)
        return values

    def _remaining(self) -> int:
        return self.due_cents - sum(v for v in self._typed() if v)

    def _update_totals(self) -> None:
        if self.due_cents <= 0:
            self.remaining_label.clear()
            self.change_label.clear()
            return
        typed = self._typed()
        unreadable = [row for value, row in zip(typed, self.rows, strict=True)
                      if value is None and row.amount_edit.text().strip()]
        for row in unreadable:  # said under the amount as it is typed, so the message below is true
            try:
                row.amount()
            except AmountError as bad:
                row.error.show_message(str(bad))
        if unreadable:
            self.remaining_label.setText(self.tr("Corrigez le montant signalé en rouge."))
            self.change_label.clear()
            return
        typed = [v or 0 for v in typed]  # an empty line counts for nothing until it is typed
        non_cash = sum(v or 0 for v, r in zip(typed, self.rows, strict=True) if r.mode != PaymentMode.CASH)
        cash_total = sum(v or 0 for v, r in zip(typed, self.rows, strict=True) if r.mode == PaymentMode.CASH)
        remaining = self.due_cents - non_cash - cash_total
        change = max(0, cash_total - max(0, self.due_cents - non_cash))
        if remaining > 0:
            self.remaining_label.setText(self.tr("Reste à payer : %1 (restera dû à la famille)")
                                         .replace("%1", format_cents(remaining)))
        else:
            self.remaining_label.setText(self.tr("Reste à payer : %1").replace("%1", format_cents(0)))
        self.change_label.setText(self.tr("À rendre : %1").replace("%1", format_cents(change)) if change else "")

    def tenders(self, card_attempt_id: uuid.UUID | None = None) -> list[Tender] | None:
        """The typed payment lines as tenders, or None after showing the errors next to them."""
        ok = True
        result = []
        for row in self.rows:
            row.error.clear_message()
            try:
                amount = row.amount()
            except AmountError as bad:
                row.error.show_message(str(bad))
                ok = False
                continue
            result.append(Tender(row.mode, amount, row.cheque_number.text(), row.cheque_bank.text(),
                                 row.cheque_drawer.text(),
                                 card_attempt_id=card_attempt_id if row.mode == PaymentMode.CARD else None))
        return result if ok else None

    def _tender_fields(self) -> dict[str, ErrorLabel]:
        """Where the checkout's refusals go: « tenders.N.… » under the Nth payment line."""
        return {f"tenders.{i}.{name}": row.error for i, row in enumerate(self.rows)
                for name in ("mode", "amount", "cheque_number", "cheque_bank", "cheque_drawer")}

    # --- paying -------------------------------------------------------------------------------
    @qasync.asyncSlot()
    async def pay(self) -> None:
        if self.busy or self.family_id is None:
            return
        self.busy = True
        self._set_enabled(False)
        self.message.clear_message()
        try:
            await self._pay()
        finally:
            self.busy = False
            if self.result is None:
                self._set_enabled(self.due_cents > 0)

    async def _pay(self) -> None:
        placeholder = uuid.uuid4()
        tenders = self.tenders(card_attempt_id=placeholder)
        if tenders is None:
            return
        if not tenders:
            self.message.show_message(self.tr("Ajoutez au moins un règlement, ou « Facturer sans paiement »."))
            return
        card_rows = [r for r in self.rows if r.mode == PaymentMode.CARD]
        if len(card_rows) > 1:
            self.message.show_message(self.tr("Une seule ligne carte bancaire par encaissement."))
            return
        try:
            checkout.plan_tenders(tenders, self.due_cents)  # every line checked before the card is charged
        except ValidationFailed as invalid:  # a check in memory, not a service call
            show_errors(invalid, self._tender_fields(), self.message)
            return
        if await self.state.worker.run(cash.current_cash_session, self.state.context) is None:
            self.message.show_message(self.tr("Aucune session de caisse ouverte : ouvrez la caisse pour encaisser."))
            if not await self.open_session():
                return
        card_tender = next((t for t in tenders if t.mode == PaymentMode.CARD), None)
        attempt_id = None
        if card_tender is not None:
            attempt = await self._charge_card(card_rows[0], card_tender.amount_cents)
            if attempt is None:
                return
            attempt_id = attempt.id
        final = [Tender(t.mode, t.amount_cents, t.cheque_number, t.cheque_bank, t.cheque_drawer,
                        card_attempt_id=attempt_id if t.mode == PaymentMode.CARD else None) for t in tenders]
        await self._record(final)

    def _key(self) -> str:
        return lines_key(self.enrollment_ids) if self.mode == "enrollments" else "balance:" + str(self.family_id)

    async def _charge_card(self, row: TenderRow, amount_cents: int):
        attempt = self.card_attempt
        if attempt is not None and attempt.accepted and attempt.amount_cents == amount_cents:
            return attempt  # already accepted: never charge again
        terminal = self.state.terminal
        if terminal is None:
            row.error.show_message(self.card_unavailable_reason())
            return None
        assert self.family_id is not None, "a payment is always for a family"
        row.lock(True)
        self.progress.show()
        row.set_status(self.tr("En attente de la carte sur le terminal : %1…").replace(
            "%1", format_cents(amount_cents)), "#7a5b00")
        if self.mode == "enrollments":
            key = self._key()
        else:  # what the family owes, as a key: the same balance paid twice is one attempt
            read = await ServiceOp(self.state, checkout.balance_lines_key, self.family_id).errors_to(row.error).run()
            if not read.ok:
                row.lock(False)
                row.set_status("")
                self.progress.hide()
                return None
            key = read.value
        try:
            lines = self.enrollment_ids if self.mode == "enrollments" else ()
            # Through the built-in simulator the attempt is tagged: refused outside the demonstration database.
            runner = CardPaymentRunner(self.state.context, terminal, self.state.worker.run,
                                       simulated=self.state.simulator is not None)
            attempt = await runner.charge(self.family_id, key, amount_cents, lines=lines,
                                          lines_kind="enrollments" if self.mode == "enrollments" else "invoices")
        except DomainError as refused:  # the terminal's run refused (not a state.call of this screen)
            row.lock(False)
            row.set_status("")
            row.error.show_message(refused.message)
            return None
        finally:
            self.progress.hide()
        self.card_attempt = attempt
        if attempt.accepted:
            row.set_status(self.tr("Carte acceptée — autorisation %1 — %2").replace("%1", attempt.authorisation)
                           .replace("%2", attempt.masked_pan), "#1b5e20")
            return attempt
        row.lock(False)
        row.set_status("")
        if attempt.in_doubt:
            row.error.show_message(attempt.message + self.tr(" — à régler depuis l'Accueil (Ctrl+1)."))
        else:
            row.error.show_message(attempt.message or self.tr("Paiement par carte non abouti."))
        if attempt.retry_blocked_until is not None:
            # The 30-minute rule: lifted only when the agent saw the terminal print a failure.
            row.error.show_message(row.error.text() + self.tr(" — nouvel essai par carte dans 30 minutes, sauf si "
                                                              "le terminal a imprimé un ticket d'échec."))
            self._offer_failure_confirmation(row, attempt)
        return None

    def _offer_failure_confirmation(self, row: TenderRow, attempt) -> None:
        row.failed_attempt_id = attempt.id
        row.failure_button.show()

    @qasync.asyncSlot()
    async def _confirm_failure(self, row: TenderRow) -> None:
        done = await (ServiceOp(self.state, card_payments.confirm_failure_printed, row.failed_attempt_id)
                      .disabling(row.failure_button).errors_to(row.error).run())
        if not done.ok:
            return
        row.failure_button.hide()
        row.error.clear_message()
        row.set_status(self.tr("Échec constaté sur le ticket du terminal : vous pouvez réessayer."), "#333")

    async def _record(self, tenders: list[Tender]) -> None:
        if self.mode == "enrollments":
            op = ServiceOp(self.state, checkout.checkout_enrollments, self.checkout_id, self.family_id,
                           self.enrollment_ids, tenders)
        else:
            op = ServiceOp(self.state, checkout.pay_balance, self.family_id, tenders, request_id=self.checkout_id)
        done = await op.errors_to(self.message, self._tender_fields()).run()
        if done.ok:
            self._done(done.value)

    @qasync.asyncSlot()
    async def invoice_without_payment(self) -> None:
        await self._invoice_unpaid(collect_by_debit=False)

    @qasync.asyncSlot()
    async def invoice_by_debit(self) -> None:
        await self._invoice_unpaid(collect_by_debit=True)

    async def _invoice_unpaid(self, *, collect_by_debit: bool) -> None:
        if self.busy or self.mode != "enrollments":
            return
        self.busy = True
        self._set_enabled(False)
        done = await ServiceOp(self.state, checkout.checkout_enrollments, self.checkout_id, self.family_id,
                               self.enrollment_ids, [], collect_by_debit=collect_by_debit).errors_to(self.message).run()
        self.busy = False
        if not done.ok:
            self._set_enabled(True)
            return
        result = done.value
        self._done(result)
        mandate = self.debit_mandate
        if collect_by_debit and mandate is not None and result.invoice_balance_cents > 0:
            self.due_label.setText(self.tr("À prélever : %1").replace(
                "%1", format_cents(result.invoice_balance_cents)))
            self.info.setText(self.tr("Facture %1 émise (%2), à prélever : %3 sur le compte %4 à la prochaine "
                                      "échéance.").replace("%1", result.invoice_number)
                              .replace("%2", format_cents(result.total_cents))
                              .replace("%3", format_cents(result.invoice_balance_cents))
                              .replace("%4", masked_iban(mandate.iban)))

    def _done(self, result: checkout.CheckoutResult) -> None:
        self.result = result
        for row in self.rows:
            row.lock(True)
        self._set_enabled(False)
        self.abandon_button.setEnabled(False)
        state = self.tr("payée") if result.invoice_balance_cents <= 0 else self.tr("reste dû %1").replace(
            "%1", format_cents(result.invoice_balance_cents))
        text = self.tr("Facture %1 émise (%2), %3.").replace("%1", result.invoice_number).replace(
            "%2", format_cents(result.total_cents)).replace("%3", state) if self.mode == "enrollments" else \
            self.tr("Règlement enregistré : %1.").replace("%1", format_cents(result.paid_cents))
        if result.change_cents:
            text += " " + self.tr("Rendez %1.").replace("%1", format_cents(result.change_cents))
        self.info.setText(text)
        self.info.setStyleSheet("color: #1b5e20; font-size: 12pt; font-weight: 600;")
        # The amount due was before payment: now it says what is left.
        if self.mode == "enrollments" and result.invoice_balance_cents > 0:
            self.due_label.setText(self.tr("Reste dû sur la facture : %1").replace(
                "%1", format_cents(result.invoice_balance_cents)))
        elif self.mode == "enrollments":
            self.due_label.setText(self.tr("Payé : %1").replace("%1", format_cents(result.total_cents)))
        else:
            self.due_label.setText(self.tr("Réglé : %1").replace("%1", format_cents(result.paid_cents)))
        # Green when nothing is left to pay; amber (still to collect) otherwise, as the Accueil's waits.
        still_due = self.mode == "enrollments" and result.invoice_balance_cents > 0
        colour = "#7a5b00" if still_due else "#1b5e20"
        self.due_label.setStyleSheet(f"font-size: 16pt; font-weight: 700; color: {colour};")
        self.remaining_label.clear()
        self.ticket_button.setEnabled(bool(result.payments))
        self.invoice_button.setEnabled(result.invoice_id is not None and self.mode == "enrollments")
        self.done_bar.show()
        self.focus_first()
        self.paid.emit(result)

    @qasync.asyncSlot()
    async def open_ticket(self) -> None:
        """One ticket for the whole checkout (the lines once, then each payment mode with its
        details and what is still due): on the receipt printer when one is configured (the PDF is
        saved first either way), else as PDF; the message under the buttons says which."""
        from ems_desktop import config
        from ems_desktop.printing import PrintingError, save_and_print_ticket
        from ems_desktop.reports import render_ticket
        from ems_desktop.services import documents

        if not (self.result and self.result.payments):
            return
        self.message.clear_message()
        printer = self.state.local.get(config.RECEIPT_PRINTER)
        ticket = await self.state.call(documents.checkout_ticket_document, [p.id for p in self.result.payments])
        pdf = await self.state.worker.run(render_ticket, ticket)
        # Named after its first receipt number; a checkout paid from the family's credit alone has none.
        number = ticket.receipt_numbers[0] if ticket.receipt_numbers else (
            self.result.invoice_number or str(self.result.payments[0].id))
        path = document_path("tickets", number)
        if not printer:
            await _save_document(pdf, path)
            self._show_saved("tickets", number, path)
            return
        try:
            await self.state.worker.run(save_and_print_ticket, ticket, pdf, path, printer,
                                        self.state.local.get(config.RECEIPT_CODEPAGE))
        except PrintingError as failed:
            self.message.show_message(str(failed))
            return
        self.document_message.show_saved(
            self.tr("Ticket %1 imprimé sur l'imprimante de tickets (PDF : %2)")
            .replace("%1", number).replace("%2", str(path)), path)

    @qasync.asyncSlot()
    async def open_invoice(self) -> None:
        """« Imprimer la facture »: the PDF is saved, then the system's print dialog offers the
        printer; cancelled, the message says where the PDF is (with its folder)."""
        from ems_desktop.printing import PrintingError
        from ems_desktop.services import documents
        from ems_desktop.views import printing_dialogs

        if not (self.result and self.result.invoice_id):
            return
        self.message.clear_message()
        number = self.result.invoice_number
        pdf = await self.state.worker.run(documents.invoice_pdf, self.state.context, self.result.invoice_id)
        what = self.tr("Facture %1").replace("%1", number)
        try:
            path = await _save_document(pdf, document_path("factures", number))
            done = await printing_dialogs.print_saved_pdf(self, path, what)
            if done is None:
                self.document_message.show_saved(
                    self.tr("Impression annulée : %1 enregistrée en PDF : %2").replace("%1", what)
                    .replace("%2", str(path)), path)
                return
        except PrintingError as failed:
            self.message.show_message(str(failed))
            return
        self.document_message.show_saved(f"{what} : {done} (PDF : {path})", path)

    def _show_saved(self, kind: str, number: str, path) -> None:
        """Open the PDF in the desktop's reader and say what happened, with the file's place."""
        opened = self.open_file(path)
        self.document_message.show_saved(saved_text(kind, number, path, opened=opened), path)

    def open_file(self, path) -> bool:
        """Hand a saved PDF to the desktop's reader; False when none opened it (tests replace it)."""
        return open_pdf(path)

    # --- keyboard -----------------------------------------------------------------------------
    def focus_first(self) -> None:
        """Where the agent types first: the first amount to pay (selected, ready to be replaced);
        once paid, the ticket; with nothing to pay and the till closed, « Ouvrir la caisse »."""
        if self.result is not None and self.ticket_button.isEnabled():
            self.ticket_button.setFocus()
        elif self.rows and self.rows[0].amount_edit.isEnabled():
            editable = next((r for r in self.rows if r.mode != PaymentMode.ACCOUNT_CREDIT), self.rows[0])
            editable.amount_edit.setFocus()
            editable.amount_edit.selectAll()
        elif self.open_button.isVisible():
            self.open_button.setFocus()

    def _chain_tab_order(self) -> None:
        """Tab follows the screen: each payment line's fields in turn, then « Ajouter un règlement »,
        « Facturer sans paiement » and « Payer » (lines added later would otherwise come last)."""
        chain = [w for row in self.rows for w in row.focus_widgets()]
        chain += [self.add_button, self.invoice_only_button, self.pay_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_changes(self, changes) -> None:
        if any(c.entity in ("cash_session", "payment") for c in changes):
            self.refresh_session()


async def _save_document(pdf: bytes, path):
    """The PDF at ``path`` (in the user data folder, private, 0700), written whole, readable by
    the user only (0600) — on the printing threads, never the window's."""
    from ems_desktop.printing.files import save_pdf
    from ems_desktop.views.printing_dialogs import in_print_thread

    return await in_print_thread(save_pdf, pdf, path)
