"""What the administrator changes in the planning: a session cancelled (weather, strike) or added,
a closure, and school holidays typed by hand for years the packages do not know."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ems_desktop.models.base import Base, IdMixin


class SessionChange:
    CANCELLED = "cancelled"
    ADDED = "added"


class SessionException(IdMixin, Base):
    __tablename__ = "session_exceptions"

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activity_groups.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12))  # cancelled, added
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))


class ClosurePeriod(IdMixin, Base):
    """No regular session in these days (both included): of every group, of the groups meeting at
    one place (``place``), or of one group (``group_id``)."""

    __tablename__ = "closures"

    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("activity_groups.id"))
    place: Mapped[str] = mapped_column(String(160), default="")  # "" = every place
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))


class ManualHolidayPeriod(IdMixin, Base):
    """School holidays of a zone entered by hand (years the holiday package does not cover)."""

    __tablename__ = "manual_holiday_periods"

    zone: Mapped[str] = mapped_column(String(1))
    name: Mapped[str] = mapped_column(String(80))
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
