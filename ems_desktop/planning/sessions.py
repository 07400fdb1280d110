"""Session dates of a group: every given weekday of the offer's period, minus days without school.

The rules (see docs/DOMAIN.md): a group meets on its weekday (EMS: Wednesday) from the offer's
first day to its last day, except on school holidays of the zone, on public holidays and on days
the administrator closed (a gym closed for a week). The administrator may cancel a session (the
reason is kept: weather, strike…) or add one.

Everything here is plain data in, plain data out; the application stores cancellations, added
sessions and closures and passes them in.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ems_desktop.planning.holidays import DayOffKind, HolidayCalendar, HolidayDataMissing

K = TypeVar("K", bound=Hashable)  # the caller's key of a group

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)

_WEEK = dt.timedelta(days=7)


# --------------------------------------------------------------------------------------------
# Plain data
# --------------------------------------------------------------------------------------------


class SessionStatus(enum.StrEnum):
    HELD = "held"            # a regular session
    CANCELLED = "cancelled"  # a regular session the administrator cancelled
    ADDED = "added"          # an extra session the administrator added


class SkipReason(enum.StrEnum):
    SCHOOL_HOLIDAY = "school_holiday"
    PUBLIC_HOLIDAY = "public_holiday"
    CLOSURE = "closure"


@dataclass(frozen=True)
class Cancellation:
    day: dt.date
    reason: str = ""  # "Intempéries", "Grève"…


@dataclass(frozen=True)
class AddedSession:
    day: dt.date
    reason: str = ""  # "Rattrapage du 14/03"…


@dataclass(frozen=True)
class Closure:
    """Days the administrator closed (both included): no regular session there."""

    first_day: dt.date
    last_day: dt.date
    reason: str = ""  # "Gymnase fermé pour travaux"

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValueError(
                f"La fermeture finit avant de commencer ({self.first_day:%d/%m/%Y} – "
                f"{self.last_day:%d/%m/%Y})."
            )

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class SessionDate:
    day: dt.date
    status: SessionStatus
    reason: str = ""  # why it was cancelled or added

    @property
    def takes_place(self) -> bool:
        return self.status is not SessionStatus.CANCELLED


@dataclass(frozen=True)
class SkippedDate:
    """A weekday of the period with no session, and why (for the planning's tooltips)."""

    day: dt.date
    reason: SkipReason
    label: str  # French, ready to show: "Vacances de la Toussaint", "Jour férié : Armistice 1918"


@dataclass(frozen=True)
class Schedule:
    """The sessions of one group (all statuses, by date) and the weekdays skipped."""

    sessions: tuple[SessionDate, ...]
    skipped: tuple[SkippedDate, ...]

    @property
    def held(self) -> tuple[SessionDate, ...]:
        """The sessions that take place (regular and added)."""
        return tuple(s for s in self.sessions if s.takes_place)

    @property
    def held_days(self) -> tuple[dt.date, ...]:
        return tuple(s.day for s in self.sessions if s.takes_place)


@dataclass(frozen=True)
class GroupPattern(Generic[K]):
    """What one group of a season needs for its dates; ``key`` is the caller's id."""

    key: K
    first_day: dt.date
    last_day: dt.date
    weekday: int = WEDNESDAY
    cancelled: tuple[Cancellation, ...] = field(default=())
    added: tuple[AddedSession, ...] = field(default=())
    closures: tuple[Closure, ...] = field(default=())


# --------------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Base:
    """Regular dates of a (period, weekday, closures), before cancellations and additions."""

    regular: tuple[dt.date, ...]
    skipped: tuple[SkippedDate, ...]


class SessionPlanner:
    """Computes schedules against one calendar, caching the regular dates per
    (first day, last day, weekday, closures): a season's 200 groups share a handful of them."""

    def __init__(self, calendar: HolidayCalendar):
        self.calendar = calendar
        self._bases: dict[tuple, _Base] = {}

    def schedule(
        self,
        first_day: dt.date,
        last_day: dt.date,
        weekday: int = WEDNESDAY,
        *,
        cancelled: Iterable[Cancellation] = (),
        added: Iterable[AddedSession] = (),
        closures: Iterable[Closure] = (),
    ) -> Schedule:
        """Sessions and skipped days of one group. Raises :class:`HolidayDataMissing` when the
        period's school holidays are unknown, ValueError on an impossible period or weekday."""
        base = self._base(first_day, last_day, weekday, tuple(closures))
        return _apply_exceptions(base, tuple(cancelled), tuple(added))

    def season(self, groups: Iterable[GroupPattern[K]]) -> dict[K, Schedule]:
        """Schedules of many groups, by key. The coverage of all periods is checked first, so a
        missing school year is reported once, with every school year that is missing."""
        groups = list(groups)
        periods = {(g.first_day, g.last_day) for g in groups}
        gaps = [gap for first, last in sorted(periods)
                for gap in self.calendar.coverage_gaps(first, last)]
        if gaps:
            raise HolidayDataMissing(self.calendar.zone, _unique(gaps))
        return {
            g.key: self.schedule(g.first_day, g.last_day, g.weekday,
                                 cancelled=g.cancelled, added=g.added, closures=g.closures)
            for g in groups
        }

    def _base(self, first_day: dt.date, last_day: dt.date, weekday: int,
              closures: tuple[Closure, ...]) -> _Base:
        cache_key = (first_day, last_day, weekday, closures)
        base = self._bases.get(cache_key)
        if base is None:
            base = self._bases[cache_key] = _compute_base(
                self.calendar, first_day, last_day, weekday, closures)
        return base


def _compute_base(calendar: HolidayCalendar, first_day: dt.date, last_day: dt.date,
                  weekday: int, closures: tuple[Closure, ...]) -> _Base:
    if not (isinstance(weekday, int) and 0 <= weekday <= 6):
        raise ValueError(f"Jour de la semaine invalide : {weekday!r} (0 = lundi … 6 = dimanche).")
    if last_day < first_day:
        raise ValueError(
            f"La période finit avant de commencer ({first_day:%d/%m/%Y} – {last_day:%d/%m/%Y})."
        )
    calendar.require_covered(first_day, last_day)

    regular: list[dt.date] = []
    skipped: list[SkippedDate] = []
    day = first_day + dt.timedelta(days=(weekday - first_day.weekday()) % 7)
    while day <= last_day:
        closure = next((c for c in closures if c.contains(day)), None)
        day_off = calendar.day_off(day)
        if day_off is not None:
            # A holiday explains the gap better than a closure that overlaps it.
            if day_off.kind is DayOffKind.SCHOOL_HOLIDAY:
                skipped.append(SkippedDate(day, SkipReason.SCHOOL_HOLIDAY, day_off.name))
            else:
                skipped.append(SkippedDate(day, SkipReason.PUBLIC_HOLIDAY,
                                           f"Jour férié : {day_off.name}"))
        elif closure is not None:
            label = f"Fermeture : {closure.reason}" if closure.reason else "Fermeture"
            skipped.append(SkippedDate(day, SkipReason.CLOSURE, label))
        else:
            regular.append(day)
        day += _WEEK
    return _Base(tuple(regular), tuple(skipped))


def _apply_exceptions(base: _Base, cancelled: tuple[Cancellation, ...],
                      added: tuple[AddedSession, ...]) -> Schedule:
    if not cancelled and not added:
        return Schedule(tuple(SessionDate(d, SessionStatus.HELD) for d in base.regular),
                        base.skipped)
    cancel_reasons = {c.day: c.reason for c in cancelled}
    sessions: dict[dt.date, SessionDate] = {}
    for day in base.regular:
        if day in cancel_reasons:
            sessions[day] = SessionDate(day, SessionStatus.CANCELLED, cancel_reasons[day])
        else:
            sessions[day] = SessionDate(day, SessionStatus.HELD)
    # A cancellation of a day that is not a regular session (it became a holiday since, say) is
    # ignored. An added session is an explicit decision: it stands even on a holiday or a
    # closure, and re-adding a cancelled day restores it.
    for extra in added:
        current = sessions.get(extra.day)
        if current is None or current.status is SessionStatus.CANCELLED:
            sessions[extra.day] = SessionDate(extra.day, SessionStatus.ADDED, extra.reason)
    added_days = {a.day for a in added}
    skipped = tuple(s for s in base.skipped if s.day not in added_days)
    return Schedule(tuple(sessions[d] for d in sorted(sessions)), skipped)


def _unique(items: list) -> list:
    return list(dict.fromkeys(items))


# --------------------------------------------------------------------------------------------
# Convenience functions
# --------------------------------------------------------------------------------------------


def session_dates(
    first_day: dt.date,
    last_day: dt.date,
    weekday: int,
    calendar: HolidayCalendar,
    *,
    cancelled: Iterable[Cancellation] = (),
    added: Iterable[AddedSession] = (),
    closures: Iterable[Closure] = (),
) -> list[SessionDate]:
    """The sessions of one group, by date: held, cancelled (with reason) and added."""
    return list(SessionPlanner(calendar).schedule(
        first_day, last_day, weekday, cancelled=cancelled, added=added, closures=closures
    ).sessions)


def explain_skipped(
    first_day: dt.date,
    last_day: dt.date,
    weekday: int,
    calendar: HolidayCalendar,
    *,
    closures: Iterable[Closure] = (),
    added: Iterable[AddedSession] = (),
) -> list[SkippedDate]:
    """The weekdays of the period without a session, with a French reason (tooltips)."""
    return list(SessionPlanner(calendar).schedule(
        first_day, last_day, weekday, added=added, closures=closures
    ).skipped)


def season_sessions(groups: Iterable[GroupPattern[K]], calendar: HolidayCalendar) -> Mapping[K, Schedule]:
    """Schedules of all groups of a season, by key (shared work per distinct period)."""
    return SessionPlanner(calendar).season(groups)
