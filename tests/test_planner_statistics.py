"""The query planner's statistics are kept: a database opened by the application is analysed when
it never was (or has grown a lot since), so the enrollment grid reads a family's few enrollments
through the child's index instead of every active enrollment of the town."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from typing import Any

import pytest
from sqlalchemy import insert, select

from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.database.statistics import refresh_planner_statistics
from ems_desktop.models import ActivityGroup, Child, Enrollment, EnrollmentStatus, Family
from ems_desktop.services.bootstrap import open_database


def _town_of(db: Database, families: int) -> list[uuid.UUID]:
    """``families`` families of 1 to 4 children, each child in a group (rows written directly)."""
    now = dt.datetime(2017, 6, 21, tzinfo=dt.UTC)
    with db.session() as s:
        groups = s.execute(select(ActivityGroup.id, ActivityGroup.offer_id)).all()
        rows: dict[str, list[dict[str, Any]]] = {"families": [], "children": [], "enrollments": []}
        for n in range(families):
            family_id = uuid.uuid4()
            rows["families"].append(dict(id=family_id, reference=f"T-{uuid.uuid4().hex[:8]}", name="Test",
                                         created_at=now, updated_at=now, search_text=""))
            for k in range(1 + n % 4):
                child_id = uuid.uuid4()
                rows["children"].append(dict(id=child_id, family_id=family_id, first_name="Léa", last_name="Test",
                                             birth_date=dt.date(2009, 1, 1)))
                group_id, offer_id = groups[(n + k) % len(groups)]
                rows["enrollments"].append(dict(id=uuid.uuid4(), child_id=child_id, group_id=group_id,
                                                offer_id=offer_id, status=EnrollmentStatus.CONFIRMED,
                                                price_cents=4000, created_at=now, updated_at=now, cancel_reason=""))
        s.execute(insert(Family), rows["families"])
        s.execute(insert(Child), rows["children"])
        s.execute(insert(Enrollment), rows["enrollments"])
    return [c["id"] for c in rows["children"][:4]]


def _grid_plan(db: Database, children) -> str:
    with db.session() as s:
        offers = list(s.scalars(select(ActivityGroup.offer_id).distinct()))
    query = select(Enrollment).where(Enrollment.child_id.in_(children), Enrollment.offer_id.in_(offers),
                                     Enrollment.status.in_(EnrollmentStatus.ACTIVE))
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as connection:
        return " | ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


def test_the_grid_reads_a_familys_enrollments_through_the_childs_index(catalog_2017, tmp_path):
    source = catalog_2017.db
    if source.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL keeps its statistics itself (autovacuum); this is SQLite's planner")
    children = _town_of(source, 3000)
    path = tmp_path / "copy.sqlite3"
    original = sqlite3.connect(source.engine.url.database)
    with sqlite3.connect(path) as copy:
        original.backup(copy)
    original.close()
    unanalysed = Database(sqlite_url(path))
    assert "ix_enrollments_status_hold" in _grid_plan(unanalysed, children)  # what it did before
    unanalysed.dispose()
    opened = open_database(sqlite_url(path))  # as the application opens it
    try:
        plan = _grid_plan(opened, children)
        assert "(child_id=?)" in plan and "status_hold" not in plan, plan
        # Next start: nothing grew, the cheap check only.
        assert refresh_planner_statistics(opened.engine) == "PRAGMA optimize"
        _town_of(opened, 3500)  # the families more than doubled since the analysis: analysed again
        assert refresh_planner_statistics(opened.engine) == "ANALYZE"
    finally:
        opened.dispose()


def test_the_card_attempts_needing_attention_are_found_through_an_index(ctx):
    """The Accueil's refresh and the start-up recovery never read every card payment ever made."""
    if ctx.db.engine.dialect.name != "sqlite":
        pytest.skip("the plan is SQLite's; PostgreSQL has the same index")
    from ems_desktop.models import CardAttempt
    from ems_desktop.services.card_payments import AttemptState

    query = select(CardAttempt.id).where(
        CardAttempt.state.in_((AttemptState.IN_DOUBT, AttemptState.SENT))
        | ((CardAttempt.state == AttemptState.ACCEPTED) & CardAttempt.payment_id.is_(None)))
    sql = str(query.compile(ctx.db.engine, compile_kwargs={"literal_binds": True}))
    with ctx.db.engine.connect() as connection:
        plan = " | ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "ix_card_attempts_state_payment" in plan and "SCAN card_attempts" not in plan, plan


def test_every_sqlite_connection_keeps_8_mb_of_pages(tmp_path):
    """SQLite's default page cache (2 MB) is far smaller than a town's families and indexes: each
    connection of the application keeps 8 MB, the pool reusing its warm connection."""
    from ems_desktop.database.engine import SQLITE_CACHE_KIB, make_engine

    engine = make_engine(sqlite_url(tmp_path / "cache.sqlite3"))
    try:
        with engine.connect() as first:
            assert first.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_CACHE_KIB == -8 * 1024
    finally:
        engine.dispose()
