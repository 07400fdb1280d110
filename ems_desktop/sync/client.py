"""The counter's side of the sync: its waiting operations pushed to the town's sync service, in
order, until none waits; each batch's outcomes stored as acknowledgements.

Network I/O only here; each database step (read a batch, store its acknowledgements) is one short
transaction. A lost response is harmless: the next push sends the same operations again and the
server answers with their stored outcomes.
"""

from __future__ import annotations

import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from ems_desktop.models.base import JsonObject
from ems_desktop.services.context import ServiceContext
from ems_desktop.sync.outbox import mark_acked, pending_ops
from ems_desktop.sync.pull import PullNotApplied, apply_changes, read_cursor

BATCH = 200
PAGE = 75  # rows per pull job: about 25 ms of SQLite work, with room under 50 ms (the window waits little)


def tls_verification(ca_file: str = "") -> bool | ssl.SSLContext:
    """How the counter checks the service's certificate: against the town's authority when one is
    named (``sync.ca_file``), else against the system's."""
    if not ca_file:
        return True
    return ssl.create_default_context(cafile=ca_file)


class SyncUnavailable(Exception):
    """The server could not be reached or did not answer (the counter stays offline, retries)."""


class SyncRefused(Exception):
    """The server refused the counter (revoked, unknown) or its stream (a gap, a fork): a person
    must look. The message is French, for the status bar."""


@dataclass(frozen=True)
class PullReport:
    applied: int      # rows written to the replica
    deferred: bool    # operations were waiting: nothing applied, the push goes first


@dataclass(frozen=True)
class PushReport:
    sent: int
    acked: int
    outcomes: list[JsonObject]


def _send(http: httpx.Client, method: str, path: str, token: str = "", **options: Any) -> httpx.Response:
    """One call to the service: SyncUnavailable when it cannot be reached or fails (5xx),
    SyncRefused when it refuses the counter (401); any other answer is the caller's to read."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = http.request(method, path, headers=headers, **options)
    except httpx.HTTPError as exc:
        raise SyncUnavailable(f"Serveur de synchronisation injoignable : {exc.__class__.__name__}") from exc
    if response.status_code == 401:
        raise SyncRefused(response.json().get("detail", "Guichet refusé par le serveur."))
    if response.status_code >= 500:
        raise SyncUnavailable(f"Le serveur de synchronisation a répondu {response.status_code}.")
    return response


class SyncClient:
    def __init__(self, ctx: ServiceContext, http: httpx.Client, token: str, *,
                 db_call: Callable[..., Any] | None = None) -> None:
        self.ctx = ctx
        self.http = http
        self.token = token
        # How a database step runs: directly, or (in the application) on the database worker.
        self.db_call = db_call or (lambda function, *args: function(*args))
        self.greeted = False  # hello said since the last failure to reach the server

    @property
    def counter_id(self) -> uuid.UUID:
        counter_id = self.ctx.actor.counter_id
        assert counter_id is not None, "a counter syncs as itself"
        return counter_id

    def _call(self, method: str, path: str, **options: Any) -> httpx.Response:
        try:
            response = _send(self.http, method, path, self.token, **options)
        except SyncUnavailable:
            self.greeted = False  # reconnecting: say hello again before pushing
            raise
        if response.status_code not in (200, 409):
            raise SyncUnavailable(f"Le serveur de synchronisation a répondu {response.status_code}.")
        return response

    def pull(self, wait: float = 0) -> PullReport:
        """Fetch and apply the server's changes since the cursor, a page at a time (each page one
        short database job: the window's own work never waits long behind it). The first page may
        wait up to ``wait`` seconds for something to happen (long-poll). A page that does not hold
        together on its own (a unique key crossed until a later row) is fetched again, larger."""
        applied, size = 0, PAGE
        while True:
            cursor = self.db_call(read_cursor, self.ctx)
            options = {"timeout": wait + 30} if wait else {}  # else the client's own timeout
            body = self._call("GET", "/v1/changes", params={"after": cursor, "limit": size, "wait": wait},
                              **options).json()
            wait = 0
            if not body["changes"]:
                return PullReport(applied, deferred=False)
            try:
                done = self.db_call(apply_changes, self.ctx, body["changes"], body["cursor"])
            except PullNotApplied:
                if not body["has_more"]:
                    raise
                size *= 2
                continue
            if done is None:
                return PullReport(applied, deferred=True)
            applied += len(body["changes"])
            size = PAGE
            if not body["has_more"]:
                return PullReport(applied, deferred=False)

    def hello(self) -> JsonObject:
        """Say where this counter's chain ends; refused (SyncRefused) when the server's stream for it
        is stopped, or knows more of it than this database does (restored from an old backup)."""
        from ems_desktop import __version__
        from ems_desktop.sync.outbox import op_hash_at, outbox_head

        head_seq, head_hash = self.db_call(outbox_head, self.ctx, self.counter_id)
        answer: JsonObject = self._call("POST", "/v1/hello", json={"protocol": 1, "app_version": __version__,
                                                       "head_seq": head_seq, "head_hash": head_hash}).json()
        stream = answer["stream"]
        if stream["state"] != "ok":
            raise SyncRefused(stream["state"])
        if head_seq < stream["last_seq"]:
            raise SyncRefused(
                f"Le serveur a reçu {stream['last_seq']} opérations de ce poste, sa base n'en connaît que "
                f"{head_seq} : elle vient sans doute d'une ancienne sauvegarde. Synchronisation arrêtée ; "
                "appelez le service informatique avant d'encaisser sur ce poste.")
        if self.db_call(op_hash_at, self.ctx, self.counter_id, stream["last_seq"]) != stream["last_hash"]:
            raise SyncRefused(
                f"L'opération n° {stream['last_seq']} de ce poste n'est pas celle que le serveur a reçue : sa "
                "base vient sans doute d'une ancienne sauvegarde. Synchronisation arrêtée ; appelez le service "
                "informatique avant d'encaisser sur ce poste.")
        self.greeted = True
        return answer

    def push(self) -> PushReport:
        """Push every waiting operation, batch after batch. Stops at a refusal (SyncRefused)."""
        if not self.greeted:
            self.hello()
        sent = acked = 0
        outcomes: list[JsonObject] = []
        while True:
            batch = self.db_call(pending_ops, self.ctx, self.counter_id, BATCH)
            if not batch:
                return PushReport(sent, acked, outcomes)
            response = self._call("POST", "/v1/ops", json={"ops": [op.as_sent() for op in batch]})
            body = response.json()
            sent += len(batch)
            outcomes += body["outcomes"]
            acked += self.db_call(mark_acked, self.ctx, self.counter_id, body["outcomes"])
            if response.status_code == 409:
                refusal = body["outcomes"][-1]
                raise SyncRefused(refusal.get("message", "Opérations refusées par le serveur."))
            if len(body["outcomes"]) < len(batch):
                return PushReport(sent, acked, outcomes)  # the server stopped early: next push goes on


def enrol_counter(http: httpx.Client, code: str) -> tuple[uuid.UUID, str]:
    """The counter's id and token for the one-time code the town's IT gave (French error if refused)."""
    response = _send(http, "POST", "/v1/enrol", json={"code": code})
    if response.status_code != 200:
        raise SyncRefused(response.json().get("detail", "Code d'inscription refusé."))
    body = response.json()
    return uuid.UUID(body["counter_id"]), body["token"]
