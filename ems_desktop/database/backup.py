"""Backups of an SQLite database file, and putting one back in service (no Qt here).

A backup is taken with SQLite's online backup API (``sqlite3.Connection.backup``) from a fresh
connection: it copies, in one step, the snapshot of the last committed transaction — WAL content
included, a write transaction still open elsewhere left out — while the application, or another
process, goes on working. The copy is written under a temporary name in the backup folder, checked
with ``PRAGMA integrity_check``, made self-contained (rollback journal, no ``-wal`` beside it), then
renamed: a backup file under its final name is always whole and sound. Files are named
``ems-AAAAMMJJ-HHMMSS-<raison>.sqlite3`` (local time) and only the 30 newest are kept.

Restoring replaces the database file by a checked, upgraded copy of a backup, after the replaced
base was put aside (``<base>-remplacee-AAAAMMJJ-HHMMSS.sqlite3`` in the backup folder, never
pruned). Every refusal is a ``BackupError`` whose message (French) says what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

KEEP = 30
PREFIX = "ems"
SUFFIX = ".sqlite3"
REASON_CLOSING = "cloture"
REASON_DAILY = "quotidienne"
REASON_MANUAL = "manuelle"
REASON_LABELS = {REASON_CLOSING: "clôture de caisse", REASON_DAILY: "quotidienne", REASON_MANUAL: "à la demande"}
_NAME = re.compile(r"^ems-(\d{8})-(\d{6})-([a-z0-9]+(?:-[a-z0-9]+)*)\.sqlite3$")
_REASON = re.compile(r"^[a-z0-9]+$")
_PART = ".part"
# Tables every EMS database has had since its first revision.
EMS_TABLES = frozenset({"agents", "counters", "families", "children", "invoices", "payments", "cash_sessions",
                        "journal_entries", "settings", "number_series"})
SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(RuntimeError):
    """A backup or a restore was refused or failed; the message (French) says why and what to do.
    ``detail`` keeps SQLite's own words, for the service informatique."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime   # local wall-clock time, as in the name
    reason: str
    size_bytes: int

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason.split("-")[0], self.reason)

    @property
    def label(self) -> str:
        return f"{self.taken_at:%d/%m/%Y à %H:%M:%S} — {self.reason_label}"


@dataclass(frozen=True)
class RestoreInfo:
    restored_from: Path
    database: Path
    replaced_copy: Path | None  # the replaced base, put aside in the backup folder (None: there was none)
    revision_before: str       # the backup's schema revision
    revision_after: str        # after the upgrade (head)


def size_text(size_bytes: int) -> str:
    """1,4 Mo — for the agent."""
    if size_bytes < 1024 * 1024:
        return f"{max(1, round(size_bytes / 1024))} ko"
    return f"{size_bytes / (1024 * 1024):.1f} Mo".replace(".", ",")


# --- where the database is ------------------------------------------------------------------------------

def sqlite_file(source: str | Path | Engine) -> Path | None:
    """The SQLite file behind a URL, an engine or a path; None for another database (PostgreSQL)
    or an in-memory one."""
    if isinstance(source, Path):
        return source.resolve()
    if isinstance(source, Engine):
        url = source.url
    else:
        from sqlalchemy.engine import make_url

        url = make_url(source)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" \
            or url.database.startswith("file:"):
        return None
    return Path(url.database).resolve()


def _require_file(source) -> Path:
    path = sqlite_file(source)
    if path is None:
        raise BackupError("Seule une base SQLite (un fichier) se sauvegarde depuis EMS Desktop : sur PostgreSQL, "
                          "les sauvegardes sont faites par le service informatique (pg_dump).")
    return path


# --- checking a copy ------------------------------------------------------------------------------------

