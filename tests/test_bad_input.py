"""Bad input at the service layer, on SQLite and on PostgreSQL: over-long texts, invisible control
characters, line breaks in single-line fields and impossible amounts are refused with the French
message of the field — and nothing at all is saved (no row, no journal entry, no number taken).

The last guard (the flush guard of services/text_guard.py) refuses what a service does not check
itself, and a raw database error inside a unit of work comes out as a French DomainError."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sqlite3
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from ems_desktop.models import (
    Base,
    CashSession,
    CashSessionCount,
    ClosurePeriod,
    CreditNote,
    Enrollment,
    Invoice,
    NumberSeries,
    Payment,
    Setting,
)
from ems_desktop.money import MAX_AMOUNT_CENTS
from ems_desktop.services import agents, cash, checkout, corrections, families, planning
from ems_desktop.services.checkout import Tender
from ems_desktop.services.errors import ConcurrentChange, DomainError, InvalidData, ValidationFailed

D = dt.date

TOO_LONG_120 = "Ce texte est trop long : 120 caractères au plus (10000 saisis)."
ONE_LINE = "Ce champ tient sur une seule ligne : retirez le retour à la ligne."
NOT_DECIMAL = "Montant invalide : un montant s'écrit en euros et centimes, deux décimales au plus (ex. 40,00)."
NEGATIVE = "Montant invalide : il ne peut pas être négatif."
ZERO = "Montant invalide : saisissez un montant d'au moins 0,01 €."
TOO_BIG = "Montant invalide : 1\u202f000\u202f000,00\xa0€ au plus."


def invisible(position: int) -> str:
    return (f"Ce texte contient un caractère invisible non autorisé (position {position}) : "
            "retapez-le sans copier-coller.")


def too_long(limit: int, typed: int) -> str:
    return f"Ce texte est trop long : {limit} caractères au plus ({typed} saisis)."


def snapshot(ctx) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    """The number of rows of every table, and every counter's number series."""
    with ctx.reading() as s:
        counts = {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
        series = sorted((str(c), k, v) for c, k, v in s.execute(
            select(NumberSeries.counter_id, NumberSeries.kind, NumberSeries.next_value)))
    return counts, series


def count(ctx, model) -> int:
    with ctx.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


# --- Family dossiers ------------------------------------------------------------------------------

def dossier(**changes) -> families.FamilyInput:
    base = families.FamilyInput(
        name="Berthier", city="Albertville", postal_code="73200",
        guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True, phone_mobile="06 12 34 56 78"),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", D(2009, 2, 14), health_notes="Asthme"),))
    return dataclasses.replace(base, **changes)


def guardian(**changes) -> families.GuardianInput:
    return dataclasses.replace(families.GuardianInput("Claire", "Berthier", is_payer=True), **changes)


def child(**changes) -> families.ChildInput:
    return dataclasses.replace(families.ChildInput("Lise-Roxelane", "Berthier", D(2009, 2, 14)), **changes)


BAD_DOSSIERS = [
    pytest.param(dossier(name="B" * 10_000), "name", TOO_LONG_120, id="name-10000-chars"),
    pytest.param(dossier(name="Ber\x00thier"), "name", invisible(4), id="name-nul"),
    pytest.param(dossier(name="Berthier\nMartin"), "name", ONE_LINE, id="name-line-break"),
    pytest.param(dossier(name="Berthier\r"), "name", ONE_LINE, id="name-carriage-return"),
    pytest.param(dossier(city="Albert\nville"), "city", ONE_LINE, id="city-line-break"),
    pytest.param(dossier(notes="Rappeler\x07"), "notes", invisible(9), id="notes-bell"),
    pytest.param(dossier(guardians=(guardian(first_name="Cla\x00ire"),)), "guardians.0.first_name", invisible(4),
                 id="guardian-first-name-nul"),
    pytest.param(dossier(guardians=(guardian(email="claire@example.fr\t"),)), "guardians.0.email", invisible(18),
                 id="guardian-email-tab"),
    pytest.param(dossier(guardians=(guardian(last_name="B" * 81),)), "guardians.0.last_name", too_long(80, 81),
                 id="guardian-last-name-81"),
    pytest.param(dossier(children=(child(health_notes="Asthme\x00"),)), "children.0.health_notes", invisible(7),
                 id="child-health-notes-nul"),
    pytest.param(dossier(children=(child(health_notes="x" * 4001),)), "children.0.health_notes", too_long(4000, 4001),
                 id="child-health-notes-4001"),
    pytest.param(dossier(children=(child(first_name="L" * 81),)), "children.0.first_name", too_long(80, 81),
                 id="child-first-name-81"),
    pytest.param(dossier(children=(child(school="École\nJean Moulin"),)), "children.0.school", ONE_LINE,
                 id="child-school-line-break"),
    pytest.param(dossier(children=(child(pickups=(families.PickupInput("Marc\x00 Berthier"),)),)),
                 "children.0.pickups.0.full_name", invisible(5), id="pickup-name-nul"),
]


@pytest.mark.parametrize("data, key, message", BAD_DOSSIERS)
def test_a_bad_text_in_a_new_dossier_is_refused_and_nothing_is_saved(ctx, data, key, message):
    before = snapshot(ctx)
    with pytest.raises(ValidationFailed) as err:
        families.create_family(ctx, data)
    assert err.value.errors[key] == message
    assert snapshot(ctx) == before  # no family, no guardian, no child, no journal, no reference taken
    # The same dossier once corrected is saved, and takes the first reference: no gap.
    assert families.create_family(ctx, dossier()).reference == "A01-00001"


@pytest.mark.parametrize("data, key, message", BAD_DOSSIERS[:3] + BAD_DOSSIERS[6:7] + BAD_DOSSIERS[9:10])
def test_a_bad_text_in_an_existing_dossier_is_refused_and_the_dossier_is_unchanged(ctx, data, key, message):
    saved = families.create_family(ctx, dossier())
    before = snapshot(ctx)
    with pytest.raises(ValidationFailed) as err:
        families.update_family(ctx, saved.id, dataclasses.replace(
            data, children=tuple(dataclasses.replace(c, id=saved.children[0].id) for c in data.children)))
    assert err.value.errors[key] == message
    assert snapshot(ctx) == before
    assert families.get_family(ctx, saved.id) == saved


def test_texts_at_their_limit_and_line_breaks_in_free_text_are_accepted(ctx):
    data = dossier(name="B" * 120, notes="Préfère être appelée\nle matin",
                   children=(child(health_notes="Asthme\nVentoline dans le sac\tà dos", allergies="x" * 4000),))
    saved = families.create_family(ctx, data)
    assert saved.name == "B" * 120 and saved.notes == "Préfère être appelée\nle matin"
    lise = families.get_family(ctx, saved.id).children[0]
    assert lise.health_notes == "Asthme\nVentoline dans le sac\tà dos" and len(lise.allergies) == 4000


# --- Checkout: tenders ------------------------------------------------------------------------------


def statuses(ctx, ids):
    with ctx.reading() as s:
        return [s.get(Enrollment, i).status for i in ids]


BAD_TENDERS = [
    # Amounts of the wrong type on purpose (the service must refuse what a caller's bug would hand it).
    pytest.param(Tender("cash", 12.345),  # type: ignore[arg-type]  # a float on purpose
                 "tenders.0.amount", NOT_DECIMAL, id="float-12.345"),
    pytest.param(Tender("cash", 120.0),  # type: ignore[arg-type]  # a float on purpose
                 "tenders.0.amount", NOT_DECIMAL, id="float-120.0"),
    pytest.param(Tender("cash", Decimal("120.00")),  # type: ignore[arg-type]  # a Decimal on purpose
                 "tenders.0.amount", NOT_DECIMAL, id="decimal"),
    pytest.param(Tender("cash", "12000"),  # type: ignore[arg-type]  # a str on purpose
                 "tenders.0.amount", NOT_DECIMAL, id="string"),
    pytest.param(Tender("cash", True), "tenders.0.amount", NOT_DECIMAL, id="bool"),
    pytest.param(Tender("cash", -1), "tenders.0.amount", NEGATIVE, id="minus-one"),
    pytest.param(Tender("cheque", 0, cheque_number="1"), "tenders.0.amount", ZERO, id="zero"),
    pytest.param(Tender("cash", 100_000_001), "tenders.0.amount", TOO_BIG, id="over-the-maximum"),
    pytest.param(Tender("cheque", 12000, cheque_number="12\x0034"), "tenders.0.cheque_number", invisible(3),
                 id="cheque-number-nul"),
    pytest.param(Tender("cheque", 12000, cheque_number="0001\n234"), "tenders.0.cheque_number", ONE_LINE,
                 id="cheque-number-line-break"),
    pytest.param(Tender("cheque", 12000, cheque_number="1" * 41), "tenders.0.cheque_number", too_long(40, 41),
                 id="cheque-number-41"),
    pytest.param(Tender("cheque", 12000, cheque_number="1", cheque_bank="B" * 10_000), "tenders.0.cheque_bank",
                 too_long(80, 10_000), id="cheque-bank-10000"),
    pytest.param(Tender("cheque", 12000, cheque_number="1", cheque_drawer="M. Berthier\x1b"),
                 "tenders.0.cheque_drawer", invisible(12), id="cheque-drawer-escape"),
]


@pytest.mark.parametrize("tender, key, message", BAD_TENDERS)
def test_a_bad_tender_is_refused_and_nothing_is_saved(agent_ctx, recap, till, tender, key, message):
    family, ids = recap
    before = snapshot(agent_ctx)
    with pytest.raises(ValidationFailed) as err:
        checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [tender])
    assert err.value.errors[key] == message
    assert snapshot(agent_ctx) == before  # no invoice, no payment, no number taken
    assert count(agent_ctx, Invoice) == 0 and count(agent_ctx, Payment) == 0
    assert statuses(agent_ctx, ids) == ["pending"] * 3
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                           [Tender("cheque", 12000, cheque_number="0001234")])
    assert result.invoice_number == "A01-F000001" and result.payments[0].receipt_number == "A01-R000001"


