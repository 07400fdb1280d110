"""The benchmark harness: every ``bench/bench_*.py`` module exposes ``run() -> list[Figure]``.

``python -m bench.run`` (or ``make bench``) runs them all, prints a table of figure, target and
result, and writes ``bench/results.json``.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from typing import Callable


@dataclass(frozen=True)
class Figure:
    name: str          # what was measured, in plain words
    value: float       # the measurement
    target: float | None  # the limit from the issue (None: reported for information only)
    unit: str = "ms"
    lower_is_better: bool = True

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        return self.value <= self.target if self.lower_is_better else self.value >= self.target

    def as_dict(self) -> dict:
        data = asdict(self)
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
