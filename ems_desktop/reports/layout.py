"""A small, fast drawing layer on top of the reportlab canvas.

Why not platypus: a batch of 1,000 invoices must render in about 2 s, and platypus' flowables
(Paragraph parsing, Table splitting, two-pass page counting) cost far more than the text itself.
Here a document is laid out once into blocks of known height, cut into pages (so "page x / y" is
known before drawing), then drawn straight onto the canvas.

Text goes through ``TextPen``: reportlab's own ``drawString`` re-encodes and re-escapes every
string each time it is drawn; the pen does that once per distinct string per document, using the
documented dynamic-font route (``TTFont.splitString`` + ``getSubsetInternalName``).
Strings are drawn literally: there is no markup anywhere, so ``<b>Dupont & Fils</b>`` prints as
typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ems_desktop.reports.styles import (
    FONT,
    FONT_BOLD,
    HEADER_FILL,
    INK,
    RULE,
    ensure_fonts,
    printable,
)

# PDF string escaping done by str.translate (C speed): backslash and parentheses, and octal for
# every byte outside printable ASCII so the content stream stays plain ASCII.
_ESCAPES = {i: f"\\{i:03o}" for i in range(256) if i < 32 or i >= 127}
_ESCAPES.update({ord("\\"): "\\\\", ord("("): "\\(", ord(")"): "\\)"})
_ESCAPE_TABLE = str.maketrans(_ESCAPES)


@lru_cache(maxsize=65536)
def _width_1000(font: str, text: str) -> float:
    return pdfmetrics.stringWidth(text, font, 1000)


def text_width(text: str, font: str = FONT, size: float = 9) -> float:
    return _width_1000(font, text) * size / 1000.0


def _break_long_word(word: str, font: str, size: float, width: float) -> list[str]:
    # A word wider than its column (a long e-mail, a reference) is cut by characters rather than
    # left running over the next column.
    pieces, current = [], ""
    for char in word:
        if current and text_width(current + char, font, size) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


@lru_cache(maxsize=32768)
def wrap(text: str, font: str = FONT, size: float = 9, width: float = 100.0) -> tuple[str, ...]:
    """Lines of ``text`` that fit in ``width`` points (greedy, on spaces; hard "\\n" kept)."""
    text = printable(text)
    lines: list[str] = []
    space = text_width(" ", font, size)
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        current, current_width = "", 0.0
        for word in words:
            word_width = text_width(word, font, size)
            if word_width > width:
                if current:
                    lines.append(current)
                pieces = _break_long_word(word, font, size, width)
                lines.extend(pieces[:-1])
                current = pieces[-1] if pieces else ""
                current_width = text_width(current, font, size)
                continue
            if not current:
                current, current_width = word, word_width
            elif current_width + space + word_width <= width:
                current += " " + word
                current_width += space + word_width
            else:
                lines.append(current)
                current, current_width = word, word_width
        lines.append(current)
    while lines and not lines[-1]:
        lines.pop()
    return tuple(lines)


@lru_cache(maxsize=32)
def _logo(path: str) -> tuple[ImageReader, float, float]:
    # Decoded once per process: a batch prints the same logo on every page.
    reader = ImageReader(path)
    width, height = reader.getSize()
    return reader, float(width), float(height)


def logo_size(path: str, max_width: float, max_height: float) -> tuple[float, float] | None:
    """The size the logo takes once fitted in the box, or None when it cannot be read."""
    try:
        _, width, height = _logo(path)
    except OSError:
        return None
    scale = min(max_width / width, max_height / height)
    return width * scale, height * scale


class TextPen:
    """Draws text and logos on one canvas, caching the encoded form of every string."""

    def __init__(self, canvas: Canvas):
        ensure_fonts()
        self.canvas = canvas
        # reportlab keeps the per-document subset state of a TrueType font keyed by this object.
        self._doc = canvas._doc
        self._fonts = {name: pdfmetrics.getFont(name) for name in (FONT, FONT_BOLD)}
        self._encoded: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        self._logo_forms: dict[str, tuple[str, float, float]] = {}

    def _encode(self, font: str, text: str) -> tuple[tuple[str, str], ...]:
        key = (font, text)
        runs = self._encoded.get(key)
        if runs is None:
            ttf = self._fonts[font]
            runs = tuple(
                (ttf.getSubsetInternalName(subset, self._doc), chunk.decode("latin-1").translate(_ESCAPE_TABLE))
                for subset, chunk in ttf.splitString(text, self._doc)
            )
            self._encoded[key] = runs
        return runs

    def text(self, x: float, y: float, text: str, *, font: str = FONT, size: float = 9,
             align: str = "left", color=None) -> None:
        """Draw one line with its baseline at ``y``; ``align`` is left, right (x is the right
        edge) or center."""
        text = printable(text)
        if not text:
            return
        if align == "right":
            x -= text_width(text, font, size)
        elif align == "center":
            x -= text_width(text, font, size) / 2.0
        size_text = f"{size:g}"
        parts = [f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm"]
        for name, chunk in self._encode(font, text):
            parts.append(f"{name} {size_text} Tf ({chunk}) Tj")
        parts.append("ET")
        if color is not None:
            self.canvas.setFillColor(color)
            self.canvas.addLiteral(" ".join(parts))
            self.canvas.setFillColor(INK)
        else:
            self.canvas.addLiteral(" ".join(parts))

    def lines(self, x: float, top: float, lines: Iterable[str], *, font: str = FONT, size: float = 9,
              leading: float | None = None, align: str = "left", color=None) -> float:
        """Draw lines downwards from ``top`` (top of the first line); return the y below them."""
        leading = leading or size * 1.25
        y = top
        for line in lines:
            y -= leading
            self.text(x, y + (leading - size) / 2.0 + size * 0.2, line, font=font, size=size,
                      align=align, color=color)
        return y

    def logo(self, path: str, x: float, top: float, max_width: float, max_height: float) -> float:
        """Draw the logo fitted in a box whose top-left corner is (x, top); return its height.

        The image becomes one form XObject per document, referenced by every page that shows it.
        """
        entry = self._logo_forms.get(path)
        if entry is None:
            reader, width, height = _logo(path)
            scale = min(max_width / width, max_height / height)
            width, height = width * scale, height * scale
            name = f"logo{len(self._logo_forms) + 1}"
            self.canvas.beginForm(name, 0, 0, width, height)
            self.canvas.drawImage(reader, 0, 0, width, height, mask="auto")
            self.canvas.endForm()
            entry = self._logo_forms[path] = (name, width, height)
        name, width, height = entry
        self.canvas.saveState()
        self.canvas.translate(x, top - height)
        self.canvas.doForm(name)
        self.canvas.restoreState()
        return height


# --- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A run of a cell, starting on its own line."""

    text: str
    bold: bool = False
    color: object = None


