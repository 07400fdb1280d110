"""The demo database: idempotent, with the seed's family and both seasons."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ems_desktop.models import Agent, Child, Family, Season
from ems_desktop.services import agents, demo
from ems_desktop.services.context import ServiceContext


def test_demo_is_created_once_with_the_seed_family(database):
    ctx = ServiceContext(database)
    demo.ensure_demo(ctx)
    demo.ensure_demo(ctx)  # a second start changes nothing
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(Family)) == 30
        assert sorted(s.scalars(select(Season.label))) == ["2017/2018", "2026/2027"]
        lise = s.scalar(select(Child).where(Child.first_name == "Lise-Roxelane"))
        assert lise.birth_date == dt.date(2009, 2, 14)
        assert s.scalar(select(func.count()).select_from(Agent)) == 1
    assert agents.authenticate(ctx, demo.DEMO_LOGIN, demo.DEMO_PASSWORD).is_admin
