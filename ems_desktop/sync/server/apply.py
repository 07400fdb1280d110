"""Applying a counter's operations on the server: in order, once, each in its own transaction.

For each operation, one transaction: the counter's stream row is locked (two pushes of one counter
wait for each other), the operation's place in the chain is checked (seq = last + 1, its hash
recomputed, its predecessor's hash), the operation is claimed in ``applied_ops`` and its effect
written, then both commit together. So an operation is applied exactly once: a resent one (same
seq, same id and hash) gets its stored outcome back; another one at a known seq is a fork (a
counter restored from an old backup) and stops the stream until the administrator looks.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ems_desktop.models.base import JsonObject
from ems_desktop.models.journal import GENESIS
from ems_desktop.models.sync import AppliedOp, CounterStream, op_hash
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.services.errors import ConcurrentChange, DomainError
from ems_desktop.sync.ops import OPERATIONS
from ems_desktop.sync.server.handlers import HANDLERS

log = logging.getLogger(__name__)

APPLIED, TRANSFORMED, CONFLICT, IGNORED = "applied", "transformed", "conflict", "ignored"
# A push is refused from the first operation the stream cannot take; nothing after it is applied.
REFUSED = "refused"


@dataclass(frozen=True)
class PushResult:
    outcomes: list[JsonObject]  # one per operation applied or replayed, in order; a refusal ends the list
    last_seq: int         # where the server stands in the counter's chain after this push


def apply_push(ctx: ServiceContext, counter_id: uuid.UUID, ops: list[JsonObject]) -> PushResult:
    """Apply ``ops`` (plain JSON, in the counter's order) for ``counter_id``. Stops at the first
    refusal (a gap, a broken chain, a fork, an unknown type): what follows cannot be applied yet."""
    outcomes = []
    for op in ops:
        outcome = _apply_with_retry(ctx, counter_id, op)
        outcomes.append(outcome)
        if outcome["status"] == REFUSED:
            break
    return PushResult(outcomes, stream_position(ctx, counter_id)[0])


def stream_position(ctx: ServiceContext, counter_id: uuid.UUID) -> tuple[int, str, str]:
    """(last seq, last hash, state: "ok" or the quarantine's reason) of a counter's stream."""
    with ctx.reading() as s:
        stream = s.get(CounterStream, counter_id)
        if stream is None:
            return 0, GENESIS, "ok"
        return stream.last_seq, stream.last_hash, stream.quarantine_reason if stream.quarantined_at else "ok"


def _apply_with_retry(ctx: ServiceContext, counter_id: uuid.UUID, op: JsonObject) -> JsonObject:
    # A lost race with another counter's operation (same group, same family) is played again once:
    # the transaction is all or nothing, and the second run sees what the other committed.
    try:
        try:
            return _apply_one(ctx, counter_id, op)
        except ConcurrentChange:
            return _apply_one(ctx, counter_id, op)
    except DomainError as exc:
        # Nothing of it was saved; the stream waits here (the counter sends it again later) and the
        # reason is logged for the town's IT: a row it needs is missing, a value refused…
        log.error("operation %s of counter %s not applied: %s", op.get("seq"), counter_id, exc)
        return _refused("error", f"Opération n° {op.get('seq')} non appliquée : {exc}", seq=op.get("seq"))


def _refused(reason: str, message: str, **more: Any) -> JsonObject:
    return {"status": REFUSED, "reason": reason, "message": message, **more}


def _apply_one(ctx: ServiceContext, counter_id: uuid.UUID, op: JsonObject) -> JsonObject:
    try:
        op_id, seq = uuid.UUID(op["id"]), int(op["seq"])
        agent_id = uuid.UUID(op["agent_id"]) if op.get("agent_id") else None
        recorded_at = dt.datetime.fromisoformat(op["recorded_at"])
        op_type, version = op["op_type"], int(op["op_version"])
        payload, base = op["payload"], op.get("base") or {}
        prev_hash, hash_ = op["prev_hash"], op["hash"]
    except (KeyError, TypeError, ValueError):
        return _refused("malformed", "Opération illisible.", seq=op.get("seq") if isinstance(op, dict) else None)
    actor_ctx = ctx.as_actor(Actor(agent_id=agent_id, counter_id=counter_id))
    with actor_ctx.unit_of_work() as uow:
        s = uow.session
        stream = s.scalar(select(CounterStream).where(CounterStream.counter_id == counter_id).with_for_update()
                          .execution_options(populate_existing=True))
        if stream is None:
            stream = CounterStream(counter_id=counter_id, last_seq=0, last_hash=GENESIS, quarantine_reason="")
            s.add(stream)
            s.flush()
        if stream.quarantined_at is not None:
            return _refused("quarantined", stream.quarantine_reason, seq=seq)
        if seq <= stream.last_seq:
            applied = s.scalar(select(AppliedOp).where(AppliedOp.counter_id == counter_id, AppliedOp.seq == seq))
            if applied is not None and applied.op_id == op_id and applied.hash == hash_:
                return {**applied.outcome, "seq": seq, "replayed": True}
            stream.quarantined_at = uow.now
            stream.quarantine_reason = (
                f"Le guichet a renvoyé une opération n° {seq} différente de celle déjà reçue : sa base a "
                f"peut-être été restaurée depuis une ancienne sauvegarde. Synchronisation arrêtée pour ce "
                f"guichet ; l'administrateur doit vérifier.")
            log.error("fork in the stream of counter %s at seq %s", counter_id, seq)
            return _refused("fork", stream.quarantine_reason, seq=seq)
        if seq != stream.last_seq + 1:
            return _refused("gap", f"Opération n° {stream.last_seq + 1} attendue, n° {seq} reçue.",
                            seq=seq, expected_seq=stream.last_seq + 1)
        expected = op_hash(id=op_id, counter_id=counter_id, seq=seq, op_type=op_type, op_version=version,
                           payload=payload, base=base, recorded_at=recorded_at, agent_id=agent_id,
                           prev_hash=prev_hash)
        if prev_hash != stream.last_hash or hash_ != expected:
            return _refused("chain", f"Opération n° {seq} modifiée ou hors de sa chaîne : refusée.", seq=seq)
        if op_type not in OPERATIONS or version > OPERATIONS[op_type]:
            return _refused("unknown_type", f"Type d'opération inconnu du serveur : {op_type} v{version} "
                                            f"(le serveur doit être mis à jour).", seq=seq)
        outcome = HANDLERS[op_type](uow, op_id, payload, base)
        s.add(AppliedOp(op_id=op_id, counter_id=counter_id, seq=seq, hash=hash_, op_type=op_type,
                        received_at=uow.now, outcome=outcome))
        stream.last_seq, stream.last_hash = seq, hash_
    return {**outcome, "seq": seq}
