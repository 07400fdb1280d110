"""The sync tests' town (see ``town.py``) on the session's PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from ems_desktop.paths import CATALOGS
from ems_desktop.services import agents, catalog
from ems_desktop.services.context import Actor, ServiceContext
from tests.helpers import make_family
from tests.pg_server import fresh_pg_database
from tests.sync.town import Town, replica


@pytest.fixture
def town(request, migrated_template, tmp_path, clock):
    server_db = request.getfixturevalue("pg_database")
    server = ServiceContext(db=server_db, clock=clock)
    counter_a = agents.create_counter(server, code="HDV", name="Accueil Hôtel de Ville", number_prefix="A01")
    counter_b = agents.create_counter(server, code="GYM", name="Gymnase", number_prefix="B01")
    server = server.as_actor(Actor(counter_id=counter_a.id))
    catalog.import_catalog_file(server, CATALOGS / "2017-2018.csv")
    agent = agents.create_agent(server, login="c.martin", display_name="Claire Martin", password="Velo-rouge-73",
                                roles=["agent", "regisseur"])
    # A family known to every counter before the day starts (both replicas have it).
    make_family(server.as_actor(Actor(agent_id=agent.id, counter_id=counter_a.id)), name="Durand",
                children=(("Noé", dt.date(2009, 5, 2)),))
    a = replica(migrated_template, tmp_path, "a", server, counter_a.id, agent.id, clock)
    b = replica(migrated_template, tmp_path, "b", server, counter_b.id, agent.id, clock)
    yield Town(server, a, b)
    a.db.dispose()
    b.db.dispose()


@pytest.fixture
def pg_database(postgres_server):
    """The town's central database: PostgreSQL only (the sync service runs on nothing else)."""
    yield from fresh_pg_database(postgres_server, "ems_sync")
