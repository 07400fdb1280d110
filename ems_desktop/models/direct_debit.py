"""SEPA direct debit: the mandates families sign so that the town collects what they owe."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

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
