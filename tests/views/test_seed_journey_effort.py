"""The seed's journey as the agent does it, with real clicks and keys, counted: find the family,
enroll Lise-Roxelane in the three groups of the seed, pay 120,00 € by card, print the ticket and
the invoice (through the system's print dialog). The issue's walk took 20 clicks and 22 keystrokes; the journey
must not take more, and no key typed after a tab shortcut may be lost."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from ems_desktop.paths import CATALOGS
from ems_desktop.services import cash, catalog, families
from ems_desktop.terminal.client import CaisseApIpTerminal
from ems_desktop.terminal.simulator import TerminalSimulator
from ems_desktop.views.main_window import MainWindow

SEED = (("1er trimestre", "7/11 ans VTT ou initiation bowling"), ("2ème trimestre", "7/10 ans Tir à l'arc"),
        ("3ème trimestre", "9/11 ans Roller"))


class InputCounter(QObject):
    """Counts the agent's clicks and keys on the application. An event the first widget does not
    take goes on to its parents, through this filter again: a press is counted once, until the
    release that ends it."""

    def __init__(self) -> None:
        super().__init__()
        self.clicks = 0
        self.keys = 0
        self._click_counted = False
        self._key_counted = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and not self._click_counted:
            self.clicks += 1
            self._click_counted = True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._click_counted = False
        elif kind == QEvent.Type.KeyPress and not self._key_counted and not event.isAutoRepeat():
            self.keys += 1
            self._key_counted = True
        elif kind == QEvent.Type.KeyRelease:
            self._key_counted = False
        return False


@pytest.fixture
def counter(app_state, qtbot):
    ctx = app_state.context
    catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv")
    family = families.create_family(ctx, families.FamilyInput(
        name="Berthier", guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", dt.date(2009, 2, 14)),)))
    cash.open_cash_session(ctx, 5000)
    simulator = TerminalSimulator()
    started = asyncio.ensure_future(simulator.start())
    qtbot.waitUntil(started.done)
    app_state.terminal = CaisseApIpTerminal("127.0.0.1", simulator.port, deadline_s=10)
    yield app_state, family, simulator
    stopped = asyncio.ensure_future(simulator.stop())
    qtbot.waitUntil(stopped.done)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_in_list(qtbot, combo, row: int) -> None:
    """Click the chooser open, then click the group in its list. (Qt ignores a click in a list
    opened less than a double-click interval ago; the test sets that interval to nothing.)"""
    click(qtbot, combo)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    QApplication.processEvents()  # the list's guard timer (0 ms here) runs out
    index = combo.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def test_the_seed_journey_takes_fewer_clicks_and_keys_than_before(qtbot, counter, tmp_path):
    state, family, simulator = counter
    window = MainWindow(state)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    interval = QApplication.doubleClickInterval()
    QApplication.setDoubleClickInterval(0)
    counting = InputCounter()
    QApplication.instance().installEventFilter(counting)
    try:
        # Dossiers: Ctrl+2, the first letters typed at once, Entrée opens the dossier.
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.dossiers.search_edit)
        qtbot.keyClicks(QApplication.focusWidget(), "roxel")
        assert window.dossiers.search_edit.text() == "roxel"  # no letter lost
        qtbot.waitUntil(lambda: window.dossiers.model.rowCount() == 1)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.current_family_id == family.id)
        # Inscriptions: one group per trimester, chosen in its list.
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        grid = window.enrollments
        qtbot.waitUntil(lambda: grid.grid is not None and bool(grid.grid.children))
        lise = grid.grid.children[0]
        offers = {offer.short_label: offer for offer in grid.grid.offers}
        for done, (offer, group) in enumerate(SEED, start=1):
            combo = grid.combos[(lise.id, offers[offer].id)]
            with qtbot.waitSignal(grid.recap_loaded, timeout=10_000):
                choose_in_list(qtbot, combo, combo.group_index(group))
            assert grid.recap_table.rowCount() == done
        assert grid.summary.text() == "3 inscriptions pour un montant total de 120,00\xa0€"
        # Caisse: « Encaisser », « Payer » by card (the customer presents the card), documents.
        click(qtbot, grid.checkout_button)
        caisse = window.caisse
        qtbot.waitUntil(lambda: caisse.due_cents == 12000 and bool(caisse.rows) and caisse.rows[0].mode == "card")
        click(qtbot, caisse.pay_button)
        qtbot.waitUntil(lambda: simulator.pending is not None, timeout=10_000)
        simulator.present_card("4970110000001029")
        qtbot.waitUntil(lambda: caisse.result is not None, timeout=10_000)
        caisse.open_file = lambda path: False
        click(qtbot, caisse.ticket_button)
        qtbot.waitUntil(lambda: "Ticket" in caisse.document_message.plain)
        click(qtbot, caisse.invoice_button)
        # The system's print dialog: « Imprimer ».
        qtbot.waitUntil(lambda: getattr(caisse, "print_dialog", None) is not None and caisse.print_dialog.isVisible())
        dialog = caisse.print_dialog
        # This machine has no printer: Qt's dialog offers printing to a PDF file (a counter's
        # printer is chosen by default there); its file, set here, is not the agent's typing.
        printed = tmp_path / "imprimee.pdf"
        dialog.findChild(QLineEdit, "filename").setText(str(printed))
        click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
        qtbot.waitUntil(lambda: caisse.document_message.plain.startswith("Facture A01-F000001 : "))
        assert printed.read_bytes().startswith(b"%PDF")
    finally:
        QApplication.instance().removeEventFilter(counting)
        QApplication.setDoubleClickInterval(interval)
    assert caisse.result.paid_cents == 12000
    # 3 × (open the list, choose) + Encaisser + Payer + ticket + invoice + « Imprimer » in the print
    # dialog; Ctrl+2, 5 letters, Entrée, Ctrl+3.
    assert (counting.clicks, counting.keys) == (11, 8)
    assert counting.clicks <= 20 and counting.keys <= 22
