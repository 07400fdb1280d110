"""The Inscriptions grid as a newcomer reads it at 1366×768: every cell says its status in dark
words (nothing cut, the full story in its tooltip), long offer names wrap, places say they are
left, a trimester under way or over says so, messages go with their family or season, and the
keyboard starts on the first cell to choose and moves through the screen in order."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionComboBox

from ems_desktop.models import ActivityGroup
from ems_desktop.paths import CATALOGS
from ems_desktop.services import cash, catalog, checkout, enrollment, families, grid as grid_service, planning
from ems_desktop.views.enrollment_tab import EnrollmentTab
from tests.helpers import catalog_and_berthiers, group_id, make_family

VTT = ("EMS-2017-T1", "7/11 ans VTT ou initiation bowling")
ARC = ("EMS-2017-T2", "7/10 ans Tir à l'arc")
ROLLER = ("EMS-2017-T3", "9/11 ans Roller")
ESCALADE = ("EMS-2017-T1", "7/11 ans Escalade")


@pytest.fixture
def seeded(app_state):
    """The 2017/2018 catalog and the Berthiers: Hugo (12 at the season's start), Lise-Roxelane (8)."""
    hugo = families.ChildInput("Hugo", "Berthier", dt.date(2005, 6, 1))
    return app_state, catalog_and_berthiers(app_state.context, hugo)


def other_child(ctx, name="Petit", birth=dt.date(2009, 5, 5)):
    family = families.create_family(ctx, families.FamilyInput(
        name=name, guardians=(families.GuardianInput("Jo", name, is_payer=True),),
        children=(families.ChildInput("Noé", name, birth),)))
    return family.children[0]


@pytest.fixture
def demo_like(seeded):
    """Lise-Roxelane as the demo shows a busy family: the 1er trimestre paid (confirmed), the full
    Tir à l'arc on its waiting list, the 3ème trimestre to pay."""
    state, berthier = seeded
    ctx = state.context
    lise = child_named(berthier, "Lise-Roxelane")
    cash.open_cash_session(ctx, 5000)
    paid = enrollment.enroll(ctx, lise.id, group_id(ctx, *VTT))
    checkout.checkout_enrollments(ctx, uuid.uuid4(), berthier.id, [paid.id], [checkout.Tender("cash", 4000)])
    arc = group_id(ctx, *ARC)
    with ctx.db.session() as s:
        s.get(ActivityGroup, arc).capacity = 1
    enrollment.enroll(ctx, other_child(ctx).id, arc)
    enrollment.enroll(ctx, lise.id, arc, waiting_list=True)
    enrollment.enroll(ctx, lise.id, group_id(ctx, *ROLLER))
    return state, berthier


def child_named(family, first_name):
    return next(c for c in family.children if c.first_name == first_name)


def open_tab(qtbot, state, family_id) -> EnrollmentTab:
    tab = EnrollmentTab(state)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)  # the counter's 1366×768 screen, less the window's tabs and status bar
    tab.show()
    qtbot.waitExposed(tab)
    with qtbot.waitSignal(tab.recap_loaded, timeout=10_000):
        tab.set_family(family_id)
    return tab


def offer_column(tab, label_start: str) -> int:
    return next(i for i, o in enumerate(tab.grid.offers) if o.label.startswith(label_start))


def cell(tab, child_name: str, label_start: str):
    child = next(c for c in tab.grid.children if c.first_name == child_name)
    return tab.cells[(child.id, tab.grid.offers[offer_column(tab, label_start)].id)]


def text_fits_in_combo(combo) -> bool:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    return combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width()


def text_fits_in_label(label) -> bool:
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


