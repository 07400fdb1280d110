"""The frame shared by the A4 documents: town header, title block, DUPLICATA mark, footer."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ems_desktop.reports.data import Issuer
from ems_desktop.reports.layout import TextPen, text_width, wrap
from ems_desktop.reports.styles import ACCENT, DUPLICATE_RED, FONT, FONT_BOLD, INK, MUTED, RULE

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 18 * mm
RIGHT = PAGE_WIDTH - 18 * mm
TOP = PAGE_HEIGHT - 14 * mm
BOTTOM = 12 * mm
CONTENT_WIDTH = RIGHT - LEFT

LEGAL_SIZE = 6.5
LEGAL_LEADING = 8.0
FOOTER_LABEL_WIDTH = 48 * mm


def new_canvas(buffer: io.BytesIO, *, title: str, author: str, pagesize=A4) -> Canvas:
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("EMS Desktop")
    canvas.setSubject(title)
    return canvas


def render_pdf(draw: Callable[[TextPen], object], *, title: str, author: str, pagesize=A4) -> bytes:
    """One document drawn by ``draw`` on a fresh canvas, as the bytes of its PDF."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, title=title, author=author, pagesize=pagesize)
    draw(TextPen(canvas))
    canvas.save()
    return buffer.getvalue()


def issuer_block_lines(issuer: Issuer) -> list[str]:
    lines = [f"Régie {issuer.regie}"] if issuer.regie else []
    lines.extend(issuer.address_lines)
    if issuer.siret:
        lines.append(f"SIRET : {issuer.siret}")
    contact = []
    if issuer.phone:
        contact.append(f"Tél. : {issuer.phone}")
    if issuer.email:
        contact.append(issuer.email)
    if contact:
        lines.append(" – ".join(contact))
    return lines


def draw_issuer_header(pen: TextPen, issuer: Issuer, *, width: float = 88 * mm, x: float = LEFT,
                       top: float = TOP) -> float:
    """Logo, town, régie and contact at the top left; return the y below the block."""
    y = top
    if issuer.logo_path:
        with contextlib.suppress(OSError):  # a missing logo file must not stop the counter from printing
            y -= pen.logo(issuer.logo_path, x, y, 40 * mm, 20 * mm) + 2 * mm
    y = pen.lines(x, y, wrap(issuer.collectivite, FONT_BOLD, 13, width), font=FONT_BOLD, size=13,
                  leading=15, color=ACCENT)
    small = [line for text in issuer_block_lines(issuer) for line in wrap(text, FONT, 8, width)]
    return pen.lines(x, y - 1, small, size=8, leading=10, color=MUTED)


def draw_title_block(pen: TextPen, title: str, meta: Sequence[tuple[str, str]], *,
                     duplicate: bool, right: float = RIGHT, top: float = TOP, size: float = 20) -> float:
    """Document title and its number/date, right-aligned; return the y below."""
    draw_title_static(pen, title, len(meta), duplicate=duplicate, right=right, top=top, size=size)
    return draw_title_meta(pen, meta, duplicate=duplicate, right=right, top=top, size=size)


def draw_title_static(pen: TextPen, title: str, meta_count: int, *, duplicate: bool,
                      right: float = RIGHT, top: float = TOP, size: float = 20) -> None:
    """The part of the title block that is the same on every document: the title and the
    DUPLICATA mark under the ``meta_count`` number/date lines."""
    pen.text(right, top - size + 2, title, font=FONT_BOLD, size=size, align="right", color=ACCENT)
    if duplicate:
        draw_duplicate_badge(pen, right, top - size + 2 - 6 - 13 * meta_count - 6)


def draw_title_meta(pen: TextPen, meta: Sequence[tuple[str, str]], *, duplicate: bool,
                    right: float = RIGHT, top: float = TOP, size: float = 20) -> float:
    """The number/date lines under the title; return the y below the block."""
    y = top - size + 2 - 6
    for label, value in meta:
        y -= 13
        _draw_label_value_right(pen, right, y, label, value)
    if duplicate:
        y -= 6 + 8 * mm
    return y


def _draw_label_value_right(pen: TextPen, right: float, y: float, label: str, value: str) -> None:
    value_width = pen.width(value, FONT_BOLD, 10)
    pen.text(right, y, value, font=FONT_BOLD, size=10, align="right")
    pen.text(right - value_width - 4, y, label, size=9, align="right", color=MUTED)


def draw_duplicate_badge(pen: TextPen, right: float, top: float) -> float:
    """A red framed "DUPLICATA": reprints must never pass for originals."""
    width, height = 34 * mm, 8 * mm
    canvas = pen.canvas
    canvas.saveState()
    canvas.setStrokeColor(DUPLICATE_RED)
    canvas.setLineWidth(1.5)
    canvas.roundRect(right - width, top - height, width, height, 2, stroke=1, fill=0)
    canvas.restoreState()
    pen.text(right - width / 2, top - height + 7, "DUPLICATA", font=FONT_BOLD, size=13,
             align="center", color=DUPLICATE_RED)
    return top - height


