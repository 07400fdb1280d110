"""The payment ticket on the counter's ESC/POS receipt printer (80 mm roll, 48 columns).

The ticket is first laid out as plain text rows (:func:`ticket_rows`: the content written by
``reports.ticket.lay_out_ticket``, the same as the PDF ticket's, one checkout per ticket), then turned
into ESC/POS bytes on python-escpos's ``Dummy`` printer, and only then sent to the real printer in one write: a printer
that fails half-way never gets half a ticket from us, and tests read the exact bytes.

Code page: **CP858** (``ESC t 19`` on Epson-compatible printers, the default of
``RECEIPT_CODEPAGE``). It is CP850 — every French letter: é è ê ë à â ç ù û ô î ï œ-less — plus
the € sign (0xD5). Characters outside it are printed as their plain equivalent when there is one
(œ → oe, ’ → ', – → -, … → ...), otherwise as "?". Text typed by users is printed literally
(ESC/POS has no markup: ``<b>Dupont & Fils</b>`` prints those characters), except control
characters, which are dropped so that a name can never smuggle a printer command.

The card number is printed through ``reports.styles.masked_card_number``: never more than its
first 6 and last 4 digits, whatever the caller hands over (PCI DSS).
"""

from __future__ import annotations

import contextlib
import socket
import textwrap
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from ems_desktop import config
from ems_desktop.printing.errors import PrintingError
from ems_desktop.reports.data import TicketDocument
from ems_desktop.reports.ticket import DUPLICATA, HEADING, NORMAL, STRONG, TITLE, TOTAL, TOWN, lay_out_ticket

RECEIPT_WIDTH = 48          # Font A on an 80 mm roll (576 dots / 12)
RECEIPT_CODEPAGE = config.RECEIPT_CODEPAGE.default  # CP858: CP850 + €
# The code pages a counter may choose (Fichier › Paramètres), the printer's own table: those with
# the € first. Printers differ; « Page de test » shows which one prints accents and € right.
RECEIPT_CODEPAGES = config.RECEIPT_CODEPAGE.choices
DEFAULT_TCP_PORT = 9100
CONNECT_TIMEOUT_S = 5.0

# Typography that French text often carries and CP858 lacks.
_PLAIN = str.maketrans({
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " ",
    "œ": "oe", "Œ": "OE", "’": "'", "‘": "'", "‚": ",", "“": '"', "”": '"', "„": '"',
    "–": "-", "—": "-", "‑": "-", "…": "...", "•": "*", "·": ".",
})


def plain(text: str) -> str:
    """One line of user or document text as the receipt printer can show it (see module doc)."""
    text = unicodedata.normalize("NFC", str(text or "")).translate(_PLAIN)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    return "".join(ch if _encodable(ch) else "?" for ch in text)


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp858")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class TicketRow:
    """One printed line: text already fitted to the width."""

    text: str
    align: str = "left"        # "left" | "center"
    bold: bool = False
    tall: bool = False         # double height (same width: still 48 columns)


# How the ticket's styles print: bold, and double height for the few big lines.
_BOLD = {STRONG, HEADING, TITLE, TOTAL, TOWN, DUPLICATA}
_TALL = {TOTAL, TOWN, DUPLICATA}
INDENT = 2


