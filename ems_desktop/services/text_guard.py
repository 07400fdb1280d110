"""The last guard before anything is written: every text attribute of every row a unit of work
flushes is checked against its column's length and for invisible control characters. Services
check their own fields first (with the field's key, so the message shows beside it); this guard
makes sure no service can hand the database a value SQLite would keep and PostgreSQL refuse."""

from __future__ import annotations

import functools
import re
from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import InstrumentedAttribute, Mapper, Session

from ems_desktop.rules.text import FREE_TEXT_LIMIT, text_problem
from ems_desktop.services.errors import ValidationFailed

# A column the application fills itself (never typed: the search key, a bank file) declares its own
# limit in its ``info`` (TEXT_LIMIT_KEY); a typed text has its VARCHAR length, or FREE_TEXT_LIMIT.
TEXT_LIMIT_KEY = "text_limit"


def limit_of(attribute: InstrumentedAttribute[Any]) -> int:
    """The length limit of a model's text column (its VARCHAR length, or FREE_TEXT_LIMIT)."""
    column_type = attribute.property.columns[0].type
    length: int | None = getattr(column_type, "length", None)
    return length or FREE_TEXT_LIMIT


@functools.cache
def _text_columns(mapper: Mapper[Any]) -> tuple[tuple[str, int], ...]:
    """A model's text attributes and their limits (computed once per model)."""
    columns = []
    for column_attr in mapper.column_attrs:
        column = column_attr.columns[0]
        if isinstance(column.type, String):
            limit = column.info.get(TEXT_LIMIT_KEY) or FREE_TEXT_LIMIT
            columns.append((column_attr.key, column.type.length or limit))
    return tuple(columns)


_SUSPECT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _problems(row: object) -> dict[str, str]:
    errors: dict[str, str] = {}
    state = inspect(row)
    values = state.dict
    for key, limit in _text_columns(state.mapper):
        value = values.get(key)
        # The fast path (every flush goes through here): most values are short and clean.
        if type(value) is not str or (len(value) <= limit and not _SUSPECT.search(value)):
            continue
        errors[key] = (text_problem(value, limit, multiline=True)
                       or f"Ce texte est trop long : {limit} caractères au plus.")
    return errors


@event.listens_for(Session, "before_flush")
def _check_text_columns(session: Session, _context: object, _instances: object) -> None:
    for row in list(session.new) + list(session.dirty):
        errors = _problems(row)
        if errors:
            raise ValidationFailed(errors)
