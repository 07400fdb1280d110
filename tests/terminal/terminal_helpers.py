"""Loopback helpers for the terminal tests: a simulator, a client aimed at it, a scripted server."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Sequence

from ems_desktop.terminal import protocol as p
from ems_desktop.terminal.client import CaisseApIpTerminal, TerminalRequest, TerminalResult
from ems_desktop.terminal.simulator import TerminalSimulator

CB_ACCEPTED = "4970110000001029"
MASTERCARD_ACCEPTED = "5100010000000114"
CB_REFUSED = "4970110000000401"
CB_WALKS_AWAY = "4970110000000021"
FULL_TEST_NUMBERS = (CB_ACCEPTED, MASTERCARD_ACCEPTED, CB_REFUSED, CB_WALKS_AWAY)


def run(coroutine, timeout: float = 10.0):
    """Run a test coroutine on a fresh loop, bounded in time."""
    return asyncio.run(asyncio.wait_for(coroutine, timeout))


@contextlib.asynccontextmanager
async def running_simulator(**options) -> AsyncIterator[TerminalSimulator]:
    simulator = TerminalSimulator(**options)
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


def client_for(port: int, deadline_s: float = 2.0, **options) -> CaisseApIpTerminal:
    return CaisseApIpTerminal("127.0.0.1", port, deadline_s=deadline_s, **options)


def debit(amount_cents: int = 12000) -> TerminalRequest:
    return TerminalRequest(amount_cents, "debit", "TEST-1")


async def transact_with(simulator: TerminalSimulator, customer: Callable[[TerminalSimulator], object],
                        request: TerminalRequest | None = None, **client_options) -> TerminalResult:
    """The till asks, the customer acts once the request is pending, the till gets its result."""
    terminal = client_for(simulator.port, **client_options)
    task = asyncio.create_task(terminal.transact(request or debit()))
    await simulator.wait_for_request(timeout=2.0)
    customer(simulator)
    return await task


def closed_port() -> int:
    """A loopback port nobody listens on (bound then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ScriptedTerminal:
    """A raw loopback server: reads one request, then sends the given bytes piece by piece.

    Then it keeps the line open until the client leaves, or hangs up at once with ``hang_up``.
    """

    def __init__(self, pieces: Sequence[bytes], pause_s: float = 0.0, *, hang_up: bool = False) -> None:
        self.pieces = list(pieces)
        self.pause_s = pause_s
        self.hang_up = hang_up
        self.requests: list[dict[str, str]] = []
        self.port = 0
        self._server: asyncio.base_events.Server | None = None

    async def __aenter__(self) -> ScriptedTerminal:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info) -> None:
        assert self._server is not None
        self._server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        buffer = bytearray()
        try:
            while (fields := p.parse_message(buffer, p.REQUEST_TAGS)) is None:
                chunk = await reader.read(4096)
                if not chunk:
                    return
                buffer += chunk
            self.requests.append(fields)
            for index, piece in enumerate(self.pieces):
                if index and self.pause_s:
                    await asyncio.sleep(self.pause_s)
                writer.write(piece)
                await writer.drain()
            if not self.hang_up:
                await reader.read()  # keep the line open until the client leaves
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


def answer_bytes(**fields: str) -> bytes:
    return p.encode({p.TAG_VERSION: p.PROTOCOL_VERSION, **fields})


# A full accepted answer for debit() (120,00 €), in the simulator's field order.
ACCEPTED_FIELDS = (
    ("CZ", "0300"), ("AE", "10"), ("CA", "01"), ("CB", "00012000"), ("CD", "0"), ("CE", "978"),
    ("AA", "497011######1029"), ("AB", "2912"), ("AC", "654321"), ("AI", "A0000000421010"),
    ("CC", "001"), ("CI", "C"), ("CG", "7654321"), ("CF", "000042"),
)
REFUSED_FIELDS = (("CZ", "0300"), ("AE", "01"), ("AF", "04"), ("CA", "01"), ("CB", "00012000"),
                  ("CD", "0"), ("CE", "978"))


def split_after(fields: Sequence[tuple[str, str]], count: int) -> list[bytes]:
    """The message in two pieces: its first ``count`` fields, then the rest."""
    return [p.encode(fields[:count]), p.encode(fields[count:])]