@pytest.mark.parametrize("tender, key, message", [BAD_TENDERS[0], BAD_TENDERS[5], BAD_TENDERS[7], BAD_TENDERS[8]])
def test_a_bad_tender_on_a_balance_is_refused_and_nothing_is_saved(agent_ctx, recap, till, tender, key, message):
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 5000)])
    before = snapshot(agent_ctx)
    with pytest.raises(ValidationFailed) as err:
        checkout.pay_balance(agent_ctx, family.id, [tender])
    assert err.value.errors[key] == message
    assert snapshot(agent_ctx) == before
    assert [d.owed_cents for d in checkout.family_due_invoices(agent_ctx, family.id)] == [7000]


# --- Cash sessions ------------------------------------------------------------------------------------

@pytest.mark.parametrize("amount, message", [
    pytest.param(12.345, NOT_DECIMAL, id="float"),
    pytest.param(Decimal("50.00"), NOT_DECIMAL, id="decimal"),
    pytest.param("5000", NOT_DECIMAL, id="string"),
    pytest.param(None, NOT_DECIMAL, id="none"),
    pytest.param(-1, NEGATIVE, id="minus-one"),
    pytest.param(MAX_AMOUNT_CENTS + 1, TOO_BIG, id="over-the-maximum"),
])
def test_a_bad_opening_float_is_refused_and_no_session_is_opened(agent_ctx, amount, message):
    before = snapshot(agent_ctx)
    with pytest.raises(ValidationFailed) as err:
        cash.open_cash_session(agent_ctx, amount)
    assert err.value.errors == {"opening_float": message}
    assert snapshot(agent_ctx) == before
    assert count(agent_ctx, CashSession) == 0 and cash.current_cash_session(agent_ctx) is None


