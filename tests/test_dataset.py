"""The benchmark dataset generator (bench/dataset.py): a small dataset must keep every rule of the
model, checked here with SQL on the file it wrote, and come out the same for the same seed."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import selectinload

from bench import dataset
from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.models import (
    CardAttempt,
    CashSession,
    CreditNote,
    Enrollment,
    Family,
    Invoice,
    JournalEntry,
    Payment,
    PaymentAllocation,
    Setting,
)
from ems_desktop.rules.age import check_age
from ems_desktop.rules.search import family_search_text
from ems_desktop.services import agents
from ems_desktop.services.card_payments import attempts_needing_attention, lines_key
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.enrollment import HOLD_EXPIRED_REASON

FAMILIES = 300


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dataset.DatasetSummary]:
    path = tmp_path_factory.mktemp("dataset") / "small.sqlite3"
    summary = dataset.generate(sqlite_url(path), families=FAMILIES, seed=11, progress=lambda _m: None)
    return path, summary


@pytest.fixture(scope="module")
def db(generated):
    database = Database(sqlite_url(generated[0]))
    yield database
    database.dispose()


def rows(db: Database, sql: str, **params) -> list[tuple]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(text(sql), params)]


def scalar(db: Database, sql: str, **params):
    with db.read() as s:
        return s.execute(text(sql), params).scalar()


def test_sizes_and_mix(generated, db):
    _path, summary = generated
    assert scalar(db, "SELECT count(*) FROM families") == FAMILIES == summary.families
    assert scalar(db, "SELECT count(*) FROM children") == summary.children >= FAMILIES
    assert scalar(db, "SELECT count(*) FROM enrollments") == summary.enrollments
    assert scalar(db, "SELECT count(*) FROM invoices") == summary.invoices > 0
    assert scalar(db, "SELECT count(*) FROM payments") == summary.payments > 0
    statuses = dict(rows(db, "SELECT status, count(*) FROM enrollments GROUP BY status"))
    assert statuses["confirmed"] > statuses["waiting"] > 0
    assert statuses["cancelled"] > 0
    assert set(dict(rows(db, "SELECT mode, count(*) FROM payments GROUP BY mode"))) == {
        "card", "cash", "cheque", "ancv"}
    assert {"paid", "partly paid", "unpaid"} <= set(summary.invoices_by_state) <= {"paid", "partly paid", "unpaid",
                                                                                  "credited"}
    assert scalar(db, "SELECT count(*) FROM credit_notes") == summary.credit_notes > 0
    assert scalar(db, "SELECT count(*) FROM card_attempts") == summary.card_attempts > 0
    # A few percent of the invoices are corrected, some refunded.
    credited = scalar(db, "SELECT count(DISTINCT invoice_id) FROM credit_notes")
    assert credited == summary.invoices_credited and 0.01 <= credited / summary.invoices <= 0.08
    assert scalar(db, "SELECT count(*) FROM payments WHERE amount_cents < 0") > 0


def test_catalog_three_seasons_of_about_200_groups_on_the_right_weekdays(db):
    per_season = rows(db, """
        SELECT s.label, count(g.id) FROM seasons s JOIN offers o ON o.season_id = s.id
        JOIN activity_groups g ON g.offer_id = o.id GROUP BY s.label ORDER BY s.label""")
    assert [label for label, _ in per_season] == ["2024/2025", "2025/2026", "2026/2027"]
    assert all(180 <= count <= 230 for _, count in per_season)
    with db.read() as s:
        for kind, starts_on, weekday, label in s.execute(text("""
                SELECT o.kind, o.starts_on, g.weekday, o.label FROM offers o
                JOIN activity_groups g ON g.offer_id = o.id""")):
            first = dt.date.fromisoformat(starts_on)
            if kind == "trimester":
                assert first.weekday() == 2, label  # trimesters start on a Wednesday
            elif kind == "outing":
                assert first.weekday() == weekday, label
                assert first.strftime("%d/%m/%Y") in label  # the label follows the shifted date
    assert rows(db, "SELECT starts_on FROM offers WHERE code = 'EMS-2024-T1'") == [("2024-09-18",)]


def test_one_payer_guardian_per_family(db):
    assert rows(db, """
        SELECT f.id FROM families f LEFT JOIN guardians g ON g.family_id = f.id
        GROUP BY f.id HAVING count(g.id) = 0 OR sum(g.is_payer) != 1""") == []


def _suffix(number: str) -> int:
    digits = re.search(r"(\d+)$", number)
    assert digits is not None, number
    return int(digits.group(1))


@pytest.mark.parametrize("table, column, kind, moment", [
    ("families", "reference", "family", "created_at"),
    ("invoices", "number", "invoice", "issued_at"),
    ("credit_notes", "number", "credit_note", "issued_at"),
    ("payments", "receipt_number", "receipt", "received_at"),
])
def test_numbers_gapless_chronological_per_counter_and_series_left_at_next(db, table, column, kind, moment):
    counters = rows(db, "SELECT id, number_prefix FROM counters ORDER BY number_prefix")
    assert [prefix for _, prefix in counters] == ["A01", "A02"]
    for counter_id, prefix in counters:
        query = f"SELECT {column} FROM {table} WHERE {column} LIKE :p ORDER BY {moment}, {column}"
        numbers = [n for (n,) in rows(db, query, p=prefix + "-%")]
        assert numbers or table == "credit_notes", (table, prefix)  # a few: maybe none at one counter
        if table != "families":  # documents also name their counter: the prefix must be its own
            assert scalar(db, f"SELECT count(*) FROM {table} WHERE counter_id = :c", c=counter_id) == len(numbers)
        # In chronological order the numbers run 1, 2, 3… without a gap.
        assert [_suffix(n) for n in numbers] == list(range(1, len(numbers) + 1))
        next_value = scalar(db, "SELECT next_value FROM number_series WHERE counter_id = :c AND kind = :k",
                            c=counter_id, k=kind)
        assert next_value == len(numbers) + 1


def test_family_references_have_the_service_format(db):
    assert all(re.fullmatch(r"A0[12]-\d{5}", r) for (r,) in rows(db, "SELECT reference FROM families"))
    assert all(re.fullmatch(r"A0[12]-F\d{6}", n) for (n,) in rows(db, "SELECT number FROM invoices"))
    assert all(re.fullmatch(r"A0[12]-AV\d{6}", n) for (n,) in rows(db, "SELECT number FROM credit_notes"))
    assert all(re.fullmatch(r"A0[12]-R\d{6}", n) for (n,) in rows(db, "SELECT receipt_number FROM payments"))


def test_capacity_never_exceeded_and_waiting_lists_only_in_full_groups(db):
    assert rows(db, """
        SELECT g.label FROM activity_groups g JOIN enrollments e ON e.group_id = g.id
        WHERE e.status IN ('confirmed', 'pending') GROUP BY g.id HAVING count(*) > g.capacity""") == []
    assert rows(db, """
        SELECT g.label FROM activity_groups g
        WHERE EXISTS (SELECT 1 FROM enrollments w WHERE w.group_id = g.id AND w.status = 'waiting')
          AND (SELECT count(*) FROM enrollments e WHERE e.group_id = g.id
               AND e.status IN ('confirmed', 'pending')) < g.capacity""") == []


def test_one_active_enrollment_per_child_and_offer_in_the_offer_of_its_group(db):
    assert rows(db, """
        SELECT child_id, offer_id FROM enrollments WHERE status IN ('pending', 'confirmed', 'waiting')
        GROUP BY child_id, offer_id HAVING count(*) > 1""") == []
    assert rows(db, """
        SELECT e.id FROM enrollments e JOIN activity_groups g ON g.id = e.group_id
        WHERE g.offer_id != e.offer_id""") == []


def test_enrollment_states_are_coherent(db):
    assert rows(db, "SELECT id FROM enrollments WHERE status = 'pending' AND hold_expires_at IS NULL") == []
    assert rows(db, "SELECT id FROM enrollments WHERE status != 'pending' AND hold_expires_at IS NOT NULL") == []
    assert rows(db, "SELECT id FROM enrollments WHERE status = 'cancelled' AND cancel_reason = ''") == []


def test_children_fit_the_age_bracket_of_their_groups(db):
    with db.read() as s:
        found = s.execute(text("""
            SELECT c.first_name, c.birth_date, o.starts_on, g.age_min, g.age_max, g.age_rule
            FROM enrollments e JOIN children c ON c.id = e.child_id
            JOIN activity_groups g ON g.id = e.group_id JOIN offers o ON o.id = g.offer_id""")).all()
    assert found
    for first, birth, starts, low, high, rule in found:
        verdict = check_age(first_name=first, birth_date=dt.date.fromisoformat(birth),
                            offer_first_day=dt.date.fromisoformat(starts), age_min=low, age_max=high, rule=rule)
        assert verdict.allowed, verdict.reason


def test_invoice_totals_are_the_sums_of_their_lines(db):
    assert rows(db, """
        SELECT i.number FROM invoices i LEFT JOIN invoice_lines l ON l.invoice_id = i.id
        GROUP BY i.id HAVING count(l.id) = 0 OR i.total_cents != sum(l.amount_cents)""") == []
    assert rows(db, "SELECT id FROM invoice_lines WHERE amount_cents != quantity * unit_price_cents") == []


def test_confirmed_enrollments_are_invoiced_exactly_once_to_their_family(db):
    assert rows(db, """
        SELECT e.id FROM enrollments e LEFT JOIN invoice_lines l ON l.enrollment_id = e.id
        WHERE e.status = 'confirmed' GROUP BY e.id HAVING count(l.id) != 1""") == []
    # An invoiced enrollment stays confirmed unless a credit note cancelled its line.
    assert rows(db, """
        SELECT l.id FROM invoice_lines l JOIN enrollments e ON e.id = l.enrollment_id
        LEFT JOIN credit_note_lines c ON c.invoice_line_id = l.id
        WHERE (c.id IS NULL AND e.status != 'confirmed') OR (c.id IS NOT NULL AND e.status != 'cancelled')""") == []
    assert rows(db, """
        SELECT l.id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
        JOIN enrollments e ON e.id = l.enrollment_id JOIN children c ON c.id = e.child_id
        WHERE c.family_id != i.family_id OR l.unit_price_cents != e.price_cents""") == []


def test_payments_never_exceed_invoices_and_mix_paid_partly_paid_unpaid(db):
    assert rows(db, """
        SELECT i.number FROM invoices i JOIN payment_allocations a ON a.invoice_id = i.id
        GROUP BY i.id HAVING sum(a.amount_cents) > i.total_cents OR sum(a.amount_cents) < 0""") == []
    # A payment is allocated whole, with its sign (a refund takes money back from its invoice).
    assert rows(db, """
        SELECT p.id FROM payments p LEFT JOIN payment_allocations a ON a.payment_id = p.id
        GROUP BY p.id HAVING count(a.id) != 1 OR sum(a.amount_cents) != p.amount_cents OR p.amount_cents = 0""") == []
    states = dict(rows(db, """
        SELECT CASE WHEN paid = 0 THEN 'unpaid' WHEN paid < total THEN 'partly' ELSE 'paid' END, count(*)
        FROM (SELECT i.total_cents AS total, coalesce(sum(a.amount_cents), 0) AS paid FROM invoices i
              LEFT JOIN payment_allocations a ON a.invoice_id = i.id GROUP BY i.id) GROUP BY 1"""))
    assert states["paid"] > states["partly"] > 0 and states["unpaid"] > 0
    assert rows(db, """
        SELECT p.id FROM payments p JOIN payment_allocations a ON a.payment_id = p.id
        JOIN invoices i ON i.id = a.invoice_id WHERE i.family_id != p.family_id""") == []


MASKED_PAN = re.compile(r"\d{6}#{6}\d{4}|#{12}\d{4}")  # from the terminal, or last digits typed from a ticket


def test_payment_details_by_mode(db):
    card = rows(db, "SELECT card_masked_pan, card_authorisation, card_contract FROM payments WHERE mode = 'card'")
    assert card and all(MASKED_PAN.fullmatch(pan) and auth for pan, auth, _contract in card)
    assert sum(1 for _pan, _auth, contract in card if contract) > 0.98 * len(card)  # not read from a ticket
    cash = rows(db, "SELECT amount_cents, tendered_cents, change_cents FROM payments WHERE mode = 'cash' "
                    "AND amount_cents > 0")
    assert cash and all(tendered - change == amount and change >= 0 for amount, tendered, change in cash)
    cheques = rows(db, "SELECT cheque_number, cheque_bank FROM payments WHERE mode IN ('cheque', 'ancv') "
                       "AND amount_cents > 0")
    assert all(number and bank for number, bank in cheques)
    assert rows(db, """SELECT id FROM payments WHERE mode = 'ancv'
                        AND (amount_cents % 1000 != 0 OR change_cents IS NOT NULL)""") == []
    # No card data outside the card payments (and never a full number anywhere).
    assert rows(db, "SELECT id FROM payments WHERE mode != 'card' AND card_masked_pan != ''") == []


def test_each_payment_is_in_a_closed_cash_session_of_its_counter_and_day(db):
    with db.read() as s:
        sessions = {x.id: x for x in s.scalars(select(CashSession))}
        payments = s.scalars(select(Payment)).all()
        assert payments
        for p in payments:
            session = sessions[p.cash_session_id]
            assert session.closed_at is not None and session.closed_by_id is not None
            assert session.counter_id == p.counter_id
            assert session.opened_at <= p.received_at <= session.closed_at
            assert session.opened_at.astimezone(dataset.PARIS).date() == p.received_at.astimezone(dataset.PARIS).date()
    counts = rows(db, """
        SELECT c.cash_session_id, c.mode, c.expected_cents, c.expected_count FROM cash_session_counts c""")
    by_session = defaultdict(dict)
    for session_id, mode, expected, count in counts:
        by_session[session_id][mode] = (expected, count)
    totals = rows(db, "SELECT cash_session_id, mode, sum(amount_cents), count(*) FROM payments GROUP BY 1, 2")
    for session_id, mode, amount, count in totals:
        expected, expected_count = by_session[session_id][mode]
        assert expected_count == count
        if mode != "cash":
            assert expected == amount


def test_search_text_is_what_the_family_service_computes(db):
    with db.read() as s:
        families = s.scalars(select(Family).options(selectinload(Family.guardians),
                                                    selectinload(Family.children))).all()
        for f in families:
            assert f.search_text == family_search_text(
                reference=f.reference, name=f.name,
                guardians=[(g.first_name, g.last_name, g.phone_mobile, g.phone_work, g.email) for g in f.guardians],
                children=[(c.first_name, c.last_name) for c in f.children],
                phone=f.phone, email=f.email,
            )


def test_journal_has_one_created_entry_per_family_enrollment_invoice_and_payment(db):
    for entity, table in (("family", "families"), ("enrollment", "enrollments"), ("invoice", "invoices"),
                          ("payment", "(SELECT * FROM payments WHERE amount_cents > 0)")):
        assert scalar(db, "SELECT count(*) FROM journal_entries WHERE entity = :e AND action = 'created'",
                      e=entity) == scalar(db, f"SELECT count(*) FROM {table}")
        assert rows(db, f"""SELECT t.id FROM {table} t LEFT JOIN journal_entries j
                            ON j.entity_id = t.id AND j.entity = :e WHERE j.id IS NULL""", e=entity) == []


def test_journal_has_the_services_entries_for_corrections_and_card_attempts(db):
    """As corrections.cancel_paid_enrollment and card_payments journal them."""
    assert rows(db, """SELECT n.id FROM credit_notes n LEFT JOIN journal_entries j
                        ON j.entity_id = n.id AND j.entity = 'credit_note' AND j.action = 'issued'
                        GROUP BY n.id HAVING count(j.id) != 1""") == []
    assert rows(db, """SELECT p.id FROM payments p LEFT JOIN journal_entries j
                        ON j.entity_id = p.id AND j.entity = 'payment' AND j.action = 'refunded'
                        WHERE p.amount_cents < 0 GROUP BY p.id HAVING count(j.id) != 1""") == []
    # Every credit note's enrollment has its "cancelled" entry naming the credit note.
    with db.read() as s:
        cancelled = {(e, c["reason"]) for e, c in s.execute(select(JournalEntry.entity_id, JournalEntry.changes)
                     .where(JournalEntry.entity == "enrollment", JournalEntry.action == "cancelled"))}
    for enrollment_id, number in rows(db, """
            SELECT l.enrollment_id, n.number FROM credit_notes n JOIN credit_note_lines c ON c.credit_note_id = n.id
            JOIN invoice_lines l ON l.id = c.invoice_line_id"""):
        assert (uuid.UUID(enrollment_id), f"Annulée par l'avoir {number}") in cancelled
    # Each card attempt: requested, sent, answered (and settled when it was).
    steps = dict(rows(db, """SELECT a.id, count(j.id) FROM card_attempts a LEFT JOIN journal_entries j
                               ON j.entity_id = a.id AND j.entity = 'card_attempt' GROUP BY a.id"""))
    settled = {a for (a,) in rows(db, "SELECT id FROM card_attempts WHERE settled_at IS NOT NULL")}
    assert steps and all(count == (4 if a in settled else 3) for a, count in steps.items())


def test_timestamps_are_timezone_aware_utc_through_the_orm(db):
    with db.read() as s:
        for model, attribute in ((Family, "created_at"), (Enrollment, "created_at"), (Invoice, "issued_at"),
                                 (Payment, "received_at"), (CashSession, "closed_at"), (JournalEntry, "recorded_at"),
                                 (CreditNote, "issued_at"), (CardAttempt, "finished_at")):
            values = [getattr(obj, attribute) for obj in s.scalars(select(model).limit(50))]
            assert values, model
            assert all(v.tzinfo is not None and v.utcoffset() == dt.timedelta(0) for v in values), model
            assert all(v <= dataset.NOW for v in values), model


def test_demo_agent_and_counters_are_ready_for_the_application(db):
    ctx = ServiceContext(db=db)
    agent = agents.authenticate(ctx, "demo", "ems-demo")
    assert agent.is_admin
    assert [c.number_prefix for c in agents.list_counters(ctx)] == ["A01", "A02"]
    with db.read() as s:
        assert s.get(Setting, dataset.VERSION_KEY).value == dataset.DATASET_VERSION


def test_every_card_payment_has_exactly_one_attempt_that_made_it(db):
    assert rows(db, """
        SELECT p.id FROM payments p LEFT JOIN card_attempts a ON a.payment_id = p.id
        WHERE p.mode = 'card' GROUP BY p.id HAVING count(a.id) != 1""") == []
    assert rows(db, """
        SELECT a.id FROM card_attempts a JOIN payments p ON p.id = a.payment_id WHERE p.mode != 'card'""") == []
    found = rows(db, """
        SELECT a.kind, a.amount_cents, p.amount_cents, a.state, a.family_id, p.family_id, a.counter_id, p.counter_id,
               a.masked_pan, p.card_masked_pan, a.authorisation, p.card_authorisation, a.merchant_contract,
               p.card_contract, a.transaction_number, p.card_transaction, a.created_at, a.sent_at, a.finished_at,
               p.received_at
        FROM card_attempts a JOIN payments p ON p.id = a.payment_id""")
    assert found
    for (kind, amount, paid, state, family, paid_family, counter, paid_counter, pan, paid_pan, auth, paid_auth,
         contract, paid_contract, transaction, paid_transaction, created, sent, finished, received) in found:
        assert kind == ("debit" if paid > 0 else "refund") and amount == abs(paid) and state == "accepted"
        assert (family, counter, pan, auth, contract, transaction) == (paid_family, paid_counter, paid_pan, paid_auth,
                                                                       paid_contract, paid_transaction)
        assert created <= sent <= finished <= received


def test_card_attempts_pay_the_lines_they_name(db):
    attempts = rows(db, """SELECT a.id, a.lines_key, a.lines, a.lines_kind, a.kind, a.payment_id, a.credit_note_id
                           FROM card_attempts a""")
    line_invoice = dict(rows(db, "SELECT enrollment_id, invoice_id FROM invoice_lines"))
    paid_invoice = dict(rows(db, "SELECT payment_id, invoice_id FROM payment_allocations"))
    for _id, key, lines, lines_kind, kind, payment_id, credit_note_id in attempts:
        lines = json.loads(lines)
        assert lines and lines_kind in ("enrollments", "invoices")
        if kind == "debit":
            assert key == lines_key(lines) and credit_note_id is None
            if payment_id is not None:  # the invoice it paid holds the enrollments it charged
                invoice = uuid.UUID(paid_invoice[payment_id])
                named = {uuid.UUID(line_invoice[uuid.UUID(i).hex]) for i in lines} if lines_kind == "enrollments" \
                    else {uuid.UUID(i) for i in lines}
                assert invoice in named
        else:
            assert credit_note_id is not None and lines_kind == "invoices"
    refunds = rows(db, """
        SELECT a.lines_key, a.lines, c.invoice_line_id, n.invoice_id FROM card_attempts a
        JOIN credit_notes n ON n.id = a.credit_note_id JOIN credit_note_lines c ON c.credit_note_id = n.id""")
    for key, lines, line_id, invoice_id in refunds:
        assert key == lines_key([uuid.UUID(line_id), "refund"])
        assert json.loads(lines) == [str(uuid.UUID(invoice_id))]


def test_card_attempts_are_left_in_the_states_a_counter_leaves_them(db):
    states = dict(rows(db, "SELECT state, count(*) FROM card_attempts GROUP BY state"))
    # Nothing "requested" or "sent": the start-up recovery would change them on first opening.
    assert set(states) <= {"accepted", "refused", "failed", "unreachable", "in_doubt"}
    assert states["accepted"] > 0.9 * sum(states.values())
    assert rows(db, "SELECT id FROM card_attempts WHERE state != 'accepted' AND payment_id IS NOT NULL") == []
    assert rows(db, "SELECT id FROM card_attempts WHERE sent_at IS NULL OR finished_at IS NULL") == []
    assert rows(db, "SELECT id FROM card_attempts WHERE retry_blocked_until IS NOT NULL AND state != 'failed'") == []
    assert rows(db, "SELECT id FROM card_attempts WHERE (settled_at IS NULL) != (settled_by_id IS NULL)") == []
    assert rows(db, "SELECT id FROM card_attempts WHERE simulated") == []
    # What the Accueil lists: a handful, in doubt or accepted but never recorded.
    attention = attempts_needing_attention(ServiceContext(db=db))
    assert len(attention) <= max(3, scalar(db, "SELECT count(*) FROM families") // 4000)
    assert all(a.state == "in_doubt" or (a.state == "accepted" and a.payment_id is None) for a in attention)
    for a in attention:
        with db.read() as s:
            ids = [uuid.UUID(i) for i in s.get(CardAttempt, a.id).lines]
            if a.state == "in_doubt":
                # Nothing was taken on its invoices afterwards: an attempt in doubt blocks them.
                taken = s.scalars(select(Payment.received_at).join(PaymentAllocation)
                                  .where(PaymentAllocation.invoice_id.in_(ids))).all()
                assert all(moment < a.created_at for moment in taken)
                owed = sum(i.total_cents for i in s.scalars(select(Invoice).where(Invoice.id.in_(ids))))
                assert 0 < a.amount_cents <= owed
            else:
                assert set(s.scalars(select(Enrollment.status).where(Enrollment.id.in_(ids)))) == {"pending"}


def test_no_card_number_is_kept_beyond_its_first_six_and_last_four_digits(db):
    for (pan,) in rows(db, "SELECT masked_pan FROM card_attempts UNION SELECT card_masked_pan FROM payments"):
        assert pan == "" or MASKED_PAN.fullmatch(pan), pan
    for (changes,) in rows(db, "SELECT changes FROM journal_entries WHERE entity IN ('card_attempt', 'payment')"):
        for key, value in json.loads(changes).items():
            if "pan" in key:
                assert value == "" or MASKED_PAN.fullmatch(value), value
    text_columns = rows(db, """SELECT message, settlement_note, authorisation, transaction_number, reason_code
                               FROM card_attempts""")
    assert not any(re.search(r"\d{7}", " ".join(values)) for values in text_columns)


def test_credit_notes_cancel_one_invoiced_line_each_and_never_exceed_their_invoice(db):
    notes = rows(db, """
        SELECT n.number, n.total_cents, n.family_id, i.family_id, count(c.id), sum(c.amount_cents), min(l.amount_cents),
               min(l.invoice_id = n.invoice_id), min(c.label = l.label), n.issued_at, i.issued_at, n.reason
        FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id
        JOIN credit_note_lines c ON c.credit_note_id = n.id JOIN invoice_lines l ON l.id = c.invoice_line_id
        GROUP BY n.id""")
    assert len(notes) == scalar(db, "SELECT count(*) FROM credit_notes") > 0
    for (number, total, family, invoice_family, count, lines_total, line_amount, same_invoice, same_label, issued,
         invoice_issued, reason) in notes:
        assert count == 1 and total == lines_total == line_amount and family == invoice_family, number
        assert same_invoice and same_label and issued > invoice_issued and reason, number
    assert rows(db, """
        SELECT i.number FROM invoices i JOIN credit_notes n ON n.invoice_id = i.id
        GROUP BY i.id HAVING sum(n.total_cents) > i.total_cents""") == []


def test_refunds_give_back_what_was_paid_beyond_what_the_invoice_still_asks(db) -> None:
    """Replays corrections.cancel_paid_enrollment on each credited invoice, credit note after
    credit note: the refund is what was paid beyond what remains due (at most the line), or
    nothing when it is kept on the family's account."""
    with db.read() as s:
        refunds = {}  # credit note number → refund payment (amount, mode, allocation's invoice)
        for entity_id, changes in s.execute(select(JournalEntry.entity_id, JournalEntry.changes).where(
                JournalEntry.entity == "payment", JournalEntry.action == "refunded")):
            refunds[changes["credit_note"]] = entity_id
        payments = {p.id: p for p in s.scalars(select(Payment))}
        allocations = rows(db, "SELECT payment_id, invoice_id, amount_cents FROM payment_allocations")
        by_invoice = defaultdict(list)
        for payment_id, invoice_id, amount in allocations:
            by_invoice[uuid.UUID(invoice_id)].append((payments[uuid.UUID(payment_id)], amount))
        invoices = {i.id: i for i in s.scalars(select(Invoice).where(
            Invoice.id.in_(select(CreditNote.invoice_id))))}
        notes = s.scalars(select(CreditNote).order_by(CreditNote.issued_at)).all()
        credited: dict = defaultdict(int)
        modes = set()
        for note in notes:
            invoice = invoices[note.invoice_id]
            paid = sum(amount for p, amount in by_invoice[invoice.id] if p.received_at < note.issued_at)
            remaining = invoice.total_cents - credited[invoice.id] - note.total_cents
            expected = max(0, min(note.total_cents, paid - remaining))
            credited[invoice.id] += note.total_cents
            refund = payments.get(refunds.get(note.number))
            if refund is None:
                continue  # nothing to give back, or kept as family credit
            assert -refund.amount_cents == expected > 0, note.number
            assert [a for p, a in by_invoice[invoice.id] if p.id == refund.id] == [refund.amount_cents]
            assert refund.received_at >= note.issued_at and refund.counter_id == note.counter_id
            modes.add(refund.mode)
            if refund.mode == "card":  # back to a card that paid this invoice, through the terminal
                by_card = sum(a for p, a in by_invoice[invoice.id]
                              if p.mode == "card" and p.received_at < refund.received_at)
                assert by_card >= -refund.amount_cents, note.number
                attempt = s.scalar(select(CardAttempt).where(CardAttempt.payment_id == refund.id))
                assert attempt.kind == "refund" and attempt.credit_note_id == note.id
            elif refund.mode == "cash":
                assert refund.tendered_cents is None and refund.change_cents is None
            else:
                assert refund.mode == "cheque" and refund.cheque_number
        assert modes
        assert len(refunds) == scalar(db, "SELECT count(*) FROM payments WHERE amount_cents < 0")


