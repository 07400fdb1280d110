"""The engine: an embedded SQLite file by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

APP_NAME = "ems-desktop"
APP_AUTHOR = "EMS"
ENV_DATABASE_URL = "EMS_DATABASE_URL"


def user_data_dir() -> Path:
    """The user data folder (EMS_DATA_DIR overrides it, e.g. for tests and demos)."""
    override = os.environ.get("EMS_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def default_database_url() -> str:
    """EMS_DATABASE_URL if set, else ems.sqlite3 in the user data folder."""
    return os.environ.get(ENV_DATABASE_URL) or sqlite_url(user_data_dir() / "ems.sqlite3")


def demo_database_url() -> str:
    return sqlite_url(user_data_dir() / "demo.sqlite3")


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str, **kwargs) -> Engine:
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


class Database:
    """An engine and its session factory. One session per user action (see ``session()``)."""

    def __init__(self, url: str, *, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends normally, rolled back on any error, so
        nothing half done is ever saved."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (rolled back at the end)."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def describe(self) -> str:
        """Where the data lives, for the status bar (no password shown)."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return f"SQLite — {url.database}"
        return url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()
