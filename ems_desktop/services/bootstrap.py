"""Opening a database: check it is sound, then create or upgrade its schema in place before
anything else touches it."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError

from ems_desktop.database.engine import Database
from ems_desktop.database.integrity import (
    BackgroundIntegrityCheck,
    DatabaseUnusable,
    check_integrity,
    check_readable,
    unreadable,
)
from ems_desktop.database.statistics import refresh_planner_statistics
from ems_desktop.database.upgrade_checks import UpgradeRefused


class CannotOpenDatabase(RuntimeError):
    """The counter must not start on this database; the message (French) says what to do and
    ``detail`` keeps the technical cause (shown on demand, written to the log)."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


def open_database(url: str, *, check_in_background: bool = False) -> Database:
    """The database at ``url`` with its schema at the latest revision (older ones are upgraded,
    keeping every row). A damaged SQLite file (``PRAGMA quick_check``), an unreachable server or
    a database the upgrade refuses raises CannotOpenDatabase.

    ``check_in_background`` (a counter's start-up): a file already at the latest revision is
    returned once it is found readable, its full check going on in the background
    (``database.integrity``: writes wait for its verdict, see Database.session). A file to upgrade
    is checked in full first: the upgrade writes."""
    database = Database(url)
    try:
        # Imported when first used: Alembic costs ~100 ms, loaded meanwhile by the start-up (views/application.py).
        from ems_desktop.database.migrate import current_revision, head_revision, upgrade

        if check_in_background and database.dialect == "sqlite":
            check_readable(database.engine)
            try:
                revision = current_revision(database.engine)
            except DBAPIError as exc:
                raise unreadable(database.engine, exc) from exc
            if revision == head_revision():
                database.integrity = BackgroundIntegrityCheck(
                    database.engine, after_sound=lambda: refresh_planner_statistics(database.engine)).start()
                return database
        check_integrity(database.engine)
        before = current_revision(database.engine)
        upgrade(database.engine)
        refresh_planner_statistics(database.engine, schema_changed=current_revision(database.engine) != before)
    except DatabaseUnusable as exc:
        database.dispose()
        raise CannotOpenDatabase(str(exc), exc.detail) from exc
    except UpgradeRefused as exc:
        database.dispose()
        raise CannotOpenDatabase(str(exc)) from exc
    except OperationalError as exc:
        database.dispose()
        raise CannotOpenDatabase(
            f"La base de données {database.describe()} est injoignable ou illisible. Vérifiez le réseau ou "
            "l'adresse de la base (--database, EMS_DATABASE_URL), puis relancez l'application.", str(exc.orig)) from exc
    return database
