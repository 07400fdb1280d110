"""The invoices of a period, read from the database in chunks and streamed into one PDF."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import event

from ems_desktop.models import Invoice, InvoiceLine
from ems_desktop.reports import render_invoices_batch
from ems_desktop.services import billing_history as bh, documents
from ems_desktop.services.errors import ValidationFailed
from tests.helpers import make_family

UTC = dt.UTC

# (number, issue date): two on the same day, to page through equal dates; not in number order.
PERIOD = (
    ("A01-F000012", dt.date(2017, 6, 3)),
    ("A01-F000010", dt.date(2017, 6, 1)),
    ("A01-F000013", dt.date(2017, 6, 3)),
    ("A01-F000011", dt.date(2017, 6, 2)),
    ("A01-F000014", dt.date(2017, 6, 30)),
)
IN_ORDER = ["A01-F000010", "A01-F000011", "A01-F000012", "A01-F000013", "A01-F000014"]


def _add_invoice(ctx, family_id, number: str, day: dt.date) -> uuid.UUID:
    with ctx.unit_of_work() as uow:
        invoice = Invoice(number=number, counter_id=ctx.actor.counter_id, family_id=family_id,
                          issued_at=dt.datetime.combine(day, dt.time(10, 0), UTC), issue_date=day,
                          total_cents=6500, debt_reference=f"REF-{number}")
        invoice.lines.append(InvoiceLine(position=0, label="Escalade", child_name="Léo Roux", quantity=1,
                                         unit_price_cents=4000, amount_cents=4000))
        invoice.lines.append(InvoiceLine(position=1, label="Natation", child_name="Léo Roux", quantity=1,
                                         unit_price_cents=2500, amount_cents=2500))
        uow.session.add(invoice)
        uow.session.flush()
        return invoice.id


@pytest.fixture
def period(ctx):
    family = make_family(ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    ids = {number: _add_invoice(ctx, family.id, number, day) for number, day in PERIOD}
    _add_invoice(ctx, family.id, "A01-F000009", dt.date(2017, 5, 31))   # outside
    _add_invoice(ctx, family.id, "A01-F000015", dt.date(2017, 7, 1))    # outside
    return ids


@pytest.fixture
def invoice_queries(ctx) -> Iterator[list[str]]:
    """The SELECTs that read invoices themselves (not their lines or payments)."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if re.search(r"\bFROM invoices\b", statement) and "LIMIT" in statement.upper():
            seen.append(statement)

    event.listen(ctx.db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(ctx.db.engine, "before_cursor_execute", record)


def test_a_period_is_read_in_chunks_in_number_order(ctx, period, invoice_queries):
    docs = bh.iter_invoice_documents_between(ctx, dt.date(2017, 6, 1), dt.date(2017, 6, 30), chunk_size=2)
    first = next(docs)
    assert first.number == "A01-F000010"
    assert len(invoice_queries) == 1               # only the first chunk has been read so far
    rest = list(docs)
    assert [d.number for d in [first, *rest]] == IN_ORDER
    assert len(invoice_queries) == 3               # 2 + 2 + 1
    # Each document is what the invoice printed alone would show.
    for doc in [first, *rest]:
        assert doc == documents.invoice_document(ctx, period[doc.number])


def test_chunked_and_whole_reads_agree(ctx, period):
    first, last = dt.date(2017, 6, 1), dt.date(2017, 6, 30)
    whole = bh.invoice_documents_between(ctx, first, last)
    assert [d.number for d in whole] == IN_ORDER
    for size in (1, 2, 4, 5, 200):
        assert list(bh.iter_invoice_documents_between(ctx, first, last, chunk_size=size)) == whole
    assert bh.count_invoices_between(ctx, first, last) == 5
    assert list(bh.iter_invoice_documents_between(ctx, dt.date(2016, 1, 1), dt.date(2016, 12, 31))) == []


def test_a_period_ending_before_it_starts_is_refused_at_once(ctx):
    with pytest.raises(ValidationFailed):
        bh.iter_invoice_documents_between(ctx, dt.date(2017, 6, 30), dt.date(2017, 6, 1))
    with pytest.raises(ValidationFailed):
        bh.count_invoices_between(ctx, dt.date(2017, 6, 30), dt.date(2017, 6, 1))


def test_a_streamed_period_prints_every_invoice(ctx, period, read_pdf):
    first, last = dt.date(2017, 6, 1), dt.date(2017, 6, 30)
    calls = []
    data = render_invoices_batch(bh.iter_invoice_documents_between(ctx, first, last, chunk_size=2),
                                 total=bh.count_invoices_between(ctx, first, last),
                                 progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, 5) for n in range(1, 6)]
    pages = read_pdf(data).pages
    assert len(pages) == 5
    for number, page in zip(IN_ORDER, pages, strict=True):
        assert f"Facture N° {number}" in page
        assert "65,00 €" in page and "Natation" in page
