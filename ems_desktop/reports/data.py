"""Plain, immutable data that the document renderers print.

Services build these from the database; the renderers never see an ORM object. Amounts are
integer cents. Sequences are tuples so that a document can be hashed and shared between threads.
Every text typed by a user (names, labels, notes) is printed literally, character for character.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Payment mode labels, as printed on the ticket and the reports.
MODE_CARD = "CARTE BANCAIRE"
MODE_CASH = "ESPÈCES"
MODE_CHEQUE = "CHÈQUE"
MODE_ANCV = "CHÈQUES VACANCES ANCV"
MODE_FAMILY_CREDIT = "AVOIR FAMILLE"

TRANSACTION_DEBIT = "DEBIT"
TRANSACTION_CREDIT = "CREDIT"

# The refund mode of a credit note that gives nothing back but lowers the family's balance.
REFUND_TO_FAMILY_ACCOUNT = "crédit sur le compte famille"


@dataclass(frozen=True)
class Issuer:
    """The town and its cash office (régie), printed at the top of every document."""

    collectivite: str                      # "Ville d'Albertville"
    regie: str                             # "ALBERTVILLE ACCUEIL LOISIRS SPORT CULTUR"
    address_lines: tuple[str, ...] = ()
    siret: str = ""
    phone: str = ""
    email: str = ""
    logo_path: str | None = None           # PNG/JPEG; decoded once per process
    legal_mentions: str = ""               # footer of invoices and credit notes


@dataclass(frozen=True)
class PartyAddress:
    """Who the invoice is addressed to (the family's payer) and where the post goes."""

    family_name: str
    payer_name: str = ""
    address_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class InvoiceLine:
    label: str                             # "EMS 2017/2018 1er trim. - Du 20/09/2017 au 06/12/2017"
    child_name: str = ""
    quantity: int = 1
    unit_price_cents: int = 0
    amount_cents: int = 0


@dataclass(frozen=True)
class PaymentReceived:
    date: dt.date
    mode_label: str                        # "Carte bancaire", "Espèces", …
    amount_cents: int
    reference: str = ""                    # authorisation, cheque number, receipt number…


def _check_total(lines: tuple[InvoiceLine, ...], total_cents: int, what: str) -> None:
    # A total that disagrees with its lines is a bug upstream: refuse to print a wrong document.
    computed = sum(line.amount_cents for line in lines)
    if computed != total_cents:
        raise ValueError(f"{what} : total {total_cents} ≠ somme des lignes {computed} (centimes)")


@dataclass(frozen=True)
class InvoiceDocument:
    issuer: Issuer
    number: str                            # "A01-2017-000001"
    issue_date: dt.date
    family: PartyAddress
    lines: tuple[InvoiceLine, ...]
    total_cents: int
    payments: tuple[PaymentReceived, ...] = ()
    balance_due_cents: int = 0
    debt_reference: str = ""               # "20170621x153x59888"
    due_date: dt.date | None = None
    duplicate: bool = False

    def __post_init__(self) -> None:
        _check_total(tuple(self.lines), self.total_cents, f"Facture {self.number}")

    @property
    def is_paid(self) -> bool:
        return self.balance_due_cents == 0


@dataclass(frozen=True)
class CreditNoteDocument:
    issuer: Issuer
    number: str                            # the credit note's own number
    issue_date: dt.date
    family: PartyAddress
    invoice_number: str                    # the invoice it corrects
    invoice_date: dt.date
    reason: str
    lines: tuple[InvoiceLine, ...]
    total_cents: int                       # positive: the amount credited
    refund_mode: str = REFUND_TO_FAMILY_ACCOUNT
    duplicate: bool = False

    def __post_init__(self) -> None:
        _check_total(tuple(self.lines), self.total_cents, f"Avoir {self.number}")


@dataclass(frozen=True)
class TicketLine:
    label: str
    child_name: str = ""
    amount_cents: int = 0


@dataclass(frozen=True)
class TicketTender:
    """One means of payment of a ticket (a checkout may mix several), with what its part shows."""

    mode: str                              # MODE_CARD, MODE_CASH, MODE_CHEQUE, MODE_ANCV, MODE_FAMILY_CREDIT
    amount_cents: int                      # positive, also for a refund
    receipt_number: str = ""
    # card payments (as the terminal answered them)
    card_application: str = ""             # "CB SANS CONTACT"
    merchant_contract: str = ""
    authorisation_number: str = ""
    transaction_number: str = ""
    masked_card_number: str = ""           # at most the first 6 and last 4 digits
    # cash
    tendered_cents: int | None = None
    change_cents: int | None = None
    # cheques, and the numbers of ANCV vouchers
    cheque_number: str = ""
    cheque_bank: str = ""


@dataclass(frozen=True)
class TicketDocument:
    """The ticket of the 80 mm receipt printer for one checkout: what was paid (or refunded)
    once, then each tender with its own details, the total and what remains due."""

    issuer: Issuer
    printed_at: dt.datetime
    tenders: tuple[TicketTender, ...]
    transaction_type: str = TRANSACTION_DEBIT   # CREDIT: money given back (a refund receipt)
    family_name: str = ""
    lines: tuple[TicketLine, ...] = ()     # a payment: the invoice's lines; a refund: the credit note's
    invoice_numbers: tuple[str, ...] = ()
    debt_reference: str = ""
    credit_note_number: str = ""           # a refund: the credit note it gives money back for
    # On invoice(s): what their credit notes and earlier payments had settled before this
    # checkout, and what they still owed once it was recorded (None: not on an invoice).
    credited_before_cents: int = 0
    paid_before_cents: int = 0
    balance_due_cents: int | None = None
    agent: str = ""
    duplicate: bool = False

    @property
    def is_refund(self) -> bool:
        return self.transaction_type == TRANSACTION_CREDIT

    @property
    def amount_cents(self) -> int:
        """What the checkout paid (or gave back), all tenders together."""
        return sum(tender.amount_cents for tender in self.tenders)

    @property
    def receipt_numbers(self) -> tuple[str, ...]:
        return tuple(t.receipt_number for t in self.tenders if t.receipt_number)


@dataclass(frozen=True)
class ModeTotal:
    """One payment mode of a cash session at closing."""

    mode: str
    payment_count: int
    expected_cents: int
    counted_cents: int

    @property
    def difference_cents(self) -> int:
        return self.counted_cents - self.expected_cents


@dataclass(frozen=True)
class SessionPayment:
    at: dt.datetime
    receipt_number: str
    family_name: str
    mode: str
    amount_cents: int
    reference: str = ""


@dataclass(frozen=True)
class CashSessionReport:
    issuer: Issuer
    counter: str                           # "Guichet 1"
    agent: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    opening_float_cents: int
    modes: tuple[ModeTotal, ...]
    payments: tuple[SessionPayment, ...] = ()
    regisseur: str = ""                    # name of the cashier in charge, if known
    comment: str = ""
    duplicate: bool = False

    @property
    def expected_cents(self) -> int:
        return sum(m.expected_cents for m in self.modes)

    @property
    def counted_cents(self) -> int:
        return sum(m.counted_cents for m in self.modes)


@dataclass(frozen=True)
class AttendanceRow:
    child_name: str
    age: int | None = None
    health_notes: str = ""                 # allergies, treatment… flagged on the sheet
    pickup_persons: tuple[str, ...] = ()   # who may take the child home
    may_leave_alone: bool = False
    emergency_phone: str = ""


@dataclass(frozen=True)
class AttendanceSheet:
    group_label: str                       # "7/11 ans Escalade"
    offer_label: str                       # "EMS année 2017/2018 1er trimestre"
    session_date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str = ""
    instructor: str = ""                   # left blank to be written by hand
    rows: tuple[AttendanceRow, ...] = ()
    issuer: Issuer | None = None
    printed_at: dt.datetime | None = None


@dataclass(frozen=True)
class MandateDocument:
    """A SEPA mandate to sign: the creditor (the régie, its ICS) and the debtor's account."""

    rum: str
    creditor_name: str                      # the régie
    town: str
    creditor_address: tuple[str, ...]
    creditor_id: str                        # identifiant créancier SEPA (ICS)
    debtor_name: str
    family_name: str
    family_reference: str
    debtor_address: tuple[str, ...]
    iban: str                               # formatted by groups of four
    bic: str
    signed_on: dt.date
    signed_place: str = ""


@dataclass(frozen=True)
class DebitRunLine:
    invoice_number: str
    family: str                             # « DUPONT (F-000123) »
    rum: str
    debtor: str
    iban: str                               # masked: the report is kept on paper
    sequence: str                           # FRST / RCUR
    amount_cents: int
    state: str                              # « Présenté », « Rejeté : AM04 — provision insuffisante »


@dataclass(frozen=True)
class DebitRunReport:
    """A direct-debit run, for the régie's records: what was presented, what the bank rejected."""

    issuer: Issuer
    reference: str                          # the pain.008's message id
    collection_date: dt.date
    created_at: dt.datetime
    creditor_id: str
    creditor_iban: str                      # masked
    file_name: str
    total_cents: int
    count: int
    rejected_count: int
    rejected_cents: int
    lines: tuple[DebitRunLine, ...]