def activate(qtbot, widget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


# --- Cells ---------------------------------------------------------------------------------------

def test_confirmed_waiting_and_pending_cells_say_their_status_in_dark_words(qtbot, demo_like):
    state, berthier = demo_like
    tab = open_tab(qtbot, state, berthier.id)

    confirmed = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 1er trimestre")
    assert confirmed.combo.currentText() == "7/11 ans VTT ou initiation bowling"
    assert confirmed.status.text() == "✓ Confirmée (facturée)"
    # Locked (a credit note changes it), but not greyed out: its text is dark, not disabled grey.
    assert not confirmed.combo.isEnabled()
    assert confirmed.combo.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText).lightness() < 60
    assert confirmed.status.palette().color(QPalette.ColorRole.WindowText).lightness() < 90
    assert confirmed.toolTip().splitlines() == [
        "Lise-Roxelane · 1er trimestre",
        "7/11 ans VTT ou initiation bowling : inscription confirmée (facturée).",
        "mercredi 13:30–16:30, Parc olympique Henry Dujol",
        "Pour la changer, établissez un avoir (onglet Caisse).",
    ]

    waiting = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 2ème trimestre")
    assert waiting.combo.currentText() == "7/10 ans Tir à l'arc" and waiting.combo.isEnabled()
    assert waiting.status.text() == "Liste d'attente"
    assert "7/10 ans Tir à l'arc : sur liste d'attente (le groupe est complet)." in waiting.toolTip()
    assert waiting.status.palette().color(QPalette.ColorRole.WindowText).lightness() < 90

    pending = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 3ème trimestre")
    assert pending.status.text() == "À payer · réservée jusqu'à 17:00"  # 15:00 in Paris, plus 2 hours
    assert ("9/11 ans Roller : à payer (récapitulatif ci-dessous), place réservée jusqu'à 17:00."
            in pending.toolTip())


def test_every_cell_has_its_full_status_in_a_tooltip_and_nothing_is_cut(qtbot, demo_like):
    state, berthier = demo_like
    tab = open_tab(qtbot, state, berthier.id)
    assert len(tab.cells) == 2 * len(tab.grid.offers)
    for (child_id, offer_id), widget in tab.cells.items():
        child = next(c for c in tab.grid.children if c.id == child_id)
        offer = next(o for o in tab.grid.offers if o.id == offer_id)
        # The cell, its chooser and its status line all explain the cell.
        assert widget.toolTip().startswith(f"{child.first_name} · {offer.short_label}\n")
        assert widget.combo.toolTip() == widget.status.toolTip() == widget.toolTip()
        assert text_fits_in_combo(widget.combo), widget.combo.currentText()
        assert text_fits_in_label(widget.status), widget.status.text()
    hugo_cell = cell(tab, "Hugo", "EMS année 2017/2018 1er trimestre")
    assert hugo_cell.status.text() == "Aucun groupe à son âge" and not hugo_cell.combo.isEnabled()
    assert ("7/11 ans Escalade : Hugo aura 12 ans le 20/09/2017 ; ce groupe accueille les 7 à 11 ans."
            in hugo_cell.toolTip().splitlines())
    free = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 2ème trimestre Ski")
    assert free.status.text() == "" and free.combo.currentText() == "— Aucun groupe —"
    assert "Aucun groupe choisi : ouvrez la liste (flèche bas) pour en choisir un." in free.toolTip()


def test_the_open_list_is_wide_enough_for_its_longest_line(qtbot, seeded):
    state, berthier = seeded
    tab = open_tab(qtbot, state, berthier.id)
    combo = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 1er trimestre").combo
    longest = max(combo.view().fontMetrics().horizontalAdvance(combo.itemText(r)) for r in range(combo.count()))
    combo.showPopup()  # measured as it opens
    qtbot.waitUntil(combo.view().isVisible)
    assert combo.view().width() >= longest + 20
    combo.hidePopup()


# --- Headers -------------------------------------------------------------------------------------

def test_long_offer_names_wrap_in_their_header_with_a_tooltip(qtbot, seeded):
    state, berthier = seeded
    tab = open_tab(qtbot, state, berthier.id)
    header = tab.table.horizontalHeader()
    column = offer_column(tab, "V - Parc aquatique")
    item = tab.table.horizontalHeaderItem(column)
    lines = item.text().split("\n")
    assert lines == ["V - Parc aquatique Aix les bains", "10/08/2017"]
    width = header.sectionSize(column)
    assert all(header.fontMetrics().horizontalAdvance(line) < width - 8 for line in lines)
    assert header.height() >= 2 * header.fontMetrics().lineSpacing()  # both lines shown, not cut
    assert item.toolTip().splitlines() == ["V - Parc aquatique Aix les bains 10/08/2017",
                                           "Du 10/08/2017 au 10/08/2017"]
    # A short name stays on one line.
    assert tab.table.horizontalHeaderItem(0).text() == "1er trimestre"


