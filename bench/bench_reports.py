"""Benchmarks of the PDF documents (``python -m bench.run reports``).

Targets from the issue: 1,000 three-line invoices into one PDF ≤ 2 s on the 2-core machine,
one ticket ≤ 10 ms, one invoice ≤ 15 ms (medians). The "floor" is a bare reportlab canvas page
per invoice with the same strings drawn by ``drawString`` (no table, no logo): what the same
text costs through reportlab's plain API, measured in the same run for comparison.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path

from PIL import Image

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bench.harness import Figure, median, timings_ms
from ems_desktop.reports import render_invoice, render_invoices_batch, render_ticket
from ems_desktop.reports.data import (
    MODE_CARD,
    InvoiceDocument,
    InvoiceLine,
    Issuer,
    PartyAddress,
    PaymentReceived,
    TicketDocument,
    TicketLine,
    TicketTender,
)
from ems_desktop.reports.styles import FONT, FONT_BOLD, ensure_fonts, money

ISSUER = Issuer(
    collectivite="Ville d'Albertville",
    regie="ALBERTVILLE ACCUEIL LOISIRS SPORT CULTUR",
    address_lines=("Hôtel de ville", "12 cours de l'Hôtel de Ville", "73200 Albertville"),
    siret="217 300 110 00019",
    phone="04 79 10 43 00",
    email="regie.loisirs@example.fr",
    legal_mentions=("Régie de recettes ALBERTVILLE ACCUEIL LOISIRS SPORT CULTUR. Paiement à "
                    "réception. TVA non applicable, article 256 B du CGI."),
)
LABELS = (
    "EMS 2017/2018 1er trim. - Du 20/09/2017 au 06/12/2017",
    "EMS 2017/2018 2ème trim. - Du 10/01/2018 au 28/03/2018",
    "EMS 2017/2018 3ème trim. - Du 04/04/2018 au 27/06/2018",
)


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
        issuer=ISSUER, printed_at=dt.datetime(2017, 6, 21, 12, 51, 53, tzinfo=dt.timezone.utc),
        tenders=(TicketTender(MODE_CARD, 12000, receipt_number="R01-2017-000042", card_application="CB CONTACT",
                              merchant_contract="2360248 001", authorisation_number="242426",
                              transaction_number="513087", masked_card_number="497010######9287"),),
        family_name="Famille Dupont",
        lines=tuple(TicketLine(label, "Lise-Roxelane", 4000) for label in LABELS),
        debt_reference="20170621x153x59888", balance_due_cents=0, agent="Mme Martin",
    )


def _floor(docs: list[InvoiceDocument]) -> bytes:
    """The same strings, one bare canvas page per invoice, through reportlab's drawString."""
    ensure_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    for doc in docs:
        y = 800.0
        strings = [ISSUER.collectivite, ISSUER.regie, *ISSUER.address_lines, ISSUER.siret, ISSUER.phone,
                   "FACTURE", doc.number, "21/06/2017", doc.family.payer_name, *doc.family.address_lines,
                   doc.family.family_name, doc.debt_reference,
                   "Prestation", "Enfant", "Quantité", "Prix unitaire", "Montant"]
        for line in doc.lines:
            strings += [line.label, line.child_name, "1", money(line.unit_price_cents), money(line.amount_cents)]
        strings += ["Total", money(doc.total_cents), "Restant dû", money(doc.balance_due_cents),
                    ISSUER.legal_mentions, "page 1 / 1"]
        for index, text in enumerate(strings):
            canvas.setFont(FONT_BOLD if index % 5 == 0 else FONT, 9)
            canvas.drawString(50, y, text)
            y -= 18
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _with_logo(doc: InvoiceDocument, logo: str) -> InvoiceDocument:
    return dataclasses.replace(doc, issuer=dataclasses.replace(doc.issuer, logo_path=logo))


def run() -> list[Figure]:
    # A town logo (300 × 150 px PNG) on every invoice, as in real use.
    folder = tempfile.mkdtemp(prefix="ems-bench-")
    logo = str(Path(folder) / "logo.png")
    Image.new("RGB", (300, 150), (20, 60, 140)).save(logo)
    docs = [_with_logo(_invoice(i), logo) for i in range(1000)]
    render_invoices_batch(docs[:20])          # warm caches (fonts, widths) like a running app

    try:
        # Each run takes about a second: the median of three runs, no warm-up beyond the one above.
        batch = median(timings_ms(lambda: render_invoices_batch(docs), repeat=3, warmup=0))
        floor = median(timings_ms(lambda: _floor(docs), repeat=3, warmup=0))
        ticket = median(timings_ms(lambda: render_ticket(_ticket()), repeat=50, warmup=3))
        one = _with_logo(_invoice(7), logo)
        invoice = median(timings_ms(lambda: render_invoice(one), repeat=50, warmup=3))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Figure("1 000 factures de 3 lignes en un PDF", batch, 2000.0),
        Figure("plancher : 1 000 pages canvas nues, mêmes textes", floor, None),
        Figure("un ticket (médiane)", ticket, 10.0),
        Figure("une facture (médiane)", invoice, 15.0),
    ]
