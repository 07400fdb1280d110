"""Builders of the SIGKILL tests: the terminal simulator served on a thread of its own, and a child
process of the counter started against it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ems_desktop.terminal.simulator import TerminalSimulator

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def served_simulator(**options) -> Iterator[tuple[TerminalSimulator, asyncio.AbstractEventLoop]]:
    """A TerminalSimulator(**options) running on its own event loop in a daemon thread; stopped,
    its loop and thread ended, on leaving."""
    loop = asyncio.new_event_loop()
    simulator = TerminalSimulator(**options)
    loop.run_until_complete(simulator.start())
    serving = threading.Thread(target=loop.run_forever, daemon=True)
    serving.start()
    try:
        yield simulator, loop
    finally:
        asyncio.run_coroutine_threadsafe(simulator.stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        serving.join(timeout=10)


def start_child(module: str, *args: object) -> subprocess.Popen[str]:
    """``python -m module args…`` from the project's root, its standard output a text pipe."""
    return subprocess.Popen([sys.executable, "-m", module, *map(str, args)],
                            cwd=ROOT, env={**os.environ}, stdout=subprocess.PIPE, text=True)
