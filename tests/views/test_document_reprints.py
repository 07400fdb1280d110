"""Every document can be had again, as a DUPLICATA, under one name: a credit note from the
Facturation tab (its row opens and prints it, a double-click opens it), and a cash-closing report
from the list of closing reports (for the régisseur and the administrateur only). And an invoice
found by number in Facturation opens its family on every tab, through the main window."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ems_desktop.services import agents, cash, checkout, corrections
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor
from ems_desktop.services.errors import NotFound
from ems_desktop.services.permissions import PermissionDenied
from ems_desktop.views import closing_reports_dialog as crd, printing_dialogs
from ems_desktop.views.closing_reports_dialog import ClosingReportsDialog
from ems_desktop.views.document_feedback import DOCUMENT_NAMES, closing_report_number, document_path, saved_text
from tests.views.facturation_helpers import make_tab, open_family, pdf_text, seed_family

UTC = dt.UTC


pytestmark = pytest.mark.usefixtures("data_dir")   # documents saved under tmp_path (tests/views/conftest.py)


# --- one name per document ---------------------------------------------------------------------

def test_one_name_for_each_document_in_its_file_and_in_its_message(data_dir):
    closed_at = dt.datetime(2017, 6, 21, 16, 30, tzinfo=UTC)  # 18:30 in Paris
    cases = [
        ("factures", "A01-F000018", False, "factures/Facture A01-F000018.pdf"),
        ("factures", "A01-F000018", True, "factures/Facture A01-F000018 (duplicata).pdf"),
        ("tickets", "A01-R000016", True, "tickets/Ticket A01-R000016 (duplicata).pdf"),
        ("avoirs", "A01-A000002", True, "avoirs/Avoir A01-A000002 (duplicata).pdf"),
        ("rapports", closing_report_number(closed_at), False, "rapports/Clôture de caisse du 21-06-2017 à 18h30.pdf"),
        ("rapports", closing_report_number(closed_at), True,
         "rapports/Clôture de caisse du 21-06-2017 à 18h30 (duplicata).pdf"),
        ("mandats", "EMS-EPC3QVYEJ5EZ", False, "mandats/Mandat de prélèvement EMS-EPC3QVYEJ5EZ.pdf"),
        ("relances", "A01-F000018", False, "relances/Lettre de relance A01-F000018.pdf"),
        ("prelevements", "du 23-06-2017 22D7AFAMMJDK", False,
         "prelevements/Prélèvement SEPA du 23-06-2017 22D7AFAMMJDK.pdf"),
    ]
    for kind, number, duplicate, expected in cases:
        path = document_path(kind, number, duplicate=duplicate)
        assert path == data_dir / expected
        # The message names the document as its file does.
        for opened in (True, False):
            text = saved_text(kind, number, path, opened=opened, duplicate=duplicate)
            assert text.startswith(path.stem + " enregistr") and text.endswith(f" : {path}")
    assert saved_text("rapports", "du 21-06-2017 à 18h30", data_dir / "x.pdf", opened=True) == (
        f"Clôture de caisse du 21-06-2017 à 18h30 enregistrée et ouverte : {data_dir / 'x.pdf'}")
    assert saved_text("relances", "A01-F000018", data_dir / "x.pdf", opened=True) == (
        f"Lettre de relance A01-F000018 enregistrée et ouverte : {data_dir / 'x.pdf'}")
    assert set(DOCUMENT_NAMES) == {"factures", "tickets", "avoirs", "rapports", "mandats", "relances", "prelevements"}


# --- credit notes in Facturation ---------------------------------------------------------------

@pytest.fixture
def credited(qtbot, app_state):
    """The seed's family paid in cash; one enrollment cancelled, its 40,00 € kept as a credit note."""
    ctx = app_state.context
    family, ids = seed_family(qtbot, ctx)
    checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 12000)])
    note = corrections.cancel_paid_enrollment(ctx, ids[2], reason="Déménagement", refund_mode="credit")
    return app_state, family, note.credit_note_number


