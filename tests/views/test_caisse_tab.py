"""The Caisse tab through its widgets: the seed's payment by card over a real loopback socket, mixed
tenders, bad input next to its field, the cash session; a counter without terminal, and the
simulator chosen on a real database.

The test database is not the demonstration one, so card payments here go through the simulator as
through a real terminal configured at 127.0.0.1:port (``state.simulator`` stays None): the built-in
simulator's own approvals count on the demonstration database only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ems_desktop.models import Enrollment, Invoice
from ems_desktop.services import cash
from ems_desktop.views.main_window import MainWindow
from tests.views.caisse_helpers import counts, open_tab, pay_in_cash


def test_the_seed_payment_by_card_through_the_terminal(qtbot, seeded, simulator):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 5000)
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    # From the recap's "Encaisser" button, as the agent does.
    with qtbot.waitSignal(window.enrollments.recap_loaded):
        window.enrollments.set_family(family.id)
    assert window.enrollments.summary.text() == "3 inscriptions pour un montant total de 120,00\xa0€"
    qtbot.mouseClick(window.enrollments.checkout_button, Qt.MouseButton.LeftButton)
    tab = window.caisse
    qtbot.waitUntil(lambda: tab.due_cents == 12000 and len(tab.rows) == 1)
    assert window.tabs.currentWidget() is tab
    assert tab.lines.rowCount() == 3 and tab.due_label.text() == "Montant dû : 120,00\xa0€"
    assert tab.rows[0].mode == "card" and tab.rows[0].amount_edit.text() == "120,00"
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: simulator.pending is not None)
    assert "En attente de la carte" in tab.rows[0].status.text() and tab.progress.isVisible()
    assert not tab.pay_button.isEnabled()
    assert not tab.abandon_button.isEnabled()  # never abandon while the terminal may charge
    tab.clear()
    assert tab.due_cents == 12000 and len(tab.rows) == 1
    simulator.present_card("4970110000001029")
    qtbot.waitUntil(lambda: tab.result is not None, timeout=10_000)
    result = tab.result
    assert result.invoice_number == "A01-F000001" and result.total_cents == 12000 and result.paid_cents == 12000
    [payment] = result.payments
    assert payment.card_masked_pan == "497011######1029" and len(payment.card_authorisation) == 6
    assert tab.info.text() == "Facture A01-F000001 émise (120,00\xa0€), payée."
    assert tab.ticket_button.isEnabled() and tab.invoice_button.isEnabled()
    with state.context.reading() as s:
        assert [s.get(Enrollment, i).status for i in ids] == ["confirmed"] * 3
        assert len(s.get(Invoice, result.invoice_id).lines) == 3
    qtbot.waitUntil(lambda: "encaissé 120,00" in tab.session_label.text())
    # The Accueil's running totals follow.
    qtbot.waitUntil(lambda: window.accueil.findChild(QLabel, "session_card_2") is not None
                    and window.accueil.findChild(QLabel, "session_card_2").text() == "120,00\xa0€")
    assert window.accueil.findChild(QLabel, "session_total").text() == "<b>Total encaissé : 120,00\xa0€</b>"


def test_card_and_cash_with_change(qtbot, seeded, simulator):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    tab.rows[0].amount_edit.setText("50")
    cash_row = tab.add_row("cash")
    assert cash_row.amount_edit.text() == "70,00"
    cash_row.amount_edit.setText("100 €")
    assert tab.change_label.text() == "À rendre : 30,00\xa0€"
    simulator.auto_card = "5100010000000114"
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None, timeout=10_000)
    assert tab.result.change_cents == 3000 and tab.result.paid_cents == 12000
    assert "Rendez 30,00" in tab.info.text()


@pytest.mark.parametrize("typed, message", [
    ("abc", "« abc » n'est pas un montant valide (exemple : 40,00)."),
    ("-10", "Montant invalide : il ne peut pas être négatif."),
    ("0", "Montant invalide : saisissez un montant d'au moins 0,01 €."),
    ("2000000", "Montant invalide : 1\u202f000\u202f000,00\xa0€ au plus."),
    ("130,00", "Le montant dépasse le reste à payer (120,00\xa0€)."),
])
def test_bad_amounts_are_refused_next_to_the_field_and_nothing_is_saved(qtbot, seeded, typed, message):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    tab.rows[0].mode_combo.setCurrentIndex(2)  # cheque
    tab.rows[0].cheque_number.setText("123")
    tab.rows[0].amount_edit.setText(typed)
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.rows[0].error.isVisible())
    assert tab.rows[0].error.text() == message
    if typed == "abc":
        assert tab.remaining_label.text() == "Corrigez le montant signalé en rouge."
    assert counts(state.context) == (0, 0) and tab.result is None and tab.pay_button.isEnabled()


@pytest.mark.parametrize("typed", ["120,00", "120.00", "120 €"])
def test_amounts_typed_the_french_or_the_english_way_are_accepted(qtbot, seeded, typed):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    tab.rows[0].mode_combo.setCurrentIndex(1)  # cash
    tab.rows[0].amount_edit.setText(typed)
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None)
    assert tab.result.paid_cents == 12000


def test_a_cheque_without_number_is_refused(qtbot, seeded):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    tab.rows[0].mode_combo.setCurrentIndex(2)
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.rows[0].error.isVisible())
    assert tab.rows[0].error.text() == "Le numéro du chèque est obligatoire."
    assert counts(state.context) == (0, 0)


def test_ancv_and_partial_payment(qtbot, seeded):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    tab.rows[0].mode_combo.setCurrentIndex(3)  # ANCV
    tab.rows[0].amount_edit.setText("80")
    assert tab.remaining_label.text() == "Reste à payer : 40,00\xa0€ (restera dû à la famille)"
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None)
    assert tab.result.invoice_balance_cents == 4000 and tab.result.family_balance_cents == 4000
    assert tab.info.text() == "Facture A01-F000001 émise (120,00\xa0€), reste dû 40,00\xa0€."


def test_pressing_pay_twice_makes_one_payment(qtbot, seeded):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    tab.rows[0].mode_combo.setCurrentIndex(1)
    tab.pay()
    tab.pay()
    qtbot.waitUntil(lambda: tab.result is not None)
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    assert counts(state.context) == (1, 1)


def test_checkout_without_an_open_session_asks_to_open_one(qtbot, seeded):
    state, family, ids = seeded
    tab = open_tab(qtbot, state, family, ids)
    tab.rows[0].mode_combo.setCurrentIndex(1)
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(tab, "open_dialog", None) is not None and tab.open_dialog.isVisible())
    assert "Aucune session de caisse ouverte" in tab.message.text()
    tab.open_dialog.float_edit.setText("-5")
    tab.open_dialog.ok_button.click()
    qtbot.waitUntil(lambda: tab.open_dialog.float_field.error.isVisible())
    assert tab.open_dialog.float_field.error.text() == "Montant invalide : il ne peut pas être négatif."
    tab.open_dialog.float_edit.setText("50,00")
    tab.open_dialog.ok_button.click()
    qtbot.waitUntil(lambda: tab.result is not None)
    assert tab.result.paid_cents == 12000
    assert cash.current_cash_session(state.context).opening_float_cents == 5000


def test_invoice_without_payment(qtbot, seeded):
    state, family, ids = seeded
    tab = open_tab(qtbot, state, family, ids)
    qtbot.mouseClick(tab.invoice_only_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None)
    assert tab.result.paid_cents == 0 and tab.result.family_balance_cents == 12000
    assert not tab.ticket_button.isEnabled()


def test_invoice_by_debit_for_a_family_with_a_mandate_in_force(qtbot, seeded):
    from ems_desktop.services import debit_runs, mandates

    state, family, ids = seeded
    tab = open_tab(qtbot, state, family, ids)
    assert tab.debit_button.isHidden()  # no mandate: « Facturer à prélever » is not offered
    mandates.record_mandate(state.context, family.id, mandates.MandateInput(
        "Claire Berthier", "FR14 2004 1010 0505 0001 3M02 606", "", "20/06/2017"))
    tab = open_tab(qtbot, state, family, ids)
    qtbot.waitUntil(lambda: tab.debit_button.isVisible())
    assert "FR14 **** **** 2606" in tab.debit_button.toolTip()
    qtbot.mouseClick(tab.debit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None)
    assert tab.result.paid_cents == 0 and tab.result.family_balance_cents == 12000
    assert tab.info.text().replace("\xa0", " ").replace("\u202f", " ") == (
        f"Facture {tab.result.invoice_number} émise (120,00 €), à prélever : 120,00 € sur le compte "
        "FR14 **** **** 2606 à la prochaine échéance.")
    assert tab.due_label.text() == "À prélever : 120,00\xa0€" and "#7a5b00" in tab.due_label.styleSheet()
    candidate, = debit_runs.debit_candidates(state.context)
    assert candidate.invoice_number == tab.result.invoice_number and candidate.proposed


def test_refused_card_is_said_next_to_the_card_line_and_nothing_is_invoiced(qtbot, seeded, simulator):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    simulator.auto_card = "4970110000000401"
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.rows[0].error.isVisible(), timeout=10_000)
    assert "refusée" in tab.rows[0].error.text().lower()
    assert counts(state.context) == (0, 0) and tab.pay_button.isEnabled()


def test_closing_the_session_with_a_difference(qtbot, seeded):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 5000)
    tab = open_tab(qtbot, state, family, ids)
    pay_in_cash(qtbot, tab)
    qtbot.waitUntil(lambda: tab.close_button.isVisible())
    tab.close_session()
    qtbot.waitUntil(lambda: getattr(tab, "close_dialog", None) is not None and tab.close_dialog.isVisible())
    dialog = tab.close_dialog
    dialog.edits["cash"].setText("165,00")
    assert dialog.differences["cash"].text() == "-5,00\xa0€"
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.fields["cheque"].error.isVisible())
    assert dialog.fields["card"].error.text().startswith("Saisissez le total carte imprimé par le terminal")
    dialog.edits["cheque"].setText("0")
    dialog.edits["card"].setText("10,00")  # the terminal's totals ticket says more than was recorded
    assert dialog.differences["card"].text() == "+10,00\xa0€"
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.closed is not None)
    assert dialog.closed.total("cash").difference_cents == -500
    assert dialog.closed.total("card").difference_cents == 1000
    qtbot.waitUntil(lambda: tab.info.text().startswith("Caisse clôturée le 21/06/2017 à ")
                    and tab.open_button.isVisible())
    assert tab.info.text().endswith(" : le rapport de clôture est à signer.")
    assert tab.document_message.plain.startswith("Clôture de caisse du 21/06/2017 à ")
    assert "rapports/Clôture de caisse du 21-06-2017 à " in tab.document_message.plain
    assert cash.current_cash_session(state.context) is None


def test_credit_note_and_cash_refund_from_the_caisse(qtbot, seeded):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    pay_in_cash(qtbot, tab)
    tab.set_open_family(family.id)
    tab.open_correction()
    qtbot.waitUntil(lambda: getattr(tab, "correction_dialog", None) is not None
                    and tab.correction_dialog.enrollment_combo.count() == 3
                    and tab.correction_dialog.preview is not None)
    dialog = tab.correction_dialog
    assert "avoir de 40,00" in dialog.preview_label.text() and dialog.mode_combo.currentData() == "cash"
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.reason_field.error.isVisible())
    assert dialog.reason_field.error.text() == "Indiquez le motif de l'annulation (il figure sur l'avoir)."
    dialog.reason_edit.setText("Déménagement")
    dialog.ok_button.click()  # first: what will be done, to confirm
    qtbot.waitUntil(lambda: dialog.confirming)
    assert dialog.ok_button.text() == "Confirmer l'avoir"
    assert dialog.status.text().startswith(
        "Établir un avoir de 40,00\xa0€ sur la facture A01-F000001 pour «\xa0Lise-Roxelane Berthier — ")
    assert "40,00\xa0€ rendus en espèces" in dialog.status.text()
    assert counts(state.context) == (1, 1)  # nothing written yet
    dialog.reason_edit.setText("Déménagement de la famille")  # a change: the summary no longer holds
    assert not dialog.confirming and dialog.ok_button.text() == "Établir l'avoir" and dialog.status.text() == ""
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.confirming)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.result_view is not None)
    assert dialog.result_view.credit_note_number == "A01-AV000001" and dialog.result_view.refund_cents == 4000
    qtbot.waitUntil(lambda: "Avoir A01-AV000001" in tab.info.text())


def test_ticket_on_a_missing_receipt_printer_says_so_and_keeps_the_pdf(qtbot, seeded):
    import socket

    from ems_desktop import config

    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    state.local.set(config.RECEIPT_PRINTER, f"tcp://127.0.0.1:{port}")
    tab = open_tab(qtbot, state, family, ids)
    pay_in_cash(qtbot, tab)
    qtbot.mouseClick(tab.ticket_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.isVisible(), timeout=10_000)
    assert "Impossible d'imprimer le ticket" in tab.message.text()
    assert "tickets/Ticket A01-R000001.pdf" in tab.message.text()


def test_an_abandoned_card_payment_can_be_retried_once_the_failure_ticket_is_confirmed(qtbot, seeded, simulator):
    state, family, ids = seeded
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: simulator.pending is not None)
    simulator.abandon()
    qtbot.waitUntil(lambda: tab.rows[0].failure_button.isVisible(), timeout=10_000)
    assert "nouvel essai par carte dans 30 minutes" in tab.rows[0].error.text()
    # Without the confirmation, a new card charge is refused by the 30-minute rule.
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "ne peuvent être repayées par carte" in tab.rows[0].error.text())
    qtbot.mouseClick(tab.rows[0].failure_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.rows[0].failure_button.isVisible())
    simulator.auto_card = "4970110000001029"
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None, timeout=10_000)
    assert tab.result.paid_cents == 12000
