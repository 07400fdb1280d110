"""Dates and times: stored in UTC, shown in Europe/Paris, dates written dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def paris_today(now: dt.datetime | None = None) -> dt.date:
    """The date in Paris at ``now`` (default: this instant). At 00:30 in Paris it is still the
    previous day in UTC: ages, "today" and default dates follow the counter's calendar."""
    return to_local(now or utc_now()).date()


def format_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = to_local(value).date()
    return value.strftime("%d/%m/%Y")


def to_local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC timestamp as Paris wall-clock time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(PARIS)


def format_datetime(moment: dt.datetime | None) -> str:
    """26/11/2026 à 14:05 — Paris time."""
    if moment is None:
        return ""
    local = to_local(moment)
    return local.strftime("%d/%m/%Y à %H:%M")


def parse_date(text: str) -> dt.date:
    """Read dd/mm/yyyy (as typed at the counter) or ISO yyyy-mm-dd (as in data files)."""
    text = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"« {text} » n'est pas une date valide (jj/mm/aaaa).")


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Age in whole years on a given day (a child born 29/02 turns a year older on 01/03)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