@pytest.mark.parametrize("amount", [0, MAX_AMOUNT_CENTS])
def test_an_empty_float_and_the_largest_one_are_accepted(agent_ctx, amount):
    opened = cash.open_cash_session(agent_ctx, amount)
    assert opened.is_open and opened.opening_float_cents == amount
    assert cash.current_cash_session(agent_ctx).total("cash").expected_cents == amount


@pytest.mark.parametrize("counted, note, key, message", [
    pytest.param({"cash": 12.345, "cheque": 0}, "", "counted.cash", NOT_DECIMAL, id="float"),
    pytest.param({"cash": 5000, "cheque": Decimal("0")}, "", "counted.cheque", NOT_DECIMAL, id="decimal"),
    pytest.param({"cash": -1, "cheque": 0}, "", "counted.cash", NEGATIVE, id="minus-one"),
    pytest.param({"cash": 5000, "cheque": MAX_AMOUNT_CENTS + 1}, "", "counted.cheque", TOO_BIG, id="over-the-maximum"),
    pytest.param({"cash": 5000, "cheque": 0, "ancv": -500}, "", "counted.ancv", NEGATIVE, id="ancv-negative"),
    pytest.param({"cash": 5000, "cheque": 0, "card": 0}, "Billet\x00 manquant", "note", invisible(7), id="note-nul"),
    pytest.param({"cash": 5000, "cheque": 0, "card": 0}, "n" * 4001, "note", too_long(4000, 4001), id="note-4001"),
    pytest.param({"cash": 5000, "cheque": 0, "card": 0}, "n" * 10_000, "note", too_long(4000, 10_000), id="note-10000"),
])
def test_a_bad_count_or_note_is_refused_and_the_session_stays_open(agent_ctx, till, counted, note, key, message):
    before = snapshot(agent_ctx)
    with pytest.raises(ValidationFailed) as err:
        cash.close_cash_session(agent_ctx, till.id, counted, note)
    assert err.value.errors[key] == message
    assert snapshot(agent_ctx) == before
    assert count(agent_ctx, CashSessionCount) == 0
    session = cash.current_cash_session(agent_ctx)
    assert session.id == till.id and session.is_open and session.closing_note == ""


