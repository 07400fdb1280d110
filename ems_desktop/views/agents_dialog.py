"""Fichier › Agents… (administrateurs): the accounts of the office — create, rename, give roles,
deactivate (never delete: the history keeps the name), reset a password (to change at the next
log-in), unlock after too many failures. And the dialog where an agent changes their password."""

from __future__ import annotations

import qasync
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ems_desktop.services import agents, permissions
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.views.app_state import AppState
from ems_desktop.views.async_tools import dialog_result
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel, FieldWithError, action_buttons, rows_table, show_errors

ROLE_LABELS = {permissions.AGENT: "Agent d'accueil", permissions.REGISSEUR: "Régisseur",
               permissions.ADMINISTRATEUR: "Administrateur"}


class AgentEditDialog(QDialog):
    """A new agent (login and password), or an existing one (name, roles, active)."""

    def __init__(self, state: AppState, row: agents.AgentRow | None = None, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.row = row
        self.setWindowTitle(self.tr("Nouvel agent") if row is None
                            else self.tr("Modifier l'agent %1").replace("%1", row.login))
        self.login_edit = QLineEdit()
        self.login_edit.setPlaceholderText(self.tr("ex. c.martin"))
        self.name_edit = QLineEdit(row.display_name if row else "")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("10 caractères au moins, ex. vélo-rouge-lundi"))
        self.role_boxes = {role: QCheckBox(self.tr(label)) for role, label in ROLE_LABELS.items()}
        for role, box in self.role_boxes.items():
            box.setChecked(role in (row.roles if row else (permissions.AGENT,)))
        self.active_box = QCheckBox(self.tr("Compte actif (décochez pour désactiver : l'historique garde son nom)"))
        self.active_box.setChecked(row.active if row else True)
        self.fields = {"login": FieldWithError(self.login_edit), "display_name": FieldWithError(self.name_edit),
                       "password": FieldWithError(self.password_edit)}
        roles_row = QHBoxLayout()
        for box in self.role_boxes.values():
            roles_row.addWidget(box)
        self.roles_error = ErrorLabel()
        self.error = ErrorLabel()
        form = QFormLayout()
        if row is None:
            form.addRow(self.tr("Identifiant"), self.fields["login"])
        form.addRow(self.tr("Nom affiché"), self.fields["display_name"])
        if row is None:
            form.addRow(self.tr("Mot de passe provisoire"), self.fields["password"])
        form.addRow(self.tr("Rôles"), roles_row)
        form.addRow("", self.roles_error)
        if row is not None:
            form.addRow("", self.active_box)
        buttons, self.ok_button = action_buttons(self, self.tr("Enregistrer"), self._on_ok, self.tr("Annuler"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def roles(self) -> list[str]:
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    @qasync.asyncSlot()
    async def _on_ok(self) -> None:
        fields = {key: f.error for key, f in self.fields.items()} | {"roles": self.roles_error}
        if self.row is None:
            op = ServiceOp(self.state, agents.create_agent, login=self.login_edit.text(),
                           display_name=self.name_edit.text(), password=self.password_edit.text(), roles=self.roles())
        else:
            op = ServiceOp(self.state, agents.update_agent, self.row.id, display_name=self.name_edit.text(),
                           roles=self.roles(), active=self.active_box.isChecked())
        if (await op.disabling(self.ok_button).errors_to(self.error, fields).run()).ok:
            self.accept()


class ResetPasswordDialog(QDialog):
    def __init__(self, state: AppState, row: agents.AgentRow, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.row = row
        self.setWindowTitle(self.tr("Nouveau mot de passe pour %1").replace("%1", row.display_name))
        intro = QLabel(self.tr("Donnez à l'agent un mot de passe provisoire : il devra en choisir un autre à sa "
                               "prochaine connexion. Le compte est aussi débloqué."))
        intro.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_field = FieldWithError(self.password_edit)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Mot de passe provisoire"), self.password_field)
        buttons, self.ok_button = action_buttons(self, self.tr("Enregistrer"), self._on_ok, self.tr("Annuler"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    @qasync.asyncSlot()
    async def _on_ok(self) -> None:
        done = await (ServiceOp(self.state, agents.reset_password, self.row.id, self.password_edit.text())
                      .disabling(self.ok_button).errors_to(self.error, {"password": self.password_field.error}).run())
        if done.ok:
            self.accept()


class AgentsDialog(QDialog):
    COLUMNS = ("Identifiant", "Nom", "Rôles", "État")

    def __init__(self, state: AppState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[agents.AgentRow] = []
        self.setWindowTitle(self.tr("Agents du service"))
        self.table = rows_table([self.tr(c) for c in self.COLUMNS], "agents_table")
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.new_button = QPushButton(self.tr("Nouvel agent…"))
        self.new_button.clicked.connect(self.create)
        self.edit_button = QPushButton(self.tr("Modifier…"))
        self.edit_button.clicked.connect(self.edit)
        self.reset_button = QPushButton(self.tr("Nouveau mot de passe…"))
        self.reset_button.clicked.connect(self.reset)
        self.unlock_button = QPushButton(self.tr("Débloquer"))
        self.unlock_button.clicked.connect(self.unlock)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.error = ErrorLabel()
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.reset_button, self.unlock_button):
            actions.addWidget(button)
        actions.addStretch(1)
        close = QPushButton(self.tr("Fermer"))
        close.clicked.connect(self.accept)
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Un agent n'est jamais supprimé : désactivez-le, son nom reste dans "
                                        "l'historique. Les rôles comptent aussitôt, sur tous les guichets.")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        layout.addLayout(actions)
        self.resize(820, 460)
        self._selection_changed()
        self.refresh()

    def selected(self) -> agents.AgentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        row = self.selected()
        for button in (self.edit_button, self.reset_button):
            button.setEnabled(row is not None)
        self.unlock_button.setEnabled(row is not None and row.locked)

    @qasync.asyncSlot()
    async def refresh(self) -> None:
        done = await ServiceOp(self.state, agents.list_agents).errors_to(self.error).run()
        if not done.ok:
            return
        self.rows = done.value
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            state = (self.tr("verrouillé (trop d'essais)") if row.locked else
                     self.tr("actif") if row.active else self.tr("désactivé"))
            if row.must_change_password:
                state += self.tr(", mot de passe à changer")
            values = (row.login, row.display_name, ", ".join(self.tr(ROLE_LABELS[r]) for r in row.roles), state)
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self._selection_changed()

    @qasync.asyncSlot()
    async def create(self) -> None:
        dialog = AgentEditDialog(self.state, None, self)
        self.edit_dialog = dialog
        if await dialog_result(dialog) == QDialog.DialogCode.Accepted:
            self.message.setText(self.tr("Agent créé : il devra utiliser le mot de passe provisoire donné."))
            await self.refresh()

    @qasync.asyncSlot()
    async def edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = AgentEditDialog(self.state, row, self)
        self.edit_dialog = dialog
        if await dialog_result(dialog) == QDialog.DialogCode.Accepted:
            self.message.setText(self.tr("Agent %1 enregistré.").replace("%1", row.login))
            await self.refresh()

    @qasync.asyncSlot()
    async def reset(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ResetPasswordDialog(self.state, row, self)
        self.reset_dialog = dialog
        if await dialog_result(dialog) == QDialog.DialogCode.Accepted:
            self.message.setText(self.tr("Mot de passe provisoire enregistré pour %1 : à changer à sa prochaine "
                                         "connexion.").replace("%1", row.login))
            await self.refresh()

    @qasync.asyncSlot()
    async def unlock(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not (await ServiceOp(self.state, agents.unlock_agent, row.id).disabling(self.unlock_button)
                .errors_to(self.error).run()).ok:
            return
        self.message.setText(self.tr("Compte %1 débloqué.").replace("%1", row.login))
        await self.refresh()


class ChangePasswordDialog(QDialog):
    """The agent chooses a new password (required after an administrator's reset)."""

    def __init__(self, change, intro: str = "", parent=None) -> None:
        """``change(current, new, confirmation)``: an awaitable calling agents.change_own_password."""
        super().__init__(parent)
        self._change = change
        self.setWindowTitle(self.tr("Choisir un nouveau mot de passe"))
        text = QLabel(intro or self.tr("Votre mot de passe est provisoire : choisissez-en un nouveau."))
        text.setWordWrap(True)
        self.edits = {key: QLineEdit() for key in ("current_password", "new_password", "confirmation")}
        for edit in self.edits.values():
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edits["new_password"].setPlaceholderText(self.tr("10 caractères au moins, ex. vélo-rouge-lundi"))
        self.fields = {key: FieldWithError(edit) for key, edit in self.edits.items()}
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Mot de passe actuel"), self.fields["current_password"])
        form.addRow(self.tr("Nouveau mot de passe"), self.fields["new_password"])
        form.addRow(self.tr("Confirmation"), self.fields["confirmation"])
        buttons, self.ok_button = action_buttons(self, self.tr("Enregistrer"), self._on_ok, self.tr("Annuler"))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    @qasync.asyncSlot()
    async def _on_ok(self) -> None:
        for label in (*(f.error for f in self.fields.values()), self.error):
            label.clear_message()
        try:
            await self._change(self.edits["current_password"].text(), self.edits["new_password"].text(),
                               self.edits["confirmation"].text())
        except ValidationFailed as invalid:
            show_errors(invalid, {k: f.error for k, f in self.fields.items()}, self.error)
            return
        except DomainError as refused:
            self.error.show_message(refused.message)
            return
        self.accept()
