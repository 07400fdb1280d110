"""School holidays and public holidays, as the planning needs them.

School holidays come from the ``vacances-scolaires-france`` package, public holidays from the
``holidays`` package (French names). The school holiday package only knows the school years the
Ministry has published; beyond them the administrator types the periods by hand
(:class:`HolidayPeriod`), and :meth:`HolidayCalendar.coverage_gaps` says which school years are
still missing so the application can ask for them.

Both packages are slow to load the first time (a 14 000-row CSV, translation catalogues): they are
loaded once per process, lazily, and each :class:`HolidayCalendar` then keeps its own small cache
per calendar year.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from ems_desktop.dates import paris_today

ZONES = ("A", "B", "C")

# The ``holidays`` package names two days differently from what French town halls print.
_PUBLIC_HOLIDAY_NAMES = {
    "Fête de la Victoire": "Victoire 1945",
    "Armistice": "Armistice 1918",
}


# --------------------------------------------------------------------------------------------
# Plain data
# --------------------------------------------------------------------------------------------


class DayOffKind(enum.StrEnum):
    SCHOOL_HOLIDAY = "school_holiday"
    PUBLIC_HOLIDAY = "public_holiday"


@dataclass(frozen=True)
class DayOff:
    """Why a day has no school: a school holiday of the zone or a public holiday."""

    day: dt.date
    kind: DayOffKind
    name: str  # "Vacances de la Toussaint", "Armistice 1918"…


@dataclass(frozen=True)
class HolidayPeriod:
    """A school holiday period typed by the administrator (both days included)."""

    name: str
    first_day: dt.date
    last_day: dt.date

    def __post_init__(self) -> None:
        if not self.name or not self.name.strip():
            raise ValueError("Le nom de la période de vacances est obligatoire.")
        if self.last_day < self.first_day:
            raise ValueError(
                f"La période « {self.name} » finit avant de commencer "
                f"({_fr(self.first_day)} – {_fr(self.last_day)})."
            )

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class CoverageGap:
    """Part of a school year whose school holidays are unknown (neither package nor typed)."""

    school_year: str  # "2030/2031"
    first_day: dt.date
    last_day: dt.date

    @property
    def message(self) -> str:
        return f"Les vacances scolaires de {self.school_year} ne sont pas connues : saisissez-les."


class HolidayDataMissing(LookupError):
    """The school holidays of a period are unknown: the administrator must type them."""

    def __init__(self, zone: str, gaps: Iterable[CoverageGap]):
        self.zone = zone
        self.gaps = tuple(gaps)
        self.school_years = tuple(dict.fromkeys(g.school_year for g in self.gaps))
        years = _join_fr(list(self.school_years))
        super().__init__(
            f"Les vacances scolaires de {years} (zone {zone}) ne sont pas connues : saisissez-les."
        )


# --------------------------------------------------------------------------------------------
# School years
# --------------------------------------------------------------------------------------------


def school_year_start(day: dt.date) -> int:
    """The first calendar year of the school year a day belongs to (September to August)."""
    return day.year if day.month >= 9 else day.year - 1


def school_year_label(start_year: int) -> str:
    return f"{start_year}/{start_year + 1}"


def school_year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


# --------------------------------------------------------------------------------------------
# Process-wide package data, loaded on first use
# --------------------------------------------------------------------------------------------


class _PackageData:
    """The two packages, loaded once per process (the first load costs ~0.2 s)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._school = None
        self._school_span: tuple[dt.date, dt.date] | None = None
        self._public_loaded = False

    def school(self):
        if self._school is None:
            with self._lock:
                if self._school is None:
                    from vacances_scolaires_france import SchoolHolidayDates

                    source = SchoolHolidayDates()
                    # The package stores only days on holiday in some zone; the last of them is
                    # the end of the last published summer: nothing after it is known.
                    self._school_span = (dt.date(source.min_year, 1, 1), max(source.data))
                    self._school = source
        return self._school

    def school_span(self) -> tuple[dt.date, dt.date]:
        self.school()
        assert self._school_span is not None
        return self._school_span

    def school_holidays(self, year: int, zone: str) -> dict[dt.date, str]:
        from vacances_scolaires_france import UnsupportedYearException

        try:
            rows = self.school().holidays_for_year_and_zone(year, zone)
        except UnsupportedYearException:
            return {}
        return {day: row["nom_vacances"] for day, row in rows.items()}

    def public_holidays(self, year: int) -> dict[dt.date, str]:
        import holidays

        if not self._public_loaded:
            # The first French instance loads the translation catalogue: do it under the lock.
            with self._lock:
                days = holidays.France(years=year, language="fr")
                self._public_loaded = True
        else:
            days = holidays.France(years=year, language="fr")
        return {day: _public_holiday_name(name) for day, name in days.items()}


_PACKAGES = _PackageData()


