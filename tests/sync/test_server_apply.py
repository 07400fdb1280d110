"""The sync service applying counters' operations on the town's PostgreSQL: in order and once,
facts recorded as sent, places decided with every counter's, dossiers merged field by field.

The town: a PostgreSQL with the 2017 catalog, one agent and two counters (A01 at the Hôtel de
Ville, B01 at the gymnase); each counter works offline on its own SQLite replica (a snapshot of
the server), with its outbox; its operations reach the server through ``apply_push``.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace

from sqlalchemy import func, select, update

from ems_desktop.models import (
    ActivityGroup,
    AppliedOp,
    AuthorizedPickup,
    CashSession,
    Child,
    CounterStream,
    Enrollment,
    EnrollmentStatus,
    Family,
    Guardian,
    Invoice,
    InvoiceLine,
    OutboxOp,
    Payment,
    PaymentAllocation,
    SyncConflict,
)
from ems_desktop.models.sync import ConflictKind
from ems_desktop.services import cash, checkout, enrollment, families
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.sync.server.apply import apply_push, stream_position
from tests.helpers import SEED_GROUPS, group_id, make_family
from tests.sync.town import Town, count, durand, offline_sale


def outbox(ctx: ServiceContext, after: int = 0) -> list[dict]:
    """The counter's operations as it sends them (plain JSON)."""
    from ems_desktop.services.context import _jsonable

    with ctx.reading() as s:
        rows = s.scalars(select(OutboxOp).where(OutboxOp.counter_id == ctx.actor.counter_id, OutboxOp.seq > after)
                         .order_by(OutboxOp.seq))
        return [_jsonable({"id": r.id, "seq": r.seq, "op_type": r.op_type, "op_version": r.op_version,
                           "payload": r.payload, "base": r.base, "recorded_at": r.recorded_at,
                           "agent_id": r.agent_id, "prev_hash": r.prev_hash, "hash": r.hash}) for r in rows]


def push(town: Town, counter: ServiceContext, ops=None):
    counter_id = counter.actor.counter_id
    assert counter_id is not None  # a counter's context
    return apply_push(town.server, counter_id, outbox(counter) if ops is None else ops)


def conflicts(ctx: ServiceContext) -> list[SyncConflict]:
    with ctx.reading() as s:
        rows = list(s.scalars(select(SyncConflict).order_by(SyncConflict.created_at, SyncConflict.kind)))
        s.expunge_all()
        return rows


def test_a_counters_day_is_applied_once_with_its_facts_as_sent(town):
    family, ids, paid = offline_sale(town.a)
    result = push(town, town.a)
    assert [o["status"] for o in result.outcomes] == ["applied"] * 6 and result.last_seq == 6
    with town.server.reading() as s:
        invoice = s.scalar(select(Invoice).where(Invoice.number == paid.invoice_number))
        assert invoice.id == paid.invoice_id and invoice.total_cents == 12000
        assert invoice.counter_id == town.a.actor.counter_id
        assert sorted(s.scalars(select(InvoiceLine.enrollment_id).where(InvoiceLine.invoice_id == invoice.id))) == \
            sorted(ids)
        receipts = sorted(s.execute(select(Payment.receipt_number, Payment.mode, Payment.amount_cents)
                                    .where(Payment.family_id == family.id)))
        assert receipts == [("A01-R000001", "cash", 8000), ("A01-R000002", "cheque", 4000)]
        assert s.scalar(select(func.sum(PaymentAllocation.amount_cents))
                        .where(PaymentAllocation.invoice_id == invoice.id)) == 12000
        assert set(s.scalars(select(Enrollment.status).where(Enrollment.id.in_(ids)))) == {"confirmed"}
        assert s.scalar(select(func.count()).select_from(CashSession)) == 1
    # The response was lost: the counter sends the same day again. Nothing is applied twice.
    again = push(town, town.a)
    assert all(o.get("replayed") for o in again.outcomes) and [o["seq"] for o in again.outcomes] == list(range(1, 7))
    assert count(town.server, Invoice) == 1 and count(town.server, Payment) == 2
    assert count(town.server, AppliedOp) == 6 and conflicts(town.server) == []
    # The next operation follows on.
    families.set_archived(town.a, family.id, True)
    assert [o["status"] for o in push(town, town.a, outbox(town.a, after=6)).outcomes] == ["applied"]


