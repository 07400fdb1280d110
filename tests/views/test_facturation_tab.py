"""The Facturation tab through its widgets: the seed's invoice after a card checkout, refresh on
changes, search by number (another family's invoice is asked for, never shown alone), nothing said
about the previous family once another is open, open / print (DUPLICATA read back from the saved
PDF, and the message telling whether a reader opened it), the ticket, the batch print with its
progress and a working cancel, the first focus and the Tab order."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from ems_desktop import config, reports  # the tab imports its renderer when it prints (patched there)
from ems_desktop.services import card_payments as cp, checkout
from ems_desktop.services.checkout import Tender
from ems_desktop.terminal.fake import FAKE_MASKED_PAN, FakeTerminal
from ems_desktop.views import printing_dialogs
from ems_desktop.views.printing_dialogs import PrintTarget
from tests.card_numbers import TEST_CARD_NUMBERS
from tests.helpers import add_invoice, fake_lp, make_family
from tests.views.facturation_helpers import make_tab, open_family, pdf_text, seed_family

SEED_LINE = "21/06/2017 – Facture A01-F000001 – Payée : 120,00\xa0€"


pytestmark = pytest.mark.usefixtures("data_dir")   # documents saved under tmp_path (tests/views/conftest.py)


def pay_by_card(qtbot, state, family_id, ids, amount=12000):
    """The card goes through FakeTerminal on the test's qasync loop, the database steps on the worker."""
    ctx = state.context
    runner = cp.CardPaymentRunner(ctx, FakeTerminal(), db_call=state.worker.run)
    task = asyncio.ensure_future(runner.charge(family_id, cp.lines_key(ids), amount))
    qtbot.waitUntil(task.done)
    return checkout.checkout_enrollments(ctx, uuid.uuid4(), family_id, ids,
                                         [Tender("card", amount, card_attempt_id=task.result().id)])


@pytest.fixture
def paid_seed(qtbot, app_state):
    family, ids = seed_family(qtbot, app_state.context)
    result = pay_by_card(qtbot, app_state, family.id, ids)
    return app_state, family, result


def tree_lines(tab) -> list[str]:
    lines = []
    for m in range(tab.tree.topLevelItemCount()):
        month = tab.tree.topLevelItem(m)
        lines.append(month.text(0))
        lines += ["  " + month.child(i).text(0) for i in range(month.childCount())]
    return lines


def test_empty_states(qtbot, app_state):
    tab = make_tab(qtbot, app_state)
    assert tab.stack.currentWidget() is tab.empty
    assert "Ouvrez un dossier dans l'onglet Dossiers (Ctrl+2)" in tab.empty.text()
    assert not tab.open_button.isEnabled() and tab.batch_button.isEnabled()
    family = make_family(app_state.context, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    open_family(qtbot, tab, family.id)
    assert tab.stack.currentWidget() is tab.empty
    assert tab.empty.text().startswith("Aucune facture sur les 24 derniers mois.")
    assert tab.balance.text() == "Restant dû : 0,00\xa0€"


def test_the_seed_invoice_after_a_card_checkout(qtbot, paid_seed):
    state, family, result = paid_seed
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    assert tree_lines(tab) == ["Juin 2017", "  " + SEED_LINE]
    assert tab.title.text().startswith("Factures de la famille Berthier")
    assert tab.balance.text() == "Restant dû : 0,00\xa0€"
    assert "Facture A01-F000001 du 21/06/2017" in tab.invoice_title.text()
    table = tab.lines_table
    assert [table.horizontalHeaderItem(c).text() for c in range(5)] == [
        "Prestation", "Enfant", "Quantité", "Prix unitaire", "Montant"]
    assert table.rowCount() == 3
    assert [table.item(0, c).text() for c in range(5)] == [
        "EMS 2017/2018 1er trim. - Du 20/09/2017 au 06/12/2017", "Lise-Roxelane Berthier", "1",
        "40,00\xa0€", "40,00\xa0€"]
    for column in (2, 3, 4):
        assert table.item(0, column).textAlignment() & Qt.AlignmentFlag.AlignRight
    payments = tab.payments_table
    assert [payments.item(0, c).text() for c in range(5)][:3] == ["21/06/2017", "Carte bancaire", "120,00\xa0€"]
    assert payments.item(0, 3).text().startswith("autorisation ")
    assert "Total : 120,00\xa0€" in tab.totals.text() and "Reste à payer : 0,00\xa0€" in tab.totals.text()
    assert not tab.credit_box.isVisible()
    assert all(b.isEnabled() for b in tab.action_buttons)


def test_refreshes_when_the_family_pays(qtbot, app_state):
    ctx = app_state.context
    family, ids = seed_family(qtbot, ctx)
    checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 5000)])
    tab = make_tab(qtbot, app_state)
    open_family(qtbot, tab, family.id)
    assert tree_lines(tab)[1] == (
        "  21/06/2017 – Facture A01-F000001 – Partiellement payée : 120,00\xa0€ (reste 70,00\xa0€)")
    assert tab.balance.text() == "Restant dû : 70,00\xa0€"
    with qtbot.waitSignal(tab.history_loaded):
        checkout.pay_balance(ctx, family.id, [Tender("cheque", 7000, cheque_number="0004711")])
    assert tree_lines(tab)[1] == "  " + SEED_LINE and tab.balance.text() == "Restant dû : 0,00\xa0€"
    assert tab.payments_table.rowCount() == 2 and tab.payments_table.item(1, 3).text() == "n° 0004711"


