"""The terminal simulator's window, driven against a real simulator on loopback.

The asyncio loop is not running while Qt handles events: the test advances it by hand
(``run_until_complete``) between Qt steps, everything on one thread as under qasync.
"""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt

from ems_desktop.terminal.client import CaisseApIpTerminal, Outcome, TerminalRequest
from ems_desktop.terminal.simulator import TerminalSimulator
from ems_desktop.views.simulator_window import TerminalSimulatorWindow, card_display


@pytest.fixture
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture
def simulator(loop):
    simulator = TerminalSimulator()
    loop.run_until_complete(simulator.start())
    yield simulator
    loop.run_until_complete(simulator.stop())


def start_payment(loop, simulator, amount_cents: int) -> asyncio.Task:
    terminal = CaisseApIpTerminal("127.0.0.1", simulator.port, deadline_s=2.0)
    task = loop.create_task(terminal.transact(TerminalRequest(amount_cents, "debit", "WINDOW-1")))
    loop.run_until_complete(simulator.wait_for_request(2.0))
    return task


def test_shows_the_pending_amount_rejects_a_bad_number_then_accepts_a_card(qtbot, loop, simulator):
    window = TerminalSimulatorWindow(simulator)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "Simulateur de TPE"
    assert not window.abandon_button.isEnabled()

    task = start_payment(loop, simulator, 12000)
    qtbot.waitUntil(lambda: window.amount_label.text().startswith("120,00"))
    assert window.amount_label.text().endswith("€")
    assert window.abandon_button.isEnabled()

    window.card_field.setText("4970 1100 0000 1028")
    qtbot.mouseClick(window.present_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Luhn" in window.card_error.text())
    assert simulator.pending is not None and simulator.answers_sent == 0

    qtbot.mouseClick(window.card_buttons[0], Qt.MouseButton.LeftButton)
    result = loop.run_until_complete(task)
    assert result.outcome is Outcome.ACCEPTED
    qtbot.waitUntil(lambda: "497011######1029" in window.last_result_label.text())
    assert window.card_error.text() == ""
    assert window.amount_label.text() == "—"
    assert not window.card_buttons[0].isEnabled()


def test_abandon_button_ends_the_payment_as_abandoned(qtbot, loop, simulator):
    window = TerminalSimulatorWindow(simulator)
    qtbot.addWidget(window)
    task = start_payment(loop, simulator, 4500)
    qtbot.waitUntil(lambda: window.abandon_button.isEnabled())
    qtbot.mouseClick(window.abandon_button, Qt.MouseButton.LeftButton)
    assert loop.run_until_complete(task).outcome is Outcome.ABANDONED
    qtbot.waitUntil(lambda: "abandonné" in window.last_result_label.text())


def test_test_card_buttons_show_only_first_six_and_last_four(qtbot):
    window = TerminalSimulatorWindow(TerminalSimulator())
    qtbot.addWidget(window)
    assert window.state_label.text() == "Simulateur arrêté"
    assert card_display("4970110000001029") == "4970 11•• •••• 1029"
    labels = [button.text() for button in window.card_buttons]
    assert labels[0] == "Carte CB acceptée 4970 11•• •••• 1029"
    assert all("0000" not in label for label in labels)


def test_a_refund_is_called_a_refund_on_the_terminal(qtbot, loop, simulator):
    window = TerminalSimulatorWindow(simulator)
    qtbot.addWidget(window)
    terminal = CaisseApIpTerminal("127.0.0.1", simulator.port, deadline_s=2.0)
    task = loop.create_task(terminal.transact(TerminalRequest(4000, "refund", "WINDOW-2")))
    loop.run_until_complete(simulator.wait_for_request(2.0))
    qtbot.waitUntil(lambda: window.amount_label.text().startswith("40,00"))
    assert window.kind_label.text() == "Remboursement"
    assert window.state_label.text() == "Remboursement en attente : présentez la carte"
    assert "Paiement" not in window.state_label.text()
    qtbot.mouseClick(window.card_buttons[0], Qt.MouseButton.LeftButton)
    assert loop.run_until_complete(task).outcome is Outcome.ACCEPTED
    qtbot.waitUntil(lambda: window.last_result_label.text() != "")
    assert window.last_result_label.text() == "Dernière opération : Remboursement accepté, carte 497011######1029"
