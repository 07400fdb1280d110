"""What every document action tells the agent: where the PDF was saved, whether a reader opened
it, and a link to its folder. One naming for every saved document, whichever screen saved it.

A desktop without a PDF reader is common at a counter (a fresh Windows session, a thin client):
the action must never end silently, so the message always names the file and offers its folder.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QWidget

from ems_desktop.dates import to_local

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

    def _open_link(self, _href: str) -> None:
        if self.folder is not None:
            open_folder(self.folder)
