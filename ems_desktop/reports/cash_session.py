"""The cash-session closing report: totals by mode (expected, counted, difference), the
signature boxes of the agent and the régisseur, then the list of payments as an annex."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm

from ems_desktop.reports import a4
from ems_desktop.reports.data import CashSessionReport
from ems_desktop.reports.layout import (
    Block,
    Cell,
    Column,
    Part,
    Table,
    TextPen,
    draw_pages,
    paginate,
    spacer,
    text_width,
    wrap,
)
from ems_desktop.reports.styles import (
    ACCENT,
    DUPLICATE_RED,
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    RULE,
    ZEBRA_FILL,
    date_text,
    datetime_text,
    money,
    signed_money,
    time_text,
)

__all__ = ["render_cash_session_report"]

MODE_COLUMNS = (
    Column("Mode de règlement", 62 * mm),
    Column("Nombre", 20 * mm, "right"),
    Column("Attendu", 30 * mm, "right"),
    Column("Compté", 30 * mm, "right"),
    Column("Écart", 32 * mm, "right"),
)
# The payments' annex: the time, receipt number, reference and amount are never cut (a reference
# split mid-word cannot be checked against a cheque or a terminal ticket); the family and the mode
# wrap at spaces in what is left. The font shrinks a little when the references are long.
PAYMENT_TITLES = ("Heure", "Reçu N°", "Famille", "Mode", "Réf.", "Montant")
PAYMENT_SIZES = (8.5, 7.5, 6.5)
HEADER_SIZE = 8
PADDING = 3.5
FLEXIBLE_MIN = 60 * mm          # the family and the mode together


def heading(text: str, *, size: float = 11) -> Block:
    height = size * 1.4 + 8

    def draw(pen: TextPen, top: float) -> None:
        pen.text(a4.LEFT, top - size * 1.2 - 4, text, font=FONT_BOLD, size=size, color=ACCENT)

    return Block(height, draw, keep_with_next=True)


def paragraph(text: str, *, size: float = 9, color=None) -> Block:
    lines = wrap(text, FONT, size, a4.CONTENT_WIDTH)
    leading = size * 1.3

    def draw(pen: TextPen, top: float) -> None:
        pen.lines(a4.LEFT, top, lines, size=size, leading=leading, color=color)

    return Block(len(lines) * leading + 4, draw)


def signature_boxes(labels: tuple[tuple[str, str], ...], height: float = 32 * mm) -> Block:
    """Side-by-side boxes to sign by hand, each with its title and the signer's name."""
    gap = 8 * mm
    width = (a4.CONTENT_WIDTH - gap * (len(labels) - 1)) / len(labels)

    def draw(pen: TextPen, top: float) -> None:
        canvas = pen.canvas
        for index, (title, name) in enumerate(labels):
            x = a4.LEFT + index * (width + gap)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.8)
            canvas.rect(x, top - height, width, height, stroke=1, fill=0)
            canvas.setStrokeColor(INK)
            pen.text(x + 3 * mm, top - 12, title, font=FONT_BOLD, size=9)
            if name:
                pen.text(x + 3 * mm, top - 24, wrap(name, FONT, 9, width - 6 * mm)[0], size=9)
            pen.text(x + 3 * mm, top - height + 5, "Date et signature", size=7.5, color=MUTED)

    return Block(height + 4, draw)


def _payment_table(rows: Sequence[tuple[str, ...]], total_row: tuple[str, ...]) -> Table:
    """The annex's table, its columns as wide as their longest text (see PAYMENT_TITLES)."""
    def needed(index: int, size: float, words: bool = False) -> float:
        texts = [row[index] for row in rows]
        widths = [text_width(word, FONT, size) for text in texts for word in (text.split(" ") if words else [text])]
        widths.append(text_width(PAYMENT_TITLES[index], FONT_BOLD, HEADER_SIZE))
        widths.append(text_width(total_row[index], FONT_BOLD, size))
        return max(widths) + 2 * PADDING

    # Whole references, the font shrinking a little if need be; very long ones wrap at their spaces.
    attempts = [(size, False) for size in PAYMENT_SIZES] + [(size, True) for size in PAYMENT_SIZES]
    for size, at_spaces in attempts:
        fixed = {index: needed(index, size, words=at_spaces and index == 4) for index in (0, 1, 4, 5)}
        if a4.CONTENT_WIDTH - sum(fixed.values()) >= FLEXIBLE_MIN:
            break
    rest = a4.CONTENT_WIDTH - sum(fixed.values())
    mode = min(needed(3, size), rest / 2)      # "CHÈQUES VACANCES ANCV" on one line when it can
    widths = (fixed[0], fixed[1], rest - mode, mode, fixed[4], fixed[5])
    columns = tuple(Column(title, width, "right" if title == "Montant" else "left")
                    for title, width in zip(PAYMENT_TITLES, widths, strict=True))
    return Table(columns, a4.LEFT, size=size, header_size=HEADER_SIZE, padding=PADDING, zebra=ZEBRA_FILL)


