"""Unpaid enrollments hold their place for a while (2 hours, as on the family portal)."""

from __future__ import annotations

import datetime as dt

DEFAULT_HOLD = dt.timedelta(hours=2)


def hold_expiry(now: dt.datetime, hold: dt.timedelta = DEFAULT_HOLD) -> dt.datetime:
    return now + hold


def hold_is_active(hold_expires_at: dt.datetime | None, now: dt.datetime) -> bool:
    return hold_expires_at is not None and hold_expires_at > now


def time_left_label(hold_expires_at: dt.datetime, now: dt.datetime) -> str:
    """"1 h 42 min", "8 min", or "expiré" — for the recap."""
    seconds = int((hold_expires_at - now).total_seconds())
    if seconds <= 0:
        return "expiré"
    hours, rest = divmod(seconds, 3600)
    minutes = max(1, rest // 60) if hours == 0 else rest // 60
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
