"""The log-in dialog, and the first-run dialog that creates the counter and its administrator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import qasync
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ems_desktop.services.agents import AgentView, CounterView
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.views.widgets import ErrorLabel, FieldWithError


class LoginDialog(QDialog):
    """Agent + password. A wrong password is refused with one clear message and nothing else."""

    def __init__(self, *, authenticate: Callable[[str, str], Awaitable[AgentView]], counters: list[CounterView],
                 preferred_counter_id: str = "", last_login: str = "", database_label: str = "", hint: str = "",
                 parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("EMS Desktop — Connexion"))
        self._authenticate = authenticate
        self.agent: AgentView | None = None
        self.counter: CounterView | None = None

        self.login_edit = QLineEdit(last_login)
        self.login_edit.setObjectName("login")
        self.login_edit.setPlaceholderText(self.tr("ex. c.martin"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.counter_combo = QComboBox()
        for counter in counters:
            self.counter_combo.addItem(f"{counter.name} ({counter.number_prefix})", counter)
            if str(counter.id) == preferred_counter_id:
                self.counter_combo.setCurrentIndex(self.counter_combo.count() - 1)
        self.error = ErrorLabel()
        self.error.setObjectName("login_error")

        form = QFormLayout()
        form.addRow(self.tr("Identifiant"), self.login_edit)
        form.addRow(self.tr("Mot de passe"), self.password_edit)
        if len(counters) > 1:
            form.addRow(self.tr("Guichet"), self.counter_combo)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("Se connecter"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("connect")
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("Quitter"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._on_connect)
        self.buttons.rejected.connect(self.reject)

        title = QLabel(self.tr("<b>École Municipale des Sports</b><br>Connectez-vous pour ouvrir le guichet."))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setObjectName("login_hint")
            hint_label.setStyleSheet("background: #fff8e1; border: 1px solid #f0d98c; padding: 6px;")
            hint_label.setWordWrap(True)
            layout.addWidget(hint_label)
        if database_label:
            where = QLabel(self.tr("Base : %1").replace("%1", database_label))
            where.setStyleSheet("color: #666;")
            where.setWordWrap(True)
            layout.addWidget(where)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.password_edit if last_login else self.login_edit).setFocus()

    @qasync.asyncSlot()
    async def _on_connect(self) -> None:
        self.error.clear_message()
        if not self.login_edit.text().strip():
            self.error.show_message(self.tr("Saisissez votre identifiant."))
            self.login_edit.setFocus()
            return
        self.ok_button.setEnabled(False)
        try:
            self.agent = await self._authenticate(self.login_edit.text(), self.password_edit.text())
        except DomainError as refused:
            self.error.show_message(refused.message)
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        finally:
            self.ok_button.setEnabled(True)
        self.counter = self.counter_combo.currentData()
        self.accept()


class FirstRunDialog(QDialog):
    """First start on an empty database: name the counter and create the administrator."""

    FIELDS = ("counter_name", "number_prefix", "display_name", "login", "password", "password_confirmation")

    def __init__(self, *, setup: Callable[..., Awaitable[tuple[AgentView, CounterView]]], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("EMS Desktop — Premier démarrage"))
        self._setup = setup
        self.agent: AgentView | None = None
        self.counter: CounterView | None = None
        self.edits: dict[str, QLineEdit] = {}
        self.fields: dict[str, FieldWithError] = {}
        labels = {
            "counter_name": (self.tr("Nom du guichet"), self.tr("ex. Accueil Hôtel de Ville"), ""),
            "number_prefix": (self.tr("Préfixe des numéros"), self.tr("ex. A01"), "A01"),
            "display_name": (self.tr("Votre nom"), self.tr("ex. Claire Martin"), ""),
            "login": (self.tr("Identifiant"), self.tr("ex. c.martin"), ""),
            "password": (self.tr("Mot de passe"), self.tr("8 caractères au moins"), ""),
            "password_confirmation": (self.tr("Confirmation"), "", ""),
        }
        form = QFormLayout()
        for key in self.FIELDS:
            label, placeholder, value = labels[key]
            edit = QLineEdit(value)
            edit.setObjectName(key)
            edit.setPlaceholderText(placeholder)
            if key.startswith("password"):
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.edits[key] = edit
            self.fields[key] = FieldWithError(edit)
            form.addRow(label, self.fields[key])
        self.error = ErrorLabel()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("Créer et ouvrir le guichet"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("create")
        buttons.addButton(self.tr("Quitter"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_create)
        buttons.rejected.connect(self.reject)
        intro = QLabel(self.tr(
            "<b>Bienvenue.</b> Cette base est vide : nommez ce guichet et créez le compte "
            "administrateur. Le préfixe distingue les numéros de facture de ce guichet."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    @qasync.asyncSlot()
    async def _on_create(self) -> None:
        for field in self.fields.values():
            field.error.clear_message()
        self.error.clear_message()
        values = {k: e.text() for k, e in self.edits.items()}
        self.ok_button.setEnabled(False)
        try:
            self.agent, self.counter = await self._setup(
                counter_name=values["counter_name"], number_prefix=values["number_prefix"],
                display_name=values["display_name"], login=values["login"], password=values["password"],
                confirmation=values["password_confirmation"])
        except ValidationFailed as invalid:
            for key, message in invalid.errors.items():
                if key in self.fields:
                    self.fields[key].error.show_message(message)
                else:
                    self.error.show_message(message)
            first = next((k for k in self.FIELDS if k in invalid.errors), None)
            if first:
                self.edits[first].setFocus()
            return
        except DomainError as refused:
            self.error.show_message(refused.message)
            return
        finally:
            self.ok_button.setEnabled(True)
        self.accept()
