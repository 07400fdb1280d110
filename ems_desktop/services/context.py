"""What every service call needs: the database, who acts where, the clock, the change bus.

``ServiceContext.unit_of_work()`` is the one transaction of a user action: it hands out the
session and a journal; changes are recorded in the same transaction and announced after commit.

Cached data another counter can make stale (the planning's season schedules) is versioned by a
shared setting: any transaction that changes what it depends on writes a new token there, in the
same transaction; a reader compares it with its cache's (one primary-key lookup) before using it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import uuid
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar, cast

from sqlalchemy import CursorResult, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ems_desktop.database.engine import Database, is_busy_error
from ems_desktop.database.integrity import DatabaseUnusable, IntegrityCheckUnfinished
from ems_desktop.dates import paris_today, utc_now
from ems_desktop.models import JournalEntry, Setting
from ems_desktop.models.base import JsonObject, table_of
from ems_desktop.models.journal import GENESIS, JournalChain, chain_key, link
from ems_desktop.models.sync import OutboxHead, OutboxOp, op_hash
from ems_desktop.services import text_guard  # noqa: F401  (registers the flush guard)
from ems_desktop.services.changes import Change, ChangeBus
from ems_desktop.services.errors import (
    ConcurrentChange,
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseStillBeingChecked,
    InvalidData,
)

log = logging.getLogger(__name__)

# PostgreSQL's codes for a transaction that lost a race: serialization failure, deadlock.
_RACE_SQLSTATES = {"40001", "40P01"}

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Actor:
    """The agent at the counter, and the counter. Both are None only for system tasks."""

    agent_id: uuid.UUID | None = None
    counter_id: uuid.UUID | None = None


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return value


@dataclass
class UnitOfWork:
    session: Session
    actor: Actor
    now: dt.datetime
    _changed: dict[str, set[uuid.UUID]] = field(default_factory=lambda: defaultdict(set))
    _journal: list[JournalEntry] = field(default_factory=list)
    _operation: tuple[str, int, JsonObject, JsonObject] | None = None  # (type, version, payload, base): see ``emit``
    outbox: bool = False  # this counter syncs: the operation is written (``ServiceContext.outbox``)

    def emit(self, op_type: str, payload: JsonObject | Callable[[], JsonObject],
             base: JsonObject | None = None) -> None:
        """The operation this user action is, for the sync service: its type (registered in
        ``sync/ops.py`` with its version), the agent's intent and the facts the counter decided
        (ids, numbers, amounts), and for an edit the old values of the changed fields. One per unit
        of work; written with it, in the counter's outbox, when the counter syncs (``seal_outbox``).
        ``payload`` may be a function that builds it: a counter that does not sync never does."""
        from ems_desktop.sync.ops import version_of

        if self._operation is not None:
            raise RuntimeError(f"one operation per unit of work: {self._operation[0]} then {op_type}")
        version = version_of(op_type)
        if not self.outbox:
            self._operation = (op_type, version, {}, {})  # checked, not kept: nothing will be written
            return
        if callable(payload):
            self.session.flush()  # the rows it reads have their ids and defaults
            payload = payload()
        plain = json.loads(json.dumps(_jsonable(payload)))
        self._operation = (op_type, version, plain, json.loads(json.dumps(_jsonable(base or {}))))

    @property
    def operation(self) -> tuple[str, int, JsonObject, JsonObject] | None:
        return self._operation

    def seal_outbox(self) -> OutboxOp | None:
        """Write this unit's operation at the end of its counter's chain (seq and hash), just
        before the commit and in the same transaction. The head row is locked on PostgreSQL (on
        SQLite the unit holds the write lock already): two processes of one counter append one
        after the other. Nothing is written for a unit without an operation or without a counter."""
        if self._operation is None or self.actor.counter_id is None or not self.outbox:
            return None
        op_type, version, payload, base = self._operation
        session = self.session
        session.flush()
        heads = table_of(OutboxHead)
        counter_id = self.actor.counter_id
        head = session.execute(select(heads.c.last_seq, heads.c.last_hash).where(heads.c.counter_id == counter_id)
                               .with_for_update()).one_or_none()
        if head is None:
            session.execute(heads.insert().values(counter_id=counter_id, last_seq=0, last_hash=GENESIS))
            seq, prev_hash = 1, GENESIS
        else:
            seq, prev_hash = head[0] + 1, head[1]
        row = OutboxOp(id=uuid.uuid4(), counter_id=counter_id, seq=seq, op_type=op_type, op_version=version,
                       payload=payload, base=base, recorded_at=self.now, agent_id=self.actor.agent_id,
                       prev_hash=prev_hash)
        row.hash = op_hash(id=row.id, counter_id=counter_id, seq=seq, op_type=op_type, op_version=version,
                           payload=payload, base=base, recorded_at=row.recorded_at, agent_id=row.agent_id,
                           prev_hash=prev_hash)
        session.add(row)
        session.execute(heads.update().where(heads.c.counter_id == counter_id).values(last_seq=seq, last_hash=row.hash))
        self._operation = None
        return row

    def record(self, entity: str, entity_id: uuid.UUID, action: str, changes: JsonObject | None = None) -> None:
        """Append a journal entry (same transaction) and remember the change to announce. The
        entries are written when the unit commits, in their counter's hash chain (``seal_journal``)."""
        self._journal.append(
            JournalEntry(
                id=uuid.uuid4(),
                recorded_at=self.now,
                agent_id=self.actor.agent_id,
                counter_id=self.actor.counter_id,
                entity=entity,
                entity_id=entity_id,
                action=action,
                # Plain JSON, as it reads back from the database (string keys, lists): what is
                # hashed now is what verification recomputes.
                changes=json.loads(json.dumps(_jsonable(changes or {}))),
            )
        )
        self._changed[entity].add(entity_id)

    def seal_journal(self, known_head: tuple[int, str] | None = None) -> tuple[str, int, str] | None:
        """Write this unit's journal entries at the end of its counter's chain, just before the
        commit: (chain, length, last hash) of the new head, or None when nothing was journaled.

        Every other change is flushed first, so the chain's head is the last lock the unit takes
        and is held only until the commit. On SQLite the unit already holds the write lock (BEGIN
        IMMEDIATE); on PostgreSQL the head row is locked (``FOR UPDATE``), so two processes of one
        counter append one after the other, and different counters never wait for each other.
        ``known_head``, the head this process last wrote, saves the read: one conditional UPDATE."""
        entries = self._journal
        if not entries:
            return None
        session = self.session
        session.flush()
        key = chain_key(self.actor.counter_id)
        heads = table_of(JournalChain)
        if session.get_bind().dialect.name == "postgresql":
            _share_referenced_rows(session, self.actor)
        head = None
        if known_head is not None:
            length, last_hash = known_head
            head = link(entries, length, last_hash)
            # An UPDATE's result is a CursorResult (Session.execute is typed for any statement).
            moved = cast("CursorResult[Any]", session.execute(heads.update().where(
                heads.c.chain == key, heads.c.length == length, heads.c.last_hash == last_hash,
            ).values(length=head[0], last_hash=head[1])))
            if moved.rowcount != 1:  # another process appended since: read the head
                head = None
        if head is None:
            current = _locked_head(session, key)
            if current is None:
                _create_head(session, key, self.actor.counter_id)
                current = _locked_head(session, key)
                assert current is not None, key  # created just above, in this transaction
            head = link(entries, *current)
            session.execute(heads.update().where(heads.c.chain == key).values(length=head[0], last_hash=head[1]))
        session.add_all(entries)
        self._journal = []
        return key, *head

    def touch(self, entity: str, entity_id: uuid.UUID) -> None:
        """Announce a change that needs no journal entry of its own (e.g. a group's places)."""
        self._changed[entity].add(entity_id)

    def changes(self) -> list[Change]:
        return [Change(entity, frozenset(ids)) for entity, ids in self._changed.items()]

    def changed_any(self, entities: frozenset[str]) -> bool:
        return not entities.isdisjoint(self._changed)


