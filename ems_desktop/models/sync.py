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

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ems_desktop.models.base import Base, IdMixin, JsonObject
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
    payload: Mapped[JsonObject] = mapped_column(JSON)           # plain JSON: ids as text, amounts in cents
    base: Mapped[JsonObject] = mapped_column(JSON, default=dict)  # old values of the fields an edit changed
    recorded_at: Mapped[dt.datetime]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[dt.datetime | None]
    acked_at: Mapped[dt.datetime | None]
    outcome: Mapped[JsonObject | None] = mapped_column(JSON)


class OutboxHead(Base):
    """The end of a counter's chain of operations: its last seq and hash."""

    __tablename__ = "outbox_heads"

    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


def canonical_json(value: JsonObject | None) -> str:
    return json.dumps(value or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def op_hash(*, id: uuid.UUID, counter_id: uuid.UUID, seq: int, op_type: str, op_version: int,
            payload: JsonObject, base: JsonObject | None, recorded_at: dt.datetime, agent_id: uuid.UUID | None,
            prev_hash: str) -> str:
    """The SHA-256 (hex) of an operation's canonical form, one field a line: a version tag, the
    op id, counter, seq, type, version, time (UTC, microseconds), agent ("" for none), payload and
    base as sorted compact ASCII JSON, the previous hash. A pure function of the stored row."""
    document = "\n".join((_FORM, id.hex, counter_id.hex, str(seq), op_type, str(op_version), utc_text(recorded_at),
                          agent_id.hex if agent_id else "", canonical_json(payload), canonical_json(base), prev_hash))
    return hashlib.sha256(document.encode("ascii", "backslashreplace")).hexdigest()


# --- The sync service's side (the town's PostgreSQL) -------------------------------------------

class CounterStream(Base):
    """Where the server stands in a counter's chain of operations: the last one applied, and
    whether the stream is stopped (``quarantined_at``: a fork, a counter restored from an old
    backup, until the administrator looks)."""

    __tablename__ = "counter_streams"

    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)
    quarantined_at: Mapped[dt.datetime | None]
    quarantine_reason: Mapped[str] = mapped_column(Text, default="")


class AppliedOp(Base):
    """An operation the server applied, claimed in the transaction of its effect: an operation
    is applied once, and a resent one gets this stored outcome back."""

    __tablename__ = "applied_ops"
    __table_args__ = (Index("uq_applied_ops_counter_seq", "counter_id", "seq", unique=True),)

    op_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"))
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    op_type: Mapped[str] = mapped_column(String(60))
    received_at: Mapped[dt.datetime]
    outcome: Mapped[JsonObject] = mapped_column(JSON)


class CounterCredential(IdMixin, Base):
    """A counter's right to talk to the server: a one-time enrolment code, then its token. Only
    SHA-256 hashes are stored; a revoked credential is refused."""

    __tablename__ = "counter_credentials"

    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"), index=True)
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_expires_at: Mapped[dt.datetime | None]
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    enrolled_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    last_seen_at: Mapped[dt.datetime | None]


class ConflictKind:
    OVER_CAPACITY = "over_capacity"              # an enrollment paid offline in a group now full
    WAITING_LIST_FALLBACK = "waiting_list_fallback"  # a place chosen offline, no longer free: waiting list
    DUPLICATE_ENROLLMENT = "duplicate_enrollment"    # the same child in one offer at two counters
    CONCURRENT_EDIT = "concurrent_edit"          # one field of a dossier changed at two counters
    NUMBER_GAP = "number_gap"                    # a counter's document numbers do not follow on
    OVERPAYMENT = "overpayment"                  # one balance paid at two counters
    DUPLICATE_MANDATE = "duplicate_mandate"      # two direct debit mandates recorded for a family offline
    ALL = (OVER_CAPACITY, WAITING_LIST_FALLBACK, DUPLICATE_ENROLLMENT, CONCURRENT_EDIT, NUMBER_GAP, OVERPAYMENT,
           DUPLICATE_MANDATE)


class SyncConflict(IdMixin, Base):
    """What the server decided differently from a counter, or found abnormal, for an agent to see
    on the Accueil and a régisseur to resolve. ``message`` is French; ``details`` keeps both values."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_status", "status", "created_at"),)

    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="open")  # open / resolved
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    family_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    group_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    origin_counter_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    op_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    message: Mapped[str] = mapped_column(Text)
    details: Mapped[JsonObject] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime]
    resolved_at: Mapped[dt.datetime | None]
    resolved_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    resolution: Mapped[str] = mapped_column(Text, default="")


class ChangeLogEntry(Base):
    """A row changed on the server, for the counters to pull (written by a PostgreSQL trigger on
    each shared table, whoever changes the row: an operation, a counter on the LAN, a fix in psql).
    ``txid`` is the writing transaction's id: a pull returns only rows of finished transactions, in
    (txid, server_seq) order, so that a row committed late is never skipped by a cursor."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_txid_seq", "txid", "server_seq"),)

    server_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                            autoincrement=True)
    txid: Mapped[int] = mapped_column(BigInteger)
    table_name: Mapped[str] = mapped_column(String(60))
    row_pk: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(1))  # u (inserted or updated), d (deleted)
    row_data: Mapped[JsonObject | None] = mapped_column(JSON)
    origin_op_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class SyncState(Base):
    """A counter's one row: where it stands in the server's change log, and its last contact."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    cursor: Mapped[str] = mapped_column(String(60), default="0:0")  # "txid:server_seq" of the last row applied
    last_contact_at: Mapped[dt.datetime | None]
    offline_since: Mapped[dt.datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
