"""Printing: the ESC/POS ticket read back byte by byte from python-escpos's Dummy printer, a
network printer that is missing or works, CUPS, and the PDF files kept in the user data folder."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid

import pytest
from escpos.printer import Dummy

from ems_desktop.printing import (
    PrintingError,
    documents_folder,
    open_receipt_printer,
    pdf_filename,
    print_pdf_file,
    save_and_print_ticket,
    save_pdf,
    ticket_bytes,
    ticket_rows,
    write_ticket,
)
from ems_desktop.reports import render_ticket
from ems_desktop.reports.data import MODE_CARD, MODE_CASH, Issuer, TicketDocument, TicketLine, TicketTender
from ems_desktop.services import checkout, documents
from ems_desktop.services.checkout import Tender
from ems_desktop.terminal.fake import FAKE_MASKED_PAN
from tests.card_numbers import TEST_CARD_NUMBERS
from tests.helpers import card_attempt, fake_lp
from tests.network_printer import NetworkPrinter
from tests.ports import free_port

CP858 = "cp858"
ISSUER = Issuer("Ville d'Albertville", "ALBERTVILLE ACCUEIL LOISIRS SPORT CULTUR", ("12 cours de l'Hôtel de Ville",))


def cash_ticket(tender: TicketTender | None = None, **changes) -> TicketDocument:
    tender = tender or TicketTender(MODE_CASH, 123456, "A01-R000001", tendered_cents=130000, change_cents=6544)
    base = TicketDocument(
        issuer=ISSUER, printed_at=dt.datetime(2017, 6, 21, 13, 0, tzinfo=dt.UTC), tenders=(tender,),
        family_name="Berthier",
        lines=(TicketLine("EMS 2017/2018 1er trim. - Du 20/09/2017 au 06/12/2017", "Lise-Roxelane Berthier", 123456),),
        invoice_numbers=("A01-F000001",), debt_reference="20170621xA01x1", balance_due_cents=0)
    return dataclasses.replace(base, **changes)


def printed(doc: TicketDocument) -> bytes:
    dummy = Dummy()
    write_ticket(dummy, doc)
    return dummy.output


@pytest.fixture
def seed_card_ticket(agent_ctx, recap, till):
    family, ids = recap
    attempt = card_attempt(agent_ctx, family.id, ids, 12000)
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                           [Tender("card", 12000, card_attempt_id=attempt.id)])
    return documents.ticket_document(agent_ctx, result.payments[0].id), attempt


def test_the_seed_card_ticket_bytes(seed_card_ticket):
    doc, attempt = seed_card_ticket
    out = printed(doc)
    assert out.startswith(b"\x1b@\x1bt\x13")  # initialise, then code page 19 = CP858
    text = out.decode(CP858)
    for expected in ("Ville d'Albertville", "ALBERTVILLE ACCUEIL LOISIRS SPORT CULTUR", "21/06/2017 à 15:00",
                     "REÇU DE PAIEMENT", "CARTE BANCAIRE", "Montant", "120,00 €",
                     "N° d'autorisation", attempt.authorisation,
                     "N° de contrat", attempt.merchant_contract, "N° de transaction", attempt.transaction_number,
                     "Berthier", "EMS 2017/2018 1er trim.", "Lise-Roxelane Berthier", "40,00 €",
                     "Réf. de la dette", "20170621xA01x1", "A01-R000001", "Ticket client - à conserver"):
        assert expected in text, expected
    # The accents and the € sign in CP858 bytes, not UTF-8.
    assert b"R\x82gie" in out and b"120,00 \xd5" in out and "é".encode() not in out and "€".encode() not in out
    # The card: only its first 6 and last 4 digits, nowhere the full number.
    [card_row] = [r.text for r in ticket_rows(doc) if r.text.startswith("N° de carte")]
    assert card_row.endswith(FAKE_MASKED_PAN) and len(card_row) == 48
    assert "".join(re.findall(r"\d", card_row)) == FAKE_MASKED_PAN[:6] + FAKE_MASKED_PAN[-4:]
    assert not any(number.encode() in out for number in TEST_CARD_NUMBERS)
    assert "DUPLICATA" not in text
    assert out.endswith(b"\x1dV\x00")  # feed, then the full cut
    assert all(len(row.text) <= 48 for row in ticket_rows(doc))


def test_a_full_card_number_handed_by_mistake_is_masked():
    doc = cash_ticket(TicketTender(MODE_CARD, 123456, masked_card_number="4970110000001029",
                                   authorisation_number="123456"))
    out = printed(doc)
    assert b"497011######1029" in out and b"4970110000001029" not in out


def test_cash_ticket_accents_euro_and_duplicata():
    out = printed(cash_ticket(duplicate=True))
    text = out.decode(CP858)
    assert b"ESP\xd4CES" in out  # È in CP858
    assert "Somme remise" in text and "1 300,00 €" in text and "Monnaie rendue" in text and "65,44 €" in text
    assert "1 234,56 €" in text and "\u202f" not in text and "\xa0" not in text
    assert text.count("*** DUPLICATA ***") == 2  # at the top and at the bottom
    assert out.endswith(b"\x1dV\x00")


def test_user_text_is_printed_literally_without_printer_commands():
    doc = cash_ticket(family_name="<b>Dupont & Fils</b>\x1bi\x1dV\x00 Cœur’s", agent="Zoë Lefèvre")
    out = printed(doc)
    assert b"<b>Dupont & Fils</b>" in out and b"Coeur's" in out and "Zoë Lefèvre".encode(CP858) in out
    body = out[out.index(b"Famille"):out.index(b"\x1bd")]  # up to the final feed and cut
    assert b"\x1bi" not in body and b"\x1dV" not in body  # no cut smuggled in a name


def test_long_values_wrap_on_48_columns():
    doc = cash_ticket(family_name="Famille Lefèvre-Duplessis de la Tour d'Auvergne et Saint-Jean")
    rows = ticket_rows(doc)
    assert all(len(r.text) <= 48 for r in rows)
    assert any("Saint-Jean" in r.text for r in rows)


def test_missing_network_printer_keeps_the_pdf(tmp_path):
    doc = cash_ticket()
    address = f"tcp://127.0.0.1:{free_port()}"  # nobody listens there
    path = tmp_path / "tickets" / pdf_filename("Ticket", *doc.receipt_numbers)
    with pytest.raises(PrintingError) as failed:
        save_and_print_ticket(doc, render_ticket(doc), path, address)
    assert failed.value.message == (
        f"Impossible d'imprimer le ticket sur l'imprimante {address} : connexion refusée (imprimante éteinte "
        f"ou adresse erronée).\nLe document est enregistré en PDF : {path}")
    assert failed.value.saved_path == path and path.read_bytes().startswith(b"%PDF")


def test_no_receipt_printer_only_saves(tmp_path):
    doc = cash_ticket()
    path = tmp_path / "t.pdf"
    assert save_and_print_ticket(doc, render_ticket(doc), path, "") is False
    assert path.read_bytes().startswith(b"%PDF")


def test_a_network_printer_gets_the_whole_ticket_in_one_connection(tmp_path):
    printer = NetworkPrinter()
    doc = cash_ticket()
    assert save_and_print_ticket(doc, render_ticket(doc), tmp_path / "t.pdf", printer.address) is True
    assert printer.printed() == ticket_bytes(doc)


def test_the_code_page_is_the_counter_s_choice(tmp_path):
    printer = NetworkPrinter()
    doc = cash_ticket()
    assert save_and_print_ticket(doc, render_ticket(doc), tmp_path / "t.pdf", printer.address, "CP1252") is True
    sent = printer.printed()
    assert sent == ticket_bytes(doc, codepage="CP1252") != ticket_bytes(doc)
    assert b"\x1bt\x10" in sent  # ESC t 16: Windows-1252 selected on the printer


@pytest.mark.parametrize("codepage, selected, e_acute, euro", [
    ("CP858", b"\x1bt\x13", b"\x82", b"\xd5"), ("CP1252", b"\x1bt\x10", b"\xe9", b"\x80"),
    ("ISO_8859-15", b"\x1bt(", b"\xe9", b"\xa4"), ("CP850", b"\x1bt\x02", b"\x82", b"?")])
def test_the_test_page_shows_accents_and_euro_in_the_chosen_code_page(codepage, selected, e_acute, euro):
    from ems_desktop.printing.receipt import test_page_bytes

    page = test_page_bytes(codepage)
    assert selected in page and f"Page de codes : {codepage}".encode() in page
    assert b"Accents : " + e_acute in page and b"Euro : 120,00 " + euro in page
    assert b"\x1dV" in page  # GS V: the paper cut


def test_the_test_page_on_the_printer_and_its_refusals():
    from ems_desktop.printing import print_test_page
    from ems_desktop.printing.receipt import test_page_bytes

    printer = NetworkPrinter()
    print_test_page(printer.address, "CP1252")
    assert printer.printed() == test_page_bytes("CP1252")
    with pytest.raises(PrintingError) as absent:
        print_test_page("tcp://127.0.0.1:1", "CP858", timeout=1)
    assert absent.value.message.startswith(
        "Impossible d'imprimer la page de test sur l'imprimante tcp://127.0.0.1:1 : ")


def test_absent_usb_printer_and_bad_addresses():
    with pytest.raises(PrintingError) as usb:
        from ems_desktop.printing import print_ticket

        print_ticket("usb:04b8:0202", cash_ticket())
    assert usb.value.message.startswith("Impossible d'imprimer le ticket sur l'imprimante usb:04b8:0202 : ")
    for address in ("imprimante", "tcp://", "tcp://host:port", "usb:zz:01", "usb:04b8"):
        with pytest.raises(PrintingError) as bad:
            open_receipt_printer(address)
        assert bad.value.message.startswith("Adresse de l'imprimante de tickets invalide")
    network = open_receipt_printer("tcp://192.0.2.7")
    assert (network.host, network.port) == ("192.0.2.7", 9100)


def test_pdf_to_a_system_printer_through_cups(tmp_path, monkeypatch):
    pdf = save_pdf(b"%PDF-1.4 test", tmp_path / "Facture.pdf")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(PrintingError) as no_cups:
        print_pdf_file(pdf, "Accueil")
    assert "CUPS" in no_cups.value.message and str(pdf) in no_cups.value.message
    log = fake_lp(tmp_path, monkeypatch, "request id is Accueil-7 (1 file(s))")
    assert print_pdf_file(pdf, "Accueil", copies=2, title="Facture A01-F000001") == (
        "request id is Accueil-7 (1 file(s))")
    assert log.read_text().splitlines() == ["-n", "2", "-d", "Accueil", "-t", "Facture A01-F000001", str(pdf)]
    (tmp_path / "bin" / "lp").write_text('#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
    with pytest.raises(PrintingError) as refused:
        print_pdf_file(pdf, "Absente")
    assert refused.value.message.startswith("L'imprimante « Absente » a refusé le document (lp: The printer")


def test_pdf_files(tmp_path):
    assert pdf_filename("Facture", "A01/F:1", "(duplicata)") == "Facture A01-F-1 (duplicata).pdf"
    assert documents_folder("factures").name == "factures" and documents_folder("factures").is_dir()
    path = save_pdf(b"%PDF-1", tmp_path / "a" / "b.pdf")
    assert path.read_bytes() == b"%PDF-1" and [p.name for p in path.parent.iterdir()] == ["b.pdf"]
    (tmp_path / "dir.pdf").mkdir()
    with pytest.raises(PrintingError) as failed:
        save_pdf(b"%PDF-1", tmp_path / "dir.pdf")
    assert failed.value.message.startswith("Impossible d'enregistrer le PDF")
