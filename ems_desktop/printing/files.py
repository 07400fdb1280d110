"""Where printed documents are kept: a folder per kind ("tickets", "factures"…) in the user data
folder, each file written whole or not at all."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ems_desktop.database.engine import user_data_dir
from ems_desktop.printing.errors import PrintingError

TICKETS = "tickets"
INVOICES = "factures"
CREDIT_NOTES = "avoirs"
REPORTS = "rapports"

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def documents_folder(kind: str) -> Path:
    """``<user data folder>/<kind>``, created if needed."""
    folder = user_data_dir() / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pdf_filename(*parts: str) -> str:
    """A file name every OS accepts: "Facture A01-F000001 (duplicata).pdf"."""
    name = " ".join(p.strip() for p in parts if p and p.strip())
    name = _UNSAFE.sub("-", name).strip(" .") or "document"
    return f"{name[:150]}.pdf"


def save_pdf(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` atomically (a temporary file then a rename): a crash or a full
    disk never leaves half a PDF. Raises PrintingError (French) when the file cannot be written,
    e.g. when a PDF reader keeps the previous copy open on Windows."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".pdf", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise PrintingError(f"Impossible d'enregistrer le PDF {path} : {exc.strerror or exc}. "
                            "Fermez-le s'il est ouvert dans un lecteur PDF, puis recommencez.") from exc
    return path
