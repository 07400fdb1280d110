"""SEPA direct debit: the mandates families sign so that the town collects what they owe, and the
runs that collect it (one pain.008 file each)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ems_desktop.models.base import Base, IdMixin


class MandateSequence:
    FIRST = "FRST"      # no collection made under it yet: the bank wants to know
    RECURRENT = "RCUR"  # collected at least once
    ALL = (FIRST, RECURRENT)


class Mandate(IdMixin, Base):
    """A family's SEPA direct debit mandate: who pays (the account holder), from which account, since
    when; revoked, it is kept (a collection's history names it). At most one in force per family."""

    __tablename__ = "sepa_mandates"
    __table_args__ = (
        Index("uq_sepa_mandates_family_in_force", "family_id", unique=True,
              sqlite_where=text("revoked_at IS NULL"), postgresql_where=text("revoked_at IS NULL")),
    )

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("families.id"))
    # Référence unique du mandat (RUM): unique for the town as creditor, at most 35 characters.
    rum: Mapped[str] = mapped_column(String(35), unique=True)
    debtor_name: Mapped[str] = mapped_column(String(70))  # the account holder, as the bank knows them
    iban: Mapped[str] = mapped_column(String(34))         # compact, upper case, checked (schwifty)
    bic: Mapped[str] = mapped_column(String(11), default="")
    signed_on: Mapped[dt.date] = mapped_column(Date)
    sequence: Mapped[str] = mapped_column(String(4), default=MandateSequence.FIRST)
    revoked_at: Mapped[dt.datetime | None]
    revoked_reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counters.id"))


class DebitItemState:
    PENDING = "pending"    # sent to the bank: the invoice counts as paid, « en cours de prélèvement »
    REJECTED = "rejected"  # the bank returned it: the amount is due again, with the reason
    ALL = (PENDING, REJECTED)


class DebitRun(IdMixin, Base):
    """A direct-debit run: the invoices collected on one date, as one pain.008 file given to the
    bank. The file is kept as built, so the one handed over can be fetched again identically."""

    __tablename__ = "debit_runs"

    # The file's message id (MsgId, 35 characters at most): unique for the town as creditor.
    reference: Mapped[str] = mapped_column(String(35), unique=True)
    collection_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counters.id"))
    total_cents: Mapped[int] = mapped_column(Integer)
    item_count: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(120))
    # Built by the application, about 550 characters a debit: kept whole (services/text_guard).
    file_xml: Mapped[str] = mapped_column(Text, info={"text_limit": 64 * 1024 * 1024})

    items: Mapped[list[DebitItem]] = relationship(back_populates="run", order_by="DebitItem.position")


class DebitItem(IdMixin, Base):
    """One invoice collected in a run: the amount, the mandate and sequence it went under, and what
    the bank said. The payment it recorded settles the invoice; a reject reverses it."""

    __tablename__ = "debit_items"
    __table_args__ = (
        # An invoice is in at most one debit the bank has not returned: never collected twice.
        Index("uq_debit_items_invoice_pending", "invoice_id", unique=True,
              sqlite_where=text("state = 'pending'"), postgresql_where=text("state = 'pending'")),
    )

    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("debit_runs.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"), index=True)
    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("families.id"), index=True)
    mandate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sepa_mandates.id"))
    amount_cents: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[str] = mapped_column(String(4))
    # EndToEndId: the bank's returns name the debit by it.
    end_to_end_id: Mapped[str] = mapped_column(String(35), unique=True)
    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments.id"))
    state: Mapped[str] = mapped_column(String(10), default=DebitItemState.PENDING)
    reject_code: Mapped[str] = mapped_column(String(4), default="")
    reject_reason: Mapped[str] = mapped_column(String(200), default="")
    rejected_at: Mapped[dt.datetime | None]
    reversal_payment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payments.id"))

    run: Mapped[DebitRun] = relationship(back_populates="items")
