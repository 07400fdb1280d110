"""Fonts, colours, sizes and text helpers shared by every document.

Fonts are registered once per process (registration parses the TrueType file, ~25 ms): the
renderers only look them up by name. We embed DejaVu Sans (shipped in ``resources/fonts``,
Bitstream Vera licence, free to redistribute) because it has every French letter, €, the narrow
no-break space babel puts between thousands and ⚠. When it cannot be found we fall back to the
system's DejaVu, then to reportlab's bundled Vera (which lacks U+202F and ⚠: see
``printable``).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from functools import lru_cache
from pathlib import Path

import reportlab
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ems_desktop.dates import format_date, format_datetime, to_local
from ems_desktop.money import format_cents

FONT = "EMSSans"
FONT_BOLD = "EMSSans-Bold"

_PROJECT_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
_SYSTEM_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_VERA = Path(reportlab.__file__).resolve().parent / "fonts"

_FONT_CANDIDATES = (
    (_PROJECT_FONTS / "DejaVuSans.ttf", _PROJECT_FONTS / "DejaVuSans-Bold.ttf"),
    (_SYSTEM_DEJAVU / "DejaVuSans.ttf", _SYSTEM_DEJAVU / "DejaVuSans-Bold.ttf"),
    (_VERA / "Vera.ttf", _VERA / "VeraBd.ttf"),
)

_lock = threading.Lock()
_registered = False

# Streams are Flate-compressed binary, not also ASCII85-encoded: the text wrapping makes files
# 20 % larger and, in reportlab's pure-Python encoder, costs about 0.3 s per 1,000 invoice pages.
rl_config.useA85 = 0

# Colours: sober, and readable once photocopied in black and white.
INK = colors.black
MUTED = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.75, 0.75, 0.75)
HEADER_FILL = colors.Color(0.90, 0.92, 0.95)
ZEBRA_FILL = colors.Color(0.97, 0.97, 0.97)
ACCENT = colors.Color(0.10, 0.25, 0.50)
PAID_GREEN = colors.Color(0.05, 0.45, 0.20)
DUPLICATE_RED = colors.Color(0.75, 0.10, 0.10)
HEALTH_FILL = colors.Color(1.0, 0.90, 0.80)
HEALTH_RED = colors.Color(0.70, 0.10, 0.0)


def ensure_fonts() -> None:
    """Register the document fonts once (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for regular, bold in _FONT_CANDIDATES:
            if regular.is_file() and bold.is_file():
                pdfmetrics.registerFont(TTFont(FONT, str(regular)))
                pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
                pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD,
                                              italic=FONT, boldItalic=FONT_BOLD)
                break
        else:  # pragma: no cover - reportlab always ships Vera
            raise RuntimeError("Aucune police TrueType trouvée pour les documents PDF.")
        _registered = True


@lru_cache(maxsize=64)
def has_glyph(char: str, font_name: str = FONT) -> bool:
    ensure_fonts()
    return ord(char) in true_type(font_name).face.charToGlyph


def true_type(font_name: str) -> TTFont:
    """A registered font of ours, as the TrueType font it is (reportlab's getFont says Font)."""
    font = pdfmetrics.getFont(font_name)
    assert isinstance(font, TTFont), font_name
    return font


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@lru_cache(maxsize=8192)
def printable(text: str) -> str:
    """Text as it can be drawn: no control characters, no glyph that the font lacks.

    Only characters are replaced that would otherwise print as an empty box; everything else a
    user typed (``<b>``, ``&``, quotes…) is kept literally.
    """
    text = _CONTROL.sub(" ", str(text)).replace("\t", " ")
    if "\u202f" in text and not has_glyph("\u202f"):
        text = text.replace("\u202f", "\u00a0")
    return text


@lru_cache(maxsize=4096)
def money(cents: int) -> str:
    """"1 234,56 €" — cached: a batch prints the same few amounts thousands of times."""
    return format_cents(cents, printable=True)


def signed_money(cents: int) -> str:
    """An amount with an explicit sign, for cash differences ("+5,00 €", "-2,00 €")."""
    if cents > 0:
        return "+" + money(cents)
    return money(cents)


def date_text(value: dt.date | None) -> str:
    if type(value) is dt.date:
        return _date_text(value)
    return format_date(value)


@lru_cache(maxsize=2048)
def _date_text(value: dt.date) -> str:
    # A batch prints the same few dates on thousands of pages.
    return format_date(value)


def datetime_text(value: dt.datetime | None) -> str:
    return format_datetime(value)


def time_text(value: dt.datetime | dt.time | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = to_local(value).time()
    return value.strftime("%H:%M")


_DIGIT = re.compile(r"\d")


def masked_card_number(text: str) -> str:
    """The card number as given, but never with more than the first 6 and last 4 digits.

    The terminal already masks it; this is a second lock so that a full number handed over by
    mistake is never printed (PCI DSS).
    """
    text = str(text or "")
    digits = _DIGIT.findall(text)
    if len(digits) <= 10:
        return text
    # Keep the first 6 and the last 4 digits in place, replace the others with '#'.
    keep_last_from = len(digits) - 4
    out, index = [], 0
    for char in text:
        if char.isdigit():
            out.append(char if index < 6 or index >= keep_last_from else "#")
            index += 1
        else:
            out.append(char)
    return "".join(out)
