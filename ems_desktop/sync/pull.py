"""Rows pulled from the server, applied to the counter's replica.

The rows are applied in one transaction with the new cursor, and only when the counter's outbox is
empty: a row the server sent must never overwrite a local change the server has not seen yet (the
counter pushes first, then pulls). Each row ends as the server has it (only its last version in the
batch counts; inserted, updated or deleted by primary key). Foreign keys are checked at the commit;
a unique key may be crossed on the way (a place the server gave to another child is still held here
until the row that frees it is written), so a row refused by one is written again after the others,
until the batch holds together — as it does on the server.

After the commit, the changes are announced on the change bus: open screens refresh.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import delete, func, inspect, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ems_desktop.models.base import JsonObject, table_of
from ems_desktop.models.sync import OutboxOp, SyncState
from ems_desktop.services.changes import Change
from ems_desktop.services.context import ServiceContext
from ems_desktop.sync.rows import from_json, key_of, model_of

# What a changed table means to the screens (the entities they watch on the change bus).
_ENTITIES = {
    "families": "family", "guardians": "family", "children": "family", "authorized_pickups": "family",
    "enrollments": "enrollment", "invoices": "invoice", "invoice_lines": "invoice", "credit_notes": "credit_note",
    "credit_note_lines": "credit_note", "payments": "payment", "payment_allocations": "payment",
    "cash_sessions": "cash_session", "cash_session_counts": "cash_session", "card_attempts": "card_attempt",
    "activity_groups": "group", "offers": "offer", "seasons": "season", "price_bands": "group",
    "session_exceptions": "planning", "closures": "planning", "manual_holiday_periods": "planning",
    "sepa_mandates": "mandate", "debit_runs": "debit_run", "debit_items": "payment", "sync_conflicts": "sync_conflict",
    "settings": "setting", "agents": "agent", "counters": "counter",
}


class PullNotApplied(Exception):
    """The rows did not hold together (a unique key still crossed once all were written)."""


def read_cursor(ctx: ServiceContext) -> str:
    with ctx.reading() as s:
        state = s.get(SyncState, 1)
        return state.cursor if state is not None else "0:0"


def _last_versions(changes: list[JsonObject]) -> list[JsonObject]:
    last: dict[tuple[str, str], JsonObject] = {}
    for change in changes:
        key = (change["table"], change["pk"])
        last.pop(key, None)
        last[key] = change
    return list(last.values())


def _write(session: Session, change: JsonObject) -> None:
    model = model_of(change["table"])
    table = table_of(model)
    key = inspect(model).primary_key[0]
    pk_value = from_json(model, {key_of(key): change["pk"]})[key_of(key)]
    if change["action"] == "d":
        session.execute(delete(table).where(key == pk_value))
        return
    mapper = inspect(model)
    values = {mapper.get_property(name).columns[0].key: value
              for name, value in from_json(model, change["row"]).items()}
    statement = sqlite_insert(table).values(**values)
    session.execute(statement.on_conflict_do_update(index_elements=[key.name],
                                                    set_={k: v for k, v in values.items() if k != key.key}))


def apply_changes(ctx: ServiceContext, changes: list[JsonObject], cursor: str) -> list[Change] | None:
    """Apply pulled rows and move the cursor (one transaction); None, and nothing written, when
    operations still wait in the outbox (the rows are fetched again after the push)."""
    touched: dict[str, set[uuid.UUID]] = defaultdict(set)
    with ctx.db.session() as s:
        s.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        if s.scalar(select(func.count()).select_from(OutboxOp).where(OutboxOp.acked_at.is_(None))):
            return None
        waiting = _last_versions(changes)
        try:  # most pages hold together as they come: written in one go
            with s.begin_nested():
                for change in waiting:
                    _write(s, change)
            waiting = []
        except IntegrityError:
            pass  # one row at a time then, each refused one again after the others
        while waiting:
            refused = []
            for change in waiting:
                try:
                    with s.begin_nested():
                        _write(s, change)
                except IntegrityError:
                    refused.append(change)
            if len(refused) == len(waiting):
                raise PullNotApplied(f"{len(refused)} ligne(s) reçue(s) du serveur en conflit avec la base locale")
            waiting = refused
        for change in changes:
            row = change.get("row") or {}
            table: str = change["table"]
            entity = _ENTITIES.get(table, table)
            if change["table"] == "enrollments" and row.get("group_id"):
                touched["places"].add(uuid.UUID(row["group_id"]))
            if row.get("family_id"):
                touched["family"].add(uuid.UUID(row["family_id"]))
            try:
                touched[entity].add(uuid.UUID(change["pk"]))
            except ValueError:  # settings: keyed by name
                touched[entity]
        state = s.get(SyncState, 1)
        if state is None:
            state = SyncState(id=1, cursor=cursor, last_error="")
            s.add(state)
        state.cursor = cursor
        state.last_contact_at = ctx.now()
        state.offline_since = None
    changes_out = [Change(entity, frozenset(ids)) for entity, ids in touched.items()]
    if changes_out:
        ctx.bus.publish(changes_out)
    return changes_out
