"""The Planning tab's dialogs, as a keyboard user at the counter meets them: they open on the day
chosen in the calendar, a date typed is the date read, a cancellation is confirmed first and can be
taken back ("Rétablir la séance annulée"), and no message outlives its cause."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from ems_desktop.models import JournalEntry
from ems_desktop.services import families, journal, planning
from ems_desktop.services.errors import ValidationFailed
from ems_desktop.services.permissions import PermissionDenied
from ems_desktop.views.planning_tab import CANCELLED, CONFIRMED, DateField, PlanningTab, SessionChangeDialog
from tests.helpers import FIRST, SECOND, SEED_GROUPS, acting_as, confirm, group_id
from tests.views.planning_helpers import open_tab, petit_in_2031

D = dt.date


def confirmed_tab(qtbot, lise, day: dt.date) -> PlanningTab:
    """Lise-Roxelane's planning, her three enrollments confirmed, ``day`` chosen in the calendar."""
    state, family, ids = lise
    confirm(state.context, ids)
    tab = open_tab(qtbot, state, family)
    tab.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
    return tab


def opened(qtbot, tab: PlanningTab, opener, name: str):
    setattr(tab, name, None)
    opener()
    qtbot.waitUntil(lambda: getattr(tab, name) is not None and getattr(tab, name).isVisible())
    return getattr(tab, name)


def change_dialog(qtbot, tab: PlanningTab) -> SessionChangeDialog:
    return opened(qtbot, tab, tab.open_change, "change_dialog")


def activate(qtbot, widget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


# --- The day chosen in the calendar --------------------------------------------------------------

def test_the_dialogs_open_on_the_day_chosen_in_the_calendar(qtbot, lise):
    tab = confirmed_tab(qtbot, lise, SECOND[0])  # 10/01/2018: the Tir à l'arc meets (2nd entry)
    archery = tab.plan.entries[1]
    assert tab.selected_day() == D(2018, 1, 10)

    dialog = change_dialog(qtbot, tab)
    assert dialog.day_edit.date() == D(2018, 1, 10) and dialog.day_edit.edit.text() == "10/01/2018"
    assert dialog.group_combo.currentData() == archery.group_id
    assert dialog.kind_combo.currentData() == SessionChangeDialog.CANCEL
    assert dialog.day_status.text() == f"Séance prévue ce jour-là (mercredi 13:30–16:30, {archery.place})."
    dialog.reject()

    period = opened(qtbot, tab, tab.open_period, "period_dialog")
    assert (period.first_edit.date(), period.last_edit.date()) == (D(2018, 1, 10), D(2018, 1, 10))
    period.reject()

    roster = opened(qtbot, tab, tab.open_roster, "roster_dialog")
    assert roster.group_combo.currentData() == archery.group_id
    assert roster.day_combo.currentText() == "10/01/2018"
    qtbot.waitUntil(lambda: roster.roster is not None)
    roster.reject()

    # A day without a session (Toussaint): the change offered is to add one; the roster shows the
    # next session.
    tab.calendar.setSelectedDate(QDate(2017, 10, 25))
    dialog = change_dialog(qtbot, tab)
    assert dialog.day_edit.date() == D(2017, 10, 25)
    assert dialog.kind_combo.currentData() == SessionChangeDialog.ADD
    assert dialog.day_status.text() == "Pas de séance ce jour-là (Vacances de la Toussaint)."
    dialog.reject()
    roster = opened(qtbot, tab, tab.open_roster, "roster_dialog")
    assert roster.group_combo.currentIndex() == 0 and roster.day_combo.currentData() == D(2017, 11, 8)
    qtbot.waitUntil(lambda: roster.roster is not None)
    roster.reject()


def test_today_is_the_counters_day(qtbot, lise):
    tab = confirmed_tab(qtbot, lise, FIRST[3])
    tab.today_button.click()
    assert tab.selected_day() == D(2017, 6, 21)  # the test clock's, not the machine's


# --- Dates typed at the keyboard ------------------------------------------------------------------

@pytest.mark.parametrize(("shown", "typed", "read"), [
    (D(2026, 11, 30), "06/12/2017", D(2017, 12, 6)),   # the example (was read 30/12/2017)
    (D(2017, 10, 18), "06/12/2017", D(2017, 12, 6)),
    (D(2026, 11, 30), "31/12/2017", D(2017, 12, 31)),  # a 31st typed over a month of 30 days
    (D(2017, 1, 31), "29/02/2016", D(2016, 2, 29)),
    (D(2018, 2, 14), "30/01/2018", D(2018, 1, 30)),
    (D(2017, 10, 18), "6/12/2017", D(2017, 12, 6)),
    (D(2017, 10, 18), "06122017", D(2017, 12, 6)),
])
def test_a_date_typed_over_the_selected_one_is_the_date_read(qtbot, shown, typed, read):
    field = DateField(shown)
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.edit, typed)
    assert field.date() == read and field.problem() == ""
    field.edit.editingFinished.emit()
    assert field.edit.text() == read.strftime("%d/%m/%Y")  # written back in full