def _difference_cell(cents: int) -> Cell:
    if cents == 0:
        return Cell((Part(money(0)),))
    return Cell((Part(signed_money(cents), bold=True, color=DUPLICATE_RED),))


def draw_cash_session_report(pen: TextPen, report: CashSessionReport) -> int:
    issuer = report.issuer
    legal = a4.legal_lines("")
    bottom = a4.body_bottom(legal)
    closed = datetime_text(report.closed_at) if report.closed_at else "session non clôturée"
    meta = (("Guichet", report.counter), ("Agent", report.agent),
            ("Ouverture", datetime_text(report.opened_at)), ("Clôture", closed))
    issuer_bottom = a4.TOP - a4.issuer_header_height(issuer)
    title_bottom = a4.TOP - 20 - 6 - 13 * len(meta) - (8 * mm + 6 if report.duplicate else 0)
    first_top = min(issuer_bottom, title_bottom) - 8 * mm
    next_top = a4.TOP - 36 - (8 * mm if report.duplicate else 0)

    blocks: list[Block] = [
        heading("Synthèse par mode de règlement"),
        paragraph(f"Fonds de caisse à l'ouverture : {money(report.opening_float_cents)}"),
    ]
    modes = Table(MODE_COLUMNS, a4.LEFT, size=9.5)
    for mode in report.modes:
        blocks.append(modes.row((mode.mode, str(mode.payment_count), money(mode.expected_cents),
                                 money(mode.counted_cents), _difference_cell(mode.difference_cents))))
    total_diff = report.counted_cents - report.expected_cents
    blocks.append(modes.row(("Total", str(sum(m.payment_count for m in report.modes)),
                             money(report.expected_cents), money(report.counted_cents),
                             _difference_cell(total_diff)), bold=True))
    if total_diff != 0:
        word = "excédent" if total_diff > 0 else "manquant"
        blocks.append(paragraph(f"Écart de caisse constaté ({word}) : {signed_money(total_diff)}",
                                color=DUPLICATE_RED))
    if report.comment:
        blocks.append(spacer(4))
        blocks.append(paragraph(f"Observations : {report.comment}"))
    blocks.append(spacer(6 * mm, keep_with_next=True))
    blocks.append(signature_boxes((("L'agent", report.agent),
                                   ("Le régisseur", report.regisseur))))
    blocks.append(spacer(4 * mm))
    blocks.append(heading(f"Détail des règlements ({len(report.payments)})"))
    if report.payments:
        rows = []
        for payment in report.payments:
            # A session lasts a day: the time is enough, the date only when it differs.
            when = time_text(payment.at)
            if date_text(payment.at) != date_text(report.opened_at):
                when = f"{date_text(payment.at)[:5]} {when}"
            rows.append((when, payment.receipt_number, payment.family_name, payment.mode,
                         payment.reference, money(payment.amount_cents)))
        total_row = ("", "", "", "", "Total", money(sum(p.amount_cents for p in report.payments)))
        detail = _payment_table(rows, total_row)
        blocks.extend(detail.row(row) for row in rows)
        blocks.append(detail.row(total_row, bold=True))
    else:
        blocks.append(paragraph("Aucun règlement pendant cette session.", color=MUTED))

    pages = paginate(blocks, first_top, next_top, bottom)
    # The counter is in every page's header; the footer names the document in a few words.
    footer = f"Clôture de caisse du {date_text(report.opened_at)}"

    def chrome(pen: TextPen, number: int, total: int) -> None:
        if number == 1:
            a4.draw_issuer_header(pen, issuer)
            a4.draw_title_block(pen, "CLÔTURE DE CAISSE", meta, duplicate=report.duplicate, size=16)
        else:
            a4.draw_continuation_header(pen, issuer, "Clôture de caisse (suite)",
                                        f"{report.counter} – {report.agent} – {date_text(report.opened_at)}",
                                        duplicate=report.duplicate)
        a4.draw_footer(pen, legal, footer, number, total)

    draw_pages(pen, pages, chrome)
    return len(pages)


def render_cash_session_report(report: CashSessionReport) -> bytes:
    """The closing report of a cash session, A4, to sign and hand to the régisseur."""
    title = f"Clôture de caisse {report.counter} {date_text(report.opened_at)}"
    return a4.render_pdf(lambda pen: draw_cash_session_report(pen, report), title=title,
                         author=report.issuer.collectivite)
