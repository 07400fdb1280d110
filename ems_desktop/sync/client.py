"""The counter's side of the sync: its waiting operations pushed to the town's sync service, in
order, until none waits; each batch's outcomes stored as acknowledgements.

Network I/O only here; each database step (read a batch, store its acknowledgements) is one short
transaction. A lost response is harmless: the next push sends the same operations again and the
server answers with their stored outcomes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx

from ems_desktop.services.context import ServiceContext
from ems_desktop.sync.outbox import mark_acked, pending_ops

BATCH = 200


class SyncUnavailable(Exception):
    """The server could not be reached or did not answer (the counter stays offline, retries)."""


class SyncRefused(Exception):
    """The server refused the counter (revoked, unknown) or its stream (a gap, a fork): a person
    must look. The message is French, for the status bar."""


@dataclass(frozen=True)
class PushReport:
    sent: int
    acked: int
    outcomes: list[dict]


class SyncClient:
    def __init__(self, ctx: ServiceContext, http: httpx.Client, token: str) -> None:
        self.ctx = ctx
        self.http = http
        self.token = token

    @property
    def counter_id(self) -> uuid.UUID:
        return self.ctx.actor.counter_id

    def _post(self, path: str, body: dict) -> httpx.Response:
        try:
            response = self.http.post(path, json=body, headers={"Authorization": f"Bearer {self.token}"})
        except httpx.HTTPError as exc:
            raise SyncUnavailable(f"Serveur de synchronisation injoignable : {exc.__class__.__name__}") from exc
        if response.status_code == 401:
            raise SyncRefused(response.json().get("detail", "Guichet refusé par le serveur."))
        if response.status_code >= 500:
            raise SyncUnavailable(f"Le serveur de synchronisation a répondu {response.status_code}.")
        return response

    def push(self) -> PushReport:
        """Push every waiting operation, batch after batch. Stops at a refusal (SyncRefused)."""
        sent = acked = 0
        outcomes: list[dict] = []
        while True:
            batch = pending_ops(self.ctx, self.counter_id, limit=BATCH)
            if not batch:
                return PushReport(sent, acked, outcomes)
            response = self._post("/v1/ops", {"ops": [op.as_sent() for op in batch]})
            body = response.json()
            sent += len(batch)
            outcomes += body["outcomes"]
            acked += mark_acked(self.ctx, self.counter_id, body["outcomes"])
            if response.status_code == 409:
                refusal = body["outcomes"][-1]
                raise SyncRefused(refusal.get("message", "Opérations refusées par le serveur."))
            if response.status_code != 200:
                raise SyncUnavailable(f"Le serveur de synchronisation a répondu {response.status_code}.")
            if len(body["outcomes"]) < len(batch):
                return PushReport(sent, acked, outcomes)  # the server stopped early: next push goes on


def enrol_counter(http: httpx.Client, code: str) -> tuple[uuid.UUID, str]:
    """The counter's id and token for the one-time code the town's IT gave (French error if refused)."""
    try:
        response = http.post("/v1/enrol", json={"code": code})
    except httpx.HTTPError as exc:
        raise SyncUnavailable(f"Serveur de synchronisation injoignable : {exc.__class__.__name__}") from exc
    if response.status_code != 200:
        raise SyncRefused(response.json().get("detail", "Code d'inscription refusé."))
    body = response.json()
    return uuid.UUID(body["counter_id"]), body["token"]
