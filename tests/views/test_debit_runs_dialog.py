"""Fichier › Prélèvements SEPA…: the régie's account (each refusal under its field), the invoices
to collect checked, a wrong collection date refused under its field, the file for the bank saved,
the report PDF, the bank's return imported (the reject listed, the run's figures updated)."""

from __future__ import annotations

import asyncio
import threading
import uuid
from pathlib import Path

import pdfplumber
import pytest
import sepaxml
import xmlschema
from PySide6.QtCore import Qt

from ems_desktop.paths import CATALOGS
from ems_desktop.services import catalog, checkout, debit_runs, enrollment, mandates
from ems_desktop.services.mandates import MandateInput
from ems_desktop.views.debit_runs_dialog import CreditorDialog, DebitRunsDialog
from tests.helpers import SEED_GROUPS, group_id, make_family

XSD = Path(sepaxml.__file__).parent / "schemas" / f"{debit_runs.SCHEMA}.xsd"


pytestmark = pytest.mark.usefixtures("data_dir")   # documents saved under tmp_path (tests/views/conftest.py)


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def owing_by_debit(ctx, name: str) -> uuid.UUID:
    family = make_family(ctx, name=name)
    mandates.record_mandate(ctx, family.id, MandateInput(f"Claire {name}", "FR14 2004 1010 0505 0001 3M02 606", "",
                                                         "20/06/2017"))
    ids = [enrollment.enroll(ctx, family.children[0].id, group_id(ctx, *SEED_GROUPS[0])).id]
    invoice_id = checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids, (), collect_by_debit=True).invoice_id
    assert invoice_id is not None  # the enrollments are invoiced, to be collected by debit
    return invoice_id


def test_a_run_prepared_saved_reported_and_its_return_imported(qtbot, app_state, tmp_path):
    ctx = app_state.context
    catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv")
    owing_by_debit(ctx, "Berthier")
    owing_by_debit(ctx, "Durand")
    dialog = DebitRunsDialog(app_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    assert dialog.creditor_label.text().startswith("Compte créancier de la régie non renseigné")
    assert plain(dialog.selected_label.text()) == "2 facture(s) cochée(s) : 80,00 €"
    assert plain(dialog.table.item(0, 6).text()) == "40,00 €"
    assert dialog.table.item(0, 6).textAlignment() & Qt.AlignmentFlag.AlignRight
    assert not dialog.runs_table.isVisible() and dialog.no_runs.isVisible()

    # Without the régie's account the run is refused, nothing done.
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.message.isHidden(), timeout=10_000)
    assert "renseignez le compte créancier de la régie" in dialog.message.text()

    creditor = CreditorDialog(app_state, dialog.creditor, dialog)
    qtbot.addWidget(creditor)
    creditor.ics.setText("FR12ZZZ123456")
    creditor.iban.setText("FR76 1007 1730 0000 0010 0000 011")
    qtbot.mouseClick(creditor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not creditor.fields["iban"].error.isHidden(), timeout=10_000)
    assert creditor.fields["iban"].error.text().startswith("L'IBAN du compte de la régie est erroné")
    creditor.iban.setText("FR76 1007 1730 0000 0010 0000 010")
    creditor.bic.setText("TRPUFRP1")
    with qtbot.waitSignal(creditor.accepted, timeout=10_000):
        qtbot.mouseClick(creditor.save_button, Qt.MouseButton.LeftButton)
    dialog.refresh()
    qtbot.waitUntil(lambda: "ICS FR12ZZZ123456" in dialog.creditor_label.text(), timeout=10_000)

    dialog.table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    assert plain(dialog.selected_label.text()) == "1 facture(s) cochée(s) : 40,00 €"
    dialog.collection_date.edit.setText("24/06/2017")  # a Saturday
    dialog.message.clear_message()
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.date_field.error.isHidden(), timeout=10_000)
    assert dialog.info.text() == ""
    assert dialog.date_field.error.text().startswith("Les prélèvements se font un jour ouvré bancaire")
    dialog.collection_date.edit.setText("23/06/2017")
    started, release = threading.Event(), threading.Event()

    def hold():  # the database worker busy: the run waits behind, and the dialog says it is under way
        started.set()
        release.wait(10)

    held = asyncio.ensure_future(app_state.worker.run(hold))
    qtbot.waitUntil(started.is_set)
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.info.text() == "Préparation du prélèvement de 1 facture(s)…", timeout=10_000)
    assert not dialog.build_button.isEnabled()
    release.set()
    qtbot.waitUntil(held.done)
    qtbot.waitUntil(lambda: dialog.document.plain.startswith("Fichier à remettre à la banque"), timeout=10_000)
    assert plain(dialog.info.text()) == "Prélèvement du 23/06/2017 préparé : 1 facture(s), 40,00 €."
    xmlschema.XMLSchema(str(XSD)).validate(dialog.saved_file.read_text(encoding="utf-8"))
    assert dialog.table.rowCount() == 1 and dialog.runs_table.rowCount() == 1
    assert [plain(dialog.runs_table.item(0, c).text()) for c in (0, 2, 3, 4, 5)] == [
        "23/06/2017", "1", "40,00 €", "—", "40,00 €"]

    qtbot.mouseClick(dialog.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.document.plain.startswith("Prélèvement SEPA du 23-06-2017"), timeout=10_000)
    with pdfplumber.open(dialog.saved_report) as pdf:
        assert "Présentés 1 40,00 €" in pdf.pages[0].extract_text()

    e2e = next(line for line in dialog.saved_file.read_text(encoding="utf-8").split("<EndToEndId>")[1:]
               ).split("<")[0]
    bank_return = tmp_path / "impayes.csv"
    bank_return.write_text(f"EndToEndId;Code;Motif\n{e2e};AM04;\n", encoding="utf-8")
    dialog.import_return(str(bank_return))
    qtbot.waitUntil(lambda: dialog.info.text().startswith("1 prélèvement(s) rejeté(s)"), timeout=10_000)
    assert "AM04 — provision insuffisante" in dialog.info.text()
    assert (plain(dialog.runs_table.item(0, 4).text()) == "1 · 40,00 €"
            and plain(dialog.runs_table.item(0, 5).text()) == "0,00 €")
    assert dialog.table.rowCount() == 2  # the rejected invoice is due again
    rejected_row = next(r for r in range(2) if dialog.table.item(r, 7).text().startswith("Rejeté le"))
    assert dialog.table.item(rejected_row, 0).checkState() == Qt.CheckState.Unchecked
