"""The closing report's payments annex: references are never cut mid-word, the footer is whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from ems_desktop.reports import render_cash_session_report
from ems_desktop.reports.data import (
    MODE_ANCV,
    MODE_CARD,
    MODE_CASH,
    MODE_CHEQUE,
    CashSessionReport,
    ModeTotal,
    SessionPayment,
)

UTC = dt.UTC
REFERENCES = ("autorisation 242426", "n° 0004521", "n° AN-778812 à AN-778816", "", "autorisation 100001")


def report(issuer, references=REFERENCES, counter="Accueil Hôtel de Ville (A01)") -> CashSessionReport:
    modes = (MODE_CARD, MODE_CHEQUE, MODE_ANCV, MODE_CASH, MODE_CARD)
    return CashSessionReport(
        issuer=issuer, counter=counter, agent="Claire Martin",
        opened_at=dt.datetime(2017, 6, 21, 7, 30, tzinfo=UTC), closed_at=dt.datetime(2017, 6, 21, 15, 0, tzinfo=UTC),
        opening_float_cents=5000,
        modes=(ModeTotal(MODE_CASH, 1, 13000, 13000), ModeTotal(MODE_CHEQUE, 1, 7000, 7000),
               ModeTotal(MODE_ANCV, 1, 5000, 5000), ModeTotal(MODE_CARD, 2, 8000, 8000)),
        payments=tuple(SessionPayment(dt.datetime(2017, 6, 21, 8 + i, 0, tzinfo=UTC), f"A01-R{i + 1:06d}",
                                      "Dupont-Lefèvre", mode, -4000 if i == 4 else 12000, reference)
                       for i, (mode, reference) in enumerate(zip(modes, references, strict=True))),
    )


def annex_lines(pdf) -> list[str]:
    text = pdf.pages[-1]
    return text[text.index("Détail des règlements"):].splitlines()


def test_references_and_receipt_numbers_are_whole_on_their_row(issuer, read_pdf):
    pdf = read_pdf(render_cash_session_report(report(issuer)))
    lines = annex_lines(pdf)
    for number, reference in enumerate(REFERENCES, start=1):
        [row] = [line for line in lines if f"A01-R{number:06d}" in line]
        assert reference in row, (reference, row)
    assert re.search(r"A01-R000005 .*autorisation 100001\s+-40,00 €", "\n".join(lines))


def test_long_references_shrink_the_font_rather_than_break(issuer, read_pdf):
    cheque = "n° " + "7" * 40                       # the longest cheque number the database keeps
    ancv = "n° AN-778812-AN-778813-AN-778814-AN-778815"
    pdf = read_pdf(render_cash_session_report(report(issuer, ("autorisation 242426", cheque, ancv, "", ""))))
    text = pdf.flat()
    assert cheque in text and ancv in text


def test_references_too_long_for_one_line_wrap_at_spaces_only(issuer, read_pdf):
    words = tuple(f"AN-{n:06d}-{n + 1:06d}-{n + 2:06d}" for n in range(100000, 100010))
    reference = "n° " + " ".join(words)
    pdf = read_pdf(render_cash_session_report(report(issuer, ("", reference, "", "", ""))))
    extracted = set(" ".join(annex_lines(pdf)).split())
    assert set(words) <= extracted                  # every voucher number whole


@pytest.mark.parametrize("counter", ["Guichet 1", "Accueil Hôtel de Ville et Maison des associations (A01)"])
def test_the_footer_names_the_closing_without_a_dangling_dash(issuer, read_pdf, counter):
    pdf = read_pdf(render_cash_session_report(report(issuer, counter=counter)))
    last_line = pdf.pages[-1].rstrip().splitlines()[-1].strip()
    assert last_line == "Clôture de caisse du 21/06/2017"
    assert not any(line.rstrip().endswith(("–", "-")) for page in pdf.pages for line in page.splitlines())


def test_a_long_report_keeps_its_columns_on_every_page(issuer, read_pdf):
    long = report(issuer)
    long = dataclasses.replace(long, payments=long.payments * 30)
    pdf = read_pdf(render_cash_session_report(long))
    assert len(pdf.pages) >= 3
    assert pdf.text.count("n° AN-778812 à AN-778816") == 30
    assert all("Réf." in page for page in pdf.pages[1:])  # the header repeats
