"""Fichier › Catalogue…: the administrator edits a group's places and the enrollment grid of the
other tab shows them at once; a field is checked as it is left; a change touching enrolled children
is asked for; next season is prepared after a review."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ems_desktop.services import enrollment, grid
from ems_desktop.views.catalog_dialog import CatalogDialog, NextSeasonDialog
from ems_desktop.views.main_window import MainWindow
from tests.helpers import catalog_and_berthiers, group_id

D = TypeVar("D", bound=QDialog)
VTT = ("EMS-2017-T1", "7/11 ans VTT ou initiation bowling")


@pytest.fixture
def seeded(app_state):
    return app_state, catalog_and_berthiers(app_state.context)


def tree_item(dialog: CatalogDialog, label: str):
    tree = dialog.tree
    for top in range(tree.topLevelItemCount()):
        offer = tree.topLevelItem(top)
        assert offer is not None  # top < topLevelItemCount()
        if offer.text(0) == label:
            return offer
        for index in range(offer.childCount()):
            group = offer.child(index)
            assert group is not None  # index < childCount()
            if group.text(0) == label:
                return group
    return None


def open_catalog(qtbot, window: MainWindow) -> CatalogDialog:
    window.catalog_action.trigger()
    qtbot.waitUntil(lambda: getattr(window, "catalog_dialog", None) is not None
                    and window.catalog_dialog.tree.topLevelItemCount() > 0, timeout=10_000)
    return window.catalog_dialog


def catalog_of(qtbot, state) -> tuple[MainWindow, CatalogDialog]:
    """A main window for ``state`` (not shown) and its catalog dialog opened; the test keeps the
    window (qtbot holds it only weakly)."""
    window = MainWindow(state)
    qtbot.addWidget(window)
    return window, open_catalog(qtbot, window)


def open_from(qtbot, dialog: CatalogDialog, button, name: str, kind: type[D]) -> D:
    """Click ``button`` of the catalog and wait for its dialog ``dialog.<name>``, a ``kind``, to show."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(getattr(dialog, name, None), kind) and getattr(dialog, name).isVisible(),
                    timeout=10_000)
    return getattr(dialog, name)


def test_a_groups_places_changed_in_the_catalog_show_in_the_open_grid(qtbot, seeded):
    state, berthier = seeded
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    tab = window.enrollments
    with qtbot.waitSignal(tab.recap_loaded, timeout=10_000):
        tab.set_family(berthier.id)
    lise = tab.grid.children[0]
    combo = tab.combos[(lise.id, tab.grid.offers[0].id)]
    assert "12 places restantes" in combo.itemText(combo.group_index(VTT[1]))

    dialog = open_catalog(qtbot, window)
    assert dialog.season_combo.currentText() == "2017/2018 — Ouverte aux inscriptions"
    dialog.tree.setCurrentItem(tree_item(dialog, VTT[1]))
    editor = dialog.group_editor
    assert dialog.editors.currentWidget() is editor and editor.capacity.text() == "12"
    editor.capacity.setText("zéro")
    editor.capacity.editingFinished.emit()  # the field is left: checked at once
    assert editor.fields["capacity"].error.text() == "« zéro » n'est pas un nombre entier."
    editor.capacity.setText("20")
    editor.capacity.editingFinished.emit()
    assert editor.fields["capacity"].error.isHidden()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.info.text().startswith("Groupe enregistré"), timeout=10_000)
    assert tree_item(dialog, VTT[1]).text(2) == "0 / 20"
    # The other tab's grid, open on the family, read again and painted with the new places.
    qtbot.waitUntil(lambda: "20 places restantes" in tab.combos[(lise.id, tab.grid.offers[0].id)].itemText(
        tab.combos[(lise.id, tab.grid.offers[0].id)].group_index(VTT[1])), timeout=10_000)
    dialog.reject()


