"""What the server does with each type of operation (``docs/SYNC.md`` §3).

- **Facts** (invoices, credit notes, payments, cash sessions, card attempts) are recorded as the
  counter wrote them and never rejected. The server only checks that each counter's document
  numbers follow on, and records a conflict when they do not (the document is kept).
- **Places** are decided here: a place chosen offline that is no longer free goes to the waiting
  list; an enrollment invoiced offline in a group now full stays confirmed and is flagged; the same
  child in one offer at two counters keeps the first one applied.
- **Dossiers** merge field by field: the operation carries the old value of each changed field; a
  field changed on both sides takes the later value and both are kept in a conflict; health notes
  and allergies never lose text, and pick-up persons are never removed when changed elsewhere.

Each handler gets the unit of work the operation is applied in and returns its outcome: a plain
dict with ``status`` (applied / transformed / conflict / ignored) and what the counter should know.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func, inspect, select, update
from sqlalchemy.orm import InstrumentedAttribute

from ems_desktop.models import (
    AuthorizedPickup,
    CardAttempt,
    CashSession,
    CashSessionCount,
    Child,
    CreditNote,
    CreditNoteLine,
    Enrollment,
    EnrollmentStatus,
    Family,
    Guardian,
    Invoice,
    InvoiceLine,
    Mandate,
    NumberSeries,
    Payment,
    PaymentAllocation,
)
from ems_desktop.models.base import Base, JsonObject
from ems_desktop.models.sync import ConflictKind, SyncConflict
from ems_desktop.money import format_cents
from ems_desktop.services.checkout import paid_and_credited
from ems_desktop.services.context import UnitOfWork
from ems_desktop.services.enrollment import (
    HOLD_EXPIRED_REASON,
    _cancel,
    _offer_freed_places,
    _withdraw,
    availability,
    lock_group,
)
from ems_desktop.services.errors import NotFound
from ems_desktop.services.families import refresh_search_text
from ems_desktop.sync.facts import BOOKKEEPING
from ems_desktop.sync.rows import from_json, upsert

APPLIED, TRANSFORMED, CONFLICT, IGNORED = "applied", "transformed", "conflict", "ignored"

Handler = Callable[[UnitOfWork, uuid.UUID, JsonObject, JsonObject], JsonObject]


def _conflict(uow: UnitOfWork, op_id: uuid.UUID, kind: str, message: str, *, entity: str,
              entity_id: uuid.UUID | None = None, family_id: uuid.UUID | None = None,
              group_id: uuid.UUID | None = None, details: JsonObject | None = None) -> uuid.UUID:
    conflict = SyncConflict(id=uuid.uuid4(), kind=kind, status="open", entity=entity, entity_id=entity_id,
                            family_id=family_id, group_id=group_id, origin_counter_id=uow.actor.counter_id,
                            op_id=op_id, message=message, details=details or {}, created_at=uow.now,
                            resolution="")
    uow.session.add(conflict)
    uow.touch("sync_conflict", conflict.id)
    return conflict.id


def _outcome(conflicts: list[uuid.UUID], status: str = APPLIED, **more: Any) -> JsonObject:
    return {"status": CONFLICT if conflicts and status == APPLIED else status,
            "conflicts": [str(c) for c in conflicts], **more}


# --- Facts --------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^(.*?)(\d+)$")


def _follow_series(uow: UnitOfWork, kind: str, number: int) -> None:
    """The server's copy of the counter's series moves past a number the counter took, so that a
    counter reinstalled from the server's data never issues it again."""
    uow.session.execute(update(NumberSeries).where(
        NumberSeries.counter_id == uow.actor.counter_id, NumberSeries.kind == kind,
        NumberSeries.next_value <= number).values(next_value=number + 1))