def test_counts_of_zero_and_a_note_on_several_lines_close_the_session(agent_ctx, till):
    closed = cash.close_cash_session(agent_ctx, till.id, {"cash": 0, "cheque": 0, "card": 0},
                                     "Fond remis au coffre\nle soir")
    assert not closed.is_open and closed.closing_note == "Fond remis au coffre\nle soir"
    assert closed.total("cash").difference_cents == -5000 and closed.total("cheque").difference_cents == 0


# --- Corrections: credit notes -----------------------------------------------------------------------

@pytest.fixture
def paid(agent_ctx, recap, till):
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 12000)])
    return family, ids


@pytest.mark.parametrize("kwargs, key, message", [
    pytest.param(dict(reason="Déménagement\x00", refund_mode="cash"), "reason", invisible(13), id="reason-nul"),
    pytest.param(dict(reason="r" * 301, refund_mode="cash"), "reason", too_long(300, 301), id="reason-301"),
    pytest.param(dict(reason="r" * 10_000, refund_mode="credit"), "reason", too_long(300, 10_000), id="reason-10000"),
    pytest.param(dict(reason=" \n ", refund_mode="cash"), "reason",
                 "Indiquez le motif de l'annulation (il figure sur l'avoir).", id="reason-blank"),
    pytest.param(dict(reason="Déménagement", refund_mode="cheque", cheque_number="77\x00"), "cheque_number",
                 invisible(3), id="cheque-number-nul"),
    pytest.param(dict(reason="Déménagement", refund_mode="cheque", cheque_number="7\n7"), "cheque_number",
                 ONE_LINE, id="cheque-number-line-break"),
    pytest.param(dict(reason="Déménagement", refund_mode="cheque", cheque_number="7" * 41), "cheque_number",
                 too_long(40, 41), id="cheque-number-41"),
])
def test_a_bad_credit_note_reason_or_cheque_is_refused_and_nothing_is_saved(agent_ctx, paid, kwargs, key, message):
    family, ids = paid
    before = snapshot(agent_ctx)
    with pytest.raises(ValidationFailed) as err:
        corrections.cancel_paid_enrollment(agent_ctx, ids[0], **kwargs)
    assert err.value.errors[key] == message
    assert snapshot(agent_ctx) == before  # no credit note, no refund, no number taken
    assert count(agent_ctx, CreditNote) == 0
    assert statuses(agent_ctx, ids) == ["confirmed"] * 3
    # Corrected, it goes through with the first credit-note number; the reason may span lines.
    done = corrections.cancel_paid_enrollment(agent_ctx, ids[0], reason="Déménagement\nà Lyon", refund_mode="cash")
    assert done.credit_note_number == "A01-AV000001" and done.refund_cents == 4000
    with agent_ctx.reading() as s:
        assert s.get(CreditNote, done.credit_note_id).reason == "Déménagement\nà Lyon"