# --- Places --------------------------------------------------------------------------------------

def test_places_say_how_many_are_left_out_of_how_many(qtbot, seeded):
    state, berthier = seeded
    ctx = state.context
    escalade = group_id(ctx, *ESCALADE)
    with ctx.db.session() as s:
        s.get(ActivityGroup, escalade).capacity = 2
    enrollment.enroll(ctx, other_child(ctx).id, escalade)
    tab = open_tab(qtbot, state, berthier.id)
    combo = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 1er trimestre").combo
    row = combo.group_index("7/11 ans Escalade")
    assert combo.itemText(row) == "7/11 ans Escalade — 1 place restante — 40,00\xa0€"
    assert combo.model().item(row).toolTip().splitlines() == [
        "mercredi 13:30–16:30, Gymnase de la Combe de Savoie",
        "1 place restante sur 2 (0 confirmée, 1 réservée en attente de paiement)"]
    montagne = combo.group_index("7/11 ans Montagne")
    assert combo.itemText(montagne) == "7/11 ans Montagne — 14 places restantes — 40,00\xa0€"


# --- A trimester under way, or over ----------------------------------------------------------------

def test_a_trimester_under_way_says_how_many_sessions_are_left_at_full_price(qtbot, seeded, clock):
    state, berthier = seeded
    clock.current = dt.datetime(2017, 11, 25, 10, 0, tzinfo=dt.UTC)  # 29/11 and 06/12 to come
    tab = open_tab(qtbot, state, berthier.id)
    header = tab.table.horizontalHeaderItem(0)
    assert header.text() == "1er trimestre\nPlus que 2 séances sur 10"
    assert "Plus que 2 séances sur 10 : le tarif reste celui de la période entière." in header.toolTip()
    assert tab.table.horizontalHeaderItem(1).text() == "2ème trimestre"  # not started: nothing to say

    lise_cell = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 1er trimestre")
    assert lise_cell.status.text() == "Plus que 2 séances sur 10"
    combo = lise_cell.combo
    row = combo.group_index("7/11 ans Escalade")
    # Still offered, at its full price (DOMAIN.md has no prorata), and it says so.
    assert combo.item_enabled(row)
    assert combo.itemText(row) == "7/11 ans Escalade — 12 places restantes — 40,00\xa0€ — Plus que 2 séances sur 10"
    assert "le tarif reste celui de la période entière" in combo.model().item(row).toolTip()

    clock.current = dt.datetime(2017, 12, 6, 8, 0, tzinfo=dt.UTC)  # the last Wednesday
    with qtbot.waitSignal(tab.recap_loaded):
        tab.set_family(berthier.id)  # read again, as any change announced would
    assert tab.table.horizontalHeaderItem(0).text() == "1er trimestre\nPlus qu'une séance sur 10"


def test_a_trimester_that_is_over_is_no_longer_offered(qtbot, seeded, clock):
    state, berthier = seeded
    clock.current = dt.datetime(2017, 12, 10, 10, 0, tzinfo=dt.UTC)
    tab = open_tab(qtbot, state, berthier.id)
    assert tab.table.horizontalHeaderItem(0).text() == "1er trimestre\nTrimestre terminé le 06/12/2017"
    assert ("Trimestre terminé le 06/12/2017 : plus d'inscription possible."
            in tab.table.horizontalHeaderItem(0).toolTip())
    lise_cell = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 1er trimestre")
    assert lise_cell.status.text() == "Trimestre terminé le 06/12/2017"
    assert lise_cell.combo.isHidden() and not lise_cell.combo.isEnabled()
    combo = lise_cell.combo
    row = combo.group_index("7/11 ans Escalade")
    assert not combo.item_enabled(row)
    assert combo.itemText(row) == "7/11 ans Escalade — Trimestre terminé le 06/12/2017 : plus d'inscription possible."
    # Outings are over once their day is past; the next trimester is still offered.
    assert cell(tab, "Lise-Roxelane", "V - Parc aquatique").status.text() == "Sortie passée le 10/08/2017"
    assert cell(tab, "Lise-Roxelane", "EMS année 2017/2018 2ème trimestre").combo.isEnabled()


