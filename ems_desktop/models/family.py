"""Families (dossiers), their guardians and their children."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ems_desktop.models.base import Base, IdMixin


class Family(IdMixin, Base):
    __tablename__ = "families"
    # Search results are shown by name then reference: read in this index's order, the first
    # hundred matches of a common prefix come without sorting every match, and without reading
    # the families' rows (the index holds what the search checks and returns).
    __table_args__ = (Index("ix_families_name_reference", "name", "reference", "archived_at", "search_text", "id"),)

    reference: Mapped[str] = mapped_column(String(20), unique=True)  # human number, e.g. F-000123
    name: Mapped[str] = mapped_column(String(120))
    address_line1: Mapped[str] = mapped_column(String(200), default="")
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    caf_number: Mapped[str] = mapped_column(String(20), default="")
    quotient: Mapped[int | None] = mapped_column(Integer)  # quotient familial (CAF), in euros
    quotient_valid_from: Mapped[dt.date | None] = mapped_column(Date)
    quotient_valid_to: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Lower-case, accent-free words of every searchable field (names, reference, phones, e-mails),
    # kept up to date by the family service so a search is one indexed-free LIKE over one column.
    # Filled by the application (services/families): a wider limit than a typed text's.
    search_text: Mapped[str] = mapped_column(Text, default="", info={"text_limit": 40_000})
    archived_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]

    guardians: Mapped[list[Guardian]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Guardian.position"
    )
    children: Mapped[list[Child]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Child.birth_date"
    )


class Guardian(IdMixin, Base):
    """A responsable of the family; exactly one is the payer."""

    __tablename__ = "guardians"
    # A family's payer as the search results show it, read from this index alone.
    __table_args__ = (Index("ix_guardians_family_id_payer", "family_id", "is_payer", "first_name", "last_name",
                            "phone_mobile", "email"),)

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("families.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    relationship_label: Mapped[str] = mapped_column(String(40), default="")  # mère, père, tuteur…
    is_payer: Mapped[bool] = mapped_column(Boolean, default=False)
    phone_mobile: Mapped[str] = mapped_column(String(30), default="")
    phone_work: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")

    family: Mapped[Family] = relationship(back_populates="guardians")


class Child(IdMixin, Base):
    __tablename__ = "children"
    # A family's children, eldest first, as the search results show them, from this index alone.
    __table_args__ = (Index("ix_children_family_id_birth", "family_id", "birth_date", "first_name"),)

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("families.id"))
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[dt.date] = mapped_column(Date, index=True)  # duplicate-child check
    sex: Mapped[str] = mapped_column(String(1), default="")  # F, M or empty
    school: Mapped[str] = mapped_column(String(120), default="")
    health_notes: Mapped[str] = mapped_column(Text, default="")
    allergies: Mapped[str] = mapped_column(Text, default="")
    photo_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    may_leave_alone: Mapped[bool] = mapped_column(Boolean, default=False)

    family: Mapped[Family] = relationship(back_populates="children")
    pickups: Mapped[list[AuthorizedPickup]] = relationship(
        back_populates="child", cascade="all, delete-orphan", order_by="AuthorizedPickup.position"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class AuthorizedPickup(IdMixin, Base):
    """A person allowed to pick the child up (goes on the attendance sheet)."""

    __tablename__ = "authorized_pickups"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(160))
    relationship_label: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")

    child: Mapped[Child] = relationship(back_populates="pickups")
