"""Two counters on one database — two processes on one SQLite file, two connections (two
processes) on PostgreSQL — racing for the same place, the same enrollments, the same balance, the
same credit note, a new counter's first numbers and a group's last places.

Each race is played with a forced interleaving (counter A stops inside its transaction after
reading what it checks; counter B is shown to wait; then A goes on), then 50 rounds running
freely. After each round the money and places invariants are checked, and no counter may have
met anything but a domain error (a French refusal)."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict

import pytest
from sqlalchemy import func, select as sql_select, text

from ems_desktop.models import ActivityGroup, Enrollment, EnrollmentStatus
from ems_desktop.rules.sepa import earliest_collection_date
from ems_desktop.services import agents, checkout, enrollment
from ems_desktop.services.context import Actor
from tests.concurrency.counters import CounterProcess, Town
from tests.helpers import real_time_on_the_seed_day

ROUNDS = 50
# Long enough to show that B is held by A's lock (it answers at once otherwise), far below the
# 5 s busy timeout after which SQLite would give up.
BLOCKED_CHECK_S = 0.4
def check_invariants(ctx) -> None:
    """What must hold whatever the counters did."""
    with ctx.db.engine.connect() as c:
        def q(sql):
            return c.execute(text(sql)).all()

        over = q("""SELECT g.id, g.capacity, COUNT(e.id) FROM activity_groups g JOIN enrollments e ON e.group_id = g.id
                    WHERE e.status = 'confirmed' OR (e.status = 'pending' AND e.hold_expires_at > :now)
                    GROUP BY g.id, g.capacity HAVING COUNT(e.id) > g.capacity""".replace(
                        ":now", "'" + _now_literal(c) + "'"))
        assert over == [], f"a group holds more children than places: {over}"
        assert q("""SELECT enrollment_id FROM invoice_lines WHERE enrollment_id IS NOT NULL
                    GROUP BY enrollment_id HAVING COUNT(*) > 1""") == [], "an enrollment invoiced twice"
        assert q("""SELECT invoice_line_id FROM credit_note_lines WHERE invoice_line_id IS NOT NULL
                    GROUP BY invoice_line_id HAVING COUNT(*) > 1""") == [], "an invoice line credited twice"
        overpaid = q("""SELECT i.number, i.total_cents,
                          (SELECT COALESCE(SUM(total_cents), 0) FROM credit_notes n WHERE n.invoice_id = i.id),
                          (SELECT COALESCE(SUM(amount_cents), 0) FROM payment_allocations a WHERE a.invoice_id = i.id)
                        FROM invoices i""")
        for number, total, credited, paid in overpaid:
            assert paid <= total, f"invoice {number} paid {paid} for {total}"
            assert paid - 0 <= total and credited <= total, f"invoice {number} credited {credited} for {total}"
        assert q("""SELECT counter_id FROM cash_sessions WHERE closed_at IS NULL
                    GROUP BY counter_id HAVING COUNT(*) > 1""") == []
        for table, column in (("invoices", "number"), ("credit_notes", "number"), ("payments", "receipt_number")):
            series = defaultdict(list)
            for (number,) in q(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
                prefix, sequence = number.rsplit("-", 1)
                series[prefix].append(int(re.sub(r"\D", "", sequence)))
            for prefix, values in series.items():
                assert sorted(values) == list(range(1, len(values) + 1)), f"{table} of {prefix}: {sorted(values)}"


def _now_literal(connection) -> str:
    now = real_time_on_the_seed_day()()
    if connection.dialect.name == "sqlite":
        return now.replace(tzinfo=None).isoformat(sep=" ")
    return now.isoformat()


def assert_domain(answer: dict, fragment: str = "") -> None:
    assert answer["ok"] is False and answer["domain"] is True, answer
    assert fragment in answer["message"], answer


def assert_no_raw_error(*answers: dict) -> None:
    for answer in answers:
        assert answer["ok"] or answer["domain"], f"a raw error reached the counter: {answer}"


@pytest.fixture
def counters(town):
    url = town.ctx.db.url
    a = CounterProcess(url, town.agent_id, town.counter_a)
    b = CounterProcess(url, town.agent_id, town.counter_b)
    yield a, b
    for process in (a, b):
        if process.process.poll() is None:
            process.close()


def forced(a: CounterProcess, b: CounterProcess, pause: str, op_a: tuple, op_b: tuple,
           b_waits: bool = True) -> tuple[dict, dict]:
    """A stops at ``pause`` inside its transaction; B starts the same kind of work and is shown to
    wait for A's lock; then A finishes, then B."""
    a.send(op_a[0], pause=pause, **op_a[1])
    assert a.read() == {"paused": pause}
    b.send(op_b[0], **op_b[1])
    if b_waits:
        assert not b.answers_within(BLOCKED_CHECK_S), "B went on while A held its transaction open"
    a.go()
    first = a.read()
    second = b.read()
    return first, second