@dataclass(frozen=True)
class Cell:
    parts: tuple[Part, ...]
    fill: object = None


def as_cell(value: str | Cell) -> Cell:
    return value if isinstance(value, Cell) else Cell((Part(str(value)),))


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    align: str = "left"          # left | right | center


@dataclass
class Block:
    """Something placed in the flow of a page: a known height and how to draw it."""

    height: float
    draw: Callable[[TextPen, float], None]     # called with the y of the block's top
    table: "Table | None" = None               # rows of a table get its header on each page
    keep_with_next: bool = False


class Table:
    """Columns laid out from ``x``; makes header and row blocks for the paginator."""

    def __init__(self, columns: Sequence[Column], x: float, *, size: float = 9,
                 header_size: float = 8, padding: float = 3.5, zebra=None):
        self.columns = tuple(columns)
        self.x = x
        self.size = size
        self.header_size = header_size
        self.padding = padding
        self.leading = size * 1.25
        self.zebra = zebra
        self.width = sum(c.width for c in self.columns)
        self._row_count = 0
        self.header = self._make_header()

    def _cell_lines(self, cell: Cell, column: Column, size: float, bold_all: bool = False):
        lines = []
        inner = column.width - 2 * self.padding
        for part in cell.parts:
            font = FONT_BOLD if (part.bold or bold_all) else FONT
            for line in wrap(part.text, font, size, inner):
                lines.append((line, font, part.color))
        return lines

    def _make_header(self) -> Block:
        size = self.header_size
        cells = [self._cell_lines(as_cell(c.title), c, size, bold_all=True) for c in self.columns]
        leading = size * 1.25
        height = max(len(lines) for lines in cells) * leading + 2 * self.padding

        def draw(pen: TextPen, top: float) -> None:
            canvas = pen.canvas
            canvas.setFillColor(HEADER_FILL)
            canvas.rect(self.x, top - height, self.width, height, stroke=0, fill=1)
            canvas.setFillColor(INK)
            self._draw_cells(pen, top, cells, size, leading, height)
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(0.6)
            canvas.line(self.x, top - height, self.x + self.width, top - height)

        return Block(height, draw)

    def row(self, values: Sequence[str | Cell], *, bold: bool = False, fill=None,
            keep_with_next: bool = False) -> Block:
        cells_data = [as_cell(v) for v in values]
        cells = [self._cell_lines(c, col, self.size, bold_all=bold)
                 for c, col in zip(cells_data, self.columns)]
        height = max(1, max(len(lines) for lines in cells)) * self.leading + 2 * self.padding
        if fill is None and self.zebra is not None and self._row_count % 2 == 1:
            fill = self.zebra
        self._row_count += 1

        def draw(pen: TextPen, top: float) -> None:
            canvas = pen.canvas
            if fill is not None:
                canvas.setFillColor(fill)
                canvas.rect(self.x, top - height, self.width, height, stroke=0, fill=1)
            x = self.x
            for cell, column in zip(cells_data, self.columns):
                if cell.fill is not None:
                    canvas.setFillColor(cell.fill)
                    canvas.rect(x, top - height, column.width, height, stroke=0, fill=1)
                x += column.width
            canvas.setFillColor(INK)
            self._draw_cells(pen, top, cells, self.size, self.leading, height)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.4)
            canvas.line(self.x, top - height, self.x + self.width, top - height)
            canvas.setStrokeColor(INK)

        return Block(height, draw, table=self, keep_with_next=keep_with_next)

    def _draw_cells(self, pen, top, cells, size, leading, height) -> None:
        x = self.x
        for lines, column in zip(cells, self.columns):
            if column.align == "right":
                anchor = x + column.width - self.padding
            elif column.align == "center":
                anchor = x + column.width / 2.0
            else:
                anchor = x + self.padding
            y = top - self.padding
            for text, font, color in lines:
                y -= leading
                pen.text(anchor, y + (leading - size) / 2.0 + size * 0.2, text, font=font, size=size,
                         align=column.align, color=color)
            x += column.width


