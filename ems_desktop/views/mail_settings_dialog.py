"""Fichier › Messagerie (e-mails)… (administrateurs): the town's SMTP server and the texts of the
e-mails to families — invoice, credit note, reminder — with their placeholders. The server and the
texts are shared by every counter (services/mail_settings.py checks them, the role included);
the account's password is kept on this counter only (its private settings file)."""

from __future__ import annotations

import dataclasses

import qasync
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ems_desktop import config
from ems_desktop.models import MessageKind
from ems_desktop.services import mail_settings
from ems_desktop.services.errors import ValidationFailed
from ems_desktop.services.mail_settings import MailSettings, Template
from ems_desktop.views.app_state import AppState
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel, FieldWithError, fit_to_screen

TAB_TITLES = {MessageKind.INVOICE: "Facture", MessageKind.CREDIT_NOTE: "Avoir", MessageKind.REMINDER: "Relance"}


class MailSettingsDialog(QDialog):
    # The sender's address field keeps the name the tests reach it by, over QObject.sender(), which
    # this dialog never calls.
    sender: QLineEdit  # type: ignore[assignment]  # shadows QObject.sender() on purpose (see above)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.loaded: MailSettings | None = None
        self.fields: dict[str, FieldWithError] = {}
        self.setObjectName("mail_settings_dialog")
        self.setWindowTitle(self.tr("Messagerie (e-mails aux familles)"))

        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("ex. smtp.ville-albertville.fr (vide : pas d'envoi)"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.starttls = QCheckBox(self.tr("Connexion chiffrée (STARTTLS)"))
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("vide : serveur sans authentification"))
        self.password = QLineEdit(state.local.get(config.SMTP_PASSWORD))
        self.password.setObjectName("smtp_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("gardé sur ce poste seulement"))
        self.sender = QLineEdit()
        self.sender.setPlaceholderText(self.tr("ex. ems@ville-albertville.fr"))
        server = QGroupBox(self.tr("Serveur d'envoi de la ville (SMTP)"))
        form = QFormLayout(server)
        form.addRow(self.tr("Serveur"), self._field("smtp_host", self.host))
        form.addRow(self.tr("Port"), self._field("smtp_port", self.port))
        form.addRow("", self.starttls)
        form.addRow(self.tr("Compte"), self._field("smtp_user", self.user))
        form.addRow(self.tr("Mot de passe"), self._field("smtp_password", self.password))
        form.addRow(self.tr("Adresse d'expédition"), self._field("sender", self.sender))

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mail_templates")
        self.subjects: dict[str, QLineEdit] = {}
        self.bodies: dict[str, QPlainTextEdit] = {}
        for kind in MessageKind.ALL:
            page = QWidget()
            page_form = QFormLayout(page)
            subject, body = QLineEdit(), QPlainTextEdit()
            body.setMinimumHeight(130)
            self.subjects[kind], self.bodies[kind] = subject, body
            page_form.addRow(self.tr("Objet"), self._field(f"{kind}.subject", subject))
            page_form.addRow(self.tr("Texte"), self._field(f"{kind}.body", body))
            hint = QLabel(self.tr("Champs remplacés à l'envoi : %1. Le document est joint en PDF.")
                          .replace("%1", mail_settings.placeholders_text(kind)))
            hint.setObjectName(f"{kind}.hint")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            page_form.addRow("", hint)
            self.tabs.addTab(page, self.tr(TAB_TITLES[kind]))
            subject.editingFinished.connect(lambda kind=kind: self._check_template(kind))
        templates = QGroupBox(self.tr("Textes des e-mails"))
        QVBoxLayout(templates).addWidget(self.tabs)

        self.error = ErrorLabel()
        self.error.setObjectName("mail_settings_error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.save_button.setEnabled(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(server)
        layout.addWidget(templates, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 700)
        self.load()

    def _field(self, key: str, widget: QWidget) -> FieldWithError:
        widget.setObjectName(widget.objectName() or key)
        self.fields[key] = FieldWithError(widget)
        return self.fields[key]

    @qasync.asyncSlot()
    async def load(self) -> None:
        done = await ServiceOp(self.state, mail_settings.load_mail_settings).errors_to(self.error).run()
        if not done.ok:
            return
        self.loaded = data = done.value
        self.host.setText(data.smtp_host)
        self.port.setValue(data.smtp_port)
        self.starttls.setChecked(data.smtp_starttls)
        self.user.setText(data.smtp_user)
        self.sender.setText(data.sender)
        for kind, template in data.templates.items():
            self.subjects[kind].setText(template.subject)
            self.bodies[kind].setPlainText(template.body)
        self.save_button.setEnabled(True)

    def collected(self) -> MailSettings:
        assert self.loaded is not None  # collected once the settings were read (load)
        return dataclasses.replace(
            self.loaded, smtp_host=self.host.text(), smtp_port=self.port.value(),
            smtp_starttls=self.starttls.isChecked(), smtp_user=self.user.text(), sender=self.sender.text(),
            templates={kind: Template(self.subjects[kind].text(), self.bodies[kind].toPlainText())
                       for kind in MessageKind.ALL})

    def _check_template(self, kind: str) -> None:
        if self.loaded is None:
            return
        errors = mail_settings.template_problems(kind, self.collected().templates[kind])
        self.fields[f"{kind}.subject"].error.show_message(errors.get(f"{kind}.subject", ""))

    @qasync.asyncSlot()
    async def save(self) -> None:
        if self.loaded is None:
            return
        done = await (ServiceOp(self.state, mail_settings.save_mail_settings, self.collected())
                      .disabling(self.save_button)
                      .errors_to(self.error, {k: f.error for k, f in self.fields.items()}).run())
        if isinstance(done.error, ValidationFailed):
            for index, kind in enumerate(MessageKind.ALL):  # the first template with a message is shown
                if any(key.startswith(f"{kind}.") for key in done.error.errors):
                    self.tabs.setCurrentIndex(index)
                    break
        if not done.ok:
            return
        local = self.state.local
        local.set(config.SMTP_PASSWORD, self.password.text())
        local.save()
        if self.state.mailer is not None:
            self.state.mailer.wake()  # the new server or password counts at once
        self.accept()