# Changes that make cached catalog data stale (see ``ServiceContext.cache``).
CATALOG_ENTITIES = frozenset({"season", "offer", "group"})
# Changes that make the planning's cached schedules stale, on every counter: the catalog (periods,
# weekdays, places), the planning's own changes (sessions cancelled or added, closures, holidays
# typed by hand) and the shared settings (the seasons' holiday zones are saved there).
PLANNING_ENTITIES = CATALOG_ENTITIES | {"planning", "settings"}
# The shared setting that changes with them (a new random token, same transaction).
PLANNING_VERSION_KEY = "cache.planning_version"


def planning_version(session: Session) -> str | None:
    """The planning data's current version token (None before its first change)."""
    version = session.scalar(select(Setting.value).where(Setting.key == PLANNING_VERSION_KEY))
    return version if isinstance(version, str) else None


def _new_version(session: Session, key: str) -> None:
    """Write a new token under ``key``: an upsert, so two counters' first changes never collide
    on the key; tokens need not be ordered, only different from every earlier one."""
    token = uuid.uuid4().hex
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = (postgresql if dialect == "postgresql" else sqlite).insert(Setting).values(key=key, value=token)
        session.execute(insert.on_conflict_do_update(index_elements=[Setting.key],
                                                     set_={"value": insert.excluded.value}))
        return
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=token))
    else:
        row.value = token


