"""A small, fast drawing layer on top of the reportlab canvas.

Why not platypus: a batch of 1,000 invoices must render in under a second, and platypus' flowables
(Paragraph parsing, Table splitting, two-pass page counting) cost far more than the text itself.
Here a document is laid out once into blocks of known height, cut into pages (so "page x / y" is
known before drawing), then drawn straight onto the canvas.

Text goes through ``TextPen``: reportlab's own ``drawString`` re-encodes and re-escapes every
string each time it is drawn; the pen does that once per distinct string, size and font per
document, using the documented dynamic-font route (``TTFont.splitString`` +
``getSubsetInternalName``), and writes colours and rules as ready-made operators instead of going
through the canvas' colour objects. What is the same on every page of a batch (a town's header,
a table header, a footer, a frame) is drawn once into a form XObject (``TextPen.form``) and each
page only refers to it (``TextPen.place``).
Strings are drawn literally: there is no markup anywhere, so ``<b>Dupont & Fils</b>`` prints as
typed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

if TYPE_CHECKING:
    class _Canvas(Canvas):
        """reportlab's Canvas with the private attributes the pen writes directly (for speed): the
        page's content stream, the document and the page size. The stubs leave them out."""
        _code: list[str]
        _doc: Any
        _pagesize: tuple[float, float]

from ems_desktop.reports.styles import FONT, FONT_BOLD, HEADER_FILL, INK, RULE, ensure_fonts, printable, true_type

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


@lru_cache(maxsize=64)
def _color_ops(rgb: tuple[float, float, float]) -> tuple[str, str]:
    text = fp_str(*rgb)
    return f"{text} rg", f"{text} RG"


def fill_op(color) -> str:
    """The PDF operator that sets ``color`` as fill colour (what ``canvas.setFillColor`` writes)."""
    return _color_ops(tuple(color.rgb()))[0]


def stroke_op(color) -> str:
    return _color_ops(tuple(color.rgb()))[1]


INK_FILL = "0 0 0 rg"
INK_STROKE = "0 0 0 RG"


def rule_op(x0: float, y: float, x1: float, color, width: float) -> str:
    """A horizontal line as one literal; the stroke colour is back to ink after it."""
    return f"{stroke_op(color)} {width:g} w {x0:.2f} {y:.2f} m {x1:.2f} {y:.2f} l S {INK_STROKE}"


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


# Distinct strings a pen remembers before starting over: a month's batch must not keep every
# family's name in memory until the end.
RUN_CACHE_LIMIT = 20000
# Forms are drawn in a box this much wider than the page on every side, so that one drawn at the
# origin (a stamp, a table header) can be placed anywhere on the page.
_FORM_MARGIN = 2000.0


