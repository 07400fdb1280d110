"""A saved PDF printed through Qt, on Windows, macOS and Linux alike: each page rendered by PDFium
(pypdfium2, which pdfplumber already brings) at the printer's resolution, capped at 300 dpi, and
painted on the ``QPrinter`` the print dialog chose. The printer's own driver does the rest.

Qt itself cannot draw a PDF without QtPdf, which PySide6-Essentials lacks. PDFium is not safe to
use from two threads at once: one lock for every rendering. Painting on a QPrinter is allowed off
the GUI thread (the printing pool runs it), as long as the GUI thread does not touch the printer
meanwhile.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from ems_desktop.printing.errors import PrintingError

MAX_DPI = 300  # an A4 page at 300 dpi is 35 MB of pixels; more buys nothing on a counter's printer
_PDFIUM = threading.Lock()


def print_pdf_with_qt(path: Path, printer: QPrinter, *, copies: int = 1) -> int:
    """Print every page of ``path`` on ``printer`` (``copies`` times); the number of pages sent.
    Blocking: call it off the GUI thread. PrintingError (French) when the PDF cannot be read or
    the printer cannot be opened."""
    import pypdfium2 as pdfium

    path = Path(path)
    dpi = min(max(printer.resolution(), 72), MAX_DPI)
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(str(path))
        except (pdfium.PdfiumError, OSError) as exc:
            raise PrintingError(f"Le PDF {path.name} ne peut pas être lu pour l'impression ({exc}).",
                                saved_path=path) from exc
        try:
            painter = QPainter()
            if not painter.begin(printer):
                raise PrintingError(f"L'imprimante « {printer.printerName() or 'choisie'} » ne peut pas être ouverte "
                                    f"(est-elle allumée et connectée ?). Le PDF est enregistré : {path}",
                                    saved_path=path)
            sent = 0
            try:
                for _copy in range(max(1, copies)):
                    for index in range(len(document)):
                        if sent and not printer.newPage():
                            raise PrintingError(f"L'imprimante a interrompu l'impression à la page {sent + 1}. "
                                                f"Le PDF est enregistré : {path}", saved_path=path)
                        _paint_page(painter, printer, document[index], dpi)
                        sent += 1
            finally:
                painter.end()
            return sent
        finally:
            document.close()


def _paint_page(painter: QPainter, printer: QPrinter, page, dpi: int) -> None:
    bitmap = page.render(scale=dpi / 72, may_draw_forms=True)
    try:
        image = bitmap.to_pil()
    finally:
        bitmap.close()
        page.close()
    image = image.convert("RGB")
    data = image.tobytes("raw", "RGB")
    qimage = QImage(data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888)
    # The page fills the printable area, its proportions kept, centred.
    printable = printer.pageLayout().paintRectPixels(printer.resolution())
    area = QRectF(0, 0, printable.width(), printable.height())
    scale = min(area.width() / image.width, area.height() / image.height)
    width, height = image.width * scale, image.height * scale
    target = QRectF((area.width() - width) / 2, (area.height() - height) / 2, width, height)
    painter.drawImage(target, qimage)
