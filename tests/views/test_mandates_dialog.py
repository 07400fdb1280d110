"""« Prélèvements… » of a dossier: a mandate recorded (the IBAN's message under its field first),
printed to sign, revoked with a reason."""

from __future__ import annotations

import datetime as dt

import pdfplumber
from PySide6.QtCore import Qt

from ems_desktop.services import families
from ems_desktop.views.mandates_dialog import MandatesDialog


def berthier(state):
    return families.create_family(state.context, families.FamilyInput(
        name="Berthier", address_line1="3 rue des Lilas", postal_code="73200", city="Albertville",
        guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", dt.date(2009, 2, 14)),)))


def test_a_mandate_recorded_printed_then_revoked(qtbot, app_state):
    family = berthier(app_state)
    dialog = MandatesDialog(app_state, family.id, "Berthier", "Claire Berthier")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.table.isVisible(), timeout=10_000)  # read: no mandate yet
    assert dialog.debtor.text() == "Claire Berthier" and not dialog.revoke_button.isEnabled()

    dialog.iban.setText("FR76 3000 6000 0112 3456 7890 188")
    dialog.iban.editingFinished.emit()  # left: checked at once
    assert dialog.fields["iban"].error.text() == ("L'IBAN est erroné : sa clé de contrôle ne correspond pas "
                                                  "(une faute de frappe ?).")
    dialog.iban.setText("FR76 3000 6000 0112 3456 7890 189")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.info.text().startswith("Mandat EMS-"), timeout=10_000)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "FR76 3000 6000 0112 3456 7890 189"
    assert dialog.table.item(0, 5).text() == "En vigueur (premier prélèvement à venir)"
    assert not dialog.record_button.isEnabled()  # one mandate in force

    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.info.text().startswith("Mandat à signer enregistré"), timeout=10_000)
    with pdfplumber.open(dialog.saved_path) as pdf:
        text = pdf.pages[0].extract_text()
    rum = dialog.rows[0].rum
    assert rum in text and "FR76 3000 6000 0112 3456 7890 189" in text and "Claire Berthier" in text
    assert "Identifiant créancier SEPA (ICS)" in text and "3 rue des Lilas" in text

    qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.reason_field.error.isHidden(), timeout=10_000)
    assert dialog.reason_field.error.text().startswith("Indiquez pourquoi le mandat est révoqué")
    dialog.reason.setText("Changement de banque")
    qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.info.text().startswith(f"Mandat {rum} révoqué"), timeout=10_000)
    assert dialog.table.item(0, 5).text().endswith(": Changement de banque")
    assert dialog.record_button.isEnabled()