def test_a_bracket_excluding_an_enrolled_child_is_asked_for(qtbot, seeded):
    state, berthier = seeded
    enrollment.enroll(state.context, berthier.children[0].id, group_id(state.context, *VTT))
    window, dialog = catalog_of(qtbot, state)
    dialog.tree.setCurrentItem(tree_item(dialog, VTT[1]))
    editor = dialog.group_editor
    editor.age_from.setText("9")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    def question():
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMessageBox) and w.objectName() == "catalog_confirmation"
                     and w.isVisible()), None)

    qtbot.waitUntil(lambda: question() is not None, timeout=10_000)
    box = question()
    assert "Lise-Roxelane Berthier (14/02/2009)" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.message.text() == "Rien n'a été enregistré.", timeout=10_000)
    assert grid.list_seasons(state.context)  # still there, unchanged below
    with state.context.reading() as s:
        from ems_desktop.models import ActivityGroup
        assert s.get(ActivityGroup, group_id(state.context, *VTT)).age_min == 7
    box.deleteLater()
    dialog.reject()


def test_next_season_is_reviewed_then_created_in_preparation(qtbot, seeded):
    state, _ = seeded
    window, dialog = catalog_of(qtbot, state)
    review = open_from(qtbot, dialog, dialog.next_season_button, "next_season_dialog", NextSeasonDialog)
    table = review.table
    first = [table.item(0, column).text() for column in range(6)]
    assert first == ["EMS-2018-T1", "EMS année 2018/2019 1er trimestre", "19/09/2018", "05/12/2018", "6", "10 → 10"]
    qtbot.mouseClick(review.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.season_combo.currentText() == "2018/2019 — En préparation", timeout=10_000)
    assert dialog.status_button.text() == "Ouvrir aux inscriptions"
    assert [s.label for s in grid.list_seasons(state.context)] == ["2017/2018"]  # not at the counters yet
    qtbot.mouseClick(dialog.status_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.season_combo.currentText() == "2018/2019 — Ouverte aux inscriptions",
                    timeout=10_000)
    assert [s.label for s in grid.list_seasons(state.context)] == ["2017/2018", "2018/2019"]
    dialog.reject()


def test_only_an_administrator_has_the_catalog(qtbot, seeded):
    from ems_desktop.services import agents
    from ems_desktop.views.application import build_state

    state, _ = seeded
    agent = agents.create_agent(state.context, login="l.petit", display_name="Léa Petit", password="Table-verte-2026",
                                roles=["agent"])
    plain = build_state(state.context, state.worker, agent, state.counter, state.local)
    window = MainWindow(plain)
    qtbot.addWidget(window)
    assert not window.catalog_action.isEnabled()
    assert window.catalog_action.toolTip() == "Réservé aux administrateurs"


def test_prices_by_quotient_with_their_preview(qtbot, seeded):
    from ems_desktop.services import catalog_admin
    from ems_desktop.views.catalog_dialog import DEFAULT, SeasonPricesDialog

    state, _ = seeded
    window, dialog = catalog_of(qtbot, state)
    prices = open_from(qtbot, dialog, dialog.prices_button, "prices_dialog", SeasonPricesDialog)
    assert prices.bounds.rowCount() == 0 and prices.prices.columnCount() == DEFAULT + 1
    prices._add_band("0", "700")
    prices.bounds.item(0, 0).setText("0")
    row = next(r for r in range(prices.prices.rowCount()) if prices.prices.item(r, 0).text().endswith(VTT[1]))
    prices.prices.setCurrentCell(row, DEFAULT + 1)
    prices.prices.item(row, DEFAULT + 1).setText("25,00")
    assert prices.preview.text() == (f"Aperçu pour « {VTT[1]} » : Famille au quotient 450 : 25,00\xa0€ ; Famille au "
                                     "quotient 950 : 40,00\xa0€ ; Famille sans quotient valide : 40,00\xa0€.")
    assert prices.prices.horizontalHeaderItem(DEFAULT + 1).text() == "QF 0 à 700"
    qtbot.mouseClick(prices.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.info.text().startswith("Tarifs de la saison 2017/2018 enregistrés"), timeout=10_000)
    season = dialog.season.id
    saved = catalog_admin.season_prices(state.context, season)
    assert saved.bounds == ((0, 700),)
    assert saved.prices[group_id(state.context, *VTT)] == (4000, (2500,))
    dialog.reject()


