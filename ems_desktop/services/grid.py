"""The enrollment grid of a family for a season: one row per child, one column per offer, and in
each cell the groups the child may join (or why not), with their places left. An offer already
under way says how many sessions are left; one that is over is no longer offered."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ems_desktop.dates import age_on
from ems_desktop.models import (
    ActivityGroup,
    Child,
    Enrollment,
    EnrollmentStatus,
    Family,
    Offer,
    OfferKind,
    Season,
    SeasonStatus,
)
from ems_desktop.rules.age import AgeVerdict, check_age
from ems_desktop.rules.holds import hold_is_active
from ems_desktop.rules.period import PeriodProgress, period_progress
from ems_desktop.rules.pricing import Band, price_for, quotient_in_force
from ems_desktop.services import planning
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.enrollment import GroupAvailability, availability
from ems_desktop.services.errors import DomainError, NotFound


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
    reason: str            # why the child cannot join it: offer over, or age ("" when allowed)
    places: GroupAvailability
    price_cents: int
    schedule: str          # "mercredi 13:30–16:30, Gymnase…"
    progress: PeriodProgress  # this group's sessions left (its own cancellations count)

    @property
    def places_label(self) -> str:
        return places_left_label(self.places)


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
    progress: dict[uuid.UUID, PeriodProgress]  # by offer id, on the day the grid was read

    def cell(self, child_id: uuid.UUID, offer_id: uuid.UUID) -> GridCell:
        return self.cells[(child_id, offer_id)]


def places_left_label(places: GroupAvailability) -> str:
    """"12 places restantes", "1 place restante" or "complet – liste d'attente": the places still
    free (capacity less confirmed and held ones), never the capacity."""
    if places.full:
        return "complet – liste d'attente"
    return "1 place restante" if places.left == 1 else f"{places.left} places restantes"


def places_detail(places: GroupAvailability) -> str:
    """The whole count, for a tooltip: "12 places restantes sur 16 (3 confirmées, 1 réservée…)"."""
    parts = [f"{places.confirmed} confirmée{'s' if places.confirmed > 1 else ''}"]
    if places.held:
        parts.append(f"{places.held} réservée{'s' if places.held > 1 else ''} en attente de paiement")
    if places.waiting:
        parts.append(f"{places.waiting} sur liste d'attente")
    if places.full:
        taken = "la place est prise" if places.capacity == 1 else f"les {places.capacity} places sont prises"
        return f"Complet : {taken} ({', '.join(parts)})"
    return f"{places_left_label(places).capitalize()} sur {places.capacity} ({', '.join(parts)})"


WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def short_offer_label(offer: Offer) -> str:
    """"EMS année 2017/2018 2ème trimestre Ski" → "2ème trimestre Ski"; outings keep their name."""
    label = offer.label
    if offer.kind == "trimester" and offer.season.label in label:
        return label.split(offer.season.label, 1)[1].strip() or label
    return label


def list_seasons(ctx: ServiceContext) -> list[SeasonView]:
    with ctx.reading() as s:
        # A season in preparation or archived is the catalogue's business (Fichier › Catalogue…).
        return [SeasonView(x.id, x.label, x.starts_on, x.ends_on, x.holiday_zone)
                for x in s.scalars(select(Season).where(Season.status == SeasonStatus.OPEN).order_by(Season.starts_on))]


def current_season(seasons: list[SeasonView], today: dt.date) -> SeasonView | None:
    """The season the counter works on today: the one running, else the next, else the last."""
    running = [x for x in seasons if x.starts_on <= today <= x.ends_on]
    upcoming = [x for x in seasons if x.starts_on > today]
    chosen = running or upcoming or seasons[-1:]
    return chosen[0] if chosen else None


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
    archived: bool = False  # no new enrollment; shown only to a child already in it


@dataclass(frozen=True)
class CatalogOffer:
    column: OfferColumn
    groups: tuple[CatalogGroup, ...]
    archived: bool = False  # no new enrollment; shown only to a family with a child in it


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
                    f"{WEEKDAYS[g.weekday]} {g.start_time:%H:%M}–{g.end_time:%H:%M}"
                    + (f", {g.place}" if g.place else ""),
                    g.archived_at is not None,
                ) for g in o.groups),
                o.archived_at is not None)
            for o in offers)
        ctx.cache[key] = cached
    return cached


def _season_progress(ctx: ServiceContext, s: Session, season_id: uuid.UUID, catalog: tuple[CatalogOffer, ...],
                     today: dt.date) -> tuple[dict[uuid.UUID, PeriodProgress], dict[uuid.UUID, PeriodProgress]]:
    """Where each offer and each group of the season stands today (the offer's column, then by
    group), worked out once a day and again only when the planning changes: every family's grid
    shows the same."""
    try:
        schedules = planning.shared_season_schedules(ctx, s, season_id)
    except DomainError:
        schedules = None  # school holidays not typed in yet: the offers' dates decide alone
    key = ("grid_progress", season_id, today)
    cached = ctx.cache.get(key)
    if cached is not None and cached[0] is schedules and schedules is not None:
        return cached[1], cached[2]
    sessions = {gid: schedule.held_days for gid, schedule in (schedules or {}).items()}
    offer_progress: dict[uuid.UUID, PeriodProgress] = {}
    group_progress: dict[uuid.UUID, PeriodProgress] = {}
    for offer in catalog:
        column = offer.column
        offer_progress[column.id] = _progress(column, [g.id for g in offer.groups], sessions, today)
        for g in offer.groups:
            group_progress[g.id] = _progress(column, [g.id], sessions, today)
    ctx.cache[key] = (schedules, offer_progress, group_progress)
    return offer_progress, group_progress


def _progress(column: OfferColumn, group_ids: list[uuid.UUID], sessions: dict[uuid.UUID, tuple[dt.date, ...]],
              today: dt.date) -> PeriodProgress:
    """Where the offer stands for these groups (all of them: the offer's column; one: its choice)."""
    # Weekly sessions are counted for trimesters only: outings and stages fall in the holidays,
    # where the planning counts none; their dates decide.
    days = [d for gid in group_ids for d in sessions.get(gid, ())] if column.kind == OfferKind.TRIMESTER else []
    return period_progress(column.kind, column.starts_on, column.ends_on, today, days)


def enrollment_grid(ctx: ServiceContext, family_id: uuid.UUID, season_id: uuid.UUID) -> EnrollmentGrid:
    now = ctx.now()
    today = ctx.today()
    with ctx.reading() as s:
        family = s.get(Family, family_id)
        season = s.get(Season, season_id)
        if family is None or season is None:
            raise NotFound("Ce dossier famille ou cette saison n'existe pas (ou plus).")
        catalog = season_catalog(ctx, s, season_id)
        offer_progress, group_progress = _season_progress(ctx, s, season_id, catalog, today)
        children = list(s.scalars(select(Child).where(Child.family_id == family_id).order_by(Child.birth_date)))
        places = availability(s, now, season_id=season_id)
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
        # What is archived is offered to no one; a child already in it still sees it.
        catalog = tuple(
            CatalogOffer(o.column, tuple(g for g in o.groups if not g.archived or any(
                e.group_id == g.id for e in enrollments.values())), o.archived)
            for o in catalog if not o.archived or any(e.offer_id == o.column.id for e in enrollments.values()))

        cells = {}
        for offer in catalog:
            column = offer.column
            quotient = quotient_in_force(family.quotient, family.quotient_valid_from, family.quotient_valid_to,
                                         column.starts_on)
            # The same for every child of the family: its price, its places.
            prices = {g.id: price_for(g.price_cents, list(g.bands), quotient) for g in offer.groups}
            group_places = {g.id: places.get(g.id) or GroupAvailability(g.id, g.capacity, 0, 0, 0)
                            for g in offer.groups}
            for child in children:
                # Many groups share an age bracket: each bracket checked once per child.
                verdicts: dict[tuple[int, int, str], AgeVerdict] = {}
                choices = []
                for group in offer.groups:
                    bracket = (group.age_min, group.age_max, group.age_rule)
                    verdict = verdicts.get(bracket)
                    if verdict is None:
                        verdict = verdicts[bracket] = check_age(
                            first_name=child.first_name, birth_date=child.birth_date,
                            offer_first_day=column.starts_on, age_min=group.age_min, age_max=group.age_max,
                            rule=group.age_rule)
                    progress = group_progress[group.id]
                    # An offer that is over is not offered, whatever the child's age.
                    reason = ("Groupe archivé : plus d'inscription." if group.archived or offer.archived
                              else progress.refusal or verdict.reason)
                    choices.append(GroupChoice(
                        group_id=group.id, label=group.label,
                        allowed=verdict.allowed and not progress.over and not (group.archived or offer.archived),
                        reason=reason, places=group_places[group.id], price_cents=prices[group.id],
                        schedule=group.schedule, progress=progress,
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
            children=tuple(GridChild(c.id, c.first_name, c.last_name, c.birth_date,
                                     age_on(c.birth_date, season.starts_on)) for c in children),
            cells=cells,
            progress=offer_progress,
        )