def _check_follows_on(uow: UnitOfWork, op_id: uuid.UUID, model: type[Base], column: InstrumentedAttribute[str | None],
                      state: JsonObject, what: str,
                      kind: str) -> list[uuid.UUID]:
    """A conflict when a counter's document number does not follow its previous one (the same
    prefix, the last number + 1). Nothing when the document is already known (a state update)."""
    number = state.get(column.key)
    if not number or uow.session.get(model, uuid.UUID(state["id"])) is not None:
        return []
    match = _NUMBER.match(number)
    if match is None:
        return []
    prefix, digits = match.groups()
    _follow_series(uow, kind, int(digits))
    previous = uow.session.scalar(select(func.max(column)).where(column.like(f"{prefix}%"), column != number))
    previous_match = _NUMBER.match(previous) if previous else None
    expected = int(previous_match.group(2)) + 1 if previous_match else 1
    if int(digits) == expected:
        return []
    return [_conflict(uow, op_id, ConflictKind.NUMBER_GAP,
                      f"{what} {number} reçu(e) alors que le numéro attendu était "
                      f"{prefix}{expected:0{len(digits)}d} : vérifiez les documents de ce guichet.",
                      entity=model.__tablename__, entity_id=uuid.UUID(state["id"]),
                      details={"received": number, "expected": f"{prefix}{expected:0{len(digits)}d}"})]


def _record_payments(uow: UnitOfWork, op_id: uuid.UUID, payments: list[JsonObject]) -> list[uuid.UUID]:
    conflicts = []
    for payment in payments:
        conflicts += _check_follows_on(uow, op_id, Payment, Payment.receipt_number, payment, "Reçu", "receipt")
        upsert(uow.session, Payment, payment)
        for allocation in payment.get("allocations", []):
            upsert(uow.session, PaymentAllocation, allocation)
    return conflicts


def _record_attempts(uow: UnitOfWork, attempts: list[JsonObject]) -> None:
    for attempt in attempts:
        upsert(uow.session, CardAttempt, attempt)


