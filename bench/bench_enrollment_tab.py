"""Inscriptions: what the agent waits for when a family is opened — from ``set_family`` to the grid
of cells (a chooser and a status line per child and offer) and the recap drawn, on the
50,000-family dataset; the floor is the grid service alone for the same families, measured in the
same run."""

from __future__ import annotations

import asyncio
import functools
import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from bench.harness import Figure, french_qt_app, median, peak_memory_mb, percentile, timings_ms
from ems_desktop.models import Child, Family, Season
from ems_desktop.services.bootstrap import open_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.grid import enrollment_grid

FAMILIES = 60


def run() -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync

    from bench.dataset import ensure_dataset
    from ems_desktop.local_settings import LocalSettings
    from ems_desktop.services import agents
    from ems_desktop.services.demo import DEMO_LOGIN, DEMO_PASSWORD
    from ems_desktop.services.worker import DatabaseWorker
    from ems_desktop.views.application import build_state
    from ems_desktop.views.enrollment_tab import EnrollmentTab

    database = open_database(f"sqlite:///{ensure_dataset()}")
    context = ServiceContext(database)
    with context.reading() as s:
        # Families with two children or more: the grids agents wait longest for.
        # The same families from one run to the next (every 97th by reference), so runs compare.
        with_siblings = list(s.scalars(select(Family.id).join(Child).group_by(Family.id)
                                       .having(func.count(Child.id) >= 2).order_by(Family.reference)))
        family_ids = with_siblings[::97][:FAMILIES]
        season_id = s.scalar(select(Season.id).order_by(Season.starts_on.desc()))
    assert season_id is not None, "the dataset has seasons"
    floor = []
    for family_id in family_ids:
        floor += timings_ms(functools.partial(enrollment_grid, context, family_id, season_id), repeat=1, warmup=0)

    app = french_qt_app()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    worker = DatabaseWorker()
    agent = agents.authenticate(context, DEMO_LOGIN, DEMO_PASSWORD)
    counter = agents.list_counters(context)[0]
    local = LocalSettings(Path(tempfile.mkdtemp(prefix="ems-bench-")) / "guichet.json")
    state = build_state(context, worker, agent, counter, local)
    tab = EnrollmentTab(state)
    tab.resize(1366, 700)
    tab.show()

    async def shown(family_id) -> float:
        """set_family → the grid and the recap on screen, painted."""
        done = asyncio.get_running_loop().create_future()

        def loaded() -> None:
            if not done.done():
                done.set_result(None)

        tab.recap_loaded.connect(loaded)
        start = time.perf_counter()
        tab.set_family(family_id)
        await done
        tab.grab()  # painted, as the screen will show it
        elapsed = (time.perf_counter() - start) * 1000.0
        tab.recap_loaded.disconnect(loaded)
        return elapsed

    async def measure() -> list[float]:
        await shown(family_ids[0])  # the seasons read once, fonts loaded
        return [await shown(family_id) for family_id in family_ids]

    with loop:
        waited = loop.run_until_complete(measure())
    # This process's own peak (the dataset's reads and the 60 grids included).
    peak_mb = peak_memory_mb()
    worker.shutdown()
    database.dispose()
    return [
        Figure(f"open a family in Inscriptions → grid and recap painted (median of {FAMILIES})", median(waited), None),
        Figure("open a family in Inscriptions → grid painted, 95th percentile", percentile(waited, 95), None),
        Figure("floor: the grid service alone, same families (median)", median(floor), None),
        Figure("peak memory of the benchmark process so far (every module run before included)", peak_mb, None,
               unit="MB"),
    ]
