"""Age brackets: is a child of the right age for a group?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ems_desktop.dates import age_on, format_date

AGE_AT_START = "age_at_start"
BIRTH_YEAR = "birth_year"


@dataclass(frozen=True)
class AgeVerdict:
    allowed: bool
    age: int
    reason: str = ""  # French, empty when allowed


def _years(n: int) -> str:
    return f"{n} an" if n <= 1 else f"{n} ans"


def bracket_label(age_min: int, age_max: int) -> str:
    return f"les {age_min} à {age_max} ans"


def check_age(
    *,
    first_name: str,
    birth_date: dt.date,
    offer_first_day: dt.date,
    age_min: int,
    age_max: int,
    rule: str = AGE_AT_START,
) -> AgeVerdict:
    """Whole years on the offer's first day by default; by birth year when the group says so.

    With ``BIRTH_YEAR`` the age is the one the child reaches during the calendar year of the
    offer's first day, as many towns count for "nés entre 2006 et 2010".
    """
    if rule == BIRTH_YEAR:
        age = offer_first_day.year - birth_date.year
        if age_min <= age <= age_max:
            return AgeVerdict(True, age)
        first_year = offer_first_day.year - age_max
        last_year = offer_first_day.year - age_min
        return AgeVerdict(
            False,
            age,
            f"{first_name} est né(e) en {birth_date.year} ; ce groupe accueille les enfants nés "
            f"de {first_year} à {last_year}.",
        )
    age = age_on(birth_date, offer_first_day)
    if age_min <= age <= age_max:
        return AgeVerdict(True, age)
    return AgeVerdict(
        False,
        age,
        f"{first_name} aura {_years(age)} le {format_date(offer_first_day)} ; "
        f"ce groupe accueille {bracket_label(age_min, age_max)}.",
    )