def cash_open(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    upsert(uow.session, CashSession, payload["cash_session"])
    return _outcome([])


def cash_close(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    upsert(uow.session, CashSession, payload["cash_session"])
    for count in payload["counts"]:
        upsert(uow.session, CashSessionCount, count)
    return _outcome([])


def card_attempts(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    _record_attempts(uow, payload["attempts"])
    return _outcome([])


def checkout_enrollments(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    """The invoice, its lines and payments as the counter issued them; its enrollments confirmed,
    whatever the server decided for them meanwhile (the family has paid): one the server had put
    on the waiting list is confirmed over capacity and flagged on every counter."""
    s = uow.session
    invoice = payload["invoice"]
    conflicts = _check_follows_on(uow, op_id, Invoice, Invoice.number, invoice, "Facture", "invoice")
    upsert(s, Invoice, invoice)
    for line in payload["lines"]:
        conflicts += _unless_invoiced_elsewhere(uow, op_id, line, invoice)
        upsert(s, InvoiceLine, line)
    conflicts += _record_payments(uow, op_id, payload["payments"])
    for enrollment_id in payload["enrollment_ids"]:
        conflicts += _confirm_invoiced(uow, op_id, uuid.UUID(enrollment_id), invoice["number"])
    return _outcome(conflicts)


L = TypeVar("L", InvoiceLine, CreditNoteLine)  # a line whose link (enrollment, invoice line) is unique


def _link_taken(uow: UnitOfWork, model: type[L], link: str, row: JsonObject) -> L | None:
    """The other row of ``model`` that already holds the link ``row`` brings (one invoice line per
    enrollment, one credit-note line per invoice line), if there is one; ``row`` then loses its
    link: the fact is kept, without it."""
    if not row.get(link):
        return None
    other = uow.session.scalar(select(model).where(getattr(model, link) == uuid.UUID(row[link]),
                                                   model.id != uuid.UUID(row["id"])))
    if other is not None:
        row[link] = None
    return other


def _unless_invoiced_elsewhere(uow: UnitOfWork, op_id: uuid.UUID, line: JsonObject,
                               invoice: JsonObject) -> list[uuid.UUID]:
    """An enrollment another counter invoiced too, offline: the family was charged twice. The line
    is kept without its link to the enrollment, and the double charge is flagged for a credit note
    and a refund."""
    enrollment_id = line.get("enrollment_id")
    other = _link_taken(uow, InvoiceLine, "enrollment_id", line)
    if other is None:
        return []
    first = uow.session.get_one(Invoice, other.invoice_id)
    return [_conflict(uow, op_id, ConflictKind.DUPLICATE_ENROLLMENT,
                      f"{line.get('child_name') or 'Un enfant'} — « {line.get('label')} » facturé deux fois : "
                      f"{first.number} puis {invoice['number']} (hors ligne). La famille a payé deux fois : faites "
                      f"un avoir sur {invoice['number']} et remboursez-la.",
                      entity="invoice_line", entity_id=uuid.UUID(line["id"]),
                      family_id=uuid.UUID(invoice["family_id"]),
                      details={"enrollment_id": enrollment_id, "first_invoice": first.number,
                               "second_invoice": invoice["number"]})]


def _confirm_invoiced(uow: UnitOfWork, op_id: uuid.UUID, enrollment_id: uuid.UUID,
                      invoice_number: str) -> list[uuid.UUID]:
    s = uow.session
    enrollment = s.get(Enrollment, enrollment_id)
    if enrollment is None or enrollment.status == EnrollmentStatus.CONFIRMED:
        return []
    lock_group(s, enrollment.group_id)
    child = s.get_one(Child, enrollment.child_id)
    other = s.scalar(select(Enrollment).where(
        Enrollment.child_id == enrollment.child_id, Enrollment.offer_id == enrollment.offer_id,
        Enrollment.status.in_(EnrollmentStatus.ACTIVE), Enrollment.id != enrollment.id))
    if other is not None:
        # The child already holds a place in this offer (taken first at another counter): this one
        # stays cancelled as a duplicate, and the family, who paid twice, is owed a credit note.
        return [_conflict(uow, op_id, ConflictKind.DUPLICATE_ENROLLMENT,
                          f"{child.first_name} {child.last_name} est inscrit(e) deux fois à "
                          f"{enrollment.group.offer.label} "
                          f"et la seconde inscription a été facturée ({invoice_number}) : faites un avoir et "
                          f"remboursez la famille.",
                          entity="enrollment", entity_id=enrollment.id, family_id=child.family_id,
                          group_id=enrollment.group_id, details={"kept_enrollment_id": str(other.id),
                                                                 "invoice_number": invoice_number})]
    enrollment.status = EnrollmentStatus.CONFIRMED
    enrollment.hold_expires_at = None
    enrollment.cancel_reason = ""
    enrollment.updated_at = uow.now
    uow.touch("places", enrollment.group_id)
    s.flush()
    places = availability(s, uow.now, group_ids=[enrollment.group_id])[enrollment.group_id]
    if places.confirmed + places.held <= enrollment.group.capacity:
        return []
    held = f" et {places.held} réservation(s) en cours" if places.held else ""
    return [_conflict(uow, op_id, ConflictKind.OVER_CAPACITY,
                      f"{enrollment.group.label} : {places.confirmed} inscrit(s){held} pour "
                      f"{enrollment.group.capacity} place(s) — inscription de {child.first_name} {child.last_name} "
                      f"payée hors ligne "
                      f"({invoice_number}). Augmentez la capacité, changez l'enfant de groupe ou faites un avoir.",
                      entity="enrollment", entity_id=enrollment.id, family_id=child.family_id,
                      group_id=enrollment.group_id,
                      details={"confirmed": places.confirmed, "held": places.held,
                               "capacity": enrollment.group.capacity})]


def checkout_balance(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    """Payments of what a family owed, as taken. The same balance paid at two counters offline
    leaves an invoice paid beyond what it asks: both payments are kept, the surplus stays to the
    family's credit, and the overpayment is flagged."""
    conflicts = _record_payments(uow, op_id, payload["payments"])
    invoice_ids = {uuid.UUID(a["invoice_id"]) for p in payload["payments"] for a in p.get("allocations", [])}
    for invoice_id in sorted(invoice_ids):
        conflicts += _flag_overpayment(uow, op_id, invoice_id)
    return _outcome(conflicts)


def _flag_overpayment(uow: UnitOfWork, op_id: uuid.UUID, invoice_id: uuid.UUID) -> list[uuid.UUID]:
    invoice = uow.session.get_one(Invoice, invoice_id)
    paid, credited = paid_and_credited(uow.session, invoice_id)
    due = invoice.total_cents - credited
    surplus = paid - due
    if surplus <= 0:
        return []
    return [_conflict(uow, op_id, ConflictKind.OVERPAYMENT,
                      f"Facture {invoice.number} payée au-delà de son montant ({format_cents(paid)} reçus pour "
                      f"{format_cents(due)}) : le solde a été réglé à deux guichets hors ligne. "
                      f"{format_cents(surplus)} restent au crédit de la famille.",
                      entity="invoice", entity_id=invoice.id, family_id=invoice.family_id,
                      details={"paid": paid, "due": due, "surplus": surplus})]


def checkout_card_as_credit(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    conflicts = _record_payments(uow, op_id, [payload["payment"]])
    _record_attempts(uow, [payload["attempt"]])
    return _outcome(conflicts)


def credit_refund(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    return _outcome(_record_payments(uow, op_id, [payload["payment"]]))


def correction_credit_note(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    """The credit note and its lines as issued, the refund given; the enrollment it cancels is
    cancelled here too, and its place offered to the waiting list."""
    s = uow.session
    note = payload["credit_note"]
    conflicts = _check_follows_on(uow, op_id, CreditNote, CreditNote.number, note, "Avoir", "credit_note")
    upsert(s, CreditNote, note)
    for line in payload["lines"]:
        conflicts += _unless_credited_elsewhere(uow, op_id, line, note)
        upsert(s, CreditNoteLine, line)
    if payload.get("refund"):
        conflicts += _record_payments(uow, op_id, [payload["refund"]])
    if payload.get("refund_attempt"):
        _record_attempts(uow, [payload["refund_attempt"]])
    enrollment = s.get(Enrollment, uuid.UUID(payload["enrollment_id"]))
    if enrollment is not None and enrollment.status != EnrollmentStatus.CANCELLED:
        lock_group(s, enrollment.group_id)
        _cancel(uow, enrollment, payload.get("reason", ""))
        _offer_freed_places(uow, enrollment.group_id)
    return _outcome(conflicts)


def _unless_credited_elsewhere(uow: UnitOfWork, op_id: uuid.UUID, line: JsonObject,
                               note: JsonObject) -> list[uuid.UUID]:
    """An invoice line credited at two counters, offline: refunded twice. The credit note is kept
    without its link to the line, and flagged."""
    invoice_line_id = line.get("invoice_line_id")
    other = _link_taken(uow, CreditNoteLine, "invoice_line_id", line)
    if other is None:
        return []
    first = uow.session.get_one(CreditNote, other.credit_note_id)
    return [_conflict(uow, op_id, ConflictKind.DUPLICATE_ENROLLMENT,
                      f"« {line.get('label')} » annulé deux fois : avoirs {first.number} et {note['number']} "
                      f"(hors ligne). La famille a peut-être été remboursée deux fois : vérifiez et régularisez.",
                      entity="credit_note_line", entity_id=uuid.UUID(line["id"]),
                      family_id=uuid.UUID(note["family_id"]),
                      details={"invoice_line_id": invoice_line_id, "first_credit_note": first.number,
                               "second_credit_note": note["number"]})]


def correction_card_refund(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    conflicts = _record_payments(uow, op_id, [payload["payment"]])
    _record_attempts(uow, [payload["attempt"]])
    return _outcome(conflicts)


# --- Places -------------------------------------------------------------------------------------

def _cancel_if_not_invoiced(uow: UnitOfWork, enrollment: Enrollment, reason: str) -> bool:
    if enrollment.status not in (EnrollmentStatus.PENDING, EnrollmentStatus.WAITING):
        return False
    lock_group(uow.session, enrollment.group_id)
    _withdraw(uow, enrollment, reason)
    return True


def enrollment_choose_group(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    """The counter's choice of group, decided again here with every counter's places: the
    enrollment it replaced is cancelled if still not invoiced; the new one keeps its id and its
    hold if its place is still free, else it goes to the waiting list (``waiting_list_fallback``);
    a child already enrolled in the offer from another counter makes it a cancelled duplicate."""
    s = uow.session
    if payload.get("replaced_enrollment_id"):
        replaced = s.get(Enrollment, uuid.UUID(payload["replaced_enrollment_id"]))
        if replaced is not None:
            _cancel_if_not_invoiced(uow, replaced, "Changement de groupe")
    if not payload.get("enrollment_id"):
        return _outcome([])
    enrollment_id = uuid.UUID(payload["enrollment_id"])
    if s.get(Enrollment, enrollment_id) is not None:
        return _outcome([], IGNORED)
    group = lock_group(s, uuid.UUID(payload["group_id"]))
    child = s.get(Child, uuid.UUID(payload["child_id"]))
    if child is None:
        raise NotFound("L'enfant de cette inscription n'existe pas sur le serveur.")
    values = from_json(Enrollment, {
        "id": payload["enrollment_id"], "child_id": payload["child_id"], "group_id": payload["group_id"],
        "offer_id": payload["offer_id"], "status": payload["status"], "price_cents": payload["price_cents"],
        "hold_expires_at": payload.get("hold_expires_at")})
    enrollment = Enrollment(**values, cancel_reason="", created_at=uow.now, updated_at=uow.now,
                            agent_id=uow.actor.agent_id, counter_id=uow.actor.counter_id)
    other = s.scalar(select(Enrollment).where(
        Enrollment.child_id == enrollment.child_id, Enrollment.offer_id == enrollment.offer_id,
        Enrollment.status.in_(EnrollmentStatus.ACTIVE)))
    if other is not None:
        enrollment.status = EnrollmentStatus.CANCELLED
        enrollment.hold_expires_at = None
        enrollment.cancel_reason = f"Doublon : déjà inscrit(e) au groupe {other.group.label}"
        s.add(enrollment)
        conflict = _conflict(uow, op_id, ConflictKind.DUPLICATE_ENROLLMENT,
                             f"{child.first_name} {child.last_name} était déjà inscrit(e) au groupe "
                             f"{other.group.label} "
                             f"depuis un autre guichet : l'inscription au groupe {group.label} est annulée.",
                             entity="enrollment", entity_id=enrollment.id, family_id=child.family_id,
                             group_id=group.id, details={"kept_enrollment_id": str(other.id)})
        return _outcome([conflict], TRANSFORMED, enrollment_status=enrollment.status)
    if enrollment.status == EnrollmentStatus.PENDING:
        places = availability(s, uow.now, group_ids=[group.id])[group.id]
        if places.full:
            enrollment.status = EnrollmentStatus.WAITING
            enrollment.hold_expires_at = None
            s.add(enrollment)
            conflict = _conflict(uow, op_id, ConflictKind.WAITING_LIST_FALLBACK,
                                 f"Le groupe {group.label} était complet à l'arrivée de l'inscription de "
                                 f"{child.first_name} {child.last_name} faite hors ligne : elle passe sur la "
                                 f"liste d'attente.",
                                 entity="enrollment", entity_id=enrollment.id, family_id=child.family_id,
                                 group_id=group.id)
            uow.touch("places", group.id)
            return _outcome([conflict], TRANSFORMED, enrollment_status=enrollment.status)
    s.add(enrollment)
    uow.touch("places", group.id)
    return _outcome([], enrollment_status=enrollment.status)


def enrollment_cancel(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    enrollment = uow.session.get(Enrollment, uuid.UUID(payload["enrollment_id"]))
    if enrollment is None or not _cancel_if_not_invoiced(uow, enrollment, payload.get("reason", "")):
        return _outcome([], IGNORED)
    return _outcome([])


def enrollment_release_expired(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    """Holds the counter owned and let run out. One invoiced meanwhile is left as it is."""
    released = []
    for enrollment_id in payload["enrollment_ids"]:
        enrollment = uow.session.get(Enrollment, uuid.UUID(enrollment_id))
        if (enrollment is not None and enrollment.status == EnrollmentStatus.PENDING
                and _cancel_if_not_invoiced(uow, enrollment, HOLD_EXPIRED_REASON)):
            released.append(enrollment_id)
    return _outcome([], APPLIED if released else IGNORED, released=released)


# --- Dossiers -----------------------------------------------------------------------------------

_DOSSIER_TABLES = {"families": Family, "guardians": Guardian, "children": Child, "authorized_pickups": AuthorizedPickup}
# People who must never be lost: a row changed at two counters is kept twice (its "who" column).
_UNION_TABLES = {"authorized_pickups": "full_name"}
# Text that must never be lost: both versions are kept, one after the other.
_SAFETY_TEXT = {("children", "health_notes"), ("children", "allergies"), ("families", "notes")}


def family_create(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    match = _NUMBER.match(payload["reference"])
    if match is not None:
        _follow_series(uow, "family", int(match.group(2)))
    for table, model in _DOSSIER_TABLES.items():
        for state in payload["rows"].get(table, {}).values():
            upsert(uow.session, model, state)
    uow.touch("family", uuid.UUID(payload["family_id"]))
    return _outcome([])


def family_update(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    """Field by field against the server's current values (three-way: the counter's old value,
    its new value, the server's value)."""
    s = uow.session
    family = s.get(Family, uuid.UUID(payload["family_id"]))
    if family is None:
        return _outcome([], IGNORED)
    clashes: list[JsonObject] = []
    for table, model in _DOSSIER_TABLES.items():
        for row_id, state in payload.get("added", {}).get(table, {}).items():
            if s.get(model, uuid.UUID(row_id)) is None:
                upsert(s, model, state)
        for row_id, changes in payload.get("rows", {}).get(table, {}).items():
            row = s.get(model, uuid.UUID(row_id))
            if row is None:
                continue  # removed at another counter meanwhile
            old = from_json(model, base.get("rows", {}).get(table, {}).get(row_id, {}))
            new_values = from_json(model, changes)
            changed_here = [key for key in new_values if key in old and getattr(row, key) != old[key]
                            and getattr(row, key) != new_values[key]]
            if table in _UNION_TABLES and changed_here:
                # The same person changed at two counters (or replaced by another one at one of
                # them): both versions are kept, the counter's as a new row.
                clashes.append({"table": table, "id": row_id, "field": "(deux versions)",
                                "server": _plain(getattr(row, _UNION_TABLES[table])),
                                "counter": _plain(new_values.get(_UNION_TABLES[table],
                                                                 getattr(row, _UNION_TABLES[table])))})
                copy = {attribute.key: getattr(row, attribute.key) for attribute in inspect(model).column_attrs}
                s.add(model(**{**copy, **new_values, "id": uuid.uuid4()}))
                continue
            for key, new in new_values.items():
                current = getattr(row, key)
                if current == new:
                    continue
                if key in old and current != old[key]:
                    clashes.append({"table": table, "id": row_id, "field": key,
                                    "server": _plain(current), "counter": _plain(new)})
                    if (table, key) in _SAFETY_TEXT and current and new:
                        new = f"{current}\n{new}"
                setattr(row, key, new)
    for table in reversed(list(_DOSSIER_TABLES)):
        model = _DOSSIER_TABLES[table]
        if table in ("families", "children"):
            continue  # a family or a child is never deleted by a merge
        for row_id in payload.get("removed", {}).get(table, []):
            row = s.get(model, uuid.UUID(row_id))
            if row is None:
                continue
            old = from_json(model, base.get("removed", {}).get(table, {}).get(row_id, {}))
            current = {key: getattr(row, key) for key in old if key not in BOOKKEEPING}
            if any(current[key] != old[key] for key in current):
                clashes.append({"table": table, "id": row_id, "field": "(supprimé)", "server": "modifié ailleurs",
                                "counter": "supprimé"})
                continue  # changed at another counter: kept (never lose a pick-up person)
            s.delete(row)
    s.flush()
    s.refresh(family)
    family.updated_at = max(family.updated_at, uow.now)
    refresh_search_text(family)
    uow.touch("family", family.id)
    if not clashes:
        return _outcome([])
    conflict = _conflict(uow, op_id, ConflictKind.CONCURRENT_EDIT,
                         f"Dossier {family.reference} ({family.name}) modifié à deux guichets sur les mêmes "
                         f"champs : la dernière modification est gardée, les deux valeurs sont conservées "
                         f"(santé, allergies et notes mises bout à bout). À vérifier.",
                         entity="family", entity_id=family.id, family_id=family.id, details={"fields": clashes})
    return _outcome([conflict])


def _plain(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else (str(value) if isinstance(value, uuid.UUID) else value)


def family_archive(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    family = uow.session.get(Family, uuid.UUID(payload["family_id"]))
    if family is None:
        return _outcome([], IGNORED)
    family.archived_at = (family.archived_at or uow.now) if payload["archived"] else None
    family.updated_at = uow.now
    uow.touch("family", family.id)
    return _outcome([])


def mandate_record(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    """A mandate as the counter recorded or revoked it. Two mandates in force for one family (two
    counters offline): the one arriving second is kept revoked, and a conflict says so."""
    row = dict(payload["mandate"])
    conflicts = []
    if row.get("revoked_at") is None:
        other = uow.session.scalar(select(Mandate).where(Mandate.family_id == uuid.UUID(str(row["family_id"])),
                                                         Mandate.revoked_at.is_(None),
                                                         Mandate.id != uuid.UUID(str(row["id"]))))
        if other is not None:
            row["revoked_at"] = uow.now.isoformat()
            row["revoked_reason"] = f"Doublon : le mandat {other.rum} était déjà en vigueur"
            conflicts.append(_conflict(
                uow, op_id, ConflictKind.DUPLICATE_MANDATE,
                f"Deux mandats de prélèvement ont été enregistrés pour ce dossier à deux guichets : {other.rum} est "
                f"en vigueur, {row['rum']} a été gardé révoqué.", entity="mandate", entity_id=uuid.UUID(str(row["id"])),
                family_id=uuid.UUID(str(row["family_id"])), details={"in_force": other.rum, "revoked": row["rum"]}))
    upsert(uow.session, Mandate, row)
    uow.touch("mandate", uuid.UUID(str(row["id"])))
    return _outcome(conflicts)


def conflict_resolve(uow: UnitOfWork, op_id: uuid.UUID, payload: JsonObject, base: JsonObject) -> JsonObject:
    conflict = uow.session.get(SyncConflict, uuid.UUID(payload["conflict_id"]))
    if conflict is None or conflict.status != "open":
        return _outcome([], IGNORED)  # resolved at another counter first
    values = from_json(SyncConflict, {"resolved_at": payload["resolved_at"],
                                      "resolved_by_id": payload.get("resolved_by_id")})
    conflict.status = "resolved"
    conflict.resolved_at = values["resolved_at"]
    conflict.resolved_by_id = values.get("resolved_by_id")
    conflict.resolution = payload["resolution"]
    uow.touch("sync_conflict", conflict.id)
    return _outcome([])


HANDLERS: dict[str, Handler] = {
    "conflict.resolve": conflict_resolve,
    "family.create": family_create,
    "family.update": family_update,
    "family.archive": family_archive,
    "mandate.record": mandate_record,
    "enrollment.choose_group": enrollment_choose_group,
    "enrollment.cancel": enrollment_cancel,
    "enrollment.release_expired": enrollment_release_expired,
    "checkout.enrollments": checkout_enrollments,
    "checkout.balance": checkout_balance,
    "checkout.card_as_credit": checkout_card_as_credit,
    "credit.refund": credit_refund,
    "cash.open": cash_open,
    "cash.close": cash_close,
    "card.attempts": card_attempts,
    "correction.credit_note": correction_credit_note,
    "correction.card_refund": correction_card_refund,
}
