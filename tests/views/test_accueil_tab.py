"""The Accueil tab: payments to check and settled from here, holds about to expire, the terminal."""

from __future__ import annotations

import asyncio

from ems_desktop.services import card_payments as cp, cash
from ems_desktop.terminal.client import Outcome
from ems_desktop.terminal.fake import FakeTerminal
from ems_desktop.views.accueil_tab import AccueilTab


def open_accueil(qtbot, state, table: str, rows: int) -> AccueilTab:
    """The Accueil tab shown, once its ``table`` lists ``rows`` rows."""
    tab = AccueilTab(state)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: getattr(tab, table).rowCount() == rows)
    return tab


def test_a_payment_in_doubt_is_settled_from_the_accueil(qtbot, seeded):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    runner = cp.CardPaymentRunner(state.context, FakeTerminal(default=Outcome.IN_DOUBT), state.worker.run)
    task = asyncio.ensure_future(runner.charge(family.id, cp.lines_key(ids), 12000, lines=ids))
    qtbot.waitUntil(task.done)
    assert task.result().in_doubt
    tab = open_accueil(qtbot, state, "attempts_table", 1)
    assert tab.attempts_table.item(0, 1).text() == "Berthier"
    assert tab.attempts_table.item(0, 2).text() == "120,00\xa0€"
    tab.attempts_table.cellWidget(0, 4).click()
    qtbot.waitUntil(lambda: getattr(tab, "settle_dialog", None) is not None and tab.settle_dialog.isVisible())
    dialog = tab.settle_dialog
    dialog.accepted_radio.setChecked(True)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.authorisation_field.error.isVisible())
    assert dialog.authorisation_field.error.text() == (
        "Saisissez le numéro d'autorisation imprimé sur le ticket du terminal.")
    dialog.authorisation.setText("654321")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.ticket_time_field.error.isVisible())
    assert dialog.ticket_time_field.error.text() == "Saisissez l'heure imprimée sur le ticket du terminal (hh:mm)."
    from tests.helpers import ticket_time_of
    dialog.ticket_time.setText(ticket_time_of(state.context, dialog.attempt.id))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "Paiement enregistré : facture A01-F000001" in tab.message.text())
    qtbot.waitUntil(lambda: tab.attempts_table.rowCount() == 0 and tab.attempts_empty.isVisible())


def test_holds_about_to_expire_and_terminal_state(qtbot, seeded, simulator):
    state, family, ids = seeded
    state.context.clock.advance(minutes=100)  # the seed's holds end in 20 minutes
    tab = open_accueil(qtbot, state, "holds_table", 3)
    assert tab.holds_table.item(0, 0).text().endswith("(20 min)")
    assert tab.holds_table.item(0, 2).text() == "Lise-Roxelane Berthier"
    qtbot.waitUntil(lambda: tab.terminal_ok is True)
    assert tab.terminal_label.text() == f"● Le terminal répond — 127.0.0.1:{simulator.port}"
    assert "Aucune session de caisse ouverte" in tab.session_label.text()


def test_a_card_refund_accepted_but_not_recorded_is_recorded_from_the_accueil(qtbot, seeded):
    """The application stopped after the terminal gave the money back: the Accueil lists the
    refund, records it with one click, once."""
    import uuid

    from ems_desktop.services import checkout, corrections
    from ems_desktop.services.checkout import Tender

    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    charge = cp.CardPaymentRunner(state.context, FakeTerminal(), state.worker.run)
    task = asyncio.ensure_future(charge.charge(family.id, cp.lines_key(ids), 12000, lines=ids))
    qtbot.waitUntil(task.done)
    checkout.checkout_enrollments(state.context, uuid.uuid4(), family.id, ids,
                                  [Tender("card", 12000, card_attempt_id=task.result().id)])
    phase1 = corrections.cancel_paid_enrollment(state.context, ids[0], reason="Départ", refund_mode="card")
    sent = asyncio.ensure_future(charge.send(phase1.refund_attempt_id))
    qtbot.waitUntil(sent.done)
    assert sent.result().accepted  # ... and the application stops here

    tab = open_accueil(qtbot, state, "attempts_table", 1)
    assert tab.attempts_table.item(0, 2).text() == "-40,00\xa0€"
    assert tab.attempts_table.item(0, 3).text() == "remboursement accepté, à enregistrer"
    assert tab.attempts_table.cellWidget(0, 4).text() == "Enregistrer le remboursement"
    tab.attempts_table.cellWidget(0, 4).click()
    qtbot.waitUntil(lambda: "Remboursement enregistré : 40,00\xa0€ rendus sur la carte (avoir A01-AV000001)."
                    in tab.message.text())
    qtbot.waitUntil(lambda: tab.attempts_table.rowCount() == 0)
    assert cash.current_cash_session(state.context).total("card").amount_cents == 8000
