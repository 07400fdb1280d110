"""The planning: each group's session dates (its offer's period, its weekday, without the school
holidays of the season's zone and public holidays, with the administrator's changes), a child's
planning with the period's cost and the family's balance, a group's roster, attendance sheets."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

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
)
from ems_desktop.reports import render_attendance_sheet
from ems_desktop.reports import data as doc
from ems_desktop.services.accounts import balance_of
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.documents import issuer
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class PlanningUnavailable(DomainError):
    """The school holidays of a period are unknown: they must be typed in first."""


# --- Dates ---------------------------------------------------------------------------------------

def _calendar(ctx: ServiceContext, s: Session, zone: str) -> HolidayCalendar:
    key = ("holidays", zone)
    calendar = ctx.cache.get(key)
    if calendar is None:
        periods = [HolidayPeriod(p.name, p.first_day, p.last_day) for p in
                   s.scalars(select(ManualHolidayPeriod).where(ManualHolidayPeriod.zone == zone))]
        calendar = ctx.cache[key] = HolidayCalendar(zone, periods)
    return calendar


def _pattern(group: ActivityGroup, exceptions: list[SessionException], closures: tuple[Closure, ...]) -> GroupPattern:
    offer = group.offer
    return GroupPattern(
        key=group.id, first_day=offer.starts_on, last_day=offer.ends_on, weekday=group.weekday,
        cancelled=tuple(Cancellation(e.day, e.reason) for e in exceptions if e.kind == SessionChange.CANCELLED),
        added=tuple(AddedSession(e.day, e.reason) for e in exceptions if e.kind == SessionChange.ADDED),
        closures=closures,
    )


def _closures(s: Session) -> tuple[Closure, ...]:
    return tuple(Closure(c.first_day, c.last_day, c.reason) for c in s.scalars(select(ClosurePeriod)))


def schedules(ctx: ServiceContext, s: Session, groups: list[ActivityGroup]) -> dict[uuid.UUID, Schedule]:
    """Schedules of groups (of one zone's seasons). Raises PlanningUnavailable in French when the
    school holidays of a period are unknown."""
    if not groups:
        return {}
    exceptions: dict[uuid.UUID, list[SessionException]] = {g.id: [] for g in groups}
    for e in s.scalars(select(SessionException).where(SessionException.group_id.in_(list(exceptions)))):
        exceptions[e.group_id].append(e)
    closures = _closures(s)
    by_zone: dict[str, list[GroupPattern]] = {}
    for g in groups:
        by_zone.setdefault(g.offer.season.holiday_zone, []).append(_pattern(g, exceptions[g.id], closures))
    result = {}
    for zone, patterns in by_zone.items():
        try:
            result.update(SessionPlanner(_calendar(ctx, s, zone)).season(patterns))
        except HolidayDataMissing as missing:
            raise PlanningUnavailable(str(missing)) from missing
    return result


def season_schedules(ctx: ServiceContext, season_id: uuid.UUID) -> dict[uuid.UUID, Schedule]:
    with ctx.reading() as s:
        groups = list(s.scalars(select(ActivityGroup).join(Offer).where(Offer.season_id == season_id)))
        return schedules(ctx, s, groups)


def group_schedule(ctx: ServiceContext, group_id: uuid.UUID) -> Schedule:
    with ctx.reading() as s:
        group = s.get(ActivityGroup, group_id)
        if group is None:
            raise NotFound("Ce groupe n'existe pas (ou plus).")
        return schedules(ctx, s, [group])[group.id]


# --- A child's planning ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanningEntry:
    enrollment_id: uuid.UUID
    group_id: uuid.UUID
    group_label: str
    offer_label: str
    status: str
    schedule_label: str    # "mercredi 13:30–16:30"
    place: str
    price_cents: int
    sessions: tuple[SessionDate, ...]


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


def child_planning(ctx: ServiceContext, child_id: uuid.UUID, season_id: uuid.UUID) -> ChildPlanning:
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
            if not (e.status == EnrollmentStatus.PENDING and e.hold_expires_at and e.hold_expires_at <= now)]
        unavailable = ""
        try:
            found = schedules(ctx, s, [e.group for e in enrollments])
        except PlanningUnavailable as missing:
            found, unavailable = {}, missing.message
        entries = tuple(
            PlanningEntry(
                e.id, e.group_id, e.group.label, e.group.offer.label, e.status,
                f"{WEEKDAYS[e.group.weekday]} {e.group.start_time:%H:%M}–{e.group.end_time:%H:%M}", e.group.place,
                e.price_cents, found[e.group_id].sessions if e.group_id in found else ())
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
    waiting: tuple[RosterLine, ...]


def group_roster(ctx: ServiceContext, group_id: uuid.UUID) -> GroupRoster:
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
        waiting = [line(e, c) for e, c in sorted(rows, key=lambda r: r[0].created_at) if e.status == EnrollmentStatus.WAITING]
        return GroupRoster(group.id, group.label, group.offer.label, group.capacity, tuple(enrolled), tuple(waiting))


def attendance_sheet(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date) -> doc.AttendanceSheet:
    """The instructor's sheet for one session: the confirmed children, ages, health notes,
    persons allowed to pick them up, the payer's phone for emergencies."""
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
            rows.append(doc.AttendanceRow(
                child_name=c.full_name, age=age_on(c.birth_date, day),
                health_notes="; ".join(x for x in (c.health_notes, c.allergies) if x),
                pickup_persons=tuple(f"{p.full_name} ({p.relationship_label}) {p.phone}".replace(" ()", "").strip()
                                     for p in c.pickups),
                may_leave_alone=c.may_leave_alone,
                emergency_phone=(payer.phone_mobile or payer.phone_work) if payer else ""))
        return doc.AttendanceSheet(
            group_label=group.label, offer_label=group.offer.label, session_date=day, start_time=group.start_time,
            end_time=group.end_time, place=group.place, rows=tuple(rows), issuer=issuer(s), printed_at=ctx.now())


def attendance_sheet_pdf(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date) -> bytes:
    return render_attendance_sheet(attendance_sheet(ctx, group_id, day))


# --- The administrator's changes -------------------------------------------------------------------

def _forget_calendars(ctx: ServiceContext) -> None:
    for key in [k for k in ctx.cache if isinstance(k, tuple) and k and k[0] == "holidays"]:
        del ctx.cache[key]


def cancel_session(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date, reason: str) -> Schedule:
    if not reason.strip():
        raise ValidationFailed({"reason": "Indiquez pourquoi la séance est annulée (intempéries, grève…)."})
    schedule = group_schedule(ctx, group_id)
    if day not in {x.day for x in schedule.sessions if x.takes_place}:
        raise ValidationFailed({"day": f"Le groupe n'a pas de séance le {format_date(day)}."})
    return _change(ctx, group_id, day, SessionChange.CANCELLED, reason)


def add_session(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date, reason: str) -> Schedule:
    schedule = group_schedule(ctx, group_id)
    if day in {x.day for x in schedule.sessions if x.takes_place}:
        raise ValidationFailed({"day": f"Le groupe a déjà une séance le {format_date(day)}."})
    return _change(ctx, group_id, day, SessionChange.ADDED, reason)


def _change(ctx: ServiceContext, group_id: uuid.UUID, day: dt.date, kind: str, reason: str) -> Schedule:
    with ctx.unit_of_work() as uow:
        # A new decision about a day replaces the previous one.
        for old in uow.session.scalars(select(SessionException).where(SessionException.group_id == group_id,
                                                                      SessionException.day == day)):
            uow.session.delete(old)
        change = SessionException(group_id=group_id, day=day, kind=kind, reason=reason.strip(),
                                  created_at=uow.now, agent_id=ctx.actor.agent_id)
        uow.session.add(change)
        uow.session.flush()
        uow.record("planning", change.id, kind, {"group_id": group_id, "day": day, "reason": reason.strip()})
        uow.touch("planning", group_id)
    return group_schedule(ctx, group_id)


def add_closure(ctx: ServiceContext, first_day: dt.date, last_day: dt.date, reason: str) -> None:
    errors = {}
    if last_day < first_day:
        errors["last_day"] = "La fermeture finit avant de commencer."
    if not reason.strip():
        errors["reason"] = "Indiquez la raison de la fermeture (elle s'affiche sur le planning)."
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        closure = ClosurePeriod(first_day=first_day, last_day=last_day, reason=reason.strip(),
                                created_at=uow.now, agent_id=ctx.actor.agent_id)
        uow.session.add(closure)
        uow.session.flush()
        uow.record("planning", closure.id, "closure", {"first_day": first_day, "last_day": last_day, "reason": reason})
        uow.touch("planning", closure.id)


def add_holiday_period(ctx: ServiceContext, zone: str, name: str, first_day: dt.date, last_day: dt.date) -> None:
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
        period = ManualHolidayPeriod(zone=zone, name=name.strip(), first_day=first_day, last_day=last_day,
                                     created_at=uow.now, agent_id=ctx.actor.agent_id)
        uow.session.add(period)
        uow.session.flush()
        uow.record("planning", period.id, "holiday_period", {"zone": zone, "name": name, "first_day": first_day,
                                                             "last_day": last_day})
    _forget_calendars(ctx)
