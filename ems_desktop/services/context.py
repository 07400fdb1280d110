"""What every service call needs: the database, who acts where, the clock, the change bus.

``ServiceContext.unit_of_work()`` is the one transaction of a user action: it hands out the
session and a journal; changes are recorded in the same transaction and announced after commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ems_desktop.database.engine import Database, is_busy_error
from ems_desktop.dates import paris_today, utc_now
from ems_desktop.models import JournalEntry
from ems_desktop.services import text_guard  # noqa: F401  (registers the flush guard)
from ems_desktop.services.changes import Change, ChangeBus
from ems_desktop.services.errors import ConcurrentChange, DatabaseBusy, InvalidData

log = logging.getLogger(__name__)

# PostgreSQL's codes for a transaction that lost a race: serialization failure, deadlock.
_RACE_SQLSTATES = {"40001", "40P01"}


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

    def record(self, entity: str, entity_id: uuid.UUID, action: str, changes: dict | None = None) -> None:
        """Append a journal entry (same transaction) and remember the change to announce."""
        self.session.add(
            JournalEntry(
                recorded_at=self.now,
                agent_id=self.actor.agent_id,
                counter_id=self.actor.counter_id,
                entity=entity,
                entity_id=entity_id,
                action=action,
                changes=_jsonable(changes or {}),
            )
        )
        self._changed[entity].add(entity_id)

    def touch(self, entity: str, entity_id: uuid.UUID) -> None:
        """Announce a change that needs no journal entry of its own (e.g. a group's places)."""
        self._changed[entity].add(entity_id)

    def changes(self) -> list[Change]:
        return [Change(entity, frozenset(ids)) for entity, ids in self._changed.items()]


# Changes that make cached catalog data stale (see ``ServiceContext.cache``).
CATALOG_ENTITIES = frozenset({"season", "offer", "group"})


@dataclass
class ServiceContext:
    db: Database
    actor: Actor = field(default_factory=Actor)
    bus: ChangeBus = field(default_factory=ChangeBus)
    clock: Callable[[], dt.datetime] = utc_now
    # Read-mostly data (the seasons' catalogs) kept between calls; emptied when it changes.
    cache: dict = field(default_factory=dict)

    def now(self) -> dt.datetime:
        return self.clock()

    def today(self) -> dt.date:
        """The date at the counter (Paris), never the UTC date."""
        return paris_today(self.clock())

    def as_actor(self, actor: Actor) -> ServiceContext:
        return ServiceContext(db=self.db, actor=actor, bus=self.bus, clock=self.clock, cache=self.cache)

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """The transaction of one user action. A database error never reaches the agent raw: a
        busy SQLite file, a race caught by a unique key or a deadlock, a value the database
        refuses each become a French DomainError (and nothing of the unit is saved)."""
        with _database_errors_in_french():
            with self.db.session() as session:
                uow = UnitOfWork(session=session, actor=self.actor, now=self.now())
                yield uow
        # Reached only after a successful commit.
        changes = uow.changes()
        if any(change.entity in CATALOG_ENTITIES for change in changes):
            self.cache.clear()
        self.bus.publish(changes)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with _database_errors_in_french():
            with self.db.read() as session:
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
    except DataError as exc:
        log.warning("valeur refusée par la base : %s", exc.orig)
        raise InvalidData("Une valeur saisie est refusée par la base (trop longue ou invalide) : "
                          "rien n'a été enregistré.") from exc


def retry_on_conflict(service):
    """Run a service once more if its transaction lost a race (ConcurrentChange). Safe because a
    unit of work is all or nothing and re-reads everything it checks; the second attempt sees
    what the other counter committed and answers accordingly (often with a domain refusal, or
    with the first result for a request sent twice)."""

    @functools.wraps(service)
    def run(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except ConcurrentChange:
            log.info("%s : nouvel essai après un conflit avec un autre poste", service.__name__)
            return service(*args, **kwargs)

    return run
