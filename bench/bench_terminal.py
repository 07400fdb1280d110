"""Card terminal benchmark: request to decoded answer through the simulator on loopback.

Target (issue): ≤ 5 ms median per transaction, the simulator answering by itself (``auto_card``,
no customer delay); each transaction opens its own connection, as the client does. p95 is
reported for information.
"""

from __future__ import annotations

import asyncio
import time

from bench.harness import Figure, median, percentile
from ems_desktop.terminal.client import CaisseApIpTerminal, Outcome, TerminalRequest
from ems_desktop.terminal.simulator import TerminalSimulator

TRANSACTIONS = 200
WARMUP = 5


async def _durations_ms() -> list[float]:
    simulator = TerminalSimulator(auto_card="4970110000001029")
    await simulator.start()
    try:
        terminal = CaisseApIpTerminal("127.0.0.1", simulator.port, deadline_s=5.0)
        durations = []
        for index in range(WARMUP + TRANSACTIONS):
            request = TerminalRequest(1000 + index, "debit", f"BENCH-{index}")
            started = time.perf_counter()
            result = await terminal.transact(request)
            elapsed = (time.perf_counter() - started) * 1000.0
            if result.outcome is not Outcome.ACCEPTED:
                raise RuntimeError(f"benchmark transaction {index} ended {result.outcome.value}")
            if index >= WARMUP:
                durations.append(elapsed)
        return durations
    finally:
        await simulator.stop()


def run() -> list[Figure]:
    durations = asyncio.run(_durations_ms())
    return [
        Figure(f"terminal: request → decoded answer, median of {TRANSACTIONS}", median(durations), 5.0),
        Figure(f"terminal: request → decoded answer, p95 of {TRANSACTIONS}", percentile(durations, 95), None),
    ]
