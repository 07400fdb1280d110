"""The Accueil tab: what needs the agent's attention now — card payments to check (settled from
here), reserved places about to be released, the open cash session and its running totals,
whether the card terminal answers."""

from __future__ import annotations

import qasync
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import format_date, to_local
from ems_desktop.money import format_cents
from ems_desktop.rules.holds import time_left_label
from ems_desktop.services import (
    card_payments,
    cash,
    checkout,
    corrections,
    enrollment as enrollment_service,
    permissions,
    sync_conflicts,
)
from ems_desktop.views.app_state import AppState
from ems_desktop.views.async_tools import dialog_result
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel, FieldWithError, action_buttons, is_regie

WATCHED = {"card_attempt", "payment", "cash_session", "enrollment", "places", "invoice", "sync_conflict"}


class _Table(QTableWidget):
    """A read-only table of the Accueil; ``right_aligned`` are its amount columns."""

    right_aligned: tuple[int, ...] = ()


def _table(headers: list[str], right_aligned: tuple[int, ...] = ()) -> _Table:
    table = _Table(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.right_aligned = right_aligned
    return table


def _set_row(table: _Table, row: int, values) -> None:
    for column, value in enumerate(values):
        item = QTableWidgetItem(value)
        if column in table.right_aligned:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(row, column, item)


def record_card_money(state: AppState, attempt: card_payments.AttemptView) -> ServiceOp:
    """Recording what an accepted card attempt did: a debit pays its lines (or, when they can no
    longer be invoiced, becomes family credit); a refund records the money given back."""
    if attempt.kind == "refund":
        return ServiceOp(state, corrections.complete_card_refund, attempt.id)
    return ServiceOp(state, checkout.complete_card_checkout, attempt.id)


class SettleDialog(QDialog):
    """Settle a card payment in doubt from the terminal's own ticket."""

    def __init__(self, state: AppState, attempt: card_payments.AttemptView, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.attempt = attempt
        self.outcome: str = ""
        self.recorded = None  # what an accepted payment paid (or gave back), once recorded
        refund = attempt.kind == "refund"
        self.setWindowTitle(self.tr("Vérifier un remboursement par carte") if refund
                            else self.tr("Vérifier un paiement par carte"))
        intro = QLabel((self.tr("Remboursement de %1 du %2 : regardez le ticket imprimé par le terminal (ou son "
                                "journal).") if refund else
                        self.tr("Paiement de %1 du %2 : regardez le ticket imprimé par le terminal (ou son journal)."))
                       .replace("%1", format_cents(attempt.amount_cents))
                       .replace("%2", f"{to_local(attempt.created_at):%d/%m/%Y à %H:%M}"))
        intro.setWordWrap(True)
        self.accepted_radio = QRadioButton(self.tr("Le ticket indique « remboursement accepté »") if refund
                                           else self.tr("Le ticket indique « paiement accepté »"))
        self.failed_radio = QRadioButton(self.tr("Le ticket indique un échec, ou aucun ticket n'a été imprimé"))
        group = QButtonGroup(self)
        group.addButton(self.accepted_radio)
        group.addButton(self.failed_radio)
        self.authorisation = QLineEdit()
        self.authorisation.setPlaceholderText(self.tr("n° d'autorisation du ticket"))
        self.authorisation_field = FieldWithError(self.authorisation)
        self.ticket_time = QLineEdit()
        self.ticket_time.setPlaceholderText(self.tr("heure du ticket, ex. 14:32"))
        self.ticket_time.setMaxLength(5)
        self.ticket_time_field = FieldWithError(self.ticket_time)
        self.last_digits = QLineEdit()
        self.last_digits.setPlaceholderText(self.tr("4 derniers chiffres de la carte (facultatif)"))
        self.last_digits.setMaxLength(4)
        self.last_digits_field = FieldWithError(self.last_digits)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.accepted_radio)
        form.addRow(self.tr("Autorisation"), self.authorisation_field)
        form.addRow(self.tr("Heure du ticket"), self.ticket_time_field)
        form.addRow(self.tr("Carte"), self.last_digits_field)
        form.addRow(self.failed_radio)
        buttons, self.ok_button = action_buttons(self, self.tr("Enregistrer"), self._on_ok, self.tr("Annuler"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    @qasync.asyncSlot()
    async def _on_ok(self) -> None:
        for label in (self.error, self.authorisation_field.error, self.last_digits_field.error,
                      self.ticket_time_field.error):
            label.clear_message()
        if not (self.accepted_radio.isChecked() or self.failed_radio.isChecked()):
            self.error.show_message(self.tr("Indiquez ce que dit le ticket du terminal."))
            return
        accepted = self.accepted_radio.isChecked()
        settled = await (ServiceOp(self.state, card_payments.settle, self.attempt.id, accepted=accepted,
                                   authorisation=self.authorisation.text(), card_last_digits=self.last_digits.text(),
                                   ticket_time=self.ticket_time.text())
                         .disabling(self.ok_button)
                         .errors_to(self.error, {"authorisation": self.authorisation_field.error,
                                                 "ticket_time": self.ticket_time_field.error,
                                                 "card_last_digits": self.last_digits_field.error}).run())
        if not settled.ok:
            return
        if accepted:
            # The money moved: what it paid (or gave back) is recorded now.
            recorded = await record_card_money(self.state, self.attempt).disabling(self.ok_button).errors_to(
                self.error).run()
            if not recorded.ok:
                return
            self.recorded = recorded.value
        self.outcome = "accepted" if accepted else "failed"
        self.accept()


class ResolveConflictDialog(QDialog):
    """Mark a sync conflict dealt with, saying what was done (régisseur, administrateur)."""

    def __init__(self, state: AppState, conflict: sync_conflicts.ConflictView, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.conflict = conflict
        self.setWindowTitle(self.tr("Conflit traité"))
        intro = QLabel(f"<b>{conflict.kind_label}</b><br>{conflict.message}")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.resolution = QLineEdit()
        self.resolution.setMaxLength(500)
        self.resolution.setPlaceholderText(self.tr("ex. capacité portée à 17 ; famille prévenue"))
        self.resolution_field = FieldWithError(self.resolution)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Ce qui a été fait"), self.resolution_field)
        buttons, self.ok_button = action_buttons(self, self.tr("Marquer comme traité"), self._on_ok, self.tr("Annuler"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    @qasync.asyncSlot()
    async def _on_ok(self) -> None:
        done = await (ServiceOp(self.state, sync_conflicts.resolve_conflict, self.conflict.id, self.resolution.text())
                      .disabling(self.ok_button).errors_to(self.error, {"resolution": self.resolution_field.error})
                      .run())
        if done.ok:
            self.accept()


class AccueilTab(QWidget):
    open_caisse = Signal()
    loaded = Signal()  # its data are on its widgets (after each refresh)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.attempts: list[card_payments.AttemptView] = []
        self.terminal_ok: bool | None = None
        title = QLabel(self.tr("Bonjour %1").replace("%1", state.agent.display_name))
        title.setStyleSheet("font-size: 16pt; font-weight: 600; color: #1f3a5f;")
        self.today = QLabel()
        self.today.setStyleSheet("color: #555;")

        self.attempts_box = QGroupBox(self.tr("Paiements par carte à vérifier"))
        self.attempts_table = _table([self.tr("Heure"), self.tr("Famille"), self.tr("Montant"), self.tr("État"), ""],
                                     (2,))
        self.attempts_table.setObjectName("attempts")
        self.attempts_empty = QLabel(self.tr("Aucun paiement par carte à vérifier."))
        self.attempts_empty.setStyleSheet("color: #1b5e20;")
        box = QVBoxLayout(self.attempts_box)
        box.addWidget(self.attempts_empty)
        box.addWidget(self.attempts_table)
        self.message = QLabel()
        self.message.setWordWrap(True)
        box.addWidget(self.message)

        # What the town's server decided differently from a counter working offline: every counter
        # sees it; a régisseur or an administrateur marks it dealt with.
        self.conflicts: list[sync_conflicts.ConflictView] = []
        self.conflicts_box = QGroupBox(self.tr("Conflits de synchronisation à traiter"))
        self.conflicts_table = _table([self.tr("Date"), self.tr("Quoi"), self.tr("Ce qui s'est passé et que faire"),
                                       self.tr("Guichet"), ""])
        self.conflicts_table.setObjectName("conflicts")
        self.conflicts_table.setWordWrap(True)
        self.conflicts_table.horizontalHeader().setStretchLastSection(False)
        self.conflicts_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Columns sized to their contents move the wrapped text's width: the rows follow, once placed.
        self.conflicts_table.horizontalHeader().sectionResized.connect(
            lambda *_: QTimer.singleShot(0, self._fit_conflict_rows))
        box = QVBoxLayout(self.conflicts_box)
        box.addWidget(self.conflicts_table)
        self.conflicts_box.setVisible(False)

        self.holds_box = QGroupBox(self.tr("Réservations qui expirent dans moins de 30 minutes"))
        self.holds_table = _table([self.tr("Expire à"), self.tr("Famille"), self.tr("Enfant"), self.tr("Groupe"),
                                   self.tr("Montant")], (4,))
        self.holds_table.setObjectName("holds")
        self.holds_empty = QLabel(self.tr("Aucune réservation sur le point d'expirer."))
        self.holds_empty.setStyleSheet("color: #555;")
        box = QVBoxLayout(self.holds_box)
        box.addWidget(self.holds_empty)
        box.addWidget(self.holds_table)

        self.session_box = QGroupBox(self.tr("Session de caisse"))
        self.session_grid = QGridLayout()
        self.session_label = QLabel()
        self.session_label.setObjectName("session_summary")
        self.session_label.setWordWrap(True)
        self.open_caisse_button = QPushButton(self.tr("Aller à la caisse (Ctrl+4)"))
        self.open_caisse_button.clicked.connect(self.open_caisse.emit)
        box = QVBoxLayout(self.session_box)
        box.addWidget(self.session_label)
        box.addLayout(self.session_grid)
        box.addWidget(self.open_caisse_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.terminal_box = QGroupBox(self.tr("Terminal de paiement"))
        self.terminal_label = QLabel()
        self.terminal_label.setObjectName("terminal_state")
        self.terminal_label.setWordWrap(True)
        self.test_button = QPushButton(self.tr("Tester"))
        self.test_button.clicked.connect(self.check_terminal)
        row = QHBoxLayout(self.terminal_box)
        row.addWidget(self.terminal_label, 1)
        row.addWidget(self.test_button)

        left = QVBoxLayout()
        left.addWidget(self.conflicts_box)
        left.addWidget(self.attempts_box)
        left.addWidget(self.holds_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.session_box)
        right.addWidget(self.terminal_box)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.today)
        layout.addLayout(body, 1)
        self.state.signals.changed.connect(self._on_changes)
        self.refresh()
        self.check_terminal()

    def focus_first(self) -> None:
        """The first card payment to check when there is one (its « Régler » button is in the
        row), else the way to the Caisse."""
        if self.attempts_table.isVisible() and self.attempts_table.rowCount():
            self.attempts_table.setFocus()
            if self.attempts_table.currentRow() < 0:
                self.attempts_table.selectRow(0)
        else:
            self.open_caisse_button.setFocus()

    def _on_changes(self, changes) -> None:
        if any(c.entity in WATCHED for c in changes):
            self.refresh()

    @qasync.asyncSlot()
    async def refresh(self) -> None:
        now = self.state.context.now()
        self.today.setText(self.tr("Nous sommes le %1.").replace("%1", format_date(to_local(now).date())))
        attempts, holds, session, conflicts = await self.state.worker.run(self._load)
        self._show_conflicts(conflicts)
        self.attempts = attempts
        self.attempts_table.setRowCount(len(attempts))
        for row, attempt in enumerate(attempts):
            recorded = attempt.accepted
            refund = attempt.kind == "refund"
            if refund:
                what = (self.tr("remboursement accepté, à enregistrer") if recorded
                        else self.tr("remboursement à vérifier sur le ticket du terminal"))
            else:
                what = (self.tr("accepté, encaissement à enregistrer") if recorded
                        else self.tr("à vérifier sur le ticket du terminal"))
            _set_row(self.attempts_table, row, (
                f"{to_local(attempt.created_at):%d/%m %H:%M}", attempt.family_name,
                format_cents(-attempt.amount_cents if refund else attempt.amount_cents), what))
            if recorded:
                label = self.tr("Enregistrer le remboursement") if refund else self.tr("Enregistrer l'encaissement")
            else:
                label = self.tr("Régler…")
            button = QPushButton(label)
            if not self.state.agent.has(permissions.REGISSEUR):
                button.setEnabled(False)
                button.setToolTip(self.tr("À faire par le régisseur (ou son suppléant)."))
            button.setObjectName(f"settle_{row}")
            button.clicked.connect(lambda _c=False, a=attempt: self.settle(a))
            self.attempts_table.setCellWidget(row, 4, button)
        self.attempts_table.setVisible(bool(attempts))
        self.attempts_empty.setVisible(not attempts)
        self.attempts_box.setStyleSheet("QGroupBox { color: #b3261e; font-weight: 600; }" if attempts else "")

        self.holds_table.setRowCount(len(holds))
        for row, hold in enumerate(holds):
            _set_row(self.holds_table, row, (
                f"{to_local(hold.hold_expires_at):%H:%M} ({time_left_label(hold.hold_expires_at, now)})",
                hold.family_name, hold.child_name, hold.group_label, format_cents(hold.price_cents)))
        self.holds_table.setVisible(bool(holds))
        self.holds_empty.setVisible(not holds)
        self._show_session(session)
        self.refreshed = True
        self.loaded.emit()

    def _load(self):
        """Runs on the database worker: three service reads, no session of its own."""
        ctx = self.state.context
        return (card_payments.attempts_needing_attention(ctx), enrollment_service.expiring_holds(ctx),
                cash.current_cash_session(ctx), sync_conflicts.open_conflicts(ctx))

    def _show_conflicts(self, conflicts: list[sync_conflicts.ConflictView]) -> None:
        self.conflicts = conflicts
        table = self.conflicts_table
        table.setRowCount(len(conflicts))
        may_resolve = is_regie(self.state.agent)
        for row, conflict in enumerate(conflicts):
            what = conflict.message + (f"\n→ {conflict.advice}" if conflict.advice else "")
            _set_row(table, row, (f"{to_local(conflict.created_at):%d/%m %H:%M}", conflict.kind_label, what,
                                  conflict.counter_name))
            button = QPushButton(self.tr("Traité…"))
            button.setObjectName(f"resolve_{row}")
            if not may_resolve:
                button.setEnabled(False)
                button.setToolTip(self.tr("À faire par le régisseur ou l'administrateur."))
            button.clicked.connect(lambda _c=False, c=conflict: self.resolve(c))
            table.setCellWidget(row, 4, button)
        self._fit_conflict_rows()
        self.conflicts_box.setVisible(bool(conflicts))
        self.conflicts_box.setStyleSheet("QGroupBox { color: #b3261e; font-weight: 600; }" if conflicts else "")

    def _fit_conflict_rows(self) -> None:
        """Rows as tall as their wrapped text at the columns' current widths; the table as tall as
        its rows (up to four), no empty band below them."""
        table = self.conflicts_table
        table.resizeRowsToContents()
        shown = sum(table.rowHeight(row) for row in range(min(4, table.rowCount())))
        table.setFixedHeight(table.horizontalHeader().height() + shown + 2 * table.frameWidth() + 2)

    @qasync.asyncSlot()
    async def resolve(self, conflict: sync_conflicts.ConflictView) -> None:
        dialog = ResolveConflictDialog(self.state, conflict, self)
        self.resolve_dialog = dialog
        if await dialog_result(dialog) == QDialog.DialogCode.Accepted:
            self.message.setText(self.tr("Conflit marqué comme traité : %1.").replace("%1", conflict.kind_label))
            self.message.setStyleSheet("color: #1b5e20;")

    def _show_session(self, session: cash.CashSessionView | None) -> None:
        while self.session_grid.count():
            item = self.session_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if session is None:
            self.session_label.setText(self.tr("Aucune session de caisse ouverte sur ce guichet : ouvrez-la avant "
                                               "le premier encaissement."))
            self.session_label.setStyleSheet("color: #b3261e;")
            return
        self.session_label.setText(self.tr("Ouverte par %1 le %2, fond de caisse %3.")
                                   .replace("%1", session.opened_by)
                                   .replace("%2", f"{to_local(session.opened_at):%d/%m/%Y à %H:%M}")
                                   .replace("%3", format_cents(session.opening_float_cents)))
        self.session_label.setStyleSheet("")
        for column, header in enumerate((self.tr("Mode"), self.tr("Nombre"), self.tr("Encaissé"), self.tr("Attendu"))):
            self.session_grid.addWidget(QLabel(f"<b>{header}</b>"), 0, column,
                                        alignment=Qt.AlignmentFlag.AlignRight if column else Qt.AlignmentFlag.AlignLeft)
        for row, total in enumerate(session.totals, start=1):
            values = (total.label, str(total.count), format_cents(total.amount_cents),
                      format_cents(total.expected_cents))
            for column, value in enumerate(values):
                label = QLabel(value)
                label.setObjectName(f"session_{total.mode}_{column}")
                self.session_grid.addWidget(label, row, column, alignment=Qt.AlignmentFlag.AlignRight if column
                                            else Qt.AlignmentFlag.AlignLeft)
        received = QLabel(self.tr("<b>Total encaissé : %1</b>").replace("%1", format_cents(session.received_cents)))
        received.setObjectName("session_total")
        self.session_grid.addWidget(received, len(session.totals) + 1, 0, 1, 4)

    @qasync.asyncSlot()
    async def check_terminal(self) -> None:
        terminal = self.state.terminal
        if terminal is None:
            self.terminal_label.setText(self.tr("Aucun TPE n'est configuré pour ce guichet (Fichier › Paramètres) : "
                                                "pas de paiement par carte."))
            return
        self.terminal_label.setText(self.tr("Test du terminal…"))
        self.terminal_ok = await terminal.ping()
        where = self.state.terminal_label
        if self.terminal_ok:
            self.terminal_label.setText(self.tr("● Le terminal répond — %1").replace("%1", where))
            self.terminal_label.setStyleSheet("color: #1b7f3b;")
        else:
            self.terminal_label.setText(self.tr("● Le terminal ne répond pas — %1 : vérifiez qu'il est allumé et "
                                                "branché ; encaissez autrement en attendant.").replace("%1", where))
            self.terminal_label.setStyleSheet("color: #b3261e;")
        self.terminal_label.setWordWrap(True)

    @qasync.asyncSlot()
    async def settle(self, attempt: card_payments.AttemptView) -> None:
        self.message.clear()
        if attempt.accepted:
            recorded = await record_card_money(self.state, attempt).errors_to(self._refused).run()
            if recorded.ok:
                self._said(recorded.value)
            return
        dialog = SettleDialog(self.state, attempt, self)
        self.settle_dialog = dialog
        if await dialog_result(dialog) == SettleDialog.DialogCode.Accepted:
            if dialog.outcome == "accepted":
                self._said(dialog.recorded)
            elif attempt.kind == "refund":
                self.message.setText(self.tr("Échec enregistré : rien n'a été rendu sur la carte ; le montant reste en "
                                             "avoir sur le compte de la famille (remboursable à la Caisse)."))
                self.message.setStyleSheet("color: #333;")
            else:
                self.message.setText(self.tr("Échec enregistré : les inscriptions peuvent être payées à nouveau."))
                self.message.setStyleSheet("color: #333;")

    def _refused(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e;")

    def _said(self, result) -> None:
        if isinstance(result, corrections.CorrectionResult):
            text = (self.tr("Remboursement enregistré : %1 rendus sur la carte (avoir %2).")
                    .replace("%1", format_cents(result.refund_cents)).replace("%2", result.credit_note_number))
        elif result.kept_as_credit:
            text = (self.tr("Paiement de %1 enregistré en avoir sur le compte de la famille : ses lignes ne pouvaient "
                            "plus être facturées. Utilisez-le à la Caisse (« Avoir famille ») ou remboursez-le.")
                    .replace("%1", format_cents(result.paid_cents)))
        else:
            text = (self.tr("Paiement enregistré : facture %1 (%2).").replace("%1", result.invoice_number)
                    .replace("%2", format_cents(result.paid_cents)))
        self.message.setText(text)
        self.message.setStyleSheet("color: #1b5e20;")
