"""Where an offer's period stands on a given day: not started, under way (sessions still to come) or
over, and how the counter says it. Prices do not follow it: DOMAIN.md has no prorata rule, so a
trimester joined late costs the full price — the agent must be able to tell the family so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# How an offer that is over is named, by offer kind (see models.catalog.OfferKind).
_ENDED = {"trimester": "Trimestre terminé", "stage": "Stage terminé", "outing": "Sortie passée"}


@dataclass(frozen=True)
class PeriodProgress:
    kind: str
    first_day: dt.date
    last_day: dt.date
    sessions_total: int | None  # None: not counted in sessions (outings, stages, holidays unknown)
    sessions_left: int | None   # sessions from today on, today's included
    started: bool               # a session (or the first day) is already past
    over: bool                  # nothing left to attend: no longer offered

    @property
    def notice(self) -> str:
        """"Trimestre terminé le 06/12/2017", "Plus que 2 séances sur 10", or "" when nothing
        needs saying (not started yet)."""
        if self.over:
            return f"{_ENDED.get(self.kind, 'Terminé')} le {self.last_day:%d/%m/%Y}"
        if not self.started:
            return ""
        if self.sessions_left is None:
            return f"Commencé le {self.first_day:%d/%m/%Y}"
        if self.sessions_left == 1:
            return f"Plus qu'une séance sur {self.sessions_total}"
        return f"Plus que {self.sessions_left} séances sur {self.sessions_total}"

    @property
    def refusal(self) -> str:
        """Why nobody can join any more ("" while it can be joined)."""
        return f"{self.notice} : plus d'inscription possible." if self.over else ""


def period_progress(kind: str, first_day: dt.date, last_day: dt.date, today: dt.date,
                    session_days: Iterable[dt.date] = ()) -> PeriodProgress:
    """The progress of a period on ``today``. With its session days (a trimester's Wednesdays that
    take place), the sessions decide: over once the last one is past, started once the first one
    is. Without them (outings and stages fall in the holidays, where no weekly session is counted),
    the dates decide."""
    days = sorted(set(session_days))
    if days:
        left = sum(1 for day in days if day >= today)
        return PeriodProgress(kind, first_day, days[-1], len(days), left, started=days[0] < today, over=left == 0)
    return PeriodProgress(kind, first_day, last_day, None, None, started=today > first_day, over=today > last_day)
