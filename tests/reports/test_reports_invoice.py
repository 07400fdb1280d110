"""The A4 invoice and credit note, read back from the PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from reportlab.lib.units import mm

from ems_desktop.reports import render_credit_note, render_invoice
from ems_desktop.reports.data import CreditNoteDocument, InvoiceDocument, InvoiceLine, PaymentReceived
from tests.reports.report_samples import SEED_LABELS, TRICKY_FAMILY, TRICKY_PAYER

PRESTATION_COLUMN = (18 * mm, 18 * mm + 80 * mm)
MONTANT_COLUMN_RIGHT = 210 * mm - 18 * mm


def test_seed_invoice_prints_its_number_lines_and_total(seed_invoice, read_pdf):
    pdf = read_pdf(render_invoice(seed_invoice))
    assert len(pdf.pages) == 1
    assert pdf.sizes[0] == pytest.approx((595.27, 841.89), abs=0.1)   # A4
    text = pdf.text
    assert "FACTURE" in text
    assert "A01-2017-000001" in text
    assert "21/06/2017" in text
    assert "20170621x153x59888" in text
    for header in ("Prestation", "Enfant", "Quantité", "Prix unitaire", "Montant"):
        assert header in text
    # The labels may wrap inside their column: read the column back whole.
    prestations = pdf.column(0, *PRESTATION_COLUMN)
    for label in SEED_LABELS:
        assert label in prestations
    assert text.count("Lise-Roxelane") == 3
    assert text.count("40,00 €") == 6                  # unit price and amount of 3 lines
    assert re.search(r"Total\s+120,00 €", text)
    assert "21/06/2017 – Carte bancaire (réf. 242426) 120,00 €" in text
    assert re.search(r"Restant dû\s+0,00 €", text)
    assert "page 1 / 1" in text
    assert "article 256 B du CGI" in pdf.flat()        # legal mentions in the footer


def test_amounts_are_right_aligned(seed_invoice, read_pdf):
    pdf = read_pdf(render_invoice(seed_invoice))
    amount_words = [w for w in pdf.words[0] if w["text"] == "€" and w["x0"] > MONTANT_COLUMN_RIGHT - 22 * mm]
    right_edges = {round(w["x1"], 1) for w in amount_words}
    assert len(amount_words) >= 5           # 3 lines, total, payment, balance
    assert max(right_edges) - min(right_edges) < 0.6


def test_user_text_is_printed_literally(seed_invoice, read_pdf):
    text = read_pdf(render_invoice(seed_invoice)).text
    assert TRICKY_FAMILY in text
    assert TRICKY_PAYER in text


def test_fonts_are_embedded_truetype(seed_invoice, read_pdf):
    pdf = read_pdf(render_invoice(seed_invoice))
    assert pdf.fonts, "no text found"
    # Subset-tagged names ("AAAAAA+DejaVuSans"): embedded TrueType, no base-14 font anywhere.
    assert all(re.match(r"[A-Z]{6}\+", name) for name in pdf.fonts), pdf.fonts
    assert b"FontFile2" in pdf.data


def test_paid_mark_only_when_nothing_is_due(seed_invoice, read_pdf):
    paid = read_pdf(render_invoice(seed_invoice)).text
    assert "PAYÉE" in paid
    assert "Talon à joindre à votre règlement" not in paid

    partly = dataclasses.replace(
        seed_invoice,
        payments=(PaymentReceived(dt.date(2017, 6, 21), "Espèces", 2000, "R-12"),),
        balance_due_cents=10000,
        due_date=dt.date(2017, 7, 21),
    )
    text = read_pdf(render_invoice(partly)).text
    assert "PAYÉE" not in text
    assert re.search(r"Restant dû\s+100,00 €", text)
    # The slip carries the debt reference, the number and the amount due.
    slip = text[text.index("Talon à joindre à votre règlement"):]
    assert "20170621x153x59888" in slip
    assert "A01-2017-000001" in slip
    assert re.search(r"Montant dû :\s+100,00 €", slip)
    assert "21/07/2017" in slip


def test_duplicate_mark_on_reprints_only(seed_invoice, read_pdf):
    assert "DUPLICATA" not in read_pdf(render_invoice(seed_invoice)).text
    reprint = read_pdf(render_invoice(dataclasses.replace(seed_invoice, duplicate=True)))
    assert "DUPLICATA" in reprint.text


def test_long_invoice_runs_on_three_pages_with_header_repeated(seed_invoice, read_pdf):
    lines = tuple(InvoiceLine(f"Stage n° {i} – {SEED_LABELS[i % 3]}", "Lise-Roxelane", 1, 123456, 123456)
                  for i in range(50))
    doc = dataclasses.replace(seed_invoice, lines=lines, total_cents=50 * 123456, payments=(),
                              balance_due_cents=50 * 123456, duplicate=True)
    pdf = read_pdf(render_invoice(doc))
    assert len(pdf.pages) == 3
    for number, page in enumerate(pdf.pages, start=1):
        assert f"page {number} / 3" in page
        assert "Prestation" in page and "Prix unitaire" in page and "Montant" in page
        assert "DUPLICATA" in page
        assert "A01-2017-000001" in page
    assert "1 234,56 €" in pdf.text
    assert "61 728,00 €" in pdf.text                   # the total, with its thousands space
    # Every line printed once, none lost at a page break.
    assert pdf.text.count("Stage n° ") == 50
    assert "Talon à joindre à votre règlement" in pdf.pages[-1]


def test_total_must_match_the_lines(issuer, family, seed_lines):
    with pytest.raises(ValueError):
        InvoiceDocument(issuer, "A01-2017-000002", dt.date(2017, 6, 21), family, seed_lines, 11000)


def test_missing_logo_does_not_stop_printing(seed_invoice, read_pdf):
    issuer = dataclasses.replace(seed_invoice.issuer, logo_path="/nonexistent/logo.png")
    pdf = read_pdf(render_invoice(dataclasses.replace(seed_invoice, issuer=issuer)))
    assert "Ville d'Albertville" in pdf.text


def test_logo_is_drawn(seed_invoice, read_pdf, tmp_path):
    from PIL import Image

    path = tmp_path / "logo.png"
    Image.new("RGB", (200, 100), (20, 60, 140)).save(path)
    issuer = dataclasses.replace(seed_invoice.issuer, logo_path=str(path))
    data = render_invoice(dataclasses.replace(seed_invoice, issuer=issuer))
    assert b"/Subtype /Image" in data or b"/Image" in data
    assert "A01-2017-000001" in read_pdf(data).text


def test_credit_note_references_its_invoice(issuer, family, seed_lines, read_pdf):
    doc = CreditNoteDocument(
        issuer=issuer,
        number="AV01-2018-000003",
        issue_date=dt.date(2018, 3, 1),
        family=family,
        invoice_number="A01-2017-000001",
        invoice_date=dt.date(2017, 6, 21),
        reason="Désinscription du 3ème trimestre",
        lines=seed_lines[2:],
        total_cents=4000,
    )
    pdf = read_pdf(render_credit_note(doc))
    text = pdf.text
    assert "AVOIR" in text
    assert "AV01-2018-000003" in text
    assert "Se rapporte à la facture" in text
    assert re.search(r"N° A01-2017-000001 du\s+21/06/2017", pdf.flat())
    assert "Désinscription du 3ème trimestre" in text
    assert SEED_LABELS[2] in pdf.column(0, *PRESTATION_COLUMN)
    assert re.search(r"Total de l'avoir\s+40,00 €", text)
    assert "crédit sur le compte famille" in text
    assert TRICKY_FAMILY in text
    assert "DUPLICATA" not in text
    assert "DUPLICATA" in read_pdf(render_credit_note(dataclasses.replace(doc, duplicate=True))).text
