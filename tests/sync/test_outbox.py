"""The counter's outbox: each user action of a counter that syncs commits one operation with it,
numbered per counter and hash-chained; a refused action commits none; two processes of one
counter append one after the other; a counter killed inside its transaction leaves no operation."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select, text, update

from ems_desktop.models import Enrollment, OutboxOp
from ems_desktop.services import cash, checkout, enrollment, families
from ems_desktop.services.checkout import Tender
from ems_desktop.services.errors import DomainError
from ems_desktop.sync.outbox import pending_ops, verify_outbox
from tests.concurrency.counters import CounterProcess, shared_town
from tests.helpers import SEED_GROUPS, group_id, make_family


@pytest.fixture
def town(catalog_2017):
    """Two counters on one database, as in tests/concurrency (not the sync tests' town)."""
    return shared_town(catalog_2017)


@pytest.fixture
def syncing(agent_ctx):
    """A counter that syncs with the town's server: its actions go to its outbox."""
    agent_ctx.outbox = True
    return agent_ctx


def operations(ctx) -> list[OutboxOp]:
    with ctx.reading() as s:
        rows = list(s.scalars(select(OutboxOp).where(OutboxOp.counter_id == ctx.actor.counter_id)
                              .order_by(OutboxOp.seq)))
        s.expunge_all()  # read as they are, after the reading ends
        return rows


def test_each_user_action_commits_one_operation_in_a_chain(syncing):
    ctx = syncing
    session = cash.open_cash_session(ctx, 5000)
    family = make_family(ctx)
    child = family.children[0]
    ids = [enrollment.enroll(ctx, child.id, group_id(ctx, *g)).id for g in SEED_GROUPS]
    paid = checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 8000)])
    balance = checkout.pay_balance(ctx, family.id, [Tender("cheque", 4000, "1234567")], request_id=uuid.uuid4())
    view = families.get_family(ctx, family.id)
    edited = families.FamilyInput(
        name=view.name, guardians=view.guardians,
        children=tuple(families.ChildInput(c.first_name, c.last_name, c.birth_date, id=c.id) for c in view.children),
        address_line1=view.address_line1, postal_code=view.postal_code, city="Ugine", phone=view.phone,
        email=view.email)
    families.update_family(ctx, family.id, edited)
    families.set_archived(ctx, family.id, True)
    closed = cash.close_cash_session(ctx, session.id, {"cash": 13000, "cheque": 4000, "ancv": 0, "card": 0}, "")
    assert closed.closed_at is not None

    ops = operations(ctx)
    assert [op.op_type for op in ops] == [
        "cash.open", "family.create", "enrollment.choose_group", "enrollment.choose_group", "enrollment.choose_group",
        "checkout.enrollments", "checkout.balance", "family.update", "family.archive", "cash.close"]
    assert [op.seq for op in ops] == list(range(1, 11))
    assert verify_outbox(ctx, ctx.actor.counter_id) == []
    # The facts the counter decided travel with the operation.
    sale = ops[5].payload
    assert sale["invoice"]["number"] == paid.invoice_number == "A01-F000001"
    assert sale["invoice"]["total_cents"] == 12000 and len(sale["lines"]) == 3
    assert sorted(line["enrollment_id"] for line in sale["lines"]) == sorted(str(i) for i in ids)
    assert [(p["mode"], p["amount_cents"], p["receipt_number"]) for p in sale["payments"]] == [
        ("cash", 8000, "A01-R000001")]
    assert sale["payments"][0]["allocations"][0]["invoice_id"] == str(paid.invoice_id)
    assert [(p["mode"], p["amount_cents"], p["cheque_number"]) for p in ops[6].payload["payments"]] == [
        ("cheque", 4000, "1234567")] and balance.paid_cents == 4000
    choice = ops[2].payload
    assert choice["enrollment_id"] == str(ids[0]) and choice["status"] == "pending" and choice["price_cents"] == 4000
    # An edit carries the old value of each changed field, for the server's field-by-field merge.
    family_key = str(view.id)
    assert ops[7].payload["rows"] == {"families": {family_key: {"city": "Ugine"}}}
    assert ops[7].base["rows"] == {"families": {family_key: {"city": view.city}}}
    assert ops[7].payload["added"] == {} and ops[7].payload["removed"] == {}
    # A created dossier travels as its rows, ids included (guardians, children, pick-up persons).
    created = ops[1].payload["rows"]
    assert list(created["families"]) == [family_key] and len(created["children"]) == 1
    assert created["families"][family_key]["reference"] == view.reference
    assert ops[0].payload["cash_session"]["opening_float_cents"] == 5000
    assert {c["mode"]: c["counted_cents"] for c in ops[9].payload["counts"]}["cash"] == 13000
    assert all(op.agent_id == ctx.actor.agent_id and op.acked_at is None for op in ops)
    assert [p.seq for p in pending_ops(ctx, ctx.actor.counter_id, limit=4)] == [1, 2, 3, 4]