def test_the_sessions_left_are_the_groups_own_after_a_cancellation(qtbot, seeded, clock):
    state, berthier = seeded
    ctx = state.context
    clock.current = dt.datetime(2017, 11, 25, 10, 0, tzinfo=dt.UTC)
    tab = open_tab(qtbot, state, berthier.id)
    combo = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 1er trimestre").combo
    assert combo.itemText(combo.group_index("7/11 ans Escalade")).endswith("Plus que 2 séances sur 10")

    planning.cancel_session(ctx, group_id(ctx, *ESCALADE), dt.date(2017, 12, 6), "Gymnase fermé")

    def escalade_text():
        current = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 1er trimestre").combo
        return current.itemText(current.group_index("7/11 ans Escalade"))

    # The open grid follows the planning change; the other groups keep their two sessions.
    qtbot.waitUntil(lambda: escalade_text().endswith("Plus qu'une séance sur 9"))
    combo = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 1er trimestre").combo
    assert combo.itemText(combo.group_index("7/11 ans Montagne")).endswith("Plus que 2 séances sur 10")
    assert tab.table.horizontalHeaderItem(0).text() == "1er trimestre\nPlus que 2 séances sur 10"


def test_the_grid_service_refuses_an_offer_that_is_over_whatever_the_age(catalog_2017, clock):
    ctx = catalog_2017
    berthier = make_family(ctx, children=(("Lise-Roxelane", dt.date(2009, 2, 14)), ("Hugo", dt.date(2005, 6, 1))))
    clock.current = dt.datetime(2017, 12, 7, 9, 0, tzinfo=dt.UTC)
    season = grid_service.list_seasons(ctx)[0]
    grid = grid_service.enrollment_grid(ctx, berthier.id, season.id)
    first = grid.offers[0]
    assert grid.progress[first.id].over and grid.progress[first.id].sessions_total == 10
    for child in grid.children:
        choices = grid.cell(child.id, first.id).choices
        assert all(not c.allowed and c.reason == "Trimestre terminé le 06/12/2017 : plus d'inscription possible."
                   for c in choices)
    second = grid.offers[1]
    assert not grid.progress[second.id].started and grid.progress[second.id].notice == ""


# --- Messages ------------------------------------------------------------------------------------

def test_messages_go_away_with_their_family_or_season(qtbot, seeded):
    state, berthier = seeded
    ctx = state.context
    childless = families.create_family(ctx, families.FamilyInput(
        name="Sansenfant", guardians=(families.GuardianInput("Léa", "Sansenfant", is_payer=True),)))
    tab = open_tab(qtbot, state, childless.id)
    assert tab.no_child.isVisible() and "pas encore d'enfant" in tab.no_child.text()
    with qtbot.waitSignal(tab.recap_loaded):
        tab.set_family(berthier.id)
    assert not tab.no_child.isVisible()

    def refuse_hugo():
        combo = cell(tab, "Hugo", "EMS année 2017/2018 1er trimestre").combo
        combo.activated.emit(combo.group_index("7/11 ans Escalade"))  # too old: the service refuses
        qtbot.waitUntil(tab.error.isVisible)
        assert tab.error.text().startswith("Hugo aura 12 ans le 20/09/2017")

    refuse_hugo()
    with qtbot.waitSignal(tab.recap_loaded):
        tab.set_family(childless.id)
    assert not tab.error.isVisible()

    with qtbot.waitSignal(tab.recap_loaded):
        tab.set_family(berthier.id)
    refuse_hugo()
    catalog.import_catalog_file(ctx, CATALOGS / "2026-2027.csv")
    qtbot.waitUntil(lambda: tab.season_combo.count() == 2)
    with qtbot.waitSignal(tab.grid_loaded):
        tab.select_season("2026/2027")
    assert not tab.error.isVisible()


