"""What any text typed at the counter may be: a bounded length, and no invisible control
character (a NUL byte cannot even be stored by PostgreSQL). The limits are the columns' own, so
SQLite — which does not enforce VARCHAR lengths — refuses exactly what PostgreSQL would."""

from __future__ import annotations

import re

# Free text stored in unbounded columns (notes, health notes, reasons): still bounded here.
FREE_TEXT_LIMIT = 4000

_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks allowed


def text_problem(value: str | None, limit: int, *, multiline: bool = False) -> str | None:
    """None if ``value`` may be stored, else the French message to show beside the field."""
    if value is None:
        return None
    if not isinstance(value, str):
        return "Valeur invalide : du texte est attendu."
    control = (_CONTROL_MULTILINE if multiline else _CONTROL_SINGLE_LINE).search(value)
    if control is not None:
        if control.group() in "\r\n":
            return "Ce champ tient sur une seule ligne : retirez le retour à la ligne."
        return (f"Ce texte contient un caractère invisible non autorisé (position {control.start() + 1}) : "
                "retapez-le sans copier-coller.")
    length = len(value.strip())
    if length > limit:
        return f"Ce texte est trop long : {limit} caractères au plus ({length} saisis)."
    return None
