"""The benchmark dataset generator (bench/dataset.py): a small dataset must keep every rule of the
model, checked here with SQL on the file it wrote, and come out the same for the same seed."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import selectinload

from bench import dataset
from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.models import (
    CashSession,
    Enrollment,
    Family,
    Invoice,
    JournalEntry,
    Payment,
    Setting,
)
from ems_desktop.rules.age import check_age
from ems_desktop.rules.search import family_search_text
from ems_desktop.services import agents
from ems_desktop.services.context import ServiceContext

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
    assert set(dict(rows(db, "SELECT mode, count(*) FROM payments GROUP BY mode"))) == {"card", "cash", "cheque", "ancv"}
    assert set(summary.invoices_by_state) == {"paid", "partly paid", "unpaid"}


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
    return int(re.search(r"(\d+)$", number).group(1))


@pytest.mark.parametrize("table, column, kind, moment", [
    ("families", "reference", "family", "created_at"),
    ("invoices", "number", "invoice", "issued_at"),
    ("payments", "receipt_number", "receipt", "received_at"),
])
def test_numbers_gapless_chronological_per_counter_and_series_left_at_next(db, table, column, kind, moment):
    counters = rows(db, "SELECT id, number_prefix FROM counters ORDER BY number_prefix")
    assert [prefix for _, prefix in counters] == ["A01", "A02"]
    for counter_id, prefix in counters:
        query = f"SELECT {column} FROM {table} WHERE {column} LIKE :p ORDER BY {moment}, {column}"
        numbers = [n for (n,) in rows(db, query, p=prefix + "-%")]
        assert numbers, (table, prefix)
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
    assert rows(db, """
        SELECT l.id FROM invoice_lines l JOIN enrollments e ON e.id = l.enrollment_id
        WHERE e.status != 'confirmed'""") == []
    assert rows(db, """
        SELECT l.id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
        JOIN enrollments e ON e.id = l.enrollment_id JOIN children c ON c.id = e.child_id
        WHERE c.family_id != i.family_id OR l.unit_price_cents != e.price_cents""") == []


def test_payments_never_exceed_invoices_and_mix_paid_partly_paid_unpaid(db):
    assert rows(db, """
        SELECT i.number FROM invoices i JOIN payment_allocations a ON a.invoice_id = i.id
        GROUP BY i.id HAVING sum(a.amount_cents) > i.total_cents""") == []
    assert rows(db, """
        SELECT p.id FROM payments p LEFT JOIN payment_allocations a ON a.payment_id = p.id
        GROUP BY p.id HAVING count(a.id) = 0 OR sum(a.amount_cents) != p.amount_cents OR min(a.amount_cents) <= 0""") == []
    states = dict(rows(db, """
        SELECT CASE WHEN paid = 0 THEN 'unpaid' WHEN paid < total THEN 'partly' ELSE 'paid' END, count(*)
        FROM (SELECT i.total_cents AS total, coalesce(sum(a.amount_cents), 0) AS paid FROM invoices i
              LEFT JOIN payment_allocations a ON a.invoice_id = i.id GROUP BY i.id) GROUP BY 1"""))
    assert states["paid"] > states["partly"] > 0 and states["unpaid"] > 0
    assert rows(db, """
        SELECT p.id FROM payments p JOIN payment_allocations a ON a.payment_id = p.id
        JOIN invoices i ON i.id = a.invoice_id WHERE i.family_id != p.family_id""") == []


def test_payment_details_by_mode(db):
    card = rows(db, "SELECT card_masked_pan, card_authorisation, card_contract FROM payments WHERE mode = 'card'")
    assert card and all(re.fullmatch(r"\d{6}#{6}\d{4}", pan) and auth and contract for pan, auth, contract in card)
    cash = rows(db, "SELECT amount_cents, tendered_cents, change_cents FROM payments WHERE mode = 'cash'")
    assert cash and all(tendered - change == amount and change >= 0 for amount, tendered, change in cash)
    cheques = rows(db, "SELECT cheque_number, cheque_bank FROM payments WHERE mode IN ('cheque', 'ancv')")
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
        families = s.scalars(select(Family).options(selectinload(Family.guardians), selectinload(Family.children))).all()
        for f in families:
            assert f.search_text == family_search_text(
                reference=f.reference, name=f.name,
                guardians=[(g.first_name, g.last_name, g.phone_mobile, g.phone_work, g.email) for g in f.guardians],
                children=[(c.first_name, c.last_name) for c in f.children],
                phone=f.phone, email=f.email,
            )


def test_journal_has_one_created_entry_per_family_enrollment_invoice_and_payment(db):
    for entity, table in (("family", "families"), ("enrollment", "enrollments"), ("invoice", "invoices"),
                          ("payment", "payments")):
        assert scalar(db, "SELECT count(*) FROM journal_entries WHERE entity = :e AND action = 'created'",
                      e=entity) == scalar(db, f"SELECT count(*) FROM {table}")
        assert rows(db, f"""SELECT t.id FROM {table} t LEFT JOIN journal_entries j
                            ON j.entity_id = t.id AND j.entity = :e WHERE j.id IS NULL""", e=entity) == []


def test_timestamps_are_timezone_aware_utc_through_the_orm(db):
    with db.read() as s:
        for model, attribute in ((Family, "created_at"), (Enrollment, "created_at"), (Invoice, "issued_at"),
                                 (Payment, "received_at"), (CashSession, "closed_at"), (JournalEntry, "recorded_at")):
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


def test_ensure_dataset_builds_once_and_rebuilds_when_the_generator_changes(tmp_path, monkeypatch):
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
            assert s.get(Setting, dataset.VERSION_KEY).value == dataset.DATASET_VERSION
        assert scalar(database, "SELECT count(*) FROM families") == 40
    finally:
        database.dispose()
    assert not list(tmp_path.glob("*.building*"))


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
