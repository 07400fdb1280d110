"""The grid's "where the offer stands" (sessions left, over) is worked out once for every family
and kept until the planning changes or the day does: a cancelled session, on this counter or on
another, and the next Wednesday both show in the next grid."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ems_desktop.models import Season
from ems_desktop.services import planning
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.grid import enrollment_grid
from tests.helpers import group_id, make_family

VTT = ("EMS-2017-T1", "7/11 ans VTT ou initiation bowling")


def _progress_of(ctx, family_id, season_id, gid):
    grid = enrollment_grid(ctx, family_id, season_id)
    cell = next(iter(grid.cells.values()))
    return next(c.progress for c in cell.choices if c.group_id == gid)


def test_grid_progress_follows_the_planning_and_the_days(catalog_2017, clock):
    ctx = catalog_2017
    with ctx.reading() as s:
        season_id = s.scalar(select(Season.id).where(Season.label == "2017/2018"))
    gid = group_id(ctx, *VTT)
    family = make_family(ctx)
    clock.current = dt.datetime(2017, 10, 2, 8, 0, tzinfo=dt.UTC)  # a Monday of the 1st trimester
    before = _progress_of(ctx, family.id, season_id, gid)
    assert before.started and before.sessions_left is not None

    planning.cancel_session(ctx, gid, dt.date(2017, 10, 4), "Gymnase fermé")
    assert _progress_of(ctx, family.id, season_id, gid).sessions_left == before.sessions_left - 1

    # Another counter (its own cache) restores it: this counter's next grid sees it.
    other = ServiceContext(db=ctx.db, actor=ctx.actor, bus=ctx.bus, clock=ctx.clock)
    planning.restore_session(other, gid, dt.date(2017, 10, 4))
    assert _progress_of(ctx, family.id, season_id, gid).sessions_left == before.sessions_left

    clock.advance(days=3)  # Thursday: Wednesday's session is behind
    assert _progress_of(ctx, family.id, season_id, gid).sessions_left == before.sessions_left - 1
