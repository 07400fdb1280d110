"""The application as the agent feels it, on the benchmark dataset: the real main window driven
by qtbot (``bench/app_scenarios.py``, run here in a pytest subprocess of its own, so its peak memory
is the application's and Qt starts clean) — keystroke → results painted in Dossiers, the GUI
thread's stalls meanwhile, Entrée → dossier painted, → grid painted, Payer → invoice and ticket.
Each figure has its floor, the services alone for the same work, measured in the same run.

The payments write: the scenarios work on a copy of the dataset in a temporary folder.
``EMS_BENCH_APP_SOURCE`` names another database file to copy instead (development).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import Figure, median, percentile

HERE = Path(__file__).resolve().parent
# The counter's usual screen, 1366×768 (the plain offscreen platform has an 800×600 one).
SCREEN = {"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
          "screens": [{"name": "ecran", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
                       "logicalBaseDpi": 96, "dpr": 1}]}
# The harness may show a median's 95th percentile in a column of its own (else: a figure of its own).
P95_COLUMN = "p95" in getattr(Figure, "__dataclass_fields__", {})


def scenarios(database: Path, folder: Path) -> tuple[dict, subprocess.CompletedProcess]:
    """Run the scenarios on ``database`` (written to); their raw timings, and the process's outcome."""
    screen = folder / "screen.json"
    screen.write_text(json.dumps(SCREEN), encoding="utf-8")
    out = folder / "timings.json"
    home = folder / "home"
    home.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}", "QT_API": "pyside6",
           "EMS_CONFIG_DIR": str(home), "EMS_LOG_DIR": str(home), "EMS_DATA_DIR": str(home),
           "EMS_BENCH_APP_DB": str(database), "EMS_BENCH_APP_OUT": str(out),
           # Only pytest-qt: the suite's plugins and options (addopts) have no business here.
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("EMS_DATABASE_URL", None)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "pytestqt.plugin",
               "-o", "addopts=", str(HERE / "app_scenarios.py")]
    done = subprocess.run(command, cwd=HERE.parent, env=env, capture_output=True, text=True, timeout=3600)
    raw = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return raw, done


def snapshot(source: Path, copy: Path) -> None:
    """A consistent copy of ``source`` even while another process has it open (its WAL included)."""
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(copy)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def run() -> list[Figure]:
    from bench.dataset import ensure_dataset

    source = Path(os.environ.get("EMS_BENCH_APP_SOURCE") or ensure_dataset())
    with tempfile.TemporaryDirectory(prefix="ems-bench-app-") as folder:
        copy = Path(folder) / "app.sqlite3"
        snapshot(source, copy)  # never the dataset itself: the payments write
        raw, done = scenarios(copy, Path(folder))
    for key in ("stalls_search", "stalls_dossier_grid", "stalls_payment"):
        longest = (raw.get(key) or {}).get("longest") or []
        if longest:  # where the GUI thread froze longest, and whether it was working or waiting
            print(f"  {key}: " + "; ".join(f"{ms:g} ms, {cpu:g} ms of it on the CPU ({where})"
                                           for ms, cpu, where in longest[:3]), flush=True)
    failed = done.returncode != 0
    if failed:
        print("  app scenarios failed:\n" + "\n".join((done.stdout + done.stderr).splitlines()[-40:]), flush=True)
    return figures(raw, failed)


def _clean(values) -> list[float]:
    return [v for v in values or () if v is not None]


def _timing(result: list[Figure], values, what: str, target: float | None = None,
            target_p95: float | None = None, counted: bool = True) -> None:
    """``what``'s median, with its 95th percentile beside it when the harness shows one (as a figure
    of its own otherwise, and always when the issue sets it a target). ``counted``: the number of
    measurements is in the name (not when it depends on the dataset: names match across sizes)."""
    values = _clean(values)
    if not values:
        return
    p95 = percentile(values, 95)
    name = f"{what} (median of {len(values)})" if counted else f"{what} (median)"
    if P95_COLUMN:
        result.append(Figure(name, median(values), target, p95=p95))
    else:
        result.append(Figure(name, median(values), target))
    if target_p95 is not None or not P95_COLUMN:
        result.append(Figure(f"{what}, 95th percentile", p95, target_p95))