def click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_credit_note_row_opens_and_prints_the_credit_note(qtbot, credited, data_dir, monkeypatch):
    state, family, number = credited
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    assert tab.credit_box.isVisible() and tab.credit_table.item(0, 0).text() == number
    assert tab.document_label.text() == "Facture A01-F000001 :"
    click_row(qtbot, tab.credit_table, 0)
    assert tab.document_label.text() == f"Avoir {number} :"
    with qtbot.waitSignal(tab.action_done) as done:
        qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    path = data_dir / "avoirs" / f"Avoir {number} (duplicata).pdf"
    assert tab.opened == [path]
    assert done.args[0] == f"Avoir {number} (duplicata) enregistré (aucun lecteur PDF ne l'a ouvert) : {path}"
    text = pdf_text(path)
    assert "AVOIR" in text and "DUPLICATA" in text and number in text and "Déménagement" in text

    titles = []

    async def cancelled(parent, title):
        titles.append(title)
        return None

    monkeypatch.setattr(printing_dialogs, "choose_printer", cancelled)
    path.unlink()
    with qtbot.waitSignal(tab.action_done) as done:
        qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert titles == [f"Imprimer : Duplicata de l'avoir {number}"]
    assert done.args[0] == f"Impression annulée. Duplicata de l'avoir {number} est enregistré en PDF : {path}"
    assert "DUPLICATA" in pdf_text(path)

    # Back on the invoice: the buttons copy the invoice again.
    item = tab.tree.currentItem()
    qtbot.mouseClick(tab.tree.viewport(), Qt.MouseButton.LeftButton, pos=tab.tree.visualItemRect(item).center())
    assert tab.document_label.text() == "Facture A01-F000001 :" and not tab.credit_table.selectedItems()


def test_double_click_on_a_credit_note_opens_it(qtbot, credited, data_dir):
    state, family, number = credited
    tab = make_tab(qtbot, state)
    open_family(qtbot, tab, family.id)
    rect = tab.credit_table.visualRect(tab.credit_table.model().index(0, 1))
    with qtbot.waitSignal(tab.action_done):
        qtbot.mouseClick(tab.credit_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(tab.credit_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.opened == [data_dir / "avoirs" / f"Avoir {number} (duplicata).pdf"]


# --- closing reports: the service ----------------------------------------------------------------

def close_a_day(ctx, clock, counted_cash: int, takings=lambda: None, note: str = "") -> cash.CashSessionView:
    """A session opened with a 50,00 € float, ``takings`` taken, closed an hour later."""
    session = cash.open_cash_session(ctx, 5000)
    takings()
    clock.advance(hours=1)
    closed = cash.close_cash_session(ctx, session.id, {"cash": counted_cash, "cheque": 0, "card": 0}, note)
    clock.advance(hours=1)
    return closed


@pytest.fixture
def two_closed_days(agent_ctx, recap, clock):
    family, ids = recap
    first = close_a_day(agent_ctx, clock, 17000, lambda: checkout.checkout_enrollments(
        agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 12000)]))
    second = close_a_day(agent_ctx, clock, 4900, note="Manque 1 € : pièce introuvable")
    return first, second


def test_closed_sessions_newest_first_with_their_totals(agent_ctx, clock, two_closed_days):
    first, second = two_closed_days
    still_open = cash.open_cash_session(agent_ctx, 2000)
    rows = cash.closed_sessions(agent_ctx)
    assert [r.id for r in rows] == [second.id, first.id]  # the open session is not listed
    assert still_open.id not in [r.id for r in rows]
    newest = rows[0]
    assert (newest.opened_by, newest.closed_by) == ("Claire Martin", "Claire Martin")
    assert (newest.expected_cents, newest.counted_cents, newest.difference_cents) == (5000, 4900, -100)
    assert newest.closing_note == "Manque 1 € : pièce introuvable" and rows[1].closing_note == ""
    assert (rows[1].expected_cents, rows[1].counted_cents, rows[1].difference_cents) == (17000, 17000, 0)
    assert [r.id for r in cash.closed_sessions(agent_ctx, limit=1)] == [second.id]
    # Another counter's sessions are its own.
    other = agents.create_counter(agent_ctx, code="PIS", name="Piscine", number_prefix="A02")
    assert cash.closed_sessions(agent_ctx.as_actor(Actor(agent_ctx.actor.agent_id, other.id))) == []


