"""A new counter's replica: every shared row of the server's database copied into the counter's
own (migrated, empty) SQLite file, in the order of the foreign keys.

Left out: what only the server keeps (the streams it applied, the counters' credentials), what only
a counter keeps (its outbox), and each database's own audit trail (the journal is chained per
database). The number series come along: the server moves each counter's past the numbers it
recorded, so a reinstalled counter goes on from there.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from ems_desktop.database.engine import Database
from ems_desktop.models import Base

NOT_COPIED = frozenset({
    "applied_ops", "counter_streams", "counter_credentials", "change_log",  # the server's own
    "outbox_ops", "outbox_heads", "sync_state",                # the counter's own
    "journal_entries", "journal_chains",                       # each database's own audit trail
})
_BATCH = 2000


def copy_shared_rows(source: Database, target: Database) -> int:
    """Copy the shared tables' rows of ``source`` into ``target`` (whose tables are empty), in one
    transaction of the target read in one of the source; returns how many rows were copied."""
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
