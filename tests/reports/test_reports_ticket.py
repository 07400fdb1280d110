"""The 80 mm ticket of a checkout, from its plain data."""

from __future__ import annotations

import dataclasses
import re

import pytest
from reportlab.lib.units import mm

from ems_desktop.reports import render_ticket
from ems_desktop.reports.data import MODE_ANCV, MODE_CASH, MODE_CHEQUE, TRANSACTION_CREDIT, TicketLine, TicketTender
from ems_desktop.reports.styles import masked_card_number
from tests.reports.report_samples import SEED_LABELS, TRICKY_FAMILY


def with_tender(ticket, *tenders: TicketTender, **changes):
    return dataclasses.replace(ticket, tenders=tenders, **changes)


def card_changed(ticket, **changes):
    return with_tender(ticket, dataclasses.replace(ticket.tenders[0], **changes))


def test_card_ticket_has_what_a_card_ticket_shows(seed_ticket, read_pdf):
    pdf = read_pdf(render_ticket(seed_ticket))
    assert len(pdf.pages) == 1
    width, height = pdf.sizes[0]
    assert width == pytest.approx(80 * mm, abs=0.1)
    assert 100 * mm < height < 250 * mm             # fitted to the content, not a whole A4
    text = pdf.text
    for expected in ("Ville d'Albertville", "ALBERTVILLE ACCUEIL LOISIRS SPORT CULTUR", "REÇU DE PAIEMENT",
                     "CARTE BANCAIRE", "CB CONTACT", "21/06/2017 à 14:51", "2360248 001", "242426", "513087",
                     "XXXXXXXXXXXX9287", "DEBIT", "20170621x153x59888", "A01-2017-000001", "R01-2017-000042",
                     "Mme Martin"):
        assert expected in text, expected
    assert re.search(r"Type\s+DEBIT", text)
    assert re.search(r"Montant\s+120,00 €", text)
    assert re.search(r"Total facturé\s+120,00 €", text)
    assert re.search(r"Total réglé\s+120,00 €", text)
    assert "Soldé" in text and "Reste dû" not in text
    assert text.count("Lise-Roxelane") == 3
    assert TRICKY_FAMILY in text
    assert "DUPLICATA" not in text and "REMBOURSEMENT" not in text


def test_amounts_are_flush_right(seed_ticket, read_pdf):
    pdf = read_pdf(render_ticket(seed_ticket))
    page_width = pdf.sizes[0][0]
    amounts = [w for w in pdf.words[0] if w["text"] == "€"]
    assert len(amounts) >= 6
    assert all(w["x1"] == pytest.approx(page_width - 4 * mm, abs=0.5) for w in amounts)


def test_ticket_height_follows_content(seed_ticket, read_pdf):
    short = read_pdf(render_ticket(dataclasses.replace(seed_ticket, lines=seed_ticket.lines[:1])))
    long = read_pdf(render_ticket(seed_ticket))
    assert short.sizes[0][1] < long.sizes[0][1]


def test_masked_card_number_and_no_other_digit_of_it(seed_ticket, read_pdf):
    text = read_pdf(render_ticket(card_changed(seed_ticket, masked_card_number="497010######9287"))).text
    assert "497010######9287" in text
    # A full number handed over by mistake is masked to the first 6 / last 4 digits.
    text = read_pdf(render_ticket(card_changed(seed_ticket, masked_card_number="4970 1012 3456 9287"))).text
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


def test_card_refund_receipt_says_credit_and_lists_the_credit_note(seed_ticket, read_pdf):
    refund = card_changed(seed_ticket, amount_cents=4000)
    refund = dataclasses.replace(refund, transaction_type=TRANSACTION_CREDIT, credit_note_number="A01-AV000001",
                                 lines=seed_ticket.lines[1:2], balance_due_cents=None)
    text = read_pdf(render_ticket(refund)).text
    assert "REÇU DE REMBOURSEMENT" in text and "REÇU DE PAIEMENT" not in text
    assert re.search(r"Avoir N°\s+A01-AV000001", text)
    assert re.search(r"Type\s+CREDIT", text) and "DEBIT" not in text
    assert text.count("EMS 2017/2018") == 1 and SEED_LABELS[1].split(" - ")[0] in text
    assert re.search(r"Total de l'avoir\s+40,00 €", text) and re.search(r"Total remboursé\s+40,00 €", text)
    assert "Soldé" not in text and "Reste dû" not in text


