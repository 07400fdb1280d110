"""A TCP proxy on 127.0.0.1 that breaks connections on purpose, between the counters and the sync
service: each new connection gets the next fault of the plan.

- ``Fault("pass")``: forwarded untouched;
- ``Fault("cut", after=N, direction="up"|"down")``: closed once N bytes went that way (mid-request or
  mid-response);
- ``Fault("reset", after=N, direction=…)``: the same, with a TCP reset;
- ``Fault("blackhole")``: accepted, then silence both ways (the client's timeout ends it);
- ``Fault("latency", delay=s)``: every chunk waits ``delay`` seconds.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    kind: str = "pass"
    after: int = 0
    direction: str = "down"
    delay: float = 0.0


class FaultProxy:
    def __init__(self, target_port: int, plan: Callable[[], Fault] | None = None) -> None:
        self.target_port = target_port
        self.plan = plan or (lambda: Fault())
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self.faults_applied = 0
        self._stopped = threading.Event()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, name="fault-proxy", daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._stopped.set()
        self._listener.close()
        with self._lock:
            for s in list(self._open):
                _close(s)

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            fault = self.plan()
            if fault.kind != "pass":
                self.faults_applied += 1
            threading.Thread(target=self._serve, args=(client, fault), daemon=True).start()

    def _serve(self, client: socket.socket, fault: Fault) -> None:
        with self._lock:
            self._open.add(client)
        if fault.kind == "blackhole":
            try:
                while client.recv(65536):
                    pass  # swallowed; nothing ever comes back
            except OSError:
                pass
            self._forget(client)
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            upstream.settimeout(None)
        except OSError:
            _close(client)
            self._forget(client)
            return
        with self._lock:
            self._open.add(upstream)
        done = threading.Event()
        for source, sink, direction in ((client, upstream, "up"), (upstream, client, "down")):
            threading.Thread(target=self._pump, args=(source, sink, direction, fault, client, upstream, done),
                             daemon=True).start()

    def _pump(self, source, sink, direction, fault: Fault, client, upstream, done) -> None:
        sent = 0
        try:
            while not done.is_set():
                chunk = source.recv(65536)
                if not chunk:
                    break
                if fault.kind == "latency":
                    time.sleep(fault.delay)
                if fault.kind in ("cut", "reset") and fault.direction == direction:
                    room = fault.after - sent
                    if room <= len(chunk):
                        if room > 0:
                            sink.sendall(chunk[:room])
                        if fault.kind == "reset":
                            for s in (client, upstream):
                                _reset(s)
                        break
                sink.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass
        done.set()
        for s in (client, upstream):
            _close(s)
            self._forget(s)

    def _forget(self, s) -> None:
        with self._lock:
            self._open.discard(s)


def _reset(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _close(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.close()
