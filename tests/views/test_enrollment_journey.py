"""The seed's journey through the widgets: find the family by typing part of "roxelane", open
it, enroll Lise-Roxelane in the three groups of the seed, and read the recap."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ems_desktop.paths import CATALOGS
from ems_desktop.services import catalog, enrollment, families
from ems_desktop.views.dossiers_tab import DossiersTab
from ems_desktop.views.enrollment_tab import EnrollmentTab
from ems_desktop.views.main_window import MainWindow
from tests.helpers import group_id


@pytest.fixture
def seeded(app_state):
    ctx = app_state.context
    catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv")
    berthier = families.create_family(ctx, families.FamilyInput(
        name="Berthier",
        guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True, phone_mobile="06 12 34 56 78"),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", dt.date(2009, 2, 14)),
                  families.ChildInput("Hugo", "Berthier", dt.date(2005, 6, 1))),
    ))
    families.create_family(ctx, families.FamilyInput(
        name="Roux", guardians=(families.GuardianInput("Anne", "Roux", is_payer=True),),
        children=(families.ChildInput("Léo", "Roux", dt.date(2010, 1, 1)),)))
    return app_state, berthier


def open_window(qtbot, state) -> MainWindow:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    return window


def open_tab(qtbot, state, family_id) -> EnrollmentTab:
    """An Inscriptions tab on the family, its recap loaded."""
    tab = EnrollmentTab(state)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.recap_loaded):
        tab.set_family(family_id)
    return tab


def test_search_is_case_and_accent_insensitive(qtbot, seeded):
    state, berthier = seeded
    tab = DossiersTab(state)
    qtbot.addWidget(tab)
    for query in ("lise roxelane", "LISE-ROXÉLANE", "roxelane", "0612345678", "06 12 34", "A01-00001"):
        tab.search_edit.setText(query)
        qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.row_at(0).id == berthier.id)
    row = tab.model.row_at(0)
    assert row.children_label.startswith("Hugo (") and "Lise-Roxelane (" in row.children_label
    tab.search_edit.setText("zzz")
    qtbot.waitUntil(lambda: tab.results.currentWidget() is tab.hint and "zzz" in tab.hint.text())
    assert tab.model.rowCount() == 0


def test_escape_clears_and_enter_opens(qtbot, seeded):
    state, berthier = seeded
    tab = DossiersTab(state)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.keyClicks(tab.search_edit, "roux")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Escape)
    assert tab.search_edit.text() == ""
    qtbot.keyClicks(tab.search_edit, "berth")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.row_at(0).name == "Berthier")
    with qtbot.waitSignal(tab.family_opened) as opened:
        qtbot.keyClick(tab.search_edit, Qt.Key.Key_Down)
        qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened.args == [berthier.id]


def test_the_seed_journey_ends_on_a_recap_of_120_euros(qtbot, seeded):
    state, berthier = seeded
    window = open_window(qtbot, state)
    window.tabs.setCurrentIndex(1)
    qtbot.keyClicks(window.dossiers.search_edit, "roxel")
    qtbot.waitUntil(lambda: window.dossiers.model.rowCount() == 1)
    grid = window.enrollments
    with qtbot.waitSignal(grid.recap_loaded, timeout=10_000):
        qtbot.keyClick(window.dossiers.search_edit, Qt.Key.Key_Return)
    # On 21/06/2017 the counter works on the coming season by default.
    assert grid.season_combo.currentText() == "2017/2018"
    assert [c.first_name for c in grid.grid.children] == ["Hugo", "Lise-Roxelane"]
    offers = [o.short_label for o in grid.grid.offers]
    assert offers[:4] == ["1er trimestre", "2ème trimestre", "2ème trimestre Ski", "3ème trimestre"]

    lise = grid.grid.children[1]
    for column, label in ((0, "7/11 ans VTT ou initiation bowling"), (1, "7/10 ans Tir à l'arc"),
                          (3, "9/11 ans Roller")):
        combo = grid.combos[(lise.id, grid.grid.offers[column].id)]
        row = combo.group_index(label)
        assert row > 0 and combo.item_enabled(row)
        assert "12 places" in combo.itemText(row) or "places" in combo.itemText(row)
        with qtbot.waitSignal(grid.recap_loaded, timeout=10_000):
            combo.setCurrentIndex(row)
            combo.activated.emit(row)

    assert grid.recap_table.rowCount() == 3
    assert [grid.recap_table.item(r, 2).text() for r in range(3)] == [
        "7/11 ans VTT ou initiation bowling", "7/10 ans Tir à l'arc", "9/11 ans Roller"]
    assert [grid.recap_table.item(r, 3).text() for r in range(3)] == ["40,00\xa0€"] * 3
    assert grid.summary.text() == "3 inscriptions pour un montant total de 120,00\xa0€"
    assert grid.hold_label.text().startswith("Places réservées jusqu'à")
    assert "1 h 59 min" in grid.hold_label.text() or "2 h 00 min" in grid.hold_label.text()
    with qtbot.waitSignal(grid.checkout_requested) as asked:
        qtbot.mouseClick(grid.checkout_button, Qt.MouseButton.LeftButton)
    assert asked.args[0] == berthier.id and len(asked.args[1]) == 3


def test_age_refusal_is_shown_disabled_with_its_reason(qtbot, seeded):
    state, berthier = seeded
    tab = open_tab(qtbot, state, berthier.id)
    assert tab.season_combo.currentText() == "2017/2018"
    hugo = tab.grid.children[0]
    combo = tab.combos[(hugo.id, tab.grid.offers[0].id)]
    row = combo.group_index("7/11 ans Escalade")
    assert not combo.item_enabled(row)
    assert combo.itemText(row) == ("7/11 ans Escalade — Hugo aura 12 ans le 20/09/2017 ; "
                                   "ce groupe accueille les 7 à 11 ans.")


def test_second_group_in_the_same_offer_replaces_the_pending_one(qtbot, seeded):
    state, berthier = seeded
    tab = open_tab(qtbot, state, berthier.id)
    assert tab.season_combo.currentText() == "2017/2018"
    lise = tab.grid.children[1]
    offer = tab.grid.offers[0]
    for label in ("7/11 ans Escalade", "7/11 ans Montagne"):
        combo = tab.combos[(lise.id, offer.id)]
        with qtbot.waitSignal(tab.recap_loaded):
            combo.activated.emit(combo.group_index(label))
    assert [tab.recap_table.item(r, 2).text() for r in range(tab.recap_table.rowCount())] == ["7/11 ans Montagne"]
    # Once invoiced (confirmed), the cell is locked: a second group is refused by the service.
    from ems_desktop.services.errors import AlreadyEnrolled
    with pytest.raises(AlreadyEnrolled):
        enrollment.enroll(state.context, lise.id, group_id(state.context, "EMS-2017-T1", "7/11 ans Escalade"))


def test_full_group_offers_the_waiting_list(qtbot, seeded):
    state, berthier = seeded
    ctx = state.context
    gid = group_id(ctx, "EMS-2017-T1", "8/11 ans Billard français")
    from ems_desktop.models import ActivityGroup
    with ctx.db.session() as s:
        s.get(ActivityGroup, gid).capacity = 1
    other = families.create_family(ctx, families.FamilyInput(
        name="Petit", guardians=(families.GuardianInput("Jo", "Petit", is_payer=True),),
        children=(families.ChildInput("Noé", "Petit", dt.date(2008, 5, 5)),)))
    enrollment.enroll(ctx, other.children[0].id, gid)

    tab = open_tab(qtbot, state, berthier.id)
    assert tab.season_combo.currentText() == "2017/2018"
    lise = tab.grid.children[1]
    combo = tab.combos[(lise.id, tab.grid.offers[0].id)]
    row = combo.group_index("8/11 ans Billard français")
    assert "complet – liste d'attente" in combo.itemText(row)
    combo.activated.emit(row)
    qtbot.waitUntil(lambda: getattr(tab, "waiting_list_box", None) is not None and tab.waiting_list_box.isVisible())
    assert tab.waiting_list_box.text() == (
        "Le groupe 8/11 ans Billard français est complet : inscription sur liste d'attente ?")
    with qtbot.waitSignal(tab.recap_loaded):
        tab.waiting_list_box.button(QMessageBox.StandardButton.Yes).click()
    cell = tab.grid.cell(lise.id, tab.grid.offers[0].id)
    assert cell.current.status == "waiting"
    assert tab.recap_table.rowCount() == 0  # the waiting list is not paid now


def test_places_update_live_in_every_open_grid(qtbot, seeded):
    state, berthier = seeded
    ctx = state.context
    first, second = EnrollmentTab(state), EnrollmentTab(state)
    for tab in (first, second):
        qtbot.addWidget(tab)
        with qtbot.waitSignal(tab.recap_loaded):
            tab.set_family(berthier.id)
        assert tab.season_combo.currentText() == "2017/2018"
    lise = first.grid.children[1]
    offer = first.grid.offers[0]

    def places_text(tab):
        combo = tab.combos[(lise.id, offer.id)]
        return combo.itemText(combo.group_index("7/11 ans Escalade"))

    assert "12 places" in places_text(second)
    other = families.create_family(ctx, families.FamilyInput(
        name="Petit", guardians=(families.GuardianInput("Jo", "Petit", is_payer=True),),
        children=(families.ChildInput("Noé", "Petit", dt.date(2009, 5, 5)),)))
    # Another agent action (a service call announcing its change) updates both open grids.
    enrollment.enroll(ctx, other.children[0].id, group_id(ctx, "EMS-2017-T1", "7/11 ans Escalade"))
    qtbot.waitUntil(lambda: "11 places" in places_text(first) and "11 places" in places_text(second))


def test_switching_dossier_asks_before_dropping_typed_changes(qtbot, seeded):
    state, berthier = seeded
    tab = DossiersTab(state)
    qtbot.addWidget(tab)
    tab.show()
    tab.open_family(berthier.id)
    qtbot.waitUntil(lambda: tab.form.family_id == berthier.id)
    tab.form.edits["city"].setText("Moûtiers")
    assert tab.form.has_unsaved_changes()
    tab.new_family()
    qtbot.waitUntil(lambda: getattr(tab, "unsaved_box", None) is not None and tab.unsaved_box.isVisible())
    tab.unsaved_box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not tab.unsaved_box.isVisible())
    assert tab.form.family_id == berthier.id and tab.form.edits["city"].text() == "Moûtiers"


def test_a_season_imported_while_open_appears_in_the_season_list(qtbot, seeded):
    state, berthier = seeded
    tab = open_tab(qtbot, state, berthier.id)
    assert [tab.season_combo.itemText(i) for i in range(tab.season_combo.count())] == ["2017/2018"]
    catalog.import_catalog_file(state.context, CATALOGS / "2026-2027.csv")
    qtbot.waitUntil(lambda: tab.season_combo.count() == 2)
    assert tab.season_combo.currentText() == "2017/2018"