class _Rows:
    """A ``reports.ticket.TicketOutput`` that makes rows of fixed-width text."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.rows: list[TicketRow] = []

    def center(self, text: str, style: str = NORMAL) -> None:
        for line in textwrap.wrap(plain(text), self.width) or [""]:
            self.rows.append(TicketRow(line, "center", style in _BOLD, style in _TALL))

    def left(self, text: str, style: str = NORMAL, indent: bool = False) -> None:
        margin = " " * (INDENT if indent else 0)
        for line in textwrap.wrap(plain(text), self.width, initial_indent=margin, subsequent_indent=margin) or [""]:
            self.rows.append(TicketRow(line, "left", style in _BOLD, style in _TALL))

    def pair(self, label: str, value: str, style: str = NORMAL, indent: bool = False) -> None:
        """Label on the left, value flush right; on two lines when they do not fit on one."""
        bold, tall = style in _BOLD, style in _TALL
        margin = " " * (INDENT if indent else 0)
        label, value = margin + plain(label), plain(value)
        if len(label) + 1 + len(value) <= self.width:
            gap = " " * (self.width - len(label) - len(value))
            self.rows.append(TicketRow(label + gap + value, "left", bold, tall))
            return
        for line in textwrap.wrap(label, self.width, subsequent_indent=margin) or [""]:
            self.rows.append(TicketRow(line, "left", bold, tall))
        for line in textwrap.wrap(value, self.width) or [""]:
            self.rows.append(TicketRow(line.rjust(self.width), "left", bold, tall))

    def rule(self) -> None:
        self.rows.append(TicketRow("-" * self.width))

    def space(self) -> None:
        self.rows.append(TicketRow(""))


def ticket_rows(doc: TicketDocument, width: int = RECEIPT_WIDTH) -> list[TicketRow]:
    """The ticket as text rows, the same content in the same order as the PDF ticket."""
    rows = _Rows(width)
    lay_out_ticket(doc, rows)
    return rows.rows


def write_ticket(printer, doc: TicketDocument, *, codepage: str = RECEIPT_CODEPAGE,
                 width: int = RECEIPT_WIDTH) -> None:
    """Send the ticket to any python-escpos printer (``Dummy`` in tests): initialise, select the
    code page, the rows with their styles, then feed and cut."""
    printer.hw("INIT")
    printer.charcode(codepage)
    for row in ticket_rows(doc, width):
        printer.set(align=row.align, bold=row.bold, normal_textsize=not row.tall,
                    double_height=row.tall or None)
        printer.text(row.text + "\n")
    printer.set(align="left", bold=False, normal_textsize=True)
    printer.cut()


def ticket_bytes(doc: TicketDocument, *, codepage: str = RECEIPT_CODEPAGE, profile: str | None = None) -> bytes:
    from escpos.printer import Dummy  # imported when used: python-escpos takes ~0.2 s to load

    dummy = Dummy(profile=profile)
    write_ticket(dummy, doc, codepage=codepage)
    return dummy.output


# --- the counter's printer ------------------------------------------------------------------------

def _invalid(address: str) -> PrintingError:
    return PrintingError(f"Adresse de l'imprimante de tickets invalide : « {address} ». "
                         "Attendu tcp://hôte:port (ex. tcp://192.168.1.50:9100) ou usb:VID:PID "
                         "(ex. usb:04b8:0202), dans Fichier › Paramètres.")


def open_receipt_printer(address: str, *, timeout: float = CONNECT_TIMEOUT_S, what: str = "le ticket"):
    """The python-escpos printer for the RECEIPT_PRINTER setting (not connected yet):
    ``tcp://host:port`` → ``Network`` (port 9100 by default), ``usb:VID:PID`` (hex) → ``Usb``."""
    address = (address or "").strip()
    if address.lower().startswith("tcp://"):
        parts = urlsplit(address)
        try:
            port = parts.port or DEFAULT_TCP_PORT
        except ValueError:
            raise _invalid(address) from None
        if not parts.hostname:
            raise _invalid(address)
        from escpos.printer import Network

        return Network(parts.hostname, port=port, timeout=timeout)
    if address.lower().startswith("usb:"):
        fields = address.split(":")[1:]
        try:
            vendor, product = (int(f, 16) for f in fields)
        except ValueError:
            raise _invalid(address) from None
        from escpos.printer import Usb

        if not Usb.is_usable():
            raise PrintingError(f"Impossible d'imprimer {what} sur l'imprimante {address} : l'impression USB "
                                "demande le module pyusb et la bibliothèque libusb, absents de ce poste "
                                "(installation : pip install \"ems-desktop[usb]\", voir le README, « Imprimantes »).")
        return Usb(vendor, product, timeout=int(timeout * 1000))
    raise _invalid(address)


