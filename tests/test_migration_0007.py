"""Migration 0007 (backstops for several counters on one database), run as the application runs
it — ``open_database`` at start-up — on a database left at revision 0006 with rows written by raw
SQL: the number series are completed for every counter without touching the ones in use, and a
database whose data already breaks one of the new unique rules is not upgraded at all, with a
French message naming the rows."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from ems_desktop.database.engine import Database
from ems_desktop.database.migrate import current_revision, head_revision, upgrade
from ems_desktop.services.bootstrap import CannotOpenDatabase, open_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.numbering import take_number
from tests.helpers import Rows

NOW = "2017-06-21 13:00:00.000000"
LATER = "2017-06-22 09:00:00.000000"
T1_LABEL = "EMS 2017/2018 1er trim. - Du 20/09/2017 au 06/12/2017"


def fill_revision_0006(engine) -> Rows:
    """Two counters — A01, which has issued invoices 1 to 4 and only ever had an invoice series
    (as databases of 0005/0006 created series lazily), and B02, with no series at all — a family,
    an invoiced enrollment paid in cash, its credit note, a closed cash session, a journal entry."""
    with engine.begin() as c:
        r = Rows(c)
        r.insert("counters", "a01", code="HDV", name="Accueil Hôtel de Ville", number_prefix="A01", created_at=NOW)
        r.insert("counters", "b02", code="MAI", name="Mairie annexe", number_prefix="B02", created_at=NOW)
        r.insert("agents", "agent", login="c.martin", display_name="Claire Martin", password_hash="$argon2id$x",
                 is_admin=True, active=True, created_at=NOW)
        r.insert("number_series", "series", counter_id=r.id("a01"), kind="invoice", next_value=5)
        r.insert("families", "family", reference="A01-00001", name="Berthier", address_line1="8 rue Gambetta",
                 address_line2="", postal_code="73200", city="Albertville", phone="04 79 32 10 20", email="",
                 caf_number="1234567", quotient=820, notes="Préfère être appelée le matin", created_at=NOW,
                 updated_at=NOW, search_text=" berthier lise roxelane claire a01 00001")
        r.insert("guardians", "guardian", family_id=r.id("family"), position=0, first_name="Claire",
                 last_name="Berthier", relationship_label="mère", is_payer=True, phone_mobile="06 12 34 56 78",
                 phone_work="", email="claire@example.fr")
        r.insert("children", "child", family_id=r.id("family"), first_name="Lise-Roxelane", last_name="Berthier",
                 birth_date="2009-02-14", sex="F", school="", health_notes="Asthme", allergies="",
                 photo_allowed=True, may_leave_alone=False)
        r.insert("seasons", "season", label="2017/2018", starts_on="2017-09-01", ends_on="2018-08-31",
                 holiday_zone="A")
        for n, (code, starts, ends) in enumerate((("T1", "2017-09-20", "2017-12-06"),
                                                  ("T2", "2018-01-10", "2018-03-28"))):
            r.insert("offers", f"offer{n}", season_id=r.id("season"), code=code, label=f"EMS {code}",
                     invoice_label=f"EMS 2017/2018 {code}", kind="trimester", starts_on=starts, ends_on=ends,
                     position=n)
            r.insert("activity_groups", f"group{n}", offer_id=r.id(f"offer{n}"), label="7/11 ans VTT",
                     activity="VTT", age_min=7, age_max=11, age_rule="age_at_start", capacity=12, weekday=2,
                     start_time="13:30:00.000000", end_time="16:30:00.000000", place="Parc", price_cents=4000,
                     position=0)
            r.insert("enrollments", f"enrollment{n}", child_id=r.id("child"), group_id=r.id(f"group{n}"),
                     offer_id=r.id(f"offer{n}"), status="confirmed", price_cents=4000, hold_expires_at=None,
                     cancel_reason="", created_at=NOW, updated_at=NOW, agent_id=r.id("agent"),
                     counter_id=r.id("a01"))
        r.insert("invoices", "invoice", number="A01-F000004", counter_id=r.id("a01"), family_id=r.id("family"),
                 agent_id=r.id("agent"), issued_at=NOW, issue_date="2017-06-21", total_cents=8000,
                 debt_reference="20170621xA01x4", checkout_id=r.id("checkout"))
        for n in range(2):
            r.insert("invoice_lines", f"line{n}", invoice_id=r.id("invoice"), enrollment_id=r.id(f"enrollment{n}"),
                     position=n, label=T1_LABEL if n == 0 else "EMS 2017/2018 T2", child_name="Lise-Roxelane Berthier",
                     quantity=1, unit_price_cents=4000, amount_cents=4000)
        r.insert("cash_sessions", "till", counter_id=r.id("a01"), opened_by_id=r.id("agent"), opened_at=NOW,
                 opening_float_cents=5000, closed_by_id=r.id("agent"), closed_at=LATER, closing_note="RAS")
        r.insert("cash_session_counts", "count", cash_session_id=r.id("till"), mode="cash", expected_cents=13000,
                 counted_cents=13000, expected_count=1)
        r.insert("payments", "payment", family_id=r.id("family"), cash_session_id=r.id("till"),
                 counter_id=r.id("a01"), agent_id=r.id("agent"), received_at=NOW, mode="cash", amount_cents=8000,
                 receipt_number="A01-R000001", tendered_cents=10000, change_cents=2000, cheque_number="",
                 cheque_bank="", cheque_drawer="", card_masked_pan="", card_authorisation="", card_contract="",
                 card_transaction="", card_application="", refund_of_id=None)
        r.insert("payment_allocations", "allocation", payment_id=r.id("payment"), invoice_id=r.id("invoice"),
                 amount_cents=8000)
        r.insert("credit_notes", "credit_note", number="A01-AV000001", counter_id=r.id("a01"),
                 invoice_id=r.id("invoice"), family_id=r.id("family"), agent_id=r.id("agent"), issued_at=LATER,
                 issue_date="2017-06-22", total_cents=4000, reason="Déménagement")
        r.insert("credit_note_lines", "credit_line", credit_note_id=r.id("credit_note"), invoice_line_id=r.id("line1"),
                 position=0, label="EMS 2017/2018 T2", child_name="Lise-Roxelane Berthier", quantity=1,
                 unit_price_cents=4000, amount_cents=4000)
        r.insert("journal_entries", "journal", recorded_at=NOW, agent_id=r.id("agent"), counter_id=r.id("a01"),
                 entity="invoice", entity_id=r.id("invoice"), action="issued", changes='{"number": "A01-F000004"}',
                 sent_at=None)
    return r


def database_at_0006(url: str, extra=None) -> Rows:
    old = Database(url)
    try:
        upgrade(old.engine, "0006")
        rows = fill_revision_0006(old.engine)
        if extra is not None:
            with old.engine.begin() as c:
                extra(_reuse(rows, c))
        assert current_revision(old.engine) == "0006"
    finally:
        old.dispose()
    return rows


def _reuse(rows: Rows, connection) -> Rows:
    """The same ids, on another connection."""
    again = Rows(connection)
    again.ids = rows.ids
    return again


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (by its columns at the time of the dump), sorted."""
    database = Database(url)
    try:
        inspector = inspect(database.engine)
        tables = {}
        with database.engine.connect() as c:
            for table in inspector.get_table_names():
                columns = [col["name"] for col in inspector.get_columns(table)]
                rows = c.execute(text(f"SELECT {', '.join(columns)} FROM {table}")).all()
                tables[table] = sorted(tuple(zip(columns, map(str, row), strict=True)) for row in rows)
        return tables
    finally:
        database.dispose()


