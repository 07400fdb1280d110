"""Loopback ports for the servers the tests and the benchmarks start: a free one, and waiting for
one to accept connections."""

from __future__ import annotations

import socket
import time


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30, connect_timeout: float = 0.2, pause: float = 0.05) -> bool:
    """Whether 127.0.0.1:``port`` accepted a connection within ``seconds`` (tried every ``pause``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=connect_timeout).close()
            return True
        except OSError:
            time.sleep(pause)
    return False
