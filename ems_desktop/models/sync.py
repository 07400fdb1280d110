"""The counter's outbox: one operation per user action, written in the same transaction as the
action, for the sync service (``docs/SYNC.md``, §0 and §4).

An operation holds the agent's intent and the facts the counter decided: the ids it created, the
document numbers it took, the amounts. Operations are numbered per counter (``seq`` 1, 2, …) and
hash-chained: an operation's ``hash`` is the SHA-256 of a canonical form of its content and of its
predecessor's hash (``prev_hash``), so the server can tell a resent operation (same seq, same hash:
its stored outcome is returned) from a fork (same seq, another hash: a counter restored from an old
backup). ``OutboxHead`` is the end of each counter's chain; its row is locked by the unit of work
that appends, so two processes of one counter never fork it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ems_desktop.models.base import Base, IdMixin
from ems_desktop.models.journal import GENESIS, utc_text

# Names the canonical form, so that a future form can be told apart.
_FORM = "ems-op-1"


class OutboxOp(IdMixin, Base):
    """One user action of a counter, as the sync service will apply it (``id`` is the op_id: the
    server claims it in the transaction that applies it, so an operation is applied once)."""

    __tablename__ = "outbox_ops"
    __table_args__ = (
        Index("uq_outbox_ops_counter_seq", "counter_id", "seq", unique=True),
        Index("ix_outbox_ops_unacked", "counter_id", "acked_at", "seq"),
    )

    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"))
    seq: Mapped[int] = mapped_column(Integer)
    op_type: Mapped[str] = mapped_column(String(60))     # "checkout.enrollments", "enrollment.choose_group"…
    op_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict] = mapped_column(JSON)           # plain JSON: ids as text, amounts in cents
    base: Mapped[dict] = mapped_column(JSON, default=dict)  # old values of the fields an edit changed
    recorded_at: Mapped[dt.datetime]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[dt.datetime | None]
    acked_at: Mapped[dt.datetime | None]
    outcome: Mapped[dict | None] = mapped_column(JSON)


class OutboxHead(Base):
    """The end of a counter's chain of operations: its last seq and hash."""

    __tablename__ = "outbox_heads"

    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


def canonical_json(value: dict | None) -> str:
    return json.dumps(value or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def op_hash(*, id: uuid.UUID, counter_id: uuid.UUID, seq: int, op_type: str, op_version: int,  # noqa: A002
            payload: dict, base: dict | None, recorded_at: dt.datetime, agent_id: uuid.UUID | None,
            prev_hash: str) -> str:
    """The SHA-256 (hex) of an operation's canonical form, one field a line: a version tag, the
    op id, counter, seq, type, version, time (UTC, microseconds), agent ("" for none), payload and
    base as sorted compact ASCII JSON, the previous hash. A pure function of the stored row."""
    document = "\n".join((_FORM, id.hex, counter_id.hex, str(seq), op_type, str(op_version), utc_text(recorded_at),
                          agent_id.hex if agent_id else "", canonical_json(payload), canonical_json(base), prev_hash))
    return hashlib.sha256(document.encode("ascii", "backslashreplace")).hexdigest()
