"""What a family dossier must look like: names, birth dates, e-mails, French phone numbers."""

from __future__ import annotations

import datetime as dt
import re

from ems_desktop.dates import age_on

MAX_CHILD_AGE = 18
# Letters of any alphabet (accents, ç, œ…), spaces, hyphens and apostrophes: Lise-Roxelane, N'Diaye.
_NAME = re.compile(r"^[^\W\d_]+(?:[ '’\-][^\W\d_]+)*$", re.UNICODE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^(?:\+33 ?|0033 ?|0)[1-9](?:[ .\-]?\d{2}){4}$")


def name_problem(value: str, what: str = "Le nom") -> str | None:
    value = (value or "").strip()
    if not value:
        return f"{what} est obligatoire."
    if not _NAME.match(value):
        return f"{what} ne peut contenir que des lettres, espaces, traits d'union et apostrophes."
    return None


def birth_date_problem(birth_date: dt.date | None, today: dt.date) -> str | None:
    if birth_date is None:
        return "La date de naissance est obligatoire (jj/mm/aaaa)."
    if birth_date > today:
        return "La date de naissance est dans le futur."
    if age_on(birth_date, today) > MAX_CHILD_AGE:
        return f"Cet enfant a plus de {MAX_CHILD_AGE} ans : l'École Municipale des Sports accueille des mineurs."
    return None


def email_problem(value: str) -> str | None:
    value = (value or "").strip()
    if value and not _EMAIL.match(value):
        return f"« {value} » n'est pas une adresse e-mail valide (ex. prenom.nom@exemple.fr)."
    return None


def phone_problem(value: str) -> str | None:
    value = (value or "").strip()
    if value and not _PHONE.match(value):
        return f"« {value} » n'est pas un numéro de téléphone français (ex. 06 12 34 56 78)."
    return None


def quotient_problem(value: int | None) -> str | None:
    if value is not None and value < 0:
        return "Le quotient familial ne peut pas être négatif."
    return None


def format_phone(value: str) -> str:
    """0612345678 / +33612345678 → 06 12 34 56 78 (as stored and shown)."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0033"):
        digits = "0" + digits[4:]
    elif digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    if len(digits) == 10:
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    return (value or "").strip()
