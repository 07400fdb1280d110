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


def test_demo_counter_has_been_working(database):
    from ems_desktop.models import CashSession, Enrollment, Invoice, Payment
    from ems_desktop.services.accounts import balance_of

    ctx = ServiceContext(database)
    demo.ensure_demo(ctx)
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(Invoice)) >= 10
        modes = set(s.scalars(select(Payment.mode)))
        assert {"cash", "cheque", "ancv"} <= modes
        assert s.scalar(select(func.count()).select_from(Enrollment).where(Enrollment.status == "waiting")) >= 1
        sessions = s.scalars(select(CashSession).order_by(CashSession.opened_at)).all()
        assert [x.closed_at is not None for x in sessions] == [True, False]
        berthier = s.scalar(select(Family).where(Family.name == "Berthier"))
        assert balance_of(s, berthier.id).due_cents == 0
        assert s.scalar(select(func.count()).select_from(Enrollment).join(Child)
                        .where(Child.family_id == berthier.id)) == 0
