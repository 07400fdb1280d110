"""Search keys: what an agent types is compared without case, accents or punctuation."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9@.]+")


def normalize_text(text: str) -> str:
    """"LISE-ROXÉLANE N'Diaye" → "lise roxelane n diaye" (ligatures and accents folded)."""
    folded = unicodedata.normalize("NFKD", text or "")
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return " ".join(_NON_WORD.sub(" ", folded).split())


def phone_digits(text: str) -> str:
    """06 12-34.56 78 → 0612345678, so a phone is found however it was typed."""
    return re.sub(r"\D", "", text or "")


def family_search_text(
    *,
    reference: str,
    name: str,
    guardians: list[tuple[str, str, str, str, str]],
    children: list[tuple[str, str]],
    phone: str = "",
    email: str = "",
) -> str:
    """The one searchable string of a family.

    ``guardians``: (first name, last name, mobile, work phone, e-mail); ``children``: (first, last).
    Phones are stored as bare digits so "06 12" and "0612" both match.
    """
    parts: list[str] = [reference, name, email]
    phones = [phone]
    for first, last, mobile, work, mail in guardians:
        parts += [first, last, mail]
        phones += [mobile, work]
    for first, last in children:
        parts += [first, last]
    words = " ".join(normalize_text(p) for p in parts if p)
    digits = " ".join(d for d in (phone_digits(p) for p in phones) if d)
    return f" {words} {digits} ".replace("  ", " ")
