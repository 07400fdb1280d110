"""What can be booked: seasons, offers (dispositifs), groups and their price bands."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ems_desktop.models.base import Base, IdMixin


class SeasonStatus:
    PREPARATION = "preparation"  # being prepared by an administrator: not in the counters' grids
    OPEN = "open"                # open for enrollment
    ARCHIVED = "archived"        # over: kept, shown nowhere for enrollment
    ALL = (PREPARATION, OPEN, ARCHIVED)


class Season(IdMixin, Base):
    """A school year, e.g. 2017/2018, with the school-holiday zone of the town."""

    __tablename__ = "seasons"

    label: Mapped[str] = mapped_column(String(20), unique=True)  # "2017/2018"
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    holiday_zone: Mapped[str] = mapped_column(String(1), default="A")
    status: Mapped[str] = mapped_column(String(20), default=SeasonStatus.OPEN, server_default=SeasonStatus.OPEN)

    offers: Mapped[list[Offer]] = relationship(
        back_populates="season", cascade="all, delete-orphan", order_by="Offer.position"
    )


class OfferKind:
    TRIMESTER = "trimester"
    STAGE = "stage"      # several days in the holidays
    OUTING = "outing"    # a single dated outing
    ALL = (TRIMESTER, STAGE, OUTING)


class Offer(IdMixin, Base):
    """A dispositif: "EMS année 2017/2018 1er trimestre", "… 2ème trimestre Ski", an outing."""

    __tablename__ = "offers"
    __table_args__ = (UniqueConstraint("season_id", "code", name="uq_offers_season_code"),)

    season_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("seasons.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(160))
    invoice_label: Mapped[str] = mapped_column(String(160))  # "EMS 2017/2018 1er trim."
    kind: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived_at: Mapped[dt.datetime | None]  # archived: no new enrollment, kept with its enrollments

    season: Mapped[Season] = relationship(back_populates="offers")
    groups: Mapped[list[ActivityGroup]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", order_by="ActivityGroup.position"
    )


class AgeRule:
    AGE_AT_START = "age_at_start"  # whole years on the offer's first day (the default)
    BIRTH_YEAR = "birth_year"      # the group takes children born in given years
    ALL = (AGE_AT_START, BIRTH_YEAR)


class ActivityGroup(IdMixin, Base):
    """A group of an offer for an age bracket: "7/11 ans Escalade", 16 places, Wednesdays."""

    __tablename__ = "activity_groups"
    __table_args__ = (UniqueConstraint("offer_id", "label", name="uq_activity_groups_offer_label"),)

    offer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("offers.id"), index=True)
    label: Mapped[str] = mapped_column(String(160))
    activity: Mapped[str] = mapped_column(String(120))
    age_min: Mapped[int] = mapped_column(Integer)
    age_max: Mapped[int] = mapped_column(Integer)
    age_rule: Mapped[str] = mapped_column(String(20), default=AgeRule.AGE_AT_START)
    capacity: Mapped[int] = mapped_column(Integer)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday … 2 = Wednesday
    start_time: Mapped[dt.time] = mapped_column(Time)
    end_time: Mapped[dt.time] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(160), default="")
    price_cents: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived_at: Mapped[dt.datetime | None]  # archived: no new enrollment, kept with its enrollments

    offer: Mapped[Offer] = relationship(back_populates="groups")
    price_bands: Mapped[list[PriceBand]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="PriceBand.quotient_min"
    )


class PriceBand(IdMixin, Base):
    """Price of a group for families whose quotient familial lies in [min, max]."""

    __tablename__ = "price_bands"

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activity_groups.id"), index=True)
    quotient_min: Mapped[int] = mapped_column(Integer)
    quotient_max: Mapped[int | None] = mapped_column(Integer)  # None: no upper bound
    price_cents: Mapped[int] = mapped_column(Integer)

    group: Mapped[ActivityGroup] = relationship(back_populates="price_bands")
