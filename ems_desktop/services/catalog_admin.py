"""The catalog administered in the application (Fichier › Catalogue…, administrateur): seasons,
offers and groups created, edited, archived; quotient-familial bands per season; next season
prepared from this one.

What it refuses, with nothing saved:
- a group's places below those taken (confirmed enrollments and running holds);
- a period or a weekday that removes sessions already sold to confirmed children, unless the
  administrator confirms after being told how many (``confirm_dropped_sessions``);
- an age bracket that excludes children already enrolled, unless the administrator confirms after
  seeing their names (``keep_enrolled``: they stay enrolled);
- deleting anything that has ever had an enrollment (archive it instead).

Every change is journaled and announced (entities "season", "offer", "group"): open grids and
plannings read the catalog again at once. On a synced counter the catalog is changed on the
central database only (services/central.py).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from ems_desktop.dates import parse_date
from ems_desktop.models import (
    ActivityGroup,
    AgeRule,
    Child,
    Enrollment,
    EnrollmentStatus,
    Offer,
    OfferKind,
    PriceBand,
    Season,
    SeasonStatus,
)
from ems_desktop.models.base import Base, JsonObject
from ems_desktop.money import AmountError, format_cents, parse_amount
from ems_desktop.planning.holidays import HolidayDataMissing, school_year_bounds
from ems_desktop.planning.sessions import SessionPlanner
from ems_desktop.rules.age import check_age
from ems_desktop.rules.pricing import Band, bands_problem, price_for
from ems_desktop.rules.text import text_problem
from ems_desktop.services import permissions
from ems_desktop.services.central import require_central_database
from ems_desktop.services.context import ServiceContext, UnitOfWork
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
KIND_LABELS = {OfferKind.TRIMESTER: "Trimestre", OfferKind.STAGE: "Stage", OfferKind.OUTING: "Sortie"}
STATUS_LABELS = {SeasonStatus.PREPARATION: "En préparation", SeasonStatus.OPEN: "Ouverte aux inscriptions",
                 SeasonStatus.ARCHIVED: "Archivée"}
MAX_AGE = 18  # the École Municipale des Sports takes minors
WHAT = "L'administration du catalogue"


class NeedsConfirmation(DomainError):
    """The change is possible but touches children already enrolled: the message says how (French);
    the same call with the confirmation flag named in ``confirm`` goes through."""

    def __init__(self, message: str, *, confirm: str, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.confirm = confirm


# --- what the screen shows -------------------------------------------------------------------------------

@dataclass(frozen=True)
class BandView:
    quotient_min: int
    quotient_max: int | None
    price_cents: int


@dataclass(frozen=True)
class GroupView:
    id: uuid.UUID
    label: str
    activity: str
    age_rule: str
    age_min: int
    age_max: int
    capacity: int
    weekday: int
    start_time: dt.time
    end_time: dt.time
    place: str
    price_cents: int
    bands: tuple[BandView, ...]
    archived: bool
    confirmed: int      # confirmed enrollments
    held: int           # pending ones whose hold runs
    ever_enrolled: bool
    sessions: int | None  # sessions held in the offer's period (None: school holidays unknown)

    @property
    def schedule(self) -> str:
        text = f"{WEEKDAYS[self.weekday]} {self.start_time:%H:%M}–{self.end_time:%H:%M}"
        return f"{text}, {self.place}" if self.place else text

    @property
    def age_text(self) -> str:
        if self.age_rule == AgeRule.BIRTH_YEAR:
            return f"{self.age_min} à {self.age_max} ans dans l'année"
        return f"{self.age_min} à {self.age_max} ans"


@dataclass(frozen=True)
class OfferView:
    id: uuid.UUID
    code: str
    label: str
    invoice_label: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    position: int
    archived: bool
    groups: tuple[GroupView, ...]

    @property
    def sessions(self) -> int | None:
        counts = [g.sessions for g in self.groups if not g.archived and g.sessions is not None]
        return max(counts) if counts else None


@dataclass(frozen=True)
class SeasonView:
    id: uuid.UUID
    label: str
    holiday_zone: str
    status: str
    starts_on: dt.date
    ends_on: dt.date
    offers: tuple[OfferView, ...]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def catalog_overview(ctx: ServiceContext) -> list[SeasonView]:
    """Every season with its offers and groups, their places taken and their session counts."""
    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what=WHAT)
        seasons = list(s.scalars(select(Season).order_by(Season.starts_on)
                                 .options(selectinload(Season.offers).selectinload(Offer.groups)
                                          .selectinload(ActivityGroup.price_bands))))
        taken = _places_taken(s, ctx.now())
        ever = set(s.scalars(select(Enrollment.group_id).distinct()))
        result = []
        for season in seasons:
            planner = _planner(ctx, s, season.holiday_zone)
            offers = []
            for offer in season.offers:
                groups = []
                for g in offer.groups:
                    confirmed, held = taken.get(g.id, (0, 0))
                    groups.append(GroupView(
                        g.id, g.label, g.activity, g.age_rule, g.age_min, g.age_max, g.capacity, g.weekday,
                        g.start_time, g.end_time, g.place, g.price_cents,
                        tuple(BandView(b.quotient_min, b.quotient_max, b.price_cents) for b in g.price_bands),
                        g.archived_at is not None, confirmed, held, g.id in ever,
                        _session_count(planner, offer.starts_on, offer.ends_on, g.weekday, offer.kind)))
                offers.append(OfferView(offer.id, offer.code, offer.label, offer.invoice_label, offer.kind,
                                        offer.starts_on, offer.ends_on, offer.position,
                                        offer.archived_at is not None, tuple(groups)))
            result.append(SeasonView(season.id, season.label, season.holiday_zone, season.status,
                                     season.starts_on, season.ends_on, tuple(offers)))
        return result


def _places_taken(s: Session, now: dt.datetime,
                  group_ids: Iterable[uuid.UUID] | None = None) -> dict[uuid.UUID, tuple[int, int]]:
    from ems_desktop.services.enrollment import availability

    return {gid: (places.confirmed, places.held) for gid, places in availability(s, now, group_ids=group_ids).items()}


def _planner(ctx: ServiceContext, s: Session, zone: str) -> SessionPlanner:
    from ems_desktop.services.planning import _calendar

    return SessionPlanner(_calendar(ctx, s, zone))


def _session_count(planner: SessionPlanner, first: dt.date, last: dt.date, weekday: int,
                   kind: str = OfferKind.TRIMESTER) -> int | None:
    """A trimester's sessions on its weekday, school holidays and public holidays left out; a stage
    or an outing takes place on each day of its period (in the holidays, by design)."""
    if kind != OfferKind.TRIMESTER:
        return max((last - first).days + 1, 0)
    try:
        return len(planner.schedule(first, last, weekday).held_days)
    except (HolidayDataMissing, ValueError):
        return None


def _held_days(planner: SessionPlanner, first: dt.date, last: dt.date, weekday: int,
               kind: str = OfferKind.TRIMESTER) -> set[dt.date]:
    if kind != OfferKind.TRIMESTER:
        return {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}
    try:
        return set(planner.schedule(first, last, weekday).held_days)
    except (HolidayDataMissing, ValueError):
        return set()


# --- the form's values, checked field by field -----------------------------------------------------------

class _Fields:
    """Collects one message per field, in French, like a form shows them."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(self, name: str, value: str, limit: int, *, required: bool = True, label: str = "Ce champ") -> str:
        value = (value or "").strip()
        problem = text_problem(value, limit)
        if problem:
            self.fail(name, problem)
        elif required and not value:
            self.fail(name, f"{label} est obligatoire.")
        return value

    def integer(self, name: str, value: object, *, low: int, high: int, label: str) -> int:
        raw = str(value).strip() if value is not None else ""
        if not raw:
            self.fail(name, f"{label} est obligatoire.")
            return low
        try:
            number = int(raw)
        except ValueError:
            self.fail(name, f"« {raw} » n'est pas un nombre entier.")
            return low
        if not low <= number <= high:
            self.fail(name, f"{label} doit être entre {low} et {high}.")
        return number

    def date(self, name: str, value: str, *, label: str) -> dt.date | None:
        raw = (value or "").strip()
        if not raw:
            self.fail(name, f"{label} est obligatoire (jj/mm/aaaa).")
            return None
        try:
            return parse_date(raw)
        except ValueError:
            self.fail(name, f"« {raw} » n'est pas une date jj/mm/aaaa.")
            return None

    def time(self, name: str, value: str, *, label: str) -> dt.time | None:
        raw = (value or "").strip().lower().replace("h", ":")
        if raw.endswith(":"):
            raw += "00"
        try:
            return dt.datetime.strptime(raw, "%H:%M").time()
        except ValueError:
            self.fail(name, f"{label} : « {value.strip() if value else ''} » n'est pas une heure hh:mm.")
            return None

    def amount(self, name: str, value: str, *, label: str) -> int:
        raw = (value or "").strip()
        if not raw:
            self.fail(name, f"{label} est obligatoire.")
            return 0
        try:
            cents = parse_amount(raw)
        except AmountError as exc:
            self.fail(name, str(exc))
            return 0
        if cents < 0:
            self.fail(name, "Un tarif ne peut pas être négatif.")
        return cents

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