def free(a: CounterProcess, b: CounterProcess, op_a: tuple, op_b: tuple) -> tuple[dict, dict]:
    a.send(op_a[0], **op_a[1])
    b.send(op_b[0], **op_b[1])
    return a.read(), b.read()


def one_won(first: dict, second: dict) -> dict:
    assert_no_raw_error(first, second)
    winners = [x for x in (first, second) if x["ok"]]
    assert len(winners) == 1, (first, second)
    return winners[0]


# --- the races -----------------------------------------------------------------------------

def race_last_place(town: Town):
    town.group(1)
    (_, [c1]), (_, [c2]) = town.family(), town.family()
    return (("enroll", {"child_id": c1, "group_id": town.group_id}),
            ("enroll", {"child_id": c2, "group_id": town.group_id}))


def test_the_last_place_of_a_group(town, counters):
    a, b = counters
    first, second = forced(a, b, "enroll_counted", *race_last_place(town))
    assert first["ok"] and first["result"]["status"] == "pending"
    assert_domain(second, "est complet")
    check_invariants(town.ctx)
    for _ in range(ROUNDS):
        one_won(*free(a, b, *race_last_place(town)))
        check_invariants(town.ctx)


def race_same_enrollments(town: Town):
    family_id, ids = town.enrolled_family(2)

    def op():
        return ("checkout", {"checkout_id": uuid.uuid4(), "family_id": family_id, "enrollment_ids": ids,
                             "tenders": [["cash", 8000, ""]]})

    return op(), op()


def test_the_same_enrollments_under_two_checkout_ids(town, counters):
    a, b = counters
    first, second = forced(a, b, "checkout_checked", *race_same_enrollments(town))
    assert first["ok"] and first["result"]["paid_cents"] == 8000
    assert_domain(second, "n'est plus en attente de paiement")
    check_invariants(town.ctx)
    for _ in range(ROUNDS):
        one_won(*free(a, b, *race_same_enrollments(town)))
        check_invariants(town.ctx)
    with town.ctx.reading() as s:  # every round took 80,00 € once
        assert s.scalar(text("SELECT COUNT(*) FROM payments WHERE amount_cents = 8000")) == ROUNDS + 1


def race_same_checkout_id(town: Town):
    family_id, ids = town.enrolled_family(1)
    op = ("checkout", {"checkout_id": uuid.uuid4(), "family_id": family_id, "enrollment_ids": ids,
                       "tenders": [["cheque", 4000, "1234567"]]})
    return op, op


def test_the_same_checkout_sent_twice(town, counters):
    a, b = counters
    first, second = forced(a, b, "checkout_checked", *race_same_checkout_id(town))
    assert first["ok"] and second["ok"], (first, second)
    assert first["result"] == second["result"]  # the second press gets the first result
    check_invariants(town.ctx)
    for _ in range(ROUNDS):
        first, second = free(a, b, *race_same_checkout_id(town))
        assert first["ok"] and second["ok"] and first["result"] == second["result"], (first, second)
        check_invariants(town.ctx)
    with town.ctx.reading() as s:
        assert s.scalar(text("SELECT COUNT(*) FROM invoices")) == ROUNDS + 1
        assert s.scalar(text("SELECT COUNT(*) FROM payments")) == ROUNDS + 1


