"""The Planning tab shows Lise-Roxelane's three trimesters on the right Wednesdays."""

from __future__ import annotations

import datetime as dt

from ems_desktop.services import enrollment
from ems_desktop.views.planning_tab import CANCELLED, CONFIRMED, PENDING, PlanningTab
from tests.helpers import FIRST, SECOND, SEED_GROUPS, THIRD, confirm, group_id
from tests.views.planning_helpers import open_tab, petit_in_2031


def painted_month(qtbot, tab, year, month) -> dict[dt.date, list[str]]:
    """Show a month and paint it: the marks the calendar really drew, by day of that month."""
    tab.calendar.setCurrentPage(year, month)
    tab.calendar.grab()  # paints every cell through paintCell
    return {d: m for d, m in tab.calendar.painted.items() if (d.year, d.month) == (year, month)}


def test_lise_roxelanes_three_trimesters_are_starred_on_the_right_wednesdays(qtbot, lise):
    state, family, ids = lise
    # Confirmation belongs to the checkout (another part of the application): set directly here.
    confirm(state.context, ids)
    tab = open_tab(qtbot, state, family)
    assert tab.season_combo.currentText() == "2017/2018"
    starred = sorted(day for day, marks in tab.calendar.marks.items() if CONFIRMED in marks)
    assert starred == FIRST + SECOND + THIRD
    # What the calendar paints, month by month (September 2017 to June 2018).
    painted = {}
    for year, month in [(2017, m) for m in range(9, 13)] + [(2018, m) for m in range(1, 7)]:
        painted.update(painted_month(qtbot, tab, year, month))
    assert sorted(d for d, m in painted.items() if m == [CONFIRMED]) == FIRST + SECOND + THIRD
    assert painted.keys() == set(FIRST + SECOND + THIRD)
    assert [dt.date(2017, 9, 20), dt.date(2017, 9, 27), dt.date(2017, 10, 4), dt.date(2017, 10, 11),
                     dt.date(2017, 10, 18), dt.date(2017, 11, 8), dt.date(2017, 11, 15), dt.date(2017, 11, 22),
                     dt.date(2017, 11, 29), dt.date(2017, 12, 6)] == FIRST
    for holiday in (dt.date(2017, 10, 25), dt.date(2017, 11, 1), dt.date(2018, 2, 14), dt.date(2018, 4, 11)):
        assert holiday not in tab.calendar.marks
    assert tab.cost_label.text() == "Coût de la période : 120,00\xa0€"
    assert tab.balance_label.text() == "Restant dû : 0,00\xa0€"
    assert "EMS année 2017/2018 1er trimestre — 40,00\xa0€" in tab.entries.item(0).text()
    # The calendar opens on the first month with sessions, and lists them.
    tab.calendar.setCurrentPage(2017, 8)
    with qtbot.waitSignal(tab.loaded):
        tab.reload()
    assert (tab.calendar.yearShown(), tab.calendar.monthShown()) == (2017, 9)
    assert tab.month_list.count() == 2 and tab.month_list.item(0).text().startswith("20/09/2017 — 7/11 ans VTT")


def test_pending_enrollments_and_cancelled_sessions_have_their_own_marks(qtbot, lise):
    from ems_desktop.services import planning

    state, family, ids = lise
    confirm(state.context, ids[:1])
    planning.cancel_session(state.context, group_id(state.context, *SEED_GROUPS[0]), dt.date(2017, 10, 11),
                            "Intempéries")
    tab = open_tab(qtbot, state, family)
    assert tab.calendar.marks[dt.date(2017, 10, 11)] == [CANCELLED]
    assert tab.calendar.marks[dt.date(2018, 1, 10)] == [PENDING]
    assert painted_month(qtbot, tab, 2017, 10)[dt.date(2017, 10, 11)] == [CANCELLED]
    assert tab.calendar.tooltips[dt.date(2017, 10, 11)].endswith("séance annulée : Intempéries")
    assert tab.calendar.tooltips[dt.date(2017, 10, 25)] == (
        "Pas de séance de 7/11 ans VTT ou initiation bowling : Vacances de la Toussaint")
    assert "(à payer)" in tab.calendar.tooltips[dt.date(2018, 1, 10)]
    tab.calendar.setCurrentPage(2017, 10)
    assert any("11/10/2017" in tab.month_list.item(i).text()
               and "annulée : Intempéries" in tab.month_list.item(i).text()
               for i in range(tab.month_list.count()))


