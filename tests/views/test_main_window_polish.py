"""The main window as a new agent meets it: one open family named beside the tabs and used by every
tab, the focus where the agent types first, Quitter that really quits, and an Aide menu that helps."""

from __future__ import annotations

import asyncio
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ems_desktop.services import cash
from ems_desktop.views.main_window import MainWindow
from tests.helpers import add_invoice, make_family


def shown(qtbot, state) -> MainWindow:
    window = MainWindow(state)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def berthier_and_roux(ctx):
    """The Berthiers, and the Roux with their invoice A01-F000777."""
    first = make_family(ctx)
    other = make_family(ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    add_invoice(ctx, other.id, "A01-F000777", dt.date(2017, 5, 2))
    return first, other


def test_the_open_family_is_named_beside_the_tabs_and_followed_by_every_tab(qtbot, app_state):
    first, other = berthier_and_roux(app_state.context)
    window = shown(qtbot, app_state)
    assert window.open_family_label.text() == "Aucun dossier ouvert"
    window.dossiers.family_opened.emit(first.id)
    qtbot.waitUntil(lambda: "Berthier" in window.open_family_label.text())
    assert window.caisse.open_family_id == first.id
    # An invoice of another family found in Facturation: that family is the open one everywhere,
    # so the Caisse's credit-note dialog can only offer its enrollments.
    window.facturation.search_edit.setText("A01-F000777")
    qtbot.mouseClick(window.facturation.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.open_family_label.text().startswith("Famille ouverte : Roux"))
    assert window.current_family_id == other.id
    assert window.caisse.open_family_id == other.id and window.enrollments.family_id == other.id
    assert window.planning.family_id == other.id and window.facturation.family_id == other.id


def test_a_dossier_being_typed_keeps_its_family_open_when_facturation_finds_another(qtbot, app_state):
    from PySide6.QtWidgets import QMessageBox

    first, other = berthier_and_roux(app_state.context)
    window = shown(qtbot, app_state)
    opening = window.dossiers.open_family(first.id)
    qtbot.waitUntil(opening.done)
    qtbot.waitUntil(lambda: window.facturation.family_id == first.id)
    window.dossiers.form.edits["city"].setText("Ugine")  # typed, not saved
    window.facturation.search_edit.setText("A01-F000777")
    qtbot.mouseClick(window.facturation.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(window.dossiers, "unsaved_box", None) is not None
                    and window.dossiers.unsaved_box.isVisible())
    window.dossiers.unsaved_box.button(QMessageBox.StandardButton.Cancel).click()  # keep the typing
    error = window.facturation.search_error
    qtbot.waitUntil(lambda: not error.isHidden())  # (the Facturation tab is behind the current one)
    assert error.text() == ("La facture A01-F000777 est d'une autre famille : enregistrez ou abandonnez d'abord le "
                            "dossier en cours dans Dossiers (Ctrl+2).")
    assert window.current_family_id == first.id and window.facturation.family_id == first.id
    assert window.caisse.open_family_id == first.id
    assert window.dossiers.form.edits["city"].text() == "Ugine"


def test_ctrl_2_puts_the_focus_in_the_search_and_no_letter_is_lost(qtbot, app_state):
    make_family(app_state.context)
    window = shown(qtbot, app_state)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    search = window.dossiers.search_edit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search)
    qtbot.keyClicks(QApplication.focusWidget(), "berth")
    assert search.text() == "berth"
    qtbot.waitUntil(lambda: window.dossiers.model.rowCount() == 1)  # found as typed


def test_every_tab_puts_the_focus_where_the_agent_types_first(qtbot, app_state):
    cash.open_cash_session(app_state.context, 0)
    window = shown(qtbot, app_state)
    window.tabs.setCurrentWidget(window.facturation)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.facturation.search_edit)
    window.tabs.setCurrentWidget(window.dossiers)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.dossiers.search_edit)
    for tab in (window.accueil, window.enrollments, window.caisse, window.planning):
        window.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(lambda tab=tab: QApplication.focusWidget() is not None
                        and (QApplication.focusWidget() is tab or tab.isAncestorOf(QApplication.focusWidget())))


def test_quitter_closes_the_simulator_window_and_ends_the_application(qtbot, app_state):
    from ems_desktop.terminal.simulator import TerminalSimulator

    simulator = TerminalSimulator()
    started = asyncio.ensure_future(simulator.start())
    qtbot.waitUntil(started.done)
    app_state.simulator = simulator
    window = shown(qtbot, app_state)
    window.show_simulator()
    qtbot.addWidget(window.simulator_window)
    assert window.simulator_window.isVisible()
    with qtbot.waitSignal(window.closed, timeout=2000):
        quit_action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Quitter")
        quit_action.trigger()
    assert not window.isVisible() and not window.simulator_window.isVisible()
    stopped = asyncio.ensure_future(simulator.stop())
    qtbot.waitUntil(stopped.done)


def test_the_aide_menu_has_the_guide_and_the_shortcuts(qtbot, app_state):
    window = shown(qtbot, app_state)
    help_menu = window.menuBar().actions()[-1].menu()
    assert [a.text() for a in help_menu.actions() if not a.isSeparator()] == [
        "&Guide du guichet", "&Raccourcis clavier", "À &propos d'EMS Desktop"]
    window.guide_action.trigger()
    guide = window.guide_dialog
    qtbot.addWidget(guide)
    text = guide.text.toPlainText()
    for step in ("Retrouver la famille", "Inscrire chaque enfant", "Encaisser", "Remettre les documents",
                 "Montrer le planning", "Corriger, rembourser"):
        assert step in text
    window.shortcuts_action.trigger()
    table = window.shortcuts_dialog.table
    qtbot.addWidget(window.shortcuts_dialog)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Ctrl+2"] == "Dossiers" and rows["Ctrl+L"] == "Changer d'agent / verrouiller"
    assert rows["Ctrl+Q"] == "Quitter" and rows["F1"] == "Guide du guichet"
    assert rows["Ctrl+N"] == "Dossiers : nouvelle famille" and "calendrier" in rows["Alt+↓ ou F4"]
    assert "par chèque" in text


def test_the_caisse_reopens_closing_reports_for_the_regisseur(qtbot, app_state):
    window = shown(qtbot, app_state)
    window.tabs.setCurrentWidget(window.caisse)
    button = window.caisse.reports_button
    qtbot.waitUntil(button.isVisible)  # the first-run administrator
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.caisse.closing_reports_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "Rapports de clôture de caisse"
    dialog.close()


def test_each_menu_entry_has_its_own_access_key(qtbot, app_state):
    """Alt+F then a letter opens one entry: no two entries of a menu share their underlined letter."""
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    for menu_action in window.menuBar().actions():
        keys = [a.text().split("&", 1)[1][0].lower() for a in menu_action.menu().actions()
                if not a.isSeparator() and "&" in a.text()]
        assert len(keys) == len(set(keys)), (menu_action.text(), keys)