# Per database, the head of each chain as this process last wrote it (see ``seal_journal``).
_KNOWN_HEADS: weakref.WeakKeyDictionary[Database, dict[str, tuple[int, str]]] = weakref.WeakKeyDictionary()


def _share_referenced_rows(session: Session, actor: Actor) -> None:
    """PostgreSQL: take the locks the journal's rows need on their counter and agent (KEY SHARE,
    which only a deletion or a key change waits for) before the chain's head. Otherwise a unit
    holding the head would wait at its insert for a unit holding the counter row FOR UPDATE (the
    opening of the till) that waits for the head: a deadlock."""
    from ems_desktop.models import Agent, Counter

    for model, key in ((Counter, actor.counter_id), (Agent, actor.agent_id)):
        if key is not None:
            session.execute(select(model.id).where(model.id == key).with_for_update(read=True, key_share=True))


def _locked_head(session: Session, key: str) -> tuple[int, str] | None:
    heads = table_of(JournalChain)
    row = session.execute(select(heads.c.length, heads.c.last_hash).where(heads.c.chain == key)
                          .with_for_update()).one_or_none()
    return None if row is None else (row.length, row.last_hash)


def _create_head(session: Session, key: str, counter_id: uuid.UUID | None) -> None:
    """The head of a chain that has none: a new counter's (empty), or one rebuilt from the chain's
    last entry if the row was lost — the counter goes on working; verification reports the loss.
    Two processes creating it at once: the second one's insert does nothing."""
    last = session.execute(
        select(JournalEntry.chain_seq, JournalEntry.hash)
        .where(JournalEntry.counter_id.is_(None) if counter_id is None else JournalEntry.counter_id == counter_id,
               JournalEntry.chain_seq.is_not(None))
        .order_by(JournalEntry.chain_seq.desc()).limit(1)).one_or_none()
    values = {"chain": key, "length": last[0] if last else 0, "last_hash": last[1] if last else GENESIS}
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        from sqlalchemy.dialects import postgresql as on_postgresql, sqlite as on_sqlite

        insert = (on_postgresql if dialect == "postgresql" else on_sqlite).insert(table_of(JournalChain))
        session.execute(insert.values(**values).on_conflict_do_nothing(index_elements=["chain"]))
    else:
        session.execute(table_of(JournalChain).insert().values(**values))


