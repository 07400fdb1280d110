"""Reminders (relances): the invoices still owing something N days after they were issued, and
one-click reminders — a letter to print (PDF) or an e-mail — each written to the journal.

- What an invoice still owes is the rule of ``checkout.paid_and_credited``: its total, less the
  payments allocated to it (refunds negative), less its credit notes. The list computes it for
  every invoice in one query (correlated sums on the allocation and credit-note indexes), never
  one query per invoice: the town's 15,000 overdue invoices come in one reading.
- A reminder is a journal entry on the invoice (entity « invoice », action « reminded », its
  channel and the amount claimed): the list reads from it when each invoice was last reminded and
  how many times. No table of its own.
- Chasing debts is the régie's work: recording a reminder (a letter printed, an e-mail queued)
  needs the régisseur or the administrateur role, checked in the transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, ScalarSelect, and_, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ems_desktop.dates import format_date, to_local
from ems_desktop.models import CreditNote, Family, Guardian, Invoice, JournalEntry, PaymentAllocation
from ems_desktop.services import permissions
from ems_desktop.services.context import ServiceContext, UnitOfWork, retry_on_conflict
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed

if TYPE_CHECKING:  # reportlab is imported when a letter is drawn, not when the list is read
    from ems_desktop.reports.reminder import ReminderLetter

LETTER = "letter"
EMAIL = "email"
CHANNELS = (LETTER, EMAIL)
CHANNEL_LABELS = {LETTER: "courrier", EMAIL: "e-mail"}
DEFAULT_DAYS = 30
MAX_DAYS = 3650  # ten years: beyond, a number typed by mistake
WHAT = "Les relances"
# The journal's words for a reminder.
ENTITY = "invoice"
ACTION = "reminded"
# Ids per ``IN (…)`` when the reminded invoices' last reminders are read.
_CHUNK = 500


@dataclass(frozen=True)
class OverdueInvoice:
    invoice_id: uuid.UUID
    number: str
    issue_date: dt.date
    family_id: uuid.UUID
    family_name: str
    family_reference: str
    due_cents: int                      # what the invoice still owes
    days_overdue: int                   # days since it was issued
    has_email: bool                     # an address in the dossier (the family's or a guardian's)
    reminders: int = 0                  # reminders sent so far
    last_reminded_at: dt.datetime | None = None
    last_channel: str | None = None     # LETTER or EMAIL
    collect_by_debit: bool = False      # issued « à prélever »: the next debit run may collect it

    @property
    def last_reminder_text(self) -> str:
        """« 12/11/2026 (courrier) », or "" when never reminded."""
        if self.last_reminded_at is None:
            return ""
        label = CHANNEL_LABELS.get(self.last_channel or "", self.last_channel or "")
        return f"{format_date(to_local(self.last_reminded_at).date())} ({label})" if label else \
            format_date(to_local(self.last_reminded_at).date())


@dataclass(frozen=True)
class ReminderRecorded:
    invoice_id: uuid.UUID
    number: str
    channel: str
    due_cents: int
    recorded_at: dt.datetime


def check_days(days: object) -> int:
    """The number of days typed, or ValidationFailed {"days": …} in French."""
    if isinstance(days, bool) or not isinstance(days, int):
        try:
            days = int(str(days).strip())
        except ValueError:
            raise ValidationFailed({"days": "Indiquez un nombre de jours (ex. 30)."}) from None
    if days < 0:
        raise ValidationFailed({"days": "Le nombre de jours ne peut pas être négatif."})
    if days > MAX_DAYS:
        raise ValidationFailed({"days": f"Au plus {MAX_DAYS:,} jours (dix ans) : vérifiez le nombre saisi."
                                .replace(",", "\u00a0")})
    return days


def _check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise ValidationFailed({"channel": "Choisissez la relance par courrier ou par e-mail."})
    return channel


# An invoice id in a statement: the column itself or a subquery's.
InvoiceIdColumn = ColumnElement[uuid.UUID] | InstrumentedAttribute[uuid.UUID]


def _paid_sum(invoice_id: InvoiceIdColumn) -> tuple[ScalarSelect[int], ScalarSelect[int]]:
    """What ``checkout.paid_and_credited`` sums, as correlated subqueries (one index probe each)."""
    paid = (select(func.coalesce(func.sum(PaymentAllocation.amount_cents), 0))
            .where(PaymentAllocation.invoice_id == invoice_id).scalar_subquery())
    credited = (select(func.coalesce(func.sum(CreditNote.total_cents), 0))
                .where(CreditNote.invoice_id == invoice_id).scalar_subquery())
    return paid, credited


def _reminder_entries(invoice_id: InvoiceIdColumn) -> ColumnElement[bool]:
    return and_(JournalEntry.entity_id == invoice_id, JournalEntry.entity == ENTITY, JournalEntry.action == ACTION)


def overdue_invoices(ctx: ServiceContext, days: int, today: dt.date | None = None) -> list[OverdueInvoice]:
    """The invoices issued more than ``days`` days before ``today`` (the counter's date) that
    still owe something, oldest first, with their family and their reminders so far."""
    days = check_days(days)
    today = today or ctx.today()
    cutoff = today - dt.timedelta(days=days)
    paid, credited = _paid_sum(Invoice.id)
    # Materialized: each invoice's sums computed once (SQLite would otherwise flatten the subquery
    # and compute them again for the SELECT after the WHERE).
    owing = (select(Invoice.id, Invoice.number, Invoice.issue_date, Invoice.family_id, Invoice.collect_by_debit,
                    (Invoice.total_cents - paid - credited).label("due"))
             .where(Invoice.issue_date < cutoff).cte("owing").prefix_with("MATERIALIZED"))
    # Where ``messages.family_address`` looks: the dossier's address or any guardian's (the payer's first).
    guardian_email = exists().where(Guardian.family_id == owing.c.family_id, Guardian.email != "")
    reminders = select(func.count()).where(_reminder_entries(owing.c.id)).scalar_subquery()
    # The columns in the order the rows are unpacked below.
    query = (select(owing.c.id, owing.c.number, owing.c.issue_date, owing.c.family_id, owing.c.due,
                    owing.c.collect_by_debit, Family.name, Family.reference,
                    or_(Family.email != "", guardian_email).label("has_email"), reminders.label("reminders"))
             .join(Family, Family.id == owing.c.family_id)
             .where(owing.c.due > 0)
             .order_by(owing.c.issue_date, owing.c.number))
    with ctx.reading() as s:
        rows = s.execute(query).all()
        last = _last_reminders(s, [r[0] for r in rows if r[-1]])
    never = (None, None)
    day = today.toordinal()
    result = []
    for invoice_id, number, issued, family_id, due, by_debit, name, reference, has_email, count in rows:
        when, channel = last.get(invoice_id, never) if count else never
        result.append(OverdueInvoice(invoice_id, number, issued, family_id, name, reference or "", int(due),
                                     day - issued.toordinal(), bool(has_email), int(count), when, channel,
                                     bool(by_debit)))
    return result


def _last_reminders(s: Session, invoice_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[dt.datetime, str]]:
    """The last reminder of each invoice (time, channel), for the few invoices reminded already."""
    last: dict[uuid.UUID, tuple[dt.datetime, str]] = {}
    for start in range(0, len(invoice_ids), _CHUNK):
        chunk = list(invoice_ids[start:start + _CHUNK])
        for entity_id, recorded_at, changes in s.execute(
                select(JournalEntry.entity_id, JournalEntry.recorded_at, JournalEntry.changes)
                .where(JournalEntry.entity_id.in_(chunk), JournalEntry.entity == ENTITY,
                       JournalEntry.action == ACTION)):
            known = last.get(entity_id)
            if known is None or recorded_at > known[0]:
                last[entity_id] = (recorded_at, (changes or {}).get("channel", ""))
    return last


def _owed(s: Session, invoice: Invoice) -> int:
    from ems_desktop.services.checkout import paid_and_credited

    paid, credited = paid_and_credited(s, invoice.id)
    return invoice.total_cents - credited - paid


def _record(uow: UnitOfWork, invoice: Invoice, owed: int, channel: str) -> ReminderRecorded:
    uow.record(ENTITY, invoice.id, ACTION, {"channel": channel, "number": invoice.number,
                                            "family_id": invoice.family_id, "due_cents": owed})
    return ReminderRecorded(invoice.id, invoice.number, channel, owed, uow.now)


def _owing_invoice(s: Session, invoice_id: uuid.UUID) -> tuple[Invoice, int]:
    invoice = s.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound("Cette facture n'existe pas (ou plus).")
    owed = _owed(s, invoice)
    if owed <= 0:
        raise DomainError(f"La facture {invoice.number} est réglée : il n'y a plus rien à relancer.")
    return invoice, owed


def record_reminder(ctx: ServiceContext, invoice_id: uuid.UUID, channel: str) -> ReminderRecorded:
    """Write in the journal that the family was reminded of this invoice (``channel``: LETTER or
    EMAIL). Régisseur or administrateur; refused when the invoice owes nothing any more."""
    _check_channel(channel)
    return _record_all(ctx, [invoice_id], channel)[0]


@retry_on_conflict
def _record_all(ctx: ServiceContext, invoice_ids: Sequence[uuid.UUID], channel: str) -> list[ReminderRecorded]:
    """One reminder per invoice, in one unit of work: all of them, or none when one is refused."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, permissions.REGISSEUR, permissions.ADMINISTRATEUR, what=WHAT)
        return [_record(uow, *_owing_invoice(s, invoice_id), channel) for invoice_id in invoice_ids]


# --- the letter ------------------------------------------------------------------------------

def _place(address_lines: Sequence[str]) -> str:
    """The town the letter is written from: the last address line without its postal code
    (« 73200 Albertville » gives « Albertville »), or "" when the address says none."""
    for line in reversed(address_lines):
        words = line.split()
        if len(words) > 1 and words[0].isdigit() and len(words[0]) == 5:
            return " ".join(words[1:])
    return ""


def _letters(s: Session, invoice_ids: Sequence[uuid.UUID], today: dt.date) -> list[ReminderLetter]:
    from ems_desktop.reports.reminder import ReminderLetter
    from ems_desktop.services.documents import _party, issuer

    town = issuer(s)
    place = _place(town.address_lines)
    letters = []
    for invoice_id in invoice_ids:
        invoice, owed = _owing_invoice(s, invoice_id)
        last = _last_reminders(s, [invoice.id]).get(invoice.id)
        family = s.get_one(Family, invoice.family_id)
        letters.append(ReminderLetter(
            issuer=town, family=_party(s, family), family_reference=family.reference or "",
            invoice_number=invoice.number, issue_date=invoice.issue_date, total_cents=invoice.total_cents,
            settled_cents=invoice.total_cents - owed, due_cents=owed, letter_date=today,
            debt_reference=invoice.debt_reference, place=place,
            previous_reminder_on=to_local(last[0]).date() if last else None))
    return letters


def reminder_letter_document(ctx: ServiceContext, invoice_id: uuid.UUID) -> ReminderLetter:
    """The reminder letter of one invoice, dated today (nothing is recorded)."""
    return reminder_letter_documents(ctx, [invoice_id])[0]


def reminder_letter_documents(ctx: ServiceContext, invoice_ids: Sequence[uuid.UUID], *,
                              today: dt.date | None = None) -> list[ReminderLetter]:
    """The letters of these invoices, in this order, dated ``today`` (the counter's date by
    default); nothing is recorded (``reminder_letters_pdf`` records them when they are printed)."""
    with ctx.reading() as s:
        return _letters(s, list(dict.fromkeys(invoice_ids)), today or ctx.today())


def reminder_letters_pdf(ctx: ServiceContext, invoice_ids: Sequence[uuid.UUID]) -> bytes:
    """One letter a page for each invoice, in one PDF; each letter printed is a reminder recorded
    (one unit of work: all of them or, when one is refused, none)."""
    from ems_desktop.reports.reminder import render_reminders

    invoice_ids = list(dict.fromkeys(invoice_ids))
    if not invoice_ids:
        raise DomainError("Choisissez au moins une facture à relancer.")
    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, permissions.REGISSEUR, permissions.ADMINISTRATEUR, what=WHAT)
        letters = _letters(s, invoice_ids, ctx.today())
    data = render_reminders(letters)
    _record_all(ctx, invoice_ids, LETTER)
    return data


def send_reminder(ctx: ServiceContext, invoice_id: uuid.UUID, channel: str) -> bytes | None:
    """One click: a letter (recorded, its PDF returned) or an e-mail (queued in the messages'
    outbox with the invoice's duplicata and the reminder template, then recorded; None returned).

    The e-mail is refused before anything is written when the invoice owes nothing, when the
    family has no address or the town's mail server is not set (``messages.queue_reminder_email``
    says so in French); it is queued first, so a reminder is never recorded for an e-mail that
    was not written."""
    _check_channel(channel)
    if channel == LETTER:
        return reminder_letters_pdf(ctx, [invoice_id])
    from ems_desktop.services.messages import queue_reminder_email  # brings reportlab when first used

    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, permissions.REGISSEUR, permissions.ADMINISTRATEUR, what=WHAT)
        _owing_invoice(s, invoice_id)
    queue_reminder_email(ctx, invoice_id)
    record_reminder(ctx, invoice_id, EMAIL)
    return None