def test_a_gap_a_broken_chain_and_a_fork_are_refused(town):
    offline_sale(town.a)
    ops = outbox(town.a)
    gap = push(town, town.a, ops[2:])
    assert gap.outcomes == [{"status": "refused", "reason": "gap", "seq": 3, "expected_seq": 1,
                             "message": "Opération n° 1 attendue, n° 3 reçue."}]
    tampered = [dict(ops[0], payload={**ops[0]["payload"], "cash_session": {
        **ops[0]["payload"]["cash_session"], "opening_float_cents": 1}})]
    assert push(town, town.a, tampered).outcomes[0]["reason"] == "chain"
    assert count(town.server, CashSession) == 0
    # Applied up to 3, then the counter is restored from an old backup and writes another op n° 3.
    assert [o["status"] for o in push(town, town.a, ops[:3]).outcomes] == ["applied"] * 3
    fork = dict(ops[2], id=str(uuid.uuid4()))
    refused = push(town, town.a, [fork]).outcomes[0]
    assert refused["reason"] == "fork" and "ancienne sauvegarde" in refused["message"]
    # The stream stays stopped, even for the right operations, until the administrator looks.
    assert push(town, town.a, ops[3:]).outcomes[0]["reason"] == "quarantined"
    assert stream_position(town.server, town.a.actor.counter_id)[2].startswith("Le guichet a renvoyé")
    assert count(town.server, Invoice) == 0


def test_an_offline_place_no_longer_free_goes_to_the_waiting_list_and_a_paid_one_is_flagged(town):
    tir = group_id(town.server, *SEED_GROUPS[1])
    with town.server.db.session() as s:  # one place left in the group, for every replica
        s.execute(update(ActivityGroup).where(ActivityGroup.id == tir).values(capacity=1))
    for replica in (town.a, town.b):
        with replica.db.session() as s:
            s.execute(update(ActivityGroup).where(ActivityGroup.id == tir).values(capacity=1))
    # Both counters, offline, give the last place: A to a new family (and is paid), B to the Durands'
    # child, paid too.
    a_family = make_family(town.a)
    a_enrollment = enrollment.enroll(town.a, a_family.children[0].id, tir).id
    family_id, child_id = durand(town.b)
    b_enrollment = enrollment.enroll(town.b, child_id, tir).id
    cash.open_cash_session(town.b, 5000)
    checkout.checkout_enrollments(town.b, uuid.uuid4(), family_id, [b_enrollment], [Tender("cash", 4000)])

    assert [o["status"] for o in push(town, town.a).outcomes] == ["applied", "applied"]
    outcomes = push(town, town.b).outcomes
    assert outcomes.pop(1)["status"] == "applied"  # B's till opened
    # B's choice arrived second: the group was full, so it went to the waiting list…
    assert outcomes[0]["status"] == "transformed" and outcomes[0]["enrollment_status"] == "waiting"
    # …then B's invoice arrived: the family paid, the enrollment is confirmed over capacity, flagged.
    assert outcomes[1]["status"] == "conflict"
    with town.server.reading() as s:
        assert s.get(Enrollment, b_enrollment).status == EnrollmentStatus.CONFIRMED
        assert s.get(Enrollment, a_enrollment).status == EnrollmentStatus.PENDING
    kinds = [(c.kind, c.origin_counter_id) for c in conflicts(town.server)]
    assert sorted(kinds) == sorted([(ConflictKind.WAITING_LIST_FALLBACK, town.b.actor.counter_id),
                                    (ConflictKind.OVER_CAPACITY, town.b.actor.counter_id)])
    over = next(c for c in conflicts(town.server) if c.kind == ConflictKind.OVER_CAPACITY)
    assert over.message.startswith("7/10 ans Tir à l'arc : 1 inscrit(s) et 1 réservation(s) en cours pour "
                                   "1 place(s) — inscription de Noé Durand payée hors ligne (B01-F000001)")
    assert over.family_id == family_id and over.details == {"confirmed": 1, "held": 1, "capacity": 1}