# --- Agents and counters -------------------------------------------------------------------------------

def test_a_login_with_an_invisible_character_is_refused_like_a_wrong_one(ctx):
    agents.create_agent(ctx, login="c.martin", display_name="Claire Martin", password="Velo-rouge-73")
    with pytest.raises(agents.LoginRefused) as err:
        agents.authenticate(ctx, "c.mar\x00tin", "Velo-rouge-73")
    assert err.value.message == "Identifiant ou mot de passe incorrect."


@pytest.mark.parametrize("kwargs, key, message", [
    pytest.param(dict(login="c.mar\x00tin"), "login", invisible(6), id="login-nul"),
    pytest.param(dict(login="c" * 61), "login", too_long(60, 61), id="login-61"),
    pytest.param(dict(display_name="Claire\nMartin"), "display_name", ONE_LINE, id="display-name-line-break"),
    pytest.param(dict(display_name="C" * 121), "display_name", too_long(120, 121), id="display-name-121"),
    pytest.param(dict(password="p" * 201), "password", "Le mot de passe compte au plus 200 caractères.",
                 id="password-201"),
])
def test_a_bad_agent_is_refused_and_nothing_is_saved(ctx, kwargs, key, message):
    values = dict(login="c.martin", display_name="Claire Martin", password="Velo-rouge-73") | kwargs
    before = snapshot(ctx)
    with pytest.raises(ValidationFailed) as err:
        agents.create_agent(ctx, **values)
    assert err.value.errors[key] == message
    assert snapshot(ctx) == before
    # A password of 200 characters is the longest accepted.
    longest = (hashlib.sha256(b"EMS").hexdigest() * 4)[:200]
    assert agents.create_agent(ctx, login="z.ndiaye", display_name="Zoé N'Diaye", password=longest).login == "z.ndiaye"


@pytest.mark.parametrize("name, message", [
    pytest.param("Accueil\x00", invisible(8), id="nul"),
    pytest.param("Accueil\nMairie", ONE_LINE, id="line-break"),
    pytest.param("A" * 121, too_long(120, 121), id="121-chars"),
])
def test_a_bad_counter_name_is_refused_and_nothing_is_saved(ctx, name, message):
    before = snapshot(ctx)
    with pytest.raises(ValidationFailed) as err:
        agents.create_counter(ctx, code="MAI", name=name, number_prefix="B02")
    assert err.value.errors == {"counter_name": message}
    assert snapshot(ctx) == before  # no counter, no number series


# --- The flush guard: what a service does not check itself ----------------------------------------------

@pytest.mark.parametrize("reason, message", [
    pytest.param("r" * 201, too_long(200, 201), id="201-chars"),
    pytest.param("Gymnase\x00 fermé", invisible(8), id="nul"),
])
def test_the_flush_guard_refuses_a_closure_reason_the_planning_service_does_not_check(ctx, reason, message):
    before = snapshot(ctx)
    published = []
    ctx.bus.subscribe(published.append)
    with pytest.raises(ValidationFailed) as err:
        planning.add_closure(ctx, D(2017, 11, 13), D(2017, 11, 19), reason)
    assert err.value.errors == {"reason": message}
    assert snapshot(ctx) == before  # no closure, no journal entry
    assert count(ctx, ClosurePeriod) == 0 and published == []
    planning.add_closure(ctx, D(2017, 11, 13), D(2017, 11, 19), "r" * 200)  # at the limit: saved
    with ctx.reading() as s:
        assert s.scalar(select(ClosurePeriod.reason)) == "r" * 200


