"""Where printed documents are kept: a folder per kind ("tickets", "factures"…) in the user data
folder, private to the user (0700), each file written whole or not at all and readable by the user
only (0600): invoices and attendance sheets carry families' personal data."""

from __future__ import annotations

import re
from pathlib import Path

from ems_desktop.database.engine import user_data_dir
from ems_desktop.printing.errors import PrintingError
from ems_desktop.private_files import private_dir, write_private

TICKETS = "tickets"
INVOICES = "factures"
CREDIT_NOTES = "avoirs"
REPORTS = "rapports"

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def documents_folder(kind: str) -> Path:
    """``<user data folder>/<kind>``, created if needed, private (0700)."""
    return private_dir(user_data_dir() / kind)


def pdf_filename(*parts: str) -> str:
    """A file name every OS accepts: "Facture A01-F000001 (duplicata).pdf"."""
    name = " ".join(p.strip() for p in parts if p and p.strip())
    name = _UNSAFE.sub("-", name).strip(" .") or "document"
    return f"{name[:150]}.pdf"


def save_pdf(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` atomically (a temporary file then a rename): a crash or a full
    disk never leaves half a PDF; the file is readable by the user only (0600). A missing folder is
    created (an existing one, maybe chosen by the agent, keeps its modes). Raises PrintingError
    (French) when the file cannot be written, e.g. when a PDF reader keeps the previous copy open
    on Windows."""
    path = Path(path)
    try:
        if not path.parent.is_dir():
            private_dir(path.parent)
        write_private(path, data)
    except OSError as exc:
        raise PrintingError(f"Impossible d'enregistrer le PDF {path} : {exc.strerror or exc}. "
                            "Fermez-le s'il est ouvert dans un lecteur PDF, puis recommencez.") from exc
    return path
