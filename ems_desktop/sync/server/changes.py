"""The server's change log, read by cursor: what the counters pull.

A page holds rows of finished transactions only (their ``txid`` below the oldest transaction still
running), in (txid, server_seq) order; the cursor is the last row's "txid:server_seq". A transaction
still running when a page is read has a larger txid than every row returned, so its rows come in a
later page: none is skipped, whatever the order of commits.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import select, text, tuple_

from ems_desktop.models.base import JsonObject
from ems_desktop.models.sync import ChangeLogEntry
from ems_desktop.services.context import ServiceContext

_FINISHED = text("change_log.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint")


def parse_cursor(cursor: str) -> tuple[int, int]:
    txid, _, seq = (cursor or "0:0").partition(":")
    return int(txid), int(seq or 0)


@dataclass(frozen=True)
class ChangesPage:
    changes: list[JsonObject]  # {"s", "table", "pk", "action", "row"}
    cursor: str
    has_more: bool


def changes_after(ctx: ServiceContext, cursor: str, limit: int = 1000) -> ChangesPage:
    txid, seq = parse_cursor(cursor)
    with ctx.reading() as s:
        rows = s.execute(select(ChangeLogEntry.txid, ChangeLogEntry.server_seq, ChangeLogEntry.table_name,
                                ChangeLogEntry.row_pk, ChangeLogEntry.action, ChangeLogEntry.row_data)
                         .where(tuple_(ChangeLogEntry.txid, ChangeLogEntry.server_seq) > tuple_(txid, seq), _FINISHED)
                         .order_by(ChangeLogEntry.txid, ChangeLogEntry.server_seq).limit(limit + 1)).all()
    page = rows[:limit]
    changes = [{"s": r.server_seq, "table": r.table_name, "pk": r.row_pk, "action": r.action, "row": r.row_data}
               for r in page]
    last = f"{page[-1].txid}:{page[-1].server_seq}" if page else cursor
    return ChangesPage(changes, last, len(rows) > limit)


class ChangeSignal:
    """Wakes the long-polls when operations were applied (else they look again every second)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._generation = 0

    def notify(self) -> None:
        with self._condition:
            self._generation += 1
            self._condition.notify_all()

    def wait(self, timeout: float) -> None:
        with self._condition:
            generation = self._generation
            self._condition.wait_for(lambda: self._generation != generation, timeout)
