"""Start-up: from the process's launch to the main window with the first tab's data painted, on the
benchmark dataset, and the process's own peak memory (VmHWM). Each round also launches a floor
probe (a bare PySide6 window with six empty tabs), so a busy machine shows in both.

The application is measured as installed: its bytecode compiled once beforehand (pip does it at
install), in a cache of this run. Without that cache, every start compiles the application's
sources again; that figure is reported for information, and the modules that cost most to import
are printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Figure, median, percentile
from bench.startup_probe import LAUNCHED_VARIABLE

ROUNDS = 9
ROUNDS_WITHOUT_BYTECODE = 3
ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 1200.0
TARGET_MB = 250.0


def launch(module: str, *arguments: str, env: dict[str, str],
           importtime: bool = False) -> tuple[float, float, float, str]:
    """(ms to READY, peak MB, CPU ms, stderr) of one fresh process of ``module``."""
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m", module, *arguments]
    env = {**env, LAUNCHED_VARIABLE: str(time.time_ns())}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    line = next(out for out in done.stdout.splitlines() if out.startswith("READY"))
    _, ms, mb, cpu = line.split()
    return float(ms), float(mb), float(cpu), done.stderr


def measure(database_url: str, rounds: int = ROUNDS, rounds_without_bytecode: int = ROUNDS_WITHOUT_BYTECODE) -> dict:
    """Times (ms) and peaks (MB) of the application and of the floor, rounds interleaved; then
    the application without bytecode cache; then one run under ``-X importtime``."""
    with tempfile.TemporaryDirectory() as folder:
        config, bytecode = Path(folder, "config"), Path(folder, "bytecode")
        base = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EMS_CONFIG_DIR": str(config),
                "EMS_LOG_DIR": str(config)}
        installed = {k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}
        installed["PYTHONPYCACHEPREFIX"] = str(bytecode)
        app = ("bench.startup_probe", database_url)
        floor = ("bench.startup_floor_probe",)
        launch(*app, env=installed)  # compiles the bytecode (and warms the file cache): not counted
        launch(*floor, env=installed)
        result: dict[str, list[float]] = {"app_ms": [], "app_mb": [], "app_cpu": [], "floor_ms": [], "floor_mb": [],
                                          "cold_ms": []}
        for _ in range(rounds):
            ms, mb, cpu, _ = launch(*app, env=installed)
            result["app_ms"].append(ms)
            result["app_mb"].append(mb)
            result["app_cpu"].append(cpu)
            ms, mb, _, _ = launch(*floor, env=installed)
            result["floor_ms"].append(ms)
            result["floor_mb"].append(mb)
        cold = {**base, "PYTHONDONTWRITEBYTECODE": "1"}
        cold.pop("PYTHONPYCACHEPREFIX", None)
        for _ in range(rounds_without_bytecode):
            result["cold_ms"].append(launch(*app, env=cold)[0])
        importtime = launch(*app, env=installed, importtime=True)[3]
    return {**result, "importtime": importtime}


def import_table(importtime: str, top: int = 10) -> list[tuple[str, float]]:
    """The ``top`` packages whose import costs most (ms, own time of their modules summed), from
    ``python -X importtime``'s report."""
    per_package: dict[str, float] = {}
    for line in importtime.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _cumulative, name = line[len("import time:"):].split("|")
        package = name.strip().split(".")[0]
        per_package[package] = per_package.get(package, 0.0) + int(own) / 1000.0
    return sorted(per_package.items(), key=lambda item: -item[1])[:top]


def run() -> list[Figure]:
    from bench.dataset import ensure_dataset

    path = ensure_dataset()
    m = measure(f"sqlite:///{path}")
    app, floor = m["app_ms"], m["floor_ms"]
    print(f"  start-up (ms): {' '.join(f'{t:.0f}' for t in app)}; floor: {' '.join(f'{t:.0f}' for t in floor)}")
    print("  import cost by package, one start (own time of its modules, -X importtime):")
    for package, ms in import_table(m["importtime"]):
        print(f"    {ms:7.1f} ms  {package}")
    return [
        Figure("start-up to the first tab's data painted (median)", median(app), TARGET_MS, p95=percentile(app, 95)),
        Figure("  start-up, slowest run", max(app), None),
        Figure("  floor: a bare PySide6 window with six empty tabs (median)", median(floor), None,
               p95=percentile(floor, 95)),
        Figure("  CPU time of the start-up, all its threads (median)", median(m["app_cpu"]), None),
        Figure("  start-up without bytecode cache: sources compiled at each start (median)", median(m["cold_ms"]),
               None),
        Figure("peak memory at start-up (VmHWM, largest)", max(m["app_mb"]), TARGET_MB, unit="MB"),
        Figure("  peak memory of the floor (VmHWM, largest)", max(m["floor_mb"]), None, unit="MB"),
    ]


if __name__ == "__main__":  # by hand on a copy of the dataset: python -m bench.bench_startup sqlite:///…
    measured = measure(sys.argv[1])
    for key in ("app_ms", "floor_ms", "cold_ms", "app_cpu", "app_mb", "floor_mb"):
        values = measured[key]
        print(f"{key:9} median {median(values):8.1f}  p95 {percentile(values, 95):8.1f}  max {max(values):8.1f}  "
              f"{' '.join(f'{v:.0f}' for v in values)}")
    for package, ms in import_table(measured["importtime"]):
        print(f"  {ms:7.1f} ms  {package}")
