"""Start-up to a usable main window on the 50,000-family database, and peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import Figure, median

RUNS = 5


def measure(database_url: str, runs: int = RUNS) -> tuple[list[float], list[float]]:
    times, memories = [], []
    with tempfile.TemporaryDirectory() as config:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EMS_CONFIG_DIR": config, "EMS_LOG_DIR": config}
        root = Path(__file__).resolve().parent.parent
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-m", "bench.startup_probe", database_url], cwd=root, env=env,
                                 capture_output=True, text=True, timeout=120, check=True).stdout
            line = next(l for l in out.splitlines() if l.startswith("READY"))
            _, ms, mb = line.split()
            times.append(float(ms))
            memories.append(float(mb))
    return times, memories


def run() -> list[Figure]:
    from bench.dataset import ensure_dataset

    path = ensure_dataset()
    times, memories = measure(f"sqlite:///{path}")
    return [
        Figure("start-up to usable main window, 50k families (median of 5)", median(times), 1500.0),
        Figure("start-up, slowest of 5", max(times), None),
        Figure("peak memory at start-up, 50k families", max(memories), 300.0, unit="MB"),
    ]
