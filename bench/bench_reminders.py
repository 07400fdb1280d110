"""Reminders (``python -m bench.run reminders``): the « Relances… » list at 30 days on the
benchmark dataset, and 100 reminder letters read from it and drawn into one PDF.

Each timed figure is a median over rounds with its 95th percentile. Its floor is measured in the
same run, in rounds interleaved with its own, on the same database: for the list, the bare SQL sum
of the invoices issued before the same day (the least any list of them must read); for the
letters, the same 100 letters drawn from data already in memory (the PDF alone). Then the
process's own peak memory (VmHWM: ``ru_maxrss`` would count the parent's).

Nothing is written to the dataset: the letters are read and drawn as ``reminder_letters_pdf`` does,
without the journal entries that printing them for real records."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from bench.harness import Figure, median, peak_memory_mb, percentile

ROUNDS = 15
LETTERS = 100
DAYS = 30


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000.0



def _figures(name: str, values: list[float], target: float | None) -> Figure:
    return Figure(f"{name} (médiane de {len(values)} tours)", median(values), target, p95=percentile(values, 95))


def run(dataset: Path | None = None) -> list[Figure]:
    from ems_desktop.models import Invoice
    from ems_desktop.reports.reminder import render_reminders
    from ems_desktop.services import reminders
    from ems_desktop.services.bootstrap import open_database
    from ems_desktop.services.context import ServiceContext

    if dataset is None:
        from bench.dataset import ensure_dataset

        dataset = ensure_dataset()
    database = open_database(f"sqlite:///{dataset}")
    try:
        ctx = ServiceContext(database)
        with ctx.reading() as s:
            # The day after the dataset's last invoice: its month of invoices is not yet overdue.
            last_issued = s.scalar(select(func.max(Invoice.issue_date)))
        assert last_issued is not None, "the dataset has invoices"
        today = last_issued + dt.timedelta(days=1)
        cutoff = today - dt.timedelta(days=DAYS)

        def listed():
            return reminders.overdue_invoices(ctx, DAYS, today=today)

        def floor():
            with ctx.reading() as s:
                return s.execute(select(func.count(), func.sum(Invoice.total_cents))
                                 .where(Invoice.issue_date < cutoff)).one()

        rows = listed()
        floor()
        ids = [row.invoice_id for row in rows[:LETTERS]]

        def read_letters():
            return reminders.reminder_letter_documents(ctx, ids, today=today)

        letters = read_letters()
        render_reminders(letters[:5])  # fonts registered, widths cached, as in a running counter

        lists, floors, printed, drawn = [], [], [], []
        for _ in range(ROUNDS):  # interleaved: each figure and its floor meet the same load
            lists.append(_timed(listed))
            floors.append(_timed(floor))
            printed.append(_timed(lambda: render_reminders(read_letters())))
            drawn.append(_timed(lambda: render_reminders(letters)))
        size = len(render_reminders(letters))
    finally:
        database.dispose()
    from ems_desktop.money import format_cents

    total = sum(row.due_cents for row in rows)
    print(f"  {len(rows)} factures en retard de plus de {DAYS} jours au {today:%d/%m/%Y} "
          f"({format_cents(total)} restant dû) ; {len(letters)} lettres, PDF de {size / 1024:.0f} Kio")
    return [
        _figures(f"relances : la liste à {DAYS} jours ({len(rows)} factures)", lists, 750.0),
        _figures("  plancher : la somme SQL seule des factures émises avant le même jour", floors, None),
        _figures(f"relances : {len(letters)} lettres lues en base et dessinées en un PDF", printed, 1000.0),
        _figures(f"  plancher : les {len(letters)} mêmes lettres dessinées, déjà en mémoire", drawn, None),
        Figure("relances : pic de mémoire du processus (VmHWM)", peak_memory_mb(), None, unit="MB"),
    ]


if __name__ == "__main__":
    import sys

    for figure in run(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        p95 = f"  p95 {figure.p95:9.2f}" if figure.p95 is not None else ""
        print(f"{figure.name:<90} {figure.value:9.2f} {figure.unit}{p95}")