def test_a_refused_action_commits_no_operation_and_the_chain_goes_on(syncing):
    ctx = syncing
    family = make_family(ctx)
    child = family.children[0]
    first = group_id(ctx, *SEED_GROUPS[0])
    enrollment.enroll(ctx, child.id, first)
    with pytest.raises(DomainError):
        enrollment.enroll(ctx, child.id, first)  # already in that offer: refused, nothing written
    enrollment.enroll(ctx, child.id, group_id(ctx, *SEED_GROUPS[1]))
    assert [(op.seq, op.op_type) for op in operations(ctx)] == [
        (1, "family.create"), (2, "enrollment.choose_group"), (3, "enrollment.choose_group")]
    assert verify_outbox(ctx, ctx.actor.counter_id) == []


def test_a_counter_that_does_not_sync_writes_no_operation(agent_ctx):
    family = make_family(agent_ctx)
    enrollment.enroll(agent_ctx, family.children[0].id, group_id(agent_ctx, *SEED_GROUPS[0]))
    assert operations(agent_ctx) == []


def test_an_edited_or_missing_operation_is_found(syncing):
    ctx = syncing
    family = make_family(ctx)
    for g in SEED_GROUPS:
        enrollment.enroll(ctx, family.children[0].id, group_id(ctx, *g))
    ops = operations(ctx)
    with ctx.unit_of_work() as uow:  # an amount changed behind the application's back
        uow.session.execute(update(OutboxOp).where(OutboxOp.id == ops[2].id)
                            .values(payload={**ops[2].payload, "price_cents": 1}))
    assert verify_outbox(ctx, ctx.actor.counter_id) == ["Opération n° 3 (enrollment.choose_group) modifiée ou hors "
                                                       "de sa chaîne."]
    with ctx.unit_of_work() as uow:
        uow.session.execute(text("DELETE FROM outbox_ops WHERE seq = 3"))
    problems = verify_outbox(ctx, ctx.actor.counter_id)
    assert "Opération n° 3 absente (la suivante est la n° 4)." in problems


def test_one_operation_per_unit_of_work(syncing):
    with pytest.raises(RuntimeError, match="one operation per unit of work"), syncing.unit_of_work() as uow:
        uow.emit("cash.open", {})
        uow.emit("cash.close", {})
    with pytest.raises(ValueError, match="unknown operation type"), syncing.unit_of_work() as uow:
        uow.emit("invented.thing", {})
    assert operations(syncing) == []


# --- two processes of one counter, and a kill at the worst moment ---------------------------------

@pytest.fixture
def same_counter(town, monkeypatch):
    monkeypatch.setenv("EMS_TESTS_OUTBOX", "1")
    town.ctx.outbox = True
    first = CounterProcess(town.ctx.db.url, town.agent_id, town.counter_a)
    second = CounterProcess(town.ctx.db.url, town.agent_id, town.counter_a)
    yield town, first, second
    for process in (first, second):
        if process.process.poll() is None:
            process.close()


def first_paused_sealed(same_counter):
    """Two new children and a group of 10 places; the first process enrolls the first child and
    stops with its operation written (sealed), not committed. Gives the town, both processes, both
    children and the number of operations before."""
    town, first, second = same_counter
    (_, [one]), (_, [two]) = town.family(), town.family()
    town.group(10)
    before = len(operations(town.ctx))
    first.send("enroll", pause="outbox_sealed", child_id=one, group_id=town.group_id)
    assert first.read() == {"paused": "outbox_sealed"}
    return town, first, second, one, two, before


def test_two_processes_of_one_counter_append_one_after_the_other(same_counter):
    """The first process stops with its operation written, not committed; the second enrolls
    another child (on SQLite it waits for the file, on PostgreSQL for the chain's end); then both
    finish: seq 1, 2, … without a gap, the chain holds."""
    town, first, second, one, two, before = first_paused_sealed(same_counter)
    second.send("enroll", child_id=two, group_id=town.group_id)
    assert not second.answers_within(1.0), "the second appended while the first held the chain's end"
    first.go()
    assert first.read()["ok"] and second.read()["ok"]
    ops = operations(town.ctx)
    assert [op.seq for op in ops] == list(range(1, before + 3))
    assert [op.payload["child_id"] for op in ops[-2:]] == [str(one), str(two)]
    assert verify_outbox(town.ctx, town.counter_a) == []


