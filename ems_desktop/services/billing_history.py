"""A family's invoice history (Facturation › Historique): the invoices of the last 24 months,
grouped by month, each with its lines, payments and credit notes; finding an invoice by its
number; the invoices of a period, as documents for a batch print. Read-only, plain data out."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ems_desktop.dates import format_date, to_local
from ems_desktop.models import (
    CreditNote,
    DebitItem,
    DebitItemState,
    DebitRun,
    Family,
    Guardian,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentAllocation,
    PaymentMode,
)
from ems_desktop.money import format_cents
from ems_desktop.services.accounts import balance_of
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import NotFound, ValidationFailed

if TYPE_CHECKING:  # the documents' types, for annotations only (reportlab is imported when used)
    from ems_desktop.reports import data as doc

HISTORY_MONTHS = 24
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre")

PAID = "Payée"
PARTLY_PAID = "Partiellement payée"
TO_PAY = "À payer"


def month_label(year: int, month: int) -> str:
    """« juin 2017 »."""
    return f"{MONTHS_FR[month - 1]} {year}"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class HistoryLine:
    label: str
    child_name: str
    quantity: int
    unit_price_cents: int
    amount_cents: int


@dataclass(frozen=True)
class HistoryPayment:
    payment_id: uuid.UUID
    date: dt.date
    mode: str
    mode_label: str
    amount_cents: int          # the part of the payment allocated to this invoice (negative: refund)
    reference: str
    receipt_number: str


@dataclass(frozen=True)
class HistoryCreditNote:
    id: uuid.UUID
    number: str
    date: dt.date
    total_cents: int
    reason: str


@dataclass(frozen=True)
class InvoiceSummary:
    id: uuid.UUID
    number: str
    issue_date: dt.date
    family_id: uuid.UUID
    total_cents: int
    paid_cents: int            # payments allocated, less refunds
    credited_cents: int        # credit notes
    debt_reference: str
    lines: tuple[HistoryLine, ...]
    payments: tuple[HistoryPayment, ...]
    credit_notes: tuple[HistoryCreditNote, ...]

    @property
    def balance_cents(self) -> int:
        return self.total_cents - self.credited_cents - self.paid_cents

    @property
    def status(self) -> str:
        if self.balance_cents <= 0:
            return PAID
        if self.paid_cents > 0 or self.credited_cents > 0:
            return PARTLY_PAID
        return TO_PAY

    @property
    def headline(self) -> str:
        """« 21/06/2017 – Facture A01-F000001 – Payée : 120,00 € », as the portal's history."""
        text = (f"{format_date(self.issue_date)} – Facture {self.number} – {self.status} : "
                f"{format_cents(self.total_cents)}")
        if self.status == PARTLY_PAID:
            text += f" (reste {format_cents(self.balance_cents)})"
        return text


@dataclass(frozen=True)
class MonthGroup:
    year: int
    month: int
    invoices: tuple[InvoiceSummary, ...]   # newest first

    @property
    def label(self) -> str:
        return month_label(self.year, self.month)


@dataclass(frozen=True)
class BillingHistory:
    family_id: uuid.UUID
    family_name: str
    family_reference: str
    since: dt.date                          # first day of the window
    months: tuple[MonthGroup, ...]          # newest first
    balance_due_cents: int                  # the family's restant dû (negative: credit on account)

    @property
    def invoices(self) -> tuple[InvoiceSummary, ...]:
        return tuple(i for m in self.months for i in m.invoices)

    def invoice(self, invoice_id: uuid.UUID) -> InvoiceSummary | None:
        return next((i for i in self.invoices if i.id == invoice_id), None)


@dataclass(frozen=True)
class InvoiceRef:
    id: uuid.UUID
    number: str
    family_id: uuid.UUID
    issue_date: dt.date


