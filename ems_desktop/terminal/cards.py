"""Card numbers: the Luhn check and masking (PCI DSS: show at most the first 6 and last 4 digits)."""

from __future__ import annotations

MASK_CHAR = "#"
CLEAR_HEAD = 6
CLEAR_TAIL = 4


def digits_only(text: str) -> str:
    """A typed card number without the spaces or dashes people put in it."""
    return "".join(ch for ch in text if ch not in " -\u00a0\u202f\t")


def luhn_is_valid(number: str) -> bool:
    """True when ``number`` is 12–19 digits and passes the Luhn check."""
    if not (12 <= len(number) <= 19) or not number.isascii() or not number.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def mask_card_number(value: str) -> str:
    """Keep digits only in the first 6 and last 4 positions; any other digit becomes ``#``.

    Already-masked numbers (``497011######1029``) come back unchanged; a full number sent by a
    misbehaving terminal is masked here before anything keeps or logs it.
    """
    text = "".join(ch for ch in value.strip() if " " <= ch <= "~")
    last_clear = len(text) - CLEAR_TAIL
    return "".join(
        MASK_CHAR if ch.isdigit() and CLEAR_HEAD <= index < last_clear else ch
        for index, ch in enumerate(text)
    )