def test_closing_reports_are_for_the_regisseur_and_the_administrateur(agent_ctx, two_closed_days):
    first, second = two_closed_days
    system = agent_ctx.as_actor(Actor(None, agent_ctx.actor.counter_id))  # creates the accounts
    plain = agents.create_agent(system, login="p.durand", display_name="Paul Durand", password="Velo-rouge-73",
                                roles=["agent"])
    as_plain = agent_ctx.as_actor(Actor(plain.id, agent_ctx.actor.counter_id))
    for read in (lambda: cash.closed_sessions(as_plain), lambda: cash.closing_report_pdf(as_plain, first.id)):
        with pytest.raises(PermissionDenied) as refused:
            read()
        assert refused.value.message.startswith("La consultation des rapports de clôture : action réservée au rôle "
                                                "régisseur ou administrateur")
    admin = agents.create_agent(system, login="a.admin", display_name="Anne Admin", password="Velo-rouge-73",
                                roles=["administrateur"])
    as_admin = agent_ctx.as_actor(Actor(admin.id, agent_ctx.actor.counter_id))
    assert len(cash.closed_sessions(as_admin)) == 2
    assert cash.closing_report_pdf(as_admin, first.id).startswith(b"%PDF")


def test_only_a_closed_session_has_a_closing_report(agent_ctx, till):
    with pytest.raises(NotFound):
        cash.closing_report_pdf(agent_ctx, till.id)
    with pytest.raises(NotFound):
        cash.closing_report_pdf(agent_ctx, uuid.uuid4())


# --- closing reports: the dialog -----------------------------------------------------------------

class RecordingReportsDialog(ClosingReportsDialog):
    """The dialog with a stand-in PDF reader that records what it was given and never opens it."""

    def __init__(self, state) -> None:
        super().__init__(state)
        self.opened: list[Path] = []

    def open_file(self, path: Path) -> bool:
        self.opened.append(path)
        return False


def open_dialog(qtbot, state) -> RecordingReportsDialog:
    dialog = RecordingReportsDialog(state)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        dialog.show()
    return dialog


def shown(dialog) -> list[tuple[str, ...]]:
    table = dialog.table
    return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]


@pytest.fixture
def closed_at_the_counter(app_state, clock):
    """Two days closed at the counter by its administrateur-régisseur, the second 1,00 € short."""
    ctx = app_state.context
    first = close_a_day(ctx, clock, 5000)
    second = close_a_day(ctx, clock, 4900, note="Manque 1 € :\npièce introuvable")
    return first, second