def test_the_same_child_enrolled_at_two_counters_keeps_the_first_applied(town):
    family_id, child_id = durand(town.a)
    velo = group_id(town.a, *SEED_GROUPS[0])
    first = enrollment.enroll(town.a, child_id, velo).id
    second = enrollment.enroll(town.b, child_id, velo).id
    push(town, town.a)
    outcome = push(town, town.b).outcomes[0]
    assert outcome["status"] == "transformed" and outcome["enrollment_status"] == "cancelled"
    with town.server.reading() as s:
        assert s.get(Enrollment, first).status == EnrollmentStatus.PENDING
        duplicate = s.get(Enrollment, second)
        assert duplicate.status == EnrollmentStatus.CANCELLED and duplicate.cancel_reason.startswith("Doublon")
    [conflict] = conflicts(town.server)
    assert conflict.kind == ConflictKind.DUPLICATE_ENROLLMENT and conflict.family_id == family_id
    assert "déjà inscrit(e)" in conflict.message


def _edit(ctx: ServiceContext, family_id, **changes):
    view = families.get_family(ctx, family_id)
    children = tuple(families.ChildInput(c.first_name, c.last_name, c.birth_date, id=c.id,
                                         health_notes=changes.pop("health_notes", c.health_notes),
                                         pickups=c.pickups)
                     for c in view.children)
    data = families.FamilyInput(name=view.name, guardians=view.guardians, children=children,
                                address_line1=view.address_line1, postal_code=view.postal_code,
                                city=changes.pop("city", view.city), phone=changes.pop("phone", view.phone),
                                email=view.email)
    assert not changes
    return families.update_family(ctx, family_id, data)


def test_a_dossier_edited_at_two_counters_merges_field_by_field_and_never_loses_health_notes(town):
    family_id, child_id = durand(town.a)
    _edit(town.a, family_id, city="Ugine", health_notes="Asthme : Ventoline dans le sac")
    _edit(town.b, family_id, city="Gilly-sur-Isère", phone="04 79 32 00 00", health_notes="Lunettes pour le sport")
    assert push(town, town.a).outcomes[0]["status"] == "applied"
    assert push(town, town.b).outcomes[0]["status"] == "conflict"
    with town.server.reading() as s:
        family = s.get(Family, family_id)
        child = s.get(Child, child_id)
        # Different fields merge; the same field takes the later value; health notes keep both.
        assert (family.city, family.phone) == ("Gilly-sur-Isère", "04 79 32 00 00")
        assert child.health_notes == "Asthme : Ventoline dans le sac\nLunettes pour le sport"
        assert "gilly" in family.search_text.lower() or family.search_text
    [conflict] = conflicts(town.server)
    assert conflict.kind == ConflictKind.CONCURRENT_EDIT
    fields = {(f["table"], f["field"]): (f["server"], f["counter"]) for f in conflict.details["fields"]}
    assert fields[("families", "city")] == ("Ugine", "Gilly-sur-Isère")
    assert fields[("children", "health_notes")] == ("Asthme : Ventoline dans le sac", "Lunettes pour le sport")
    assert ("families", "phone") not in fields


def test_two_pushes_of_one_batch_at_once_apply_it_once(town):
    """The counter timed out and sent its batch again while the first push was still applying it
    (two connections to PostgreSQL): the stream row makes the second wait, then replay."""
    offline_sale(town.a)
    ops = outbox(town.a)
    barrier = threading.Barrier(2)
    results = []

    def send():
        barrier.wait()
        results.append(apply_push(town.server, town.a.actor.counter_id, ops))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.last_seq == 6 for r in results)
    statuses = sorted(("replayed" if o.get("replayed") else o["status"]) for r in results for o in r.outcomes)
    assert statuses.count("applied") == 6 and statuses.count("replayed") == 6
    assert count(town.server, Invoice) == 1 and count(town.server, Payment) == 2
    with town.server.reading() as s:
        assert s.get(CounterStream, town.a.actor.counter_id).last_seq == 6


