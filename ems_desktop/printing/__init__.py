"""Printing, Qt-free: saving PDF files in the user data folder, the payment ticket on the
counter's ESC/POS receipt printer (python-escpos), and handing a saved PDF to a system printer
through CUPS (``lp``). The Qt print dialog lives in ``views/printing_dialogs.py``.

Every failure is a :class:`PrintingError` whose message is French and fit to show the agent;
callers save the PDF *before* printing, so a printer that fails never loses the document.
"""

from ems_desktop.printing.errors import PrintingError
from ems_desktop.printing.files import documents_folder, pdf_filename, save_pdf
from ems_desktop.printing.receipt import (
    RECEIPT_CODEPAGE,
    RECEIPT_WIDTH,
    open_receipt_printer,
    print_test_page,
    print_ticket,
    save_and_print_ticket,
    ticket_bytes,
    ticket_rows,
    write_ticket,
)
from ems_desktop.printing.system import cups_available, print_pdf_file

__all__ = [
    "PrintingError",
    "RECEIPT_CODEPAGE",
    "RECEIPT_WIDTH",
    "cups_available",
    "documents_folder",
    "open_receipt_printer",
    "pdf_filename",
    "print_pdf_file",
    "print_test_page",
    "print_ticket",
    "save_and_print_ticket",
    "ticket_bytes",
    "save_pdf",
    "ticket_rows",
    "write_ticket",
]