def test_a_counter_killed_with_its_operation_written_leaves_nothing(same_counter):
    """SIGKILL after the operation is written, before the commit: neither the enrollment nor its
    operation exists; the other process takes the next seq."""
    town, first, second, one, two, before = first_paused_sealed(same_counter)
    first.kill()
    assert second.call("enroll", child_id=two, group_id=town.group_id)["ok"]
    ops = operations(town.ctx)
    assert len(ops) == before + 1 and ops[-1].payload["child_id"] == str(two) and ops[-1].seq == before + 1
    assert verify_outbox(town.ctx, town.counter_a) == []
    with town.ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(Enrollment).where(Enrollment.child_id == one)) == 0
        assert s.scalar(select(func.count()).select_from(Enrollment).where(Enrollment.child_id == two)) == 1


# --- every action that moves money or places writes its operation ---------------------------------

def test_credit_notes_refunds_cards_and_expired_holds_write_their_operations(syncing, clock):
    import asyncio

    from ems_desktop.services import card_payments as cp, corrections
    from ems_desktop.terminal.fake import FAKE_MASKED_PAN, FakeTerminal

    ctx = syncing
    cash.open_cash_session(ctx, 0)
    family = make_family(ctx)
    child = family.children[0]
    ids = [enrollment.enroll(ctx, child.id, group_id(ctx, *g)).id for g in SEED_GROUPS]
    checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids[:2], [Tender("cash", 8000)])
    start = len(operations(ctx))
    # A credit note refunded in cash, then one kept as family credit and given back by cheque.
    corrections.cancel_paid_enrollment(ctx, ids[0], reason="Déménagement", refund_mode="cash")
    corrections.cancel_paid_enrollment(ctx, ids[1], reason="Blessure", refund_mode="credit")
    checkout.refund_family_credit(ctx, family.id, 4000, "cheque", cheque_number="7654321", reference="Avoir")
    # A card payment through the terminal: requested, sent, answered — three units, three operations.
    other = make_family(ctx, "Roux")
    attempt = asyncio.run(cp.CardPaymentRunner(ctx, FakeTerminal()).charge(other.id, "cle-1", 4500))
    # The third enrollment's hold runs out.
    clock.advance(hours=3)
    assert enrollment.release_expired_holds(ctx) == 1

    ops = operations(ctx)[start:]
    assert [op.op_type for op in ops] == [
        "correction.credit_note", "correction.credit_note", "credit.refund",
        "family.create", "card.attempts", "card.attempts", "card.attempts", "enrollment.release_expired"]
    cash_note, kept = ops[0].payload, ops[1].payload
    assert cash_note["credit_note"]["number"] == "A01-AV000001" and cash_note["enrollment_id"] == str(ids[0])
    assert cash_note["refund"]["amount_cents"] == -4000 and cash_note["refund"]["mode"] == "cash"
    assert kept["refund"] is None and kept["refund_mode"] == "credit"
    assert ops[2].payload["payment"]["cheque_number"] == "7654321"
    assert [op.payload["action"] for op in ops[4:7]] == ["requested", "sent", "answered"]
    answered = ops[6].payload["attempts"][0]
    assert answered["id"] == str(attempt.id) and answered["state"] == "accepted"
    assert answered["masked_pan"] == FAKE_MASKED_PAN  # never more than the first 6 and last 4 digits
    assert ops[7].payload["enrollment_ids"] == [str(ids[2])]
    assert verify_outbox(ctx, ctx.actor.counter_id) == []


# --- the counter's side: the role in guichet.json, the status bar ---------------------------------

def test_the_status_bar_says_how_many_operations_wait(qtbot, app_state):
    from ems_desktop.views.main_window import MainWindow

    app_state.context.outbox = True
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.show()
    label = window.sync_label
    qtbot.waitUntil(lambda: label.text() != "")
    assert label.isVisible() and label.text() == "Synchronisation : tout est envoyé"
    make_family(app_state.context)
    qtbot.waitUntil(lambda: label.text() == "Synchronisation : 1 opération en attente d'envoi")
    make_family(app_state.context, "Roux")
    qtbot.waitUntil(lambda: label.text() == "Synchronisation : 2 opérations en attente d'envoi")


def test_a_counter_alone_shows_no_synchronisation(qtbot, app_state):
    from ems_desktop.views.main_window import MainWindow

    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.show()
    assert not window.sync_label.isVisible()


def test_the_role_comes_from_this_counters_settings(tmp_path):
    from ems_desktop import config
    from ems_desktop.local_settings import LocalSettings

    local = LocalSettings(tmp_path / "guichet.json")
    assert local.get(config.SYNC_ROLE) == config.SYNC_STANDALONE  # today's behaviour by default
    local.set(config.SYNC_ROLE, config.SYNC_COUNTER)
    local.save()
    assert LocalSettings(tmp_path / "guichet.json").get(config.SYNC_ROLE) == "synchronise"
    with pytest.raises(ValueError):
        local.set(config.SYNC_ROLE, "serveur")  # not a role a counter can have
