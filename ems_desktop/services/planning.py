"""The planning: each group's session dates (its offer's period, its weekday, without the school
holidays of the season's zone and public holidays, with the administrator's changes), a child's
planning with the period's cost and the family's balance, a group's roster, attendance sheets."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ems_desktop.dates import age_on, format_date
from ems_desktop.models import (
    ActivityGroup,
    Child,
    ClosurePeriod,
    Enrollment,
    EnrollmentStatus,
    Guardian,
    ManualHolidayPeriod,
    Offer,
    Season,
    SessionChange,
    SessionException,
)
from ems_desktop.planning import (
    AddedSession,
    Cancellation,
    Closure,
    GroupPattern,
    HolidayCalendar,
    HolidayDataMissing,
    HolidayPeriod,
    Schedule,
    SessionDate,
    SessionPlanner,
    SkippedDate,
)
from ems_desktop.services import permissions
from ems_desktop.services.accounts import balance_of
from ems_desktop.services.central import require_central_database
from ems_desktop.services.context import ServiceContext, planning_version
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed

if TYPE_CHECKING:  # the documents' types, for annotations only (reportlab is imported when used)
    from ems_desktop.reports import data as doc

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class PlanningUnavailable(DomainError):
    """The school holidays of a period are unknown: they must be typed in first."""


# --- Dates ---------------------------------------------------------------------------------------
#
# Schedules are computed a whole season at a time (its ~200 groups share a handful of periods) and
# kept in ``ctx.cache`` under ("planning", …) keys, with the version of the planning data they were
# computed from. Every call reads the current version first (one primary-key lookup of a shared
# setting, see ``context.PLANNING_VERSION_KEY``): any counter's catalog import, zone change or
# planning change writes a new one in its own transaction, so another counter's next call
# recomputes — no restart. This counter's own changes also empty these keys at once.

_CACHE = "planning"
_VERSION = (_CACHE, "version")
_UNSET = object()


def _calendar(ctx: ServiceContext, s: Session, zone: str) -> HolidayCalendar:
    key = (_CACHE, "holidays", zone)
    calendar = ctx.cache.get(key)
    if calendar is None:
        periods = [HolidayPeriod(name, first, last) for name, first, last in s.execute(
            select(ManualHolidayPeriod.name, ManualHolidayPeriod.first_day, ManualHolidayPeriod.last_day)
            .where(ManualHolidayPeriod.zone == zone))]
        calendar = ctx.cache[key] = HolidayCalendar(zone, periods)
    return calendar


def _forget(ctx: ServiceContext) -> None:
    """Empty the planning's cached calendars and schedules (after any planning change)."""
    for key in [k for k in list(ctx.cache) if isinstance(k, tuple) and k and k[0] == _CACHE]:
        ctx.cache.pop(key, None)


def _drop_if_stale(ctx: ServiceContext, s: Session) -> None:
    """Forget the cached schedules and calendars if the planning data changed since (here or on
    another counter). Read before the data itself: a change committed after this read is at worst
    cached under the older version, and recomputed at the next call."""
    version = planning_version(s)
    if ctx.cache.get(_VERSION, _UNSET) != version:
        _forget(ctx)
        ctx.cache[_VERSION] = version


