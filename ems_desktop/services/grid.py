"""The enrollment grid of a family for a season: one row per child, one column per offer, and in
each cell the groups the child may join (or why not), with their places left."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ems_desktop.dates import age_on
from ems_desktop.models import ActivityGroup, Child, Enrollment, EnrollmentStatus, Family, Offer, Season
from ems_desktop.rules.age import check_age
from ems_desktop.rules.holds import hold_is_active
from ems_desktop.rules.pricing import Band, price_for, quotient_in_force
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.enrollment import GroupAvailability, availability
from ems_desktop.services.errors import NotFound


@dataclass(frozen=True)
class SeasonView:
    id: uuid.UUID
    label: str
    starts_on: dt.date
    ends_on: dt.date
    holiday_zone: str


@dataclass(frozen=True)
class OfferColumn:
    id: uuid.UUID
    label: str
    short_label: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class GroupChoice:
    group_id: uuid.UUID
    label: str
    allowed: bool
    reason: str            # why the child's age does not allow it ("" when allowed)
    places: GroupAvailability
    price_cents: int
    schedule: str          # "mercredi 13:30–16:30, Gymnase…"


@dataclass(frozen=True)
class CurrentEnrollment:
    id: uuid.UUID
    group_id: uuid.UUID
    group_label: str
    status: str
    price_cents: int
    hold_expires_at: dt.datetime | None


@dataclass(frozen=True)
class GridCell:
    child_id: uuid.UUID
    offer_id: uuid.UUID
    current: CurrentEnrollment | None
    choices: tuple[GroupChoice, ...]


@dataclass(frozen=True)
class GridChild:
    id: uuid.UUID
    first_name: str
    last_name: str
    birth_date: dt.date
    age: int


@dataclass(frozen=True)
class EnrollmentGrid:
    family_id: uuid.UUID
    family_name: str
    season: SeasonView
    offers: tuple[OfferColumn, ...]
    children: tuple[GridChild, ...]
    cells: dict[tuple[uuid.UUID, uuid.UUID], GridCell]

    def cell(self, child_id: uuid.UUID, offer_id: uuid.UUID) -> GridCell:
        return self.cells[(child_id, offer_id)]


WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def short_offer_label(offer: Offer) -> str:
    """"EMS année 2017/2018 2ème trimestre Ski" → "2ème trimestre Ski"; outings keep their name."""
    label = offer.label
    if offer.kind == "trimester" and offer.season.label in label:
        return label.split(offer.season.label, 1)[1].strip() or label
    return label


def list_seasons(ctx: ServiceContext) -> list[SeasonView]:
    with ctx.reading() as s:
        return [SeasonView(x.id, x.label, x.starts_on, x.ends_on, x.holiday_zone)
                for x in s.scalars(select(Season).order_by(Season.starts_on))]


def current_season(seasons: list[SeasonView], today: dt.date) -> SeasonView | None:
    """The season the counter works on today: the one running, else the next, else the last."""
    running = [x for x in seasons if x.starts_on <= today <= x.ends_on]
    upcoming = [x for x in seasons if x.starts_on > today]
    return (running or upcoming or seasons[-1:] or [None])[0]


@dataclass(frozen=True)
class CatalogGroup:
    id: uuid.UUID
    label: str
    age_min: int
    age_max: int
    age_rule: str
    capacity: int
    price_cents: int
    bands: tuple[Band, ...]
    schedule: str


@dataclass(frozen=True)
class CatalogOffer:
    column: OfferColumn
    groups: tuple[CatalogGroup, ...]


def season_catalog(ctx: ServiceContext, session: Session, season_id: uuid.UUID) -> tuple[CatalogOffer, ...]:
    """The offers and groups of a season as plain data, cached until the catalog changes."""
    key = ("catalog", season_id)
    cached = ctx.cache.get(key)
    if cached is None:
        offers = session.scalars(
            select(Offer).where(Offer.season_id == season_id).order_by(Offer.position)
            .options(selectinload(Offer.groups).selectinload(ActivityGroup.price_bands), selectinload(Offer.season)))
        cached = tuple(
            CatalogOffer(
                OfferColumn(o.id, o.label, short_offer_label(o), o.kind, o.starts_on, o.ends_on),
                tuple(CatalogGroup(
                    g.id, g.label, g.age_min, g.age_max, g.age_rule, g.capacity, g.price_cents,
                    tuple(Band(b.quotient_min, b.quotient_max, b.price_cents) for b in g.price_bands),
                    f"{WEEKDAYS[g.weekday]} {g.start_time:%H:%M}–{g.end_time:%H:%M}" + (f", {g.place}" if g.place else ""),
                ) for g in o.groups))
            for o in offers)
        ctx.cache[key] = cached
    return cached


def enrollment_grid(ctx: ServiceContext, family_id: uuid.UUID, season_id: uuid.UUID) -> EnrollmentGrid:
    now = ctx.now()
    with ctx.reading() as s:
        family = s.get(Family, family_id)
        season = s.get(Season, season_id)
        if family is None or season is None:
            raise NotFound("Ce dossier famille ou cette saison n'existe pas (ou plus).")
        catalog = season_catalog(ctx, s, season_id)
        children = list(s.scalars(select(Child).where(Child.family_id == family_id).order_by(Child.birth_date)))
        places = availability(s, now, group_ids=[g.id for o in catalog for g in o.groups])
        enrollments = {}
        if children:
            for e in s.scalars(select(Enrollment).where(
                    Enrollment.child_id.in_([c.id for c in children]),
                    Enrollment.offer_id.in_([o.column.id for o in catalog]),
                    Enrollment.status.in_(EnrollmentStatus.ACTIVE))):
                if e.status == EnrollmentStatus.PENDING and not hold_is_active(e.hold_expires_at, now):
                    continue  # its hold ran out: the place is free again
                enrollments[(e.child_id, e.offer_id)] = e
        group_labels = {g.id: g.label for o in catalog for g in o.groups}

        cells = {}
        for offer in catalog:
            column = offer.column
            quotient = quotient_in_force(family.quotient, family.quotient_valid_from, family.quotient_valid_to,
                                         column.starts_on)
            for child in children:
                choices = []
                for group in offer.groups:
                    verdict = check_age(first_name=child.first_name, birth_date=child.birth_date,
                                        offer_first_day=column.starts_on, age_min=group.age_min,
                                        age_max=group.age_max, rule=group.age_rule)
                    choices.append(GroupChoice(
                        group_id=group.id, label=group.label, allowed=verdict.allowed, reason=verdict.reason,
                        places=places.get(group.id) or GroupAvailability(group.id, group.capacity, 0, 0, 0),
                        price_cents=price_for(group.price_cents, list(group.bands), quotient),
                        schedule=group.schedule,
                    ))
                current = enrollments.get((child.id, column.id))
                cells[(child.id, column.id)] = GridCell(
                    child_id=child.id, offer_id=column.id,
                    current=CurrentEnrollment(current.id, current.group_id, group_labels.get(current.group_id, ""),
                                              current.status, current.price_cents, current.hold_expires_at)
                    if current else None,
                    choices=tuple(choices),
                )
        return EnrollmentGrid(
            family_id=family.id, family_name=family.name,
            season=SeasonView(season.id, season.label, season.starts_on, season.ends_on, season.holiday_zone),
            offers=tuple(o.column for o in catalog),
            # The age that matters for this season: at its start (a past season shows the age then).
            children=tuple(GridChild(c.id, c.first_name, c.last_name, c.birth_date, age_on(c.birth_date, season.starts_on))
                           for c in children),
            cells=cells,
        )