def _summaries(s: Session, invoices: list[Invoice], today: dt.date) -> list[InvoiceSummary]:
    """Lines, payments and credit notes of many invoices in three queries (four with debits)."""
    from ems_desktop.services import documents  # imported when first used: it brings reportlab (~100 ms)

    ids = [i.id for i in invoices]
    if not ids:
        return []
    payments: dict[uuid.UUID, list[HistoryPayment]] = defaultdict(list)
    rows = s.execute(select(Payment, PaymentAllocation.invoice_id, PaymentAllocation.amount_cents)
                     .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
                     .where(PaymentAllocation.invoice_id.in_(ids)).order_by(Payment.received_at)).all()
    debits = _debits_of(s, [p.id for p, _, _ in rows if p.mode == PaymentMode.DIRECT_DEBIT])
    for p, invoice_id, amount in rows:
        label = PaymentMode.LABELS.get(p.mode, p.mode) + (" (remboursement)" if amount < 0 else "")
        reference = documents.payment_reference(p)
        if p.id in debits:
            label, reference = _debit_words(p, *debits[p.id], today)
        payments[invoice_id].append(HistoryPayment(p.id, to_local(p.received_at).date(), p.mode, label, amount,
                                                   reference, p.receipt_number or ""))
    notes: dict[uuid.UUID, list[HistoryCreditNote]] = defaultdict(list)
    for n in s.scalars(select(CreditNote).where(CreditNote.invoice_id.in_(ids)).order_by(CreditNote.issued_at)):
        notes[n.invoice_id].append(HistoryCreditNote(n.id, n.number, n.issue_date, n.total_cents, n.reason))
    return [InvoiceSummary(
        id=i.id, number=i.number, issue_date=i.issue_date, family_id=i.family_id, total_cents=i.total_cents,
        paid_cents=sum(p.amount_cents for p in payments[i.id]),
        credited_cents=sum(n.total_cents for n in notes[i.id]), debt_reference=i.debt_reference,
        lines=tuple(HistoryLine(line.label, line.child_name, line.quantity, line.unit_price_cents, line.amount_cents)
                    for line in i.lines),
        payments=tuple(payments[i.id]), credit_notes=tuple(notes[i.id]),
    ) for i in invoices]


# How long after its collection date a debit may still come back rejected (R-transactions): until
# then the amount is said « en cours de prélèvement ».
DEBIT_SETTLING_DAYS = 5


def _debits_of(s: Session, payment_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[DebitItem, dt.date]]:
    """Each debit payment (and each reversal) with its debit and the run's collection date."""
    if not payment_ids:
        return {}
    found = {}
    for item, day in s.execute(select(DebitItem, DebitRun.collection_date)
                               .join(DebitRun, DebitRun.id == DebitItem.run_id)
                               .where(or_(DebitItem.payment_id.in_(payment_ids),
                                          DebitItem.reversal_payment_id.in_(payment_ids)))):
        found[item.payment_id] = (item, day)
        if item.reversal_payment_id is not None:
            found[item.reversal_payment_id] = (item, day)
    return found


def _debit_words(p: Payment, item: DebitItem, day: dt.date, today: dt.date) -> tuple[str, str]:
    """What a debit's payment says in the history: in progress, collected, rejected (and why)."""
    if p.id == item.reversal_payment_id:
        return f"Prélèvement SEPA rejeté : {item.reject_reason}", item.end_to_end_id
    if item.state == DebitItemState.REJECTED:
        return f"Prélèvement SEPA du {format_date(day)} (rejeté)", item.end_to_end_id
    if today <= day + dt.timedelta(days=DEBIT_SETTLING_DAYS):
        return f"En cours de prélèvement (échéance du {format_date(day)})", item.end_to_end_id
    return f"Prélèvement SEPA du {format_date(day)}", item.end_to_end_id


def window_start(ctx: ServiceContext) -> dt.date:
    """The first day shown: the same day 24 months before today (Paris)."""
    return months_before(to_local(ctx.now()).date(), HISTORY_MONTHS)


def billing_history(ctx: ServiceContext, family_id: uuid.UUID, *,
                    also_invoice_id: uuid.UUID | None = None) -> BillingHistory:
    """The family's invoices issued in the last 24 months, by month, newest first.

    ``also_invoice_id`` adds one older invoice of the family (found by its number) in its month."""
    since = window_start(ctx)
    with ctx.reading() as s:
        family = s.get(Family, family_id)
        if family is None:
            raise NotFound("Ce dossier famille n'existe pas (ou plus).")
        where = Invoice.issue_date >= since
        if also_invoice_id is not None:
            where = where | (Invoice.id == also_invoice_id)
        invoices = list(s.scalars(select(Invoice).options(selectinload(Invoice.lines))
                                  .where(Invoice.family_id == family_id, where)
                                  .order_by(Invoice.issue_date.desc(), Invoice.issued_at.desc(),
                                            Invoice.number.desc())))
        by_month: dict[tuple[int, int], list[InvoiceSummary]] = {}
        for summary in _summaries(s, invoices, ctx.today()):
            by_month.setdefault((summary.issue_date.year, summary.issue_date.month), []).append(summary)
        return BillingHistory(
            family_id=family.id, family_name=family.name, family_reference=family.reference or "",
            since=since,
            months=tuple(MonthGroup(y, m, tuple(items)) for (y, m), items in by_month.items()),
            balance_due_cents=balance_of(s, family_id).due_cents,
        )


