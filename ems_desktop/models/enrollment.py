"""A child in a group: pending payment (holding a place), confirmed, waiting list, cancelled."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ems_desktop.models.base import Base, IdMixin
from ems_desktop.models.catalog import ActivityGroup
from ems_desktop.models.family import Child


class EnrollmentStatus:
    PENDING = "pending"        # waiting for payment; holds a place until hold_expires_at
    CONFIRMED = "confirmed"    # invoiced (paid or to be paid later)
    WAITING = "waiting"        # waiting list of a full group
    CANCELLED = "cancelled"    # by the family, or its hold expired (see cancel_reason)
    ACTIVE = (PENDING, CONFIRMED, WAITING)


class Enrollment(IdMixin, Base):
    __tablename__ = "enrollments"
    __table_args__ = (
        # At most one live enrollment per child and offer, enforced by the database itself.
        Index(
            "uq_enrollments_child_offer_active",
            "child_id",
            "offer_id",
            unique=True,
            sqlite_where=text("status IN ('pending', 'confirmed', 'waiting')"),
            postgresql_where=text("status IN ('pending', 'confirmed', 'waiting')"),
        ),
        Index("ix_enrollments_group_status", "group_id", "status"),
        # Running holds are found without reading the confirmed ones.
        Index("ix_enrollments_status_hold", "status", "hold_expires_at"),
    )

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id"), index=True)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activity_groups.id"))
    # Denormalised from the group so the database can enforce one group per child per offer.
    offer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("offers.id"))
    status: Mapped[str] = mapped_column(String(20))
    price_cents: Mapped[int] = mapped_column(Integer)
    hold_expires_at: Mapped[dt.datetime | None]
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counters.id"))

    child: Mapped[Child] = relationship()
    group: Mapped[ActivityGroup] = relationship()


class GroupPlaceCount(Base):
    """How many children are confirmed and waiting in each group, kept by the database's own
    triggers on ``enrollments`` (migration 0017) in the transaction that changes them, so places
    left are read without counting a season's enrollments. Never written by the application;
    each database keeps its own (not shared by the sync: every replica counts its rows)."""

    __tablename__ = "group_place_counts"

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activity_groups.id"), primary_key=True)
    confirmed: Mapped[int] = mapped_column(Integer, default=0)
    waiting: Mapped[int] = mapped_column(Integer, default=0)