def schema_facts(url: str) -> dict:
    database = Database(url)
    try:
        inspector = inspect(database.engine)
        indexes = {i["name"] for t in ("invoice_lines", "credit_note_lines", "cash_sessions")
                   for i in inspector.get_indexes(t)}
        return {"revision": current_revision(database.engine),
                "payments.request_id": "request_id" in {c["name"] for c in inspector.get_columns("payments")},
                "unique indexes": sorted(indexes & {"uq_invoice_lines_enrollment_id",
                                                    "uq_credit_note_lines_invoice_line_id",
                                                    "uq_cash_sessions_open_per_counter"})}
    finally:
        database.dispose()


def without(tables: dict, *names: str, columns_of: dict | None = None) -> dict:
    """The tables except ``names``; with ``columns_of`` (an earlier dump), only the tables it had and
    each row with only the columns it had then (later revisions add tables and columns of their own)."""
    kept = {k: v for k, v in tables.items() if k not in names}
    if columns_of is None:
        return kept
    kept = {k: v for k, v in kept.items() if k in columns_of}
    known = {table: {name for row in rows for name, _ in row} for table, rows in columns_of.items()}
    return {table: [tuple(pair for pair in row if pair[0] in known.get(table, ()) or not known.get(table))
                    for row in rows] for table, rows in kept.items()}