def _same_place(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _compute_season(ctx: ServiceContext, s: Session, season_id: uuid.UUID) -> dict[uuid.UUID, Schedule]:
    zone = s.scalar(select(Season.holiday_zone).where(Season.id == season_id))
    if zone is None:
        raise NotFound("Cette saison n'existe pas (ou plus).")
    groups = s.execute(select(ActivityGroup.id, ActivityGroup.weekday, ActivityGroup.place, Offer.starts_on,
                              Offer.ends_on).join(Offer, Offer.id == ActivityGroup.offer_id)
                       .where(Offer.season_id == season_id)).all()
    cancelled: dict[uuid.UUID, list[Cancellation]] = {}
    added: dict[uuid.UUID, list[AddedSession]] = {}
    for gid, day, kind, reason in s.execute(
            select(SessionException.group_id, SessionException.day, SessionException.kind, SessionException.reason)
            .join(ActivityGroup, ActivityGroup.id == SessionException.group_id)
            .join(Offer, Offer.id == ActivityGroup.offer_id).where(Offer.season_id == season_id)):
        if kind == SessionChange.CANCELLED:
            cancelled.setdefault(gid, []).append(Cancellation(day, reason))
        else:
            added.setdefault(gid, []).append(AddedSession(day, reason))
    closures = s.execute(select(ClosurePeriod.first_day, ClosurePeriod.last_day, ClosurePeriod.reason,
                                ClosurePeriod.group_id, ClosurePeriod.place)
                         .order_by(ClosurePeriod.first_day)).all()
    everywhere = tuple(Closure(c.first_day, c.last_day, c.reason) for c in closures
                       if c.group_id is None and not c.place.strip())
    scoped = [c for c in closures if c.group_id is not None or c.place.strip()]

    def closures_of(gid: uuid.UUID, place: str) -> tuple[Closure, ...]:
        if not scoped:
            return everywhere
        return everywhere + tuple(Closure(c.first_day, c.last_day, c.reason) for c in scoped
                                  if c.group_id == gid or (c.group_id is None and _same_place(c.place, place)))

    patterns = [GroupPattern(key=gid, first_day=first, last_day=last, weekday=weekday,
                             cancelled=tuple(cancelled.get(gid, ())), added=tuple(added.get(gid, ())),
                             closures=closures_of(gid, place))
                for gid, weekday, place, first, last in groups]
    try:
        return SessionPlanner(_calendar(ctx, s, zone)).season(patterns)
    except HolidayDataMissing as missing:
        raise PlanningUnavailable(str(missing)) from missing


def _season(ctx: ServiceContext, s: Session, season_id: uuid.UUID) -> dict[uuid.UUID, Schedule]:
    _drop_if_stale(ctx, s)
    key = (_CACHE, "season", season_id)
    found = ctx.cache.get(key)
    if found is None:
        found = ctx.cache[key] = _compute_season(ctx, s, season_id)
    return found


def schedules(ctx: ServiceContext, s: Session, groups: list[ActivityGroup]) -> dict[uuid.UUID, Schedule]:
    """Schedules of groups (from their seasons' cached schedules). Raises PlanningUnavailable in
    French when the school holidays of a season are unknown."""
    result: dict[uuid.UUID, Schedule] = {}
    for season_id in dict.fromkeys(g.offer.season_id for g in groups):
        season = _season(ctx, s, season_id)
        result.update((g.id, season[g.id]) for g in groups if g.offer.season_id == season_id)
    return result


def season_schedules(ctx: ServiceContext, season_id: uuid.UUID) -> dict[uuid.UUID, Schedule]:
    """Every group's schedule of a season, by group id."""
    with ctx.reading() as s:
        return dict(_season(ctx, s, season_id))


def shared_season_schedules(ctx: ServiceContext, s: Session, season_id: uuid.UUID) -> dict[uuid.UUID, Schedule]:
    """The same, as cached: one object for as long as the planning data does not change, so a
    caller may cache what it derives from it under that object (never modify it)."""
    return _season(ctx, s, season_id)


def group_schedule(ctx: ServiceContext, group_id: uuid.UUID) -> Schedule:
    with ctx.reading() as s:
        season_id = s.scalar(select(Offer.season_id).join(ActivityGroup, ActivityGroup.offer_id == Offer.id)
                             .where(ActivityGroup.id == group_id))
        if season_id is None:
            raise NotFound("Ce groupe n'existe pas (ou plus).")
        return _season(ctx, s, season_id)[group_id]


# --- A child's planning ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanningEntry:
    enrollment_id: uuid.UUID
    group_id: uuid.UUID
    group_label: str
    offer_label: str
    status: str            # confirmed, pending, waiting
    schedule_label: str    # "mercredi 13:30–16:30"
    place: str
    price_cents: int
    sessions: tuple[SessionDate, ...]
    skipped: tuple[SkippedDate, ...] = ()   # the weekdays of the period without a session, and why

    @property
    def held_count(self) -> int:
        return sum(1 for s in self.sessions if s.takes_place)


@dataclass(frozen=True)
class ChildPlanning:
    child_id: uuid.UUID
    child_name: str
    season_label: str
    entries: tuple[PlanningEntry, ...]
    balance_due_cents: int
    unavailable: str = ""  # French message when the holidays of the season are unknown

    @property
    def cost_cents(self) -> int:
        """"Coût de la période": the enrollments of the season the family pays (not the waiting list)."""
        return sum(e.price_cents for e in self.entries if e.status != EnrollmentStatus.WAITING)

    def sessions_on(self, day: dt.date) -> list[tuple[PlanningEntry, SessionDate]]:
        return [(e, s) for e in self.entries for s in e.sessions if s.day == day]

    def skipped_on(self, day: dt.date) -> list[tuple[PlanningEntry, SkippedDate]]:
        return [(e, k) for e in self.entries for k in e.skipped if k.day == day]


def child_planning(ctx: ServiceContext, child_id: uuid.UUID, season_id: uuid.UUID) -> ChildPlanning:
    """The child's enrollments of the season (confirmed, pending payment, waiting list) with their
    sessions, the period's cost and the family's balance due. When the season's school holidays are
    unknown, the entries come without dates and ``unavailable`` says so in French."""
    with ctx.reading() as s:
        child = s.get(Child, child_id)
        season = s.get(Season, season_id)
        if child is None or season is None:
            raise NotFound("Cet enfant ou cette saison n'existe pas (ou plus).")
        now = ctx.now()
        enrollments = [e for e in s.scalars(
            select(Enrollment).join(Offer, Offer.id == Enrollment.offer_id)
            .where(Enrollment.child_id == child_id, Offer.season_id == season_id,
                   Enrollment.status.in_(EnrollmentStatus.ACTIVE))
            .order_by(Offer.starts_on, Offer.position))
            # A pending enrollment whose hold has expired no longer keeps its place.
            if not (e.status == EnrollmentStatus.PENDING and e.hold_expires_at and e.hold_expires_at <= now)]
        unavailable = ""
        found: dict[uuid.UUID, Schedule] = {}
        if enrollments:
            try:
                found = _season(ctx, s, season_id)
            except PlanningUnavailable as missing:
                unavailable = missing.message
        empty = Schedule((), ())
        entries = tuple(
            PlanningEntry(
                e.id, e.group_id, e.group.label, e.group.offer.label, e.status,
                f"{WEEKDAYS[e.group.weekday]} {e.group.start_time:%H:%M}–{e.group.end_time:%H:%M}", e.group.place,
                e.price_cents, found.get(e.group_id, empty).sessions, found.get(e.group_id, empty).skipped)
            for e in enrollments)
        return ChildPlanning(child.id, child.full_name, season.label, entries,
                             balance_of(s, child.family_id).due_cents, unavailable)


# --- Rosters and attendance sheets -------------------------------------------------------------------

@dataclass(frozen=True)
class RosterLine:
    child_id: uuid.UUID
    child_name: str
    age: int
    status: str
    health: str


@dataclass(frozen=True)
class GroupRoster:
    group_id: uuid.UUID
    group_label: str
    offer_label: str
    capacity: int
    enrolled: tuple[RosterLine, ...]   # confirmed, then pending payment
    waiting: tuple[RosterLine, ...]    # in the order they came


def group_roster(ctx: ServiceContext, group_id: uuid.UUID) -> GroupRoster:
    """The children of a group with their ages on the offer's first day: confirmed, then pending
    payment (whose hold still runs); the waiting list apart, first come first."""
    with ctx.reading() as s:
        group = s.get(ActivityGroup, group_id)
        if group is None:
            raise NotFound("Ce groupe n'existe pas (ou plus).")
        rows = s.execute(select(Enrollment, Child).join(Child, Child.id == Enrollment.child_id)
                         .where(Enrollment.group_id == group_id, Enrollment.status.in_(EnrollmentStatus.ACTIVE))
                         .order_by(Child.last_name, Child.first_name)).all()
        first_day = group.offer.starts_on
        now = ctx.now()

        def line(e: Enrollment, c: Child) -> RosterLine:
            health = "; ".join(x for x in (c.health_notes, c.allergies) if x)
            return RosterLine(c.id, c.full_name, age_on(c.birth_date, first_day), e.status, health)

        enrolled = [line(e, c) for e, c in rows if e.status == EnrollmentStatus.CONFIRMED]
        enrolled += [line(e, c) for e, c in rows if e.status == EnrollmentStatus.PENDING
                     and e.hold_expires_at and e.hold_expires_at > now]
        waiting = [line(e, c) for e, c in sorted(rows, key=lambda r: r[0].created_at)
                   if e.status == EnrollmentStatus.WAITING]
        return GroupRoster(group.id, group.label, group.offer.label, group.capacity, tuple(enrolled), tuple(waiting))


def attendance_sheet_data(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date) -> doc.AttendanceSheet:
    """The instructor's sheet for one session, as plain data: the confirmed children, their ages,
    health notes, persons allowed to pick them up, whether they may leave alone, the payer's phone
    for emergencies."""
    # Imported when first used: the documents bring reportlab, ~100 ms at start-up.
    from ems_desktop.reports import data as doc
    from ems_desktop.services.documents import issuer

    schedule = group_schedule(ctx, group_id)
    if day not in schedule.held_days:
        raise ValidationFailed({"day": f"Le groupe n'a pas de séance le {format_date(day)}."})
    with ctx.reading() as s:
        group = s.get(ActivityGroup, group_id)
        if group is None:
            raise NotFound("Ce groupe n'existe pas (ou plus).")
        children = s.scalars(select(Child).join(Enrollment, Enrollment.child_id == Child.id)
                             .where(Enrollment.group_id == group_id, Enrollment.status == EnrollmentStatus.CONFIRMED)
                             .order_by(Child.last_name, Child.first_name)).all()
        rows = []
        for c in children:
            payer = s.scalar(select(Guardian).where(Guardian.family_id == c.family_id, Guardian.is_payer))
            phone = (payer.phone_mobile or payer.phone_work) if payer else ""
            rows.append(doc.AttendanceRow(
                child_name=c.full_name, age=age_on(c.birth_date, day),
                health_notes="; ".join(x for x in (c.health_notes, c.allergies) if x),
                pickup_persons=tuple(f"{p.full_name} ({p.relationship_label}) {p.phone}".replace(" ()", "").strip()
                                     for p in c.pickups),
                may_leave_alone=c.may_leave_alone,
                emergency_phone=phone or (c.family.phone if c.family else "")))
        return doc.AttendanceSheet(
            group_label=group.label, offer_label=group.offer.label, session_date=day, start_time=group.start_time,
            end_time=group.end_time, place=group.place, rows=tuple(rows), issuer=issuer(s), printed_at=ctx.now())


def attendance_sheet(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date) -> bytes:
    """The attendance sheet of a group's session, as PDF bytes."""
    from ems_desktop.reports import render_attendance_sheet  # imported when first used (reportlab)

    return render_attendance_sheet(attendance_sheet_data(ctx, group_id, day))


# --- The administrator's changes -------------------------------------------------------------------

_CHANGE_WHAT = "L'annulation, l'ajout ou le rétablissement d'une séance"


def _check_cancellation(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date, reason: str) -> None:
    """What cancelling a session needs: a reason, the administrator, a session held that day."""
    if not reason.strip():
        raise ValidationFailed({"reason": "Indiquez pourquoi la séance est annulée (intempéries, grève…)."})
    with ctx.reading() as s:  # the role first: a refusal says so before anything else
        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what=_CHANGE_WHAT)
    schedule = group_schedule(ctx, group_id)
    if day not in schedule.held_days:
        raise ValidationFailed({"day": f"Le groupe n'a pas de séance le {format_date(day)}."})