@dataclass
class ServiceContext:
    db: Database
    actor: Actor = field(default_factory=Actor)
    bus: ChangeBus = field(default_factory=ChangeBus)
    clock: Callable[[], dt.datetime] = utc_now
    # Read-mostly data (the seasons' catalogs) kept between calls; emptied when it changes.
    cache: dict[Any, Any] = field(default_factory=dict)
    # A counter that syncs with the town's server (``sync.role = counter``): each user action is
    # also written as an operation in its outbox. A counter alone, or on a shared PostgreSQL, does not.
    outbox: bool = False

    def now(self) -> dt.datetime:
        return self.clock()

    def today(self) -> dt.date:
        """The date at the counter (Paris), never the UTC date."""
        return paris_today(self.clock())

    def as_actor(self, actor: Actor) -> ServiceContext:
        return ServiceContext(db=self.db, actor=actor, bus=self.bus, clock=self.clock, cache=self.cache,
                              outbox=self.outbox)

    @contextmanager
    def unit_of_work(self, *, before_integrity_verdict: bool = False) -> Iterator[UnitOfWork]:
        """The transaction of one user action. A database error never reaches the agent raw: a
        busy SQLite file, a race caught by a unique key or a deadlock, a value the database
        refuses each become a French DomainError (and nothing of the unit is saved).
        ``before_integrity_verdict``: the log-in's unit, which need not wait for the start-up's
        check of the file (Database.session)."""
        with (_database_errors_in_french(),
              self.db.session(before_integrity_verdict=before_integrity_verdict) as session):
            uow = UnitOfWork(session=session, actor=self.actor, now=self.now(), outbox=self.outbox)
            yield uow
            if uow.changed_any(PLANNING_ENTITIES):
                _new_version(session, PLANNING_VERSION_KEY)  # every counter's planning cache is stale
            uow.seal_outbox()
            known_heads = _KNOWN_HEADS.setdefault(self.db, {})
            sealed = uow.seal_journal(known_heads.get(chain_key(self.actor.counter_id)))
        # Reached only after a successful commit.
        if sealed is not None:
            known_heads[sealed[0]] = sealed[1:]
        changes = uow.changes()
        if any(change.entity in CATALOG_ENTITIES for change in changes):
            self.cache.clear()
        self.bus.publish(changes)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with _database_errors_in_french(), self.db.read() as session:
            yield session


@contextmanager
def _database_errors_in_french() -> Iterator[None]:
    """What a unit of work or a reading shows instead of a raw database error."""
    try:
        yield
    except IntegrityError as exc:
        log.warning("conflit d'écriture (contrainte d'unicité ou d'intégrité) : %s", exc.orig)
        raise ConcurrentChange() from exc
    except OperationalError as exc:
        if is_busy_error(exc):
            log.warning("base occupée par un autre poste : %s", exc.orig)
            raise DatabaseBusy() from exc
        if getattr(exc.orig, "sqlstate", None) in _RACE_SQLSTATES:
            log.warning("conflit entre transactions : %s", exc.orig)
            raise ConcurrentChange() from exc
        raise  # the database cannot be reached: the status bar says so
    except IntegrityCheckUnfinished as exc:
        raise DatabaseStillBeingChecked() from exc
    except DatabaseUnusable as exc:
        raise DatabaseDamaged(str(exc)) from exc
    except DataError as exc:
        log.warning("valeur refusée par la base : %s", exc.orig)
        raise InvalidData("Une valeur saisie est refusée par la base (trop longue ou invalide) : "
                          "rien n'a été enregistré.") from exc


def retry_on_conflict(service: Callable[P, T]) -> Callable[P, T]:
    """Run a service once more if its transaction lost a race (ConcurrentChange). Safe because a
    unit of work is all or nothing and re-reads everything it checks; the second attempt sees
    what the other counter committed and answers accordingly (often with a domain refusal, or
    with the first result for a request sent twice)."""

    @functools.wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return service(*args, **kwargs)
        except ConcurrentChange:
            log.info("%s : nouvel essai après un conflit avec un autre poste", service.__name__)
            return service(*args, **kwargs)

    return run
