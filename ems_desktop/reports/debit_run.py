"""The report of a direct-debit run (A4): the file handed to the bank (reference, collection date,
creditor), the totals presented, rejected and collected, then every debit with its family, mandate,
sequence, amount and state. Kept with the régie's accounts; IBANs are masked."""

from __future__ import annotations

from reportlab.lib.units import mm

from ems_desktop.reports import a4
from ems_desktop.reports.cash_session import heading, paragraph
from ems_desktop.reports.data import DebitRunReport
from ems_desktop.reports.layout import Cell, Column, Part, Table, TextPen, draw_pages, paginate, spacer
from ems_desktop.reports.styles import DUPLICATE_RED, MUTED, ZEBRA_FILL, date_text, datetime_text, money

__all__ = ["render_debit_run"]

TOTAL_COLUMNS = (Column("", 80 * mm), Column("Nombre", 25 * mm, "right"), Column("Montant", 35 * mm, "right"))
LINE_COLUMNS = (
    Column("Facture", 26 * mm),
    Column("Famille / débiteur", 46 * mm),
    Column("Mandat (RUM) / compte", 37 * mm),
    Column("Séq.", 11 * mm),
    Column("Montant", 21 * mm, "right"),
    Column("État", 39 * mm),
)


def draw_debit_run(pen: TextPen, report: DebitRunReport) -> int:
    issuer = report.issuer
    legal = a4.legal_lines("")
    bottom = a4.body_bottom(legal)
    meta = (("Échéance", date_text(report.collection_date)), ("Préparé le", datetime_text(report.created_at)),
            ("ICS", report.creditor_id), ("Compte crédité", report.creditor_iban))
    issuer_bottom = a4.TOP - a4.issuer_header_height(issuer)
    title_bottom = a4.TOP - 20 - 6 - 13 * len(meta)
    first_top = min(issuer_bottom, title_bottom) - 8 * mm
    next_top = a4.TOP - 36

    blocks = [
        heading("Fichier remis à la banque"),
        paragraph(f"Référence du message : {report.reference} — fichier {report.file_name} (SEPA pain.008, "
                  "prélèvement SEPA CORE)."),
        spacer(2 * mm),
    ]
    totals = Table(TOTAL_COLUMNS, a4.LEFT, size=9.5)
    blocks.append(totals.row(("Présentés", str(report.count), money(report.total_cents))))
    rejected = (Cell((Part(money(report.rejected_cents), bold=True, color=DUPLICATE_RED),))
                if report.rejected_cents else money(0))
    blocks.append(totals.row(("Rejetés par la banque (redevenus dus)", str(report.rejected_count), rejected)))
    blocks.append(totals.row(("Encaissés", str(report.count - report.rejected_count),
                              money(report.total_cents - report.rejected_cents)), bold=True))
    blocks.append(spacer(5 * mm))
    blocks.append(heading(f"Détail des prélèvements ({report.count})"))
    table = Table(LINE_COLUMNS, a4.LEFT, size=8, header_size=8, padding=3, zebra=ZEBRA_FILL)
    for line in report.lines:
        state = (Cell((Part(line.state, color=DUPLICATE_RED),)) if line.state.startswith("Rejeté")
                 else line.state)
        blocks.append(table.row((line.invoice_number, f"{line.family} {line.debtor}", f"{line.rum} {line.iban}",
                                 line.sequence, money(line.amount_cents), state)))
    blocks.append(table.row(("", "", "", "Total", money(report.total_cents), ""), bold=True))
    blocks.append(spacer(3 * mm))
    blocks.append(paragraph("FRST : premier prélèvement du mandat ; RCUR : prélèvement récurrent. Un prélèvement "
                            "rejeté redevient dû par la famille, avec le motif donné par la banque.", size=8,
                            color=MUTED))

    pages = paginate(blocks, first_top, next_top, bottom)
    footer = f"Prélèvement du {date_text(report.collection_date)}"

    def chrome(pen: TextPen, number: int, total: int) -> None:
        if number == 1:
            a4.draw_issuer_header(pen, issuer)
            a4.draw_title_block(pen, "PRÉLÈVEMENT SEPA", meta, duplicate=False, size=16)
        else:
            a4.draw_continuation_header(pen, issuer, "Prélèvement SEPA (suite)",
                                        f"Échéance du {date_text(report.collection_date)} – {report.reference}",
                                        duplicate=False)
        a4.draw_footer(pen, legal, footer, number, total)

    draw_pages(pen, pages, chrome)
    return len(pages)


def render_debit_run(report: DebitRunReport) -> bytes:
    return a4.render_pdf(lambda pen: draw_debit_run(pen, report),
                         title=f"Prélèvement SEPA du {date_text(report.collection_date)}",
                         author=report.issuer.collectivite)
