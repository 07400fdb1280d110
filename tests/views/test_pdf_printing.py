"""A saved PDF printed through Qt's printer on every system (PDFium renders the pages): tested on a
QPrinter in PDF-file mode — the pages arrive, in number, and none is blank."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ems_desktop.printing.errors import PrintingError
from ems_desktop.views.pdf_printing import print_pdf_with_qt


def two_pages(path):
    page = canvas.Canvas(str(path), pagesize=A4)
    for number in (1, 2):
        page.setFont("Helvetica", 24)
        page.drawString(72, 700, f"Facture A01-F00000{number} — page {number} / 2")
        page.rect(72, 400, 300, 200, fill=1)
        page.showPage()
    page.save()
    return path


def pdf_printer(out) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


def inked(page) -> bool:
    """Whether a printed page holds anything darker than paper."""
    image = page.render(scale=0.5).to_pil().convert("L")
    return image.getextrema()[0] < 128


def test_every_page_reaches_the_printer_and_none_is_blank(qapp, tmp_path):
    source = two_pages(tmp_path / "Facture.pdf")
    out = tmp_path / "imprime.pdf"
    assert print_pdf_with_qt(source, pdf_printer(out)) == 2
    printed = pdfium.PdfDocument(str(out))
    assert len(printed) == 2
    assert all(inked(printed[i]) for i in range(2))
    # The page keeps its proportions on the printer's page.
    width, height = printed[0].get_size()
    assert abs(width / height - A4[0] / A4[1]) < 0.02


def test_copies_are_sent_as_many_times(qapp, tmp_path):
    source = two_pages(tmp_path / "Facture.pdf")
    out = tmp_path / "deux-exemplaires.pdf"
    assert print_pdf_with_qt(source, pdf_printer(out), copies=2) == 4
    assert len(pdfium.PdfDocument(str(out))) == 4


def test_an_unreadable_pdf_is_refused_in_french(qapp, tmp_path):
    broken = tmp_path / "abime.pdf"
    broken.write_bytes(b"%PDF-1.4 ceci n'est pas un PDF")
    with pytest.raises(PrintingError) as refused:
        print_pdf_with_qt(broken, pdf_printer(tmp_path / "out.pdf"))
    assert refused.value.message.startswith("Le PDF abime.pdf ne peut pas être lu pour l'impression")
    assert refused.value.saved_path == broken


def test_the_print_dialog_s_printer_gets_the_pages_not_lp(qapp, tmp_path, monkeypatch):
    """« Imprimer » of any screen: the printer chosen in Qt's dialog is painted on (no CUPS needed)."""
    from ems_desktop.views.printing_dialogs import PrintTarget, deliver_pdf

    monkeypatch.setenv("PATH", str(tmp_path / "no-lp-here"))
    out = tmp_path / "imprimante.pdf"
    printer = pdf_printer(out)
    target = PrintTarget("Accueil", 1, "", printer)
    assert deliver_pdf(target, two_pages(tmp_path / "Facture.pdf"), "Facture A01-F000001") == (
        "Envoyé à l'imprimante « Accueil ».")
    assert len(pdfium.PdfDocument(str(out))) == 2
    assert printer.docName() == "Facture A01-F000001"