def test_search_asks_for_the_family_and_selects_the_invoice_once_it_is_open(qtbot, paid_seed):
    state, family, result = paid_seed
    other = make_family(state.context, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    wanted = add_invoice(state.context, other.id, "A01-F000777", dt.date(2017, 5, 2))
    add_invoice(state.context, other.id, "A01-F000778", dt.date(2017, 6, 2))
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    qtbot.keyClicks(tab.search_edit, "a01-f000777")
    with qtbot.waitSignal(tab.family_requested) as asked:
        qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert asked.args == [other.id, wanted]
    # The tab does not switch by itself: the family stays the one open on every other tab...
    assert tab.family_id == family.id and tab.title.text().startswith("Factures de la famille Berthier")
    assert tab.tree.currentItem().text(0) == SEED_LINE
    # ...until the main window opens the other family everywhere, which selects the invoice found.
    with qtbot.waitSignal(tab.action_done) as done:
        tab.set_family(other.id)
    assert done.args[0] == "Facture A01-F000777 trouvée." and tab.message.plain == done.args[0]
    assert tab.family_id == other.id and tab.title.text().startswith("Factures de la famille Roux")
    assert tab.tree.currentItem().text(0).startswith("02/05/2017 – Facture A01-F000777 – À payer")
    assert "A01-F000777" in tab.invoice_title.text() and tab.balance.text() == "Restant dû : 80,00\xa0€"
    assert tab.search_edit.text() == ""  # it was about the previous family

    # An unknown number: said next to the field, the history shown stays, no family asked for.
    tab.search_edit.setText("A01-F999999")
    with qtbot.assertNotEmitted(tab.family_requested):
        qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: tab.search_error.isVisible())
    assert tab.search_error.text() == "Aucune facture ne porte le numéro « A01-F999999 »."
    assert tab.family_id == other.id
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Backspace)  # the message goes with the text it was about
    assert not tab.search_error.isVisible()

    # An invoice of the open family: selected at once.
    tab.search_edit.setText("A01-F000778")
    with qtbot.assertNotEmitted(tab.family_requested), qtbot.waitSignal(tab.action_done) as done:
        qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    assert done.args[0] == "Facture A01-F000778 trouvée."
    assert tab.tree.currentItem().text(0).startswith("02/06/2017 – Facture A01-F000778")


