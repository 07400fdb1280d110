"""Many invoices into one PDF, with progress and cancel."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1

from ems_desktop.reports import RenderCancelled, render_invoice, render_invoices_batch
from ems_desktop.reports.data import InvoiceLine, PartyAddress, PaymentReceived


def _docs(seed_invoice, count):
    return [dataclasses.replace(seed_invoice, number=f"A01-2017-{i:06d}") for i in range(1, count + 1)]


def test_batch_renders_every_invoice_with_progress(seed_invoice, read_pdf):
    calls = []
    data = render_invoices_batch(_docs(seed_invoice, 5), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    pdf = read_pdf(data)
    assert len(pdf.pages) == 5
    for index, page in enumerate(pdf.pages, start=1):
        assert f"A01-2017-{index:06d}" in page
        assert "page 1 / 1" in page                 # each invoice numbers its own pages


def test_batch_cancel_between_invoices(seed_invoice):
    calls = []
    with pytest.raises(RenderCancelled) as caught:
        render_invoices_batch(_docs(seed_invoice, 10),
                              progress=lambda done, total: calls.append(done),
                              cancelled=lambda: len(calls) >= 3)
    assert calls == [1, 2, 3]
    assert caught.value.done == 3 and caught.value.total == 10
    assert "annulée" in str(caught.value)


def test_batch_not_cancelled_runs_to_the_end(seed_invoice, read_pdf):
    data = render_invoices_batch(_docs(seed_invoice, 3), cancelled=lambda: False)
    assert len(read_pdf(data).pages) == 3


def test_empty_batch_is_still_a_pdf(read_pdf):
    assert len(read_pdf(render_invoices_batch([])).pages) == 1


def _mixed_docs(seed_invoice):
    """Paid, unpaid (with its slip), a duplicate, and a long one over two pages."""
    unpaid = dataclasses.replace(seed_invoice, number="A01-2017-000002", payments=(), balance_due_cents=12000,
                                 due_date=dt.date(2017, 7, 21))
    lines = tuple(InvoiceLine(f"Stage multisport semaine {i} - Du 03/07/2017 au 07/07/2017", f"Enfant {i}",
                              1 + i % 2, 2500, 2500 * (1 + i % 2)) for i in range(30))
    total = sum(line.amount_cents for line in lines)
    long_one = dataclasses.replace(unpaid, number="A01-2017-000003", lines=lines, total_cents=total,
                                   payments=(PaymentReceived(dt.date(2017, 6, 22), "Chèque", 5000, "n° 1234567"),),
                                   balance_due_cents=total - 5000)
    duplicate = dataclasses.replace(seed_invoice, number="A01-2017-000004", duplicate=True)
    roux = PartyAddress("Roux", "Léo Roux", ("1 place de l'Europe", "73200 Albertville"))
    other_family = dataclasses.replace(seed_invoice, number="A01-2017-000005", family=roux)
    return [seed_invoice, unpaid, long_one, duplicate, other_family, unpaid]


def test_batch_pages_read_as_the_invoices_alone(seed_invoice, read_pdf):
    docs = _mixed_docs(seed_invoice)
    alone = [page for doc in docs for page in read_pdf(render_invoice(doc)).pages]
    batch = read_pdf(render_invoices_batch(docs))
    assert len(alone) == 7                        # the long invoice takes two pages
    assert batch.pages == alone


def _form_ids(data: bytes) -> set[int]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return {ref.objid for page in pdf.pages
                for ref in resolve1(page.page_obj.resources.get("XObject", {})).values()}


def test_batch_draws_its_frames_once(seed_invoice):
    # Twelve invoices of the same kinds as three: the header, footer, table header, stamp and
    # slip forms are shared by all their pages, not drawn again per invoice.
    docs = _mixed_docs(seed_invoice)
    three, twelve = _form_ids(render_invoices_batch(docs[:2])), _form_ids(render_invoices_batch(docs[:2] * 6))
    assert len(three) == len(twelve) >= 4


def test_batch_streams_from_an_iterator_with_its_total(seed_invoice, read_pdf):
    calls = []
    data = render_invoices_batch(iter(_docs(seed_invoice, 4)), total=4,
                                 progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
    pages = read_pdf(data).pages
    assert len(pages) == 4
    for index, page in enumerate(pages, start=1):
        assert f"Facture N° A01-2017-{index:06d}" in page
