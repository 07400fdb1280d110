"""The change journal (outbox): one entry per change, written in the same transaction.

Today it is the audit trail; tomorrow it is what a counter sends to the town's central database.
Each entry has its own UUID, so replaying an entry twice has the effect of replaying it once.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ems_desktop.models.base import Base, IdMixin


class JournalEntry(IdMixin, Base):
    __tablename__ = "journal_entries"
    __table_args__ = (Index("ix_journal_entries_unsent", "sent_at", "recorded_at"),)

    recorded_at: Mapped[dt.datetime]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counters.id"))
    entity: Mapped[str] = mapped_column(String(40))   # "family", "enrollment", "invoice"…
    entity_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(String(40))   # "created", "updated", "confirmed"…
    # The new state of the changed fields (plain JSON: no card data, no secrets).
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    sent_at: Mapped[dt.datetime | None]