def race_same_balance(town: Town, same_request: bool):
    family_id, _ = town.invoiced_family(paid=False)
    key = uuid.uuid4()

    def op():
        return ("pay_balance", {"family_id": family_id, "request_id": key if same_request else uuid.uuid4(),
                                "tenders": [["cash", 4000, ""]]})

    return op(), op()


@pytest.mark.parametrize("same_request", [False, True], ids=["two-requests", "one-request-sent-twice"])
def test_the_same_balance_paid_twice(town, counters, same_request):
    a, b = counters
    first, second = forced(a, b, "checkout_checked", *race_same_balance(town, same_request))
    assert first["ok"] and first["result"]["paid_cents"] == 4000
    if same_request:
        assert second == first
    else:
        assert_domain(second, "ne doit rien")
    check_invariants(town.ctx)
    for _ in range(ROUNDS):
        first, second = free(a, b, *race_same_balance(town, same_request))
        if same_request:
            assert first["ok"] and first == second, (first, second)
        else:
            one_won(first, second)
        check_invariants(town.ctx)
    with town.ctx.reading() as s:  # no family ever paid more than it owed
        assert s.scalar(text("SELECT COUNT(*) FROM payments WHERE amount_cents = 4000")) == ROUNDS + 1


def race_same_credit_note(town: Town):
    _, [enrollment_id] = town.invoiced_family(paid=True)
    op = ("credit_note", {"enrollment_id": enrollment_id, "refund_mode": "cash"})
    return op, op


def test_the_same_credit_note_twice(town, counters):
    a, b = counters
    first, second = forced(a, b, "credit_checked", *race_same_credit_note(town))
    assert first["ok"] and first["result"]["refund_cents"] == 4000
    assert_domain(second, "déjà fait l'objet d'un avoir")
    check_invariants(town.ctx)
    for _ in range(ROUNDS):
        one_won(*free(a, b, *race_same_credit_note(town)))
        check_invariants(town.ctx)
    with town.ctx.reading() as s:  # each 40,00 € enrollment refunded once
        assert s.scalar(text("SELECT COUNT(*) FROM payments WHERE amount_cents = -4000")) == ROUNDS + 1
        assert s.scalar(text("SELECT COUNT(*) FROM credit_notes")) == ROUNDS + 1


def race_first_invoice(town: Town):
    counter_id = town.new_counter()
    (f1, ids1), (f2, ids2) = town.enrolled_family(), town.enrolled_family()
    return (("checkout", {"checkout_id": uuid.uuid4(), "family_id": f1, "enrollment_ids": ids1,
                          "counter_id": counter_id}),
            ("checkout", {"checkout_id": uuid.uuid4(), "family_id": f2, "enrollment_ids": ids2,
                          "counter_id": counter_id}))


def test_the_first_invoices_of_a_new_counter(town, counters):
    a, b = counters
    first, second = forced(a, b, "number_taken", *race_first_invoice(town))
    assert first["ok"] and second["ok"], (first, second)
    assert [first["result"]["invoice_number"][-7:], second["result"]["invoice_number"][-7:]] == ["F000001", "F000002"]
    check_invariants(town.ctx)
    for _ in range(ROUNDS):
        first, second = free(a, b, *race_first_invoice(town))
        assert first["ok"] and second["ok"], (first, second)
        assert sorted(x["result"]["invoice_number"][-7:] for x in (first, second)) == ["F000001", "F000002"]
        check_invariants(town.ctx)