def test_a_date_that_does_not_exist_is_said_under_its_field_and_nothing_is_saved(qtbot, lise):
    tab = confirmed_tab(qtbot, lise, FIRST[4])
    dialog = change_dialog(qtbot, tab)
    qtbot.keyClick(dialog.day_edit.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.day_edit.edit, "31/02/2017")
    assert dialog.day_edit.date() is None and dialog.day_status.text() == ""
    dialog.reason_edit.setText("Grève")  # (QTest types ASCII only)
    dialog.ok_button.click()
    qtbot.waitUntil(dialog.day_field.error.isVisible)
    assert dialog.day_field.error.text() == "« 31/02/2017 » n'est pas une date valide (jj/mm/aaaa)."
    assert dialog.confirmation is None and dialog.isVisible()
    # Corrected, the message goes at once.
    qtbot.keyClick(dialog.day_edit.edit, Qt.Key.Key_Backspace)
    assert dialog.day_field.error.isHidden()
    assert planning.group_schedule(tab.state.context, tab.plan.entries[0].group_id).held_days == tuple(FIRST)


def test_the_calendar_of_a_date_field_opens_from_the_keyboard(qtbot):
    field = DateField(D(2017, 10, 18))
    qtbot.addWidget(field)
    field.show()
    activate(qtbot, field)
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: field.popup is not None and field.popup.isVisible())
    assert field.popup.selectedDate() == QDate(2017, 10, 18)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and field.popup.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not field.popup.isVisible())
    assert field.date() == D(2017, 10, 19) and field.edit.text() == "19/10/2017"


# --- Cancelling asks first; restoring takes it back -----------------------------------------------

def test_cancelling_a_session_is_confirmed_first_and_refusing_changes_nothing(qtbot, lise):
    day = D(2017, 10, 18)
    tab = confirmed_tab(qtbot, lise, day)
    gid = tab.plan.entries[0].group_id
    dialog = change_dialog(qtbot, tab)
    assert dialog.ok_button.text() == "Annuler la séance…"
    dialog.reason_edit.setText("Grève des transports")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isVisible())
    box = dialog.confirmation
    assert box.text() == ("Annuler la séance du mercredi 18/10/2017 du groupe "
                          "«\u00a07/11 ans VTT ou initiation bowling\u00a0» ?")
    assert box.informativeText().startswith(
        "1 enfant inscrit est concerné : la séance sera barrée sur son planning, "
        "avec le motif «\u00a0Grève des transports\u00a0».")
    assert box.defaultButton() is dialog.keep_button  # Entrée by mistake cancels nothing
    dialog.keep_button.click()
    qtbot.waitUntil(lambda: not box.isVisible() and dialog.ok_button.isEnabled())
    assert dialog.isVisible() and dialog.reason_edit.text() == "Grève des transports"
    assert day in planning.group_schedule(tab.state.context, gid).held_days
    assert tab.calendar.marks[day] == [CONFIRMED]

    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.confirmation is not box and dialog.confirmation is not None
                    and dialog.confirmation.isVisible())
    with qtbot.waitSignal(tab.loaded):
        dialog.confirm_button.click()
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    assert tab.calendar.marks[day] == [CANCELLED]
    assert day not in planning.group_schedule(tab.state.context, gid).held_days


