"""Backups of the counter's SQLite base: after every cash-session closing, once a day at start, and
on demand (administrateur); restoring one (administrateur), then the application restarts.

On PostgreSQL the town's service informatique backs the central base up (pg_dump): these
functions do nothing there, and the menu says so. The work itself (``database.backup``) runs on the
database worker, like every service: the views await it and show that it is running.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
from pathlib import Path

from ems_desktop.database import backup
from ems_desktop.database.backup import BackupError, BackupInfo, RestoreInfo
from ems_desktop.database.engine import Database, user_data_dir
from ems_desktop.dates import to_local
from ems_desktop.services import permissions, settings
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import DomainError

log = logging.getLogger(__name__)

DEFAULT_FOLDER_NAME = "sauvegardes"
# The exit code of a counter that must start again (after a restore): ``run_application`` re-executes
# the same command.
EXIT_RESTART = 75

ON_POSTGRESQL = ("Cette base est sur le serveur PostgreSQL de la ville : ses sauvegardes sont faites par le service "
                 "informatique (pg_dump programmé), pas par EMS Desktop. Pour une restauration, adressez-vous à lui.")


class BackupFailed(DomainError):
    """A backup or a restore was refused or failed; the message says why and what to do.
    ``detail`` keeps SQLite's own words."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class BackupsElsewhere(DomainError):
    """The base is not an SQLite file on this machine (PostgreSQL): the service informatique backs it up."""

    def __init__(self) -> None:
        super().__init__(ON_POSTGRESQL)


def is_local_file(ctx: ServiceContext) -> bool:
    """Whether this counter's base is an SQLite file it can back up itself."""
    return backup.sqlite_file(ctx.db.engine) is not None


def backup_folder(ctx: ServiceContext, configured: str = "") -> Path:
    """Where the backups go: the counter's setting ``backup.folder``, else « sauvegardes » in the
    user data folder; the demonstration base's go to its « demo » subfolder, so that they never
    push a real base's backups out of the 30 kept, nor get restored over it by mistake."""
    folder = (Path(configured).expanduser() if configured and configured.strip()
              else user_data_dir() / DEFAULT_FOLDER_NAME)
    return folder / "demo" if settings.is_demo(ctx) else folder


def _local_now(ctx: ServiceContext) -> dt.datetime:
    return to_local(ctx.now()).replace(tzinfo=None)


def _take(ctx: ServiceContext, configured: str, reason: str) -> BackupInfo:
    folder = backup_folder(ctx, configured)
    try:
        info = backup.take_backup(ctx.db.engine, folder, reason, now=_local_now(ctx))
    except BackupError as failed:
        log.error("sauvegarde (%s) refusée : %s — %s", reason, failed.message, failed.detail)
        raise BackupFailed(failed.message, failed.detail) from failed
    log.info("sauvegarde (%s) : %s (%d octets)", reason, info.path, info.size_bytes)
    return info


def list_backups(ctx: ServiceContext, configured: str = "") -> list[BackupInfo]:
    """The backups of this base, newest first ([] on PostgreSQL)."""
    if not is_local_file(ctx):
        return []
    return backup.list_backups(backup_folder(ctx, configured))


def backup_after_closing(ctx: ServiceContext, configured: str = "") -> BackupInfo | None:
    """After a cash session was closed: a checked copy of the base (no role needed: it is automatic).
    None on PostgreSQL."""
    if not is_local_file(ctx):
        return None
    return _take(ctx, configured, backup.REASON_CLOSING)


def daily_backup(ctx: ServiceContext, configured: str = "") -> BackupInfo | None:
    """At start: a copy of the base unless one was already taken today (Paris date). None when not
    due, or on PostgreSQL."""
    if not is_local_file(ctx):
        return None
    if not backup.daily_backup_due(backup_folder(ctx, configured), ctx.today()):
        return None
    return _take(ctx, configured, backup.REASON_DAILY)


def backup_now(ctx: ServiceContext, configured: str = "") -> BackupInfo:
    """Fichier › Sauvegarder maintenant (administrateur)."""
    if not is_local_file(ctx):
        raise BackupsElsewhere()
    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what="La sauvegarde à la demande")
    return _take(ctx, configured, backup.REASON_MANUAL)


def restore_backup(ctx: ServiceContext, backup_file: Path, configured: str = "") -> RestoreInfo:
    """Fichier › Restaurer une sauvegarde… (administrateur): the chosen file is checked (an SQLite
    EMS base, sound, of a known schema), upgraded to the latest schema, and put in service after
    the replaced base was copied aside into the backup folder. The running engine is disposed:
    the application must restart at once (the view asks it to). A demonstration backup is never
    put over a real base, nor the reverse. Any refusal changes nothing."""
    if not is_local_file(ctx):
        raise BackupsElsewhere()
    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what="La restauration d'une sauvegarde")
        current_is_demo = settings.is_demo_database(s)
    folder = backup_folder(ctx, configured)

    def same_kind_of_base(url: str) -> None:
        candidate = Database(url)
        try:
            with candidate.read() as s:
                restored_is_demo = settings.is_demo_database(s)
        finally:
            candidate.dispose()
        if restored_is_demo and not current_is_demo:
            raise BackupError("Cette sauvegarde est celle de la base de démonstration : elle ne peut pas remplacer la "
                              "base réelle. Rien n'a été changé.")
        if current_is_demo and not restored_is_demo:
            raise BackupError("Cette sauvegarde est celle d'une base réelle : elle ne peut pas remplacer la base de "
                              "démonstration. Rien n'a été changé.")

    database = backup.sqlite_file(ctx.db.engine)
    assert database is not None  # is_local_file said so
    try:
        info = backup.restore_database(Path(backup_file), database, folder,
                                       engine=ctx.db.engine, now=_local_now(ctx), check=same_kind_of_base)
    except BackupError as refused:
        log.warning("restauration de %s refusée : %s — %s", backup_file, refused.message, refused.detail)
        raise BackupFailed(refused.message, refused.detail) from refused
    ctx.cache.clear()
    log.warning("base %s restaurée depuis %s (schéma %s → %s) par l'agent %s ; base remplacée gardée : %s",
                info.database, info.restored_from, info.revision_before, info.revision_after, ctx.actor.agent_id,
                info.replaced_copy)
    return info


# --- starting again after a restore -------------------------------------------------------------------

def restart_command(exit_code: int, argv: list[str] | None = None, executable: str | None = None) -> list[str] | None:
    """The command that starts the counter again, with the same arguments, when ``exit_code`` asks
    for it (after a restore); None otherwise."""
    if exit_code != EXIT_RESTART:
        return None
    argv = sys.argv if argv is None else argv
    return [executable or sys.executable, "-m", "ems_desktop", *argv[1:]]


def restart(command: list[str]) -> None:
    """Replace this process by ``command`` (POSIX); elsewhere, start it and let this one end."""
    logging.shutdown()  # the log says everything before the process image goes
    if os.name == "posix":
        os.execv(command[0], command)  # never returns
    else:  # pragma: no cover - Windows: execv there starts a new process anyway, detached from this one
        subprocess.Popen(command, close_fds=True)
