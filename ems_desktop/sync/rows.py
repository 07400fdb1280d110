"""Rows as operations carry them, back into rows: an operation's payload holds rows as plain JSON
(``facts.row_state`` through the unit of work's JSON form: ids and times as text); the server
reads them back with each column's own type and writes them as the counter did."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ColumnElement, Table, TypeDecorator, inspect
from sqlalchemy.orm import Session

from ems_desktop.models.base import Base, JsonObject


def _python_type(column: ColumnElement[Any]) -> type | None:
    kind = column.type
    if isinstance(kind, TypeDecorator):  # UtcDateTime and the like: the type they store
        kind = kind.impl_instance
    try:
        python_type: type = kind.python_type
        return python_type
    except NotImplementedError:  # JSON and other types without one: kept as they are
        return None


def from_json(model: type[Base], state: JsonObject) -> JsonObject:
    """``state`` (attribute → plain JSON value) with each value of its column's Python type.
    Keys that are not columns of ``model`` (nested rows, unknown newer columns) are left out."""
    values: JsonObject = {}
    for attribute in inspect(model).column_attrs:
        name = attribute.key if attribute.key in state else attribute.columns[0].name  # a row as PostgreSQL wrote it
        if name not in state:
            continue
        value = state[name]
        kind = _python_type(attribute.columns[0])
        if value is not None and isinstance(value, str) and kind is not None and kind is not str:
            if kind is uuid.UUID:
                value = uuid.UUID(value)
            elif kind is dt.datetime:
                value = dt.datetime.fromisoformat(value)
            elif kind is dt.date:
                value = dt.date.fromisoformat(value)
            elif kind is dt.time:
                value = dt.time.fromisoformat(value)
        values[attribute.key] = value
    return values


def upsert(session: Session, model: type[Base], state: JsonObject) -> Base:
    """The row ``state`` describes, inserted or brought to that state (matched by primary key)."""
    values = from_json(model, state)
    key = tuple(values[key_of(column)] for column in inspect(model).primary_key)
    row = session.get(model, key if len(key) > 1 else key[0])
    if row is None:
        row = model(**values)
        session.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
    session.flush()
    return row


def model_of(table_name: str) -> type[Base]:
    """The mapped class of a table."""
    for mapper in Base.registry.mappers:
        if isinstance(mapper.local_table, Table) and mapper.local_table.name == table_name:
            model: type[Base] = mapper.class_
            return model
    raise KeyError(table_name)


def key_of(column: ColumnElement[Any]) -> str:
    """A mapped table column's key (typed as optional for any column expression)."""
    assert column.key is not None, column
    return column.key
