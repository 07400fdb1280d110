"""Personal data on disk: the folders the application keeps data, logs and settings in are
private to the user (0700), and every file it writes there is readable by the user only (0600):
the database and its WAL/SHM files, the log, this counter's settings, the saved PDFs.

Everything goes through this module (no Qt here). On Windows ``chmod`` only knows the read-only
flag: the modes below change nothing there and nothing fails (the user profile's folders are
already private).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600
# The process's umask once ``restrict_new_files`` ran: whatever else creates a file (Qt's window
# settings, a library's temporary file, a backup) gets no group or other permission either.
PRIVATE_UMASK = 0o077
# The files SQLite makes beside a database.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def restrict_new_files() -> int:
    """Set the process's umask to 0o077 (at start-up, before anything is written). Returns the
    previous one."""
    return os.umask(PRIVATE_UMASK)


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError as failed:  # not ours (a shared folder), or a file system without modes
        log.warning("droits %s non appliqués à %s : %s", oct(mode), path, failed.strerror or failed)


def private_dir(path: Path | str) -> Path:
    """``path`` created if needed (with its parents) and made private (0700), even if it
    existed already. Returns it as a Path."""
    path = Path(path)
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _chmod(path, DIR_MODE)
    return path


def make_private(path: Path | str) -> None:
    """An existing file made readable by its owner only (0600); a missing one is left missing."""
    path = Path(path)
    if path.exists():
        _chmod(path, FILE_MODE)


def private_opener(path: str, flags: int) -> int:
    """An ``opener`` for ``open()``: a file it creates is 0600 from its first byte, whatever the
    umask; an existing one is made 0600."""
    fd = os.open(path, flags, FILE_MODE)
    if hasattr(os, "fchmod"):  # Windows has none: its files are private by their folder's ACL
        with contextlib.suppress(OSError):  # a file system without modes (a network share)
            os.fchmod(fd, FILE_MODE)
    return fd


def write_private(path: Path | str, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` whole or not at all (a temporary file beside it, flushed to disk,
    then renamed over it), readable by the owner only (0600). The folder must exist. Raises
    OSError when the file cannot be written (full disk, a PDF reader holding it on Windows…)."""
    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    # mkstemp creates the file 0600 (and with O_EXCL: never someone else's file).
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=path.suffix or ".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _chmod(path, FILE_MODE)  # already 0600: only a file system that ignores mkstemp's mode differs
    return path


def create_private_file(path: Path | str) -> bool:
    """Create ``path`` empty with mode 0600 if it does not exist (True), else leave it (False).
    Used for a new SQLite database: SQLite gives its WAL, SHM and journal files the mode of the
    database file, so they are 0600 too."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def make_sqlite_files_private(database: Path | str) -> None:
    """A database file and the WAL/SHM/journal files beside it made 0600 (those that exist)."""
    database = Path(database)
    for path in (database, *(database.with_name(database.name + suffix) for suffix in SQLITE_COMPANIONS)):
        make_private(path)
