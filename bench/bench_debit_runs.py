"""Fichier › Prélèvements SEPA… as the régisseur waits for it, on the dataset: 1,000 families with a
mandate in force and an invoice « à prélever ».

- the screen opened: the candidates read and the table painted, with the runs; floor: the same
  rows read alone (one query);
- a run of 200 invoices built (families locked, a payment and a debit each, the pain.008 built and
  validated against its XSD, committed); floor: sepaxml building and validating the same file alone;
- a bank return of 50 rejects imported; floor: the CSV parsed alone;
- the process's own peak memory (VmHWM; run the fragment alone for the figure to be this work's).

Writes go to a copy of the dataset (bench/bench_app.py's snapshot)."""

from __future__ import annotations

import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import select, update

from bench.harness import Figure, dataset_copy_acting_as, french_qt_app, median, peak_memory_mb, percentile, timings_ms

FAMILIES = 1_000
RUN_SIZE = 200
REJECTS = 50



def _setup(ctx) -> list[uuid.UUID]:
    """Mandates for the families of FAMILIES open invoices, those invoices issued « à prélever »."""
    from schwifty import IBAN
    from sqlalchemy import func

    from ems_desktop.models import CreditNote, Invoice, PaymentAllocation
    from ems_desktop.services import debit_runs, mandates
    from ems_desktop.services.mandates import MandateInput

    debit_runs.save_creditor(ctx, debit_runs.Creditor("", "FR12ZZZ123456", "FR7610071730000000100000010", "TRPUFRP1"))
    paid = (select(func.coalesce(func.sum(PaymentAllocation.amount_cents), 0))
            .where(PaymentAllocation.invoice_id == Invoice.id).scalar_subquery())
    credited = (select(func.coalesce(func.sum(CreditNote.total_cents), 0))
                .where(CreditNote.invoice_id == Invoice.id).scalar_subquery())
    with ctx.reading() as s:
        rows = s.execute(select(Invoice.id, Invoice.family_id).where(Invoice.total_cents > paid + credited)
                         .order_by(Invoice.issued_at)).all()
    chosen, families = [], set()
    for invoice_id, family_id in rows:
        if family_id in families:
            continue
        families.add(family_id)
        chosen.append(invoice_id)
        iban = IBAN.generate("FR", bank_code="30006", branch_code="00001", account_code=f"{len(chosen):011d}")
        mandates.record_mandate(ctx, family_id, MandateInput("Titulaire Banc", iban.formatted, "", "01/07/2025"))
        if len(chosen) == FAMILIES:
            break
    with ctx.unit_of_work() as uow:
        uow.session.execute(update(Invoice).where(Invoice.id.in_(chosen)).values(collect_by_debit=True))
    return chosen


def run() -> list[Figure]:
    from unittest import mock

    app = french_qt_app()
    from ems_desktop.rules.sepa import earliest_collection_date
    from ems_desktop.services import debit_runs
    from ems_desktop.views.debit_runs_dialog import DebitRunsDialog

    with tempfile.TemporaryDirectory(prefix="ems-bench-debits-") as folder:
        ctx = dataset_copy_acting_as(Path(folder), "prelevements.sqlite3", login="bench.regie",
                                     display_name="Régisseur du banc", password="Banc-essai-2026-regie",
                                     roles=["agent", "regisseur"])
        chosen = _setup(ctx)
        day = earliest_collection_date(ctx.today())

        with mock.patch.object(DebitRunsDialog, "refresh"):
            dialog = DebitRunsDialog(mock.MagicMock(context=ctx))
        dialog.resize(1100, 760)
        dialog.show()

        def open_screen() -> None:
            dialog.creditor = debit_runs.load_creditor(ctx)
            dialog.candidates = debit_runs.debit_candidates(ctx)
            dialog.runs = debit_runs.debit_runs(ctx)
            dialog._show_creditor()
            dialog._fill_candidates()
            dialog._fill_runs()
            dialog.repaint()
            app.processEvents()

        def rows_alone() -> None:
            with ctx.reading() as s:
                s.execute(debit_runs.candidate_rows()).all()

        opened = timings_ms(open_screen, repeat=10)
        candidates = len(dialog.candidates)
        floor_open = timings_ms(rows_alone, repeat=10)

        built, runs = [], []
        for start in range(0, len(chosen), RUN_SIZE):
            batch = chosen[start:start + RUN_SIZE]
            began = time.perf_counter()
            runs.append(debit_runs.build_debit_run(ctx, uuid.uuid4(), day, batch))
            built.append((time.perf_counter() - began) * 1000.0)
        sizes = {r.item_count for r in runs}

        def file_alone() -> None:
            import sepaxml

            document = sepaxml.SepaDD({"name": "Regie", "IBAN": "FR7610071730000000100000010", "BIC": "TRPUFRP1",
                                       "creditor_id": "FR12ZZZ123456", "currency": "EUR", "batch": True},
                                      schema=debit_runs.SCHEMA)
            for n in range(RUN_SIZE):
                document.add_payment({"name": "Titulaire Banc", "IBAN": "FR1420041010050500013M02606",
                                      "amount": 4000, "type": "RCUR", "collection_date": day,
                                      "mandate_id": f"EMS-{n:012d}", "mandate_date": day,
                                      "description": f"Facture A01-F{n:06d}", "endtoend_id": f"EMS-E-{n:026d}"})
            document.export(validate=True)

        floor_build = timings_ms(file_alone, repeat=5, warmup=1)

        imported, parsed = [], []
        for run in runs[:4]:
            _, data = debit_runs.debit_run_file(ctx, run.id)
            ids = [part.split("<", 1)[0] for part in data.decode().split("<EndToEndId>")[1:]][:REJECTS]
            csv_file = ("EndToEndId;Code;Motif\n" + "".join(f"{e2e};AM04;\n" for e2e in ids)).encode()
            began = time.perf_counter()
            debit_runs.parse_reject_csv(csv_file)
            parsed.append((time.perf_counter() - began) * 1000.0)
            began = time.perf_counter()
            debit_runs.import_bank_return(ctx, "retour.csv", csv_file)
            imported.append((time.perf_counter() - began) * 1000.0)
        dialog.close()
        ctx.db.dispose()
    return [
        Figure(f"Prélèvements SEPA opened: {candidates} invoices to collect read, table painted (median)",
               median(opened), 500.0, p95=percentile(opened, 95)),
        Figure("  floor: the candidates' rows read alone (one query; median)", median(floor_open), None),
        Figure(f"a run of {RUN_SIZE} invoices built, pain.008 validated, committed "
               f"({len(runs)} runs of {sorted(sizes)}; median)", median(built), 5_000.0, p95=percentile(built, 95)),
        Figure(f"  floor: sepaxml alone, the same {RUN_SIZE} debits built and validated (median)",
               median(floor_build), None),
        Figure(f"a bank return of {REJECTS} rejects imported (median of {len(imported)})", median(imported), 2_000.0,
               p95=percentile(imported, 95)),
        Figure("  floor: the return's CSV parsed alone (median)", median(parsed), None),
        Figure("peak memory of the process (VmHWM, dataset copy and set-up included)", peak_memory_mb(), None,
               unit="MB"),
    ]