def test_a_conflict_dealt_with_at_two_counters_is_resolved_once_on_the_server(town):
    from ems_desktop.services import sync_conflicts
    from ems_desktop.sync.ops import OPERATIONS
    from ems_desktop.sync.server.handlers import HANDLERS

    assert set(HANDLERS) == set(OPERATIONS)  # every operation a counter writes, the server applies
    family_id, child_id = durand(town.a)
    velo = group_id(town.a, *SEED_GROUPS[0])
    enrollment.enroll(town.a, child_id, velo)
    enrollment.enroll(town.b, child_id, velo)
    push(town, town.a)
    push(town, town.b)  # a duplicate: the conflict is on the server; each counter gets it by pull
    [conflict] = conflicts(town.server)
    for name, replica in (("A", town.a), ("B", town.b)):
        copy_rows(town.server, replica, SyncConflict)
        sync_conflicts.resolve_conflict(replica, conflict.id, f"vu au guichet {name}")
    assert push(town, town.a, outbox(town.a, after=1)).outcomes[0]["status"] == "applied"
    assert push(town, town.b, outbox(town.b, after=1)).outcomes[0]["status"] == "ignored"
    [resolved] = conflicts(town.server)
    assert (resolved.status, resolved.resolution) == ("resolved", "vu au guichet A")


def copy_rows(source: ServiceContext, target: ServiceContext, model) -> None:
    """What a pull would bring: ``model``'s rows as the source has them."""
    from ems_desktop.sync.facts import row_state

    with source.reading() as s:
        states = [row_state(row) for row in s.scalars(select(model))]
    with target.db.session() as s:
        for state in states:
            s.merge(model(**state))


def test_one_balance_paid_at_two_counters_keeps_both_payments_and_flags_the_surplus(town):
    family_id, child_id = durand(town.server)
    acting = town.server.as_actor(Actor(agent_id=town.a.actor.agent_id, counter_id=town.a.actor.counter_id))
    velo = enrollment.enroll(acting, child_id, group_id(acting, *SEED_GROUPS[0])).id
    invoiced = checkout.checkout_enrollments(acting, uuid.uuid4(), family_id, [velo], [])  # to pay later
    for replica in (town.a, town.b):  # both counters know the invoice (as a pull would bring it)
        for model in (Enrollment, Invoice, InvoiceLine):
            copy_rows(town.server, replica, model)
        cash.open_cash_session(replica, 5000)
        checkout.pay_balance(replica, family_id, [Tender("cash", 4000)], request_id=uuid.uuid4())
    assert [o["status"] for o in push(town, town.a).outcomes] == ["applied", "applied"]
    outcomes = push(town, town.b).outcomes
    assert outcomes[1]["status"] == "conflict"
    assert count(town.server, Payment, Payment.family_id == family_id) == 2
    [conflict] = conflicts(town.server)
    assert conflict.kind == ConflictKind.OVERPAYMENT and conflict.details["surplus"] == 4000
    assert conflict.message.startswith(f"Facture {invoiced.invoice_number} payée au-delà de son montant "
                                       "(80,00\xa0€ reçus pour 40,00\xa0€)")


def test_a_hold_expiry_never_cancels_an_enrollment_invoiced_meanwhile(town):
    """B's hold on an enrollment runs out and B releases it, but A (which got the enrollment by
    pull) invoiced it first: the release is ignored on the server."""
    family_id, child_id = durand(town.b)
    velo = enrollment.enroll(town.b, child_id, group_id(town.b, *SEED_GROUPS[0])).id
    push(town, town.b)
    copy_rows(town.server, town.a, Enrollment)
    cash.open_cash_session(town.a, 5000)
    checkout.checkout_enrollments(town.a, uuid.uuid4(), family_id, [velo], [Tender("cash", 4000)])
    push(town, town.a)
    town.b.clock.advance(hours=3)
    assert enrollment.release_expired_holds(town.b) == 1  # B, offline, sees its hold run out
    outcome = push(town, town.b, outbox(town.b, after=1)).outcomes[0]
    assert outcome["status"] == "ignored" and outcome["released"] == []
    with town.server.reading() as s:
        assert s.get(Enrollment, velo).status == EnrollmentStatus.CONFIRMED


