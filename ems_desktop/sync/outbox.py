"""Reading a counter's outbox: the operations waiting for the server, and the check of its chain
(what the server will check when the operations arrive: seq 1, 2, … without a gap, each hash
recomputed from the stored row and its predecessor's)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select

from ems_desktop.models.base import JsonObject, table_of
from ems_desktop.models.journal import GENESIS
from ems_desktop.models.sync import OutboxHead, OutboxOp, op_hash
from ems_desktop.services.context import ServiceContext


@dataclass(frozen=True)
class PendingOp:
    id: uuid.UUID
    seq: int
    op_type: str
    op_version: int
    payload: JsonObject
    base: JsonObject
    hash: str
    prev_hash: str
    recorded_at: dt.datetime
    agent_id: uuid.UUID | None

    def as_sent(self) -> JsonObject:
        """The operation as a push carries it (plain JSON)."""
        return {"id": str(self.id), "seq": self.seq, "op_type": self.op_type, "op_version": self.op_version,
                "payload": self.payload, "base": self.base, "recorded_at": self.recorded_at.isoformat(),
                "agent_id": str(self.agent_id) if self.agent_id else None, "prev_hash": self.prev_hash,
                "hash": self.hash}


def pending_ops(ctx: ServiceContext, counter_id: uuid.UUID, limit: int = 200) -> list[PendingOp]:
    """The counter's operations the server has not acknowledged yet, in order (a push's batch)."""
    with ctx.reading() as s:
        rows = s.scalars(select(OutboxOp).where(OutboxOp.counter_id == counter_id, OutboxOp.acked_at.is_(None))
                         .order_by(OutboxOp.seq).limit(limit))
        return [PendingOp(r.id, r.seq, r.op_type, r.op_version, r.payload, r.base, r.hash, r.prev_hash, r.recorded_at,
                          r.agent_id) for r in rows]


def pending_count(ctx: ServiceContext, counter_id: uuid.UUID) -> int:
    """How many of the counter's operations wait for the server (the status bar says it)."""
    with ctx.reading() as s:
        return s.scalar(select(func.count()).select_from(OutboxOp)
                        .where(OutboxOp.counter_id == counter_id, OutboxOp.acked_at.is_(None))) or 0


def verify_outbox(ctx: ServiceContext, counter_id: uuid.UUID) -> list[str]:
    """What is wrong with the counter's chain of operations, in French (empty: the chain holds)."""
    problems = []
    previous_seq, previous_hash = 0, GENESIS
    with ctx.reading() as s:
        for row in s.scalars(select(OutboxOp).where(OutboxOp.counter_id == counter_id).order_by(OutboxOp.seq)):
            if row.seq != previous_seq + 1:
                problems.append(f"Opération n° {previous_seq + 1} absente (la suivante est la n° {row.seq}).")
            expected = op_hash(id=row.id, counter_id=row.counter_id, seq=row.seq, op_type=row.op_type,
                               op_version=row.op_version, payload=row.payload, base=row.base,
                               recorded_at=row.recorded_at, agent_id=row.agent_id, prev_hash=row.prev_hash)
            if row.prev_hash != previous_hash or row.hash != expected:
                problems.append(f"Opération n° {row.seq} ({row.op_type}) modifiée ou hors de sa chaîne.")
            previous_seq, previous_hash = row.seq, row.hash
        head = s.execute(select(OutboxHead.last_seq, OutboxHead.last_hash)
                         .where(OutboxHead.counter_id == counter_id)).one_or_none()
    if head is not None and tuple(head) != (previous_seq, previous_hash):
        problems.append(f"La fin de la chaîne ({head[0]}) ne correspond pas à la dernière opération "
                        f"enregistrée ({previous_seq}).")
    return problems


def mark_acked(ctx: ServiceContext, counter_id: uuid.UUID, outcomes: list[JsonObject]) -> int:
    """The server's outcomes stored on their operations, which stop waiting (one transaction);
    returns how many were acknowledged. A refusal acknowledges nothing."""
    rows = [{"seq_": o["seq"], "outcome_": o} for o in outcomes if o.get("status") != "refused" and "seq" in o]
    if not rows:
        return 0
    with ctx.db.session() as s:
        table = table_of(OutboxOp)
        statement = (table.update().where(table.c.counter_id == counter_id, table.c.seq == bindparam("seq_"),
                                          table.c.acked_at.is_(None))
                     .values(acked_at=ctx.now(), outcome=bindparam("outcome_")))
        acknowledged: int = s.connection().execute(statement, rows).rowcount
        return acknowledged


def outbox_head(ctx: ServiceContext, counter_id: uuid.UUID) -> tuple[int, str]:
    """(last seq, last hash) of the counter's chain in this database."""
    with ctx.reading() as s:
        head = s.execute(select(OutboxHead.last_seq, OutboxHead.last_hash)
                         .where(OutboxHead.counter_id == counter_id)).one_or_none()
    return (head[0], head[1]) if head is not None else (0, GENESIS)


def op_hash_at(ctx: ServiceContext, counter_id: uuid.UUID, seq: int) -> str | None:
    """The hash of the counter's operation ``seq`` in this database (the chain's start for 0)."""
    if seq == 0:
        return GENESIS
    with ctx.reading() as s:
        return s.scalar(select(OutboxOp.hash).where(OutboxOp.counter_id == counter_id, OutboxOp.seq == seq))
