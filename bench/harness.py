"""The benchmark harness: every ``bench/bench_*.py`` module exposes ``run() -> list[Figure]``.

``python -m bench.run`` (or ``make bench``) runs them all on the dataset of
``EMS_BENCH_FAMILIES`` families (``dataset_families()``, 50,000 by default), prints a table of
figure, target and result, then each figure at 5k / 50k / 200k families, and writes
``bench/results-<size>.json``.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt and the services are loaded only by the benchmarks that use them
    from PySide6.QtWidgets import QApplication

    from ems_desktop.services.context import ServiceContext

FAMILIES_VARIABLE = "EMS_BENCH_FAMILIES"
DEFAULT_FAMILIES = 50_000
# From this size on, a figure's ``target_200k`` (when it has one) is the limit in force.
LARGE_FAMILIES = 200_000


def dataset_families() -> int:
    """The number of families of the benchmark dataset this run uses (``EMS_BENCH_FAMILIES``)."""
    raw = os.environ.get(FAMILIES_VARIABLE, "").strip().replace("_", "")
    if not raw:
        return DEFAULT_FAMILIES
    try:
        families = int(raw)
    except ValueError:
        raise SystemExit(f"{FAMILIES_VARIABLE}={raw!r}: a number of families is expected (e.g. 200000)") from None
    if families <= 0:
        raise SystemExit(f"{FAMILIES_VARIABLE}={raw!r}: a positive number of families is expected")
    return families


def size_label(families: int) -> str:
    """"5k", "50k", "200k" (another size: its number)."""
    return f"{families // 1000}k" if families % 1000 == 0 else str(families)


@dataclass(frozen=True)
class Figure:
    name: str          # what was measured, in plain words
    value: float       # the measurement
    target: float | None  # the limit from the issue (None: reported for information only)
    unit: str = "ms"
    lower_is_better: bool = True
    # The limit at 200,000 families when the issue sets another one there (None: ``target`` holds).
    target_200k: float | None = None
    # The 95th percentile of the measurements, when the figure is a median of several.
    p95: float | None = None

    @property
    def target_in_force(self) -> float | None:
        """The limit for the dataset this run uses."""
        if self.target_200k is not None and dataset_families() >= LARGE_FAMILIES:
            return self.target_200k
        return self.target

    @property
    def ok(self) -> bool | None:
        target = self.target_in_force
        if target is None:
            return None
        return self.value <= target if self.lower_is_better else self.value >= target

    def as_dict(self) -> dict:
        data = asdict(self)
        data["target_in_force"] = self.target_in_force
        data["ok"] = self.ok
        return data


def timings_ms(action: Callable[[], object], repeat: int, warmup: int = 2) -> list[float]:
    """Run ``action`` ``repeat`` times after a warm-up; each duration in milliseconds."""
    for _ in range(warmup):
        action()
    result = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        result.append((time.perf_counter() - start) * 1000.0)
    return result


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100.0 * (len(ordered) - 1))))
    return ordered[index]


def peak_memory_mb() -> float:
    """This process's own peak (VmHWM): ru_maxrss would include the parent's, inherited through exec."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def french_qt_app() -> QApplication:
    """The benchmark's QApplication (offscreen unless told otherwise), in French as at the counter."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ems_desktop.views.i18n import install_french

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)  # no bare QCoreApplication is ever made here
    install_french(app)
    return app


def dataset_copy_acting_as(folder: Path, name: str, *, login: str, display_name: str, password: str,
                           roles: Sequence[str]) -> ServiceContext:
    """A copy of the benchmark dataset in ``folder`` (a benchmark that writes leaves the dataset as
    it is), opened with a context acting as a new agent with ``roles`` at the first counter."""
    from bench.bench_app import snapshot
    from bench.dataset import ensure_dataset
    from ems_desktop.services import agents
    from ems_desktop.services.bootstrap import open_database
    from ems_desktop.services.context import Actor, ServiceContext

    copy = folder / name
    snapshot(ensure_dataset(), copy)
    system = ServiceContext(open_database(f"sqlite:///{copy}"))
    agent = agents.create_agent(system, login=login, display_name=display_name, password=password, roles=list(roles))
    return system.as_actor(Actor(agent.id, agents.list_counters(system)[0].id))