def draw_continuation_header(pen: TextPen, issuer: Issuer | None, right_text: str, sub_text: str, *,
                             duplicate: bool, left: float = LEFT, right: float = RIGHT,
                             top: float = TOP) -> float:
    """The short header of pages 2…n; return the y where the body starts."""
    draw_continuation_static(pen, issuer, duplicate=duplicate, left=left, right=right, top=top)
    return draw_continuation_text(pen, right_text, sub_text, duplicate=duplicate, left=left,
                                  right=right, top=top)


def _continuation_rule_y(duplicate: bool, top: float) -> float:
    y = top - 11 - 13
    if duplicate:
        y -= 8 * mm - 10
    return y - 7


def draw_continuation_static(pen: TextPen, issuer: Issuer | None, *, duplicate: bool,
                             left: float = LEFT, right: float = RIGHT, top: float = TOP) -> None:
    """What the short header of pages 2…n shows on every document: the town, the rule, the
    DUPLICATA mark."""
    if issuer is not None:
        pen.text(left, top - 11, issuer.collectivite, font=FONT_BOLD, size=11, color=ACCENT)
    if duplicate:
        draw_duplicate_badge(pen, right, top - 11 - 13 - 3)
    canvas = pen.canvas
    rule_y = _continuation_rule_y(duplicate, top)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(left, rule_y, right, rule_y)
    canvas.setStrokeColor(INK)


def draw_continuation_text(pen: TextPen, right_text: str, sub_text: str, *, duplicate: bool,
                           left: float = LEFT, right: float = RIGHT, top: float = TOP) -> float:
    """The document's own words in the short header; return the y where the body starts."""
    pen.text(right, top - 11, right_text, font=FONT_BOLD, size=10, align="right")
    pen.text(left, top - 11 - 13, sub_text, size=9, color=MUTED)
    return _continuation_rule_y(duplicate, top) - 10


def legal_lines(text: str, width: float = CONTENT_WIDTH) -> tuple[str, ...]:
    # The right end of the footer keeps room for "page x / y" and the document number.
    return wrap(text or "", FONT, LEGAL_SIZE, width - 50 * mm)


def body_bottom(legal: Sequence[str]) -> float:
    """The lowest y the body may reach above the footer."""
    return BOTTOM + max(2, len(legal)) * LEGAL_LEADING + 8


def draw_footer(pen: TextPen, legal: Sequence[str], right_label: str, number: int, total: int, *,
                left: float = LEFT, right: float = RIGHT) -> None:
    draw_footer_static(pen, legal, left=left, right=right)
    draw_footer_page(pen, legal, right_label, number, total, right=right)


def _footer_rule_y(legal: Sequence[str]) -> float:
    return BOTTOM + max(2, len(legal)) * LEGAL_LEADING + 3


def draw_footer_static(pen: TextPen, legal: Sequence[str], *, left: float = LEFT, right: float = RIGHT) -> None:
    """The rule and the legal mentions, the same on every page."""
    canvas = pen.canvas
    rule_y = _footer_rule_y(legal)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(left, rule_y, right, rule_y)
    canvas.setStrokeColor(INK)
    y = rule_y - LEGAL_LEADING
    for line in legal:
        pen.text(left, y, line, size=LEGAL_SIZE, color=MUTED)
        y -= LEGAL_LEADING


def draw_footer_page(pen: TextPen, legal: Sequence[str], right_label: str, number: int, total: int, *,
                     right: float = RIGHT) -> None:
    """"page x / y" and the document's name, at the right end of the footer."""
    rule_y = _footer_rule_y(legal)
    pen.text(right, rule_y - LEGAL_LEADING, f"page {number} / {total}", size=8, align="right")
    if right_label:
        # The document's name is never cut: a long one is printed smaller.
        size = min(LEGAL_SIZE, LEGAL_SIZE * FOOTER_LABEL_WIDTH / text_width(right_label, FONT, LEGAL_SIZE))
        pen.text(right, rule_y - 2 * LEGAL_LEADING, right_label, size=size, align="right", color=MUTED)


def issuer_header_height(issuer: Issuer, width: float = 88 * mm) -> float:
    """The height ``draw_issuer_header`` will take, measured without drawing."""
    from ems_desktop.reports.layout import logo_size

    height = 0.0
    if issuer.logo_path:
        size = logo_size(issuer.logo_path, 40 * mm, 20 * mm)
        if size is not None:
            height += size[1] + 2 * mm
    height += len(wrap(issuer.collectivite, FONT_BOLD, 13, width)) * 15 + 1
    height += sum(len(wrap(text, FONT, 8, width)) for text in issuer_block_lines(issuer)) * 10
    return height
