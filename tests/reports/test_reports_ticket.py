"""The 80 mm payment ticket."""

from __future__ import annotations

import dataclasses
import re

import pytest
from reportlab.lib.units import mm

from ems_desktop.reports import render_ticket
from ems_desktop.reports.data import MODE_ANCV, MODE_CASH, MODE_CHEQUE, TRANSACTION_CREDIT
from ems_desktop.reports.styles import masked_card_number
from tests.reports.report_samples import TRICKY_FAMILY


def test_card_ticket_has_what_a_card_ticket_shows(seed_ticket, read_pdf):
    pdf = read_pdf(render_ticket(seed_ticket))
    assert len(pdf.pages) == 1
    width, height = pdf.sizes[0]
    assert width == pytest.approx(80 * mm, abs=0.1)
    assert 100 * mm < height < 250 * mm             # fitted to the content, not a whole A4
    text = pdf.text
    for expected in ("Ville d'Albertville", "ALBERTVILLE ACCUEIL LOISIRS SPORT CULTUR", "CARTE BANCAIRE",
                     "CB CONTACT", "21/06/2017 à 14:51", "2360248 001", "242426", "513087",
                     "XXXXXXXXXXXX9287", "DEBIT", "20170621x153x59888", "R01-2017-000042", "Mme Martin"):
        assert expected in text, expected
    assert re.search(r"MONTANT\s+120,00 €", text)
    assert re.search(r"Total réglé\s+120,00 €", text)
    assert text.count("Lise-Roxelane") == 3
    assert TRICKY_FAMILY in text
    assert "DUPLICATA" not in text


def test_ticket_height_follows_content(seed_ticket, read_pdf):
    short = read_pdf(render_ticket(dataclasses.replace(seed_ticket, lines=seed_ticket.lines[:1])))
    long = read_pdf(render_ticket(seed_ticket))
    assert short.sizes[0][1] < long.sizes[0][1]


def test_masked_card_number_and_no_other_digit_of_it(seed_ticket, read_pdf):
    masked = dataclasses.replace(seed_ticket, masked_card_number="497010######9287")
    text = read_pdf(render_ticket(masked)).text
    assert "497010######9287" in text
    # A full number handed over by mistake is masked to the first 6 / last 4 digits.
    leaked = dataclasses.replace(seed_ticket, masked_card_number="4970 1012 3456 9287")
    text = read_pdf(render_ticket(leaked)).text
    assert "4970 10## #### 9287" in text
    digits = re.sub(r"\D", "", text)
    assert "4970101234569287" not in digits
    assert "123456" not in text and "1234" not in text.replace("R01-2017-000042", "")


@pytest.mark.parametrize("given, shown", [
    ("XXXXXXXXXXXX9287", "XXXXXXXXXXXX9287"),
    ("497010######9287", "497010######9287"),
    ("4970101234569287", "497010######9287"),
    ("", ""),
])
def test_masking_rule(given, shown):
    assert masked_card_number(given) == shown


def test_refund_ticket_says_credit(seed_ticket, read_pdf):
    text = read_pdf(render_ticket(dataclasses.replace(seed_ticket, transaction_type=TRANSACTION_CREDIT))).text
    assert "CREDIT" in text and "DEBIT" not in text


def test_cash_ticket_shows_tendered_and_change(seed_ticket, read_pdf):
    cash = dataclasses.replace(seed_ticket, mode=MODE_CASH, card_application="", merchant_contract="",
                               authorisation_number="", transaction_number="", masked_card_number="",
                               amount_cents=123456, tendered_cents=130000, change_cents=6544, lines=())
    text = read_pdf(render_ticket(cash)).text
    assert "ESPÈCES" in text
    assert re.search(r"MONTANT\s+1 234,56 €", text)
    assert re.search(r"Somme remise\s+1 300,00 €", text)
    assert re.search(r"Monnaie rendue\s+65,44 €", text)
    assert "N° de carte" not in text


def test_cheque_and_ancv_tickets(seed_ticket, read_pdf):
    base = dict(card_application="", merchant_contract="", authorisation_number="", transaction_number="",
                masked_card_number="")
    cheque = dataclasses.replace(seed_ticket, mode=MODE_CHEQUE, cheque_number="0001234",
                                 cheque_bank="Crédit Agricole des Savoie", **base)
    text = read_pdf(render_ticket(cheque)).text
    assert "CHÈQUE" in text and "0001234" in text and "Crédit Agricole des Savoie" in text
    ancv = read_pdf(render_ticket(dataclasses.replace(seed_ticket, mode=MODE_ANCV, **base))).text
    assert "CHÈQUES VACANCES ANCV" in ancv
    assert "pas de rendu de monnaie" in ancv


def test_duplicate_ticket(seed_ticket, read_pdf):
    text = read_pdf(render_ticket(dataclasses.replace(seed_ticket, duplicate=True))).text
    assert text.count("DUPLICATA") == 2             # at the top and at the bottom
