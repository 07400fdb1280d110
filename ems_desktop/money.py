"""Money is integer cents everywhere. This module is the one place that parses and formats it."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import format_currency

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


class AmountError(ValueError):
    """An amount typed by an agent that cannot be read; the message is French and fit to show."""


# Kept: babel takes about 0.1 ms an amount, and a family's grid or a report shows hundreds of the
# same few prices. ``typed`` keeps True apart from 1 (a bool is refused below).
@lru_cache(maxsize=4096, typed=True)
def format_cents(cents: int, *, with_symbol: bool = True, printable: bool = False) -> str:
    """120,00 € — French formatting of an amount in cents.

    ``printable`` replaces the narrow no-break space (thousands separator) that PDF fonts such
    as Vera lack with an ordinary no-break space.
    """
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise TypeError(f"amount must be integer cents, got {cents!r}")
    amount = Decimal(cents).scaleb(-2)
    text = format_currency(amount, "EUR", locale="fr_FR")
    if not with_symbol:
        text = text.replace(NBSP + "€", "").replace("€", "").strip()
    if printable:
        text = text.replace(NARROW_NBSP, NBSP)
    return text


_CLEAN = re.compile(r"[\s\u00a0\u202f€]|EUR", re.IGNORECASE)


def parse_amount(text: str) -> int:
    """Read "40,00", "40.00", "40 €", "1 234,5" into cents. Raises AmountError in French."""
    if text is None:
        raise AmountError("Saisissez un montant.")
    raw = _CLEAN.sub("", str(text))
    if not raw:
        raise AmountError("Saisissez un montant.")
    if raw.count(",") + raw.count(".") > 1:
        raise AmountError(f"« {text.strip()} » n'est pas un montant valide (exemple : 40,00).")
    raw = raw.replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d{0,2})?|[+-]?\.\d{1,2}", raw):
        if re.fullmatch(r"[+-]?\d+\.\d{3,}", raw):
            raise AmountError("Un montant a au plus deux chiffres après la virgule.")
        raise AmountError(f"« {text.strip()} » n'est pas un montant valide (exemple : 40,00).")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the regex above guards this
        raise AmountError(f"« {text.strip()} » n'est pas un montant valide.") from exc
    cents = int((value * 100).to_integral_value())
    if abs(cents) > MAX_AMOUNT_CENTS:
        raise AmountError(f"Montant invalide : {format_cents(MAX_AMOUNT_CENTS)} au plus.")
    return cents


# The largest amount the counter handles in one figure: 1 000 000,00 €.
MAX_AMOUNT_CENTS = 100_000_000


def amount_problem(cents, *, allow_zero: bool = False) -> str | None:
    """None if ``cents`` is an amount a service may record, else a French message saying what is
    wrong. Amounts are integers of cents from 1 (0 where ``allow_zero``) to MAX_AMOUNT_CENTS."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        return "Montant invalide : un montant s'écrit en euros et centimes, deux décimales au plus (ex. 40,00)."
    if cents < 0:
        return "Montant invalide : il ne peut pas être négatif."
    if cents == 0 and not allow_zero:
        return "Montant invalide : saisissez un montant d'au moins 0,01 €."
    if cents > MAX_AMOUNT_CENTS:
        return f"Montant invalide : {format_cents(MAX_AMOUNT_CENTS)} au plus."
    return None