def _reason(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__ or exc
    if isinstance(cause, ConnectionRefusedError):
        return "connexion refusée (imprimante éteinte ou adresse erronée)"
    if isinstance(cause, (socket.timeout, TimeoutError)):
        return "pas de réponse dans le délai (imprimante éteinte ou hors réseau)"
    if isinstance(cause, socket.gaierror):
        return "adresse inconnue sur le réseau"
    if isinstance(exc, RuntimeError) and "usb" in str(exc).lower():
        return "l'impression USB demande le module pyusb, absent de ce poste"
    from escpos.exceptions import DeviceNotFoundError

    if isinstance(exc, DeviceNotFoundError) or "not found" in str(exc).lower():
        return "imprimante introuvable (câble débranché, éteinte ou adresse erronée)"
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror
    return str(cause) or type(cause).__name__


def print_ticket(address: str, doc: TicketDocument, *, codepage: str = RECEIPT_CODEPAGE,
                 timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Print the ticket on the receipt printer at ``address``. Blocking (network or USB I/O):
    call it off the GUI thread. Raises PrintingError with a French message."""
    _send(address, ticket_bytes(doc, codepage=codepage), timeout=timeout, what="le ticket")


def _send(address: str, data: bytes, *, timeout: float, what: str) -> None:
    """``data`` to the printer at ``address`` in one write."""
    from escpos.exceptions import Error as EscposError

    printer = open_receipt_printer(address, timeout=timeout, what=what)
    try:
        printer.open()
        printer._raw(data)  # the whole ticket in one write
    except (EscposError, OSError, RuntimeError, ValueError) as exc:
        raise PrintingError(f"Impossible d'imprimer {what} sur l'imprimante {address} : {_reason(exc)}.") from exc
    finally:
        with contextlib.suppress(Exception):  # closing a dead connection must not hide the real error
            printer.close()


def test_page_bytes(codepage: str = RECEIPT_CODEPAGE, width: int = RECEIPT_WIDTH) -> bytes:
    """« Page de test »: the code page's name, every French accent and the € sign, a 48-column
    ruler, then feed and cut."""
    from escpos.printer import Dummy

    printer = Dummy()
    printer.hw("INIT")
    printer.charcode(codepage)
    printer.set(align="center", bold=True, double_height=True, normal_textsize=False)
    printer.text("Page de test\n")
    printer.set(align="left", bold=False, normal_textsize=True)
    printer.text(f"Page de codes : {codepage}\n")
    printer.text("Accents : é è ê ë à â ç ù û ô î ï\n")
    printer.text("Majuscules : É È Ê À Ç Ô\n")
    printer.text("Euro : 120,00 €\n")
    printer.text(("1234567890" * ((width + 9) // 10))[:width] + "\n")
    printer.cut()
    return printer.output


def print_test_page(address: str, codepage: str = RECEIPT_CODEPAGE, *, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """The test page on the receipt printer at ``address``. Blocking; PrintingError (French)."""
    _send(address, test_page_bytes(codepage), timeout=timeout, what="la page de test")


def save_and_print_ticket(doc: TicketDocument, pdf: bytes, path, printer_address: str = "",
                          codepage: str = RECEIPT_CODEPAGE) -> bool:
    """Save the ticket's PDF at ``path`` first, then print it on the receipt printer when one is
    configured. Returns True when it was printed, False when there is no receipt printer (the
    caller shows the PDF). A printer that fails raises PrintingError saying where the PDF is."""
    from ems_desktop.printing.files import save_pdf

    saved = save_pdf(pdf, path)
    if not (printer_address or "").strip():
        return False
    try:
        print_ticket(printer_address, doc, codepage=codepage)
    except PrintingError as failed:
        raise failed.with_saved_path(saved) from failed
    return True
