"""Shared settings stored in the database (see ems_desktop.config for the registry)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ems_desktop.config import SHARED, SettingDef
from ems_desktop.models import Setting


def read_shared(session: Session, definition: SettingDef):
    assert definition.scope == SHARED, definition.key
    row = session.get(Setting, definition.key)
    return definition.coerce(row.value if row is not None else None)


def write_shared(session: Session, definition: SettingDef, value) -> None:
    assert definition.scope == SHARED, definition.key
    value = definition.coerce(value)
    row = session.get(Setting, definition.key)
    if row is None:
        session.add(Setting(key=definition.key, value=value))
    else:
        row.value = value