def test_the_dialog_lists_the_closed_sessions_and_reopens_one_as_duplicata(qtbot, app_state, closed_at_the_counter,
                                                                            data_dir, monkeypatch):
    first, second = closed_at_the_counter
    dialog = open_dialog(qtbot, app_state)
    assert dialog.windowTitle() == "Rapports de clôture de caisse"
    assert [dialog.table.horizontalHeaderItem(c).text() for c in range(7)] == [
        "Ouverte le", "Clôturée le", "Agent", "Attendu", "Compté", "Écart", "Commentaire"]
    assert shown(dialog) == [
        ("21/06/2017 17:00", "21/06/2017 18:00", "Claire Martin", "50,00\xa0€", "49,00\xa0€", "−1,00\xa0€",
         "Manque 1 € : pièce introuvable"),
        ("21/06/2017 15:00", "21/06/2017 16:00", "Claire Martin", "50,00\xa0€", "50,00\xa0€", "0,00\xa0€", ""),
    ]
    for column in (3, 4, 5):
        assert dialog.table.item(0, column).textAlignment() & Qt.AlignmentFlag.AlignRight
    assert dialog.chosen().id == second.id and dialog.open_button.isEnabled()

    # The older one, double-clicked.
    rect = dialog.table.visualRect(dialog.table.model().index(1, 0))
    with qtbot.waitSignal(dialog.action_done) as done:
        qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    path = data_dir / "rapports" / "Clôture de caisse du 21-06-2017 à 16h00 (duplicata).pdf"
    assert dialog.opened == [path]
    assert done.args[0] == (f"Clôture de caisse du 21/06/2017 à 16:00 (duplicata) enregistrée (aucun lecteur PDF ne "
                            f"l'a ouverte) : {path}")
    assert dialog.message.plain.endswith("Ouvrir le dossier") and dialog.message.folder == path.parent
    text = pdf_text(path)
    assert "DUPLICATA" in text and "21/06/2017" in text

    # Imprimer: the print dialog is asked for the duplicata.
    titles = []

    async def cancelled(parent, title):
        titles.append(title)
        return None

    monkeypatch.setattr(printing_dialogs, "choose_printer", cancelled)
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.action_done) as done:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    newest = data_dir / "rapports" / "Clôture de caisse du 21-06-2017 à 18h00 (duplicata).pdf"
    assert titles == ["Imprimer : Duplicata du rapport de clôture du 21/06/2017 18:00"]
    assert done.args[0] == ("Impression annulée. Duplicata du rapport de clôture du 21/06/2017 18:00 est enregistré "
                            f"en PDF : {newest}")
    assert "DUPLICATA" in pdf_text(newest)


def test_the_dialog_refuses_a_plain_agent(qtbot, closed_at_the_counter, plain_agent_state):
    dialog = open_dialog(qtbot, plain_agent_state)
    assert dialog.pages.currentWidget() is dialog.empty
    assert dialog.empty.text().startswith("La consultation des rapports de clôture : action réservée au rôle "
                                          "régisseur ou administrateur")
    assert not dialog.open_button.isEnabled() and not dialog.print_button.isEnabled()


def test_the_dialog_with_no_closed_session(qtbot, app_state):
    cash.open_cash_session(app_state.context, 5000)  # open, not closed: nothing to list
    dialog = open_dialog(qtbot, app_state)
    assert dialog.pages.currentWidget() is dialog.empty
    assert dialog.empty.text().startswith("Aucune session de caisse clôturée sur ce guichet.")
    assert not dialog.open_button.isEnabled() and not dialog.print_button.isEnabled()


def test_the_caisse_button_opens_it(qtbot, app_state, closed_at_the_counter):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = crd.open_closing_reports(parent, app_state)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    assert parent.closing_reports_dialog is dialog and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal


# --- one open family: a search in Facturation opens the family everywhere -------------------------

def test_an_invoice_found_in_facturation_opens_its_family_on_every_tab(qtbot, app_state):
    """Through the main window: Facturation asks, Dossiers opens the family, every tab follows and
    Facturation then selects the invoice found (no tab is left on the previous family)."""
    from ems_desktop.views.main_window import MainWindow
    from tests.helpers import add_invoice, make_family

    ctx = app_state.context
    first = make_family(ctx)
    other = make_family(ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    add_invoice(ctx, other.id, "A01-F000777", dt.date(2017, 5, 2))
    add_invoice(ctx, other.id, "A01-F000778", dt.date(2017, 6, 2))
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.show()
    facturation = window.facturation
    window._family_opened(first.id)
    qtbot.waitUntil(lambda: facturation.family_id == first.id and facturation.history is not None)
    facturation.search_edit.setText("A01-F000777")
    with qtbot.waitSignal(facturation.action_done, timeout=10000) as done:
        qtbot.mouseClick(facturation.search_button, Qt.MouseButton.LeftButton)
    assert done.args[0] == "Facture A01-F000777 trouvée."
    assert window.current_family_id == other.id and window.enrollments.family_id == other.id
    assert facturation.tree.currentItem().text(0).startswith("02/05/2017 – Facture A01-F000777")
