"""A family's account: what was invoiced, credited, paid, and the balance due (restant dû)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ems_desktop.models import AttemptState, CardAttempt, CreditNote, Family, Invoice, Payment, PaymentAllocation
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import NotFound


@dataclass(frozen=True)
class Balance:
    invoiced_cents: int
    credited_cents: int   # credit notes
    paid_cents: int       # payments received less refunds

    @property
    def due_cents(self) -> int:
        """Positive: the family owes this. Negative: money kept on the family's account."""
        return self.invoiced_cents - self.credited_cents - self.paid_cents


def lock_family(session: Session, family_id: uuid.UUID) -> Family:
    """The family row, locked until the transaction ends (``SELECT … FOR UPDATE`` on PostgreSQL).

    Every operation that moves money or changes a family's account takes this lock before it
    reads what it checks, so two counters serving one family run one after the other. On SQLite
    the unit of work already holds the database's write lock (BEGIN IMMEDIATE)."""
    family = session.scalar(select(Family).where(Family.id == family_id).with_for_update()
                            .execution_options(populate_existing=True))
    if family is None:
        raise NotFound("Ce dossier famille n'existe pas (ou plus).")
    return family


def balance_of(session: Session, family_id: uuid.UUID) -> Balance:
    def total(column: ColumnElement[int] | InstrumentedAttribute[int], where: ColumnElement[bool]) -> int:
        return int(session.scalar(select(func.coalesce(func.sum(column), 0)).where(where)) or 0)

    return Balance(
        invoiced_cents=total(Invoice.total_cents, Invoice.family_id == family_id),
        credited_cents=total(CreditNote.total_cents, CreditNote.family_id == family_id),
        paid_cents=total(Payment.amount_cents, Payment.family_id == family_id),
    )


def family_balance(ctx: ServiceContext, family_id: uuid.UUID) -> Balance:
    with ctx.reading() as s:
        return balance_of(s, family_id)


# --- Family credit (avoir famille) -----------------------------------------------------------
#
# Money the family paid that settles nothing due: what a credit note left on a paid invoice
# (its payments exceed what it still asks), and payments allocated to no invoice (a card debit
# whose lines could no longer be invoiced). Less what a card refund under way will give back.
# The net balance is then: what the invoices still owe − this credit.


@dataclass(frozen=True)
class CreditSource:
    """Where some of the family's credit sits: an over-paid invoice, or (invoice None) payments
    allocated to no invoice."""

    invoice_id: uuid.UUID | None
    cents: int


def credit_sources(session: Session, family_id: uuid.UUID) -> list[CreditSource]:
    """The family's credit, oldest first: over-paid invoices (less card refunds under way on them),
    then unallocated payments."""
    net = {}
    for invoice_id, total, _issued in session.execute(
            select(Invoice.id, Invoice.total_cents, Invoice.issued_at).where(Invoice.family_id == family_id)
            .order_by(Invoice.issued_at, Invoice.number)):
        net[invoice_id] = total
    for invoice_id, credited in session.execute(
            select(CreditNote.invoice_id, func.sum(CreditNote.total_cents)).where(CreditNote.family_id == family_id)
            .group_by(CreditNote.invoice_id)):
        net[invoice_id] -= int(credited or 0)
    allocated = dict(session.execute(
        select(PaymentAllocation.invoice_id, func.sum(PaymentAllocation.amount_cents))
        .join(Invoice, Invoice.id == PaymentAllocation.invoice_id).where(Invoice.family_id == family_id)
        .group_by(PaymentAllocation.invoice_id)).all())
    reserved: dict[uuid.UUID, int] = {}
    for lines, amount in session.execute(
            select(CardAttempt.lines, CardAttempt.amount_cents).where(
                CardAttempt.family_id == family_id, CardAttempt.kind == "refund",
                CardAttempt.state.in_(AttemptState.OPEN)
                | ((CardAttempt.state == AttemptState.ACCEPTED) & CardAttempt.payment_id.is_(None)))):
        for line_id in lines or ():
            reserved[uuid.UUID(line_id)] = reserved.get(uuid.UUID(line_id), 0) + amount
    sources = []
    for invoice_id, owed in net.items():
        over = int(allocated.get(invoice_id) or 0) - owed - reserved.get(invoice_id, 0)
        if over > 0:
            sources.append(CreditSource(invoice_id, over))
    paid = int(session.scalar(select(func.coalesce(func.sum(Payment.amount_cents), 0))
                              .where(Payment.family_id == family_id)) or 0)
    allocated_total = int(session.scalar(
        select(func.coalesce(func.sum(PaymentAllocation.amount_cents), 0))
        .join(Payment, Payment.id == PaymentAllocation.payment_id).where(Payment.family_id == family_id)) or 0)
    if paid - allocated_total > 0:
        sources.append(CreditSource(None, paid - allocated_total))
    return sources


def credit_of(session: Session, family_id: uuid.UUID) -> int:
    return sum(source.cents for source in credit_sources(session, family_id))


def family_credit(ctx: ServiceContext, family_id: uuid.UUID) -> int:
    """The family's credit available now, in cents (0 if none)."""
    with ctx.reading() as s:
        return credit_of(s, family_id)