def family_balance_due(ctx: ServiceContext, family_id: uuid.UUID) -> int:
    """The family's restant dû in cents (negative: money kept on its account)."""
    with ctx.reading() as s:
        return balance_of(s, family_id).due_cents


def find_invoice(ctx: ServiceContext, number: str) -> InvoiceRef:
    """An invoice of any family by its number: exact, else ignoring case and spaces
    ("a01-f000001" finds A01-F000001). NotFound (French) otherwise."""
    wanted = "".join((number or "").split())
    if not wanted:
        raise ValidationFailed({"number": "Saisissez un numéro de facture (ex. A01-F000001)."})
    with ctx.reading() as s:
        # Numbers are issued in capitals (the counter's prefix is stored upper-cased): the typed
        # number upper-cased is found through the unique index, never by reading every invoice.
        found = s.execute(select(Invoice.id, Invoice.number, Invoice.family_id, Invoice.issue_date)
                          .where(Invoice.number.in_({wanted, wanted.upper()}))).first()
        if found is None:
            raise NotFound(f"Aucune facture ne porte le numéro « {wanted} ».", field="number")
        return InvoiceRef(*found)


def invoices_between(ctx: ServiceContext, first: dt.date, last: dt.date) -> list[InvoiceRef]:
    """Every invoice issued from ``first`` to ``last`` (inclusive), all families, in number order."""
    if last < first:
        raise ValidationFailed({"last": "La date de fin précède la date de début."})
    with ctx.reading() as s:
        return [InvoiceRef(i.id, i.number, i.family_id, i.issue_date) for i in s.scalars(
            select(Invoice).where(Invoice.issue_date >= first, Invoice.issue_date <= last)
            .order_by(Invoice.issue_date, Invoice.number))]


# Invoices read per query when a period is printed: a month's batch streams into the renderer
# a chunk at a time instead of being held whole in memory.
BATCH_CHUNK = 200


def _check_period(first: dt.date, last: dt.date) -> None:
    if last < first:
        raise ValidationFailed({"last": "La date de fin précède la date de début."})


def invoice_documents_between(ctx: ServiceContext, first: dt.date, last: dt.date, *,
                              duplicate: bool = False) -> list[doc.InvoiceDocument]:
    """The printable documents of every invoice issued in the period (for the batch print), in
    number order; each is what ``documents.invoice_document`` gives for it alone."""
    return list(iter_invoice_documents_between(ctx, first, last, duplicate=duplicate))


def count_invoices_between(ctx: ServiceContext, first: dt.date, last: dt.date) -> int:
    """How many invoices were issued in the period (the total of a streamed batch's progress)."""
    _check_period(first, last)
    with ctx.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Invoice)
                            .where(Invoice.issue_date >= first, Invoice.issue_date <= last)) or 0)


def iter_invoice_documents_between(ctx: ServiceContext, first: dt.date, last: dt.date, *,
                                   duplicate: bool = False,
                                   chunk_size: int = BATCH_CHUNK) -> Iterator[doc.InvoiceDocument]:
    """The same documents as ``invoice_documents_between``, read ``chunk_size`` invoices at a time
    (six queries per chunk, each chunk in a short reading of its own, none held while the caller
    draws): feed it to ``render_invoices_batch`` with ``count_invoices_between`` as total."""
    _check_period(first, last)
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    return _documents_in_chunks(ctx, first, last, duplicate, chunk_size)


def _documents_in_chunks(ctx: ServiceContext, first: dt.date, last: dt.date, duplicate: bool,
                         chunk_size: int) -> Iterator[doc.InvoiceDocument]:
    from ems_desktop.services import documents  # imported when first used (reportlab)

    issuer: doc.Issuer | None = None
    after: tuple[dt.date, str] | None = None
    while True:
        with ctx.reading() as s:
            if issuer is None:
                issuer = documents.issuer(s)
            chunk = _document_chunk(s, issuer, first, last, after, chunk_size, duplicate)
        yield from chunk
        if len(chunk) < chunk_size:
            return
        after = (chunk[-1].issue_date, chunk[-1].number)


