"""Prices: the group's price, or the family's quotient-familial band when the group has bands."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    quotient_min: int
    quotient_max: int | None  # None: no upper bound
    price_cents: int

    def contains(self, quotient: int) -> bool:
        return quotient >= self.quotient_min and (self.quotient_max is None or quotient <= self.quotient_max)


def quotient_in_force(
    quotient: int | None, valid_from: dt.date | None, valid_to: dt.date | None, on: dt.date
) -> int | None:
    """The family's quotient if it is known and valid on that day, else None."""
    if quotient is None:
        return None
    if valid_from is not None and on < valid_from:
        return None
    if valid_to is not None and on > valid_to:
        return None
    return quotient


def price_for(group_price_cents: int, bands: list[Band], quotient: int | None) -> int:
    """Without bands, or without a valid quotient, the group's full price applies."""
    if quotient is not None:
        for band in bands:
            if band.contains(quotient):
                return band.price_cents
    return group_price_cents


def bands_problem(bands: list[Band]) -> str | None:
    """Why a set of bands is unusable (overlap, negative price), in French; None if fine."""
    ordered = sorted(bands, key=lambda b: b.quotient_min)
    for band in ordered:
        if band.price_cents < 0:
            return "un tarif ne peut pas être négatif"
        if band.quotient_max is not None and band.quotient_max < band.quotient_min:
            return f"la tranche {band.quotient_min}-{band.quotient_max} est à l'envers"
    for before, after in itertools.pairwise(ordered):
        if before.quotient_max is None or before.quotient_max >= after.quotient_min:
            return f"les tranches de quotient se chevauchent à partir de {after.quotient_min}"
    return None