def test_a_longer_period_shows_at_once_in_the_open_planning(qtbot, seeded):
    from ems_desktop.services import catalog_admin
    from ems_desktop.services.catalog_admin import OfferInput
    from ems_desktop.views.planning_tab import PlanningTab

    state, berthier = seeded
    gid = group_id(state.context, *VTT)
    enrollment.enroll(state.context, berthier.children[0].id, gid)
    tab = PlanningTab(state)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.set_family(berthier.id)
    qtbot.waitUntil(lambda: tab.plan is not None and bool(tab.plan.entries), timeout=10_000)
    last = max(s.day for e in tab.plan.entries if e.group_id == gid for s in e.sessions)
    assert last == dt.date(2017, 12, 6)
    from sqlalchemy import select

    from ems_desktop.models import Offer

    with state.context.reading() as s:
        offer_id, season_id = s.execute(select(Offer.id, Offer.season_id).where(Offer.code == VTT[0])).one()
    catalog_admin.save_offer(state.context, season_id, offer_id, OfferInput(
        code=VTT[0], label="EMS année 2017/2018 1er trimestre", invoice_label="EMS 2017/2018 1er trim.",
        kind="trimester", starts_on="20/09/2017", ends_on="13/12/2017"))  # one Wednesday more, nothing dropped
    qtbot.waitUntil(lambda: tab.plan is not None and max(
        s.day for e in tab.plan.entries if e.group_id == gid for s in e.sessions) == dt.date(2017, 12, 13),
        timeout=10_000)


def test_a_new_season_then_its_first_offer_and_group_through_the_screen(qtbot, seeded):
    from ems_desktop.views.catalog_dialog import NewSeasonDialog

    state, _ = seeded
    window, dialog = catalog_of(qtbot, state)
    new = open_from(qtbot, dialog, dialog.new_season_button, "season_dialog", NewSeasonDialog)
    new.label_edit.setText("2019-2020")
    qtbot.mouseClick(new.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not new.fields["label"].error.isHidden(), timeout=10_000)
    assert new.fields["label"].error.text() == "« 2019-2020 » n'est pas une saison aaaa/aaaa (ex. 2027/2028)."
    new.label_edit.setText("2019/2020")
    qtbot.mouseClick(new.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.season_combo.currentText() == "2019/2020 — En préparation", timeout=10_000)
    assert dialog.empty_hint.isVisible() and not dialog.tree.isVisible()  # an empty season says what to do

    qtbot.mouseClick(dialog.new_offer_button, Qt.MouseButton.LeftButton)
    offer = dialog.offer_editor
    assert dialog.editors.currentWidget() is offer and offer.title.text() == "Nouveau dispositif"
    offer.code.setText("EMS-2019-T1")
    offer.label.setText("EMS année 2019/2020 1er trimestre")
    offer.starts_on.edit.setText("18/09/2019")
    offer.ends_on.edit.setText("30/02/2019")
    offer.ends_on.edit.editingFinished.emit()  # left: checked at once
    assert offer.fields["ends_on"].error.text() == "« 30/02/2019 » n'est pas une date jj/mm/aaaa."
    offer.ends_on.edit.setText("11/12/2019")
    qtbot.mouseClick(offer.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.info.text() == "Dispositif enregistré.", timeout=10_000)
    assert dialog.tree.topLevelItem(0).text(1) == "18/09/2019 – 11/12/2019"

    qtbot.mouseClick(dialog.new_group_button, Qt.MouseButton.LeftButton)
    group = dialog.group_editor
    assert dialog.editors.currentWidget() is group and group.weekday.currentText() == "Mercredi"
    group.label.setText("7/11 ans Escalade")
    group.age_from.setText("7")
    group.age_to.setText("11")
    group.capacity.setText("12")
    group.start_time.setText("13h30")
    group.end_time.setText("16:30")
    group.price.setText("40")
    qtbot.mouseClick(group.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.info.text().startswith("Groupe enregistré"), timeout=10_000)
    row = tree_item(dialog, "7/11 ans Escalade")
    assert [row.text(c) for c in range(1, 5)] == ["mer. 13:30–16:30 · 7 à 11 ans", "0 / 12", "11", "40,00\xa0€"]
    dialog.reject()
