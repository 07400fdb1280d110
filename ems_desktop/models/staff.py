"""Who works where: counters (a till with its own number series), agents, shared settings."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ems_desktop.models.base import Base, IdMixin


class Counter(IdMixin, Base):
    """A counter (guichet): one till, one prefix for its document numbers."""

    __tablename__ = "counters"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # Prefix of this counter's invoice/credit-note/receipt numbers, e.g. "A01".
    number_prefix: Mapped[str] = mapped_column(String(12), unique=True)
    created_at: Mapped[dt.datetime]


class Agent(IdMixin, Base):
    """An office agent who signs every change and every payment."""

    __tablename__ = "agents"

    login: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)  # kept equal to "administrateur" in roles
    # What the agent may do (services/permissions.py): "agent", "regisseur", "administrateur".
    roles: Mapped[list[str]] = mapped_column(JSON, default=list, server_default='["agent"]')
    # Log-in hardening: failures in a row (a growing wait, then a lockout an administrator lifts).
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_failed_at: Mapped[dt.datetime | None]
    locked_at: Mapped[dt.datetime | None]
    # Set by an administrator's password reset: the agent chooses a new one at the next log-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime]


class NumberSeries(IdMixin, Base):
    """A continuous, gapless series of document numbers owned by one counter.

    The next value is taken inside the transaction that issues the document, so an abandoned
    checkout consumes nothing and two counters never share a number.
    """

    __tablename__ = "number_series"
    __table_args__ = (UniqueConstraint("counter_id", "kind", name="uq_number_series_counter_kind"),)

    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"))
    kind: Mapped[str] = mapped_column(String(20))  # invoice, credit_note, receipt, family
    next_value: Mapped[int] = mapped_column(Integer, default=1)


class Setting(Base):
    """A setting shared by every counter of the town (the per-counter ones live locally)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
