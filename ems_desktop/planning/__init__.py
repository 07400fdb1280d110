"""Planning: which days a group meets (school holidays of the zone, public holidays, exceptions).

Pure Python, no Qt, no database: plain data in, frozen dataclasses out.
"""

from ems_desktop.planning.holidays import (
    CoverageGap,
    DayOff,
    DayOffKind,
    HolidayCalendar,
    HolidayDataMissing,
    HolidayPeriod,
    preload,
    school_year_label,
    school_year_start,
)
from ems_desktop.planning.sessions import (
    WEDNESDAY,
    AddedSession,
    Cancellation,
    Closure,
    GroupPattern,
    Schedule,
    SessionDate,
    SessionPlanner,
    SessionStatus,
    SkippedDate,
    SkipReason,
    explain_skipped,
    season_sessions,
    session_dates,
)

__all__ = [
    "AddedSession", "Cancellation", "Closure", "CoverageGap", "DayOff", "DayOffKind",
    "GroupPattern", "HolidayCalendar", "HolidayDataMissing", "HolidayPeriod", "Schedule",
    "SessionDate", "SessionPlanner", "SessionStatus", "SkipReason", "SkippedDate", "WEDNESDAY",
    "explain_skipped", "preload", "school_year_label", "school_year_start", "season_sessions",
    "session_dates",
]