def test_cash_ticket_shows_tendered_and_change_and_no_card_words(seed_ticket, read_pdf):
    cash = with_tender(seed_ticket, TicketTender(MODE_CASH, 123456, "A01-R000001", tendered_cents=130000,
                                                 change_cents=6544), lines=())
    text = read_pdf(render_ticket(cash)).text
    assert "ESPÈCES" in text
    assert re.search(r"Montant\s+1 234,56 €", text)
    assert re.search(r"Somme remise\s+1 300,00 €", text)
    assert re.search(r"Monnaie rendue\s+65,44 €", text)
    # DEBIT/CREDIT is the card terminal's word: not on a cash ticket.
    assert "N° de carte" not in text and "DEBIT" not in text and "Type" not in text


def test_cheque_and_ancv_tickets_have_no_card_words(seed_ticket, read_pdf):
    cheque = with_tender(seed_ticket, TicketTender(MODE_CHEQUE, 12000, "A01-R000002", cheque_number="0001234",
                                                   cheque_bank="Crédit Agricole des Savoie"))
    text = read_pdf(render_ticket(cheque)).text
    assert "CHÈQUE" in text and re.search(r"Chèque N°\s+0001234", text)
    assert re.search(r"Banque\s+Crédit Agricole des Savoie", text)
    assert "DEBIT" not in text and "Type" not in text
    ancv = read_pdf(render_ticket(with_tender(seed_ticket, TicketTender(MODE_ANCV, 12000, "A01-R000003",
                                                                        cheque_number="AN-1 à AN-6")))).text
    assert "CHÈQUES VACANCES ANCV" in ancv and re.search(r"Chèques N°\s+AN-1 à AN-6", ancv)
    assert "pas de rendu de monnaie" in ancv
    assert "DEBIT" not in ancv and "Type" not in ancv


def test_one_ticket_for_a_cheque_and_ancv_checkout(seed_ticket, read_pdf):
    both = with_tender(seed_ticket,
                       TicketTender(MODE_CHEQUE, 7000, "A01-R000004", cheque_number="0004521", cheque_bank="CIC"),
                       TicketTender(MODE_ANCV, 5000, "A01-R000005", cheque_number="AN-778812"))
    pdf = read_pdf(render_ticket(both))
    text = pdf.text
    assert len(pdf.pages) == 1
    assert all(text.count(label.split(" - ")[0]) == 1 for label in SEED_LABELS)  # the lines once
    assert text.index("CHÈQUE") < text.index("0004521") < text.index("CHÈQUES VACANCES ANCV") < text.index("AN-778812")
    assert "A01-R000004" in text and "A01-R000005" in text
    assert re.search(r"Montant\s+70,00 €", text) and re.search(r"Montant\s+50,00 €", text)
    assert re.search(r"Total réglé\s+120,00 €", text) and "Soldé" in text


def test_a_partial_payment_says_what_is_still_due(seed_ticket, read_pdf):
    partial = card_changed(seed_ticket, amount_cents=3000)
    partial = dataclasses.replace(partial, paid_before_cents=4000, balance_due_cents=5000)
    text = read_pdf(render_ticket(partial)).text
    assert re.search(r"Déjà réglé\s+-40,00 €", text)
    assert re.search(r"Total réglé\s+30,00 €", text)
    assert re.search(r"Reste dû\s+50,00 €", text) and "Soldé" not in text


def test_a_payment_on_no_invoice_says_nothing_of_a_balance(seed_ticket, read_pdf):
    credit = dataclasses.replace(seed_ticket, lines=(), invoice_numbers=(), debt_reference="", balance_due_cents=None)
    text = read_pdf(render_ticket(credit)).text
    assert "Soldé" not in text and "Reste dû" not in text and "Total facturé" not in text


def test_long_labels_wrap_inside_the_roll(seed_ticket, read_pdf):
    long = dataclasses.replace(seed_ticket, lines=(TicketLine("Stage " + "très " * 30 + "long", "Enfant", 4000),))
    pdf = read_pdf(render_ticket(long))
    assert all(w["x1"] <= pdf.sizes[0][0] - 4 * mm + 0.5 for w in pdf.words[0])


def test_duplicate_ticket(seed_ticket, read_pdf):
    text = read_pdf(render_ticket(dataclasses.replace(seed_ticket, duplicate=True))).text
    assert text.count("DUPLICATA") == 2             # at the top and at the bottom
