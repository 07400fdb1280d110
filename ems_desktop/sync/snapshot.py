"""A new counter's replica: every shared row of the server's database, in the order of the foreign
keys, read in one consistent snapshot with the change-log cursor that goes with it.

Left out: what only the server keeps (the streams it applied, the counters' credentials, its change
log), what only a counter keeps (its outbox, its sync state), and each database's own audit trail
(the journal is chained per database). The number series come along: the server moves each
counter's past the numbers it recorded, so a reinstalled counter goes on from there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import insert, select, text

from ems_desktop.database.engine import Database
from ems_desktop.models import Base
from ems_desktop.models.sync import SyncState
from ems_desktop.services.context import _jsonable
from ems_desktop.sync.rows import from_json, model_of

NOT_COPIED = frozenset({
    "applied_ops", "counter_streams", "counter_credentials", "change_log",  # the server's own
    "outbox_ops", "outbox_heads", "sync_state",                # the counter's own
    "outgoing_messages",                                       # the e-mails the counter sends itself
    "journal_entries", "journal_chains",                       # each database's own audit trail
    "group_place_counts",                                      # counted by each database's triggers
})
_BATCH = 2000
# Below every transaction still running when the snapshot was taken: the pull starts there (rows of
# transactions the snapshot already saw may come again; applying a row twice changes nothing).
_SNAPSHOT_XMIN = text("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
_LAST_SEQ = 2 ** 63 - 1


def copy_shared_rows(source: Database, target: Database) -> int:
    """Copy the shared tables' rows of ``source`` into ``target`` (whose tables are empty), in one
    transaction of the target; returns how many rows were copied."""
    copied = 0
    with source.engine.connect() as reading, target.engine.begin() as writing:
        if target.engine.dialect.name == "sqlite":
            writing.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for table in Base.metadata.sorted_tables:
            if table.name in NOT_COPIED:
                continue
            result = reading.execute(select(table)).mappings()
            while rows := result.fetchmany(_BATCH):
                writing.execute(insert(table), [dict(row) for row in rows])
                copied += len(rows)
    return copied


def snapshot_lines(source: Database) -> Iterator[str]:
    """The server's shared rows as NDJSON lines: first {"cursor"}, then {"table", "rows"} batches,
    all read in one REPEATABLE READ transaction (PostgreSQL)."""
    with source.engine.connect().execution_options(isolation_level="REPEATABLE READ") as reading, reading.begin():
        cursor = f"{reading.execute(select(_SNAPSHOT_XMIN)).scalar_one() - 1}:{_LAST_SEQ}"
        yield json.dumps({"cursor": cursor}) + "\n"
        for table in Base.metadata.sorted_tables:
            if table.name in NOT_COPIED:
                continue
            result = reading.execute(select(table)).mappings()
            while rows := result.fetchmany(_BATCH):
                yield json.dumps({"table": table.name, "rows": _jsonable([dict(r) for r in rows])}) + "\n"


def load_snapshot(target: Database, lines: Iterator[str]) -> int:
    """Fill an empty, migrated replica from ``snapshot_lines``, with its cursor (one transaction)."""
    loaded = 0
    cursor = None
    with target.session() as s:
        s.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for line in lines:
            if not line.strip():
                continue
            part = json.loads(line)
            if "cursor" in part:
                cursor = part["cursor"]
                continue
            model = model_of(part["table"])
            s.execute(insert(model), [from_json(model, row) for row in part["rows"]])
            loaded += len(part["rows"])
        if cursor is None:
            raise ValueError("instantané incomplet : curseur absent")
        s.merge(SyncState(id=1, cursor=cursor, last_error=""))
    return loaded