class TextPen:
    """Draws text and logos on one canvas, caching the encoded form of every string, and keeps
    the forms (drawn once, placed on any page) of its document."""

    def __init__(self, canvas: Canvas):
        ensure_fonts()
        self.canvas = cast("_Canvas", canvas)
        # reportlab keeps the per-document subset state of a TrueType font keyed by this object.
        self._doc = self.canvas._doc
        self._fonts = {name: true_type(name) for name in (FONT, FONT_BOLD)}
        self._runs: dict[tuple[str, float, str], tuple[float, str]] = {}
        # Per font: the characters whose code in the first subset is known, and char → code.
        self._subset0: dict[str, tuple[set[str], dict[int, str]]] = {name: (set(), {}) for name in self._fonts}
        self._subset0_names: dict[str, str] = {}
        self._logo_forms: dict[str, tuple[str, float, float]] = {}
        self._forms: dict[Hashable, str] = {}

    def _run(self, font: str, size: float, text: str) -> tuple[float, str]:
        """Width and text-showing operators of one string, computed once."""
        clean = printable(text)
        known, table = self._subset0[font]
        if known.issuperset(clean):
            # Every character already has its code in the first subset: one C-level translate.
            ops = f"{self._subset0_names[font]} {size:g} Tf ({clean.translate(table)}) Tj" if clean else ""
        else:
            ops = self._split(font, size, clean)
        if len(self._runs) >= RUN_CACHE_LIMIT:
            self._runs.clear()
        run = self._runs[(font, size, text)] = (text_width(clean, font, size), ops)
        return run

    def _split(self, font: str, size: float, text: str) -> str:
        """The operators through reportlab's ``splitString`` (which gives new characters their
        codes), learning the codes of the first subset for ``_run``'s fast path."""
        ttf = self._fonts[font]
        known, table = self._subset0[font]
        parts, index = [], 0
        for subset, chunk in ttf.splitString(text, self._doc):
            escaped = chunk.decode("latin-1").translate(_ESCAPE_TABLE)
            name = ttf.getSubsetInternalName(subset, self._doc)
            parts.append(f"{name} {size:g} Tf ({escaped}) Tj")
            if subset == 0:
                self._subset0_names[font] = name
                for char, code in zip(text[index:index + len(chunk)], chunk, strict=False):
                    known.add(char)
                    table[ord(char)] = chr(code).translate(_ESCAPE_TABLE)
            index += len(chunk)   # one byte per character
        return " ".join(parts)

    def width(self, text: str, font: str = FONT, size: float = 9) -> float:
        return (self._runs.get((font, size, text)) or self._run(font, size, text))[0]

    def text(self, x: float, y: float, text: str, *, font: str = FONT, size: float = 9,
             align: str = "left", color=None) -> None:
        """Draw one line with its baseline at ``y``; ``align`` is left, right (x is the right
        edge) or center."""
        width, ops = self._runs.get((font, size, text)) or self._run(font, size, text)
        if not ops:
            return
        if align == "right":
            x -= width
        elif align == "center":
            x -= width / 2.0
        if color is None or color is INK:
            self.canvas._code.append(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {ops} ET")
        else:
            self.canvas._code.append(f"{fill_op(color)} BT 1 0 0 1 {x:.2f} {y:.2f} Tm {ops} ET {INK_FILL}")

    def literal(self, operators: str) -> None:
        """Raw content-stream operators (rules and fills written once as text)."""
        self.canvas._code.append(operators)

    def form(self, key: Hashable, draw: Callable[[TextPen], None]) -> str:
        """The name of the form XObject for ``key``, drawn by ``draw(pen)`` the first time only.

        ``key`` must hold everything the drawing depends on: two calls with equal keys must draw
        the same thing."""
        name = self._forms.get(key)
        if name is None:
            canvas = self.canvas
            width, height = canvas._pagesize
            name = f"ems{len(self._forms) + 1}"
            canvas.beginForm(name, -_FORM_MARGIN, -_FORM_MARGIN,  # type: ignore[arg-type]  # stubs say int; any number works
                             width + _FORM_MARGIN, height + _FORM_MARGIN)
            draw(self)
            canvas.endForm()
            self._forms[key] = name
        return name

    def place(self, name: str, x: float = 0.0, y: float = 0.0) -> None:
        """Show a form on the current page, its origin moved to (x, y)."""
        canvas = self.canvas
        if x or y:
            canvas._code.append(f"q 1 0 0 1 {fp_str(x, y)} cm")
            canvas.doForm(name)
            canvas._code.append("Q")
        else:
            canvas.doForm(name)

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
    fill: Color | None = None


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
    table: Table | None = None               # rows of a table get its header on each page
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
        # Everything the header's drawing depends on: equal tables share one form per document.
        key = ("table-header", self.columns, self.x, size, self.padding)

        def draw_at_origin(pen: TextPen) -> None:
            canvas = pen.canvas
            canvas.setFillColor(HEADER_FILL)
            canvas.rect(self.x, -height, self.width, height, stroke=0, fill=1)
            canvas.setFillColor(INK)
            self._draw_cells(pen, 0.0, cells, size, leading, height)
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(0.6)
            canvas.line(self.x, -height, self.x + self.width, -height)

        def draw(pen: TextPen, top: float) -> None:
            pen.place(pen.form(key, draw_at_origin), 0.0, top)

        return Block(height, draw)

    def row(self, values: Sequence[str | Cell], *, bold: bool = False, fill=None,
            keep_with_next: bool = False) -> Block:
        font = FONT_BOLD if bold else FONT
        cells, fills = [], []
        for value, column in zip(values, self.columns, strict=False):  # a short row leaves its last columns blank
            if isinstance(value, Cell):
                cells.append(self._cell_lines(value, column, self.size, bold_all=bold))
                fills.append(value.fill)
            else:   # plain text, the common case: no Cell/Part objects per row
                inner = column.width - 2 * self.padding
                cells.append([(line, font, None) for line in wrap(str(value), font, self.size, inner)])
                fills.append(None)
        height = max(1, max(len(lines) for lines in cells)) * self.leading + 2 * self.padding
        if fill is None and self.zebra is not None and self._row_count % 2 == 1:
            fill = self.zebra
        self._row_count += 1
        filled = fill is not None or any(cell_fill is not None for cell_fill in fills)

        def draw(pen: TextPen, top: float) -> None:
            if filled:
                canvas = pen.canvas
                if fill is not None:
                    canvas.setFillColor(fill)
                    canvas.rect(self.x, top - height, self.width, height, stroke=0, fill=1)
                x = self.x
                for cell_fill, column in zip(fills, self.columns, strict=False):
                    if cell_fill is not None:
                        canvas.setFillColor(cell_fill)
                        canvas.rect(x, top - height, column.width, height, stroke=0, fill=1)
                    x += column.width
                canvas.setFillColor(INK)
            self._draw_cells(pen, top, cells, self.size, self.leading, height)
            pen.literal(rule_op(self.x, top - height, self.x + self.width, RULE, 0.4))

        return Block(height, draw, table=self, keep_with_next=keep_with_next)

    def _draw_cells(self, pen, top, cells, size, leading, height) -> None:
        x = self.x
        for lines, column in zip(cells, self.columns, strict=False):
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