def test_the_flush_guard_refuses_a_closure_place_and_a_holiday_name_too_long(ctx):
    before = snapshot(ctx)
    with pytest.raises(ValidationFailed) as err:
        planning.add_closure(ctx, D(2017, 11, 13), D(2017, 11, 19), "Travaux", place="P" * 161)
    assert err.value.errors == {"place": too_long(160, 161)}
    with pytest.raises(ValidationFailed) as err:
        planning.add_holiday_period(ctx, "A", "V" * 81, D(2030, 10, 19), D(2030, 11, 3))
    assert err.value.errors == {"name": too_long(80, 81)}
    assert snapshot(ctx) == before


def test_the_flush_guard_refuses_a_row_written_directly_in_a_unit_of_work(ctx):
    before = snapshot(ctx)
    with pytest.raises(ValidationFailed) as err, ctx.unit_of_work() as uow:
        uow.record("planning", uuid.uuid4(), "closure", {})  # a valid row in the same unit…
        uow.session.add(ClosurePeriod(first_day=D(2017, 11, 13), last_day=D(2017, 11, 13), reason="x" * 500,
                                      place="", created_at=uow.now))
    assert err.value.errors == {"reason": too_long(200, 500)}
    assert snapshot(ctx) == before  # …is not saved either


# --- Raw database errors inside a unit of work --------------------------------------------------------------

CONCURRENT = "Un autre poste a modifié les mêmes données au même moment : vérifiez l'écran puis réessayez."
INVALID = "Une valeur saisie est refusée par la base (trop longue ou invalide) : rien n'a été enregistré."


@pytest.mark.parametrize("flush_inside", [True, False], ids=["flush-in-the-unit", "flush-at-commit"])
def test_a_duplicate_number_series_comes_out_as_a_concurrent_change(ctx, flush_inside):
    before = snapshot(ctx)
    published = []
    ctx.bus.subscribe(published.append)
    with pytest.raises(ConcurrentChange) as err, ctx.unit_of_work() as uow:
        uow.session.add(Setting(key="essai", value={"a": 1}))
        uow.record("counter", ctx.actor.counter_id, "touched", {})
        uow.session.add(NumberSeries(counter_id=ctx.actor.counter_id, kind="invoice", next_value=99))
        if flush_inside:
            uow.session.flush()
    assert err.value.message == CONCURRENT and isinstance(err.value, DomainError)
    assert not isinstance(err.value, DBAPIError) and isinstance(err.value.__cause__, IntegrityError)
    assert snapshot(ctx) == before and published == []  # the setting and the journal entry went too
    with ctx.reading() as s:
        assert s.get(Setting, "essai") is None


def test_a_value_the_database_refuses_comes_out_as_invalid_data(ctx):
    """PostgreSQL refuses a string longer than its VARCHAR; SQLite refuses one longer than the
    connection's length limit. Written by a core INSERT, no flush guard sees it."""
    before = snapshot(ctx)
    with pytest.raises(InvalidData) as err, ctx.unit_of_work() as uow:
        uow.session.add(Setting(key="essai", value=1))
        uow.session.flush()
        raw = uow.session.connection().connection.driver_connection
        if ctx.db.dialect == "sqlite":
            previous = raw.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 100)
        try:
            uow.session.execute(insert(Setting).values(key="k" * 81, value="v" * 200))
        finally:
            if ctx.db.dialect == "sqlite":
                raw.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, previous)
    assert err.value.message == INVALID
    assert not isinstance(err.value, DBAPIError) and isinstance(err.value.__cause__, DataError)
    assert snapshot(ctx) == before
    with ctx.reading() as s:
        assert s.get(Setting, "essai") is None