@dataclass(frozen=True)
class CancellationCheck:
    """What a cancellation would concern, for the administrator to confirm it first."""

    group_label: str
    day: dt.date
    reason: str
    enrolled: int  # children enrolled (confirmed, or to pay with their place still held)
    waiting: int


def check_cancellation(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date, reason: str) -> CancellationCheck:
    """Everything ``cancel_session`` would refuse, refused now, without changing anything; and whom
    the cancellation concerns (the question asked before cancelling)."""
    _check_cancellation(ctx, group_id, day, reason)
    roster = group_roster(ctx, group_id)
    return CancellationCheck(roster.group_label, day, reason.strip(), len(roster.enrolled), len(roster.waiting))


def cancel_session(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date, reason: str) -> Schedule:
    """Cancel one session (weather, strike…); the reason shows on the planning."""
    require_central_database(ctx, "Annuler une séance")
    _check_cancellation(ctx, group_id, day, reason)
    return _change(ctx, group_id, day, SessionChange.CANCELLED, reason)


def restore_session(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date) -> Schedule:
    """Take a cancellation back: the session takes place again. The cancellation is removed (and
    its removal journaled), as if it had never been decided."""
    require_central_database(ctx, "Rétablir une séance")
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.ADMINISTRATEUR, what=_CHANGE_WHAT)
        cancellations = uow.session.scalars(select(SessionException).where(
            SessionException.group_id == group_id, SessionException.day == day,
            SessionException.kind == SessionChange.CANCELLED)).all()
        if not cancellations:
            raise ValidationFailed({"day": f"La séance du {format_date(day)} n'est pas annulée : il n'y a rien "
                                           "à rétablir."})
        for old in cancellations:
            uow.session.delete(old)
            uow.record("planning", old.id, "deleted", {"group_id": group_id, "day": day, "kind": old.kind,
                                                       "reason": old.reason})
        uow.touch("planning", group_id)
        _forget(ctx)
    _forget(ctx)
    return group_schedule(ctx, group_id)