def _document_chunk(s: Session, issuer: doc.Issuer, first: dt.date, last: dt.date,
                    after: tuple[dt.date, str] | None, limit: int,
                    duplicate: bool) -> list[doc.InvoiceDocument]:
    """The next ``limit`` invoices of the period after ``after`` (issue date, number), as
    documents. Plain columns, no ORM objects: a month is thousands of invoices."""
    from ems_desktop.reports import data as doc  # imported when first used (reportlab)
    from ems_desktop.services import documents

    where = [Invoice.issue_date >= first, Invoice.issue_date <= last]
    if after is not None:
        # Keyset paging on (issue date, number), the print order; numbers are unique.
        day, number = after
        where += [Invoice.issue_date >= day, or_(Invoice.issue_date > day, Invoice.number > number)]
    invoices = s.execute(
        select(Invoice.id, Invoice.number, Invoice.issue_date, Invoice.family_id, Invoice.total_cents,
               Invoice.debt_reference)
        .where(*where).order_by(Invoice.issue_date, Invoice.number).limit(limit)).all()
    if not invoices:
        return []
    ids = [i.id for i in invoices]

    lines: dict[uuid.UUID, list[doc.InvoiceLine]] = defaultdict(list)
    for row in s.execute(select(InvoiceLine.invoice_id, InvoiceLine.label, InvoiceLine.child_name,
                                 InvoiceLine.quantity, InvoiceLine.unit_price_cents, InvoiceLine.amount_cents)
                          .where(InvoiceLine.invoice_id.in_(ids)).order_by(InvoiceLine.position)):
        lines[row.invoice_id].append(doc.InvoiceLine(row.label, row.child_name, row.quantity, row.unit_price_cents,
                                                     row.amount_cents))

    received: dict[uuid.UUID, list[doc.PaymentReceived]] = defaultdict(list)
    paid: dict[uuid.UUID, int] = defaultdict(int)
    # The row carries the columns ``documents.payment_reference`` reads, under the same names.
    for p in s.execute(select(PaymentAllocation.invoice_id, PaymentAllocation.amount_cents, Payment.received_at,
                              Payment.mode, Payment.card_authorisation, Payment.cheque_number,
                              Payment.receipt_number)
                       .join(Payment, Payment.id == PaymentAllocation.payment_id)
                       .where(PaymentAllocation.invoice_id.in_(ids)).order_by(Payment.received_at)):
        label = PaymentMode.LABELS.get(p.mode, p.mode) + (" (remboursement)" if p.amount_cents < 0 else "")
        received[p.invoice_id].append(doc.PaymentReceived(to_local(p.received_at).date(), label, p.amount_cents,
                                                          documents.payment_reference(p)))
        paid[p.invoice_id] += p.amount_cents
    credited = dict(s.execute(select(CreditNote.invoice_id, func.sum(CreditNote.total_cents))
                              .where(CreditNote.invoice_id.in_(ids)).group_by(CreditNote.invoice_id)).all())

    family_ids = {i.family_id for i in invoices}
    payers: dict[uuid.UUID, str] = {}
    for g in s.execute(select(Guardian.family_id, Guardian.first_name, Guardian.last_name)
                       .where(Guardian.family_id.in_(family_ids), Guardian.is_payer)):
        payers.setdefault(g.family_id, f"{g.first_name} {g.last_name}")
    parties = {}
    for f in s.execute(select(Family.id, Family.name, Family.address_line1, Family.address_line2,
                              Family.postal_code, Family.city).where(Family.id.in_(family_ids))):
        city = " ".join(p for p in (f.postal_code, f.city) if p)
        parties[f.id] = doc.PartyAddress(
            family_name=f.name, payer_name=payers.get(f.id, ""),
            address_lines=tuple(line for line in (f.address_line1, f.address_line2, city) if line))

    result = []
    for i in invoices:
        payments = received.get(i.id, [])
        credit = int(credited.get(i.id) or 0)
        if credit:
            payments.append(doc.PaymentReceived(i.issue_date, "Avoir(s)", credit, ""))
        result.append(doc.InvoiceDocument(
            issuer=issuer, number=i.number, issue_date=i.issue_date, family=parties[i.family_id],
            lines=tuple(lines.get(i.id, ())), total_cents=i.total_cents, payments=tuple(payments),
            balance_due_cents=i.total_cents - credit - paid.get(i.id, 0), debt_reference=i.debt_reference,
            due_date=i.issue_date + dt.timedelta(days=30), duplicate=duplicate,
        ))
    return result