def test_a_session_cancelled_by_the_administrator_shows_at_once(qtbot, lise):
    state, family, ids = lise
    confirm(state.context, ids)
    tab = open_tab(qtbot, state, family)
    tab.open_change()
    qtbot.waitUntil(lambda: getattr(tab, "change_dialog", None) is not None and tab.change_dialog.isVisible())
    dialog = tab.change_dialog
    dialog.day_edit.set_date(dt.date(2017, 10, 18))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.reason_field.error.isVisible())
    assert dialog.confirmation is None  # refused before asking anything
    dialog.reason_edit.setText("Grève des transports")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isVisible())
    with qtbot.waitSignal(tab.loaded):
        dialog.confirm_button.click()
    assert tab.calendar.marks[dt.date(2017, 10, 18)] == [CANCELLED]


def test_roster_and_attendance_sheet_from_the_tab(qtbot, lise, tmp_path):
    state, family, ids = lise
    confirm(state.context, ids)
    tab = open_tab(qtbot, state, family)
    tab.open_roster()
    qtbot.waitUntil(lambda: getattr(tab, "roster_dialog", None) is not None and tab.roster_dialog.table.rowCount() == 1)
    dialog = tab.roster_dialog
    assert dialog.table.item(0, 0).text() == "Lise-Roxelane Berthier" and dialog.table.item(0, 1).text() == "8 ans"
    assert dialog.day_combo.count() == 10
    target = tmp_path / "feuille.pdf"

    async def choose_path(suggested):
        assert suggested.name == "Feuille de présence 7-11 ans VTT ou initiation bowling 2017-09-20.pdf"
        return target
    dialog.choose_path = choose_path  # instead of the save dialog
    dialog.save_sheet()
    qtbot.waitUntil(lambda: dialog.saved_path is not None)
    assert dialog.saved_path == target and target.read_bytes().startswith(b"%PDF")
    assert "Feuille de présence enregistrée" in dialog.info.text()
    dialog.close()


def test_empty_state_before_a_family_is_opened(qtbot, app_state):
    tab = PlanningTab(app_state)
    qtbot.addWidget(tab)
    assert "Ouvrez un dossier dans l'onglet Dossiers (Ctrl+2)" in tab.empty.text()
    assert not tab.content.isVisibleTo(tab)


def test_holidays_typed_by_hand_for_a_year_the_packages_do_not_know(qtbot, app_state):
    ctx = app_state.context
    family = petit_in_2031(ctx)
    tab = PlanningTab(app_state)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded):
        tab.set_family(family.id)
    if tab.season_combo.currentText() != "2031/2032":
        with qtbot.waitSignal(tab.loaded):
            tab.select_season("2031/2032")
    assert "2031/2032" in tab.unavailable.text() and "saisissez-les" in tab.unavailable.text()
    assert tab.calendar.marks == {}
    tab.open_period()
    qtbot.waitUntil(lambda: getattr(tab, "period_dialog", None) is not None and tab.period_dialog.isVisible())
    dialog = tab.period_dialog
    dialog.kind_combo.setCurrentIndex(1)  # zone A
    dialog.first_edit.set_date(dt.date(2031, 10, 18))
    dialog.last_edit.set_date(dt.date(2031, 11, 2))
    dialog.name_edit.setText("Vacances de la Toussaint")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        dialog.ok_button.click()
    assert tab.unavailable.text() == ""
    assert dt.date(2031, 9, 17) in tab.calendar.marks and dt.date(2031, 10, 22) not in tab.calendar.marks


