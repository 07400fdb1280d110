"""Whether a SQLite file is sound: ``PRAGMA quick_check`` reads every page of it.

On a large base that read is long: 0.6 s at 50,000 families and 2.5 s at 200,000 with the file in
the system's cache, and about a minute at 200,000 families on a counter just switched on (2.7 GB
read from the disk). A counter therefore checks its file in the background (BackgroundIntegrityCheck):
it reads and lets the agent log in meanwhile, and every other write waits for the verdict
(``Database.session``). A damaged file is refused before anything the town owns is written.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from concurrent.futures import Future, TimeoutError as FutureTimeout

from sqlalchemy import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

# SQLite's default page cache (2 MB) for the check: it reads each page once, filling the
# connection's larger cache with them would cost start-up time and memory for nothing.
CHECK_CACHE_KIB = 2000
# How long closing the counter waits for an interrupted check to end.
STOP_WAIT_S = 5.0
ADVICE = ("N'utilisez pas ce poste pour encaisser : restaurez la dernière sauvegarde de la base "
          "(ou faites appel au service informatique), puis relancez l'application.")


class DatabaseUnusable(RuntimeError):
    """The database file is damaged or is not a database: the message says what to do (French);
    ``detail`` is the database's own words, for the service informatique."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class IntegrityCheckUnfinished(RuntimeError):
    """A write asked before the background check's verdict, which did not come in time."""


def check_readable(engine: Engine) -> None:
    """What a glance finds at once (a file that is not a SQLite database, an unreadable header):
    DatabaseUnusable. Nothing on other databases."""
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA schema_version").scalar()
    except DBAPIError as exc:
        raise unreadable(engine, exc) from exc


def check_integrity(engine: Engine) -> None:
    """``PRAGMA quick_check`` on SQLite, here and now; raises DatabaseUnusable with a French message."""
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as connection:
            _quick_check(engine, connection.connection.dbapi_connection)
    except (DBAPIError, sqlite3.Error) as exc:
        raise unreadable(engine, exc) from exc


def _quick_check(engine: Engine, dbapi_connection) -> None:
    cursor = dbapi_connection.cursor()
    try:
        (restore,) = cursor.execute("PRAGMA cache_size").fetchone()
        cursor.execute(f"PRAGMA cache_size=-{CHECK_CACHE_KIB}")
        try:
            rows = [row[0] for row in cursor.execute("PRAGMA quick_check").fetchall()]
        finally:
            cursor.execute(f"PRAGMA cache_size={restore}")
    finally:
        cursor.close()
    if rows != ["ok"]:
        raise DatabaseUnusable(f"La base de données {engine.url.database} est endommagée. {ADVICE}",
                               "\n".join(map(str, rows[:20])))


def unreadable(engine: Engine, exc: Exception) -> DatabaseUnusable:
    """The French refusal of a file SQLite cannot read (``exc``: its error, kept as the detail)."""
    return DatabaseUnusable(f"La base de données {engine.url.database} est illisible. {ADVICE}",
                            str(getattr(exc, "orig", None) or exc))


class BackgroundIntegrityCheck:
    """``PRAGMA quick_check`` on a connection and a thread of its own. ``verdict`` is a Future:
    None for a sound file, DatabaseUnusable otherwise. ``after_sound`` runs on the same thread
    once the file is known sound (the planner's statistics, which write)."""

    def __init__(self, engine: Engine, after_sound=None) -> None:
        self._engine = engine
        self._after_sound = after_sound
        self.verdict: Future[None] = Future()
        # The check's DBAPI connection, to interrupt it when the counter closes.
        self._connection: DBAPIConnection | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ems-integrity-check", daemon=True)

    def start(self) -> BackgroundIntegrityCheck:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            with self._engine.connect() as connection:
                self._connection = connection.connection.dbapi_connection
                if self._stopping.is_set():
                    return
                _quick_check(self._engine, self._connection)
        except DatabaseUnusable as exc:
            log.error("base de données endommagée : %s (%s)", exc, exc.detail)
            self.verdict.set_exception(exc)
            return
        except (DBAPIError, sqlite3.Error) as exc:
            if self._stopping.is_set():  # interrupted: the counter is closing
                self.verdict.cancel()
                return
            unusable = unreadable(self._engine, exc)
            log.error("base de données illisible : %s (%s)", unusable, unusable.detail)
            self.verdict.set_exception(unusable)
            return
        finally:
            self._connection = None
            if not self.verdict.done() and self._stopping.is_set():
                self.verdict.cancel()
        if self.verdict.done():
            return
        self.verdict.set_result(None)
        log.info("base de données vérifiée : saine")
        if self._after_sound is not None and not self._stopping.is_set():
            try:
                self._after_sound()
            except Exception:  # statistics are an optimisation: the counter works without them
                log.exception("statistiques du planificateur non rafraîchies")

    def wait_until_sound(self, timeout: float | None) -> None:
        """Return once the file is known sound; DatabaseUnusable if it is not,
        IntegrityCheckUnfinished if the verdict has not come within ``timeout`` seconds."""
        try:
            self.verdict.result(timeout)
        except FutureTimeout:
            raise IntegrityCheckUnfinished() from None

    def stop(self) -> None:
        """Interrupt a check still running (the counter is closing) and wait for its thread."""
        self._stopping.set()
        if self._thread is threading.current_thread():
            return
        deadline = time.monotonic() + STOP_WAIT_S
        while self._thread.is_alive() and time.monotonic() < deadline:
            # Again and again: an interrupt reaches only a statement already running.
            connection = self._connection
            if connection is not None:
                with contextlib.suppress(sqlite3.Error):  # already closed
                    connection.interrupt()
            self._thread.join(timeout=0.05)