def race_expired_holds(town: Town, places_left: int):
    family_id, ids = town.enrolled_family(2)
    town.expire_holds(ids)  # two holds of one family run out: they no longer count among the places
    town.group(places_left)
    _, [other_child] = town.family()
    return (("checkout", {"checkout_id": uuid.uuid4(), "family_id": family_id, "enrollment_ids": ids,
                          "tenders": [["cash", 8000, ""]]}),
            ("enroll", {"child_id": other_child, "group_id": town.group_id}))


def test_several_expired_holds_of_one_group_in_one_checkout(town, counters):
    a, b = counters
    # One place left for two expired holds: the checkout is refused (each hold is counted against
    # the places the same checkout already took), and the other counter gets the place.
    first, second = forced(a, b, "checkout_counted", *race_expired_holds(town, places_left=1))
    assert_domain(first, "a expiré et le groupe est complet")
    assert second["ok"] and second["result"]["status"] == "pending"
    check_invariants(town.ctx)
    # Two places left: the checkout takes both, the other counter finds the group full.
    first, second = forced(a, b, "checkout_counted", *race_expired_holds(town, places_left=2))
    assert first["ok"], first
    assert_domain(second, "est complet")
    check_invariants(town.ctx)
    for round_number in range(ROUNDS):
        first, second = free(a, b, *race_expired_holds(town, places_left=1 + round_number % 2))
        assert_no_raw_error(first, second)
        check_invariants(town.ctx)


def test_a_counter_killed_inside_its_transaction_leaves_nothing_and_blocks_no_one(town, counters):
    """SIGKILL of counter A while it holds the checkout's transaction open (number taken, invoice
    written, not committed): counter B, which was waiting, goes on and invoices the same lines."""
    a, b = counters
    family_id, ids = town.enrolled_family(2)

    def op():
        return {"checkout_id": uuid.uuid4(), "family_id": family_id, "enrollment_ids": ids,
                "tenders": [["cash", 8000, ""]]}

    a.send("checkout", pause="number_taken", **op())
    assert a.read() == {"paused": "number_taken"}
    b.send("checkout", **op())
    assert not b.answers_within(BLOCKED_CHECK_S)
    a.kill()
    answer = b.read()
    assert answer["ok"] and answer["result"]["invoice_number"] == "B02-F000001", answer
    check_invariants(town.ctx)
    with town.ctx.reading() as s:
        assert s.scalar(sql_select(func.count()).select_from(Enrollment).where(
            Enrollment.id.in_(ids), Enrollment.status == EnrollmentStatus.CONFIRMED)) == 2
        assert s.scalar(text("SELECT COUNT(*) FROM invoices")) == 1


# --- the administrator changes a group's places while a counter enrolls in it ----------------------

@pytest.fixture
def administrator(town):
    system = town.ctx.as_actor(Actor(None, town.counter_a))
    return agents.create_agent(system, login="a.durand", display_name="Alice Durand", password="Neige-bleue-2026",
                               roles=["administrateur"]).id


def capacity_op(town: Town, administrator, capacity: int) -> tuple:
    with town.ctx.reading() as s:
        offer_id = s.get(ActivityGroup, town.group_id).offer_id
    return ("set_capacity", {"agent_id": administrator, "group_id": town.group_id, "offer_id": offer_id,
                             "capacity": capacity})


def taken(town: Town) -> int:
    places = enrollment.places_left(town.ctx, group_ids=[town.group_id])[town.group_id]
    return places.confirmed + places.held


def test_places_lowered_while_a_counter_takes_the_last_one(town, counters, administrator):
    """A enrolls (places counted, the group locked); the administrator's B lowers the capacity to
    the places taken before A: B waits for A, then counts A's place and refuses."""
    a, b = counters
    town.enrolled_family()  # one place taken already: the capacity can be lowered to it
    town.group(1)
    _, [child] = town.family()
    before = taken(town)
    first, second = forced(a, b, "enroll_counted", ("enroll", {"child_id": child, "group_id": town.group_id}),
                           capacity_op(town, administrator, before))
    assert first["ok"] and first["result"]["status"] == "pending"
    assert_domain(second, f"il lui faut au moins {before + 1} places")
    check_invariants(town.ctx)