@dataclass(frozen=True)
class SeasonInput:
    label: str
    holiday_zone: str = "A"


@dataclass(frozen=True)
class OfferInput:
    code: str
    label: str
    invoice_label: str
    kind: str
    starts_on: str  # jj/mm/aaaa
    ends_on: str


@dataclass(frozen=True)
class GroupInput:
    label: str
    activity: str
    age_rule: str   # AgeRule.AGE_AT_START: ages on the first day; AgeRule.BIRTH_YEAR: birth years
    age_from: str   # youngest age, or the earliest birth year
    age_to: str     # oldest age, or the latest birth year
    capacity: str
    weekday: int
    start_time: str
    end_time: str
    place: str
    price: str      # "40,00": the price without a valid quotient


def _season_label_problem(label: str) -> str | None:
    match = re.fullmatch(r"(\d{4})/(\d{4})", label)
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        return f"« {label} » n'est pas une saison aaaa/aaaa (ex. 2027/2028)."
    return None


def _check_offer(data: OfferInput) -> tuple[_Fields, JsonObject]:
    fields = _Fields()
    values: JsonObject = {
        "code": fields.text("code", data.code, 40, label="Le code"),
        "label": fields.text("label", data.label, 160, label="Le libellé"),
        "invoice_label": fields.text("invoice_label", data.invoice_label, 160, required=False) or data.label.strip(),
        "kind": data.kind,
        "starts_on": fields.date("starts_on", data.starts_on, label="Le début"),
        "ends_on": fields.date("ends_on", data.ends_on, label="La fin"),
    }
    if data.kind not in OfferKind.ALL:
        fields.fail("kind", "Choisissez le type : trimestre, stage ou sortie.")
    first, last = values["starts_on"], values["ends_on"]
    if first and last:
        if last < first:
            fields.fail("ends_on", "La fin précède le début.")
        elif data.kind == OfferKind.OUTING and first != last:
            fields.fail("ends_on", "Une sortie a lieu un seul jour : la fin est le jour du début.")
    return fields, values


