"""Planning benchmark: the session dates of a whole season for 200 groups.

Target (issue): ≤ 50 ms median, from a new HolidayCalendar each time (its per-year cache empty),
the packages' data already loaded in the process. The one-time load of that data, paid by the
first planning of a session of the application, is measured in a fresh interpreter, for
information.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from bench.harness import Figure, median, timings_ms
from ems_desktop.planning import WEDNESDAY, Cancellation, GroupPattern, HolidayCalendar, season_sessions

D = dt.date
SATURDAY = 5
GROUPS = 200

# Season 2026/2027: three trimesters and the ski offer of the 2nd trimester.
PERIODS = [
    (D(2026, 9, 16), D(2026, 12, 9)),
    (D(2027, 1, 6), D(2027, 3, 31)),
    (D(2027, 1, 6), D(2027, 3, 10)),   # ski
    (D(2027, 4, 7), D(2027, 6, 30)),
]


def season_groups() -> list[GroupPattern]:
    groups = []
    for index in range(GROUPS):
        first, last = PERIODS[index % len(PERIODS)]
        weekday = WEDNESDAY if index % 5 else SATURDAY
        cancelled: tuple[Cancellation, ...] = ()
        if index % 17 == 0:  # a few sessions cancelled (weather, strike)
            cancelled = (Cancellation(first + dt.timedelta(days=14), "Intempéries"),)
        groups.append(GroupPattern(index, first, last, weekday, cancelled=cancelled))
    return groups


def _cold_process_ms() -> float:
    """First season computed in a new interpreter (imports done, package data not yet loaded)."""
    code = (
        "import time; from bench.bench_planning import season_groups; "
        "from ems_desktop.planning import HolidayCalendar, season_sessions; "
        "groups = season_groups(); start = time.perf_counter(); "
        "season_sessions(groups, HolidayCalendar('A')); "
        "print((time.perf_counter() - start) * 1000.0)"
    )
    root = Path(__file__).resolve().parent.parent
    output = subprocess.run([sys.executable, "-c", code], cwd=root, check=True,
                            capture_output=True, text=True).stdout
    return float(output.strip().splitlines()[-1])


def run() -> list[Figure]:
    groups = season_groups()
    held = sum(len(s.held) for s in season_sessions(groups, HolidayCalendar("A")).values())
    assert held > 9 * GROUPS, held  # the figure is about real work, not an empty result

    timings = timings_ms(lambda: season_sessions(groups, HolidayCalendar("A")), repeat=30)
    return [
        Figure("planning: season of 200 groups, new calendar (median)", median(timings), 50.0),
        Figure("planning: first season in a new process (package data load)",
               _cold_process_ms(), None),
    ]