def test_operations_written_before_an_upgrade_are_still_applied(town):
    """A counter upgraded with operations waiting: they keep their version and go as they are."""
    offline_sale(town.a)
    with town.a.db.session() as s:
        versions = set(s.scalars(select(OutboxOp.op_version)))
    assert versions == {1}
    from ems_desktop.database.migrate import upgrade

    upgrade(town.a.db.engine)  # at head already: an upgrade leaves the outbox alone
    assert [o["status"] for o in push(town, town.a).outcomes] == ["applied"] * 6
    # An operation of a newer counter than the server: refused until the server is updated, kept.
    import datetime as dt

    from ems_desktop.models.sync import op_hash

    last = outbox(town.a)[-1]
    newer = {"id": str(uuid.uuid4()), "seq": 7, "op_type": "family.archive", "op_version": 99,
             "payload": {"family_id": str(uuid.uuid4()), "archived": True}, "base": {},
             "recorded_at": "2017-06-21T13:00:00+00:00", "agent_id": None, "prev_hash": last["hash"]}
    newer["hash"] = op_hash(id=uuid.UUID(newer["id"]), counter_id=town.a.actor.counter_id, seq=7,
                            op_type="family.archive", op_version=99, payload=newer["payload"], base={},
                            recorded_at=dt.datetime.fromisoformat(newer["recorded_at"]), agent_id=None,
                            prev_hash=last["hash"])
    refused = push(town, town.a, [newer]).outcomes[0]
    assert refused["reason"] == "unknown_type" and "le serveur doit être mis à jour" in refused["message"]
    assert stream_position(town.server, town.a.actor.counter_id)[0] == 6


def _edit_people(ctx: ServiceContext, family_id, *, guardian_phone=None, pickups=None, allergies=None):
    view = families.get_family(ctx, family_id)
    guardians = tuple(replace(g, phone_mobile=guardian_phone) if guardian_phone and i == 0 else g
                      for i, g in enumerate(view.guardians))
    children = tuple(families.ChildInput(c.first_name, c.last_name, c.birth_date, id=c.id,
                                         health_notes=c.health_notes,
                                         allergies=c.allergies if allergies is None else allergies,
                                         pickups=c.pickups if pickups is None else pickups)
                     for c in view.children)
    return families.update_family(ctx, family_id, families.FamilyInput(
        name=view.name, guardians=guardians, children=children, address_line1=view.address_line1,
        postal_code=view.postal_code, city=view.city, phone=view.phone, email=view.email))


def test_guardians_pickups_and_allergies_edited_at_two_counters(town):
    """Each kind of field of a dossier changed on both sides: a guardian's phone (the later wins,
    both kept in the conflict), the allergies (both texts kept), pick-up persons (each counter's
    new one kept; one removed here but changed there stays)."""
    from fastapi.testclient import TestClient

    from ems_desktop.sync.client import SyncClient
    from ems_desktop.sync.server import auth
    from ems_desktop.sync.server.app import create_app

    http = TestClient(create_app(town.server))
    a, b = (SyncClient(c, http, auth.enrol(town.server, auth.issue_enrolment_code(town.server, c.actor.counter_id))
                       .token) for c in (town.a, town.b))
    family_id, child_id = durand(town.a)
    granny = families.PickupInput("Mamie Durand", "grand-mère", "06 11 11 11 11")
    _edit_people(town.a, family_id, pickups=(granny,))
    a.push()
    b.pull()  # both counters know granny, with the same id
    neighbour = families.PickupInput("Voisine", "voisine", "06 22 22 22 22")
    uncle = families.PickupInput("Oncle Paul", "oncle", "06 33 33 33 33")
    _edit_people(town.a, family_id, guardian_phone="06 44 44 44 44", allergies="Arachide",
                 pickups=(replace(granny, phone="06 99 99 99 99"), neighbour))
    _edit_people(town.b, family_id, guardian_phone="06 55 55 55 55", allergies="Pollen", pickups=(uncle,))
    assert a.push().outcomes[-1]["status"] == "applied"
    assert b.push().outcomes[-1]["status"] == "conflict"
    with town.server.reading() as s:
        allergies = s.get(Child, child_id).allergies
        phone = s.scalar(select(Guardian.phone_mobile).where(Guardian.family_id == family_id)
                         .order_by(Guardian.position))
        names = sorted(s.scalars(select(AuthorizedPickup.full_name).where(AuthorizedPickup.child_id == child_id)))
    assert phone == "06 55 55 55 55" and allergies == "Arachide\nPollen"
    # A's neighbour and B's uncle both kept; granny, changed at A while B replaced her by the uncle
    # (B's form kept her row for him), is kept too: a pick-up person is never lost in a merge.
    assert names == ["Mamie Durand", "Oncle Paul", "Voisine"]
    [conflict] = conflicts(town.server)
    fields = {(f["table"], f["field"]): (f["server"], f["counter"]) for f in conflict.details["fields"]}
    assert fields[("guardians", "phone_mobile")] == ("06 44 44 44 44", "06 55 55 55 55")
    assert fields[("children", "allergies")] == ("Arachide", "Pollen")
    assert fields[("authorized_pickups", "(deux versions)")] == ("Mamie Durand", "Oncle Paul")


