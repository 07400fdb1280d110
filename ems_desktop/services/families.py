"""Family dossiers: create, update, read. Every write keeps the family's search key up to date."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from ems_desktop.dates import age_on, paris_today
from ems_desktop.models import AuthorizedPickup, Child, Counter, Family, Guardian
from ems_desktop.models.base import JsonObject
from ems_desktop.rules import family as rules
from ems_desktop.rules.search import family_search_text
from ems_desktop.rules.text import text_problem
from ems_desktop.services.context import ServiceContext, UnitOfWork
from ems_desktop.services.errors import NotFound, ValidationFailed
from ems_desktop.services.numbering import take_number
from ems_desktop.services.text_guard import limit_of
from ems_desktop.sync.facts import dossier_edit, dossier_rows


@dataclass(frozen=True)
class GuardianInput:
    first_name: str
    last_name: str
    is_payer: bool = False
    relationship: str = ""
    phone_mobile: str = ""
    phone_work: str = ""
    email: str = ""


@dataclass(frozen=True)
class PickupInput:
    full_name: str
    relationship: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ChildInput:
    first_name: str
    last_name: str
    birth_date: dt.date | None
    sex: str = ""
    school: str = ""
    health_notes: str = ""
    allergies: str = ""
    photo_allowed: bool = False
    may_leave_alone: bool = False
    pickups: tuple[PickupInput, ...] = ()
    id: uuid.UUID | None = None  # set when editing an existing child


@dataclass(frozen=True)
class FamilyInput:
    name: str
    guardians: tuple[GuardianInput, ...]
    children: tuple[ChildInput, ...] = ()
    address_line1: str = ""
    address_line2: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    caf_number: str = ""
    quotient: int | None = None
    quotient_valid_from: dt.date | None = None
    quotient_valid_to: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class ChildView:
    id: uuid.UUID
    first_name: str
    last_name: str
    birth_date: dt.date
    age: int
    sex: str
    school: str
    health_notes: str
    allergies: str
    photo_allowed: bool
    may_leave_alone: bool
    pickups: tuple[PickupInput, ...]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class FamilyView:
    id: uuid.UUID
    reference: str
    name: str
    guardians: tuple[GuardianInput, ...]
    children: tuple[ChildView, ...]
    address_line1: str
    address_line2: str
    postal_code: str
    city: str
    phone: str
    email: str
    caf_number: str
    quotient: int | None
    quotient_valid_from: dt.date | None
    quotient_valid_to: dt.date | None
    notes: str
    archived: bool
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def payer(self) -> GuardianInput | None:
        return next((g for g in self.guardians if g.is_payer), self.guardians[0] if self.guardians else None)


def _text_fields(data: FamilyInput) -> Iterator[tuple[str, str, InstrumentedAttribute[Any], bool]]:
    """Every text of a dossier with its key, its column (whose length is the limit) and whether
    it may span several lines."""
    yield from (("name", data.name, Family.name, False),
                ("address_line1", data.address_line1, Family.address_line1, False),
                ("address_line2", data.address_line2, Family.address_line2, False),
                ("postal_code", data.postal_code, Family.postal_code, False), ("city", data.city, Family.city, False),
                ("phone", data.phone, Family.phone, False), ("email", data.email, Family.email, False),
                ("caf_number", data.caf_number, Family.caf_number, False), ("notes", data.notes, Family.notes, True))
    for i, g in enumerate(data.guardians):
        yield from ((f"guardians.{i}.first_name", g.first_name, Guardian.first_name, False),
                    (f"guardians.{i}.last_name", g.last_name, Guardian.last_name, False),
                    (f"guardians.{i}.relationship", g.relationship, Guardian.relationship_label, False),
                    (f"guardians.{i}.phone_mobile", g.phone_mobile, Guardian.phone_mobile, False),
                    (f"guardians.{i}.phone_work", g.phone_work, Guardian.phone_work, False),
                    (f"guardians.{i}.email", g.email, Guardian.email, False))
    for i, c in enumerate(data.children):
        yield from ((f"children.{i}.first_name", c.first_name, Child.first_name, False),
                    (f"children.{i}.last_name", c.last_name, Child.last_name, False),
                    (f"children.{i}.school", c.school, Child.school, False),
                    (f"children.{i}.health_notes", c.health_notes, Child.health_notes, True),
                    (f"children.{i}.allergies", c.allergies, Child.allergies, True))
        for j, p in enumerate(c.pickups):
            yield from ((f"children.{i}.pickups.{j}.full_name", p.full_name, AuthorizedPickup.full_name, False),
                        (f"children.{i}.pickups.{j}.relationship", p.relationship, AuthorizedPickup.relationship_label,
                         False),
                        (f"children.{i}.pickups.{j}.phone", p.phone, AuthorizedPickup.phone, False))


def validate(data: FamilyInput, today: dt.date) -> dict[str, str]:
    """Every problem of a dossier, keyed by field ("name", "guardians.0.email", "children.1.birth_date"…)."""
    errors: dict[str, str] = {}

    def put(key: str, problem: str | None) -> None:
        if problem and key not in errors:
            errors[key] = problem

    for key, value, attribute, multiline in _text_fields(data):
        put(key, text_problem(value, limit_of(attribute), multiline=multiline))
    put("name", rules.name_problem(data.name, "Le nom de la famille"))
    put("email", rules.email_problem(data.email))
    put("phone", rules.phone_problem(data.phone))
    put("quotient", rules.quotient_problem(data.quotient))
    if data.quotient_valid_from and data.quotient_valid_to and data.quotient_valid_to < data.quotient_valid_from:
        put("quotient_valid_to", "La fin de validité du quotient précède son début.")
    if not data.guardians:
        put("guardians", "Indiquez au moins un responsable.")
    elif sum(1 for g in data.guardians if g.is_payer) != 1:
        put("guardians", "Un et un seul responsable doit être le payeur.")
    for i, g in enumerate(data.guardians):
        put(f"guardians.{i}.first_name", rules.name_problem(g.first_name, "Le prénom"))
        put(f"guardians.{i}.last_name", rules.name_problem(g.last_name, "Le nom"))
        put(f"guardians.{i}.email", rules.email_problem(g.email))
        put(f"guardians.{i}.phone_mobile", rules.phone_problem(g.phone_mobile))
        put(f"guardians.{i}.phone_work", rules.phone_problem(g.phone_work))
    for i, c in enumerate(data.children):
        put(f"children.{i}.first_name", rules.name_problem(c.first_name, "Le prénom"))
        put(f"children.{i}.last_name", rules.name_problem(c.last_name, "Le nom"))
        problem = rules.birth_date_problem(c.birth_date, today)
        if c.id is not None and problem and c.birth_date is not None and c.birth_date <= today:
            # A child already in the dossier who has turned 19 must not block the family's dossier.
            problem = None
        put(f"children.{i}.birth_date", problem)
        if c.sex not in ("", "F", "M"):
            put(f"children.{i}.sex", "Le sexe est F, M ou non renseigné.")
        for j, p in enumerate(c.pickups):
            if not p.full_name.strip():
                put(f"children.{i}.pickups.{j}.full_name", "Le nom de la personne autorisée est obligatoire.")
            put(f"children.{i}.pickups.{j}.phone", rules.phone_problem(p.phone))
    return errors


R = TypeVar("R")  # a dossier's row (a guardian, a pick-up person)
W = TypeVar("W")  # what the form wants in its place

def _matched(rows: Sequence[R], wanted: Sequence[W], model: Callable[[], R], row_key: Callable[[R], tuple[str, ...]],
             wanted_key: Callable[[W], tuple[str, ...]]) -> list[R]:
    """The rows that hold ``wanted`` (in its order), keeping each existing row — and its id — where
    it still belongs: the same names first, else the same place in the list; new rows only for what
    is new. A saved dossier no longer recreates its guardians and pick-up persons with new ids
    (operations sent to the town's server name them)."""
    def norm(key: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(part.strip().casefold() for part in key)

    free = list(rows)
    chosen: list[R | None] = [None] * len(wanted)
    for i, item in enumerate(wanted):
        same = next((row for row in free if norm(row_key(row)) == norm(wanted_key(item))), None)
        if same is not None:
            chosen[i] = same
            free.remove(same)
    for i in range(len(wanted)):
        if chosen[i] is None and i < len(rows) and rows[i] in free:
            chosen[i] = rows[i]
            free.remove(rows[i])
    return [row if row is not None else model() for row in chosen]


def _apply(session: Session, family: Family, data: FamilyInput) -> None:
    family.name = data.name.strip()
    family.address_line1, family.address_line2 = data.address_line1.strip(), data.address_line2.strip()
    family.postal_code, family.city = data.postal_code.strip(), data.city.strip()
    family.phone = rules.format_phone(data.phone) if data.phone else ""
    family.email = data.email.strip()
    family.caf_number = data.caf_number.strip()
    family.quotient = data.quotient
    family.quotient_valid_from, family.quotient_valid_to = data.quotient_valid_from, data.quotient_valid_to
    family.notes = data.notes
    guardians = _matched(family.guardians, data.guardians, Guardian,
                         lambda row: (row.first_name, row.last_name), lambda g: (g.first_name, g.last_name))
    for i, (guardian, g) in enumerate(zip(guardians, data.guardians, strict=True)):
        guardian.position, guardian.first_name, guardian.last_name = i, g.first_name.strip(), g.last_name.strip()
        guardian.relationship_label, guardian.is_payer = g.relationship.strip(), g.is_payer
        guardian.phone_mobile = rules.format_phone(g.phone_mobile) if g.phone_mobile else ""
        guardian.phone_work = rules.format_phone(g.phone_work) if g.phone_work else ""
        guardian.email = g.email.strip()
    family.guardians = guardians
    existing = {c.id: c for c in family.children}
    kept = []
    for c in data.children:
        child = existing.get(c.id) if c.id else None
        if child is None:
            child = Child(id=c.id or uuid.uuid4())
        child.first_name, child.last_name = c.first_name.strip(), c.last_name.strip()
        assert c.birth_date is not None  # family_problems refused a dossier without it
        child.birth_date, child.sex, child.school = c.birth_date, c.sex, c.school.strip()
        child.health_notes, child.allergies = c.health_notes.strip(), c.allergies.strip()
        child.photo_allowed, child.may_leave_alone = c.photo_allowed, c.may_leave_alone
        pickups = _matched(child.pickups, c.pickups, AuthorizedPickup, lambda row: (row.full_name,),
                           lambda p: (p.full_name,))
        for j, (pickup, p) in enumerate(zip(pickups, c.pickups, strict=True)):
            pickup.position, pickup.full_name = j, p.full_name.strip()
            pickup.relationship_label = p.relationship.strip()
            pickup.phone = rules.format_phone(p.phone) if p.phone else ""
        child.pickups = pickups
        kept.append(child)
    # Children are never deleted from a dossier that exists (they may have enrollments and invoices).
    for child in family.children:
        if child not in kept:
            kept.append(child)
    family.children = kept
    refresh_search_text(family)


def refresh_search_text(family: Family) -> None:
    """What the family search reads: names, phones, e-mails of the dossier, in one column."""
    family.search_text = family_search_text(
        reference=family.reference, name=family.name,
        guardians=[(g.first_name, g.last_name, g.phone_mobile, g.phone_work, g.email) for g in family.guardians],
        children=[(c.first_name, c.last_name) for c in family.children],
        phone=family.phone, email=family.email,
    )


# What the journal keeps of a dossier: every field the dossier form edits.
_DOSSIER_FIELDS = ("name", "address_line1", "address_line2", "postal_code", "city", "phone", "email", "caf_number",
                   "quotient", "quotient_valid_from", "quotient_valid_to", "notes")
_CHILD_FIELDS = ("first_name", "last_name", "birth_date", "sex", "school", "health_notes", "allergies",
                 "photo_allowed", "may_leave_alone")


def dossier_state(family: Family) -> JsonObject:
    """The whole dossier as plain values (guardians in order, children with their id)."""
    return {
        **{name: getattr(family, name) for name in _DOSSIER_FIELDS},
        "guardians": [{"first_name": g.first_name, "last_name": g.last_name, "relationship": g.relationship_label,
                       "is_payer": g.is_payer, "phone_mobile": g.phone_mobile, "phone_work": g.phone_work,
                       "email": g.email} for g in family.guardians],
        "children": [{"id": str(c.id), **{name: getattr(c, name) for name in _CHILD_FIELDS},
                      "pickups": [{"full_name": p.full_name, "relationship": p.relationship_label, "phone": p.phone}
                                  for p in c.pickups]} for c in family.children],
    }


def _journal(uow: UnitOfWork, family: Family, action: str, before: JsonObject | None = None) -> None:
    """A created dossier: all of it. An updated one (``before``: its state before the change): its
    reference and name, the new value of each field that changed — the guardians' list and each
    changed child whole (address, phones, e-mails, CAF number, health notes, pick-up persons…) —
    and ``changed``, the list of what changed ("address_line1", "guardians.0.phone_mobile",
    "children.<id>.health_notes", "children.<id>" for a child added)."""
    state = dossier_state(family)
    if before is None:
        uow.record("family", family.id, action, {"reference": family.reference, **state})
        return
    changes: JsonObject = {"reference": family.reference, "name": family.name}
    changed: list[str] = []
    for name in _DOSSIER_FIELDS:
        if state[name] != before[name]:
            changes[name] = state[name]
            changed.append(name)
    old_guardians, new_guardians = before["guardians"], state["guardians"]
    if new_guardians != old_guardians:
        changes["guardians"] = new_guardians
        for i, guardian in enumerate(new_guardians):
            if i >= len(old_guardians):
                changed.append(f"guardians.{i}")
            else:
                changed += [f"guardians.{i}.{k}" for k, v in guardian.items() if v != old_guardians[i][k]]
        changed += [f"guardians.{i}" for i in range(len(new_guardians), len(old_guardians))]
    old_children = {c["id"]: c for c in before["children"]}
    touched = []
    for child in state["children"]:
        old = old_children.get(child["id"])
        if old is None:
            changed.append(f"children.{child['id']}")
        elif old != child:
            changed += [f"children.{child['id']}.{k}" for k, v in child.items() if v != old[k]]
        else:
            continue
        touched.append(child)
    if touched:
        changes["children"] = touched
    changes["changed"] = changed
    uow.record("family", family.id, action, changes)


def create_family(ctx: ServiceContext, data: FamilyInput) -> FamilyView:
    errors = validate(data, ctx.today())
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        s = uow.session
        counter_id = ctx.actor.counter_id or s.scalar(select(Counter.id).order_by(Counter.created_at))
        if counter_id is None:
            raise ValidationFailed({"counter": "Aucun guichet n'est configuré : créez-en un d'abord."})
        family = Family(reference=take_number(s, counter_id, "family"), name="",
                        created_at=uow.now, updated_at=uow.now)
        s.add(family)
        _apply(s, family, data)
        s.flush()
        _journal(uow, family, "created")
        uow.emit("family.create", lambda: {"family_id": family.id, "reference": family.reference,
                                           "rows": dossier_rows(family)})
        view = _view(family, paris_today(uow.now))
    return view


def update_family(ctx: ServiceContext, family_id: uuid.UUID, data: FamilyInput) -> FamilyView:
    errors = validate(data, ctx.today())
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        family = _load(uow.session, family_id)
        before = dossier_state(family)
        rows_before = dossier_rows(family) if uow.outbox else None
        _apply(uow.session, family, data)
        family.updated_at = uow.now
        uow.session.flush()
        _journal(uow, family, "updated", before)
        after = dossier_state(family)
        changed = sorted(key for key in after if after[key] != before.get(key))
        if changed:
            # The new values, and in ``base`` the old ones: the server merges field by field.
            edit, base = dossier_edit(rows_before, dossier_rows(family)) if rows_before is not None else ({}, {})
            uow.emit("family.update", {"family_id": family.id, **edit}, base=base)
        view = _view(family, paris_today(uow.now))
    return view


def get_family(ctx: ServiceContext, family_id: uuid.UUID) -> FamilyView:
    with ctx.reading() as s:
        return _view(_load(s, family_id), ctx.today())


def _load(session: Session, family_id: uuid.UUID) -> Family:
    family = session.scalar(
        select(Family).where(Family.id == family_id).options(
            selectinload(Family.guardians), selectinload(Family.children).selectinload(Child.pickups)
        )
    )
    if family is None:
        raise NotFound("Ce dossier famille n'existe pas (ou plus).")
    return family


def _view(family: Family, today: dt.date) -> FamilyView:
    return FamilyView(
        id=family.id, reference=family.reference, name=family.name,
        guardians=tuple(
            GuardianInput(g.first_name, g.last_name, g.is_payer, g.relationship_label, g.phone_mobile,
                          g.phone_work, g.email) for g in family.guardians
        ),
        children=tuple(
            ChildView(c.id, c.first_name, c.last_name, c.birth_date, age_on(c.birth_date, today), c.sex,
                      c.school, c.health_notes, c.allergies, c.photo_allowed, c.may_leave_alone,
                      tuple(PickupInput(p.full_name, p.relationship_label, p.phone) for p in c.pickups))
            for c in family.children
        ),
        address_line1=family.address_line1, address_line2=family.address_line2,
        postal_code=family.postal_code, city=family.city, phone=family.phone, email=family.email,
        caf_number=family.caf_number, quotient=family.quotient,
        quotient_valid_from=family.quotient_valid_from, quotient_valid_to=family.quotient_valid_to,
        notes=family.notes, archived=family.archived_at is not None,
    )


@dataclass(frozen=True)
class SameChild:
    family_id: uuid.UUID
    reference: str
    family_name: str
    child_name: str


def same_child_elsewhere(ctx: ServiceContext, first_name: str, last_name: str, birth_date: dt.date | None,
                         family_id: uuid.UUID | None = None) -> list[SameChild]:
    """Children of other families with the same names (ignoring case and accents) and birth date:
    probably the same child, whose dossier already exists."""
    from ems_desktop.rules.search import normalize_text

    if birth_date is None:
        return []
    wanted = (normalize_text(first_name), normalize_text(last_name))
    with ctx.reading() as s:
        query = (select(Child.first_name, Child.last_name, Family.id, Family.reference, Family.name)
                 .join(Family, Family.id == Child.family_id).where(Child.birth_date == birth_date))
        if family_id is not None:
            query = query.where(Family.id != family_id)
        return [SameChild(fid, ref, fname, f"{first} {last}") for first, last, fid, ref, fname in s.execute(query)
                if (normalize_text(first), normalize_text(last)) == wanted]


def set_archived(ctx: ServiceContext, family_id: uuid.UUID, archived: bool) -> FamilyView:
    """Archive a dossier (hidden from searches, kept with its invoices), or bring it back."""
    with ctx.unit_of_work() as uow:
        family = _load(uow.session, family_id)
        family.archived_at = uow.now if archived else None
        family.updated_at = uow.now
        uow.record("family", family.id, "archived" if archived else "unarchived", {"archived": archived})
        uow.emit("family.archive", {"family_id": family.id, "archived": archived})
        return _view(family, paris_today(uow.now))
