"""The Caisse as a new agent finds it: typed amounts replace proposed ones, Tab follows the screen,
messages never outlive their cause, ANCV lines ask only what an ANCV voucher has, and every
document button says where its PDF went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ems_desktop.models import PaymentMode
from ems_desktop.services import cash
from ems_desktop.views.cash_dialogs import OpenCashSessionDialog
from tests.helpers import fake_lp
from tests.views.caisse_helpers import open_tab

MODES = list(PaymentMode.LABELS)


def set_mode(row, mode: str) -> None:
    row.mode_combo.setCurrentIndex(row.mode_combo.findData(mode))


def pay_in_cash(qtbot, tab) -> None:
    """The one row set to cash by its mode, « Payer » clicked, the checkout's result in."""
    set_mode(tab.rows[0], PaymentMode.CASH)
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None)


def focus_on(qtbot, widget) -> None:
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_the_proposed_amount_is_replaced_by_what_the_agent_types(qtbot, enrolled):
    state, family, ids = enrolled
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    focus_on(qtbot, tab)
    tab.focus_first()
    row = tab.rows[0]
    assert QApplication.focusWidget() is row.amount_edit and row.amount_edit.selectedText() == "120,00"
    qtbot.keyClicks(row.amount_edit, "80")
    assert row.amount_edit.text() == "80"
    assert tab.remaining_label.text() == "Reste à payer : 40,00\xa0€ (restera dû à la famille)"


