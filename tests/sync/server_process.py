"""The sync service in a process of its own, for tests that kill it.

Usage: python -m tests.sync.server_process DATABASE_URL PORT [STOP]

STOP, like "applied:3" or "inside:6", makes the service stop dead at that moment of the operation of
that seq and say {"stopped": STOP} on its standard output, so that the test can SIGKILL it there:
"inside" is within the operation's transaction (claimed and written, not committed), "applied" is
after its commit, before the response leaves.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import uvicorn

from ems_desktop.database.engine import Database
from ems_desktop.services.context import ServiceContext
from ems_desktop.sync.server import apply, handlers
from ems_desktop.sync.server.app import create_app
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]


def start_service(url: str, stop: str | None = None) -> tuple[subprocess.Popen, str]:
    """This module's service started for a test (its standard output piped, for STOP's message);
    returns the process and its base URL once it accepts connections."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tests.sync.server_process", url, str(port),
                                *([stop] if stop else [])], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError as refused:
            if process.poll() is not None:
                raise RuntimeError("the sync service did not start") from refused
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the sync service did not start in time")


def _stop_dead(point: str) -> None:
    sys.stdout.write(json.dumps({"stopped": point}) + "\n")
    sys.stdout.flush()
    threading.Event().wait()  # until the test kills the process


def arm(stop: str) -> None:
    moment, number = stop.split(":")
    seq = int(number)
    current = {"seq": None}
    original_apply = apply._apply_one

    def applying(ctx, counter_id, op):
        current["seq"] = op.get("seq")
        outcome = original_apply(ctx, counter_id, op)
        if moment == "applied" and op.get("seq") == seq:
            _stop_dead(stop)
        return outcome

    apply._apply_one = applying
    for op_type, handler in list(handlers.HANDLERS.items()):
        def inside(uow, op_id, payload, base, _handler=handler):
            outcome = _handler(uow, op_id, payload, base)
            if moment == "inside" and current["seq"] == seq:
                uow.session.flush()  # everything written in the transaction, nothing committed
                _stop_dead(stop)
            return outcome
        handlers.HANDLERS[op_type] = inside  # the very dict apply imported and reads


def main() -> None:
    from tests.helpers import SHIFT_ENV, real_time_on_the_seed_day

    url, port = sys.argv[1], int(sys.argv[2])
    if len(sys.argv) > 3 and sys.argv[3]:
        arm(sys.argv[3])
    # On the counters' clock when they run on the seed's day (holds are counted on the same time).
    context = ServiceContext(db=Database(url), **({"clock": real_time_on_the_seed_day()}
                                                  if SHIFT_ENV in os.environ else {}))
    uvicorn.run(create_app(context), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
