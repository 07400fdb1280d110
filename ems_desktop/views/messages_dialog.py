"""« Messagerie… » of a family dossier: the e-mails sent to the family (invoices, credit notes,
reminders), newest first, each with where it stands — « Envoyé le … », « En attente (nouvel essai
à 14:05) : … », « Échec : … » — and « Renvoyer » for one that failed. It follows the outbox as it
goes: every change of a message (queued, sent, tried again) is read again at once."""

from __future__ import annotations

import uuid

import qasync
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import to_local
from ems_desktop.models import MessageState
from ems_desktop.services import messages
from ems_desktop.services.messages import MessageView
from ems_desktop.views.app_state import AppState
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel, close_buttons, fit_to_screen, rows_table

STATE_COLOURS = {MessageState.SENT: "#1b7f3b", MessageState.FAILED: "#b3261e", MessageState.WAITING: "#9a6700",
                 MessageState.SENDING: "#9a6700"}
COLUMNS = ("Date", "Document", "Objet", "Destinataire", "État")


def _family_messages(ctx, family_id):
    """The family's messages and the address its documents go to, in one trip to the worker."""
    return messages.messages_of_family(ctx, family_id), messages.recipient_of_family(ctx, family_id)


class MessagesDialog(QDialog):
    loaded = Signal()  # the list was read (tests wait on it)

    def __init__(self, state: AppState, family_id: uuid.UUID, family_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.family_id = family_id
        self.rows: list[MessageView] = []
        self.setObjectName("messages_dialog")
        self.setWindowTitle(self.tr("Messagerie — famille %1").replace("%1", family_name))
        self.address = QLabel()
        self.address.setObjectName("messages_address")
        self.address.setWordWrap(True)
        self.table = rows_table([self.tr(c) for c in COLUMNS], "messages")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)  # a reason of failure is read whole, on two lines if need be
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selection)
        # No-break spaces inside the guillemets: they stay with their words.
        self.empty = QLabel(self.tr("Aucun e-mail envoyé à cette famille pour l'instant.\nPour lui envoyer une facture "
                                    "ou un avoir : onglet Facturation (Ctrl+6), choisissez le document,\npuis "
                                    "«\u00a0Envoyer par e-mail\u00a0»."))
        self.empty.setObjectName("messages_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #555; padding: 24px;")

        self.resend_button = QPushButton(self.tr("Renvoyer"))
        self.resend_button.setObjectName("resend_message")
        self.resend_button.setToolTip(self.tr("Remettre en file d'envoi le message en échec choisi (à l'adresse "
                                              "actuelle du dossier, si elle a été corrigée)"))
        self.resend_button.setEnabled(False)
        self.resend_button.clicked.connect(self.resend)
        self.detail = QLabel()
        self.detail.setObjectName("message_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions = QHBoxLayout()
        actions.addWidget(self.detail, 1)
        actions.addWidget(self.resend_button, 0, Qt.AlignmentFlag.AlignTop)

        self.message = ErrorLabel()
        self.message.setObjectName("messages_error")
        self.info = QLabel()
        self.info.setObjectName("messages_info")
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: #1b5e20;")
        close = close_buttons(self, self.tr("Fermer"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.address)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.info)
        layout.addWidget(close)
        fit_to_screen(self, 1020, 480)
        self.state.signals.changed.connect(self._on_changes)
        self.refresh()

    @qasync.asyncSlot()
    async def refresh(self) -> None:
        await self.reload()

    def _on_changes(self, changes) -> None:
        if any(change.entity in ("message", "family") for change in changes):
            self.refresh()

    async def reload(self) -> None:
        selected = self.selected()
        done = await ServiceOp(self.state, _family_messages, self.family_id).errors_to(self.message).run()
        if not done.ok:
            return
        self.rows, address = done.value
        if address:
            self.address.setText(self.tr("Les documents partent à %1.").replace("%1", address))
            self.address.setStyleSheet("")
        else:
            self.address.setText(self.tr("Ce dossier n'a pas d'adresse e-mail : ajoutez celle du responsable payeur "
                                         "(ou de la famille) dans le dossier pour lui envoyer ses documents."))
            self.address.setStyleSheet("color: #9a6700;")
        self.table.setRowCount(len(self.rows))
        for row, m in enumerate(self.rows):
            values = (f"{to_local(m.created_at):%d/%m/%Y %H:%M}", f"{m.kind_label} {m.document_number}", m.subject,
                      m.recipient, m.status_text)
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 4:
                    item.setForeground(QColor(STATE_COLOURS.get(m.state, "#000")))
                self.table.setItem(row, column, item)
        self.table.setColumnWidth(2, 230)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)
        self.resend_button.setVisible(bool(self.rows))
        if selected is not None:
            for row, m in enumerate(self.rows):
                if m.id == selected.id:
                    self.table.selectRow(row)
        self._on_selection()
        self.loaded.emit()

    def selected(self) -> MessageView | None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.rows):
            return self.rows[rows[0].row()]
        return None

    def _on_selection(self) -> None:
        m = self.selected()
        self.resend_button.setEnabled(m is not None and m.can_resend)
        if m is None:
            self.detail.setText(self.tr("Choisissez un message pour voir son état en entier.") if self.rows else "")
            return
        self.detail.setText(self.tr("%1 — Message-ID %2 — %3 essai(s)").replace("%1", m.status_text)
                            .replace("%2", m.message_id).replace("%3", str(m.attempts)))

    @qasync.asyncSlot()
    async def resend(self) -> None:
        m = self.selected()
        if m is None:
            return
        self.info.clear()
        done = await (ServiceOp(self.state, messages.resend_message, m.id).disabling(self.resend_button)
                      .errors_to(self.message).run())
        if not done.ok:
            return
        again = done.value
        await self.reload()
        self.info.setText(self.tr("Message remis en file d'envoi pour %1 : il part dès que le serveur de messagerie "
                                  "le prend.").replace("%1", again.recipient))
