"""A saved PDF to a system printer.

Qt's print dialog chooses the printer (``views/printing_dialogs.py``), but Qt cannot draw a PDF
without QtPdf, which PySide6-Essentials lacks (a 175 MB add-on). So the PDF file itself goes to
the printer through **CUPS** — ``lp -d <printer> -n <copies> <file>`` — which every Linux and
macOS counter has and which renders PDF natively (vector quality, the printer's own driver and
tray settings). Where ``lp`` is absent (Windows), :class:`PrintingError` says so in French and
where the PDF is saved, so the agent prints it from the PDF reader.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ems_desktop.printing.errors import PrintingError

LP_TIMEOUT_S = 30


def cups_available() -> bool:
    return shutil.which("lp") is not None


def print_pdf_file(path: Path, printer_name: str, *, copies: int = 1, title: str = "") -> str:
    """Queue ``path`` on ``printer_name`` (CUPS). Blocking: call it off the GUI thread.

    Returns the spooler's answer ("request id is …"); raises PrintingError (French)."""
    path = Path(path)
    lp = shutil.which("lp")
    if lp is None:
        raise PrintingError("L'impression directe passe par CUPS (commande « lp »), absent de ce poste. "
                            f"Ouvrez le PDF et imprimez-le depuis le lecteur PDF : {path}", saved_path=path)
    command = [lp, "-n", str(max(1, int(copies)))]
    if printer_name:
        command += ["-d", printer_name]
    if title:
        command += ["-t", title]
    command.append(str(path))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=LP_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise PrintingError(f"L'imprimante « {printer_name} » ne répond pas (délai de {LP_TIMEOUT_S} s dépassé). "
                            f"Le PDF est enregistré : {path}", saved_path=path) from None
    except OSError as exc:
        raise PrintingError(f"Impossible de lancer l'impression ({exc.strerror or exc}). "
                            f"Le PDF est enregistré : {path}", saved_path=path) from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout or "").strip().splitlines()
        raise PrintingError(f"L'imprimante « {printer_name} » a refusé le document"
                            + (f" ({detail[-1]})" if detail else "") + f". Le PDF est enregistré : {path}",
                            saved_path=path)
    return done.stdout.strip()