def test_a_counter_enrolling_while_the_places_are_lowered(town, counters, administrator):
    """The administrator's A lowers the capacity to the places taken (counted, not written); B's
    enrollment waits, then finds the group full."""
    a, b = counters
    town.enrolled_family()  # one place taken already: the capacity can be lowered to it
    town.group(1)
    _, [child] = town.family()
    first, second = forced(a, b, "capacity_counted", capacity_op(town, administrator, taken(town)),
                           ("enroll", {"child_id": child, "group_id": town.group_id}))
    assert first["ok"], first
    assert_domain(second, "est complet")
    check_invariants(town.ctx)


def test_the_administrator_killed_while_lowering_the_places(town, counters, administrator):
    """SIGKILL of A inside its change of capacity: nothing of it stays, B enrolls in the place left."""
    a, b = counters
    town.enrolled_family()  # one place taken already: the capacity can be lowered to it
    town.group(1)
    _, [child] = town.family()
    capacity = taken(town) + 1
    op, args = capacity_op(town, administrator, taken(town))
    a.send(op, pause="capacity_counted", **args)
    assert a.read() == {"paused": "capacity_counted"}
    b.send("enroll", child_id=child, group_id=town.group_id)
    assert not b.answers_within(BLOCKED_CHECK_S)
    a.kill()
    answer = b.read()
    assert answer["ok"] and answer["result"]["status"] == "pending", answer
    with town.ctx.reading() as s:
        assert s.get(ActivityGroup, town.group_id).capacity == capacity
    check_invariants(town.ctx)


# --- direct-debit runs: a run, a payment at the counter, another run, the bank's return ------------

DEBIT_ROUNDS = 20


@pytest.fixture
def regie(town):
    """The régie's creditor account filled in: the town's agent (régisseur) may run debits."""
    from ems_desktop.services import debit_runs

    debit_runs.save_creditor(town.ctx, debit_runs.Creditor("", "FR12ZZZ123456", "FR7610071730000000100000010",
                                                           "TRPUFRP1"))
    return town


def family_to_debit(town: Town) -> tuple[uuid.UUID, uuid.UUID]:
    """A family with a mandate in force and its unpaid invoice (40,00 €) issued « à prélever »."""
    from ems_desktop.services import mandates

    family_id, ids = town.enrolled_family()
    mandates.record_mandate(town.ctx, family_id, mandates.MandateInput("Claire Payeur",
                                                                      "FR14 2004 1010 0505 0001 3M02 606", "",
                                                                      "20/06/2017"))
    result = checkout.checkout_enrollments(town.ctx, uuid.uuid4(), family_id, ids, (), collect_by_debit=True)
    assert result.invoice_id is not None  # the enrollments are invoiced, to be collected by debit
    return family_id, result.invoice_id


def debit_op(invoice_ids) -> tuple:
    return ("debit_run", {"run_id": uuid.uuid4(), "invoice_ids": list(invoice_ids)})


def debits(town: Town) -> tuple[int, int]:
    """(debit payments, debits not returned)."""
    with town.ctx.reading() as s:
        return (s.scalar(text("SELECT COUNT(*) FROM payments WHERE mode = 'sepa' AND amount_cents > 0")),
                s.scalar(text("SELECT COUNT(*) FROM debit_items WHERE state = 'pending'")))