def spacer(height: float, keep_with_next: bool = False) -> Block:
    return Block(height, lambda pen, top: None, keep_with_next=keep_with_next)


# --- pages ----------------------------------------------------------------------------------


@dataclass
class Page:
    placed: list[tuple[Block, float]] = field(default_factory=list)
    bottom: float = 0.0          # y of the lowest drawn point so far


def paginate(blocks: Sequence[Block], first_top: float, next_top: float, bottom: float) -> list[Page]:
    """Cut the flow into pages; a table row starting a page gets the table header before it."""
    pages = [Page(bottom=first_top)]
    y = first_top
    last_table = None
    index = 0
    count = len(blocks)

    def new_page() -> None:
        nonlocal y, last_table
        pages.append(Page(bottom=next_top))
        y = next_top
        last_table = None

    def needed(block: Block) -> float:
        extra = block.table.header.height if block.table is not None and block.table is not last_table else 0.0
        return block.height + extra

    while index < count:
        block = blocks[index]
        # Keep a chain of "keep with next" blocks together when it fits on a fresh page.
        if block.keep_with_next:
            end = index
            group = needed(block)
            while end + 1 < count and blocks[end].keep_with_next:
                end += 1
                group += blocks[end].height
            fresh_capacity = next_top - bottom
            if y - group < bottom and pages[-1].placed and group <= fresh_capacity:
                new_page()
        if y - needed(block) < bottom and pages[-1].placed:
            new_page()
        if block.table is not None and block.table is not last_table:
            pages[-1].placed.append((block.table.header, y))
            y -= block.table.header.height
        pages[-1].placed.append((block, y))
        y -= block.height
        pages[-1].bottom = y
        last_table = block.table
        index += 1
    return pages


def draw_pages(pen: TextPen, pages: Sequence[Page],
               chrome: Callable[[TextPen, int, int], None],
               last_page_extra: Callable[[TextPen, float], None] | None = None) -> None:
    """Draw each page: its chrome (header, footer, page x / y), then its blocks."""
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        chrome(pen, number, total)
        for block, top in page.placed:
            block.draw(pen, top)
        if number == total and last_page_extra is not None:
            last_page_extra(pen, page.bottom)
        pen.canvas.showPage()