def _check_group(data: GroupInput, offer_first_day: dt.date | None) -> tuple[_Fields, JsonObject]:
    fields = _Fields()
    values: JsonObject = {
        "label": fields.text("label", data.label, 160, label="Le nom du groupe"),
        "activity": fields.text("activity", data.activity, 120, required=False) or data.label.strip(),
        "capacity": fields.integer("capacity", data.capacity, low=1, high=9_999, label="Le nombre de places"),
        "weekday": data.weekday,
        "start_time": fields.time("start_time", data.start_time, label="L'heure de début"),
        "end_time": fields.time("end_time", data.end_time, label="L'heure de fin"),
        "place": fields.text("place", data.place, 160, required=False),
        "price_cents": fields.amount("price", data.price, label="Le tarif"),
        "age_rule": data.age_rule,
    }
    if data.weekday not in range(7):
        fields.fail("weekday", "Choisissez le jour de la semaine.")
    if values["start_time"] and values["end_time"] and values["end_time"] <= values["start_time"]:
        fields.fail("end_time", "L'heure de fin doit suivre l'heure de début.")
    if data.age_rule == AgeRule.BIRTH_YEAR:
        year = offer_first_day.year if offer_first_day else dt.date.today().year
        earliest = fields.integer("age_from", data.age_from, low=year - MAX_AGE, high=year, label="La première année")
        latest = fields.integer("age_to", data.age_to, low=year - MAX_AGE, high=year, label="La dernière année")
        if "age_from" not in fields.errors and "age_to" not in fields.errors and latest < earliest:
            fields.fail("age_to", f"La dernière année de naissance ({latest}) précède la première ({earliest}).")
        values["age_min"], values["age_max"] = year - latest, year - earliest
    elif data.age_rule == AgeRule.AGE_AT_START:
        youngest = fields.integer("age_from", data.age_from, low=0, high=MAX_AGE, label="L'âge minimum")
        oldest = fields.integer("age_to", data.age_to, low=0, high=MAX_AGE, label="L'âge maximum")
        if "age_from" not in fields.errors and "age_to" not in fields.errors and oldest < youngest:
            fields.fail("age_to", f"L'âge maximum ({oldest}) est inférieur à l'âge minimum ({youngest}).")
        values["age_min"], values["age_max"] = youngest, oldest
    else:
        fields.fail("age_rule", "Choisissez comment l'âge est compté.")
    return fields, values


def offer_problems(data: OfferInput) -> dict[str, str]:
    """The offer form's messages, field by field, as each field is left (the rules save_offer applies)."""
    return _check_offer(data)[0].errors


def group_problems(data: GroupInput, offer_first_day: dt.date | None) -> dict[str, str]:
    """The group form's messages, field by field, as each field is left (the rules save_group applies)."""
    return _check_group(data, offer_first_day)[0].errors


def group_input_of(ctx: ServiceContext, group_id: uuid.UUID, **changes: str) -> GroupInput:
    """A stored group as its form holds it, with ``changes`` typed over (scripts, tests)."""
    with ctx.reading() as s:
        group = _stored(s, ActivityGroup, group_id)
        first_day = group.offer.starts_on
        by_years = group.age_rule == AgeRule.BIRTH_YEAR
        values: dict[str, Any] = dict(
            label=group.label, activity=group.activity, age_rule=group.age_rule,
            age_from=str(first_day.year - group.age_max if by_years else group.age_min),
            age_to=str(first_day.year - group.age_min if by_years else group.age_max),
            capacity=str(group.capacity), weekday=group.weekday, start_time=f"{group.start_time:%H:%M}",
            end_time=f"{group.end_time:%H:%M}", place=group.place,
            price=f"{group.price_cents // 100},{group.price_cents % 100:02d}")
    values.update(changes)
    return GroupInput(**values)


