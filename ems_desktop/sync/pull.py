"""Rows pulled from the server, applied to the counter's replica.

A page is applied in one transaction with the new cursor, and only when the counter's outbox is
empty: a row the server sent must never overwrite a local change the server has not seen yet (the
counter pushes first, then pulls). Each row is written as the server has it (inserted, updated or
deleted by primary key); foreign keys are checked at the commit, so a page's order does not matter.
After the commit, the changes are announced on the change bus: open screens refresh.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import func, inspect, select

from ems_desktop.models.sync import OutboxOp, SyncState
from ems_desktop.services.changes import Change
from ems_desktop.services.context import ServiceContext
from ems_desktop.sync.rows import from_json, model_of, upsert

# What a changed table means to the screens (the entities they watch on the change bus).
_ENTITIES = {
    "families": "family", "guardians": "family", "children": "family", "authorized_pickups": "family",
    "enrollments": "enrollment", "invoices": "invoice", "invoice_lines": "invoice", "credit_notes": "credit_note",
    "credit_note_lines": "credit_note", "payments": "payment", "payment_allocations": "payment",
    "cash_sessions": "cash_session", "cash_session_counts": "cash_session", "card_attempts": "card_attempt",
    "activity_groups": "group", "offers": "offer", "seasons": "season", "price_bands": "group",
    "session_exceptions": "planning", "closures": "planning", "manual_holiday_periods": "planning",
    "sync_conflicts": "sync_conflict", "settings": "setting", "agents": "agent", "counters": "counter",
}


def read_cursor(ctx: ServiceContext) -> str:
    with ctx.reading() as s:
        state = s.get(SyncState, 1)
        return state.cursor if state is not None else "0:0"


def apply_changes(ctx: ServiceContext, changes: list[dict], cursor: str) -> list[Change] | None:
    """Apply a pulled page and move the cursor (one transaction); None, and nothing written, when
    operations still wait in the outbox (the page is fetched again after the push)."""
    touched: dict[str, set[uuid.UUID]] = defaultdict(set)
    with ctx.db.session() as s:
        if s.get_bind().dialect.name == "sqlite":
            s.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        waiting = s.scalar(select(func.count()).select_from(OutboxOp).where(OutboxOp.acked_at.is_(None)))
        if waiting:
            return None
        for change in changes:
            model = model_of(change["table"])
            if change["action"] == "d":
                key = inspect(model).primary_key[0].key
                row = s.get(model, from_json(model, {key: change["pk"]})[key])
                if row is not None:
                    s.delete(row)
                    s.flush()
            else:
                row = upsert(s, model, change["row"])
            entity = _ENTITIES.get(change["table"], change["table"])
            if change["action"] != "d" and change["table"] == "enrollments":
                touched["places"].add(row.group_id)
            family_id = getattr(row, "family_id", None) if change["action"] != "d" else None
            if isinstance(family_id, uuid.UUID):
                touched["family"].add(family_id)
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
