"""An unexpected error is logged with its traceback and shown to the agent in a dialog."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


class ErrorReporter:
    def __init__(self, log_path: Path, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self.log_path = log_path
        self._parent = parent
        self.last_dialog: QMessageBox | None = None

    def install(self) -> None:
        sys.excepthook = self.report
        with contextlib.suppress(RuntimeError):  # no event loop (yet): the excepthook alone
            asyncio.get_event_loop().set_exception_handler(self._loop_exception)

    def _loop_exception(self, loop, context: dict) -> None:
        exc = context.get("exception")
        if exc is None:
            log.error("asyncio: %s", context.get("message"))
            return
        self.report(type(exc), exc, exc.__traceback__)

    def report(self, exc_type, exc, tb) -> QMessageBox:
        log.error("Erreur inattendue\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        tr = QCoreApplication.translate
        box = QMessageBox(self._parent())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(tr("ErrorReporter", "Erreur inattendue"))
        box.setText(tr("ErrorReporter", "Une erreur inattendue s'est produite. L'opération en cours n'a pas "
                                        "été enregistrée ; vous pouvez continuer à travailler."))
        box.setInformativeText(tr("ErrorReporter", "Le détail est enregistré dans le journal :\n%1")
                               .replace("%1", str(self.log_path)))
        box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setObjectName("unexpected_error")
        box.open()  # never a nested exec(): the event loop keeps running
        self.last_dialog = box
        return box
