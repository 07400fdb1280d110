"""Opening a database: create or upgrade its schema in place before anything else touches it."""

from __future__ import annotations

from ems_desktop.database.engine import Database
from ems_desktop.database.migrate import upgrade


def open_database(url: str) -> Database:
    """The database at ``url`` with its schema at the latest revision (older ones are upgraded,
    keeping every row)."""
    database = Database(url)
    upgrade(database.engine)
    return database
