"""The engine: an embedded SQLite file by default, any SQLAlchemy URL otherwise.

On SQLite every unit of work that may write starts with ``BEGIN IMMEDIATE``: it takes the
database's write lock before its first read, so what it reads (places left, an enrollment's
status, a number series) is still true when it writes, even with another process on the same
file. Read-only units stay deferred and never wait for a writer (WAL).

Personal data: the user data folder is private (0700) and a new SQLite file is created 0600 before
SQLite opens it (its WAL and SHM files take the database file's mode). Error messages never carry
the values of a statement: bound parameters are hidden, and PostgreSQL's DETAIL line (the refused
row's values) is left out of the exception's text.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ems_desktop.database.integrity import BackgroundIntegrityCheck
from ems_desktop.private_files import create_private_file, make_sqlite_files_private, private_dir

APP_NAME = "ems-desktop"
APP_AUTHOR = "EMS"
ENV_DATABASE_URL = "EMS_DATABASE_URL"
# How long a write waits for another counter's transaction before the agent is told the
# database is busy. Every unit of work is short: 5 s means something is wrong elsewhere.
DEFAULT_BUSY_TIMEOUT_MS = 5000
# How long a write waits for the start-up's integrity verdict before the agent is asked to try again
# (the database worker waits meanwhile; the verdict comes in seconds once the file is in the
# system's cache).
WRITE_WAITS_FOR_CHECK_S = 3.0
# Execution option read by the "begin" listener: IMMEDIATE for units of work that may write.
BEGIN_MODE = "ems_sqlite_begin"


def _user_data_path() -> Path:
    override = os.environ.get("EMS_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_data_dir() -> Path:
    """The user data folder (EMS_DATA_DIR overrides it, e.g. for tests and demos), created
    private to the user (0700)."""
    return private_dir(_user_data_path())


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def default_database_url() -> str:
    """EMS_DATABASE_URL if set, else ems.sqlite3 in the user data folder."""
    return os.environ.get(ENV_DATABASE_URL) or sqlite_url(user_data_dir() / "ems.sqlite3")


def demo_database_url() -> str:
    return sqlite_url(user_data_dir() / "demo.sqlite3")


SQLITE_CACHE_KIB = 8 * 1024


def _sqlite_connect_listener(busy_timeout_ms: int):
    def configure(dbapi_connection, _record) -> None:
        # Driver-level autocommit off: the "begin" listener below emits BEGIN itself, so a
        # transaction starts before its first read, not at its first write.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL: readers never block the writer; foreign keys are off by default in SQLite.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a committed payment survives a power cut (NORMAL may lose the last commits in WAL).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # 8 MB of pages kept per connection (SQLite's default is 2 MB): the pages a counter reads
        # most (its families' indexes, their invoices) stay in memory, where each page missed is a
        # read from the file (a hundred search results: 2.7–4.1 ms of pages at 2 MB, 0.8 ms at 8;
        # more buys little and weighs on the session's memory).
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    return configure


def _sqlite_begin(connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_MODE, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def _prepare_sqlite_file(engine: Engine) -> None:
    """A new database file is created empty with mode 0600 before SQLite opens it (SQLite then
    makes its WAL, SHM and journal files with the same mode). The files of an existing database
    in the user data folder are made 0600 too (a database of an older version); a file elsewhere
    keeps the modes its administrator gave it (e.g. a file shared by several users of the
    machine)."""
    url = engine.url
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:") or url.query.get("uri"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return  # SQLite says it cannot open the file; nothing to create here
    try:
        if create_private_file(path):
            return
    except OSError:
        return  # no right to create it here: SQLite's own error says so when the file is opened
    try:
        in_data_folder = path.resolve().parent == _user_data_path().resolve()
    except OSError:
        in_data_folder = False
    if in_data_folder:
        make_sqlite_files_private(path)


def _without_row_values(context) -> None:
    """PostgreSQL's messages end with a DETAIL line that quotes the refused row or key ("Failing
    row contains (…)", "Key (…)=(…) already exists") — a child's health note, a phone number. Keep
    its primary message only (the constraint's name is in it), in the driver's exception and in
    SQLAlchemy's; the detail stays readable by code on ``orig.diag``, never in a message or a log."""
    original = context.original_exception
    primary = getattr(getattr(original, "diag", None), "message_primary", None)
    if not primary:
        return  # not a server's answer (e.g. a connection refused): its text says nothing of the data
    original.args = (primary,)
    wrapped = context.sqlalchemy_exception
    if wrapped is not None:
        wrapped.args = (f"({type(original).__module__}.{type(original).__name__}) {primary}",)


def make_engine(url: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS, **kwargs) -> Engine:
    # hide_parameters: a statement's values (names, health notes…) never appear in an exception's
    # message, hence never in the log or the error dialog.
    kwargs.setdefault("hide_parameters", True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _prepare_sqlite_file(engine)
        event.listen(engine, "connect", _sqlite_connect_listener(busy_timeout_ms))
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "handle_error", _without_row_values)
    return engine


def writing_engine(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions begin IMMEDIATE on SQLite."""
    return engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"})


def is_busy_error(error: BaseException) -> bool:
    """SQLite's "database is locked": another process held the write lock past the busy timeout."""
    original = getattr(error, "orig", error)
    return isinstance(original, sqlite3.OperationalError) and (
        "locked" in str(original) or "busy" in str(original))


class Database:
    """An engine and its session factories. One session per user action (see ``session()``)."""

    def __init__(self, url: str, *, engine: Engine | None = None,
                 busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        self.url = url
        self.engine = engine or make_engine(url, busy_timeout_ms=busy_timeout_ms)
        self._sessions = sessionmaker(writing_engine(self.engine), expire_on_commit=False)
        self._readers = sessionmaker(self.engine, expire_on_commit=False)
        # The file's check running in the background (a counter's start-up), None once known
        # sound or when it was checked before opening.
        self.integrity: BackgroundIntegrityCheck | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self, *, before_integrity_verdict: bool = False) -> Iterator[Session]:
        """A transaction that may write: committed when the block ends normally, rolled back on
        any error, so nothing half done is ever saved. On SQLite it holds the write lock from
        its first statement.

        While the file's background check runs, it first waits for the verdict (up to
        WRITE_WAITS_FOR_CHECK_S): DatabaseUnusable on a damaged file, IntegrityCheckUnfinished
        if the verdict is late. Only the log-in writes before it (``before_integrity_verdict``)."""
        if self.integrity is not None and not before_integrity_verdict:
            self.integrity.wait_until_sound(WRITE_WAITS_FOR_CHECK_S)
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
        session = self._readers()
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
        if self.integrity is not None:
            self.integrity.stop()
        self.engine.dispose()
