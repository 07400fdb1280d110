"""When the test process dies hard (SIGABRT, SIGSEGV…), say which test it was running.

pytest cannot report a test that killed its own process, and a CI log keeps only its tail. So the
suite writes the test being run and any fatal error's stacks to two files beside the project, and
``make test`` prints them (``python -m tests.crash_report``) when pytest does not end normally.
"""

from __future__ import annotations

import faulthandler
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CURRENT_TEST = ROOT / ".pytest-current-test"
FATAL_ERROR = ROOT / ".pytest-fatal-error"

_files: dict = {}


def pytest_configure(config) -> None:
    if hasattr(config, "workerinput"):  # pragma: no cover - no xdist here
        return
    _files["fatal"] = FATAL_ERROR.open("w")
    faulthandler.enable(file=_files["fatal"], all_threads=True)
    _files["current"] = CURRENT_TEST.open("w")


def pytest_runtest_logstart(nodeid, location) -> None:
    current = _files.get("current")
    if current is not None:
        current.seek(0)
        current.truncate()
        current.write(nodeid)
        current.flush()


def pytest_unconfigure(config) -> None:
    if "fatal" in _files:
        faulthandler.disable()
        for handle in _files.values():
            handle.close()
        _files.clear()
        CURRENT_TEST.unlink(missing_ok=True)
        FATAL_ERROR.unlink(missing_ok=True)


def main() -> int:
    """Print what a crashed run left behind (nothing when the run ended normally)."""
    if CURRENT_TEST.exists():
        print(f"\nThe test process died while running: {CURRENT_TEST.read_text() or '(between tests)'}")
    if FATAL_ERROR.exists() and FATAL_ERROR.stat().st_size:
        lines = FATAL_ERROR.read_text(errors="replace").splitlines()
        print("Its fatal error, first lines:")
        print("\n".join(lines[:80]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