def age_fields(group: GroupView, offer_first_day: dt.date) -> tuple[str, str]:
    """What the group form shows in its two age fields: ages, or birth years for a group by years."""
    if group.age_rule == AgeRule.BIRTH_YEAR:
        return str(offer_first_day.year - group.age_max), str(offer_first_day.year - group.age_min)
    return str(group.age_min), str(group.age_max)


# --- seasons ---------------------------------------------------------------------------------------------

@contextmanager
def _admin_unit(ctx: ServiceContext, what: str) -> Iterator[UnitOfWork]:
    """A change of the catalog: on the central database, by an administrator, in one transaction."""
    require_central_database(ctx, what)
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.ADMINISTRATEUR, what=WHAT)
        yield uow


_MISSING = {Season: "Cette saison n'existe pas (ou plus).", Offer: "Ce dispositif n'existe pas (ou plus).",
            ActivityGroup: "Ce groupe n'existe pas (ou plus)."}


M = TypeVar("M", bound=Base)


def _stored(s: Session, model: type[M], row_id: uuid.UUID) -> M:
    row = s.get(model, row_id)
    if row is None:
        raise NotFound(_MISSING[model])
    return row


def create_season(ctx: ServiceContext, data: SeasonInput) -> uuid.UUID:
    """A new, empty season in preparation (hidden from the counters until it is opened)."""
    fields = _Fields()
    label = fields.text("label", data.label, 20, label="La saison")
    label_problem = _season_label_problem(label) if label else None
    if label_problem:
        fields.fail("label", label_problem)
    zone = (data.holiday_zone or "").strip().upper()
    if zone not in ("A", "B", "C"):
        fields.fail("holiday_zone", "Choisissez la zone de vacances scolaires (A, B ou C).")
    fields.raise_if_any()
    with _admin_unit(ctx, "Créer une saison") as uow:
        s = uow.session
        if s.scalar(select(Season.id).where(Season.label == label)) is not None:
            raise ValidationFailed({"label": f"La saison {label} existe déjà."})
        first, last = school_year_bounds(int(label[:4]))
        season = Season(label=label, holiday_zone=zone, starts_on=first, ends_on=last,
                        status=SeasonStatus.PREPARATION)
        s.add(season)
        s.flush()
        uow.record("season", season.id, "created", {"label": label, "zone": zone, "status": season.status})
        return season.id


def set_season_status(ctx: ServiceContext, season_id: uuid.UUID, status: str) -> None:
    """Open a season for enrollment, put it back in preparation, or archive it. A season with
    enrollments still waiting for payment or on a waiting list cannot go back into preparation."""
    if status not in SeasonStatus.ALL:
        raise DomainError("Statut de saison inconnu.")
    with _admin_unit(ctx, "Changer le statut d'une saison") as uow:
        s = uow.session
        season = _stored(s, Season, season_id)
        if season.status == status:
            return
        if status == SeasonStatus.OPEN and not any(
                o.archived_at is None and any(g.archived_at is None for g in o.groups) for o in season.offers):
            raise DomainError(f"La saison {season.label} n'a encore aucun groupe : ajoutez-en avant de l'ouvrir.")
        if status == SeasonStatus.PREPARATION:
            live = s.scalar(select(func.count()).select_from(Enrollment).join(Offer, Offer.id == Enrollment.offer_id)
                            .where(Offer.season_id == season.id, Enrollment.status.in_(EnrollmentStatus.ACTIVE)))
            if live:
                raise DomainError(f"La saison {season.label} compte déjà {live} inscription(s) : elle reste ouverte "
                                  "(archivez-la une fois terminée).")
        before = season.status
        season.status = status
        uow.record("season", season.id, "status_changed", {"label": season.label, "from": before, "to": status})


# --- offers ----------------------------------------------------------------------------------------------