# --- A sound database is upgraded, its series completed ---------------------------------------------------

def test_every_counter_gets_its_four_series_and_the_used_one_keeps_its_value(old_url):
    database_at_0006(old_url)
    before = dump(old_url)

    database = open_database(old_url)  # what the application does at start-up
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as c:
            series = sorted(c.execute(text(
                "SELECT k.number_prefix, s.kind, s.next_value FROM number_series s "
                "JOIN counters k ON k.id = s.counter_id")).all())
        assert [tuple(row) for row in series] == [
            ("A01", "credit_note", 1), ("A01", "family", 1), ("A01", "invoice", 5), ("A01", "receipt", 1),
            ("B02", "credit_note", 1), ("B02", "family", 1), ("B02", "invoice", 1), ("B02", "receipt", 1)]
    finally:
        database.dispose()

    after = dump(old_url)
    # The series row A01 had is the same row (same id), still at 5.
    assert set(before["number_series"]) <= set(after["number_series"])
    # Every other row is intact; payments only gained an empty request key.
    payments_before = before["payments"]
    payments_after = [tuple(pair for pair in row if pair[0] != "request_id") for row in after["payments"]]
    assert payments_after == payments_before
    assert [dict(row)["request_id"] for row in after["payments"]] == ["None"]
    assert without(after, "number_series", "payments", "alembic_version", columns_of=before) == \
        without(before, "number_series", "payments", "alembic_version")
    assert schema_facts(old_url) == {"revision": head_revision(), "payments.request_id": True, "unique indexes": [
        "uq_cash_sessions_open_per_counter", "uq_credit_note_lines_invoice_line_id", "uq_invoice_lines_enrollment_id"]}


def test_the_upgraded_counters_number_on_from_where_they_were(old_url):
    rows = database_at_0006(old_url)
    database = open_database(old_url)
    try:
        ctx = ServiceContext(database)
        a01, b02 = rows.ids["a01"], rows.ids["b02"]
        with ctx.unit_of_work() as uow:
            taken = [take_number(uow.session, a01, "invoice"), take_number(uow.session, a01, "credit_note"),
                     take_number(uow.session, a01, "receipt"), take_number(uow.session, b02, "family"),
                     take_number(uow.session, b02, "invoice")]
        assert taken == ["A01-F000005", "A01-AV000001", "A01-R000001", "B02-00001", "B02-F000001"]
    finally:
        database.dispose()
    # Opening again (the next start) adds nothing and changes nothing.
    before = dump(old_url)
    open_database(old_url).dispose()
    assert dump(old_url) == before


# --- Data that breaks a new rule: no upgrade, the rows named ------------------------------------------------

REFUSED_START = "La base ne peut pas être mise à jour : "
REFUSED_END = ("Rien n'a été modifié. Faites corriger ces lignes (service informatique), "
               "puis relancez l'application.")