def test_places_freed_by_credit_notes_go_to_the_waiting_list(db):
    offered = rows(db, """SELECT e.status, e.cancel_reason
                          FROM journal_entries j JOIN enrollments e ON e.id = j.entity_id
                          WHERE j.entity = 'enrollment' AND j.action = 'offered_from_waiting_list'""")
    for status, reason in offered:
        assert status in ("pending", "confirmed") or reason == HOLD_EXPIRED_REASON \
            or reason.startswith("Annulée par l'avoir"), (status, reason)
    assert rows(db, "SELECT id FROM enrollments WHERE cancel_reason LIKE 'Annulée par l''avoir%' "
                    "AND cancel_reason NOT IN (SELECT 'Annulée par l''avoir ' || number FROM credit_notes)") == []


def _fingerprint(path: Path) -> tuple[list, list]:
    database = Database(sqlite_url(path))
    try:
        names = rows(database, "SELECT reference, name, search_text FROM families ORDER BY reference")
        invoices = rows(database, "SELECT number, total_cents, issue_date FROM invoices ORDER BY number")
    finally:
        database.dispose()
    return names, invoices


def test_same_seed_same_dataset(generated, tmp_path):
    again = tmp_path / "again.sqlite3"
    dataset.generate(sqlite_url(again), families=FAMILIES, seed=11, progress=lambda _m: None)
    assert _fingerprint(again) == _fingerprint(generated[0])


