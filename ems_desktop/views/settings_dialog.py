"""The administrator's settings: the town and régie printed on documents, the counter, the hold
duration, the seasons' holiday zones (shared, in the database); the terminal and printers of this
counter (local)."""

from __future__ import annotations

import dataclasses

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ems_desktop import config
from ems_desktop.services import settings as settings_service
from ems_desktop.services.errors import ValidationFailed
from ems_desktop.views.app_state import AppState
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel, FieldWithError, show_errors


class SettingsDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("Paramètres"))
        self.setMinimumWidth(560)
        self.loaded: settings_service.SharedSettings | None = None
        self.fields: dict[str, FieldWithError] = {}

        field = self._field

        self.town_name, self.town_siret, self.town_logo = QLineEdit(), QLineEdit(), QLineEdit()
        self.town_address = QPlainTextEdit()
        self.town_address.setFixedHeight(60)
        self.regie_name = QLineEdit()
        town = QGroupBox(self.tr("Collectivité et régie (imprimées sur les documents)"))
        form = QFormLayout(town)
        form.addRow(self.tr("Collectivité"), field("town_name", self.town_name))
        form.addRow(self.tr("Adresse postale"), field("town_address", self.town_address))
        form.addRow(self.tr("SIRET"), field("town_siret", self.town_siret))
        form.addRow(self.tr("Logo (fichier PNG)"), field("town_logo", self.town_logo))
        form.addRow(self.tr("Régie de recettes"), field("regie_name", self.regie_name))

        self.counter_name, self.number_prefix = QLineEdit(), QLineEdit()
        self.hold_minutes = QSpinBox()
        self.hold_minutes.setRange(5, 24 * 60)
        self.hold_minutes.setSuffix(self.tr(" min"))
        self.zones: dict[str, QComboBox] = {}
        counter = QGroupBox(self.tr("Guichet et inscriptions"))
        self.counter_form = QFormLayout(counter)
        self.counter_form.addRow(self.tr("Nom du guichet"), field("counter_name", self.counter_name))
        self.counter_form.addRow(self.tr("Préfixe des numéros"), field("number_prefix", self.number_prefix))
        self.counter_form.addRow(self.tr("Réservation d'une inscription non payée"),
                                 field("hold_minutes", self.hold_minutes))

        local = self.state.local
        self.terminal_mode = QComboBox()
        self.terminal_mode.addItem(self.tr("TPE du guichet (Caisse-AP sur IP)"), config.TERMINAL_REAL)
        self.terminal_mode.addItem(self.tr("Simulateur de TPE (démonstration : aucun paiement réel)"),
                                   config.TERMINAL_SIMULATOR)
        self.terminal_mode.addItem(self.tr("Aucun TPE (simulateur sur la base de démonstration seulement)"),
                                   config.TERMINAL_NONE)
        self.terminal_mode.setCurrentIndex(self.terminal_mode.findData(local.get(config.TERMINAL_MODE)))
        self.terminal_host = QLineEdit(local.get(config.TERMINAL_HOST))
        self.terminal_host.setPlaceholderText(self.tr("ex. 192.168.1.50"))
        self.terminal_port = QLineEdit(str(local.get(config.TERMINAL_PORT)))
        self.terminal_now = QLabel(self.tr("En service : %1. Un changement de TPE prend effet au prochain "
                                           "démarrage de l'application.").replace("%1", self.state.terminal_label))
        self.terminal_now.setObjectName("terminal_now")
        self.terminal_now.setWordWrap(True)
        self.terminal_now.setStyleSheet("color: #555;")
        self.receipt_printer = QLineEdit(local.get(config.RECEIPT_PRINTER))
        self.receipt_printer.setPlaceholderText(self.tr("tcp://192.168.1.60:9100"))
        self.receipt_printer.setToolTip(self.tr("Imprimante réseau : tcp://adresse:9100 ; USB : usb:04b8:0202 "
                                                "(identifiants du fabricant et du modèle) ; vide : aucune"))
        devices = QGroupBox(self.tr("Ce poste : TPE et imprimante"))
        form = QFormLayout(devices)
        form.addRow(self.tr("TPE"), field("terminal_mode", self.terminal_mode))
        form.addRow(self.tr("Adresse du TPE"), field("terminal_host", self.terminal_host))
        form.addRow(self.tr("Port Caisse-AP"), field("terminal_port", self.terminal_port))
        form.addRow("", self.terminal_now)
        self.terminal_mode.currentIndexChanged.connect(self._on_terminal_mode)
        self._on_terminal_mode()
        # One line: the printer, its code page, « Page de test » (the dialog fits a 1366×768 screen).
        self.receipt_codepage = QComboBox()
        self.receipt_codepage.setObjectName("receipt_codepage")
        self.receipt_codepage.setToolTip(self.tr("Page de codes de l'imprimante de tickets : celle qui imprime les "
                                                 "accents et le signe € (voir « Page de test »)"))
        for codepage in config.RECEIPT_CODEPAGE.choices:
            self.receipt_codepage.addItem(codepage.replace("_", " ") + (
                "" if codepage in ("CP858", "CP1252", "ISO_8859-15") else self.tr(" (sans €)")), codepage)
        self.receipt_codepage.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.receipt_codepage.setCurrentIndex(
            max(0, self.receipt_codepage.findData(local.get(config.RECEIPT_CODEPAGE))))
        self.test_page_button = QPushButton(self.tr("Page de test"))
        self.test_page_button.setObjectName("test_page")
        self.test_page_button.clicked.connect(self.print_test_page)
        printer_row = QHBoxLayout()
        printer_row.setContentsMargins(0, 0, 0, 0)
        printer_row.addWidget(field("receipt_printer", self.receipt_printer), 1, Qt.AlignmentFlag.AlignTop)
        printer_row.addWidget(self.receipt_codepage, 0, Qt.AlignmentFlag.AlignTop)
        printer_row.addWidget(self.test_page_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("Imprimante de tickets"), printer_row)
        self.test_page_result = QLabel()
        self.test_page_result.setObjectName("test_page_result")
        self.test_page_result.setWordWrap(True)
        self.test_page_result.hide()
        form.addRow("", self.test_page_result)

        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for box in (town, counter, devices):
            layout.addWidget(box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.load()

    @qasync.asyncSlot()
    async def print_test_page(self) -> None:
        """« Page de test »: accents and € on the printer typed above, in the code page chosen, before
        anything is saved; what went wrong said under the button, in French."""
        from ems_desktop.printing import PrintingError, print_test_page
        from ems_desktop.views.printing_dialogs import in_print_thread

        self.fields["receipt_printer"].error.clear_message()
        address = self.receipt_printer.text().strip()
        problem = settings_service.local_problems("", "8888", address).get("receipt_printer")
        if not address or problem:
            self.fields["receipt_printer"].error.show_message(
                problem or self.tr("Indiquez d'abord l'imprimante de tickets (tcp://adresse:9100 ou usb:04b8:0202)."))
            return
        self.test_page_button.setEnabled(False)
        try:
            await in_print_thread(print_test_page, address, self.receipt_codepage.currentData())
        except PrintingError as failed:
            self._test_page_said(str(failed), error=True)
        else:
            self._test_page_said(self.tr("Page de test envoyée : vérifiez que les accents et le signe € sont bien "
                                         "imprimés, sinon choisissez une autre page de codes."), error=False)
        finally:
            self.test_page_button.setEnabled(True)

    def _test_page_said(self, text: str, *, error: bool) -> None:
        self.test_page_result.setStyleSheet("color: #b3261e;" if error else "color: #1b5e20;")
        self.test_page_result.setText(text)
        self.test_page_result.show()

    def _on_terminal_mode(self) -> None:
        real = self.terminal_mode.currentData() == config.TERMINAL_REAL
        self.terminal_host.setEnabled(real)
        self.terminal_port.setEnabled(real)

    def _local_problems(self) -> dict[str, str]:
        """This counter's terminal and printer: an address and port only for a real terminal."""
        real = self.terminal_mode.currentData() == config.TERMINAL_REAL
        host = self.terminal_host.text().strip()
        errors = settings_service.local_problems(host if real else "", self.terminal_port.text() if real else "8888",
                                                 self.receipt_printer.text())
        if real and (not host or "terminal_host" in errors):
            errors["terminal_host"] = self.tr("Indiquez l'adresse IP du TPE sur le réseau du guichet "
                                              "(ex. 192.168.1.50), telle que son menu Caisse-AP/IP l'affiche.")
        return errors

    def _field(self, key: str, widget: QWidget) -> FieldWithError:
        widget.setObjectName(key)
        self.fields[key] = FieldWithError(widget)
        return self.fields[key]

    @qasync.asyncSlot()
    async def load(self) -> None:
        data = await self.state.worker.run(settings_service.load_settings, self.state.context, self.state.counter.id)
        self.loaded = data
        self.town_name.setText(data.town_name)
        self.town_address.setPlainText(data.town_address)
        self.town_siret.setText(data.town_siret)
        self.town_logo.setText(data.town_logo)
        self.regie_name.setText(data.regie_name)
        self.counter_name.setText(data.counter_name)
        self.number_prefix.setText(data.number_prefix)
        self.number_prefix.setReadOnly(data.prefix_locked)
        if data.prefix_locked:
            self.number_prefix.setToolTip(self.tr("Ce guichet a déjà émis des factures : la série continue."))
        self.hold_minutes.setValue(data.hold_minutes)
        for label, zone in data.season_zones:
            combo = QComboBox()
            combo.addItems(["A", "B", "C"])
            combo.setCurrentText(zone)
            self.zones[label] = combo
            self.counter_form.addRow(self.tr("Zone de vacances %1").replace("%1", label),
                                     self._field(f"zone.{label}", combo))
        self.save_button.setEnabled(True)

    def collected(self) -> settings_service.SharedSettings:
        assert self.loaded is not None, "« Enregistrer » is enabled once the settings are read"
        return dataclasses.replace(
            self.loaded, town_name=self.town_name.text(), town_address=self.town_address.toPlainText(),
            town_siret=self.town_siret.text(), town_logo=self.town_logo.text(), regie_name=self.regie_name.text(),
            hold_minutes=self.hold_minutes.value(), counter_name=self.counter_name.text(),
            number_prefix=self.number_prefix.text(),
            season_zones=tuple((label, combo.currentText()) for label, combo in self.zones.items()),
        )

    @qasync.asyncSlot()
    async def _on_save(self) -> None:
        for f in self.fields.values():
            f.error.clear_message()
        self.error.clear_message()
        local_errors = self._local_problems()
        errors = {**settings_service.settings_problems(self.collected()), **local_errors}
        if errors:  # checked as typed, before anything is asked of the database
            show_errors(ValidationFailed(errors), {key: f.error for key, f in self.fields.items()}, self.error)
            self.adjustSize()  # room for the messages, none of them cut
            return
        done = await (ServiceOp(self.state, settings_service.save_settings, self.state.counter.id, self.collected())
                      .errors_to(self.error, {key: f.error for key, f in self.fields.items()}).run())
        if not done.ok:
            self.adjustSize()
            return
        local = self.state.local
        mode = self.terminal_mode.currentData()
        local.set(config.TERMINAL_MODE, mode)
        if mode == config.TERMINAL_REAL:  # otherwise the last address stays, for the day the terminal comes back
            local.set(config.TERMINAL_HOST, self.terminal_host.text().strip())
            local.set(config.TERMINAL_PORT, int(self.terminal_port.text()))
        local.set(config.RECEIPT_PRINTER, self.receipt_printer.text().strip())
        local.set(config.RECEIPT_CODEPAGE, self.receipt_codepage.currentData())
        local.save()
        self.accept()
