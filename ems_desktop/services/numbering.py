"""Gapless number series per counter: taken inside the transaction that issues the document."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from ems_desktop.models import Counter, NumberSeries
from ems_desktop.services.errors import DomainError

FORMATS = {
    # kind: (letter, digits). The year is not part of the series: one continuous series per counter.
    "invoice": ("F", 6),
    "credit_note": ("AV", 6),
    "receipt": ("R", 6),
    "family": ("", 5),
}
SERIES_KINDS = tuple(FORMATS)


def create_series(session: Session, counter_id: uuid.UUID) -> None:
    """A new counter's number series, one per kind, starting at 1. Created with the counter, so
    two processes issuing its very first documents never race to create them."""
    for kind in SERIES_KINDS:
        session.add(NumberSeries(counter_id=counter_id, kind=kind, next_value=1))


def take_number(session: Session, counter_id: uuid.UUID | None, kind: str) -> str:
    """The next number of the counter's series; the row is locked until the transaction ends.

    If the transaction is rolled back the number goes back too: no gap, no duplicate.
    """
    series = session.scalar(
        select(NumberSeries)
        .where(NumberSeries.counter_id == counter_id, NumberSeries.kind == kind)
        .with_for_update()
    )
    if series is None:
        raise DomainError("Ce guichet n'a pas de série de numéros : il faut le recréer (Paramètres).")
    value = series.next_value
    series.next_value = value + 1
    session.flush()
    prefix = session.get_one(Counter, counter_id).number_prefix
    letter, digits = FORMATS[kind]
    return f"{prefix}-{letter}{value:0{digits}d}" if letter else f"{prefix}-{value:0{digits}d}"