def test_ensure_dataset_builds_once_and_rebuilds_when_the_generator_changes(tmp_path, monkeypatch) -> None:
    path = tmp_path / "bench.sqlite3"
    messages: list[str] = []
    assert dataset.ensure_dataset(path, families=40, progress=messages.append) == path
    built = path.stat().st_mtime_ns
    assert dataset.ensure_dataset(path, families=40, progress=messages.append) == path
    assert path.stat().st_mtime_ns == built  # up to date: reused as is
    monkeypatch.setattr(dataset, "DATASET_VERSION", dataset.DATASET_VERSION + 1)
    dataset.ensure_dataset(path, families=40, progress=messages.append)
    assert any("rebuilding" in m for m in messages)
    database = Database(sqlite_url(path))
    try:
        with database.read() as s:
            setting = s.get(Setting, dataset.VERSION_KEY)
            assert setting is not None and setting.value == dataset.DATASET_VERSION
        assert scalar(database, "SELECT count(*) FROM families") == 40
    finally:
        database.dispose()
    assert not list(tmp_path.glob("*.building*"))


def test_the_size_comes_from_the_environment_and_names_the_file(tmp_path, monkeypatch):
    assert dataset.dataset_path(50_000).name == "ems-50k.sqlite3" == dataset.DEFAULT_PATH.name
    assert dataset.dataset_path(200_000).name == "ems-200k.sqlite3"
    monkeypatch.setattr(dataset, "DATA", tmp_path)
    monkeypatch.setenv("EMS_BENCH_FAMILIES", "30")
    path = dataset.ensure_dataset(progress=lambda _m: None)
    assert path == tmp_path / "ems-30.sqlite3"
    assert scalar_of(path, "SELECT count(*) FROM families") == 30
    built = path.stat().st_mtime_ns
    assert dataset.ensure_dataset(force=True, progress=lambda _m: None) == path
    assert path.stat().st_mtime_ns != built  # rebuilt beside, then renamed over the file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ems-30.sqlite3", "ems-30.sqlite3.lock"]


def scalar_of(path: Path, sql: str):
    database = Database(sqlite_url(path))
    try:
        return scalar(database, sql)
    finally:
        database.dispose()


def test_shifted_dates_keep_their_weekday():
    for day in (dt.date(2026, 9, 16), dt.date(2027, 7, 23), dt.date(2027, 8, 12), dt.date(2027, 7, 12)):
        for years in (-2, -1):
            moved = dataset.shift_date(day, years)
            assert moved.weekday() == day.weekday()
            assert moved.year == day.year + years
            assert abs((moved - day.replace(year=day.year + years)).days) <= 3
    assert dataset.shift_text("U - Spartiate Race 11/08/2027", -1) == "U - Spartiate Race 12/08/2026"
    assert dataset.shift_text("EMS année 2026/2027 1er trimestre", -2) == "EMS année 2024/2025 1er trimestre"
    assert dataset.shift_text("U-2027-08-11", -1) == "U-2026-08-12"


def test_the_generated_journal_verifies_clean(db):
    """Written in bulk, the dataset's journal is chained like the application's own."""
    from ems_desktop.services.context import ServiceContext
    from ems_desktop.services.journal import check_journal

    check = check_journal(ServiceContext(db))
    assert check.ok and check.entries > 1000, check.broken[:3]
