"""Qt glue for printing: the system print dialog, the batch period dialog, progress relayed from a
worker thread.

Qt's print dialog chooses the printer, on every system; the saved PDF's pages are then rendered by
PDFium and painted on that printer (``views/pdf_printing.py``). "Imprimer dans un fichier" copies
the PDF where the agent asked (vector, as saved). CUPS (``lp``) stays as the way out where PDFium
cannot be loaded.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ems_desktop.views.async_tools import dialog_result
from ems_desktop.views.date_field import DateField
from ems_desktop.views.widgets import ErrorLabel

# PDFs are saved, printed and rendered here: off the GUI thread and off the database worker.
PRINT_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ems-print")


async def in_print_thread(function, *args):
    """``function(*args)`` on the printing threads (file writes, CUPS, drawing many pages)."""
    return await asyncio.get_running_loop().run_in_executor(PRINT_POOL, lambda: function(*args))


@dataclass(frozen=True)
class PrintTarget:
    """What the print dialog chose (read on the GUI thread), and the printer itself: the printing
    thread paints on it while the GUI thread leaves it alone."""

    printer_name: str
    copies: int
    output_file: str  # "Imprimer dans un fichier (PDF)": where to copy the PDF
    printer: QPrinter | None = None


def printer_target(printer: QPrinter) -> PrintTarget:
    to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and bool(printer.outputFileName())
    return PrintTarget(printer.printerName(), max(1, printer.copyCount()), printer.outputFileName() if to_file else "",
                       printer)


async def choose_printer(parent: QWidget | None, title: str) -> PrintTarget | None:
    """Qt's print dialog (window-modal, no nested loop). None when the agent cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setObjectName("print_dialog")
    if parent is not None:
        parent.print_dialog = dialog  # type: ignore[attr-defined]  # any widget: tests reach the dialog here
    if await dialog_result(dialog) != QDialog.DialogCode.Accepted:
        return None
    return printer_target(printer)


async def print_saved_pdf(parent: QWidget | None, path: Path, what: str) -> str | None:
    """« Imprimer » of any screen: the system's print dialog for a PDF already saved, then the PDF
    sent to the chosen printer off the GUI thread. The French confirmation, or None when the
    agent cancelled; PrintingError (French) when it could not be printed."""
    target = await choose_printer(parent, f"Imprimer : {what}")
    if target is None:
        return None
    return await in_print_thread(deliver_pdf, target, path, what)


def deliver_pdf(target: PrintTarget, pdf_path: Path, title: str) -> str:
    """Blocking (CUPS, file copy): run it off the GUI thread. Returns a French confirmation;
    raises PrintingError."""
    # Imported when first used: the printing package brings reportlab, ~100 ms at start-up.
    from ems_desktop.printing import PrintingError, print_pdf_file

    if target.output_file:
        try:
            shutil.copyfile(pdf_path, target.output_file)
        except OSError as exc:
            raise PrintingError(f"Impossible d'écrire {target.output_file} : {exc.strerror or exc}. "
                                f"Le PDF est enregistré : {pdf_path}", saved_path=pdf_path) from exc
        return f"PDF enregistré : {target.output_file}"
    if target.printer is not None and pdfium_available():
        from ems_desktop.views.pdf_printing import print_pdf_with_qt

        target.printer.setDocName(title)
        # A printer that makes copies itself gets one; otherwise the pages are sent as many times.
        repeat = 1 if target.printer.supportsMultipleCopies() else target.copies
        print_pdf_with_qt(pdf_path, target.printer, copies=repeat)
    else:
        print_pdf_file(pdf_path, target.printer_name, copies=target.copies, title=title)
    copies = f" ({target.copies} exemplaires)" if target.copies > 1 else ""
    return f"Envoyé à l'imprimante « {target.printer_name} »{copies}."


def pdfium_available() -> bool:
    try:
        import pypdfium2  # noqa: F401  (only whether it loads)
    except ImportError:
        return False
    return True


class ProgressRelay(QObject):
    """Carries a worker thread's progress to the GUI thread (a queued signal)."""

    progressed = Signal(int, int)  # done, total

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)


class BatchPeriodDialog(QDialog):
    """Two dates (dd/mm/yyyy): the invoices issued from the first to the last, inclusive."""

    def __init__(self, first: dt.date, last: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Imprimer les factures d'une période"))
        self.setObjectName("batch_period")
        self.first_edit = DateField(first)
        self.last_edit = DateField(last)
        self.first_edit.setObjectName("first")
        self.last_edit.setObjectName("last")
        self.first_error, self.last_error = ErrorLabel(), ErrorLabel()
        self.error = ErrorLabel()
        for edit, error in ((self.first_edit, self.first_error), (self.last_edit, self.last_error)):
            edit.changed.connect(error.clear_message)
            edit.changed.connect(lambda: self.error.clear_message())
        explanation = QLabel(self.tr("Toutes les factures émises pendant la période, toutes familles confondues, "
                                     "sont réunies dans un seul PDF."))
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Du"), self.first_edit)
        form.addRow("", self.first_error)
        form.addRow(self.tr("Au"), self.last_edit)
        form.addRow("", self.last_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Préparer le PDF"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(440)  # the explanation on two lines, not squeezed into three
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @property
    def first(self) -> dt.date | None:
        return self.first_edit.date()

    @property
    def last(self) -> dt.date | None:
        return self.last_edit.date()

    def set_period(self, first: dt.date, last: dt.date) -> None:
        self.first_edit.set_date(first)
        self.last_edit.set_date(last)

    def _check(self) -> None:
        problems = ((self.first_edit, self.first_error), (self.last_edit, self.last_error))
        for edit, error in problems:
            error.show_message(edit.problem())
        first, last = self.first, self.last
        if first is None or last is None:  # its message is under the date
            return
        if last < first:
            self.error.show_message(self.tr("La date de fin précède la date de début."))
            return
        self.accept()


async def ask_batch_period(parent: QWidget, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date] | None:
    dialog = BatchPeriodDialog(first, last, parent)
    parent.batch_dialog = dialog  # type: ignore[attr-defined]  # any widget: tests reach the dialog here
    if await dialog_result(dialog) != QDialog.DialogCode.Accepted:
        return None
    first_day, last_day = dialog.first, dialog.last
    assert first_day is not None and last_day is not None  # accepted with both dates only (_check)
    return first_day, last_day
