"""Session dates: the 2017/2018 trimesters of Albertville (zone A) and the administrator's changes.

Expected dates are written out by hand from the official 2017/2018 calendar (zone A: Toussaint
21/10–05/11/2017, winter 10/02–26/02/2018, spring 07/04–23/04/2018), never recomputed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ems_desktop.planning import (
    WEDNESDAY,
    AddedSession,
    Cancellation,
    Closure,
    GroupPattern,
    HolidayCalendar,
    HolidayDataMissing,
    HolidayPeriod,
    SessionPlanner,
    SessionStatus,
    SkipReason,
    explain_skipped,
    season_sessions,
    session_dates,
)

D = dt.date
MONDAY, TUESDAY, THURSDAY, SATURDAY = 0, 1, 3, 5

TRIM1 = (D(2017, 9, 20), D(2017, 12, 6))
TRIM2 = (D(2018, 1, 10), D(2018, 3, 28))
TRIM3 = (D(2018, 4, 4), D(2018, 6, 27))


def days(text: str) -> list[dt.date]:
    """'20/09/2017 27/09/2017' -> dates."""
    return [dt.datetime.strptime(part, "%d/%m/%Y").date() for part in text.split()]


@pytest.fixture(scope="module")
def zone_a() -> HolidayCalendar:
    return HolidayCalendar("A")


def held(sessions) -> list[dt.date]:
    return [s.day for s in sessions if s.takes_place]


def test_first_trimester_2017_has_the_ten_sessions_of_the_seed(zone_a):
    sessions = session_dates(*TRIM1, WEDNESDAY, zone_a)
    assert [s.day for s in sessions] == days(
        "20/09/2017 27/09/2017 04/10/2017 11/10/2017 18/10/2017 "
        "08/11/2017 15/11/2017 22/11/2017 29/11/2017 06/12/2017"
    )
    assert all(s.status is SessionStatus.HELD for s in sessions)


def test_first_trimester_skipped_days_explained(zone_a):
    skipped = explain_skipped(*TRIM1, WEDNESDAY, zone_a)
    assert [(s.day, s.reason, s.label) for s in skipped] == [
        (D(2017, 10, 25), SkipReason.SCHOOL_HOLIDAY, "Vacances de la Toussaint"),
        (D(2017, 11, 1), SkipReason.SCHOOL_HOLIDAY, "Vacances de la Toussaint"),
    ]


def test_second_trimester_2018(zone_a):
    # Wednesdays 14/02 and 21/02 fall in the winter holidays; no public holiday on a Wednesday.
    assert held(session_dates(*TRIM2, WEDNESDAY, zone_a)) == days(
        "10/01/2018 17/01/2018 24/01/2018 31/01/2018 07/02/2018 "
        "28/02/2018 07/03/2018 14/03/2018 21/03/2018 28/03/2018"
    )


def test_third_trimester_2018(zone_a):
    # Spring holidays take 11/04 and 18/04. 01/05 and 08/05/2018 are Tuesdays, Ascension
    # (10/05) a Thursday, Pentecost Monday 21/05: no Wednesday lost to a public holiday.
    assert D(2018, 5, 1).weekday() == TUESDAY and D(2018, 5, 8).weekday() == TUESDAY
    assert D(2018, 5, 10).weekday() == THURSDAY
    assert held(session_dates(*TRIM3, WEDNESDAY, zone_a)) == days(
        "04/04/2018 25/04/2018 02/05/2018 09/05/2018 16/05/2018 23/05/2018 "
        "30/05/2018 06/06/2018 13/06/2018 20/06/2018 27/06/2018"
    )


def test_tuesdays_lose_the_may_public_holidays(zone_a):
    assert held(session_dates(*TRIM3, TUESDAY, zone_a)) == days(
        "24/04/2018 15/05/2018 22/05/2018 29/05/2018 05/06/2018 12/06/2018 19/06/2018 26/06/2018"
    )
    labels = {s.day: s.label for s in explain_skipped(*TRIM3, TUESDAY, zone_a)}
    assert labels == {
        D(2018, 4, 10): "Vacances de printemps",
        D(2018, 4, 17): "Vacances de printemps",
        D(2018, 5, 1): "Jour férié : Fête du Travail",
        D(2018, 5, 8): "Jour férié : Victoire 1945",
    }


def test_saturdays_of_first_trimester(zone_a):
    # Saturday 21/10 starts the Toussaint holidays; Saturday 11/11/2017 is Armistice day.
    assert held(session_dates(*TRIM1, SATURDAY, zone_a)) == days(
        "23/09/2017 30/09/2017 07/10/2017 14/10/2017 18/11/2017 25/11/2017 02/12/2017"
    )


def test_thursday_of_ascension_is_skipped(zone_a):
    sessions = held(session_dates(D(2018, 5, 3), D(2018, 5, 17), THURSDAY, zone_a))
    assert sessions == days("03/05/2018 17/05/2018")


def test_cancelled_session_keeps_its_reason(zone_a):
    sessions = session_dates(*TRIM1, WEDNESDAY, zone_a,
                             cancelled=[Cancellation(D(2017, 11, 15), "Intempéries")])
    assert len(sessions) == 10
    cancelled = [s for s in sessions if s.status is SessionStatus.CANCELLED]
    assert [(s.day, s.reason) for s in cancelled] == [(D(2017, 11, 15), "Intempéries")]
    assert len(held(sessions)) == 9


def test_cancelling_a_day_without_session_is_ignored(zone_a):
    sessions = session_dates(*TRIM1, WEDNESDAY, zone_a,
                             cancelled=[Cancellation(D(2017, 10, 25), "Grève")])
    assert len(held(sessions)) == 10


def test_added_session(zone_a):
    sessions = session_dates(*TRIM1, WEDNESDAY, zone_a,
                             added=[AddedSession(D(2017, 12, 13), "Rattrapage du 15/11")])
    assert len(sessions) == 11
    assert sessions[-1].day == D(2017, 12, 13)
    assert sessions[-1].status is SessionStatus.ADDED
    assert sessions[-1].reason == "Rattrapage du 15/11"


def test_added_session_on_a_holiday_stands(zone_a):
    added = [AddedSession(D(2017, 10, 25), "Sortie pendant les vacances")]
    sessions = session_dates(*TRIM1, WEDNESDAY, zone_a, added=added)
    assert D(2017, 10, 25) in held(sessions)
    skipped = explain_skipped(*TRIM1, WEDNESDAY, zone_a, added=added)
    assert [s.day for s in skipped] == [D(2017, 11, 1)]


def test_added_on_a_regular_day_does_not_duplicate(zone_a):
    sessions = session_dates(*TRIM1, WEDNESDAY, zone_a, added=[AddedSession(D(2017, 9, 27))])
    assert len(sessions) == 10
    assert sessions[1].status is SessionStatus.HELD


def test_closure_removes_sessions(zone_a):
    closure = Closure(D(2017, 11, 20), D(2017, 11, 26), "Gymnase fermé pour travaux")
    sessions = session_dates(*TRIM1, WEDNESDAY, zone_a, closures=[closure])
    assert held(sessions) == days(
        "20/09/2017 27/09/2017 04/10/2017 11/10/2017 18/10/2017 "
        "08/11/2017 15/11/2017 29/11/2017 06/12/2017"
    )
    skipped = explain_skipped(*TRIM1, WEDNESDAY, zone_a, closures=[closure])
    assert (D(2017, 11, 22), SkipReason.CLOSURE, "Fermeture : Gymnase fermé pour travaux") in [
        (s.day, s.reason, s.label) for s in skipped
    ]


def test_unknown_year_raises_holiday_data_missing(zone_a):
    with pytest.raises(HolidayDataMissing) as caught:
        session_dates(D(2031, 1, 8), D(2031, 3, 26), WEDNESDAY, zone_a)
    assert caught.value.school_years == ("2030/2031",)
    assert "2030/2031" in str(caught.value)
    assert "saisissez-les" in str(caught.value)


def test_unknown_year_works_with_typed_periods():
    calendar = HolidayCalendar("A", manual_periods=[
        HolidayPeriod("Vacances de Noël", D(2030, 12, 21), D(2031, 1, 5)),
        HolidayPeriod("Vacances d'hiver", D(2031, 2, 8), D(2031, 2, 23)),
        HolidayPeriod("Vacances de printemps", D(2031, 4, 5), D(2031, 4, 21)),
    ])
    assert held(session_dates(D(2031, 1, 8), D(2031, 3, 26), WEDNESDAY, calendar)) == days(
        "08/01/2031 15/01/2031 22/01/2031 29/01/2031 05/02/2031 "
        "26/02/2031 05/03/2031 12/03/2031 19/03/2031 26/03/2031"
    )


@pytest.mark.parametrize("first, last", [
    (D(2026, 9, 16), D(2026, 12, 9)),
    (D(2027, 1, 6), D(2027, 3, 31)),
    (D(2027, 4, 7), D(2027, 6, 30)),
])
def test_season_2026_2027_is_plausible(zone_a, first, last):
    sessions = held(session_dates(first, last, WEDNESDAY, zone_a))
    assert 9 <= len(sessions) <= 12
    assert all(d.weekday() == WEDNESDAY and first <= d <= last for d in sessions)
    # Toussaint 2026 (zone A): 17/10 – 02/11/2026; 11/11/2026 is a Wednesday (Armistice).
    assert not [d for d in sessions if D(2026, 10, 17) <= d <= D(2026, 11, 2)]
    assert D(2026, 11, 11) not in sessions


def test_bad_inputs_are_refused(zone_a):
    with pytest.raises(ValueError, match="Jour de la semaine"):
        session_dates(*TRIM1, 7, zone_a)
    with pytest.raises(ValueError, match="finit avant de commencer"):
        session_dates(D(2017, 12, 6), D(2017, 9, 20), WEDNESDAY, zone_a)
    with pytest.raises(ValueError, match="finit avant de commencer"):
        Closure(D(2017, 11, 26), D(2017, 11, 20))


def test_season_of_many_groups(zone_a):
    groups = [
        GroupPattern("escalade", *TRIM1),
        GroupPattern("tir-a-l-arc", *TRIM2,
                     cancelled=(Cancellation(D(2018, 3, 7), "Grève"),)),
        GroupPattern("roller", *TRIM3),
        GroupPattern("badminton", *TRIM1, weekday=SATURDAY),
    ]
    schedules = season_sessions(groups, zone_a)
    assert [len(schedules[k].held) for k in ("escalade", "tir-a-l-arc", "roller", "badminton")] \
        == [10, 9, 11, 7]
    assert schedules["tir-a-l-arc"].sessions[6].status is SessionStatus.CANCELLED


def test_season_reports_every_missing_school_year(zone_a):
    groups = [
        GroupPattern(1, D(2029, 9, 19), D(2029, 12, 5)),
        GroupPattern(2, D(2031, 1, 8), D(2031, 3, 26)),
        GroupPattern(3, *TRIM1),
    ]
    with pytest.raises(HolidayDataMissing) as caught:
        season_sessions(groups, zone_a)
    assert caught.value.school_years == ("2029/2030", "2030/2031")
    assert str(caught.value).startswith("Les vacances scolaires de 2029/2030 et 2030/2031")


def test_planner_shares_work_between_groups(zone_a, monkeypatch):
    planner = SessionPlanner(zone_a)
    calls = []
    original = zone_a.day_off
    monkeypatch.setattr(zone_a, "day_off", lambda day: calls.append(day) or original(day))
    for _ in range(50):
        planner.schedule(*TRIM1, WEDNESDAY)
    assert len(calls) == 12  # the 12 Wednesdays of the period, looked at once