def test_a_debit_run_and_a_payment_at_the_counter_settle_an_invoice_once(regie, counters):
    a, b = counters
    family_id, invoice_id = family_to_debit(regie)
    pay = ("pay_balance", {"family_id": family_id, "request_id": uuid.uuid4(), "tenders": [["cash", 4000, ""]]})
    first, second = forced(a, b, "debit_owed_read", debit_op([invoice_id]), pay)
    assert first["ok"] and first["result"]["total_cents"] == 4000, first
    assert_domain(second, "ne doit rien")
    # The other way round: the counter takes the money first, the run leaves the invoice out.
    family_id, invoice_id = family_to_debit(regie)
    pay = ("pay_balance", {"family_id": family_id, "request_id": uuid.uuid4(), "tenders": [["cash", 4000, ""]]})
    first, second = forced(a, b, "checkout_checked", pay, debit_op([invoice_id]))
    assert first["ok"], first
    assert_domain(second, "réglée entre-temps")
    check_invariants(regie.ctx)
    for round_number in range(DEBIT_ROUNDS):
        family_id, invoice_id = family_to_debit(regie)
        pay = ("pay_balance", {"family_id": family_id, "request_id": uuid.uuid4(), "tenders": [["cash", 4000, ""]]})
        ops = (debit_op([invoice_id]), pay) if round_number % 2 else (pay, debit_op([invoice_id]))
        one_won(*free(a, b, *ops))
        check_invariants(regie.ctx)


def test_two_debit_runs_of_the_same_invoices(regie, counters):
    a, b = counters
    invoices = [family_to_debit(regie)[1] for _ in range(3)]
    first, second = forced(a, b, "debit_owed_read", debit_op(invoices), debit_op(invoices[1:]))
    assert first["ok"] and first["result"]["count"] == 3, first
    assert_domain(second, "déjà dans un prélèvement en cours")
    assert debits(regie) == (3, 3)
    for _ in range(DEBIT_ROUNDS):
        invoices = [family_to_debit(regie)[1] for _ in range(2)]
        first, second = free(a, b, debit_op(invoices), debit_op(reversed(invoices)))
        one_won(first, second)
        check_invariants(regie.ctx)
    assert debits(regie) == (3 + 2 * DEBIT_ROUNDS, 3 + 2 * DEBIT_ROUNDS)


def test_the_regisseur_killed_while_building_a_run(regie, counters):
    """SIGKILL of A with its run written but not committed (payments, debits, mandate's sequence,
    the file): nothing of it stays; B's run, which was waiting, collects the same invoice."""
    a, b = counters
    _, invoice_id = family_to_debit(regie)
    op, args = debit_op([invoice_id])
    a.send(op, pause="debit_file_built", **args)
    assert a.read() == {"paused": "debit_file_built"}
    op, args = debit_op([invoice_id])
    b.send(op, **args)
    assert not b.answers_within(BLOCKED_CHECK_S)
    a.kill()
    answer = b.read()
    assert answer["ok"] and answer["result"]["count"] == 1, answer
    assert debits(regie) == (1, 1)
    with regie.ctx.reading() as s:
        assert s.scalar(text("SELECT COUNT(*) FROM debit_runs")) == 1
        assert s.scalar(text("SELECT sequence FROM sepa_mandates")) == "RCUR"
    check_invariants(regie.ctx)


def test_the_same_bank_return_imported_twice_at_once(regie, counters):
    """Two imports of one reject: the debit is reversed once (the family owes 40,00 €, not 80,00 €);
    the second import, which waited, finds it already returned."""
    from ems_desktop.services import debit_runs

    a, b = counters
    family_id, invoice_id = family_to_debit(regie)
    run = debit_runs.build_debit_run(regie.ctx, uuid.uuid4(), earliest_collection_date(regie.ctx.today()),
                                     [invoice_id])
    with regie.ctx.reading() as s:
        e2e = s.scalar(text("SELECT end_to_end_id FROM debit_items"))
    op = ("bank_return", {"csv": f"EndToEndId;Code\n{e2e};AM04\n"})
    first, second = forced(a, b, "reject_recorded", op, op)
    assert first == {"ok": True, "result": {"rejected": 1, "already_known": 0}}, first
    assert second == {"ok": True, "result": {"rejected": 0, "already_known": 1}}, second
    with regie.ctx.reading() as s:
        assert s.scalar(text("SELECT COUNT(*) FROM payments WHERE amount_cents < 0")) == 1
        assert checkout.open_invoices(s, family_id)[0][1] == 4000
    assert run.item_count == 1
    check_invariants(regie.ctx)