def save_offer(ctx: ServiceContext, season_id: uuid.UUID, offer_id: uuid.UUID | None, data: OfferInput, *,
               confirm_dropped_sessions: bool = False) -> uuid.UUID:
    """Create (``offer_id`` None) or edit an offer. A new period that removes sessions already sold
    to confirmed children raises NeedsConfirmation saying how many, unless confirmed."""
    fields, values = _check_offer(data)
    fields.raise_if_any()
    with _admin_unit(ctx, "Modifier le catalogue") as uow:
        s = uow.session
        season = _stored(s, Season, season_id)
        clash = s.scalar(select(Offer.id).where(Offer.season_id == season_id, Offer.code == values["code"]))
        if clash is not None and clash != offer_id:
            raise ValidationFailed({"code": f"Le code {values['code']} est déjà celui d'un autre dispositif de la "
                                            "saison."})
        if offer_id is None:
            last_position = s.scalar(select(func.coalesce(func.max(Offer.position), -1))
                                     .where(Offer.season_id == season_id))
            assert last_position is not None  # coalesce
            position = last_position + 1
            offer = Offer(season_id=season_id, position=position, **values)
            s.add(offer)
            s.flush()
            action = "created"
        else:
            stored = s.get(Offer, offer_id)
            if stored is None or stored.season_id != season_id:
                raise NotFound("Ce dispositif n'existe pas (ou plus).")
            offer = stored
            if ((offer.starts_on, offer.ends_on) != (values["starts_on"], values["ends_on"])
                    and not confirm_dropped_sessions):
                _refuse_dropped_sessions(ctx, uow, season, [
                    (g, offer.starts_on, offer.ends_on, g.weekday, values["starts_on"], values["ends_on"], g.weekday)
                    for g in offer.groups], field="starts_on")
            for name, value in values.items():
                setattr(offer, name, value)
            action = "updated"
            if offer.kind == OfferKind.OUTING:
                # An outing's groups go out on its day: they follow a new date.
                for group in offer.groups:
                    if group.weekday != offer.starts_on.weekday():
                        group.weekday = offer.starts_on.weekday()
                        uow.record("group", group.id, "updated", {"weekday": group.weekday})
        season.starts_on = min(season.starts_on, offer.starts_on)
        season.ends_on = max(season.ends_on, offer.ends_on)
        uow.record("offer", offer.id, action, {"season": season.label, **values})
        return offer.id


def _refuse_dropped_sessions(ctx: ServiceContext, uow: UnitOfWork, season: Season, changes: list[tuple[Any, ...]], *,
                             field: str) -> None:
    """NeedsConfirmation when (group, old first, old last, old weekday, new first, new last, new
    weekday) changes remove sessions of groups with confirmed children."""
    s = uow.session
    group_ids = [change[0].id for change in changes]
    confirmed = dict(s.execute(select(Enrollment.group_id, func.count()).where(
        Enrollment.group_id.in_(group_ids), Enrollment.status == EnrollmentStatus.CONFIRMED)
        .group_by(Enrollment.group_id)).all())
    planner = _planner(ctx, s, season.holiday_zone)
    dropped_days: set[dt.date] = set()
    children = 0
    for group, old_first, old_last, old_day, new_first, new_last, new_day in changes:
        if not confirmed.get(group.id):
            continue
        kind = group.offer.kind
        dropped = (_held_days(planner, old_first, old_last, old_day, kind)
                   - _held_days(planner, new_first, new_last, new_day, kind))
        if dropped:
            dropped_days |= dropped
            children += confirmed[group.id]
    if dropped_days:
        days = sorted(dropped_days)
        shown = ", ".join(f"{d:%d/%m/%Y}" for d in days[:6]) + (" …" if len(days) > 6 else "")
        raise NeedsConfirmation(
            f"Ce changement supprime {len(days)} séance(s) ({shown}) déjà vendue(s) à {children} enfant(s) "
            "inscrit(s) et facturé(s). Confirmez pour l'enregistrer (prévenez les familles ; un avoir se fait "
            "dans l'onglet Caisse).", confirm="confirm_dropped_sessions", field=field)


def set_offer_archived(ctx: ServiceContext, offer_id: uuid.UUID, archived: bool) -> None:
    """Archive an offer (no new enrollment; its enrollments stay) or bring it back."""
    _set_archived(ctx, Offer, "offer", offer_id, archived)


def delete_offer(ctx: ServiceContext, offer_id: uuid.UUID) -> None:
    """Delete an offer that never had an enrollment (a mistake); otherwise archive it."""
    _delete(ctx, Offer, "offer", offer_id, Enrollment.offer_id,
            "{label} a des inscriptions : il ne peut pas être supprimé. Archivez-le (plus aucune inscription, "
            "l'historique reste).")


def _set_archived(ctx: ServiceContext, model: type[Offer] | type[ActivityGroup], entity: str, row_id: uuid.UUID,
                  archived: bool) -> None:
    with _admin_unit(ctx, "Modifier le catalogue") as uow:
        row = _stored(uow.session, model, row_id)
        row.archived_at = uow.now if archived else None
        uow.record(entity, row.id, "archived" if archived else "restored", {"label": row.label})


def _delete(ctx: ServiceContext, model: type[Offer] | type[ActivityGroup], entity: str, row_id: uuid.UUID,
            used_by: InstrumentedAttribute[Any], refusal: str) -> None:
    """Delete a row no enrollment ever named (``used_by``: the enrollments' column naming it)."""
    with _admin_unit(ctx, "Modifier le catalogue") as uow:
        s = uow.session
        row = _stored(s, model, row_id)
        if s.scalar(select(Enrollment.id).where(used_by == row_id).limit(1)) is not None:
            raise DomainError(refusal.format(label=row.label))
        if isinstance(row, Offer):
            for group in row.groups:
                uow.record("group", group.id, "deleted", {"label": group.label})
        uow.record(entity, row.id, "deleted", {"label": row.label})
        s.delete(row)


# --- groups ----------------------------------------------------------------------------------------------