def _connect(path: Path, *, timeout: float = 5.0) -> sqlite3.Connection:
    return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` says is wrong with the file ([] if it is sound)."""
    try:
        connection = _connect(path)
        try:
            rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check").fetchall()]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def _has_sqlite_header(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from ems_desktop.database.migrate import alembic_config

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def inspect_database_file(path: Path, name: str = "") -> str:
    """The schema revision of an EMS database file, after checking it: an SQLite database, sound
    (``PRAGMA integrity_check``), with EMS's tables and a revision this version knows. Refused with
    a French BackupError otherwise (naming the file ``name``, by default its own). Open it on a
    file we may write next to (a private copy)."""
    name = name or path.name
    if not path.is_file():
        raise BackupError(f"Le fichier {path} n'existe pas ou n'est pas un fichier.")
    if not _has_sqlite_header(path):
        raise BackupError(f"« {name} » n'est pas une base de données SQLite : ce n'est pas une sauvegarde "
                          "d'EMS Desktop. Choisissez un fichier ems-….sqlite3 du dossier des sauvegardes.")
    problems = integrity_problems(path)
    if problems:
        raise BackupError(f"La sauvegarde « {name} » est endommagée (PRAGMA integrity_check) : elle ne peut pas "
                          "être restaurée. Choisissez-en une autre, plus ancienne.", "\n".join(problems[:20]))
    try:
        connection = _connect(path)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revisions = ([row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
                         if "alembic_version" in tables else [])
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"« {name} » est illisible : ce n'est pas une sauvegarde utilisable.", str(error)) from error
    missing = sorted(EMS_TABLES - tables)
    if "alembic_version" not in tables or missing or len(revisions) != 1:
        raise BackupError(f"« {name} » est une base SQLite, mais pas une base d'EMS Desktop (il y manque "
                          f"{', '.join(missing[:4]) or 'la version du schéma'}) : elle ne peut pas être restaurée.")
    revision = revisions[0]
    if revision not in _known_revisions():
        raise BackupError(f"La sauvegarde « {name} » vient d'une version plus récente d'EMS Desktop (schéma "
                          f"{revision}) : installez cette version avant de la restaurer.")
    return revision


# --- taking a backup ------------------------------------------------------------------------------------

def _stamp(moment: dt.datetime) -> str:
    return f"{moment:%Y%m%d-%H%M%S}"


def _fsync_directory(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def _remove(*paths: Path) -> None:
    for path in paths:
        for candidate in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
            with contextlib.suppress(FileNotFoundError):
                candidate.unlink()


def _create_private(path: Path) -> None:
    """``path`` created empty, readable by the user only (0600) whatever the umask: a copy of the
    base holds families' personal data. SQLite gives its journal the same mode."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    os.close(descriptor)


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """The source's committed snapshot into ``target`` (a new file, 0600), in one step, self-contained."""
    _create_private(target)
    destination = _connect(target)
    try:
        source.backup(destination)  # pages=-1: one step, one read transaction on the source = one snapshot
        destination.execute("PRAGMA journal_mode=DELETE")  # no -wal beside a backup: one file says it all
    finally:
        destination.close()


def _make_folder(folder: Path) -> Path:
    try:
        # A new folder is private; an existing one keeps its modes.
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Le dossier des sauvegardes {folder} n'a pas pu être créé : vérifiez qu'il est accessible "
                          "(disque branché, partage réseau monté, droits d'écriture).", str(error)) from error
    return folder


def take_backup(source: str | Path | Engine, folder: Path, reason: str, *, now: dt.datetime | None = None,
                keep: int = KEEP) -> BackupInfo:
    """Copy the SQLite database ``source`` (a URL, an engine or a path) into ``folder`` as
    ``ems-AAAAMMJJ-HHMMSS-<reason>.sqlite3`` (``now``: local time, default the system's), check the
    copy, then keep the ``keep`` newest backups. Safe while the application or another process
    writes. A BackupError (French) if the base is not an SQLite file, the folder cannot be written,
    or the copy is not sound (then it is deleted: a bad copy is never kept)."""
    database = _require_file(source)
    if not _REASON.match(reason):
        raise ValueError(f"raison de sauvegarde invalide : {reason!r}")
    if not database.is_file():
        raise BackupError(f"La base {database} n'existe pas : il n'y a rien à sauvegarder.")
    folder = _make_folder(Path(folder).expanduser())
    moment = now or dt.datetime.now()
    stem = f"{PREFIX}-{_stamp(moment)}-{reason}"
    final = folder / f"{stem}{SUFFIX}"
    number = 2
    while final.exists():  # two backups of one reason in the same second
        final = folder / f"{stem}-{number}{SUFFIX}"
        number += 1
    part = folder / f".{final.name}{_PART}"
    try:
        _remove(part)
        connection = _connect(database)
        try:
            _copy(connection, part)
        finally:
            connection.close()
        problems = integrity_problems(part)
        if problems:
            raise BackupError(f"La copie de sauvegarde de {database.name} est endommagée (PRAGMA integrity_check) : "
                              "elle a été supprimée. La base elle-même est peut-être abîmée : prévenez le service "
                              "informatique et ne supprimez aucune sauvegarde.", "\n".join(problems[:20]))
        _fsync(part)
        os.replace(part, final)  # atomic: under its final name a backup is whole and checked
        _fsync_directory(folder)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"La sauvegarde de {database.name} a échoué : la base n'a pas pu être lue ou la copie "
                          f"écrite dans {folder}.", str(error)) from error
    except OSError as error:
        raise BackupError(f"La sauvegarde n'a pas pu être écrite dans {folder} : vérifiez le dossier des sauvegardes "
                          "(place libre, disque branché, partage réseau monté, droits d'écriture).",
                          str(error)) from error
    finally:
        _remove(part)
    info = _info(final)
    assert info is not None, final  # the name was made by this module, in the form _info reads
    prune(folder, keep)
    return info


def _info(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        taken_at = dt.datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, taken_at, match.group(3), size)


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first (the files named ``ems-AAAAMMJJ-HHMMSS-…``)."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        return []
    found = [info for info in map(_info, folder.iterdir()) if info is not None and info.path.is_file()]
    return sorted(found, key=lambda info: (info.taken_at, info.path.name), reverse=True)


# A copy under way is never this old: a `.part` file older than this was left by a process killed
# while copying (each copy has its own name, so nothing else would ever remove it).
STALE_PART_AGE = dt.timedelta(hours=1)


def _stale_parts(folder: Path) -> list[Path]:
    oldest_live = dt.datetime.now().timestamp() - STALE_PART_AGE.total_seconds()
    found = []
    for path in folder.glob(f".{PREFIX}-*{SUFFIX}{_PART}"):
        with contextlib.suppress(OSError):  # gone meanwhile: nothing to do
            if path.stat().st_mtime < oldest_live:
                found.append(path)
    return found


def prune(folder: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the ``keep`` newest backups, and the copies a killed process left unfinished;
    the files deleted."""
    removed = []
    for path in [info.path for info in list_backups(folder)[keep:]] + _stale_parts(folder):
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass  # a file the share will not let go: kept, tried again next time
    return removed


def daily_backup_due(folder: Path, today: dt.date) -> bool:
    """True when no backup of ``today`` is in the folder yet (whatever its reason: one copy a day at
    least)."""
    return not any(info.taken_at.date() == today for info in list_backups(folder))


# --- restoring ------------------------------------------------------------------------------------------

def _other_connections_refusal(database: Path) -> BackupError:
    return BackupError("La base est ouverte par une autre fenêtre d'EMS Desktop ou un autre programme sur ce poste : "
                       "fermez-les, puis recommencez la restauration. Rien n'a été changé.")


def restore_database(backup_file: Path, database: Path, folder: Path, *, engine: Engine | None = None,
                     now: dt.datetime | None = None, check=None) -> RestoreInfo:
    """Put ``backup_file`` in service as ``database``:

    1. a private copy of the backup, next to the base, is checked (SQLite, integrity, EMS tables,
       a known revision), upgraded to the latest schema (``migrate.upgrade``) and checked again;
       ``check(url)`` may refuse it too (e.g. a demonstration backup on a real base);
    2. ``engine`` (the running one) is disposed; if no other connection holds the base, the base is
       copied aside into ``folder`` as ``<base>-remplacee-AAAAMMJJ-HHMMSS.sqlite3``;
    3. the base's ``-wal`` and ``-shm`` are removed and the prepared copy renamed over the base.

    Any refusal before step 3 changes nothing (a BackupError in French); the caller restarts the
    application afterwards (its engine must not be used in between)."""
    from ems_desktop.database.engine import make_engine, sqlite_url
    from ems_desktop.database.migrate import current_revision, upgrade
    from ems_desktop.database.upgrade_checks import UpgradeRefused

    backup_file = Path(backup_file).expanduser().resolve()
    database = Path(database).resolve()
    if backup_file == database:
        raise BackupError("Ce fichier est la base en service : choisissez une sauvegarde.")
    if not backup_file.is_file():
        raise BackupError(f"Le fichier {backup_file} n'existe pas ou n'est pas un fichier.")
    if not _has_sqlite_header(backup_file):
        raise BackupError(f"« {backup_file.name} » n'est pas une base de données SQLite : ce n'est pas une "
                          "sauvegarde d'EMS Desktop. Choisissez un fichier ems-….sqlite3 du dossier des sauvegardes.")
    moment = now or dt.datetime.now()
    candidate = database.with_name(f".{database.name}.restauration{_PART}")
    _remove(candidate)
    try:
        # 1. The copy to put in service, prepared beside the base (same disk: the final rename is atomic).
        try:
            source = _connect(backup_file)
            try:
                source.execute("PRAGMA query_only=ON")
                _copy(source, candidate)
            finally:
                source.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"« {backup_file.name} » est illisible ou endommagée : elle ne peut pas être restaurée. "
                              "Choisissez une autre sauvegarde.", str(error)) from error
        except OSError as error:
            raise BackupError(f"La sauvegarde n'a pas pu être copiée près de la base ({database.parent}) : place "
                              "libre, droits d'écriture ?", str(error)) from error
        revision_before = inspect_database_file(candidate, backup_file.name)
        prepared = make_engine(sqlite_url(candidate))
        try:
            upgrade(prepared)
            revision_after = current_revision(prepared)
            if check is not None:
                check(sqlite_url(candidate))
        except UpgradeRefused as refused:
            raise BackupError(f"La sauvegarde « {backup_file.name} » ne peut pas être mise à niveau : "
                              f"{refused}") from refused
        except sqlite3.DatabaseError as error:  # pragma: no cover - the copy was checked just before
            raise BackupError(f"La mise à niveau de « {backup_file.name} » a échoué.", str(error)) from error
        finally:
            prepared.dispose()  # the last connection: SQLite checkpoints and removes the copy's -wal
        problems = integrity_problems(candidate)
        if problems:  # pragma: no cover - an upgrade that broke the copy
            raise BackupError(f"La sauvegarde « {backup_file.name} » est endommagée après sa mise à niveau : elle n'a "
                              "pas été restaurée.", "\n".join(problems[:20]))

        # 2. The base in service, alone, put aside.
        if engine is not None:
            engine.dispose()
        aside = None
        if database.exists():
            folder = _make_folder(Path(folder).expanduser())
            aside = folder / f"{database.stem}-remplacee-{_stamp(moment)}{SUFFIX}"
            number = 2
            while aside.exists():
                aside = folder / f"{database.stem}-remplacee-{_stamp(moment)}-{number}{SUFFIX}"
                number += 1
            aside_part = folder / f".{aside.name}{_PART}"
            guard = _connect(database, timeout=0)
            try:
                try:
                    guard.execute("PRAGMA locking_mode=EXCLUSIVE")
                    guard.execute("BEGIN EXCLUSIVE")  # refused while any other connection has the base open
                    guard.execute("ROLLBACK")         # the exclusive lock stays until close
                except sqlite3.OperationalError as busy:
                    raise _other_connections_refusal(database) from busy
                guard.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                try:
                    _remove(aside_part)
                    _copy(guard, aside_part)
                    _fsync(aside_part)
                    os.replace(aside_part, aside)
                except (sqlite3.DatabaseError, OSError) as error:
                    raise BackupError(f"La base en service n'a pas pu être mise de côté dans {folder} : rien n'a été "
                                      "changé. Vérifiez le dossier des sauvegardes.", str(error)) from error
                finally:
                    _remove(aside_part)
            finally:
                guard.close()  # last connection: checkpoint, the base's -wal and -shm go
            wal = Path(f"{database}-wal")
            if wal.exists() and wal.stat().st_size > 0:  # someone opened the base meanwhile
                raise _other_connections_refusal(database)

        # 3. The switch: no -wal of the old base may ever be replayed onto the new one.
        for leftover in ("-wal", "-shm", "-journal"):
            Path(f"{database}{leftover}").unlink(missing_ok=True)
        if database.exists() and os.name == "posix":  # the base keeps the modes it had (e.g. shared on the machine)
            os.chmod(candidate, stat.S_IMODE(database.stat().st_mode))
        _fsync(candidate)
        os.replace(candidate, database)
        _fsync_directory(database.parent)
    finally:
        _remove(candidate)
    return RestoreInfo(backup_file, database, aside, revision_before, revision_after or "")
