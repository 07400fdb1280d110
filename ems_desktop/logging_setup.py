"""Logs rotate in the user log folder; one logger per module (``logging.getLogger(__name__)``).

The folder is private to the user (0700) and every log file, rotated ones included, is 0600."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

from ems_desktop.database.engine import APP_AUTHOR, APP_NAME
from ems_desktop.private_files import private_dir, private_opener

LOG_FILE_NAME = "ems-desktop.log"


def log_dir() -> Path:
    override = os.environ.get("EMS_LOG_DIR")
    return private_dir(Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are readable by their owner only (0600): the one it opens at
    start and each new one after a rotation (the rotated ones are renamed, keeping the mode)."""

    def _open(self):
        open_file = getattr(self, "_builtin_open", open)  # kept by FileHandler for the interpreter's exit
        return open_file(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors,
                         opener=private_opener)


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the application's logs to a rotating file (1 MB × 5). Returns the file's path."""
    path = log_dir() / LOG_FILE_NAME
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) and Path(h.baseFilename) == path
               for h in root.handlers):
        handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
