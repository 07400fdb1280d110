"""The Accueil tab: payments to check and settled from here, holds about to expire, the terminal."""

from __future__ import annotations

import asyncio
import datetime as dt

from PySide6.QtCore import Qt

from ems_desktop.services import card_payments as cp
from ems_desktop.services import cash
from ems_desktop.terminal.client import Outcome
from ems_desktop.terminal.fake import FakeTerminal
from ems_desktop.views.accueil_tab import AccueilTab
from tests.views.test_caisse_tab import enrolled, seeded, simulator  # noqa: F401


def test_a_payment_in_doubt_is_settled_from_the_accueil(qtbot, seeded):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    runner = cp.CardPaymentRunner(state.context, FakeTerminal(default=Outcome.IN_DOUBT), state.worker.run)
    task = asyncio.ensure_future(runner.charge(family.id, cp.lines_key(ids), 12000, lines=ids))
    qtbot.waitUntil(task.done)
    assert task.result().in_doubt
    tab = AccueilTab(state)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.attempts_table.rowCount() == 1)
    assert tab.attempts_table.item(0, 1).text() == "Berthier"
    assert tab.attempts_table.item(0, 2).text() == "120,00\xa0€"
    tab.attempts_table.cellWidget(0, 4).click()
    qtbot.waitUntil(lambda: getattr(tab, "settle_dialog", None) is not None and tab.settle_dialog.isVisible())
    dialog = tab.settle_dialog
    dialog.accepted_radio.setChecked(True)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.authorisation_field.error.isVisible())
    assert dialog.authorisation_field.error.text() == "Saisissez le numéro d'autorisation imprimé sur le ticket du terminal."
    dialog.authorisation.setText("654321")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "Paiement enregistré : facture A01-F000001" in tab.message.text())
    qtbot.waitUntil(lambda: tab.attempts_table.rowCount() == 0 and tab.attempts_empty.isVisible())


def test_holds_about_to_expire_and_terminal_state(qtbot, seeded, simulator):
    state, family, ids = seeded
    state.context.clock.advance(minutes=100)  # the seed's holds end in 20 minutes
    tab = AccueilTab(state)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.holds_table.rowCount() == 3)
    assert tab.holds_table.item(0, 0).text().endswith("(20 min)")
    assert tab.holds_table.item(0, 2).text() == "Lise-Roxelane Berthier"
    qtbot.waitUntil(lambda: tab.terminal_ok is True)
    assert tab.terminal_label.text() == f"● Le terminal répond — 127.0.0.1:{simulator.port}"
    assert "Aucune session de caisse ouverte" in tab.session_label.text()