def add_session(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date, reason: str) -> Schedule:
    """Add a session (a make-up day…), even on a holiday or a closure: it is an explicit decision."""
    require_central_database(ctx, "Ajouter une séance")
    if not reason.strip():
        raise ValidationFailed({"reason": "Indiquez pourquoi la séance est ajoutée (rattrapage…)."})
    with ctx.reading() as s:  # the role first: a refusal says so before anything else
        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what=_CHANGE_WHAT)
    schedule = group_schedule(ctx, group_id)
    if day in schedule.held_days:
        raise ValidationFailed({"day": f"Le groupe a déjà une séance le {format_date(day)}."})
    return _change(ctx, group_id, day, SessionChange.ADDED, reason)


def _change(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date, kind: str, reason: str) -> Schedule:
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.ADMINISTRATEUR, what=_CHANGE_WHAT)
        # A new decision about a day replaces the previous one (cancelling an added day removes it).
        for old in uow.session.scalars(select(SessionException).where(SessionException.group_id == group_id,
                                                                      SessionException.day == day)):
            uow.session.delete(old)
            uow.record("planning", old.id, "deleted", {"group_id": group_id, "day": day, "kind": old.kind,
                                                       "reason": old.reason})
        change = SessionException(group_id=group_id, day=day, kind=kind, reason=reason.strip(),
                                  created_at=uow.now, agent_id=ctx.actor.agent_id)
        uow.session.add(change)
        uow.session.flush()
        uow.record("planning", change.id, kind, {"group_id": group_id, "day": day, "reason": reason.strip()})
        uow.touch("planning", group_id)
        _forget(ctx)
    _forget(ctx)
    return group_schedule(ctx, group_id)


