"""Benchmarks of the PDF documents (``python -m bench.run reports``).

Targets from the issue (2-core machine, medians over rounds): 1,000 three-line invoices into one
PDF ≤ 1 s; a month's invoices read from the 50,000-family database and rendered, as "Imprimer la
période" does, ≤ 1.3 s per 1,000 invoices; one ticket ≤ 10 ms, one invoice ≤ 15 ms. Each timed
figure comes with its 95th percentile and its spread (slowest − fastest round), since other
benchmarks share the machine.

The "floor" draws, through reportlab's plain API (``setFont`` + ``drawString``, one bare page per
invoice), exactly the strings that the invoice shows, each in the font, size and place the
invoice gives it (recorded from the renderer itself); no table, no rule, no colour, no logo. It is
measured in the same run, in rounds interleaved with the batch's, so both meet the same load.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, select

from bench.harness import Figure, median, percentile, timings_ms
from ems_desktop.reports import a4, render_invoice, render_invoices_batch, render_ticket
from ems_desktop.reports.data import (
    MODE_CARD,
    InvoiceDocument,
    InvoiceLine,
    PartyAddress,
    PaymentReceived,
    TicketDocument,
    TicketLine,
    TicketTender,
)
from ems_desktop.reports.invoice import draw_invoice
from ems_desktop.reports.layout import TextPen
from ems_desktop.reports.styles import FONT, ensure_fonts, printable
from tests.reports.report_samples import SEED_ISSUER, SEED_LABELS

ISSUER = SEED_ISSUER
LABELS = SEED_LABELS
BATCH = 1000
BATCH_ROUNDS = 9
MONTH_ROUNDS = 5

# A string as the invoice draws it: x, y, text, font, size, alignment.
Drawn = tuple[float, float, str, str, float, str]


def _invoice(index: int) -> InvoiceDocument:
    lines = tuple(InvoiceLine(label, f"Enfant {index % 97}", 1, 4000, 4000) for label in LABELS)
    paid = index % 2 == 0
    return InvoiceDocument(
        issuer=ISSUER,
        number=f"A01-2017-{index:06d}",
        issue_date=dt.date(2017, 6, 21),
        family=PartyAddress(f"Famille {index}", f"Mme Responsable {index}",
                            (f"{index % 90 + 1} rue de la République", "73200 Albertville")),
        lines=lines,
        total_cents=12000,
        payments=(PaymentReceived(dt.date(2017, 6, 21), "Carte bancaire", 12000, "242426"),) if paid else (),
        balance_due_cents=0 if paid else 12000,
        debt_reference=f"20170621x153x{59888 + index}",
        due_date=dt.date(2017, 7, 21),
    )


def _ticket() -> TicketDocument:
    return TicketDocument(
        issuer=ISSUER, printed_at=dt.datetime(2017, 6, 21, 12, 51, 53, tzinfo=dt.UTC),
        tenders=(TicketTender(MODE_CARD, 12000, receipt_number="R01-2017-000042", card_application="CB CONTACT",
                              merchant_contract="2360248 001", authorisation_number="242426",
                              transaction_number="513087", masked_card_number="497010######9287"),),
        family_name="Famille Dupont",
        lines=tuple(TicketLine(label, "Lise-Roxelane", 4000) for label in LABELS),
        debt_reference="20170621x153x59888", balance_due_cents=0, agent="Mme Martin",
    )


class _RecordingPen(TextPen):
    """A pen that also notes every string it draws, forms included."""

    def __init__(self, canvas: Canvas):
        super().__init__(canvas)
        self.drawn: list[Drawn] = []

    def text(self, x, y, text, *, font=FONT, size=9, align="left", color=None) -> None:
        if printable(text):
            self.drawn.append((x, y, text, font, size, align))
        super().text(x, y, text, font=font, size=size, align=align, color=color)


def _strings_of(doc: InvoiceDocument) -> list[Drawn]:
    """Every string of the invoice, rendered alone (so its forms are drawn too)."""
    canvas = a4.new_canvas(io.BytesIO(), title="", author="")
    pen = _RecordingPen(canvas)
    pages = draw_invoice(pen, doc)
    assert pages == 1, "the floor draws one page per invoice"
    return pen.drawn


def _floor(pages: list[list[Drawn]]) -> bytes:
    """The same strings, one bare canvas page per invoice, through reportlab's drawString."""
    ensure_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    draw = {"left": canvas.drawString, "right": canvas.drawRightString, "center": canvas.drawCentredString}
    for strings in pages:
        current = None
        for x, y, text, font, size, align in strings:
            if (font, size) != current:
                canvas.setFont(font, size)
                current = (font, size)
            draw[align](x, y, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _with_logo(doc: InvoiceDocument, logo: str) -> InvoiceDocument:
    return dataclasses.replace(doc, issuer=dataclasses.replace(doc.issuer, logo_path=logo))


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000.0


# The harness may show a figure's 95th percentile in a column of its own.
_P95_FIELD = "p95" in getattr(Figure, "__dataclass_fields__", {})


def _spread_figures(name: str, values: list[float], target: float | None) -> list[Figure]:
    """Median (against the target), 95th percentile and spread of the rounds of one figure."""
    title = f"{name} (médiane de {len(values)} tours)"
    p95 = percentile(values, 95)
    figures = ([Figure(title, median(values), target, p95=p95)] if _P95_FIELD else
               [Figure(title, median(values), target), Figure(f"{name}, 95e centile", p95, None)])
    return figures + [Figure(f"{name}, écart entre tours (max − min)", max(values) - min(values), None)]


def _batch_figures(logo: str) -> list[Figure]:
    docs = [_with_logo(_invoice(i), logo) for i in range(BATCH)]
    strings = [_strings_of(doc) for doc in docs]
    per_page = sum(len(s) for s in strings) / len(strings)
    render_invoices_batch(docs[:20])          # warm caches (fonts, widths) like a running app
    _floor(strings[:20])
    batch, floor = [], []
    for _ in range(BATCH_ROUNDS):             # interleaved: both meet the same load
        batch.append(_timed(lambda: render_invoices_batch(docs)))
        floor.append(_timed(lambda: _floor(strings)))
    return [
        *_spread_figures("1 000 factures de 3 lignes en un PDF", batch, 1000.0),
        *_spread_figures(f"plancher : 1 000 pages canvas nues, mêmes {per_page:.0f} textes par page, "
                         "mêmes polices", floor, None),
    ]


def _busiest_month(ctx) -> tuple[dt.date, dt.date]:
    from ems_desktop.models import Invoice

    with ctx.reading() as s:
        days = s.execute(select(Invoice.issue_date, func.count()).group_by(Invoice.issue_date)).all()
    months: dict[tuple[int, int], int] = {}
    for day, count in days:
        months[(day.year, day.month)] = months.get((day.year, day.month), 0) + count
    year, month = max(months, key=lambda m: (months[m], m))
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def month_figures(database_path: Path) -> list[Figure]:
    """The busiest month of the dataset, read in chunks and drawn into one PDF, as the
    Facturation tab's "Imprimer la période" does; per 1,000 invoices."""
    from ems_desktop.services import billing_history as bh
    from ems_desktop.services.bootstrap import open_database
    from ems_desktop.services.context import ServiceContext

    database = open_database(f"sqlite:///{database_path}")
    try:
        ctx = ServiceContext(database)
        first, last = _busiest_month(ctx)
        count = bh.count_invoices_between(ctx, first, last)

        def printed() -> bytes:
            total = bh.count_invoices_between(ctx, first, last)
            return render_invoices_batch(bh.iter_invoice_documents_between(ctx, first, last), total=total,
                                         progress=lambda done, total: None, cancelled=lambda: False)

        def read_only() -> int:
            return sum(1 for _ in bh.iter_invoice_documents_between(ctx, first, last))

        # Warm the code paths and the file's pages on one day of the month, like a running app.
        render_invoices_batch(bh.iter_invoice_documents_between(ctx, first, first),
                              total=bh.count_invoices_between(ctx, first, first))
        read_only()
        per_1000 = 1000.0 / count
        month, reading = [], []
        for _ in range(MONTH_ROUNDS):
            month.append(_timed(printed) * per_1000)
            reading.append(_timed(read_only) * per_1000)
    finally:
        database.dispose()
    print(f"  mois le plus chargé : {first:%m/%Y}, {count} factures")
    return [
        *_spread_figures("le mois le plus chargé lu en base et imprimé en un PDF, par 1 000 factures", month, 1300.0),
        *_spread_figures("plancher : le même mois lu seul, par 1 000 factures", reading, None),
    ]


def run(dataset: Path | None = None) -> list[Figure]:
    # A town logo (300 × 150 px PNG) on every invoice, as in real use.
    folder = tempfile.mkdtemp(prefix="ems-bench-")
    logo = str(Path(folder) / "logo.png")
    Image.new("RGB", (300, 150), (20, 60, 140)).save(logo)
    try:
        figures = _batch_figures(logo)
        ticket = median(timings_ms(lambda: render_ticket(_ticket()), repeat=50, warmup=3))
        one = _with_logo(_invoice(7), logo)
        invoice = median(timings_ms(lambda: render_invoice(one), repeat=50, warmup=3))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if dataset is None:
        from bench.dataset import ensure_dataset

        dataset = ensure_dataset()
    figures += month_figures(dataset)
    return figures + [
        Figure("un ticket (médiane)", ticket, 10.0),
        Figure("une facture (médiane)", invoice, 15.0),
    ]


if __name__ == "__main__":
    # ``python -m bench.bench_reports [DATABASE.sqlite3]``: this module alone, on a given copy of
    # the dataset if one is named (the dataset is then neither checked nor rebuilt).
    import sys

    for figure in run(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        p95 = getattr(figure, "p95", None)
        print(f"{figure.name:<100} {figure.value:9.2f} {figure.unit}"
              + (f"  p95 {p95:9.2f}" if p95 is not None else "")
              + ("" if figure.target is None else f"  (≤ {figure.target:g}: {'ok' if figure.ok else 'MANQUÉ'})"))
