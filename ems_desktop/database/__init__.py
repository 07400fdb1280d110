"""Database engine, sessions and schema migrations (Alembic).

The migrations live in ``ems_desktop.database.migrate``, imported where they are used: Alembic
costs about 100 ms to import, which the start-up spends while the database file is checked."""

from ems_desktop.database.engine import Database, default_database_url, make_engine

__all__ = ["Database", "default_database_url", "make_engine"]