def save_group(ctx: ServiceContext, offer_id: uuid.UUID, group_id: uuid.UUID | None, data: GroupInput, *,
               keep_enrolled: bool = False, confirm_dropped_sessions: bool = False) -> uuid.UUID:
    """Create (``group_id`` None) or edit a group. Refuses places below those taken; an age bracket
    excluding children already enrolled raises NeedsConfirmation with their names (unless
    ``keep_enrolled``: they stay enrolled); a new weekday removing sold sessions too."""
    with _admin_unit(ctx, "Modifier le catalogue") as uow:
        s = uow.session
        offer = _stored(s, Offer, offer_id)
        fields, values = _check_group(data, offer.starts_on)
        if offer.kind == OfferKind.OUTING and values["weekday"] != offer.starts_on.weekday():
            fields.fail("weekday", f"La sortie a lieu le {offer.starts_on:%d/%m/%Y}, un "
                                   f"{WEEKDAYS[offer.starts_on.weekday()]} : choisissez ce jour.")
        fields.raise_if_any()
        clash = s.scalar(select(ActivityGroup.id).where(ActivityGroup.offer_id == offer_id,
                                                         ActivityGroup.label == values["label"]))
        if clash is not None and clash != group_id:
            raise ValidationFailed({"label": f"Le dispositif a déjà un groupe « {values['label']} »."})
        if group_id is None:
            position = len(offer.groups)
            group = ActivityGroup(offer_id=offer_id, position=position, **values)
            s.add(group)
            s.flush()
            action = "created"
        else:
            # Locked like an enrollment locks it: no place is taken between this count and the new capacity.
            from ems_desktop.services.enrollment import lock_group

            group = lock_group(s, group_id)
            if group.offer_id != offer_id:
                raise NotFound("Ce groupe n'existe pas (ou plus).")
            confirmed, held = _places_taken(s, uow.now, [group.id]).get(group.id, (0, 0))
            if values["capacity"] < confirmed + held:
                counted = f"{confirmed} inscription(s) confirmée(s)" + (
                    f" et {held} place(s) réservée(s) en attente de paiement" if held else "")
                raise ValidationFailed({"capacity": (
                    f"Le groupe compte {counted} : il lui faut au moins {confirmed + held} places. Annulez d'abord "
                    "les inscriptions en trop, ou gardez assez de places.")})
            if not keep_enrolled:
                _refuse_excluded_children(s, group, offer, values)
            if values["weekday"] != group.weekday and not confirm_dropped_sessions:
                _refuse_dropped_sessions(ctx, uow, offer.season, [
                    (group, offer.starts_on, offer.ends_on, group.weekday, offer.starts_on, offer.ends_on,
                     values["weekday"])], field="weekday")
            for name, value in values.items():
                setattr(group, name, value)
            action = "updated"
        uow.record("group", group.id, action, {"offer": offer.code, **values})
        uow.touch("places", group.id)
        return group.id


def _refuse_excluded_children(s: Session, group: ActivityGroup, offer: Offer, values: JsonObject) -> None:
    rows = s.execute(select(Child.first_name, Child.last_name, Child.birth_date)
                     .join(Enrollment, Enrollment.child_id == Child.id)
                     .where(Enrollment.group_id == group.id, Enrollment.status.in_(EnrollmentStatus.ACTIVE))
                     .order_by(Child.last_name, Child.first_name)).all()
    excluded = [f"{first} {last} ({born:%d/%m/%Y})" for first, last, born in rows
                if not check_age(first_name=first, birth_date=born, offer_first_day=offer.starts_on,
                                 age_min=values["age_min"], age_max=values["age_max"], rule=values["age_rule"]).allowed]
    if excluded:
        shown = ", ".join(excluded[:10]) + (f" … et {len(excluded) - 10} autre(s)" if len(excluded) > 10 else "")
        raise NeedsConfirmation(
            f"Cette tranche d'âge exclut {len(excluded)} enfant(s) déjà inscrit(s) : {shown}. Confirmez pour "
            "l'enregistrer : ces enfants restent inscrits.", confirm="keep_enrolled", field="age_from")


def set_group_archived(ctx: ServiceContext, group_id: uuid.UUID, archived: bool) -> None:
    """Archive a group (no new enrollment; its enrollments stay) or bring it back."""
    _set_archived(ctx, ActivityGroup, "group", group_id, archived)


def delete_group(ctx: ServiceContext, group_id: uuid.UUID) -> None:
    """Delete a group that never had an enrollment (a mistake); otherwise archive it."""
    _delete(ctx, ActivityGroup, "group", group_id, Enrollment.group_id,
            "Le groupe « {label} » a des inscriptions : il ne peut pas être supprimé. Archivez-le (plus aucune "
            "inscription, l'historique reste).")


# --- quotient-familial bands, per season ----------------------------------------------------------------

@dataclass(frozen=True)
class SeasonPrices:
    """A season's bands: the quotient bounds shared by its groups, and per group its price without a
    valid quotient (``default_cents``) and one price per band (None: the default price applies)."""

    bounds: tuple[tuple[int, int | None], ...]
    prices: dict[uuid.UUID, tuple[int, tuple[int | None, ...]]] = field(default_factory=dict)