def test_a_cancelled_session_is_restored_from_the_tab(qtbot, lise):
    state, family, ids = lise
    day = D(2017, 10, 11)
    planning.cancel_session(state.context, group_id(state.context, *SEED_GROUPS[0]), day, "Intempéries")
    tab = confirmed_tab(qtbot, lise, day)
    assert tab.calendar.marks[day] == [CANCELLED]
    dialog = change_dialog(qtbot, tab)
    assert dialog.kind_combo.currentData() == SessionChangeDialog.RESTORE
    assert dialog.kind_combo.currentText() == "Rétablir la séance annulée"
    assert dialog.day_status.text() == "Séance annulée ce jour-là : Intempéries."
    assert dialog.ok_button.text() == "Rétablir la séance" and dialog.reason_field.isHidden()
    with qtbot.waitSignal(tab.loaded):
        dialog.ok_button.click()  # nothing lost by restoring: no question asked
    assert dialog.confirmation is None and not dialog.isVisible()
    assert tab.calendar.marks[day] == [CONFIRMED]
    assert "annulée" not in tab.calendar.tooltips[day]


def test_restoring_takes_the_cancellation_back_in_the_service(catalog_2017):
    gid = group_id(catalog_2017, *SEED_GROUPS[0])
    day = D(2017, 10, 11)
    with pytest.raises(ValidationFailed) as refused:
        planning.restore_session(catalog_2017, gid, day)
    assert refused.value.errors == {"day": "La séance du 11/10/2017 n'est pas annulée : il n'y a rien à rétablir."}
    check = planning.check_cancellation(catalog_2017, gid, day, " Intempéries ")
    assert (check.group_label, check.day, check.reason, check.enrolled) == (
        "7/11 ans VTT ou initiation bowling", day, "Intempéries", 0)
    assert day in planning.group_schedule(catalog_2017, gid).held_days  # checking changes nothing
    planning.cancel_session(catalog_2017, gid, day, "Intempéries")
    schedule = planning.restore_session(catalog_2017, gid, day)
    assert schedule.held_days == tuple(FIRST)
    assert [s.status for s in schedule.sessions if s.day == day] == ["held"]
    with catalog_2017.reading() as s:
        assert s.scalars(select(JournalEntry.action).where(JournalEntry.entity == "planning")).all() == [
            "cancelled", "deleted"]
    assert journal.search_journal(catalog_2017, kind="planning")[0].what == (
        "Décision du 11/10/2017 retirée (annulation : Intempéries) — 7/11 ans VTT ou initiation bowling")


def test_only_the_administrator_restores_or_checks_a_cancellation(catalog_2017):
    gid = group_id(catalog_2017, *SEED_GROUPS[0])
    planning.cancel_session(catalog_2017, gid, D(2017, 10, 11), "Intempéries")
    agent, _ = acting_as(catalog_2017, "agent")
    with pytest.raises(PermissionDenied):
        planning.restore_session(agent, gid, D(2017, 10, 11))
    with pytest.raises(PermissionDenied):
        planning.check_cancellation(agent, gid, D(2017, 10, 18), "Grève")
    assert D(2017, 10, 11) not in planning.group_schedule(catalog_2017, gid).held_days


# --- Messages -------------------------------------------------------------------------------------