# --- Keyboard ------------------------------------------------------------------------------------

def test_focus_first_goes_to_the_first_cell_to_choose_and_tab_follows_the_screen(qtbot, demo_like):
    state, berthier = demo_like
    tab = open_tab(qtbot, state, berthier.id)
    activate(qtbot, tab)
    tab.focus_first()
    # The leftmost offer with a cell to choose, then its first child: Hugo is too old for the
    # trimesters and Lise-Roxelane's 1er trimestre is confirmed, so her 2ème trimestre — and the
    # grid stays scrolled to its first columns (Hugo's summer stage would have scrolled it away).
    first = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 2ème trimestre").combo
    assert QApplication.focusWidget() is first
    assert tab.table.horizontalScrollBar().value() == 0

    # Tab: the cells row by row (the locked ones skipped), the recap's « Retirer », « Encaisser ».
    expected = [c for c in tab.combos.values() if c.isEnabled()]
    expected = expected[expected.index(first) + 1:] + [tab.recap_table.cellWidget(0, 4), tab.checkout_button]
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget
    confirmed = cell(tab, "Lise-Roxelane", "EMS année 2017/2018 1er trimestre").combo
    assert confirmed not in expected
    # Shift+Tab goes back in screen order: the cell before it, row by row.
    tab.focus_first()
    enabled = [c for c in tab.combos.values() if c.isEnabled()]
    qtbot.keyClick(first, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is enabled[enabled.index(first) - 1]
    enabled[0].setFocus()
    qtbot.waitUntil(enabled[0].hasFocus)
    qtbot.keyClick(enabled[0], Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is tab.season_combo  # before the first cell: the season


def test_focus_first_while_the_family_loads_lands_once_the_grid_is_shown(qtbot, seeded):
    state, berthier = seeded
    tab = EnrollmentTab(state)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    activate(qtbot, tab)
    with qtbot.waitSignal(tab.recap_loaded, timeout=10_000):
        tab.set_family(berthier.id)
        tab.focus_first()  # the main window calls it as the tab shows, before the grid is read
    qtbot.waitUntil(lambda: QApplication.focusWidget()
                    is cell(tab, "Lise-Roxelane", "EMS année 2017/2018 1er trimestre").combo)


def test_the_wheel_and_typed_letters_never_choose_a_group_by_themselves(qtbot, seeded):
    state, berthier = seeded
    tab = open_tab(qtbot, state, berthier.id)
    activate(qtbot, tab)
    key = next(k for k, w in tab.cells.items() if w is cell(tab, "Lise-Roxelane", "EMS année 2017/2018 1er trimestre"))
    combo = tab.combos[key]
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)

    wheel = QWheelEvent(QPointF(10, 10), QPointF(combo.mapToGlobal(QPoint(10, 10))), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() == 0  # a closed QComboBox would have moved to (and enrolled in) a group

    qtbot.keyClick(combo, Qt.Key.Key_7)
    assert combo.currentIndex() == 0 and combo.view().isVisible()  # the letter searches the open list
    assert combo.itemText(combo.view().currentIndex().row()).startswith("7/11 ans Escalade")
    with qtbot.waitSignal(tab.recap_loaded, timeout=10_000):
        qtbot.keyClick(combo.view(), Qt.Key.Key_Return)  # Enter chooses
    assert [tab.recap_table.item(r, 2).text() for r in range(tab.recap_table.rowCount())] == ["7/11 ans Escalade"]
    # The grid was rebuilt: the keyboard is still on the same cell (the window's focused widget:
    # the offscreen platform leaves the closed list's window active).
    assert tab.focusWidget() is tab.combos[key]
    assert tab.cells[key].status.text().startswith("À payer")
