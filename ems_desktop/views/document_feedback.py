"""What every document action tells the agent: where the PDF was saved, whether a reader opened
it, and a link to its folder. One naming for every saved document, whichever screen saved it.

A desktop without a PDF reader is common at a counter (a fresh Windows session, a thin client):
the action must never end silently, so the message always names the file and offers its folder.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QWidget

from ems_desktop.dates import to_local
from ems_desktop.views.operations import ServiceOp

if TYPE_CHECKING:
    from ems_desktop.views.app_state import AppState

OK_STYLE = "color: #1b5e20;"
ERROR_STYLE = "color: #b3261e;"

# What a kind of document is called in its file name and in messages ("Ticket A01-R000016.pdf").
DOCUMENT_NAMES = {
    "tickets": "Ticket",
    "factures": "Facture",
    "avoirs": "Avoir",
    "rapports": "Clôture de caisse",
    "mandats": "Mandat de prélèvement",
    "relances": "Lettre de relance",
    "prelevements": "Prélèvement SEPA",
}


def document_path(kind: str, number: str, *, duplicate: bool = False) -> Path:
    """``<user data folder>/<kind>/<Name> <number>[ (duplicata)].pdf`` — the same file name from
    the Caisse and from Facturation, so one folder never holds two spellings of one document."""
    # Imported when first used: the printing package brings reportlab, ~100 ms at start-up.
    from ems_desktop.printing.files import documents_folder, pdf_filename

    return documents_folder(kind) / pdf_filename(DOCUMENT_NAMES[kind], number, "(duplicata)" if duplicate else "")


def closing_report_number(closed_at: dt.datetime) -> str:
    """What names a cash-closing report (it has no number of its own): its closing time, Paris
    time — « du 21-06-2017 à 18h30 », so « Clôture de caisse du 21-06-2017 à 18h30.pdf » (a file
    name cannot hold « / » or « : »). The Caisse (at the closing) and the list of closing reports
    (a duplicata) name the same report the same way."""
    return f"du {to_local(closed_at):%d-%m-%Y à %Hh%M}"


def closing_report_label(closed_at: dt.datetime) -> str:
    """The same report said on screen: « du 21/06/2017 à 18:30 » (dates as everywhere else)."""
    return f"du {to_local(closed_at):%d/%m/%Y à %H:%M}"


def _headless() -> bool:
    # "offscreen", or "offscreen:configfile=…" (tests, benchmarks, screenshots): no reader to open.
    return os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen")


def open_pdf(path: Path) -> bool:
    """Hand the PDF to the desktop's reader. False when nothing could open it (no reader, or a
    headless session: tests and benchmarks never launch one)."""
    if _headless():
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_folder(path: Path) -> bool:
    if _headless():
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


_FEMININE = {"factures", "rapports", "relances"}


def saved_text(kind: str, number: str, path: Path, *, opened: bool, duplicate: bool = False) -> str:
    """« Ticket A01-R000016 enregistré et ouvert : …/Ticket A01-R000016.pdf » or, when no reader
    opened it, « Facture A01-F000018 enregistrée (aucun lecteur PDF ne l'a ouverte) : … »."""
    e = "e" if kind in _FEMININE else ""
    what = f"{DOCUMENT_NAMES[kind]} {number}" + (" (duplicata)" if duplicate else "")
    if opened:
        return f"{what} enregistré{e} et ouvert{e} : {path}"
    return f"{what} enregistré{e} (aucun lecteur PDF ne l'a ouvert{e}) : {path}"


class DocumentMessage(QLabel):
    """The line under a screen's document buttons. Plain text for errors; for a saved file, its
    path and an « Ouvrir le dossier » link (the folder opens in the file manager)."""

    said = Signal(str)  # each say(): the screen passes it on as its action_done (tests wait on it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.setOpenExternalLinks(False)
        self.linkActivated.connect(self._open_link)
        self.folder: Path | None = None
        self.plain = ""  # the message without its markup, for tests and the status bar
        self.hide()

    def show_saved(self, text: str, path: Path) -> None:
        self.folder = Path(path).parent
        self.plain = f"{text} — Ouvrir le dossier"
        self.setStyleSheet(OK_STYLE)
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.setText(f'{escaped} — <a href="folder">Ouvrir le dossier</a>')
        self.show()

    def show_text(self, text: str, *, error: bool = False) -> None:
        self.folder = None
        self.plain = text
        self.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.setText(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_text("")

    def say(self, text: str, *, error: bool = False, saved: Path | None = None) -> None:
        """What an action did; with ``saved`` (and no error), the file's folder is offered as a link."""
        if saved is not None and not error:
            self.show_saved(text, saved)
        else:
            self.show_text(text, error=error)
        self.said.emit(text)

    def say_error(self, text: str) -> None:
        """A refusal or a failure, in red (a ServiceOp's ``errors_to``)."""
        self.say(text, error=True)

    def _open_link(self, _href: str) -> None:
        if self.folder is not None:
            open_folder(self.folder)


@dataclass(frozen=True)
class Duplicate:
    """An issued document copied again, marked DUPLICATA: the service that draws it, and its names."""

    pdf: Callable[..., bytes]  # the service function: pdf(context, document_id) gives the PDF
    document_id: uuid.UUID
    kind: str    # a DOCUMENT_NAMES key: its folder and the start of its file name
    number: str  # the end of its file name: « A01-F000018 », « du 21-06-2017 à 18h30 »
    label: str   # the document in messages: its number, or the closing report's « du 21/06/2017 à 18:30 »
    title: str   # what is printed: « Duplicata de la facture A01-F000018 »


class DuplicateActions:
    """« Ouvrir (duplicata) » and « Imprimer (duplicata)… » of an issued document, for every screen
    that copies one (Facturation, the closing reports): the service draws the copy, it is saved on
    the printing thread, then opened in the desktop's reader or sent to a printer, and the screen's
    DocumentMessage says what happened. ``open`` and ``print`` return the PDF they saved (None when
    none was), and keep the screen busy meanwhile (``set_busy``)."""

    def __init__(self, screen: QWidget, state: AppState, message: DocumentMessage, *,
                 set_busy: Callable[[bool], None], open_file: Callable[[Path], bool]) -> None:
        self.screen = screen  # the print dialog's parent
        self.state = state
        self.message = message
        self.set_busy = set_busy
        self.open_file = open_file

    async def open(self, document: Duplicate) -> Path | None:
        # Imported when first used: the printing package brings reportlab, ~100 ms at start-up.
        from ems_desktop.printing import PrintingError

        self.set_busy(True)
        path = None
        try:
            path = await self._save(document)
            if path is not None:
                opened = bool(self.open_file(path))
                self.message.say(saved_text(document.kind, document.label, path, opened=opened, duplicate=True),
                                 saved=path)
        except PrintingError as failed:
            self.message.say(failed.message, error=True)
        finally:
            self.set_busy(False)
        return path

    async def print(self, document: Duplicate) -> Path | None:
        from ems_desktop.printing import PrintingError
        from ems_desktop.views import printing_dialogs

        self.set_busy(True)
        path = None
        try:
            path = await self._save(document)
            if path is None:
                return None
            done = await printing_dialogs.print_saved_pdf(self.screen, path, document.title)
            if done is None:
                cancelled = QCoreApplication.translate("DuplicateActions",
                                                       "Impression annulée. %1 est enregistré en PDF : %2")
                self.message.say(cancelled.replace("%1", document.title).replace("%2", str(path)), saved=path)
            else:
                self.message.say(f"{document.title} : {done}")
        except PrintingError as failed:
            self.message.say(failed.message, error=True)
        finally:
            self.set_busy(False)
        return path

    async def _save(self, document: Duplicate) -> Path | None:
        """The copy saved as PDF; None when the service refused it (said)."""
        from ems_desktop.printing import save_pdf
        from ems_desktop.views.printing_dialogs import in_print_thread

        done = await ServiceOp(self.state, document.pdf, document.document_id).errors_to(self.message.say_error).run()
        if not done.ok:
            return None
        path = document_path(document.kind, document.number, duplicate=True)
        return await in_print_thread(save_pdf, done.value, path)