def test_no_message_outlives_its_cause(qtbot, lise):
    tab = confirmed_tab(qtbot, lise, FIRST[4])
    dialog = change_dialog(qtbot, tab)
    # "No session that day" goes when the day changes, and when the group changes.
    dialog.day_edit.set_date(D(2017, 10, 19))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(SessionChangeDialog.CANCEL))
    dialog.reason_edit.setText("Grève")
    dialog.ok_button.click()
    qtbot.waitUntil(dialog.day_field.error.isVisible)
    assert dialog.day_field.error.text() == "Le groupe n'a pas de séance le 19/10/2017."
    qtbot.keyClick(dialog.day_edit.edit, Qt.Key.Key_Backspace)
    assert dialog.day_field.error.isHidden()
    dialog.day_edit.set_date(D(2017, 10, 19))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(SessionChangeDialog.CANCEL))
    dialog.ok_button.click()
    qtbot.waitUntil(dialog.day_field.error.isVisible)
    dialog.group_combo.setCurrentIndex(1)
    assert dialog.day_field.error.isHidden()
    # The reason's message goes as the reason is typed.
    dialog.day_edit.set_date(D(2017, 10, 18))
    dialog.group_combo.setCurrentIndex(0)
    dialog.reason_edit.clear()
    dialog.ok_button.click()
    qtbot.waitUntil(dialog.reason_field.error.isVisible)
    qtbot.keyClicks(dialog.reason_edit, "P")
    assert dialog.reason_field.error.isHidden()
    dialog.reject()

    # The closure's dates.
    period = opened(qtbot, tab, tab.open_period, "period_dialog")
    period.last_edit.set_date(D(2017, 10, 1))
    period.name_edit.setText("Travaux")
    period.ok_button.click()
    qtbot.waitUntil(period.last_field.error.isVisible)
    assert period.last_field.error.text() == "La fermeture finit avant de commencer."
    period.last_edit.set_date(D(2017, 10, 20))
    assert period.last_field.error.isHidden()
    period.reject()


def test_the_tab_forgets_the_previous_familys_messages(qtbot, app_state):
    """A season whose holidays are unknown says so; another family opened, the message goes."""
    ctx = app_state.context
    petit = petit_in_2031(ctx)
    without_child = families.create_family(ctx, families.FamilyInput(
        name="Roux", guardians=(families.GuardianInput("Ana", "Roux", is_payer=True),), children=()))
    tab = PlanningTab(app_state)
    qtbot.addWidget(tab)
    tab.show()
    with qtbot.waitSignal(tab.loaded):
        tab.set_family(petit.id)
    assert tab.unavailable.isVisible() and "2031/2032" in tab.unavailable.text()
    with qtbot.waitSignal(tab.loaded):
        tab.set_family(without_child.id)
    assert tab.unavailable.isHidden() and tab.day_label.text() == ""
    assert not tab.change_button.isEnabled() and not tab.roster_button.isEnabled()


# --- Focus and keyboard order ---------------------------------------------------------------------

def test_focus_first_puts_the_keyboard_on_the_calendar(qtbot, lise):
    tab = confirmed_tab(qtbot, lise, FIRST[0])
    activate(qtbot, tab)
    tab.child_combo.setFocus()
    tab.focus_first()
    qtbot.waitUntil(tab.calendar.hasFocus)
    # The arrows move the chosen day, and the dialogs follow it.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert tab.selected_day() == FIRST[1]
    assert tab.day_label.text().startswith("Le 27/09/2017 : 7/11 ans VTT")


def test_focus_first_before_a_family_is_opened_does_nothing_harmful(qtbot, app_state):
    tab = PlanningTab(app_state)
    qtbot.addWidget(tab)
    tab.show()
    tab.focus_first()
    assert not tab.calendar.hasFocus()


def test_tab_follows_the_screen(qtbot, lise):
    tab = confirmed_tab(qtbot, lise, FIRST[0])
    activate(qtbot, tab)
    tab.child_combo.setFocus()
    qtbot.waitUntil(tab.child_combo.hasFocus)
    seen = []
    for _ in range(8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [tab.season_combo, tab.today_button, tab.calendar.view, tab.entries, tab.month_list,
                    tab.roster_button, tab.change_button, tab.period_button]

    dialog = change_dialog(qtbot, tab)
    activate(qtbot, dialog)
    qtbot.waitUntil(dialog.reason_edit.hasFocus)  # group, day and change chosen: the reason is typed first
    dialog.group_combo.setFocus()
    seen = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [dialog.day_edit.edit, dialog.kind_combo, dialog.reason_edit, dialog.ok_button]