def preload(zone: str = "A", year: int | None = None) -> None:
    """Load the packages' data now (≈0.2 s once per process), e.g. from a background thread at
    start-up, so the first planning shown does not pay for it."""
    year = year or paris_today().year
    HolidayCalendar(zone).school_holiday(dt.date(year, 1, 1))
    _PACKAGES.public_holidays(year)


def _public_holiday_name(package_name: str) -> str:
    # Two holidays on the same day come as "Ascension; Fête du Travail".
    parts = [p.strip() for p in package_name.split(";")]
    return " et ".join(_PUBLIC_HOLIDAY_NAMES.get(p, p) for p in parts)


# --------------------------------------------------------------------------------------------
# The calendar
# --------------------------------------------------------------------------------------------


class HolidayCalendar:
    """Days without school for one zone: school holidays, public holidays, typed periods.

    Typed periods are added to the packages' data (they may fill a year the packages do not know,
    or add a local period); a school year counts as known once any typed period falls in it.
    """

    def __init__(self, zone: str = "A", manual_periods: Iterable[HolidayPeriod] = ()):
        zone = zone.strip().upper()
        if zone not in ZONES:
            raise ValueError(f"Zone de vacances scolaires inconnue : « {zone} » (A, B ou C).")
        self._zone = zone
        self._manual_periods = tuple(sorted(manual_periods, key=lambda p: p.first_day))
        self._manual_school_years = frozenset(
            year
            for p in self._manual_periods
            for year in range(school_year_start(p.first_day), school_year_start(p.last_day) + 1)
        )
        self._school_by_year: dict[int, dict[dt.date, str]] = {}
        self._public_by_year: dict[int, dict[dt.date, str]] = {}

    @property
    def zone(self) -> str:
        return self._zone

    @property
    def manual_periods(self) -> tuple[HolidayPeriod, ...]:
        return self._manual_periods

    # -- questions about one day ---------------------------------------------------------------

    def school_holiday(self, day: dt.date) -> str | None:
        """Name of the school holiday on this day, or None (also None when the day is unknown:
        ask :meth:`is_covered` first, or use :meth:`day_off`, which raises)."""
        for period in self._manual_periods:
            if period.contains(day):
                return period.name
        by_day = self._school_by_year.get(day.year)
        if by_day is None:
            by_day = self._school_by_year[day.year] = _PACKAGES.school_holidays(day.year, self._zone)
        return by_day.get(day)

    def public_holiday(self, day: dt.date) -> str | None:
        """French name of the public holiday on this day, or None (known for every year)."""
        by_day = self._public_by_year.get(day.year)
        if by_day is None:
            by_day = self._public_by_year[day.year] = _PACKAGES.public_holidays(day.year)
        return by_day.get(day)

    def day_off(self, day: dt.date) -> DayOff | None:
        """Why there is no school on this day, or None on a school day.

        A school holiday wins over a public holiday inside it (01/11 reads "Vacances de la
        Toussaint"). Raises :class:`HolidayDataMissing` when the day's school year is unknown.
        """
        if not self.is_covered(day):
            raise HolidayDataMissing(self._zone, self.coverage_gaps(day, day))
        name = self.school_holiday(day)
        if name is not None:
            return DayOff(day, DayOffKind.SCHOOL_HOLIDAY, name)
        name = self.public_holiday(day)
        if name is not None:
            return DayOff(day, DayOffKind.PUBLIC_HOLIDAY, name)
        return None

    # -- coverage ------------------------------------------------------------------------------

    def is_covered(self, day: dt.date) -> bool:
        """Whether the school holidays of this day are known (package or typed periods)."""
        first, last = _PACKAGES.school_span()
        return first <= day <= last or school_year_start(day) in self._manual_school_years

    def coverage_gaps(self, start: dt.date, end: dt.date) -> list[CoverageGap]:
        """The unknown stretches of ``start``–``end``, one per school year, in order."""
        if end < start:
            return []
        first, last = _PACKAGES.school_span()
        gaps: list[CoverageGap] = []
        for year in range(school_year_start(start), school_year_start(end) + 1):
            if year in self._manual_school_years:
                continue
            year_first, year_last = school_year_bounds(year)
            lo, hi = max(start, year_first), min(end, year_last)
            # Remove the part the package knows; the known span is one block, so what is left is
            # a stretch before it and/or a stretch after it.
            for part_lo, part_hi in ((lo, min(hi, first - dt.timedelta(days=1))),
                                     (max(lo, last + dt.timedelta(days=1)), hi)):
                if part_lo <= part_hi:
                    gaps.append(CoverageGap(school_year_label(year), part_lo, part_hi))
        return gaps

    def require_covered(self, start: dt.date, end: dt.date) -> None:
        """Raise :class:`HolidayDataMissing` if some school holidays of the range are unknown."""
        gaps = self.coverage_gaps(start, end)
        if gaps:
            raise HolidayDataMissing(self._zone, gaps)


# --------------------------------------------------------------------------------------------


def _fr(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _join_fr(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]