def test_a_day_under_the_pointer_is_the_day_painted_there(qtbot, lise):
    """The tooltip's day comes from the cell under the pointer: check it against where each day
    was painted, for months starting on a Monday (shown from the second row) or not."""
    state, family, ids = lise
    confirm(state.context, ids)
    tab = open_tab(qtbot, state, family)
    calendar = tab.calendar
    for year, month in ((2017, 10), (2018, 1), (2017, 9)):  # Sunday 1st, Monday 1st, Friday 1st
        calendar.setCurrentPage(year, month)
        model = calendar.view.model()
        for row in range(1, model.rowCount()):
            for column in range(model.columnCount()):
                centre = calendar.view.visualRect(model.index(row, column)).center()
                day = calendar.date_at(centre)
                assert day is not None and day.weekday() == column
                if (row, column) == (1, 0):
                    first = dt.date(year, month, 1)
                    assert day == first - dt.timedelta(days=7 if first.weekday() == 0 else first.weekday())
    calendar.setCurrentPage(2017, 10)
    model = calendar.view.model()
    # 04/10/2017 is a Wednesday of the first week of October 2017 (the 1st is a Sunday: row 1).
    assert calendar.date_at(calendar.view.visualRect(model.index(2, 2)).center()) == dt.date(2017, 10, 4)
    assert "7/11 ans VTT ou initiation bowling — mercredi 13:30–16:30" in calendar.tooltips[dt.date(2017, 10, 4)]


def test_the_tab_follows_changes_announced_elsewhere(qtbot, lise):
    """An enrollment confirmed elsewhere (the checkout) is announced: the pending mark becomes a star."""
    from ems_desktop.services.changes import Change

    state, family, ids = lise
    tab = open_tab(qtbot, state, family)
    assert tab.calendar.marks[dt.date(2017, 9, 20)] == [PENDING]
    confirm(state.context, ids)
    with qtbot.waitSignal(tab.loaded):
        state.signals.changed.emit([Change("enrollment", frozenset(ids))])
    assert tab.calendar.marks[dt.date(2017, 9, 20)] == [CONFIRMED]


def test_administrator_closes_one_place_from_the_tab(qtbot, lise):
    state, family, ids = lise
    confirm(state.context, ids)
    tab = open_tab(qtbot, state, family)
    assert tab.period_button.isVisibleTo(tab) == state.agent.is_admin
    tab.open_period()
    qtbot.waitUntil(lambda: getattr(tab, "period_dialog", None) is not None and tab.period_dialog.isVisible())
    dialog = tab.period_dialog
    place = tab.plan.entries[1].place  # the Tir à l'arc's
    dialog.scope_combo.setCurrentIndex(dialog.scope_combo.findData(("place", place)))
    dialog.first_edit.set_date(dt.date(2018, 3, 12))
    dialog.last_edit.set_date(dt.date(2018, 3, 16))
    dialog.name_edit.setText("Gymnase fermé pour travaux")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        dialog.ok_button.click()
    assert dt.date(2018, 3, 14) not in tab.calendar.marks
    assert tab.calendar.tooltips[dt.date(2018, 3, 14)].endswith("Fermeture : Gymnase fermé pour travaux")
    assert dt.date(2018, 3, 21) in tab.calendar.marks


def test_two_groups_on_the_same_wednesday_are_both_listed(qtbot, lise):
    """A trimester and its ski option meet the same Wednesdays: the month lists both, by hours
    (the list used to fail comparing two enrollments of one day)."""
    state, family, _ids = lise
    ctx = state.context
    enrollment.enroll(ctx, family.children[0].id, group_id(ctx, "EMS-2017-T2SKI", "7/11 ans Ski alpin"))
    tab = open_tab(qtbot, state, family)
    with qtbot.waitSignal(tab.loaded):
        tab.reload()
    tab.calendar.setCurrentPage(2018, 1)
    lines = [tab.month_list.item(row).text() for row in range(tab.month_list.count())]
    ski = [line for line in lines if "Ski alpin" in line]
    archery = [line for line in lines if "Tir à l'arc" in line]
    assert ski and archery and lines[0].startswith("10/01/2018 — 7/11 ans Ski alpin (mercredi 12:30")
    assert lines[1].startswith("10/01/2018 — 7/10 ans Tir à l'arc")