def figures(raw: dict, failed: bool = False) -> list[Figure]:
    """The figures of one run's raw timings (names without the dataset's size: results are kept per size)."""
    result: list[Figure] = []
    keys = raw.get("keystrokes", [])
    if keys:
        _timing(result, [key["ms"] for key in keys], "Dossiers: keystroke → results painted", 120.0, 160.0,
                counted=False)
        unanswered = sum(key["ms"] is None for key in keys)
        result.append(Figure("keystrokes whose results were not painted within 3 s", unanswered, 0.0, unit=""))
        floor = raw.get("search_floor_ms") or []  # none when the run stopped before it: no floor figure
        _timing(result, [key.get("pause_ms", 0.0) + ms for key, ms in zip(keys, floor, strict=False)],
                "floor: search pause + search_families alone, same keystrokes", counted=False)
    _timing(result, [t["ms"] for t in raw.get("typing", [])], "typing at 150 ms a key: last key → results painted")
    stalls = raw.get("stalls_search") or {}
    if stalls.get("max") is not None:
        result.append(Figure("GUI thread stall while typing and filling results, longest", stalls["max"], 16.0))
        result.append(Figure("GUI thread stall while typing and filling results, 99th percentile", stalls["p99"], None))

    _timing(result, raw.get("dossier_ms"), "Entrée → dossier painted")
    _timing(result, raw.get("dossier_floor_ms"), "floor: get_family alone, same families")
    _timing(result, raw.get("grid_switch_ms"), "dossier open, Ctrl+3 → grid and recap painted")
    _timing(result, raw.get("grid_reload_ms"), "« Inscrire aux activités » → grid and recap read and painted")
    _timing(result, raw.get("grid_floor_ms"), "floor: enrollment_grid + pay_now_recap alone, same families")
    stalls = raw.get("stalls_dossier_grid") or {}
    if stalls.get("max") is not None:
        result.append(Figure("GUI thread stall while opening dossiers and grids, longest", stalls["max"], None))

    # A run that stopped between the two clicks leaves one list shorter: the pairs measured count.
    pay, ticket = raw.get("pay_ms") or [], raw.get("ticket_ms") or []
    _timing(result, pay, "Payer (cash) → invoice issued, painted")
    _timing(result, ticket, "« Imprimer le ticket » → ticket PDF saved, painted")
    _timing(result, [p + t for p, t in zip(pay, ticket, strict=False) if p is not None and t is not None],
            "Payer → invoice and ticket ready (two clicks, agent time excluded)")
    _timing(result, raw.get("pay_floor_ms"), "floor: checkout + ticket PDF through the services alone")
    stalls = raw.get("stalls_payment") or {}
    if stalls.get("max") is not None:
        result.append(Figure("GUI thread stall while paying, longest", stalls["max"], None))

    if raw.get("vmhwm_started_mb") is not None:
        result.append(Figure("peak memory once the main window is up (VmHWM, set-up included)",
                             raw["vmhwm_started_mb"], None, unit="MB"))
    for key, what in (("vmhwm_after_search_mb", "searches"), ("vmhwm_after_dossiers_mb", "dossiers and grids")):
        if raw.get(key) is not None:
            result.append(Figure(f"  peak memory after the {what} (VmHWM)", raw[key], None, unit="MB"))
    if raw.get("vmhwm_mb") is not None:
        result.append(Figure("peak memory of the application after the whole scenario (VmHWM)",
                             raw["vmhwm_mb"], 250.0, unit="MB", target_200k=300.0))
    if failed or not result:
        result.append(Figure("app scenarios that did not complete", 1.0, 0.0, unit=""))
    return result