def season_prices(ctx: ServiceContext, season_id: uuid.UUID) -> SeasonPrices:
    """The season's bands as the editor shows them: the union of its groups' bounds."""
    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what=WHAT)
        groups = list(s.scalars(select(ActivityGroup).join(Offer).where(Offer.season_id == season_id)
                                .order_by(Offer.position, ActivityGroup.position)
                                .options(selectinload(ActivityGroup.price_bands))))
        bounds = sorted({(b.quotient_min, b.quotient_max) for g in groups for b in g.price_bands},
                        key=lambda pair: pair[0])
        prices = {}
        for g in groups:
            by_bounds = {(b.quotient_min, b.quotient_max): b.price_cents for b in g.price_bands}
            prices[g.id] = (g.price_cents, tuple(by_bounds.get(pair) for pair in bounds))
        return SeasonPrices(tuple(bounds), prices)


def save_season_prices(ctx: ServiceContext, season_id: uuid.UUID, bounds: list[tuple[str, str]],
                       prices: dict[uuid.UUID, tuple[str, list[str]]]) -> None:
    """Replace the season's bands: ``bounds`` as typed ("0", "700"; an empty maximum: no upper
    bound), ``prices`` per group (default price, one price per band — empty: the default). Prices
    already given to enrolled children do not change (each enrollment keeps its price)."""
    fields = _Fields()
    parsed_bounds: list[tuple[int, int | None]] = []
    for index, (low, high) in enumerate(bounds):
        minimum = fields.integer(f"band{index}.min", low, low=0, high=100000, label="Le quotient minimum")
        maximum = None
        if (high or "").strip():
            maximum = fields.integer(f"band{index}.max", high, low=0, high=100000, label="Le quotient maximum")
        parsed_bounds.append((minimum, maximum))
    if not fields.errors:
        problem = bands_problem([Band(low, high, 0) for low, high in parsed_bounds])
        if problem:
            fields.fail("bands", problem[0].upper() + problem[1:] + ".")
    parsed: dict[uuid.UUID, tuple[int, list[int | None]]] = {}
    for group_id, (default, band_prices) in prices.items():
        default_cents = fields.amount(f"{group_id}.default", default, label="Le tarif sans quotient")
        cells = []
        for index, text in enumerate(band_prices):
            cells.append(fields.amount(f"{group_id}.band{index}", text, label="Le tarif")
                         if (text or "").strip() else None)
        parsed[group_id] = (default_cents, cells)
    fields.raise_if_any()
    with _admin_unit(ctx, "Modifier les tarifs") as uow:
        s = uow.session
        groups = {g.id: g for g in s.scalars(select(ActivityGroup).join(Offer).where(Offer.season_id == season_id))}
        for group_id, (default_cents, cells) in parsed.items():
            group = groups.get(group_id)
            if group is None:
                raise NotFound("Un groupe de cette saison n'existe plus : rouvrez les tarifs.")
            group.price_cents = default_cents
            group.price_bands = [PriceBand(quotient_min=low, quotient_max=high, price_cents=cents)
                                 for (low, high), cents in zip(parsed_bounds, cells, strict=False) if cents is not None]
            uow.record("group", group.id, "prices_changed", {
                "price_cents": default_cents,
                "bands": [[low, high, cents] for (low, high), cents in zip(parsed_bounds, cells, strict=False)
                          if cents is not None]})


def price_examples(default_cents: int, bands: list[tuple[int, int | None, int]],
                   quotients: tuple[int | None, ...] = (450, 950, None)) -> list[tuple[str, str]]:
    """What example families would pay: (family, price) in French, for the editor's preview."""
    usable = [Band(low, high, cents) for low, high, cents in bands]
    examples = []
    for quotient in quotients:
        who = f"Famille au quotient {quotient}" if quotient is not None else "Famille sans quotient valide"
        examples.append((who, format_cents(price_for(default_cents, usable, quotient))))
    return examples


# --- next season -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OfferCopy:
    source_id: uuid.UUID
    code: str
    label: str
    invoice_label: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    groups: int
    sessions_before: int | None
    sessions: int | None  # with the new school year's holidays (None: unknown yet)


@dataclass(frozen=True)
class SeasonCopy:
    source_label: str
    label: str
    holiday_zone: str
    offers: tuple[OfferCopy, ...]
    problem: str = ""  # why it cannot be created (already there, holidays unknown), French


def shift_to_next_year(day: dt.date) -> dt.date:
    """The same weekday a year later: 52 or 53 weeks on, whichever lands nearer the same date."""
    try:
        same_date = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        same_date = day.replace(year=day.year + 1, day=28)
    return min((day + dt.timedelta(weeks=weeks) for weeks in (52, 53)), key=lambda moved: abs(moved - same_date))


