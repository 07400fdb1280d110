"""Many invoices into one PDF, with progress and cancel."""

from __future__ import annotations

import dataclasses

import pytest

from ems_desktop.reports import RenderCancelled, render_invoices_batch


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
