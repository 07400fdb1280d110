"""E-mails to families (invoices, credit notes, reminders): the outbox of the counter that wrote
them. Each message is stored whole — recipient, subject, body and the PDF rendered when it was
queued — before anything is sent, so the message sent is the one queued, a message written while
the network is down waits here, and a crash loses none.

The outbox is the writing counter's own: it is neither pulled by the other counters nor sent to
the town's server (sync/snapshot.py leaves it out); this counter sends its own messages
(``counter_id``), also on a PostgreSQL shared by several counters."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ems_desktop.models.base import Base, IdMixin


class MessageKind:
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    REMINDER = "reminder"
    ALL = (INVOICE, CREDIT_NOTE, REMINDER)
    LABELS = {INVOICE: "Facture", CREDIT_NOTE: "Avoir", REMINDER: "Relance"}


class MessageState:
    WAITING = "waiting"   # queued, or to be tried again at ``next_attempt_at``
    SENDING = "sending"   # marked (committed) just before the server is spoken to
    SENT = "sent"         # the server took it
    FAILED = "failed"     # refused for good (recipient unknown…): « Renvoyer » puts it back to waiting
    ALL = (WAITING, SENDING, SENT, FAILED)


class OutgoingMessage(IdMixin, Base):
    """One e-mail. Its id is the local part of its Message-ID (``<id@ems-desktop>``): sent again
    after an unclear failure, it carries the same Message-ID."""

    __tablename__ = "outgoing_messages"
    __table_args__ = (
        # The sender's question: this counter's messages due now.
        Index("ix_outgoing_messages_counter_state_next", "counter_id", "state", "next_attempt_at"),
        # The Messagerie of a dossier.
        Index("ix_outgoing_messages_family_created", "family_id", "created_at"),
    )

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("families.id"))
    kind: Mapped[str] = mapped_column(String(20))
    document_id: Mapped[uuid.UUID]        # the invoice or credit note (a reminder: its invoice)
    document_number: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(250))
    body: Mapped[str] = mapped_column(Text)
    attachment_name: Mapped[str] = mapped_column(String(120))
    attachment: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(10), default=MessageState.WAITING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    last_error: Mapped[str] = mapped_column(String(500), default="")  # French, shown to the agent
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counters.id"))
