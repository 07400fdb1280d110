"""Enrolling children in groups: age bracket, capacity and waiting list, one group per offer,
2-hour holds on unpaid enrollments, prices by quotient familial."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ems_desktop.config import HOLD_MINUTES
from ems_desktop.dates import paris_today
from ems_desktop.models import (
    ActivityGroup,
    Child,
    Enrollment,
    EnrollmentStatus,
    Family,
    GroupPlaceCount,
    Offer,
    SeasonStatus,
)
from ems_desktop.models.base import JsonObject
from ems_desktop.rules.age import check_age
from ems_desktop.rules.holds import hold_expiry
from ems_desktop.rules.pricing import Band, price_for, quotient_in_force
from ems_desktop.services.context import ServiceContext, UnitOfWork, retry_on_conflict
from ems_desktop.services.errors import AgeNotAllowed, AlreadyEnrolled, DomainError, GroupFull, NotFound
from ems_desktop.services.settings import read_shared

HOLD_EXPIRED_REASON = "Délai de paiement dépassé : place libérée"


@dataclass(frozen=True)
class GroupAvailability:
    group_id: uuid.UUID
    capacity: int
    confirmed: int
    held: int      # pending payment, hold still running
    waiting: int

    @property
    def left(self) -> int:
        return max(0, self.capacity - self.confirmed - self.held)

    @property
    def full(self) -> bool:
        return self.left == 0

    @property
    def label(self) -> str:
        if self.full:
            return "complet – liste d'attente"
        return "1 place" if self.left == 1 else f"{self.left} places"


@dataclass(frozen=True)
class EnrollmentView:
    id: uuid.UUID
    child_id: uuid.UUID
    child_name: str
    family_id: uuid.UUID
    group_id: uuid.UUID
    group_label: str
    offer_id: uuid.UUID
    offer_label: str
    status: str
    price_cents: int
    hold_expires_at: dt.datetime | None
    cancel_reason: str = ""


def _view(e: Enrollment) -> EnrollmentView:
    return EnrollmentView(
        id=e.id, child_id=e.child_id, child_name=e.child.full_name, family_id=e.child.family_id,
        group_id=e.group_id, group_label=e.group.label, offer_id=e.offer_id,
        offer_label=e.group.offer.label, status=e.status, price_cents=e.price_cents,
        hold_expires_at=e.hold_expires_at, cancel_reason=e.cancel_reason,
    )


def availability(session: Session, now: dt.datetime, *, group_ids: Iterable[uuid.UUID] | None = None,
                 season_id: uuid.UUID | None = None) -> dict[uuid.UUID, GroupAvailability]:
    """Places of groups, in two queries whatever the season's size: each group's capacity with
    its confirmed and waiting counts (kept by the database's triggers, migration 0017), then the
    running holds — there are few of those."""
    groups = (select(ActivityGroup.id, ActivityGroup.capacity, GroupPlaceCount.confirmed, GroupPlaceCount.waiting)
              .outerjoin(GroupPlaceCount, GroupPlaceCount.group_id == ActivityGroup.id))
    if group_ids is not None:
        groups = groups.where(ActivityGroup.id.in_(list(group_ids)))
    if season_id is not None:
        groups = groups.join(Offer, Offer.id == ActivityGroup.offer_id).where(Offer.season_id == season_id)
    counted = {gid: (capacity, confirmed or 0, waiting or 0)
               for gid, capacity, confirmed, waiting in session.execute(groups)}
    if not counted:
        return {}
    held = dict.fromkeys(counted, 0)
    # Counted here rather than grouped in SQL: grouping makes SQLite walk every enrollment in
    # group order instead of reading the few running holds through their index.
    for gid in session.scalars(select(Enrollment.group_id)
                               .where(Enrollment.status == EnrollmentStatus.PENDING, Enrollment.hold_expires_at > now)):
        if gid in held:
            held[gid] += 1
    return {gid: GroupAvailability(gid, capacity, confirmed, held[gid], waiting)
            for gid, (capacity, confirmed, waiting) in counted.items()}


def places_left(ctx: ServiceContext, *, group_ids: Iterable[uuid.UUID] | None = None,
                season_id: uuid.UUID | None = None) -> dict[uuid.UUID, GroupAvailability]:
    with ctx.reading() as s:
        return availability(s, ctx.now(), group_ids=group_ids, season_id=season_id)


def lock_group(session: Session, group_id: uuid.UUID) -> ActivityGroup:
    """The group row, locked until the transaction ends: whoever counts its places and takes one
    holds this lock (FOR UPDATE on PostgreSQL; SQLite's write lock is already held)."""
    group = session.scalar(select(ActivityGroup).where(ActivityGroup.id == group_id).with_for_update()
                           .execution_options(populate_existing=True))
    if group is None:
        raise NotFound("Ce groupe n'existe pas (ou plus).")
    return group


def price_of(group: ActivityGroup, family: Family) -> int:
    quotient = quotient_in_force(family.quotient, family.quotient_valid_from, family.quotient_valid_to,
                                 group.offer.starts_on)
    bands = [Band(b.quotient_min, b.quotient_max, b.price_cents) for b in group.price_bands]
    return price_for(group.price_cents, bands, quotient)


@retry_on_conflict
def enroll(ctx: ServiceContext, child_id: uuid.UUID, group_id: uuid.UUID, *,
           waiting_list: bool = False) -> EnrollmentView:
    """Enroll a child (pending payment, holding a place) or, if asked, put it on the waiting list.

    Raises AgeNotAllowed, AlreadyEnrolled, or GroupFull (the agent may then ask for the waiting list).
    """
    with ctx.unit_of_work() as uow:
        view = _enroll(uow, child_id, group_id, waiting_list)
        uow.emit("enrollment.choose_group", _choice_payload(view, waiting_list, replaced=None))
        return view


def _choice_payload(view: EnrollmentView | None, waiting_list: bool, *, replaced: uuid.UUID | None,
                    child_id: uuid.UUID | None = None, offer_id: uuid.UUID | None = None) -> JsonObject:
    """What a choice of group is for the server: the enrollment the counter created (its id, the
    status and hold it decided, the price), the waiting list asked for, the enrollment it replaced."""
    if view is None:
        return {"child_id": child_id, "offer_id": offer_id, "group_id": None, "enrollment_id": None,
                "replaced_enrollment_id": replaced, "waiting_list": waiting_list}
    return {"child_id": view.child_id, "offer_id": view.offer_id, "group_id": view.group_id,
            "enrollment_id": view.id, "status": view.status, "price_cents": view.price_cents,
            "hold_expires_at": view.hold_expires_at, "replaced_enrollment_id": replaced,
            "waiting_list": waiting_list}


@retry_on_conflict
def choose_group(ctx: ServiceContext, child_id: uuid.UUID, offer_id: uuid.UUID, group_id: uuid.UUID | None,
                 *, waiting_list: bool = False) -> EnrollmentView | None:
    """What a cell of the enrollment grid does: the child's group for this offer becomes
    ``group_id`` (None: no group). A not-yet-invoiced enrollment in another group of the offer is
    cancelled in the same transaction, so a refusal leaves the old choice intact."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        # Locked: a checkout confirming it on another counter is waited for, then seen confirmed.
        current = s.scalar(select(Enrollment).where(
            Enrollment.child_id == child_id, Enrollment.offer_id == offer_id,
            Enrollment.status.in_(EnrollmentStatus.ACTIVE)).with_for_update()
            .execution_options(populate_existing=True))
        if current is not None and current.group_id == group_id:
            return _view(current)
        replaced = current.id if current is not None else None
        if current is not None:
            if current.status == EnrollmentStatus.CONFIRMED:
                raise AlreadyEnrolled(
                    f"{current.child.first_name} est déjà inscrit(e) et facturé(e) au groupe "
                    f"« {current.group.label} » : "
                    "pour changer de groupe, annulez d'abord l'inscription par un avoir (onglet Caisse).",
                    field="group")
            was_holding = current.status == EnrollmentStatus.PENDING
            lock_group(s, current.group_id)
            _cancel(uow, current, "Changement de groupe au guichet")
            s.flush()
            if was_holding:
                _offer_freed_places(uow, current.group_id)
        if group_id is None:
            if replaced is not None:
                uow.emit("enrollment.choose_group", _choice_payload(None, waiting_list, replaced=replaced,
                                                                    child_id=child_id, offer_id=offer_id))
            return None
        view = _enroll(uow, child_id, group_id, waiting_list)
        uow.emit("enrollment.choose_group", _choice_payload(view, waiting_list, replaced=replaced))
        return view


def _enroll(uow: UnitOfWork, child_id: uuid.UUID, group_id: uuid.UUID, waiting_list: bool) -> EnrollmentView:
    s = uow.session
    group = lock_group(s, group_id)
    child = s.get(Child, child_id)
    if child is None:
        raise NotFound("Cet enfant n'existe pas (ou plus).")
    offer = group.offer
    season = offer.season
    if season.status != SeasonStatus.OPEN:
        state = "en préparation" if season.status == SeasonStatus.PREPARATION else "archivée"
        raise DomainError(f"La saison {season.label} est {state} : elle n'est pas ouverte aux inscriptions.",
                          field="group")
    if group.archived_at is not None or offer.archived_at is not None:
        what = f"Le groupe « {group.label} »" if group.archived_at is not None else offer.label
        raise DomainError(f"{what} est archivé : plus d'inscription possible.", field="group")
    if paris_today(uow.now) > offer.ends_on:
        # The grid no longer offers it; the rule holds for any caller too.
        raise DomainError(f"{offer.label} est terminé depuis le {offer.ends_on:%d/%m/%Y} : "
                          "plus d'inscription possible.", field="group")
    _release_expired(uow, group_ids=[group.id], child_id=child.id)

    verdict = check_age(first_name=child.first_name, birth_date=child.birth_date,
                        offer_first_day=offer.starts_on, age_min=group.age_min,
                        age_max=group.age_max, rule=group.age_rule)
    if not verdict.allowed:
        raise AgeNotAllowed(verdict.reason, field="group")

    current = s.scalar(select(Enrollment).where(
        Enrollment.child_id == child.id, Enrollment.offer_id == offer.id,
        Enrollment.status.in_(EnrollmentStatus.ACTIVE)))
    if current is not None:
        where = "sur la liste d'attente du groupe" if current.status == EnrollmentStatus.WAITING else "au groupe"
        raise AlreadyEnrolled(
            f"{child.first_name} est déjà inscrit(e) {where} « {current.group.label} » pour "
            f"{offer.label} : un seul groupe par enfant et par dispositif.", field="group")

    places = availability(s, uow.now, group_ids=[group.id])[group.id]
    if places.full and not waiting_list:
        raise GroupFull(f"Le groupe {group.label} est complet : inscription sur liste d'attente ?", field="group")
    status = EnrollmentStatus.WAITING if places.full else EnrollmentStatus.PENDING
    hold = dt.timedelta(minutes=read_shared(s, HOLD_MINUTES))
    enrollment = Enrollment(
        child_id=child.id, group_id=group.id, offer_id=offer.id, status=status,
        price_cents=price_of(group, child.family),
        hold_expires_at=hold_expiry(uow.now, hold) if status == EnrollmentStatus.PENDING else None,
        created_at=uow.now, updated_at=uow.now,
        agent_id=uow.actor.agent_id, counter_id=uow.actor.counter_id,
    )
    s.add(enrollment)
    s.flush()
    uow.record("enrollment", enrollment.id, "created", {
        "child_id": child.id, "group_id": group.id, "offer_id": offer.id, "status": status,
        "price_cents": enrollment.price_cents, "hold_expires_at": enrollment.hold_expires_at,
    })
    uow.touch("places", group.id)
    return _view(enrollment)


@retry_on_conflict
def cancel_enrollment(ctx: ServiceContext, enrollment_id: uuid.UUID, reason: str = "") -> EnrollmentView:
    """Cancel an enrollment not yet invoiced (pending or waiting). The place goes to the first
    child on the waiting list. Confirmed enrollments are cancelled through a credit note."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        group_id = s.scalar(select(Enrollment.group_id).where(Enrollment.id == enrollment_id))
        if group_id is None:
            raise NotFound("Cette inscription n'existe pas (ou plus).")
        lock_group(s, group_id)
        enrollment = s.scalar(select(Enrollment).where(Enrollment.id == enrollment_id).with_for_update()
                              .execution_options(populate_existing=True))
        if enrollment is None:
            raise NotFound("Cette inscription n'existe pas (ou plus).")
        if enrollment.status == EnrollmentStatus.CONFIRMED:
            raise DomainError("Cette inscription est facturée : annulez-la par un avoir.")
        if enrollment.status == EnrollmentStatus.CANCELLED:
            return _view(enrollment)
        _withdraw(uow, enrollment, reason or "Annulée au guichet")
        uow.emit("enrollment.cancel", {"enrollment_id": enrollment.id, "reason": enrollment.cancel_reason})
        return _view(enrollment)


@retry_on_conflict
def release_expired_holds(ctx: ServiceContext) -> int:
    """Release every pending enrollment whose hold has run out; returns how many."""
    with ctx.unit_of_work() as uow:
        released = _release_expired(uow)
        if released:
            uow.emit("enrollment.release_expired", {"enrollment_ids": released})
        return len(released)


def _cancel(uow: UnitOfWork, enrollment: Enrollment, reason: str) -> None:
    enrollment.status = EnrollmentStatus.CANCELLED
    enrollment.cancel_reason = reason
    enrollment.hold_expires_at = None
    enrollment.updated_at = uow.now
    uow.record("enrollment", enrollment.id, "cancelled", {"status": enrollment.status, "reason": reason})
    uow.touch("places", enrollment.group_id)


def _withdraw(uow: UnitOfWork, enrollment: Enrollment, reason: str) -> None:
    """Cancel a pending or waiting enrollment (its group locked by the caller); a place it held
    goes to the first child on the waiting list."""
    was_holding = enrollment.status == EnrollmentStatus.PENDING
    _cancel(uow, enrollment, reason)
    if was_holding:
        _offer_freed_places(uow, enrollment.group_id)


def _release_expired(uow: UnitOfWork, *, group_ids: Iterable[uuid.UUID] | None = None,
                     child_id: uuid.UUID | None = None) -> list[uuid.UUID]:
    """The pending enrollments whose hold ran out, cancelled (their ids); their places go to the
    waiting list."""
    s = uow.session
    query = select(Enrollment).where(Enrollment.status == EnrollmentStatus.PENDING,
                                     Enrollment.hold_expires_at <= uow.now)
    if group_ids is not None:
        query = query.where(Enrollment.group_id.in_(group_ids))
    expired = list(s.scalars(query))
    if child_id is not None:
        expired += [e for e in s.scalars(select(Enrollment).where(
            Enrollment.status == EnrollmentStatus.PENDING, Enrollment.hold_expires_at <= uow.now,
            Enrollment.child_id == child_id)) if e not in expired]
    for enrollment in expired:
        _cancel(uow, enrollment, HOLD_EXPIRED_REASON)
    s.flush()
    for group_id in {e.group_id for e in expired}:
        _offer_freed_places(uow, group_id)
    return [e.id for e in expired]


def _offer_freed_places(uow: UnitOfWork, group_id: uuid.UUID) -> None:
    """Free places go to the waiting list in order of arrival: those children get a pending
    enrollment with a fresh hold, to be paid like any other."""
    s = uow.session
    s.flush()
    places = availability(s, uow.now, group_ids=[group_id])[group_id]
    if places.left == 0 or places.waiting == 0:
        return
    hold = dt.timedelta(minutes=read_shared(s, HOLD_MINUTES))
    waiting = s.scalars(
        select(Enrollment).where(Enrollment.group_id == group_id, Enrollment.status == EnrollmentStatus.WAITING)
        .order_by(Enrollment.created_at, Enrollment.id).limit(places.left)
    )
    for enrollment in waiting:
        enrollment.status = EnrollmentStatus.PENDING
        enrollment.hold_expires_at = hold_expiry(uow.now, hold)
        enrollment.updated_at = uow.now
        uow.record("enrollment", enrollment.id, "offered_from_waiting_list",
                   {"status": enrollment.status, "hold_expires_at": enrollment.hold_expires_at})
    uow.touch("places", group_id)


def enrollments_of_family(ctx: ServiceContext, family_id: uuid.UUID, *,
                          statuses: Iterable[str] = EnrollmentStatus.ACTIVE) -> list[EnrollmentView]:
    with ctx.reading() as s:
        rows = s.scalars(
            select(Enrollment).join(Child, Child.id == Enrollment.child_id)
            .where(Child.family_id == family_id, Enrollment.status.in_(statuses))
            .order_by(Enrollment.created_at)
        )
        return [_view(e) for e in rows]


# --- The pay-now recap ("Inscriptions en paiement immédiat") -----------------------------------

@dataclass(frozen=True)
class RecapLine:
    enrollment_id: uuid.UUID
    offer_label: str
    child_name: str
    group_label: str
    price_cents: int
    hold_expires_at: dt.datetime


@dataclass(frozen=True)
class PayNowRecap:
    family_id: uuid.UUID
    lines: tuple[RecapLine, ...]

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def total_cents(self) -> int:
        return sum(line.price_cents for line in self.lines)

    @property
    def earliest_expiry(self) -> dt.datetime | None:
        return min((line.hold_expires_at for line in self.lines), default=None)

    def summary(self) -> str:
        from ems_desktop.money import format_cents

        if not self.lines:
            return "Aucune inscription en attente de paiement."
        noun = "inscription" if self.count == 1 else "inscriptions"
        return f"{self.count} {noun} pour un montant total de {format_cents(self.total_cents)}"


def pay_now_recap(ctx: ServiceContext, family_id: uuid.UUID) -> PayNowRecap:
    """The family's enrollments waiting for payment whose hold still runs, in the order of the
    offers (1er, 2ème, 3ème trimestre…), then by child."""
    now = ctx.now()
    with ctx.reading() as s:
        rows = s.scalars(
            select(Enrollment).join(Child, Child.id == Enrollment.child_id)
            .join(Offer, Offer.id == Enrollment.offer_id)
            .where(Child.family_id == family_id, Enrollment.status == EnrollmentStatus.PENDING,
                   Enrollment.hold_expires_at > now)
            .order_by(Offer.starts_on, Offer.position, Child.birth_date, Enrollment.created_at))
        lines = []
        for e in rows:
            assert e.hold_expires_at is not None  # the query's condition
            lines.append(RecapLine(e.id, e.group.offer.label, e.child.full_name, e.group.label, e.price_cents,
                                   e.hold_expires_at))
        return PayNowRecap(family_id, tuple(lines))


@dataclass(frozen=True)
class ExpiringHold:
    enrollment_id: uuid.UUID
    family_id: uuid.UUID
    family_name: str
    child_name: str
    group_label: str
    price_cents: int
    hold_expires_at: dt.datetime


def expiring_holds(ctx: ServiceContext, within_minutes: int = 30) -> list[ExpiringHold]:
    """Unpaid enrollments whose reserved place is released within the next minutes."""
    now = ctx.now()
    with ctx.reading() as s:
        rows = s.scalars(
            select(Enrollment).where(Enrollment.status == EnrollmentStatus.PENDING,
                                     Enrollment.hold_expires_at > now,
                                     Enrollment.hold_expires_at <= now + dt.timedelta(minutes=within_minutes))
            .order_by(Enrollment.hold_expires_at))
        holds = []
        for e in rows:
            assert e.hold_expires_at is not None  # the query's condition
            holds.append(ExpiringHold(e.id, e.child.family_id, e.child.family.name, e.child.full_name, e.group.label,
                                      e.price_cents, e.hold_expires_at))
        return holds
