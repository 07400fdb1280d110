"""Rows as operations carry them: every column's value, as the counter wrote it. The server
records facts (invoices, payments, cash sessions…) verbatim from these."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import inspect

from ems_desktop.models import Family, Payment
from ems_desktop.models.base import JsonObject


def row_state(row: object) -> JsonObject:
    """Every mapped column of ``row`` by attribute name (ids, amounts, numbers, times)."""
    return {attribute.key: getattr(row, attribute.key) for attribute in inspect(row).mapper.column_attrs}


def payments_state(payments: Iterable[Payment]) -> list[JsonObject]:
    """Payments with their allocations to invoices."""
    return [{**row_state(p), "allocations": [row_state(a) for a in p.allocations]} for p in payments]


def dossier_rows(family: Family) -> dict[str, dict[str, JsonObject]]:
    """A family's dossier as rows: table → id → every column (the family, its guardians, its
    children, their pick-up persons). Ids are stable across saves, so two states can be compared."""
    rows: dict[str, dict[str, JsonObject]] = {"families": {str(family.id): row_state(family)},
                                              "guardians": {}, "children": {}, "authorized_pickups": {}}
    for guardian in family.guardians:
        rows["guardians"][str(guardian.id)] = row_state(guardian)
    for child in family.children:
        rows["children"][str(child.id)] = row_state(child)
        for pickup in child.pickups:
            rows["authorized_pickups"][str(pickup.id)] = row_state(pickup)
    return rows


# Columns the counter keeps up to date itself, never compared in a merge.
BOOKKEEPING = frozenset({"updated_at", "search_text"})


def dossier_edit(before: JsonObject, after: JsonObject) -> tuple[JsonObject, JsonObject]:
    """What an edit of a dossier changed, for the server's field-by-field merge: ``changes`` (table
    → id → new value of each changed column; an added row whole, under ``added``; a removed row's
    id under ``removed``) and ``base`` (the old values of those columns; a removed row whole)."""
    changes: JsonObject = {"rows": {}, "added": {}, "removed": {}}
    base: JsonObject = {"rows": {}, "removed": {}}
    for table, new_rows in after.items():
        old_rows = before.get(table, {})
        for row_id, new in new_rows.items():
            old = old_rows.get(row_id)
            if old is None:
                changes["added"].setdefault(table, {})[row_id] = new
                continue
            changed = {key: value for key, value in new.items() if key not in BOOKKEEPING and old.get(key) != value}
            if changed:
                changes["rows"].setdefault(table, {})[row_id] = changed
                base["rows"].setdefault(table, {})[row_id] = {key: old.get(key) for key in changed}
        for row_id, old in old_rows.items():
            if row_id not in new_rows:
                changes["removed"].setdefault(table, []).append(row_id)
                base["removed"].setdefault(table, {})[row_id] = old
    return changes, base
