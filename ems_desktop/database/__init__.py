"""Database engine, sessions and schema migrations (Alembic)."""

from ems_desktop.database.engine import Database, default_database_url, make_engine
from ems_desktop.database.migrate import current_revision, head_revision, upgrade

__all__ = ["Database", "current_revision", "default_database_url", "head_revision", "make_engine", "upgrade"]
