"""SEPA direct debit rules (SDD Core): when a collection may be asked for, and what the bank's
reject codes (ISO 20022 reason codes) mean, in words an agent can tell a family."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

# Since the EPC's 2016 rulebook, a Core collection (first or recurrent) reaches the debtor's bank one
# TARGET business day before the collection date at the latest; the file goes to the town's bank
# the day before that. Asking for the collection two business days ahead leaves that day.
MIN_BUSINESS_DAYS_AHEAD = 2
# A run is prepared for the coming weeks, not a year ahead (banks refuse far dates).
MAX_DAYS_AHEAD = 60


@lru_cache(maxsize=8)
def _target_closing_days(year: int) -> frozenset[dt.date]:
    # TARGET2 (the euro's settlement system) is closed on these days as well as at weekends.
    import holidays  # its data is large: read when a run is prepared, never at start-up

    return frozenset(holidays.financial_holidays("XECB", years=year))


def is_target_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _target_closing_days(day.year)


def add_business_days(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day += dt.timedelta(days=1)
        if is_target_business_day(day):
            count -= 1
    return day


def earliest_collection_date(today: dt.date) -> dt.date:
    return add_business_days(today, MIN_BUSINESS_DAYS_AHEAD)


def collection_date_problem(day: dt.date, today: dt.date) -> str | None:
    """None when the bank can collect on ``day`` for a file built ``today``, else why not."""
    earliest = earliest_collection_date(today)
    if day < earliest:
        return (f"Trop tôt : la banque doit recevoir le fichier avant l'échéance ; la première date possible "
                f"est le {earliest:%d/%m/%Y}.")
    if not is_target_business_day(day):
        return "Les prélèvements se font un jour ouvré bancaire (ni samedi, ni dimanche, ni jour férié TARGET)."
    if (day - today).days > MAX_DAYS_AHEAD:
        return f"Trop loin : une échéance se prépare au plus {MAX_DAYS_AHEAD} jours à l'avance."
    return None


# The reason codes a bank's return gives for a rejected debit (EPC guidance), in French.
REJECT_REASONS = {
    "AC01": "IBAN incorrect",
    "AC04": "compte clôturé",
    "AC06": "compte bloqué",
    "AC13": "compte de débiteur non valide (compte de consommateur requis)",
    "AG01": "prélèvement interdit sur ce compte",
    "AG02": "code opération incorrect",
    "AM04": "provision insuffisante",
    "AM05": "prélèvement en double",
    "BE05": "créancier inconnu du débiteur",
    "CNOR": "banque du créancier non joignable",
    "DNOR": "banque du débiteur non joignable",
    "FF01": "fichier ou format invalide",
    "MD01": "pas de mandat (ou mandat révoqué)",
    "MD02": "données du mandat manquantes ou incorrectes",
    "MD06": "remboursement demandé par le débiteur",
    "MD07": "titulaire du compte décédé",
    "MS02": "refus du débiteur",
    "MS03": "raison non communiquée par la banque",
    "RC01": "BIC incorrect",
    "RR01": "identification du débiteur manquante",
    "RR02": "nom ou adresse du débiteur manquant",
    "RR03": "nom ou adresse du créancier manquant",
    "RR04": "motif réglementaire",
    "SL01": "service spécifique de la banque du débiteur (liste de créanciers refusés)",
}


def reject_reason(code: str, text: str = "") -> str:
    """« AM04 — provision insuffisante »; an unknown code keeps the bank's own words if any."""
    code = (code or "").strip().upper()
    label = REJECT_REASONS.get(code) or text.strip() or "motif non précisé"
    return f"{code} — {label}" if code else label
