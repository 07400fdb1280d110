"""Which terminal a counter uses, and why production never runs on the simulator: a real terminal
when this counter's settings say "tpe"; the simulator on the demonstration database, or when they
say "simulateur" — and then no card payment goes through it outside the demonstration database;
otherwise no terminal, and the Caisse and the correction dialog say the card is off, and why."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from ems_desktop import config
from ems_desktop.local_settings import LocalSettings
from ems_desktop.models import CardAttempt, CreditNote, Setting
from ems_desktop.services import card_payments as cp, cash, checkout
from ems_desktop.services.checkout import Tender
from ems_desktop.services.settings import DEMO_MARKER, is_demo_database
from ems_desktop.terminal.client import CaisseApIpTerminal
from ems_desktop.terminal.fake import FakeTerminal
from ems_desktop.views.application import start_terminal
from ems_desktop.views.correction_dialog import CorrectionDialog
from ems_desktop.views.settings_dialog import SettingsDialog
from tests.views.caisse_helpers import counts, open_tab

NO_TPE = ("Aucun TPE n'est configuré pour ce guichet (Fichier › Paramètres) : encaissez en espèces, chèque ou "
          "chèques vacances.")
NO_TPE_REFUND = ("Aucun TPE n'est configuré pour ce guichet (Fichier › Paramètres) : pas de remboursement sur la "
                 "carte ; remboursez en espèces ou par chèque, ou gardez l'avoir sur le compte famille.")
ACCEPTED_CARD = "4970110000001029"


def attempts(ctx) -> int:
    with ctx.reading() as s:
        return s.scalar(select(func.count()).select_from(CardAttempt))


def run(qtbot, coroutine):
    task = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(task.done, timeout=10_000)
    return task.result()


def pay_by_card(qtbot, state, family, ids) -> None:
    """Paid by card earlier (through a real terminal, here a fake one)."""
    runner = cp.CardPaymentRunner(state.context, FakeTerminal(), state.worker.run)
    attempt = run(qtbot, runner.charge(family.id, cp.lines_key(ids), 12000, lines=ids))
    checkout.checkout_enrollments(state.context, uuid.uuid4(), family.id, ids,
                                  [Tender("card", 12000, card_attempt_id=attempt.id)])


def open_correction(qtbot, state, family) -> CorrectionDialog:
    dialog = CorrectionDialog(state, family.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.enrollment_combo.count() == 3)
    return dialog


def credit_notes(ctx) -> int:
    with ctx.reading() as s:
        return s.scalar(select(func.count()).select_from(CreditNote))


@pytest.fixture
def stop_simulators(qtbot):
    started = []
    yield started
    for simulator in started:
        run(qtbot, simulator.stop())


# --- which terminal starts ----------------------------------------------------------------------

@pytest.mark.parametrize("saved, demo_database, expected", [
    ({}, True, "simulator"),                                              # `make run`: the demo, nothing configured
    ({}, False, None),                                                    # a real database, nothing configured
    ({"terminal.mode": "simulateur"}, False, "simulator"),                # said explicitly (its payments are refused)
    ({"terminal.mode": "simulateur"}, True, "simulator"),
    ({"terminal.mode": "tpe", "terminal.host": "192.168.1.50", "terminal.port": 8888}, True, "192.168.1.50:8888"),
    ({"terminal.mode": "tpe", "terminal.host": "192.168.1.50", "terminal.port": 8888}, False, "192.168.1.50:8888"),
    ({"terminal.host": "10.0.0.7", "terminal.port": 9999}, False, "10.0.0.7:9999"),  # a file of before the mode
    ({"terminal.host": "", "terminal.port": 8888}, False, None),          # ... without an address: none
    ({"terminal.mode": "", "terminal.host": "10.0.0.7"}, False, None),     # none said explicitly, address kept
    ({"terminal.mode": "tpe", "terminal.host": ""}, False, None),          # a TPE without address: none
])
def test_the_terminal_a_counter_starts_with(qtbot, event_loop, tmp_path, stop_simulators, saved, demo_database,
                                            expected):
    path = tmp_path / "guichet.json"
    path.write_text(json.dumps(saved), encoding="utf-8")
    terminal, simulator = run(qtbot, start_terminal(LocalSettings(path), demo_database))
    if simulator is not None:
        stop_simulators.append(simulator)
    if expected is None:
        assert terminal is None and simulator is None
    elif expected == "simulator":
        assert simulator is not None and isinstance(terminal, CaisseApIpTerminal)
        assert (terminal.host, terminal.port) == ("127.0.0.1", simulator.port)
    else:
        assert simulator is None and f"{terminal.host}:{terminal.port}" == expected


def test_a_file_of_before_the_mode_reads_as_a_real_terminal_and_is_saved_so(tmp_path):
    path = tmp_path / "guichet.json"
    path.write_text(json.dumps({"terminal.host": "192.168.1.50", "terminal.port": 8888}), encoding="utf-8")
    local = LocalSettings(path)
    assert local.get(config.TERMINAL_MODE) == "tpe"
    local.save()
    assert json.loads(path.read_text(encoding="utf-8"))["terminal.mode"] == "tpe"


# --- no terminal: the card is off, and the screens say why ----------------------------------------

def test_without_a_terminal_the_caisse_shows_the_card_disabled_with_its_reason(qtbot, enrolled):
    state, family, ids = enrolled
    assert state.terminal is None and state.simulator is None  # a real database, nothing configured
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    notice = tab.card_notice
    assert notice.isVisible() and notice.text() == NO_TPE
    row = tab.rows[0]
    assert row.mode == "cash" and row.amount_edit.text() == "120,00"  # the due amount, in cash by default
    card = row.mode_combo.findData("card")
    assert not row.mode_combo.model().item(card).isEnabled()
    assert row.mode_combo.itemData(card, Qt.ItemDataRole.ToolTipRole) == NO_TPE
    added = tab.add_row("card")  # asked for a card line: a cash one, the card still off
    assert added.mode == "cash" and not added.mode_combo.model().item(card).isEnabled()
    added.remove_button.click()
    assert tab.rows == [row]
    # Even forced onto the card, nothing is charged nor recorded.
    row.mode_combo.setCurrentIndex(card)
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.error.isVisible())
    assert row.error.text() == NO_TPE
    assert counts(state.context) == (0, 0) and attempts(state.context) == 0 and tab.pay_button.isEnabled()
    # Cash, cheque and ANCV work as ever.
    row.mode_combo.setCurrentIndex(row.mode_combo.findData("cash"))
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None)
    assert tab.result.paid_cents == 12000


def test_with_a_terminal_the_card_is_offered_and_nothing_is_said(qtbot, enrolled):
    state, family, ids = enrolled
    state.terminal = CaisseApIpTerminal("192.168.1.50", 8888)  # nothing is sent until « Payer »
    tab = open_tab(qtbot, state, family, ids)
    assert not tab.card_notice.isVisible()
    row = tab.rows[0]
    assert row.mode == "card" and row.mode_combo.model().item(row.mode_combo.findData("card")).isEnabled()


def test_without_a_terminal_the_correction_dialog_refunds_no_card(qtbot, enrolled):
    state, family, ids = enrolled
    cash.open_cash_session(state.context, 0)
    pay_by_card(qtbot, state, family, ids)  # another day, when this counter had its terminal
    before = attempts(state.context)
    dialog = open_correction(qtbot, state, family)
    assert "card" in dialog.preview.original_modes
    assert dialog.mode_combo.currentData() == "credit"  # not the card it was paid with
    card = dialog.mode_combo.findData("card")
    assert not dialog.mode_combo.model().item(card).isEnabled()
    assert dialog.mode_combo.itemData(card, Qt.ItemDataRole.ToolTipRole) == NO_TPE_REFUND
    assert dialog.card_notice.isVisible() and dialog.card_notice.text() == NO_TPE_REFUND
    # Even forced onto the card: refused with the reason, no credit note, nothing sent.
    dialog.mode_combo.setCurrentIndex(card)
    dialog.reason_edit.setText("Déménagement")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == NO_TPE_REFUND
    assert dialog.result_view is None and dialog.isVisible() and dialog.ok_button.isEnabled()
    assert attempts(state.context) == before and credit_notes(state.context) == 0


def test_a_card_refund_through_the_terminal_is_recorded(qtbot, enrolled, simulator):
    state, family, ids = enrolled
    state.terminal = CaisseApIpTerminal("127.0.0.1", simulator.port, deadline_s=10)  # as a real terminal
    cash.open_cash_session(state.context, 0)
    pay_by_card(qtbot, state, family, ids)
    dialog = open_correction(qtbot, state, family)
    assert dialog.mode_combo.currentData() == "card" and not dialog.card_notice.isVisible()
    dialog.reason_edit.setText("Déménagement")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.confirming)
    assert "40,00\xa0€ rendus sur la carte, par le terminal" in dialog.status.text()
    dialog.ok_button.click()  # confirmed
    qtbot.waitUntil(lambda: simulator.pending is not None, timeout=10_000)
    # The button is greyed while the terminal waits: the dialog says for what.
    assert not dialog.ok_button.isEnabled() and dialog.progress.isVisible()
    assert dialog.status.text() == ("Avoir A01-AV000001 établi. En attente de la carte sur le terminal : "
                                    "remboursement de 40,00\xa0€ — le client présente la carte qui a payé.")
    simulator.present_card(ACCEPTED_CARD)
    qtbot.waitUntil(lambda: dialog.result_view is not None, timeout=10_000)
    assert not dialog.progress.isVisible()
    done = dialog.result_view
    assert done.refund_cents == 4000 and done.refund_payment_id is not None and dialog.refund_problem == ""
    assert cash.current_cash_session(state.context).total("card").amount_cents == 8000


# --- the simulator: chosen explicitly, it starts, but takes no money outside the demonstration ------

def test_the_simulator_chosen_on_a_real_database_starts_but_its_payments_are_refused(qtbot, enrolled,
                                                                                     stop_simulators):
    state, family, ids = enrolled
    dialog = SettingsDialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled)
    dialog.terminal_mode.setCurrentIndex(dialog.terminal_mode.findData("simulateur"))
    assert not dialog.terminal_host.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == SettingsDialog.DialogCode.Accepted)
    local = LocalSettings(state.local.path)
    assert local.get(config.TERMINAL_MODE) == "simulateur"

    # The next start: a real database, the simulator as configured.
    with state.context.reading() as s:
        assert not is_demo_database(s)
    terminal, simulator = run(qtbot, start_terminal(local, demo_database=False))
    assert simulator is not None
    stop_simulators.append(simulator)
    state.terminal, state.simulator = terminal, simulator
    simulator.auto_card = ACCEPTED_CARD  # it would accept: the refusal comes before anything is sent
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    assert tab.rows[0].mode == "card" and not tab.card_notice.isVisible()
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.rows[0].error.isVisible(), timeout=10_000)
    assert tab.rows[0].error.text().startswith("Le simulateur de terminal ne sert qu'à la base de démonstration : "
                                               "aucun paiement réel ne peut passer par lui.")
    assert tab.result is None and tab.pay_button.isEnabled()
    assert counts(state.context) == (0, 0) and attempts(state.context) == 0  # nothing recorded
    assert simulator.answers_sent == 0 and simulator.pending is None         # nothing sent to it


def test_the_simulator_on_a_real_database_refunds_no_card_either(qtbot, enrolled, simulator):
    state, family, ids = enrolled
    state.terminal = CaisseApIpTerminal("127.0.0.1", simulator.port, deadline_s=10)
    state.simulator = simulator  # the built-in one, as "simulateur" starts it
    cash.open_cash_session(state.context, 0)
    pay_by_card(qtbot, state, family, ids)
    before = attempts(state.context)
    dialog = open_correction(qtbot, state, family)
    assert dialog.mode_combo.currentData() == "card"
    dialog.reason_edit.setText("Déménagement")
    simulator.auto_card = ACCEPTED_CARD
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.confirming)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert dialog.error.text().startswith("Le simulateur de terminal ne sert qu'à la base de démonstration")
    assert dialog.result_view is None and dialog.isVisible()
    assert attempts(state.context) == before and credit_notes(state.context) == 0 and simulator.answers_sent == 0


def test_on_the_demonstration_database_the_simulator_takes_the_payment(qtbot, enrolled, stop_simulators):
    state, family, ids = enrolled
    with state.context.unit_of_work() as uow:
        uow.session.add(Setting(key=DEMO_MARKER, value=True))
    terminal, simulator = run(qtbot, start_terminal(state.local, demo_database=True))
    assert simulator is not None  # nothing configured, the demonstration: the simulator
    stop_simulators.append(simulator)
    state.terminal, state.simulator = terminal, simulator
    simulator.auto_card = ACCEPTED_CARD
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None, timeout=10_000)
    assert tab.result.paid_cents == 12000
    with state.context.reading() as s:
        assert [a.simulated for a in s.scalars(select(CardAttempt))] == [True]  # tagged as the simulator's
