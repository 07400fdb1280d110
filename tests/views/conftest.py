"""Fixtures shared by the screens' tests: the seed's family with its enrollments to pay, the card
terminal simulator on a loopback socket, Lise-Roxelane's planning."""

from __future__ import annotations

import asyncio

import pytest

from ems_desktop.services import agents, enrollment
from ems_desktop.services.context import Actor
from ems_desktop.terminal.client import CaisseApIpTerminal
from ems_desktop.terminal.simulator import TerminalSimulator
from ems_desktop.views.application import build_state
from tests.helpers import SEED_GROUPS, catalog_and_berthiers, first_run_database, group_id


@pytest.fixture
def simulator(qtbot, event_loop):
    sim = TerminalSimulator()
    started = asyncio.ensure_future(sim.start())
    qtbot.waitUntil(started.done)
    yield sim
    stopped = asyncio.ensure_future(sim.stop())
    qtbot.waitUntil(stopped.done)


@pytest.fixture
def enrolled(app_state):
    """The seed's family, its three enrollments to pay; no terminal configured."""
    ctx = app_state.context
    family = catalog_and_berthiers(ctx)
    ids = tuple(enrollment.enroll(ctx, family.children[0].id, group_id(ctx, *g)).id for g in SEED_GROUPS)
    return app_state, family, ids


@pytest.fixture
def seeded(enrolled, simulator):
    """The same, with the simulator as the counter's terminal — configured as a real one would be."""
    app_state, family, ids = enrolled
    app_state.simulator = None
    app_state.terminal = CaisseApIpTerminal("127.0.0.1", simulator.port, deadline_s=10)
    return enrolled


@pytest.fixture
def lise(enrolled):
    """Lise-Roxelane's family and her three 2017/2018 enrollments (not yet paid), for the Planning tab."""
    app_state, family, ids = enrolled
    return app_state, family, list(ids)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """The folder the documents are saved in (EMS_DATA_DIR), under tmp_path; the tests that save
    documents use it (``pytestmark = pytest.mark.usefixtures("data_dir")``)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("EMS_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def plain_agent_state(app_state):
    """The application's state for Paul Durand (p.durand), a plain agent, at the same counter."""
    plain = agents.create_agent(app_state.context, login="p.durand", display_name="Paul Durand",
                                password="Velo-rouge-73", roles=["agent"])
    return build_state(app_state.context.as_actor(Actor(None, None)), app_state.worker, plain, app_state.counter,
                       app_state.local)


@pytest.fixture
def counter_on_disk(tmp_path, monkeypatch, migrated_template):
    """For the tests that run the whole counter (run_counter): its configuration folder
    (EMS_CONFIG_DIR) is tmp_path, its base tmp_path/ems.sqlite3 after the first run (c.martin at
    A01). Gives the base's path, its context, the agent and the counter."""
    monkeypatch.setenv("EMS_CONFIG_DIR", str(tmp_path))
    path = tmp_path / "ems.sqlite3"
    base, agent, counter = first_run_database(migrated_template, path)
    return path, base, agent, counter
