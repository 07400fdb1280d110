"""The change journal: one entry per change, written in the same transaction — the audit trail.

Each entry has its own UUID, so replaying an entry twice has the effect of replaying it once.

The journal is tamper-evident: the entries of each counter form a hash chain (the entries of system
tasks, with no counter, form their own). An entry's ``hash`` is the SHA-256 of a canonical form of
its content — id, time (UTC), agent, counter, entity, entity id, action, changes and the previous
entry's hash (``previous_hash``) — and ``chain_seq`` is its place in the chain (1, 2, …). Editing an
entry, or deleting one, breaks the chain at that point (``services/journal.verify_journal``).
``JournalChain`` is the head of each chain: its row is locked by the unit of work that appends to
the chain, so two processes of one counter never fork it, and its length shows entries deleted at
the end of a chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ems_desktop.models.base import Base, IdMixin, JsonObject

# The previous hash of a chain's first entry.
GENESIS = "0" * 64
# The chain of the entries written with no counter (system tasks: first start, demo, dataset).
SYSTEM_CHAIN = "system"
# Names the canonical form, so that a future form can be told apart.
_FORM = "ems-journal-1"


class JournalEntry(IdMixin, Base):
    __tablename__ = "journal_entries"
    __table_args__ = (
        Index("ix_journal_entries_unsent", "sent_at", "recorded_at"),
        # One entry per place of a counter's chain: a fork would break this rule, not the chain.
        Index("uq_journal_entries_chain", "counter_id", "chain_seq", unique=True),
        # The Journal view: a period, a family's entries.
        Index("ix_journal_entries_recorded_at", "recorded_at"),
        Index("ix_journal_entries_entity_id", "entity_id"),
    )

    recorded_at: Mapped[dt.datetime]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counters.id"))
    entity: Mapped[str] = mapped_column(String(40))   # "family", "enrollment", "invoice"…
    entity_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(String(40))   # "created", "updated", "confirmed"…
    # The new state of the changed fields (plain JSON: no card data, no secrets).
    changes: Mapped[JsonObject] = mapped_column(JSON, default=dict)
    sent_at: Mapped[dt.datetime | None]
    # The hash chain (set when the unit of work commits; None only for rows written around the
    # application, which verification reports).
    chain_seq: Mapped[int | None] = mapped_column(Integer)
    previous_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class JournalChain(Base):
    """The head of one chain: its length and its last entry's hash."""

    __tablename__ = "journal_chains"

    chain: Mapped[str] = mapped_column(String(40), primary_key=True)  # the counter's id, or "system"
    length: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


def chain_key(counter_id: uuid.UUID | None) -> str:
    return str(counter_id) if counter_id is not None else SYSTEM_CHAIN


def utc_text(moment: dt.datetime) -> str:
    """A timestamp as the canonical form writes it: UTC, microseconds, 2017-06-21T13:00:00.000000Z."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_changes(changes: JsonObject | None) -> str:
    return json.dumps(changes or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def hash_of(id_hex: str, when: str, agent_hex: str, counter_hex: str, entity: str, entity_hex: str, action: str,
            changes: JsonObject | None, previous_hash: str) -> str:
    """The SHA-256 (hex) of an entry's canonical form, one field a line: a version tag, the ids as
    32 hex digits ("" for no agent or counter), the time as ``utc_text`` writes it, the changes as
    ``canonical_changes`` writes them (sorted keys, fixed separators, ASCII), the previous hash."""
    document = "\n".join((_FORM, id_hex, when, agent_hex, counter_hex, entity, entity_hex, action,
                          canonical_changes(changes), previous_hash))
    return hashlib.sha256(document.encode("ascii", "backslashreplace")).hexdigest()


def entry_hash(*, id: uuid.UUID, recorded_at: dt.datetime, agent_id: uuid.UUID | None,
               counter_id: uuid.UUID | None, entity: str, entity_id: uuid.UUID, action: str, changes: JsonObject | None,
               previous_hash: str) -> str:
    """An entry's hash from its values. A pure function of the entry's content and its
    predecessor's hash: what is hashed when the entry is written is what verification recomputes
    from the stored row (changes are plain JSON, so they read back equal)."""
    return hash_of(id.hex, utc_text(recorded_at), agent_id.hex if agent_id else "",
                   counter_id.hex if counter_id else "", entity, entity_id.hex, action, changes, previous_hash)


def link(entries: Iterable[JournalEntry], length: int, last_hash: str) -> tuple[int, str]:
    """Give ``entries`` (in order) the places after a chain's head (``length``, ``last_hash``);
    returns the new head."""
    for entry in entries:
        length += 1
        entry.chain_seq = length
        entry.previous_hash = last_hash
        entry.hash = last_hash = entry_hash(
            id=entry.id, recorded_at=entry.recorded_at, agent_id=entry.agent_id, counter_id=entry.counter_id,
            entity=entry.entity, entity_id=entry.entity_id, action=entry.action, changes=entry.changes,
            previous_hash=entry.previous_hash)
    return length, last_hash


def chained(rows: Iterable[Mapping[str, Any]], heads: dict[str, tuple[int, str]]) -> Iterator[JsonObject]:
    """Journal rows written in bulk around the unit of work (a generated dataset: plain dicts with
    the table's columns), given their places in their chains in the order they come; ``heads``
    (chain → (length, last hash)) is updated as they pass: insert it into ``journal_chains`` after."""
    for row in rows:
        row = dict(row, changes=json.loads(json.dumps(row.get("changes") or {})))
        key = chain_key(row.get("counter_id"))
        length, last_hash = heads.get(key, (0, GENESIS))
        row["chain_seq"], row["previous_hash"] = length + 1, last_hash
        row["hash"] = entry_hash(id=row["id"], recorded_at=row["recorded_at"], agent_id=row.get("agent_id"),
                                 counter_id=row.get("counter_id"), entity=row["entity"], entity_id=row["entity_id"],
                                 action=row["action"], changes=row["changes"], previous_hash=last_hash)
        heads[key] = (length + 1, row["hash"])
        yield row