def test_tab_goes_from_an_amount_to_the_next_field_never_to_retirer(qtbot, enrolled):
    state, family, ids = enrolled
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    focus_on(qtbot, tab)
    cash_row = tab.rows[0]
    set_mode(cash_row, PaymentMode.CASH)
    cash_row.amount_edit.setText("70,00")
    cheque_row = tab.add_row(PaymentMode.CHEQUE)
    qtbot.waitUntil(lambda: cheque_row.isVisible())
    cash_row.amount_edit.setFocus()
    qtbot.waitUntil(lambda: cash_row.amount_edit.hasFocus())
    qtbot.keyClick(cash_row.amount_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is cheque_row.mode_combo  # the next line, not « Retirer »
    qtbot.keyClick(cheque_row.mode_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is cheque_row.amount_edit
    assert cheque_row.amount_edit.text() == "50,00"
    qtbot.keyClick(cheque_row.amount_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is cheque_row.cheque_number
    for _ in range(3):  # number, bank, drawer
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.add_button


def test_an_ancv_line_asks_for_the_voucher_numbers_only(qtbot, enrolled):
    state, family, ids = enrolled
    tab = open_tab(qtbot, state, family, ids)
    row = tab.rows[0]
    set_mode(row, PaymentMode.ANCV)
    assert row.cheque_number.isVisible() and row.cheque_number.placeholderText() == "N° des chèques (facultatif)"
    assert not row.cheque_bank.isVisible() and not row.cheque_drawer.isVisible()
    set_mode(row, PaymentMode.CHEQUE)
    assert row.cheque_bank.isVisible() and row.cheque_drawer.isVisible()


def test_an_amount_message_is_said_when_typed_and_goes_once_corrected(qtbot, enrolled):
    state, family, ids = enrolled
    tab = open_tab(qtbot, state, family, ids)
    row = tab.rows[0]
    set_mode(row, PaymentMode.CASH)
    assert tab.remaining_label.text() != "Corrigez le montant signalé en rouge."
    row.amount_edit.setText("12O")  # a letter O for a zero
    assert row.error.isVisible() and row.error.text() == "« 12O » n'est pas un montant valide (exemple : 40,00)."
    assert tab.remaining_label.text() == "Corrigez le montant signalé en rouge."
    row.amount_edit.setText("120")
    assert not row.error.isVisible()
    assert tab.remaining_label.text() == "Reste à payer : 0,00\xa0€"
    row.amount_edit.setText("")  # an empty line is not an error until « Payer »
    assert not row.error.isVisible()


def test_after_payment_the_screen_says_paid_or_what_is_still_due(qtbot, enrolled):
    state, family, ids = enrolled
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    set_mode(tab.rows[0], PaymentMode.CASH)
    tab.rows[0].amount_edit.setText("90")
    assert tab.due_label.text() == "Montant dû : 120,00\xa0€"
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None)
    assert tab.due_label.text() == "Reste dû sur la facture : 30,00\xa0€"
    assert "#7a5b00" in tab.due_label.styleSheet()  # amber: still to collect, not green
    assert "Montant dû" not in tab.due_label.text() and tab.remaining_label.text() == ""
    tab.set_family_balance(family.id)
    qtbot.waitUntil(lambda: tab.due_cents == 3000)
    pay_in_cash(qtbot, tab)
    assert tab.due_label.text() == "Réglé : 30,00\xa0€" and "#1b5e20" in tab.due_label.styleSheet()


def test_the_ticket_button_says_where_the_pdf_is_when_no_reader_opens_it(qtbot, enrolled, tmp_path):
    state, family, ids = enrolled
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    pay_in_cash(qtbot, tab)
    opened = []
    tab.open_file = lambda path: opened.append(path) and False  # a desktop without PDF reader
    qtbot.mouseClick(tab.ticket_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.document_message.isVisible())
    ticket = opened[0]
    assert ticket.name == "Ticket A01-R000001.pdf" and ticket.read_bytes().startswith(b"%PDF")
    assert tab.document_message.plain == (f"Ticket A01-R000001 enregistré (aucun lecteur PDF ne l'a ouvert) : {ticket}"
                                          " — Ouvrir le dossier")
    assert tab.document_message.folder == ticket.parent
    tab.open_file = lambda path: opened.append(path) or True
    qtbot.mouseClick(tab.ticket_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 2)
    assert tab.document_message.plain.startswith("Ticket A01-R000001 enregistré et ouvert : ")


def test_printing_the_invoice_offers_the_print_dialog_and_says_what_happened(qtbot, enrolled, tmp_path,
                                                                            monkeypatch):
    from ems_desktop.views import printing_dialogs

    state, family, ids = enrolled
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    pay_in_cash(qtbot, tab)
    assert tab.invoice_button.text() == "Imprimer la facture…"
    # The agent closes the print dialog: nothing printed, the PDF's place said.
    qtbot.mouseClick(tab.invoice_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(tab, "print_dialog", None) is not None and tab.print_dialog.isVisible())
    assert tab.print_dialog.windowTitle() == "Imprimer : Facture A01-F000001"
    tab.print_dialog.reject()
    qtbot.waitUntil(lambda: tab.document_message.plain.startswith("Impression annulée"))
    saved = tab.document_message.folder / "Facture A01-F000001.pdf"
    assert tab.document_message.plain == (f"Impression annulée : Facture A01-F000001 enregistrée en PDF : {saved}"
                                          " — Ouvrir le dossier")
    # A printer chosen: the saved PDF goes to it (CUPS' lp, here a stand-in that writes its arguments).
    log = fake_lp(tmp_path, monkeypatch)

    async def accueil(parent, title):
        return printing_dialogs.PrintTarget("Accueil", 1, "")

    monkeypatch.setattr(printing_dialogs, "choose_printer", accueil)
    qtbot.mouseClick(tab.invoice_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Envoyé à l'imprimante" in tab.document_message.plain)
    assert tab.document_message.plain.startswith("Facture A01-F000001 : Envoyé à l'imprimante « Accueil ».")
    assert log.read_text().splitlines()[-1] == str(saved)


def test_the_opening_float_is_typed_in_an_empty_field(qtbot, app_state):
    dialog = OpenCashSessionDialog(app_state)
    qtbot.addWidget(dialog)
    dialog.show()
    focus_on(qtbot, dialog)
    assert dialog.float_edit.text() == "" and dialog.float_edit.placeholderText() == "0,00"
    qtbot.waitUntil(lambda: dialog.float_edit.hasFocus())
    qtbot.keyClicks(dialog.float_edit, "180")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.session is not None)
    assert dialog.session.opening_float_cents == 18000


def test_a_long_message_in_a_small_dialog_is_shown_whole(qtbot, app_state):
    cash.open_cash_session(app_state.context, 0)
    dialog = OpenCashSessionDialog(app_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    height_before = dialog.height()
    dialog.ok_button.click()  # a session is open already on this counter
    error = dialog.float_field.error
    qtbot.waitUntil(lambda: error.isVisible())
    assert error.text().startswith("Une session de caisse est déjà ouverte")
    qtbot.waitUntil(lambda: dialog.height() > height_before)
    label_bottom = error.mapTo(dialog, error.rect().bottomLeft()).y()
    assert error.height() >= error.heightForWidth(error.width()) and label_bottom <= dialog.height()
    dialog.float_edit.setText("1")
    assert not error.isVisible()  # the message was about the previous attempt


def test_reopening_the_till_clears_what_was_said_about_the_closing(qtbot, app_state):
    from ems_desktop.views.caisse_tab import CaisseTab

    tab = CaisseTab(app_state)
    qtbot.addWidget(tab)
    tab.show()
    tab.info.setText("Caisse clôturée. Rapport à signer : Clôture de caisse du 21-06-2017 à 18h30.pdf")
    tab.open_session()
    qtbot.waitUntil(lambda: getattr(tab, "open_dialog", None) is not None and tab.open_dialog.isVisible())
    tab.open_dialog.ok_button.click()
    qtbot.waitUntil(lambda: tab.session is not None)
    assert tab.info.text() == "" and not tab.message.isVisible()


def test_a_cheque_and_ancv_checkout_gives_one_ticket_with_both(qtbot, enrolled):
    import io

    import pdfplumber

    state, family, ids = enrolled
    cash.open_cash_session(state.context, 0)
    tab = open_tab(qtbot, state, family, ids)
    cheque = tab.rows[0]
    set_mode(cheque, PaymentMode.CHEQUE)
    cheque.amount_edit.setText("70,00")
    cheque.cheque_number.setText("1234567")
    cheque.cheque_bank.setText("Banque de Savoie")
    ancv = tab.add_row(PaymentMode.ANCV)
    assert ancv.amount_edit.text() == "50,00"
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None)
    assert len(tab.result.payments) == 2
    opened = []
    tab.open_file = lambda path: opened.append(path) and False
    qtbot.mouseClick(tab.ticket_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.document_message.isVisible())
    assert len(opened) == 1  # one ticket for the checkout, not one per payment
    with pdfplumber.open(io.BytesIO(opened[0].read_bytes())) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "1234567" in text and "Chèque" in text and "ANCV" in text.upper()
    assert text.count("EMS 2017/2018 1er trim.") == 1  # each line once, for both payments
    assert text.count("Lise-Roxelane Berthier 40,00") == 3
    assert "Reçu N° A01-R000001" in text and "Reçu N° A01-R000002" in text and "Soldé" in text
    assert "DEBIT" not in text
