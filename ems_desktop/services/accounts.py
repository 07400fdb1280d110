"""A family's account: what was invoiced, credited, paid, and the balance due (restant dû)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ems_desktop.models import CreditNote, Family, Invoice, Payment
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
    def total(column, where) -> int:
        return int(session.scalar(select(func.coalesce(func.sum(column), 0)).where(where)) or 0)

    return Balance(
        invoiced_cents=total(Invoice.total_cents, Invoice.family_id == family_id),
        credited_cents=total(CreditNote.total_cents, CreditNote.family_id == family_id),
        paid_cents=total(Payment.amount_cents, Payment.family_id == family_id),
    )


def family_balance(ctx: ServiceContext, family_id: uuid.UUID) -> Balance:
    with ctx.reading() as s:
        return balance_of(s, family_id)
