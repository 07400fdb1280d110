"""The counter's sync, in the background: one thread pushes (at once after each local commit, else
every few seconds), one pulls by long-poll. Both do network I/O only; their database steps go
through ``db_call`` (in the application: the database worker, the one thread that touches SQLite).

Failures back off (1 s, 2 s, 4 s… up to 60 s, with full jitter) and the status says since when the
counter is offline; nothing is ever dropped: operations wait in the outbox until the server has them.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import httpx

from ems_desktop.services.context import ServiceContext
from ems_desktop.sync.client import SyncClient, SyncRefused, SyncUnavailable
from ems_desktop.sync.outbox import pending_count

log = logging.getLogger(__name__)

PUSH_EVERY = 5.0     # seconds between pushes when nothing wakes the pusher
LONG_POLL = 25.0     # seconds a pull waits on the server for something to happen
MAX_BACKOFF = 60.0


@dataclass(frozen=True)
class SyncStatus:
    online: bool = False
    offline_since: dt.datetime | None = None
    pending: int = 0
    syncing: bool = False
    refused: str = ""      # the server refused this counter (revoked, fork): a person must look
    link_cut: bool = False  # cut by hand (menu), for a demonstration or a planned outage


def backoff_delay(failures: int) -> float:
    """Full jitter: a random wait up to 1 s, 2 s, 4 s… capped at a minute."""
    return random.uniform(0, min(MAX_BACKOFF, 2.0 ** max(0, failures - 1)))


class SyncLoop:
    def __init__(self, ctx: ServiceContext, base_url: str, token: str, *,
                 on_status: Callable[[SyncStatus], None] | None = None, db_call: Callable[..., Any] | None = None,
                 verify: bool | str | ssl.SSLContext = True, long_poll: float = LONG_POLL,
                 push_every: float = PUSH_EVERY) -> None:
        self.ctx = ctx
        self.long_poll, self.push_every = long_poll, push_every
        # Called from the sync threads with each new status (the window relays it as a Qt signal).
        self.status_listeners: list[Callable[[SyncStatus], None]] = [on_status] if on_status else []
        self._db_call = db_call or (lambda function, *args: function(*args))
        self._http = httpx.Client(base_url=base_url, timeout=httpx.Timeout(10.0, read=long_poll + 10), verify=verify)
        self.client = SyncClient(ctx, self._http, token, db_call=self._db_call)
        self.status = SyncStatus()
        self._lock = threading.Lock()
        self._wake = threading.Event()       # the pusher: a commit, the link given back, the stop
        self._pull_wake = threading.Event()  # the puller, after a failure: the link given back, the stop
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    # --- from the window -------------------------------------------------------------------------
    def start(self) -> None:
        self._threads = [threading.Thread(target=self._push_loop, name="ems-sync-push", daemon=True),
                         threading.Thread(target=self._pull_loop, name="ems-sync-pull", daemon=True)]
        for thread in self._threads:
            thread.start()

    def stop(self, wait: bool = True) -> None:
        self._stop.set()
        self._wake.set()
        self._pull_wake.set()
        if wait:
            for thread in self._threads:
                thread.join(self.long_poll + 15)
        self._http.close()

    def committed(self) -> None:
        """A local action committed: push now."""
        self._wake.set()

    def cut_link(self, cut: bool) -> None:
        """Work as if the network were down (or back), without touching the network."""
        self._set(link_cut=cut)
        self._wake.set()
        self._pull_wake.set()

    # --- the threads -----------------------------------------------------------------------------
    def _set(self, **changes: Any) -> None:
        with self._lock:
            self.status = replace(self.status, **changes)
            status = self.status
        for listener in list(self.status_listeners):
            listener(status)

    def _went_offline(self, reason: str) -> None:
        log.info("synchronisation impossible : %s", reason)
        with self._lock:
            since = self.status.offline_since or self.ctx.now()
        pending = self._db_call(pending_count, self.ctx, self.ctx.actor.counter_id)
        self._set(online=False, offline_since=since, syncing=False, pending=pending)

    def _keep_running(self, step: Callable[[], float], wake: threading.Event, what: str) -> None:
        """Run ``step`` (it returns the pause before the next one) until stopped. The link down or
        cut, the counter is offline and tries again after a jittered back-off; refused, it waits
        a minute. ``wake`` ends a pause early."""
        failures = 0
        while not self._stop.is_set():
            wake.clear()
            try:
                if self.status.link_cut:
                    raise SyncUnavailable("liaison coupée à la main")
                delay = step()
                failures = 0
            except SyncRefused as refused:
                self._set(online=False, syncing=False, refused=str(refused))
                delay = MAX_BACKOFF
            except Exception as failure:  # noqa: BLE001 (the loop must survive; the log says why)
                if self._stop.is_set():
                    return
                if isinstance(failure, SyncUnavailable):
                    self._went_offline(str(failure))
                else:
                    log.exception("erreur de synchronisation (%s)", what)
                failures += 1
                delay = backoff_delay(failures)
            wake.wait(delay)

    def _push_loop(self) -> None:
        def push() -> float:
            pending = self._db_call(pending_count, self.ctx, self.ctx.actor.counter_id)
            if pending:
                self._set(syncing=True, pending=pending)
                self.client.push()
                pending = self._db_call(pending_count, self.ctx, self.ctx.actor.counter_id)
            self._set(online=True, offline_since=None, syncing=False, pending=pending, refused="")
            return self.push_every

        self._keep_running(push, self._wake, "envoi")

    def _pull_loop(self) -> None:
        def pull() -> float:
            if self.client.pull(wait=self.long_poll).deferred:
                self._wake.set()  # push first, then this pull comes again
                return 0.2
            return 0.0

        self._keep_running(pull, self._pull_wake, "réception")