def test_a_search_whose_family_was_not_opened_is_forgotten(qtbot, paid_seed):
    """The agent found an invoice of the Roux, then opened another dossier (or kept unsaved edits):
    the Roux invoice is not selected later when the Roux family is opened for another reason."""
    state, family, result = paid_seed
    other = make_family(state.context, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    add_invoice(state.context, other.id, "A01-F000777", dt.date(2017, 5, 2))
    add_invoice(state.context, other.id, "A01-F000778", dt.date(2017, 6, 2))
    tab = make_tab(qtbot, state)
    tab.search_edit.setText("A01-F000777")
    with qtbot.waitSignal(tab.family_requested):
        qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    assert tab.family_id is None and tab.stack.currentWidget() is tab.empty
    open_family(qtbot, tab, family.id)
    assert tab.tree.currentItem().text(0) == SEED_LINE and tab.message.plain == ""
    open_family(qtbot, tab, other.id)
    assert tab.tree.currentItem().text(0).startswith("02/06/2017 – Facture A01-F000778")  # the newest
    assert tab.message.plain == ""


def test_nothing_said_about_the_previous_family_stays(qtbot, paid_seed, data_dir):
    state, family, result = paid_seed
    other = make_family(state.context, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    add_invoice(state.context, other.id, "A01-F000778", dt.date(2017, 6, 2))
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    with qtbot.waitSignal(tab.action_done):
        qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert tab.message.isVisible() and "A01-F000001" in tab.message.plain
    tab.search_edit.setText("A01-F999999")
    qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.search_error.isVisible())
    open_family(qtbot, tab, other.id)
    assert not tab.message.isVisible() and tab.message.plain == ""
    assert tab.search_edit.text() == "" and not tab.search_error.isVisible()
    assert tab.title.text().startswith("Factures de la famille Roux")
    # The dossier closed: no family's invoices stay on screen.
    tab.set_family(None)
    qtbot.waitUntil(lambda: tab.stack.currentWidget() is tab.empty)
    assert "Aucun dossier ouvert." in tab.empty.text() and tab.history is None
    assert tab.balance.text() == "" and tab.title.text() == "Historique des factures"
    assert not tab.open_button.isEnabled()


def test_open_saves_a_duplicata_and_says_no_reader_opened_it(qtbot, paid_seed, data_dir):
    state, family, result = paid_seed
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    assert tab.open_button.text() == "Ouvrir (duplicata)" and tab.document_label.text() == "Facture A01-F000001 :"
    with qtbot.waitSignal(tab.action_done) as done:
        qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    path = data_dir / "factures" / "Facture A01-F000001 (duplicata).pdf"
    assert tab.opened == [path]
    assert done.args[0] == f"Facture A01-F000001 (duplicata) enregistrée (aucun lecteur PDF ne l'a ouverte) : {path}"
    assert tab.message.plain == done.args[0] + " — Ouvrir le dossier" and tab.message.folder == path.parent
    assert 'href="folder"' in tab.message.text()
    text = pdf_text(path)
    # The invoice was handed to the family at the checkout: any later copy is a duplicata.
    assert "A01-F000001" in text and "PAYÉE" in text and "DUPLICATA" in text


def test_open_with_a_pdf_reader_says_it_is_open(qtbot, paid_seed, data_dir):
    state, family, result = paid_seed
    tab = make_tab(qtbot, state, reader=True)
    open_family(qtbot, tab, family.id)
    with qtbot.waitSignal(tab.action_done) as done:
        qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    path = data_dir / "factures" / "Facture A01-F000001 (duplicata).pdf"
    assert done.args[0] == f"Facture A01-F000001 (duplicata) enregistrée et ouverte : {path}"


def test_double_click_on_an_invoice_opens_it(qtbot, paid_seed, data_dir):
    state, family, result = paid_seed
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    month = tab.tree.topLevelItem(0)
    with qtbot.assertNotEmitted(tab.action_done, wait=100):
        tab.tree.itemDoubleClicked.emit(month, 0)  # a month row only folds and unfolds
    item = month.child(0)
    rect = tab.tree.visualItemRect(item)
    with qtbot.waitSignal(tab.action_done):
        # A real double-click: press, release, then the double-click event on the same row.
        qtbot.mouseClick(tab.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(tab.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.opened == [data_dir / "factures" / "Facture A01-F000001 (duplicata).pdf"]


def test_print_is_marked_duplicata(qtbot, paid_seed, data_dir):
    state, family, result = paid_seed
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    assert tab.print_button.text() == "Imprimer (duplicata)…"
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.print_dialog is not None and tab.print_dialog.isVisible())
    assert tab.print_dialog.windowTitle() == "Imprimer : Duplicata de la facture A01-F000001"
    with qtbot.waitSignal(tab.action_done) as done:
        tab.print_dialog.reject()
    path = data_dir / "factures" / "Facture A01-F000001 (duplicata).pdf"
    assert done.args[0] == f"Impression annulée. Duplicata de la facture A01-F000001 est enregistré en PDF : {path}"
    text = pdf_text(path)
    assert "DUPLICATA" in text and "A01-F000001" in text


def test_print_sends_the_saved_pdf_to_cups(qtbot, paid_seed, data_dir, tmp_path, monkeypatch):
    state, family, result = paid_seed
    log = fake_lp(tmp_path, monkeypatch)

    async def chosen(parent, title):
        return PrintTarget("Accueil", 1, "")

    monkeypatch.setattr(printing_dialogs, "choose_printer", chosen)
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    with qtbot.waitSignal(tab.action_done) as done:
        qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert done.args[0] == "Duplicata de la facture A01-F000001 : Envoyé à l'imprimante « Accueil »."
    path = data_dir / "factures" / "Facture A01-F000001 (duplicata).pdf"
    assert log.read_text().splitlines() == ["-n", "1", "-d", "Accueil", "-t", "Duplicata de la facture A01-F000001",
                                            str(path)]


def test_ticket_without_receipt_printer_opens_the_pdf(qtbot, paid_seed, data_dir):
    state, family, result = paid_seed
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    with qtbot.waitSignal(tab.action_done) as done:
        qtbot.mouseClick(tab.ticket_button, Qt.MouseButton.LeftButton)
    path = data_dir / "tickets" / "Ticket A01-R000001 (duplicata).pdf"
    assert tab.opened == [path]
    assert done.args[0] == ("Aucune imprimante de tickets n'est configurée (Fichier › Paramètres). Ticket A01-R000001 "
                            f"(duplicata) enregistré (aucun lecteur PDF ne l'a ouvert) : {path}")
    text = pdf_text(path)
    assert "DUPLICATA" in text and "CARTE BANCAIRE" in text and FAKE_MASKED_PAN[-4:] in text
    assert not any(number in text.replace(" ", "") for number in TEST_CARD_NUMBERS)


def test_ticket_on_a_missing_receipt_printer_says_so_and_keeps_the_pdf(qtbot, paid_seed, data_dir):
    import socket

    state, family, result = paid_seed
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    state.local.set(config.RECEIPT_PRINTER, f"tcp://127.0.0.1:{port}")
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    with qtbot.waitSignal(tab.action_done) as done:
        qtbot.mouseClick(tab.ticket_button, Qt.MouseButton.LeftButton)
    path = data_dir / "tickets" / "Ticket A01-R000001 (duplicata).pdf"
    assert done.args[0] == (f"Impossible d'imprimer le ticket sur l'imprimante tcp://127.0.0.1:{port} : connexion "
                            f"refusée (imprimante éteinte ou adresse erronée).\n"
                            f"Le document est enregistré en PDF : {path}")
    assert path.exists() and tab.opened == [] and "b3261e" in tab.message.styleSheet()


@pytest.fixture
def many_invoices(paid_seed):
    state, family, result = paid_seed
    other = make_family(state.context, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    for n in range(5):
        add_invoice(state.context, other.id, f"A01-F00090{n}", dt.date(2017, 6, 1 + n))
    add_invoice(state.context, other.id, "A01-F000999", dt.date(2017, 7, 1))  # outside the period
    return state


def test_batch_of_a_period_with_progress(qtbot, many_invoices, data_dir, monkeypatch):
    calls = []
    real = reports.render_invoices_batch

    def spying(docs, progress, cancelled):
        calls.append(threading.current_thread().name)
        return real(docs, progress=progress, cancelled=cancelled)

    monkeypatch.setattr(reports, "render_invoices_batch", spying)
    tab = make_tab(qtbot, many_invoices)
    qtbot.mouseClick(tab.batch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.batch_dialog is not None and tab.batch_dialog.isVisible())
    dialog = tab.batch_dialog
    assert (dialog.first, dialog.last) == (dt.date(2017, 6, 1), dt.date(2017, 6, 21))  # this month so far
    dialog.set_period(dt.date(2017, 6, 30), dt.date(2017, 6, 1))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "La date de fin précède la date de début."
    dialog.set_period(dt.date(2017, 6, 1), dt.date(2017, 6, 30))
    with qtbot.waitSignal(tab.batch_done, timeout=20000) as done:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    path = data_dir / "factures" / "Factures du 01-06-2017 au 30-06-2017.pdf"
    assert done.args == [path] and tab.message.plain.startswith(f"6 factures du 01/06/2017 au 30/06/2017 réunies "
                                                                 f"dans un PDF : {path}")
    assert calls and calls[0].startswith("ems-print")  # drawn off the GUI thread
    progress = tab.batch_progress
    assert (progress.maximum(), progress.value()) == (6, 6) and not progress.isVisible()
    text = pdf_text(path)
    for number in ("A01-F000900", "A01-F000904", "A01-F000001"):
        assert number in text
    assert "A01-F000999" not in text


def test_batch_cancelled_midway_leaves_no_file(qtbot, many_invoices, data_dir, monkeypatch):
    gate = threading.Event()
    real = reports.render_invoices_batch

    def slow(docs, progress, cancelled):
        def step(done, total):
            progress(done, total)
            if done == 2:
                gate.wait(10)  # hold the thread until the agent has pressed Annuler
        return real(docs, progress=step, cancelled=cancelled)

    monkeypatch.setattr(reports, "render_invoices_batch", slow)
    tab = make_tab(qtbot, many_invoices)
    task = asyncio.ensure_future(tab.run_batch(dt.date(2017, 6, 1), dt.date(2017, 6, 30)))
    qtbot.waitUntil(lambda: tab.batch_progress is not None and tab.batch_progress.value() == 2)
    progress = tab.batch_progress
    assert progress.isVisible() and progress.maximum() == 6 and progress.labelText() == "Facture 2 sur 6…"
    [cancel_button] = progress.findChildren(QPushButton)
    assert cancel_button.text() == "Annuler"
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(task.done, timeout=10000)
    assert task.result() is None
    assert tab.message.plain == "Impression des factures annulée : aucun fichier enregistré."
    folder = data_dir / "factures"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert tab.batch_button.isEnabled()


def test_batch_with_nothing_to_print(qtbot, app_state, data_dir):
    tab = make_tab(qtbot, app_state)
    task = asyncio.ensure_future(tab.run_batch(dt.date(2016, 1, 1), dt.date(2016, 1, 31)))
    qtbot.waitUntil(task.done)
    assert task.result() is None
    assert tab.message.plain == "Aucune facture émise du 01/01/2016 au 31/01/2016 : rien à imprimer."


def test_focus_first_and_the_tab_order_follow_the_screen(qtbot, paid_seed):
    state, family, result = paid_seed
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.tree.setFocus()
    tab.focus_first()
    assert QApplication.focusWidget() is tab.search_edit
    visited = []
    for _ in range(9):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    # The credit notes' table is hidden (none on this invoice).
    assert visited == [tab.search_button, tab.batch_button, tab.reminders_button, tab.tree, tab.lines_table,
                       tab.payments_table, tab.ticket_button, tab.open_button, tab.print_button]


def test_the_batch_period_reads_dates_as_typed_and_names_a_wrong_one(qtbot, app_state):
    from PySide6.QtWidgets import QDialogButtonBox

    from ems_desktop.views.printing_dialogs import BatchPeriodDialog

    dialog = BatchPeriodDialog(dt.date(2017, 6, 1), dt.date(2017, 6, 21))
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.first_edit.edit
    edit.selectAll()
    qtbot.keyClicks(edit, "06/12/2016")  # typed over the selected date: exactly that date
    assert dialog.first == dt.date(2016, 12, 6)
    dialog.last_edit.edit.setText("31/02/2017")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.last_error.text() == "« 31/02/2017 » n'est pas une date valide (jj/mm/aaaa)."
    qtbot.keyClick(dialog.last_edit.edit, Qt.Key.Key_Backspace)
    assert dialog.last_error.isHidden()  # the message went with its cause
