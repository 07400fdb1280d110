"""Fichier › Paramètres, this counter's receipt printer: its code page chosen and kept, and
« Page de test » printing accents and € on the printer typed, or saying in French why it cannot."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ems_desktop import config
from ems_desktop.local_settings import LocalSettings
from ems_desktop.printing import receipt  # not its test_page_bytes by name: pytest would collect it
from ems_desktop.views.settings_dialog import SettingsDialog
from tests.network_printer import NetworkPrinter


def open_settings(qtbot, state) -> SettingsDialog:
    dialog = SettingsDialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    return dialog


def test_the_test_page_in_the_chosen_code_page_then_the_choice_is_kept(qtbot, app_state):
    dialog = open_settings(qtbot, app_state)
    assert dialog.receipt_codepage.currentData() == "CP858"
    assert [dialog.receipt_codepage.itemText(i) for i in range(dialog.receipt_codepage.count())] == [
        "CP858", "CP1252", "ISO 8859-15", "CP850 (sans €)", "CP437 (sans €)"]
    printer = NetworkPrinter()
    dialog.receipt_printer.setText(printer.address)
    dialog.receipt_codepage.setCurrentIndex(dialog.receipt_codepage.findData("CP1252"))
    qtbot.mouseClick(dialog.test_page_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_page_result.isVisible(), timeout=10_000)
    assert dialog.test_page_result.text().startswith("Page de test envoyée : vérifiez que les accents")
    assert printer.printed() == receipt.test_page_bytes("CP1252")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == SettingsDialog.DialogCode.Accepted, timeout=10_000)
    saved = LocalSettings(app_state.local.path)
    assert (saved.get(config.RECEIPT_PRINTER), saved.get(config.RECEIPT_CODEPAGE)) == (printer.address, "CP1252")


def test_the_test_page_says_what_is_missing(qtbot, app_state):
    dialog = open_settings(qtbot, app_state)
    dialog.receipt_printer.setText("")
    error = dialog.fields["receipt_printer"].error
    qtbot.mouseClick(dialog.test_page_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error.text() == (
        "Indiquez d'abord l'imprimante de tickets (tcp://adresse:9100 ou usb:04b8:0202)."), timeout=10_000)
    dialog.receipt_printer.setText("imprimante du hall")
    qtbot.mouseClick(dialog.test_page_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error.text() == "Imprimante : tcp://adresse:9100 ou usb:04b8:0202 (vide : aucune).",
                    timeout=10_000)
    # A USB printer on a counter without pyusb, or without the printer: said under the button.
    dialog.receipt_printer.setText("usb:04b8:0202")
    qtbot.mouseClick(dialog.test_page_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_page_result.isVisible(), timeout=10_000)
    assert dialog.test_page_result.text().startswith(
        "Impossible d'imprimer la page de test sur l'imprimante usb:04b8:0202 : ")
