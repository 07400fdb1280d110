"""The sync service's HTTP API (protocol v1, JSON; ``docs/SYNC.md`` §5).

- ``POST /v1/enrol`` {code} → {counter_id, token}: a one-time code exchanged for the counter's token.
- ``POST /v1/hello`` → where the server stands in the counter's chain (last seq and hash, state).
- ``POST /v1/ops`` {ops: [...]} → {outcomes, last_seq}: the counter's next operations, applied in
  order and once; 409 when the stream cannot take them (a gap, a broken chain, a fork).
- ``GET /v1/snapshot`` → NDJSON: the cursor, then every shared row (a new counter's replica).
- ``GET /v1/changes?after=CURSOR&limit=1000&wait=25`` → {changes, cursor, has_more}: the rows changed
  on the server since the cursor; waits up to ``wait`` seconds for some (long-poll).

Every call but ``enrol`` carries ``Authorization: Bearer <token>``; the counter is the token's.
"""

from __future__ import annotations

import time
import uuid

from fastapi import Depends, FastAPI, Header, HTTPException, Query
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel

from ems_desktop.dates import utc_now
from ems_desktop.models.base import JsonObject
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import DomainError
from ems_desktop.sync.server import auth
from ems_desktop.sync.server.apply import REFUSED, apply_push, stream_position
from ems_desktop.sync.server.changes import ChangeSignal, changes_after

PROTOCOL = 1
MAX_OPS_PER_PUSH = 200


class EnrolRequest(BaseModel):
    code: str


class HelloRequest(BaseModel):
    protocol: int
    app_version: str = ""
    head_seq: int = 0
    head_hash: str = ""


class PushRequest(BaseModel):
    ops: list[JsonObject]


def create_app(ctx: ServiceContext) -> FastAPI:
    """The API over the server's database (``ctx``: a system actor on the town's PostgreSQL)."""
    app = FastAPI(title="EMS Desktop — service de synchronisation", docs_url=None, redoc_url=None,
                  openapi_url=None)

    applied = ChangeSignal()

    def counter(authorization: str = Header(default="")) -> uuid.UUID:
        scheme, _, token = authorization.partition(" ")
        counter_id = auth.counter_of_token(ctx, token) if scheme.lower() == "bearer" and token else None
        if counter_id is None:
            raise HTTPException(401, "Guichet inconnu ou révoqué : il doit être inscrit à nouveau auprès du serveur.")
        return counter_id

    @app.post("/v1/enrol", response_model=None)
    def enrol(request: EnrolRequest) -> JsonObject:
        try:
            enrolment = auth.enrol(ctx, request.code)
        except DomainError as exc:
            raise HTTPException(403, str(exc)) from None
        return {"counter_id": str(enrolment.counter_id), "token": enrolment.token}

    @app.post("/v1/hello", response_model=None)
    def hello(request: HelloRequest, counter_id: uuid.UUID = Depends(counter)) -> JsonObject:
        from ems_desktop.database.migrate import head_revision

        last_seq, last_hash, state = stream_position(ctx, counter_id)
        # The counter's chain knows less than the server: it was restored from an old backup.
        behind = request.head_seq < last_seq
        return {"protocol": [PROTOCOL, PROTOCOL], "schema_rev": head_revision(),
                "stream": {"last_seq": last_seq, "last_hash": last_hash, "state": state, "counter_behind": behind},
                "server_time": utc_now().isoformat()}

    @app.post("/v1/ops")
    def push(request: PushRequest, counter_id: uuid.UUID = Depends(counter)) -> JSONResponse:
        if len(request.ops) > MAX_OPS_PER_PUSH:
            raise HTTPException(413, f"Au plus {MAX_OPS_PER_PUSH} opérations par envoi.")
        result = apply_push(ctx, counter_id, request.ops)
        applied.notify()
        body = {"outcomes": result.outcomes, "last_seq": result.last_seq}
        refused = bool(result.outcomes) and result.outcomes[-1]["status"] == REFUSED
        return JSONResponse(body, status_code=409 if refused else 200)

    @app.get("/v1/snapshot")
    def snapshot(counter_id: uuid.UUID = Depends(counter)) -> StreamingResponse:
        from ems_desktop.sync.snapshot import snapshot_lines

        return StreamingResponse(snapshot_lines(ctx.db), media_type="application/x-ndjson")

    @app.get("/v1/changes", response_model=None)
    def changes(after: str = "0:0", limit: int = Query(1000, ge=1, le=5000), wait: float = Query(0, ge=0, le=60),
                counter_id: uuid.UUID = Depends(counter)) -> JsonObject:
        deadline = time.monotonic() + wait
        while True:
            page = changes_after(ctx, after, limit)
            remaining = deadline - time.monotonic()
            if page.changes or remaining <= 0:
                return {"changes": page.changes, "cursor": page.cursor, "has_more": page.has_more}
            applied.wait(min(1.0, remaining))  # woken by a push; else a look every second

    return app