def second_invoice_of_the_same_enrollment(r: Rows) -> None:
    r.insert("invoices", "invoice2", number="A01-F000002", counter_id=r.id("a01"), family_id=r.id("family"),
             agent_id=r.id("agent"), issued_at=NOW, issue_date="2017-06-21", total_cents=4000,
             debt_reference="20170621xA01x2", checkout_id=None)
    r.insert("invoice_lines", "line2", invoice_id=r.id("invoice2"), enrollment_id=r.id("enrollment0"), position=0,
             label=T1_LABEL, child_name="Lise-Roxelane Berthier", quantity=1, unit_price_cents=4000, amount_cents=4000)


def second_credit_note_of_the_same_line(r: Rows) -> None:
    r.insert("credit_notes", "credit_note2", number="A01-AV000002", counter_id=r.id("a01"),
             invoice_id=r.id("invoice"), family_id=r.id("family"), agent_id=r.id("agent"), issued_at=LATER,
             issue_date="2017-06-22", total_cents=4000, reason="Doublon")
    r.insert("credit_note_lines", "credit_line2", credit_note_id=r.id("credit_note2"), invoice_line_id=r.id("line1"),
             position=0, label="EMS 2017/2018 T2", child_name="Lise-Roxelane Berthier", quantity=1,
             unit_price_cents=4000, amount_cents=4000)


def two_open_cash_sessions_on_one_counter(r: Rows) -> None:
    for name, counter, opened in (("open1", "a01", "2017-06-23 08:00:00.000000"),
                                  ("open2", "a01", "2017-06-23 08:00:05.000000"),
                                  ("open_b02", "b02", "2017-06-23 08:30:00.000000")):  # one on B02 is fine
        r.insert("cash_sessions", name, counter_id=r.id(counter), opened_by_id=r.id("agent"), opened_at=opened,
                 opening_float_cents=5000, closed_by_id=None, closed_at=None, closing_note="")


@pytest.mark.parametrize("extra, problem, named, not_named", [
    pytest.param(second_invoice_of_the_same_enrollment,
                 "des inscriptions sont facturées plusieurs fois (facture, enfant, ligne) :",
                 [f" – A01-F000002, Lise-Roxelane Berthier, {T1_LABEL}",
                  f" – A01-F000004, Lise-Roxelane Berthier, {T1_LABEL}"],
                 ["EMS 2017/2018 T2"], id="two-invoice-lines-for-one-enrollment"),
    pytest.param(second_credit_note_of_the_same_line,
                 "des lignes de facture ont plusieurs avoirs (avoir, enfant, ligne) :",
                 [" – A01-AV000001, Lise-Roxelane Berthier, EMS 2017/2018 T2",
                  " – A01-AV000002, Lise-Roxelane Berthier, EMS 2017/2018 T2"],
                 ["A01-F000004"], id="two-credit-note-lines-for-one-invoice-line"),
    pytest.param(two_open_cash_sessions_on_one_counter,
                 "des guichets ont plusieurs sessions de caisse ouvertes (guichet, ouverture) :",
                 [" – A01, 2017-06-23 08:00:00", " – A01, 2017-06-23 08:00:05"],
                 ["B02", "2017-06-21"], id="two-open-cash-sessions-on-one-counter"),
])
def test_data_breaking_a_new_rule_stops_the_upgrade_and_names_the_rows(old_url, extra, problem, named, not_named):
    database_at_0006(old_url, extra)
    before = dump(old_url)

    with pytest.raises(CannotOpenDatabase) as err:
        open_database(old_url)
    message = str(err.value)
    assert message.startswith(REFUSED_START + problem + "\n") and message.endswith("\n" + REFUSED_END)
    listed = message.splitlines()[1:-1]
    assert len(listed) == len(named)
    for line, expected in zip(listed, named, strict=True):
        assert line.startswith(expected)
    for text_ in not_named:
        assert text_ not in "\n".join(listed)

    # Nothing changed: still revision 0006, no new column nor index, no series added, every row as it was.
    assert schema_facts(old_url) == {"revision": "0006", "payments.request_id": False, "unique indexes": []}
    assert dump(old_url) == before
    # The next start is refused the same way (nothing was half done).
    with pytest.raises(CannotOpenDatabase) as again:
        open_database(old_url)
    assert str(again.value) == message
