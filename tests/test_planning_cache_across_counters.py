"""The planning's cache on two counters of one database (two ServiceContexts, two engines, two
caches, as two processes have): a session cancelled, a holiday zone changed in Paramètres or a
catalog re-imported on one counter is seen by the other's next planning call, without a restart —
and a call with nothing changed costs one primary-key lookup, not a recomputation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from sqlalchemy import event, select

from ems_desktop.database.engine import Database
from ems_desktop.models import ActivityGroup, Offer
from ems_desktop.paths import CATALOGS
from ems_desktop.services import agents, catalog, enrollment, planning, settings
from ems_desktop.services.context import Actor, ServiceContext
from tests.helpers import group_id, make_family

D = dt.date
VTT = ("EMS-2017-T1", "7/11 ans VTT ou initiation bowling")
TIR_A_L_ARC = ("EMS-2017-T2", "7/10 ans Tir à l'arc")


def planning_season(ctx, gid):
    with ctx.reading() as s:
        return s.scalar(select(Offer.season_id).join(ActivityGroup).where(ActivityGroup.id == gid))


@pytest.fixture
def counters(catalog_2017, clock):
    """The Hôtel de Ville's counter (an administrator at it) and the sports hall's, each with its
    own engine and cache on the same database."""
    admin = agents.create_agent(catalog_2017, login="admin", display_name="Alice Admin", password="velo-rouge-lundi-42",
                                is_admin=True)
    town_hall = catalog_2017.as_actor(Actor(agent_id=admin.id, counter_id=catalog_2017.actor.counter_id))
    other_db = Database(catalog_2017.db.url)
    hall = ServiceContext(db=other_db, clock=clock)
    counter = agents.create_counter(hall, code="GYM", name="Salle des sports", number_prefix="B01")
    hall = hall.as_actor(Actor(agent_id=None, counter_id=counter.id))
    yield town_hall, hall
    other_db.dispose()


def test_a_session_cancelled_on_one_counter_is_seen_by_the_others_next_call(counters):
    town_hall, hall = counters
    gid = group_id(hall, *VTT)
    assert D(2017, 9, 27) in planning.group_schedule(hall, gid).held_days  # cached by the sports hall
    assert D(2017, 9, 27) in planning.group_schedule(town_hall, gid).held_days

    planning.cancel_session(town_hall, gid, D(2017, 9, 27), "Intempéries")

    schedule = planning.group_schedule(hall, gid)
    assert D(2017, 9, 27) not in schedule.held_days
    cancelled = next(s for s in schedule.sessions if s.day == D(2017, 9, 27))
    assert not cancelled.takes_place and cancelled.reason == "Intempéries"
    # A child's planning on the sports hall's counter shows it too.
    family = make_family(hall)
    enrollment.enroll(hall, family.children[0].id, gid)
    season_id = planning_season(hall, gid)
    entry, = planning.child_planning(hall, family.children[0].id, season_id).entries
    assert [s.day for s in entry.sessions if not s.takes_place] == [D(2017, 9, 27)]
    # …and the other way round: the sports hall adds a make-up session, the town hall sees it.
    planning.add_session(hall, gid, D(2017, 12, 13), "Rattrapage du 27/09")
    assert D(2017, 12, 13) in planning.group_schedule(town_hall, gid).held_days


def test_a_zone_changed_in_the_settings_is_seen_by_every_counter(counters):
    town_hall, hall = counters
    gid = group_id(hall, *TIR_A_L_ARC)
    # Zone A: winter holidays from 10/02 to 26/02/2018.
    for ctx in (hall, town_hall):
        days = planning.group_schedule(ctx, gid).held_days
        assert D(2018, 2, 14) not in days and D(2018, 2, 21) not in days and D(2018, 2, 28) in days

    shared = settings.load_settings(town_hall, town_hall.actor.counter_id)
    settings.save_settings(town_hall, town_hall.actor.counter_id,
                           dataclasses.replace(shared, season_zones=(("2017/2018", "B"),)))

    # Zone B: winter holidays from 24/02 to 12/03/2018 — on both counters, the one that saved too.
    for ctx in (hall, town_hall):
        days = planning.group_schedule(ctx, gid).held_days
        assert D(2018, 2, 14) in days and D(2018, 2, 21) in days
        assert D(2018, 2, 28) not in days and D(2018, 3, 7) not in days


def test_a_catalog_imported_on_one_counter_is_seen_by_the_other(counters):
    town_hall, hall = counters
    gid = group_id(hall, *VTT)
    assert planning.group_schedule(hall, gid).held_days[-1] == D(2017, 12, 6)
    lines = (CATALOGS / "2017-2018.csv").read_text(encoding="utf-8").splitlines()
    lines = [line.replace("20/09/2017;06/12/2017;", "20/09/2017;13/12/2017;") for line in lines]
    catalog.import_catalog(town_hall, "\n".join(lines) + "\n")
    assert planning.group_schedule(hall, gid).held_days[-1] == D(2017, 12, 13)


def test_a_call_with_nothing_changed_reads_one_row_and_reuses_the_cache(counters) -> None:
    town_hall, hall = counters
    season_id = planning_season(hall, group_id(hall, *VTT))
    first = planning.season_schedules(hall, season_id)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(hall.db.engine, "before_cursor_execute", seen)
    try:
        again = planning.season_schedules(hall, season_id)
    finally:
        event.remove(hall.db.engine, "before_cursor_execute", seen)
    assert again == first and all(again[g] is first[g] for g in first)  # the same objects: from the cache
    queries = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 1 and re.search(r"\bFROM settings\b", queries[0])
    assert not [s for s in statements if re.search(r"session_exceptions|closures|activity_groups", s)]