def _next_text(text: str, old_first: dt.date, new_first: dt.date, year: int) -> str:
    """A code or label with its dates and years moved on: "EMS-2026-T1" → "EMS-2027-T1",
    "EMS année 2026/2027" → "EMS année 2027/2028", "Sortie 11/08/2027" → "Sortie 09/08/2028",
    "U-2027-08-11" → "U-2028-08-09"."""

    def years_on(part: str) -> str:
        # Both years of the season at once, so that 2026 → 2027 is not moved again to 2028.
        return re.sub(rf"(?<!\d)({year}|{year + 1})(?!\d)", lambda m: str(int(m.group(1)) + 1), part)

    dates = {f"{old_first:{form}}": f"{new_first:{form}}" for form in ("%d/%m/%Y", "%Y-%m-%d")}
    parts = re.split("(" + "|".join(map(re.escape, dates)) + ")", text)
    return "".join(dates.get(part) or years_on(part) for part in parts)


def plan_next_season(ctx: ServiceContext, season_id: uuid.UUID) -> SeasonCopy:
    """What "Préparer la saison suivante" would create, nothing saved: each offer's new code,
    label, dates (same weekdays) and its session count with the new year's school holidays."""
    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what=WHAT)
        return _plan(ctx, s, season_id)


def _plan(ctx: ServiceContext, s: Session, season_id: uuid.UUID) -> SeasonCopy:
    season = s.scalar(select(Season).where(Season.id == season_id)
                      .options(selectinload(Season.offers).selectinload(Offer.groups)))
    if season is None:
        raise NotFound("Cette saison n'existe pas (ou plus).")
    year = int(season.label[:4])
    label = f"{year + 1}/{year + 2}"
    planner = _planner(ctx, s, season.holiday_zone)
    copies = []
    unknown = False
    for offer in season.offers:
        if offer.archived_at is not None:
            continue
        first = shift_to_next_year(offer.starts_on)
        last = first + (offer.ends_on - offer.starts_on)
        groups = [g for g in offer.groups if g.archived_at is None]
        weekday = groups[0].weekday if groups else first.weekday()
        sessions = _session_count(planner, first, last, weekday, offer.kind)
        unknown = unknown or sessions is None
        copies.append(OfferCopy(
            offer.id, _next_text(offer.code, offer.starts_on, first, year),
            _next_text(offer.label, offer.starts_on, first, year),
            _next_text(offer.invoice_label, offer.starts_on, first, year), offer.kind, first, last, len(groups),
            _session_count(planner, offer.starts_on, offer.ends_on, weekday, offer.kind), sessions))
    problem = ""
    if s.scalar(select(Season.id).where(Season.label == label)) is not None:
        problem = f"La saison {label} existe déjà : ouvrez-la dans le catalogue."
    elif unknown:
        problem = (f"Les vacances scolaires de {label} (zone {season.holiday_zone}) ne sont pas encore connues : "
                   "saisissez-les dans Planning › Vacances, ou attendez la mise à jour de l'application.")
    return SeasonCopy(season.label, label, season.holiday_zone, tuple(copies), problem)


def create_next_season(ctx: ServiceContext, season_id: uuid.UUID) -> uuid.UUID:
    """The next season, copied from this one (offers, groups, prices and bands; archived ones left
    out), in preparation: reviewed and opened by the administrator."""
    with _admin_unit(ctx, "Préparer la saison suivante") as uow:
        s = uow.session
        plan = _plan(ctx, s, season_id)
        if plan.problem:
            raise DomainError(plan.problem)
        source = s.get_one(Season, season_id)
        first, last = school_year_bounds(int(plan.label[:4]))
        season = Season(label=plan.label, holiday_zone=source.holiday_zone, status=SeasonStatus.PREPARATION,
                        starts_on=min([first] + [c.starts_on for c in plan.offers]),
                        ends_on=max([last] + [c.ends_on for c in plan.offers]))
        s.add(season)
        s.flush()
        uow.record("season", season.id, "prepared", {"label": season.label, "from": source.label,
                                                     "zone": season.holiday_zone})
        offers = {o.id: o for o in source.offers}
        for position, copy in enumerate(plan.offers):
            old = offers[copy.source_id]
            offer = Offer(season_id=season.id, code=copy.code, label=copy.label, invoice_label=copy.invoice_label,
                          kind=copy.kind, starts_on=copy.starts_on, ends_on=copy.ends_on, position=position)
            s.add(offer)
            s.flush()
            uow.record("offer", offer.id, "created", {"season": season.label, "code": offer.code,
                                                      "starts_on": offer.starts_on, "ends_on": offer.ends_on})
            for g in (g for g in old.groups if g.archived_at is None):
                group = ActivityGroup(
                    offer_id=offer.id, label=g.label, activity=g.activity, age_min=g.age_min, age_max=g.age_max,
                    age_rule=g.age_rule, capacity=g.capacity, weekday=g.weekday, start_time=g.start_time,
                    end_time=g.end_time, place=g.place, price_cents=g.price_cents, position=g.position,
                    price_bands=[PriceBand(quotient_min=b.quotient_min, quotient_max=b.quotient_max,
                                           price_cents=b.price_cents) for b in g.price_bands])
                s.add(group)
                s.flush()
                uow.record("group", group.id, "created", {"offer": offer.code, "label": group.label})
        return season.id
