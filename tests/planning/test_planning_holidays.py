"""HolidayCalendar: school holidays of a zone, French public holidays, typed periods, coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import FrozenInstanceError

import pytest

from ems_desktop.planning import (
    DayOffKind,
    HolidayCalendar,
    HolidayDataMissing,
    HolidayPeriod,
    holidays as holidays_module,
    school_year_start,
)

D = dt.date


def test_toussaint_2017_zone_a_bounds():
    calendar = HolidayCalendar("A")
    assert calendar.school_holiday(D(2017, 10, 20)) is None  # Friday, last day of classes
    assert calendar.school_holiday(D(2017, 10, 21)) == "Vacances de la Toussaint"
    assert calendar.school_holiday(D(2017, 11, 5)) == "Vacances de la Toussaint"
    assert calendar.school_holiday(D(2017, 11, 6)) is None  # back to school on Monday


def test_winter_2018_depends_on_zone():
    # Official 2017/2018 calendar: A 10/02–26/02, B 24/02–12/03, C 17/02–05/03.
    assert HolidayCalendar("A").school_holiday(D(2018, 2, 14)) == "Vacances d'hiver"
    assert HolidayCalendar("B").school_holiday(D(2018, 2, 14)) is None
    assert HolidayCalendar("C").school_holiday(D(2018, 2, 14)) is None
    assert HolidayCalendar("B").school_holiday(D(2018, 3, 7)) == "Vacances d'hiver"
    assert HolidayCalendar("A").school_holiday(D(2018, 3, 7)) is None


def test_public_holidays_2018_have_french_names():
    calendar = HolidayCalendar("A")
    expected = {
        D(2018, 1, 1): "Jour de l'an",
        D(2018, 4, 2): "Lundi de Pâques",
        D(2018, 5, 1): "Fête du Travail",
        D(2018, 5, 8): "Victoire 1945",
        D(2018, 5, 10): "Ascension",
        D(2018, 5, 21): "Lundi de Pentecôte",
        D(2018, 7, 14): "Fête nationale",
        D(2018, 8, 15): "Assomption",
        D(2018, 11, 1): "Toussaint",
        D(2018, 11, 11): "Armistice 1918",
        D(2018, 12, 25): "Noël",
    }
    for day, name in expected.items():
        assert calendar.public_holiday(day) == name, day
    assert calendar.public_holiday(D(2018, 5, 9)) is None


def test_two_public_holidays_on_one_day():
    # 01/05/2008 was both Ascension and Labour Day.
    assert HolidayCalendar("A").public_holiday(D(2008, 5, 1)) == "Ascension et Fête du Travail"


def test_public_holidays_known_beyond_school_data():
    assert HolidayCalendar("A").public_holiday(D(2031, 11, 11)) == "Armistice 1918"


def test_day_off_prefers_school_holiday_then_public_holiday():
    calendar = HolidayCalendar("A")
    inside = calendar.day_off(D(2017, 11, 1))  # Toussaint day inside the Toussaint holidays
    assert inside.kind is DayOffKind.SCHOOL_HOLIDAY
    assert inside.name == "Vacances de la Toussaint"
    armistice = calendar.day_off(D(2026, 11, 11))
    assert armistice.kind is DayOffKind.PUBLIC_HOLIDAY
    assert armistice.name == "Armistice 1918"
    assert calendar.day_off(D(2017, 11, 8)) is None


def test_coverage_of_packages():
    calendar = HolidayCalendar("A")
    assert calendar.is_covered(D(2017, 9, 20))
    assert calendar.is_covered(D(2027, 6, 30))
    assert not calendar.is_covered(D(2031, 1, 8))
    assert calendar.coverage_gaps(D(2017, 9, 1), D(2018, 7, 1)) == []


def test_coverage_gaps_name_school_years():
    calendar = HolidayCalendar("A")
    gaps = calendar.coverage_gaps(D(2030, 9, 1), D(2031, 6, 30))
    assert [g.school_year for g in gaps] == ["2030/2031"]
    assert gaps[0].first_day == D(2030, 9, 1) and gaps[0].last_day == D(2031, 6, 30)
    assert gaps[0].message == (
        "Les vacances scolaires de 2030/2031 ne sont pas connues : saisissez-les."
    )
    two = calendar.coverage_gaps(D(2030, 1, 1), D(2031, 1, 1))
    assert [g.school_year for g in two] == ["2029/2030", "2030/2031"]


def test_day_off_on_unknown_year_raises_with_french_message():
    calendar = HolidayCalendar("A")
    with pytest.raises(HolidayDataMissing) as caught:
        calendar.day_off(D(2031, 1, 8))
    assert caught.value.school_years == ("2030/2031",)
    assert str(caught.value) == (
        "Les vacances scolaires de 2030/2031 (zone A) ne sont pas connues : saisissez-les."
    )


def test_manual_periods_fill_an_unknown_year():
    periods = [
        HolidayPeriod("Vacances de Noël", D(2030, 12, 21), D(2031, 1, 5)),
        HolidayPeriod("Vacances d'hiver", D(2031, 2, 8), D(2031, 2, 23)),
    ]
    calendar = HolidayCalendar("A", manual_periods=periods)
    assert calendar.is_covered(D(2031, 1, 8))
    assert calendar.coverage_gaps(D(2030, 9, 1), D(2031, 8, 31)) == []
    assert calendar.school_holiday(D(2031, 2, 12)) == "Vacances d'hiver"
    assert calendar.day_off(D(2031, 1, 8)) is None
    # The next school year is still unknown.
    assert not calendar.is_covered(D(2031, 9, 10))


def test_holiday_period_is_checked_and_frozen() -> None:
    with pytest.raises(ValueError, match="finit avant de commencer"):
        HolidayPeriod("Vacances d'hiver", D(2031, 2, 23), D(2031, 2, 8))
    with pytest.raises(ValueError, match="obligatoire"):
        HolidayPeriod("  ", D(2031, 2, 8), D(2031, 2, 23))
    period = HolidayPeriod("Vacances d'hiver", D(2031, 2, 8), D(2031, 2, 23))
    with pytest.raises(FrozenInstanceError):
        period.name = "autre"  # type: ignore[misc]  # frozen on purpose: the assignment must fail


def test_unknown_zone_is_refused():
    with pytest.raises(ValueError, match="Zone"):
        HolidayCalendar("D")
    assert HolidayCalendar(" a ").zone == "A"


def test_school_year_start():
    assert school_year_start(D(2017, 9, 1)) == 2017
    assert school_year_start(D(2018, 8, 31)) == 2017


def test_package_data_is_read_once_per_year(monkeypatch) -> None:
    calls: list[int] = []
    original = holidays_module._PACKAGES.school_holidays

    def counting(year, zone):
        calls.append(year)
        return original(year, zone)

    monkeypatch.setattr(holidays_module._PACKAGES, "school_holidays", counting)
    calendar = HolidayCalendar("A")
    for offset in range(0, 120, 7):
        calendar.school_holiday(D(2017, 9, 20) + dt.timedelta(days=offset))
    assert sorted(calls) == [2017, 2018]


def test_preload_is_harmless():
    from ems_desktop.planning import preload

    preload("A", 2018)
    assert HolidayCalendar("A").school_holiday(D(2018, 2, 14)) == "Vacances d'hiver"


def test_preloading_this_years_data_needs_no_year():
    from ems_desktop.planning import holidays

    holidays.preload("A")  # the current year, in Paris