def test_an_enrollment_invoiced_at_two_counters_keeps_both_invoices_and_flags_the_double_charge(town):
    family_id, child_id = durand(town.a)
    velo = enrollment.enroll(town.a, child_id, group_id(town.a, *SEED_GROUPS[0])).id
    push(town, town.a)
    copy_rows(town.server, town.b, Enrollment)  # B knows the enrollment, as a pull would bring it
    for replica in (town.a, town.b):
        cash.open_cash_session(replica, 5000)
        checkout.checkout_enrollments(replica, uuid.uuid4(), family_id, [velo], [Tender("cash", 4000)])
    assert [o["status"] for o in push(town, town.a, outbox(town.a, after=1)).outcomes] == ["applied", "applied"]
    outcomes = push(town, town.b).outcomes  # the stream goes on: the second invoice is a fact too
    assert [o["status"] for o in outcomes] == ["applied", "conflict"]
    with town.server.reading() as s:
        lines = sorted(s.execute(select(Invoice.number, InvoiceLine.enrollment_id)
                                 .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)).all())
        assert s.get(Enrollment, velo).status == EnrollmentStatus.CONFIRMED
    assert lines == [("A01-F000001", velo), ("B01-F000001", None)]
    assert count(town.server, Payment, Payment.family_id == family_id) == 2
    [conflict] = conflicts(town.server)
    assert conflict.kind == ConflictKind.DUPLICATE_ENROLLMENT and conflict.details == {
        "enrollment_id": str(velo), "first_invoice": "A01-F000001", "second_invoice": "B01-F000001"}
    assert "La famille a payé deux fois : faites un avoir sur B01-F000001" in conflict.message


# --- SEPA mandates recorded at counters offline --------------------------------------------------------

def test_a_mandate_recorded_offline_reaches_the_server_and_a_second_one_is_kept_revoked(town):
    from ems_desktop.models import Mandate
    from ems_desktop.services import mandates
    from ems_desktop.services.mandates import MandateInput

    family_id, _ = durand(town.a)
    at_a = mandates.record_mandate(town.a, family_id, MandateInput("Claire Durand", "FR76 3000 6000 0112 3456 7890 189",
                                                                   "", "20/06/2017"))
    at_b = mandates.record_mandate(town.b, family_id, MandateInput("Claire Durand", "DE89 3704 0044 0532 0130 00",
                                                                   "COBADEFFXXX", "20/06/2017"))
    push(town, town.a)
    push(town, town.b)
    with town.server.reading() as s:
        rows = {m.rum: (m.iban, m.revoked_at is None, m.revoked_reason) for m in s.scalars(select(Mandate))}
    assert rows == {at_a.rum: ("FR7630006000011234567890189", True, ""),
                    at_b.rum: ("DE89370400440532013000", False,
                               f"Doublon : le mandat {at_a.rum} était déjà en vigueur")}
    [conflict] = conflicts(town.server)
    assert conflict.kind == ConflictKind.DUPLICATE_MANDATE and conflict.family_id == family_id
    # Revoked at A afterwards: the server follows.
    mandates.revoke_mandate(town.a, at_a.id, "Changement de banque")
    push(town, town.a, outbox(town.a, after=count(town.a, OutboxOp) - 1))
    with town.server.reading() as s:
        assert s.get(Mandate, at_a.id).revoked_reason == "Changement de banque"
