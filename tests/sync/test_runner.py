"""The counters' background sync against the service in its own process: an enrollment at A shows
at B by itself; with the link cut, A goes on working, its status says since when it is offline and
how much waits, and everything goes once the link is back."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from ems_desktop.models import Enrollment
from ems_desktop.services import enrollment
from ems_desktop.sync.runner import SyncLoop, backoff_delay
from ems_desktop.sync.server import auth
from tests.helpers import SEED_GROUPS, group_id
from tests.sync.server_process import start_service
from tests.sync.town import durand


def eventually(condition, timeout: float = 20.0):
    """Wait for the background threads to make ``condition`` true (a deadline, not a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("not reached in time")


@pytest.fixture
def service(town):
    process, base_url = start_service(town.server.db.engine.url.render_as_string(hide_password=False))
    yield base_url
    process.kill()
    process.wait()


def _loop(town, counter, base_url):
    token = auth.enrol(town.server, auth.issue_enrolment_code(town.server, counter.actor.counter_id)).token
    statuses = []
    loop = SyncLoop(counter, base_url, token, on_status=statuses.append, long_poll=2, push_every=0.5)
    counter.bus.subscribe(lambda _changes: loop.committed())
    return loop, statuses


def test_an_enrollment_at_one_counter_shows_at_the_other_by_itself(town, service):
    a, _ = _loop(town, town.a, service)
    b, b_statuses = _loop(town, town.b, service)
    a.start()
    b.start()
    try:
        _, child_id = durand(town.a)
        made = enrollment.enroll(town.a, child_id, group_id(town.a, *SEED_GROUPS[0])).id

        def at_b():
            with town.b.reading() as s:
                return s.scalar(select(Enrollment.status).where(Enrollment.id == made))
        assert eventually(at_b) == "pending"
        assert eventually(lambda: b_statuses and b_statuses[-1].online)
    finally:
        a.stop()
        b.stop()


def test_with_the_link_cut_the_counter_works_and_everything_goes_when_it_is_back(town, service):
    a, statuses = _loop(town, town.a, service)
    a.start()
    try:
        eventually(lambda: statuses and statuses[-1].online)
        a.cut_link(True)
        eventually(lambda: not statuses[-1].online and statuses[-1].offline_since is not None)
        _, child_id = durand(town.a)
        made = enrollment.enroll(town.a, child_id, group_id(town.a, *SEED_GROUPS[0])).id
        eventually(lambda: statuses[-1].pending == 1)
        with town.server.reading() as s:
            assert s.get(Enrollment, made) is None  # nothing went
        a.cut_link(False)
        eventually(lambda: statuses[-1].online and statuses[-1].pending == 0)
        with town.server.reading() as s:
            assert s.scalar(select(Enrollment.status).where(Enrollment.id == made)) == "pending"
    finally:
        a.stop()


def test_the_service_down_makes_the_counter_offline_then_back(town):
    """No service at that address: offline, retries spaced by a jittered back-off."""
    a, statuses = _loop(town, town.a, "http://127.0.0.1:9")  # nothing listens there
    a.start()
    try:
        eventually(lambda: statuses and not statuses[-1].online and statuses[-1].offline_since)
    finally:
        a.stop()
    assert all(0 <= backoff_delay(n) <= min(60, 2 ** (n - 1)) for n in range(1, 12) for _ in range(20))