def add_closure(ctx: ServiceContext, first_day: dt.date, last_day: dt.date, reason: str, *,
                group_id: uuid.UUID | None = None, place: str = "") -> None:
    """Close days (both included): for every group, for the groups meeting at ``place``, or for one
    group. Regular sessions in them disappear; added sessions stand."""
    require_central_database(ctx, "Fermer des jours")
    errors = {}
    if last_day < first_day:
        errors["last_day"] = "La fermeture finit avant de commencer."
    if not reason.strip():
        errors["reason"] = "Indiquez la raison de la fermeture (elle s'affiche sur le planning)."
    if group_id is not None and place.strip():
        errors["place"] = "Une fermeture vaut pour un groupe ou pour un lieu, pas les deux."
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.ADMINISTRATEUR, what="La fermeture de jours")
        if group_id is not None and uow.session.get(ActivityGroup, group_id) is None:
            raise NotFound("Ce groupe n'existe pas (ou plus).")
        closure = ClosurePeriod(first_day=first_day, last_day=last_day, reason=reason.strip(), group_id=group_id,
                                place=place.strip(), created_at=uow.now, agent_id=ctx.actor.agent_id)
        uow.session.add(closure)
        uow.session.flush()
        uow.record("planning", closure.id, "closure", {"first_day": first_day, "last_day": last_day,
                                                       "reason": reason.strip(), "group_id": group_id,
                                                       "place": place.strip()})
        _forget(ctx)
    _forget(ctx)


def add_holiday_period(ctx: ServiceContext, zone: str, name: str, first_day: dt.date, last_day: dt.date) -> None:
    """School holidays of a zone typed by hand, for a school year the holiday package does not know."""
    require_central_database(ctx, "Ajouter des vacances")
    errors = {}
    if zone not in ("A", "B", "C"):
        errors["zone"] = "La zone de vacances scolaires est A, B ou C."
    if not name.strip():
        errors["name"] = "Nommez ces vacances (ex. Vacances de la Toussaint)."
    if last_day < first_day:
        errors["last_day"] = "Les vacances finissent avant de commencer."
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.ADMINISTRATEUR,
                                 what="La saisie de vacances scolaires")
        period = ManualHolidayPeriod(zone=zone, name=name.strip(), first_day=first_day, last_day=last_day,
                                     created_at=uow.now, agent_id=ctx.actor.agent_id)
        uow.session.add(period)
        uow.session.flush()
        uow.record("planning", period.id, "holiday_period", {"zone": zone, "name": name.strip(),
                                                             "first_day": first_day, "last_day": last_day})
        _forget(ctx)
    _forget(ctx)
