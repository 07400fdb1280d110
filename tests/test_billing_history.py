"""The family's invoice history: grouping by month, the 24-month window, statuses and balance,
finding an invoice by number, and the documents of a period for the batch print."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from ems_desktop.services import billing_history as bh, checkout, corrections, documents
from ems_desktop.services.checkout import Tender
from ems_desktop.services.errors import NotFound, ValidationFailed
from tests.helpers import add_invoice, card_attempt, make_family


def test_the_seed_invoice_in_the_history(agent_ctx, recap, till):
    family, ids = recap
    attempt = card_attempt(agent_ctx, family.id, ids, 12000)
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                           [Tender("card", 12000, card_attempt_id=attempt.id)])
    history = bh.billing_history(agent_ctx, family.id)
    assert [m.label for m in history.months] == ["juin 2017"]
    [invoice] = history.invoices
    assert invoice.id == result.invoice_id and invoice.status == "Payée" and invoice.balance_cents == 0
    assert invoice.headline == "21/06/2017 – Facture A01-F000001 – Payée : 120,00\xa0€"
    assert [(line.label[:23], line.quantity, line.unit_price_cents, line.amount_cents) for line in invoice.lines] == [
        ("EMS 2017/2018 1er trim.", 1, 4000, 4000), ("EMS 2017/2018 2ème trim", 1, 4000, 4000),
        ("EMS 2017/2018 3ème trim", 1, 4000, 4000)]
    [payment] = invoice.payments
    assert (payment.date, payment.mode_label, payment.amount_cents) == (dt.date(2017, 6, 21), "Carte bancaire", 12000)
    assert payment.reference == f"autorisation {attempt.authorisation}" and payment.receipt_number == "A01-R000001"
    assert history.balance_due_cents == 0 and history.family_name == "Berthier"


def test_statuses_follow_payments_and_credit_notes(agent_ctx, recap, till):
    family, ids = recap
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 5000)])
    invoice = bh.billing_history(agent_ctx, family.id).invoice(result.invoice_id)
    assert (invoice.status, invoice.paid_cents, invoice.balance_cents) == ("Partiellement payée", 5000, 7000)
    assert invoice.headline.endswith("Partiellement payée : 120,00\xa0€ (reste 70,00\xa0€)")
    assert bh.family_balance_due(agent_ctx, family.id) == 7000
    note = corrections.cancel_paid_enrollment(agent_ctx, ids[2], reason="Déménagement", refund_mode="credit")
    history = bh.billing_history(agent_ctx, family.id)
    invoice = history.invoice(result.invoice_id)
    assert [(n.number, n.total_cents, n.reason) for n in invoice.credit_notes] == [
        (note.credit_note_number, 4000, "Déménagement")]
    assert invoice.balance_cents == 3000 and history.balance_due_cents == 3000
    checkout.pay_balance(agent_ctx, family.id, [Tender("cheque", 3000, cheque_number="0004711")])
    invoice = bh.billing_history(agent_ctx, family.id).invoice(result.invoice_id)
    assert invoice.status == "Payée"
    assert [(p.mode_label, p.amount_cents, p.reference) for p in invoice.payments] == [
        ("Espèces", 5000, "A01-R000001"), ("Chèque", 3000, "n° 0004711")]


def test_unpaid_invoice_is_to_pay(agent_ctx, recap):
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [])
    [invoice] = bh.billing_history(agent_ctx, family.id).invoices
    assert invoice.status == "À payer" and invoice.headline.endswith("À payer : 120,00\xa0€")


def test_grouped_by_month_newest_first_within_24_months(ctx):
    # The clock says 21/06/2017: the window starts on 21/06/2015.
    family = make_family(ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    other = make_family(ctx, "Morel", (("Inès", dt.date(2011, 3, 3)),))
    add_invoice(ctx, family.id, "A01-F000001", dt.date(2015, 6, 20))   # 24 months and a day: out
    add_invoice(ctx, family.id, "A01-F000002", dt.date(2015, 6, 21))   # exactly 24 months: in
    add_invoice(ctx, family.id, "A01-F000003", dt.date(2017, 5, 3))
    add_invoice(ctx, family.id, "A01-F000004", dt.date(2017, 5, 28))
    add_invoice(ctx, family.id, "A01-F000005", dt.date(2017, 6, 10), cents=1500)
    add_invoice(ctx, other.id, "A01-F000006", dt.date(2017, 6, 11))
    history = bh.billing_history(ctx, family.id)
    assert history.since == dt.date(2015, 6, 21)
    assert [(m.label, [i.number for i in m.invoices]) for m in history.months] == [
        ("juin 2017", ["A01-F000005"]), ("mai 2017", ["A01-F000004", "A01-F000003"]), ("juin 2015", ["A01-F000002"])]
    assert history.balance_due_cents == 4000 * 4 + 1500  # the older invoice still counts in the balance
    assert [i.status for i in history.invoices] == ["À payer"] * 4


def test_an_older_invoice_found_by_number_is_added(ctx):
    family = make_family(ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    old = add_invoice(ctx, family.id, "A01-F000001", dt.date(2014, 9, 1))
    add_invoice(ctx, family.id, "A01-F000002", dt.date(2017, 6, 1))
    assert [i.number for i in bh.billing_history(ctx, family.id).invoices] == ["A01-F000002"]
    history = bh.billing_history(ctx, family.id, also_invoice_id=old)
    assert [(m.label, [i.number for i in m.invoices]) for m in history.months] == [
        ("juin 2017", ["A01-F000002"]), ("septembre 2014", ["A01-F000001"])]


def test_empty_history(ctx):
    family = make_family(ctx)
    history = bh.billing_history(ctx, family.id)
    assert history.months == () and history.balance_due_cents == 0
    with pytest.raises(NotFound):
        bh.billing_history(ctx, uuid.uuid4())


def test_find_invoice_by_number(ctx):
    family = make_family(ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    other = make_family(ctx, "Morel", (("Inès", dt.date(2011, 3, 3)),))
    add_invoice(ctx, family.id, "A01-F000001", dt.date(2017, 6, 1))
    wanted = add_invoice(ctx, other.id, "A01-F000002", dt.date(2017, 6, 2))
    for typed in ("A01-F000002", "a01-f000002", "  A01-F000002 ", "a01 - f000002"):
        found = bh.find_invoice(ctx, typed)
        assert (found.id, found.number, found.family_id) == (wanted, "A01-F000002", other.id)
    with pytest.raises(NotFound) as missing:
        bh.find_invoice(ctx, "A01-F999999")
    assert missing.value.message == "Aucune facture ne porte le numéro « A01-F999999 »."
    with pytest.raises(ValidationFailed):
        bh.find_invoice(ctx, "   ")
    if ctx.db.engine.dialect.name == "sqlite":  # any case, through the number's unique index
        from sqlalchemy import select

        from ems_desktop.models import Invoice

        query = select(Invoice.id).where(Invoice.number.in_({"a01-f000002", "A01-F000002"}))
        sql = str(query.compile(ctx.db.engine, compile_kwargs={"literal_binds": True}))
        with ctx.db.engine.connect() as connection:
            plan = " ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        assert "USING INDEX" in plan and "SCAN" not in plan, plan


def test_months_before():
    assert bh.months_before(dt.date(2017, 6, 21), 24) == dt.date(2015, 6, 21)
    assert bh.months_before(dt.date(2020, 2, 29), 24) == dt.date(2018, 2, 28)
    assert bh.months_before(dt.date(2018, 3, 31), 1) == dt.date(2018, 2, 28)
    assert bh.months_before(dt.date(2018, 1, 15), 1) == dt.date(2017, 12, 15)
    assert bh.month_label(2017, 8) == "août 2017" and bh.month_label(2018, 2) == "février 2018"


def test_documents_of_a_period_match_the_single_invoice(agent_ctx, recap, till):
    family, ids = recap
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 15000)])
    corrections.cancel_paid_enrollment(agent_ctx, ids[0], reason="Déménagement", refund_mode="cash")
    other = make_family(agent_ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    add_invoice(agent_ctx, other.id, "A01-F000900", dt.date(2017, 6, 20))
    add_invoice(agent_ctx, other.id, "A01-F000901", dt.date(2017, 6, 22))
    batch = bh.invoice_documents_between(agent_ctx, dt.date(2017, 6, 20), dt.date(2017, 6, 21))
    assert [d.number for d in batch] == ["A01-F000900", "A01-F000001"]
    assert batch[1] == documents.invoice_document(agent_ctx, result.invoice_id)
    assert [r.number for r in bh.invoices_between(agent_ctx, dt.date(2017, 6, 21), dt.date(2017, 6, 22))] == [
        "A01-F000001", "A01-F000901"]
    assert bh.invoice_documents_between(agent_ctx, dt.date(2016, 1, 1), dt.date(2016, 12, 31)) == []
    with pytest.raises(ValidationFailed):
        bh.invoices_between(agent_ctx, dt.date(2017, 6, 22), dt.date(2017, 6, 21))
