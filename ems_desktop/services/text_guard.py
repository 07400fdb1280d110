"""The last guard before anything is written: every text attribute of every row a unit of work
flushes is checked against its column's length and for invisible control characters. Services
check their own fields first (with the field's key, so the message shows beside it); this guard
makes sure no service can hand the database a value SQLite would keep and PostgreSQL refuse."""

from __future__ import annotations

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import InstrumentedAttribute, Session

from ems_desktop.rules.text import FREE_TEXT_LIMIT, text_problem
from ems_desktop.services.errors import ValidationFailed

# Columns the application writes itself (never typed): no limit of their own beyond the column.
_GENERATED = {"search_text"}


def limit_of(attribute: InstrumentedAttribute) -> int:
    """The length limit of a model's text column (its VARCHAR length, or FREE_TEXT_LIMIT)."""
    column_type = attribute.property.columns[0].type
    return getattr(column_type, "length", None) or FREE_TEXT_LIMIT


def _problems(row) -> dict[str, str]:
    errors: dict[str, str] = {}
    state = inspect(row)
    for column_attr in state.mapper.column_attrs:
        column = column_attr.columns[0]
        if not isinstance(column.type, String):
            continue
        value = state.dict.get(column_attr.key)
        if not isinstance(value, str) or not value:
            continue
        limit = column.type.length or (10 * FREE_TEXT_LIMIT if column_attr.key in _GENERATED else FREE_TEXT_LIMIT)
        problem = text_problem(value, limit, multiline=True)
        if problem is None and len(value) > limit:  # text_problem measures the trimmed text
            problem = f"Ce texte est trop long : {limit} caractères au plus."
        if problem:
            errors[column_attr.key] = problem
    return errors


@event.listens_for(Session, "before_flush")
def _check_text_columns(session: Session, _context, _instances) -> None:
    for row in list(session.new) + list(session.dirty):
        errors = _problems(row)
        if errors:
            raise ValidationFailed(errors)
