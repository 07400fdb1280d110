"""From the database to the documents: build the reports' plain data (and PDF bytes) for a
checkout's ticket, an invoice, a credit note, a cash session's report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ems_desktop import config
from ems_desktop.dates import to_local
from ems_desktop.models import (
    Agent,
    CardAttempt,
    CashSession,
    Counter,
    CreditNote,
    CreditNoteLine,
    Family,
    Guardian,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentAllocation,
    PaymentMode,
)
from ems_desktop.reports import (
    data as doc,
    render_cash_session_report,
    render_credit_note,
    render_invoice,
    render_ticket,
)
from ems_desktop.services.cash import session_view as cash_session_view
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import DomainError, NotFound
from ems_desktop.services.settings import read_shared

TICKET_MODES = {PaymentMode.CARD: doc.MODE_CARD, PaymentMode.CASH: doc.MODE_CASH,
                PaymentMode.CHEQUE: doc.MODE_CHEQUE, PaymentMode.ANCV: doc.MODE_ANCV,
                PaymentMode.ACCOUNT_CREDIT: doc.MODE_FAMILY_CREDIT}
CARD_APPLICATIONS = {"001": "CB", "00B": "CB SANS CONTACT", "002": "AMEX"}
LEGAL_MENTIONS = ("Régie de recettes — règlement à l'ordre du Trésor public. TVA non applicable, "
                  "article 256 B du CGI. En cas de retard de paiement, la créance est transmise au comptable public.")

CREDIT_NOTE_MENTIONS = ("Régie de recettes. TVA non applicable, article 256 B du CGI. Avoir établi en "
                        "correction de la facture qu'il référence, qui n'est jamais modifiée.")


def issuer(session: Session) -> doc.Issuer:
    return doc.Issuer(
        collectivite=read_shared(session, config.TOWN_NAME), regie=read_shared(session, config.REGIE_NAME),
        address_lines=tuple(line for line in read_shared(session, config.TOWN_ADDRESS).splitlines() if line.strip()),
        siret=read_shared(session, config.TOWN_SIRET), logo_path=read_shared(session, config.TOWN_LOGO) or None,
        legal_mentions=LEGAL_MENTIONS,
    )


def _party(session: Session, family: Family) -> doc.PartyAddress:
    payer = session.scalar(select(Guardian).where(Guardian.family_id == family.id, Guardian.is_payer))
    city = " ".join(p for p in (family.postal_code, family.city) if p)
    return doc.PartyAddress(
        family_name=family.name, payer_name=f"{payer.first_name} {payer.last_name}" if payer else "",
        address_lines=tuple(line for line in (family.address_line1, family.address_line2, city) if line))


class PaymentFields(Protocol):
    """What ``payment_reference`` reads: a Payment, or a row of those columns under their names."""

    @property
    def mode(self) -> str: ...
    @property
    def card_authorisation(self) -> str: ...
    @property
    def cheque_number(self) -> str: ...
    @property
    def receipt_number(self) -> str | None: ...


def payment_reference(p: PaymentFields, *, with_receipt: bool = True) -> str:
    """The card's authorisation, the cheque's number, else the receipt number (unless it is
    printed in a column of its own: ``with_receipt=False``)."""
    if p.mode == PaymentMode.CARD:
        return f"autorisation {p.card_authorisation}" if p.card_authorisation else ""
    if p.mode in (PaymentMode.CHEQUE, PaymentMode.ANCV) and p.cheque_number:
        return f"n° {p.cheque_number}"
    return (p.receipt_number or "") if with_receipt else ""


def document_lines(lines: Iterable[InvoiceLine | CreditNoteLine]) -> tuple[doc.InvoiceLine, ...]:
    """The lines of an invoice or of a credit note as their documents print them: label, child,
    quantity, unit price and amount, in the lines' order."""
    return tuple(doc.InvoiceLine(line.label, line.child_name, line.quantity, line.unit_price_cents, line.amount_cents)
                 for line in lines)


def invoice_document(ctx: ServiceContext, invoice_id: uuid.UUID, *, duplicate: bool = False) -> doc.InvoiceDocument:
    with ctx.reading() as s:
        invoice = s.get(Invoice, invoice_id)
        if invoice is None:
            raise NotFound("Cette facture n'existe pas.")
        payments = s.execute(select(Payment, PaymentAllocation.amount_cents).join(PaymentAllocation)
                             .where(PaymentAllocation.invoice_id == invoice.id).order_by(Payment.received_at)).all()
        credited = int(s.scalar(select(func.coalesce(func.sum(CreditNote.total_cents), 0))
                                .where(CreditNote.invoice_id == invoice.id)) or 0)
        paid = sum(amount for _, amount in payments)
        received = [doc.PaymentReceived(to_local(p.received_at).date(),
                                        PaymentMode.LABELS.get(p.mode, p.mode)
                                        + (" (remboursement)" if amount < 0 else ""),
                                        amount, payment_reference(p)) for p, amount in payments]
        if credited:
            received.append(doc.PaymentReceived(invoice.issue_date, "Avoir(s)", credited, ""))
        return doc.InvoiceDocument(
            issuer=issuer(s), number=invoice.number, issue_date=invoice.issue_date,
            family=_party(s, s.get_one(Family, invoice.family_id)),
            lines=document_lines(invoice.lines),
            total_cents=invoice.total_cents, payments=tuple(received),
            balance_due_cents=invoice.total_cents - credited - paid, debt_reference=invoice.debt_reference,
            due_date=invoice.issue_date + dt.timedelta(days=30), duplicate=duplicate,
        )


def invoice_pdf(ctx: ServiceContext, invoice_id: uuid.UUID, *, duplicate: bool = False) -> bytes:
    return render_invoice(invoice_document(ctx, invoice_id, duplicate=duplicate))


def refund_of_credit_note(session: Session, note: CreditNote) -> Payment | None:
    """The money a credit note gave back: its card refund (bound to it), or the cash or cheque
    refund written in the same transaction. None: kept on the family's account (or still pending)."""
    by_card = session.scalar(select(Payment).join(CardAttempt, CardAttempt.payment_id == Payment.id)
                             .where(CardAttempt.credit_note_id == note.id))
    if by_card is not None:
        return by_card
    return session.scalar(select(Payment).join(PaymentAllocation).where(
        PaymentAllocation.invoice_id == note.invoice_id, Payment.amount_cents < 0,
        Payment.mode != PaymentMode.ACCOUNT_CREDIT, Payment.received_at == note.issued_at))


def _credit_note_refunded_by(session: Session, payment: Payment) -> CreditNote | None:
    note_id = session.scalar(select(CardAttempt.credit_note_id).where(CardAttempt.payment_id == payment.id))
    if note_id is not None:
        return session.get(CreditNote, note_id)
    invoice_ids = [a.invoice_id for a in payment.allocations]
    if not invoice_ids:
        return None
    return session.scalar(select(CreditNote).where(CreditNote.invoice_id.in_(invoice_ids),
                                                   CreditNote.issued_at == payment.received_at))


def _recorded_order(p: Payment) -> tuple[dt.datetime, str]:
    # Receipt numbers follow each other on a counter: they order payments taken at the same instant.
    return p.received_at, p.receipt_number or ""


@dataclass(frozen=True)
class _Settlement:
    credited_before_cents: int
    paid_before_cents: int
    due_cents: int


def _settlement(session: Session, invoices: list[Invoice], payments: list[Payment]) -> _Settlement:
    """Where the invoices stood once these payments were recorded: the credit notes issued before
    them, the payments recorded before them, and what was still owed — the payments recorded up to
    and including these, whatever was paid since (a reprint says what the original said)."""
    invoice_ids = [i.id for i in invoices]
    last = max(_recorded_order(p) for p in payments)
    credited = int(session.scalar(select(func.coalesce(func.sum(CreditNote.total_cents), 0)).where(
        CreditNote.invoice_id.in_(invoice_ids), CreditNote.issued_at < last[0])) or 0)
    rows = session.execute(select(Payment, PaymentAllocation.amount_cents).join(PaymentAllocation).where(
        PaymentAllocation.invoice_id.in_(invoice_ids), Payment.received_at <= last[0])).all()
    ours = {p.id for p in payments}
    paid_through = sum(amount for payment, amount in rows if _recorded_order(payment) <= last)
    paid_here = sum(amount for payment, amount in rows if payment.id in ours)
    due = sum(i.total_cents for i in invoices) - credited - paid_through
    return _Settlement(credited, paid_through - paid_here, max(0, due))


def _ticket_tender(p: Payment) -> doc.TicketTender:
    return doc.TicketTender(
        mode=TICKET_MODES.get(p.mode, p.mode.upper()), amount_cents=abs(p.amount_cents),
        receipt_number=p.receipt_number or "",
        card_application=CARD_APPLICATIONS.get(p.card_application, p.card_application),
        merchant_contract=p.card_contract, authorisation_number=p.card_authorisation,
        transaction_number=p.card_transaction, masked_card_number=p.card_masked_pan,
        tendered_cents=p.tendered_cents, change_cents=p.change_cents,
        cheque_number=p.cheque_number, cheque_bank=p.cheque_bank,
    )


def _invoice_ids(p: Payment) -> list[uuid.UUID]:
    return list(dict.fromkeys(a.invoice_id for a in p.allocations))


def _check_one_checkout(payments: list[Payment]) -> None:
    """The payments of one ticket come from one checkout: one family, and the same request (a
    checkout, a balance payment) or the same invoice(s); payments and refunds never mixed."""
    if len({p.family_id for p in payments}) > 1:
        raise DomainError("Ces règlements sont de familles différentes : un ticket par encaissement.")
    if len({p.amount_cents < 0 for p in payments}) > 1:
        raise DomainError("Un ticket ne mêle pas des règlements et des remboursements.")
    same_request = len({p.request_id for p in payments}) == 1 and payments[0].request_id is not None
    same_invoices = len({frozenset(_invoice_ids(p)) for p in payments}) == 1 and bool(_invoice_ids(payments[0]))
    if len(payments) > 1 and not (same_request or same_invoices):
        raise DomainError("Ces règlements ne viennent pas d'un même encaissement (même facture ou même "
                          "dette) : un ticket par encaissement.")


def checkout_ticket_document(ctx: ServiceContext, payment_ids: list[uuid.UUID], *,
                             duplicate: bool = False) -> doc.TicketDocument:
    """The one ticket of a checkout, whatever the number of tenders: the lines once, then each
    tender with its details, the total paid and what the invoice still owes after it.

    A refund's ticket lists what its credit note covers, not the invoice's lines."""
    payment_ids = list(dict.fromkeys(payment_ids))
    if not payment_ids:
        raise DomainError("Aucun règlement à imprimer.")
    with ctx.reading() as s:
        payments = []
        for payment_id in payment_ids:
            payment = s.get(Payment, payment_id)
            if payment is None:
                raise NotFound("Ce règlement n'existe pas.")
            payments.append(payment)
        _check_one_checkout(payments)
        first = payments[0]
        refund = first.amount_cents < 0
        invoices = [s.get_one(Invoice, i) for i in dict.fromkeys(i for p in payments for i in _invoice_ids(p))]
        invoices.sort(key=lambda invoice: (invoice.issued_at, invoice.number))
        note = _credit_note_refunded_by(s, first) if refund else None
        lines: list[InvoiceLine | CreditNoteLine]
        if refund:
            lines = list(note.lines) if note is not None else []
            invoices = [s.get_one(Invoice, note.invoice_id)] if note is not None else []
        else:
            lines = [line for invoice in invoices for line in invoice.lines]
        agent = s.get(Agent, first.agent_id) if first.agent_id else None
        settled = _settlement(s, invoices, payments) if invoices and not refund else None
        return doc.TicketDocument(
            issuer=issuer(s), printed_at=max(p.received_at for p in payments),
            tenders=tuple(_ticket_tender(p) for p in payments),
            transaction_type=doc.TRANSACTION_CREDIT if refund else doc.TRANSACTION_DEBIT,
            family_name=s.get_one(Family, first.family_id).name,
            lines=tuple(doc.TicketLine(line.label, line.child_name, line.amount_cents) for line in lines),
            invoice_numbers=tuple(i.number for i in invoices),
            debt_reference=", ".join(i.debt_reference for i in invoices),
            credit_note_number=note.number if note is not None else "",
            credited_before_cents=settled.credited_before_cents if settled else 0,
            paid_before_cents=settled.paid_before_cents if settled else 0,
            balance_due_cents=settled.due_cents if settled else None,
            agent=agent.display_name if agent else "", duplicate=duplicate,
        )


def ticket_document(ctx: ServiceContext, payment_id: uuid.UUID, *, duplicate: bool = False) -> doc.TicketDocument:
    """The ticket of one payment (a reprint from the invoice's history): its checkout's ticket
    with this tender only."""
    return checkout_ticket_document(ctx, [payment_id], duplicate=duplicate)


def ticket_pdf(ctx: ServiceContext, payment_id: uuid.UUID, *, duplicate: bool = False) -> bytes:
    return render_ticket(ticket_document(ctx, payment_id, duplicate=duplicate))


def checkout_ticket_pdf(ctx: ServiceContext, payment_ids: list[uuid.UUID], *, duplicate: bool = False) -> bytes:
    return render_ticket(checkout_ticket_document(ctx, payment_ids, duplicate=duplicate))


def _refund_words(mode: str) -> str:
    """How the money went back: « remboursement en espèces », « … par chèque »…"""
    return {PaymentMode.CASH: "remboursement en espèces", PaymentMode.CHEQUE: "remboursement par chèque",
            PaymentMode.CARD: "remboursement sur la carte bancaire"}.get(
        mode, "remboursement : " + PaymentMode.LABELS.get(mode, mode).lower())


def credit_note_document(ctx: ServiceContext, credit_note_id: uuid.UUID, *,
                         duplicate: bool = False) -> doc.CreditNoteDocument:
    with ctx.reading() as s:
        note = s.get(CreditNote, credit_note_id)
        if note is None:
            raise NotFound("Cet avoir n'existe pas.")
        invoice = s.get_one(Invoice, note.invoice_id)
        refund = refund_of_credit_note(s, note)
        return doc.CreditNoteDocument(
            # An avoir is owed to the family: no word about late payment on it.
            issuer=dataclasses.replace(issuer(s), legal_mentions=CREDIT_NOTE_MENTIONS),
            number=note.number, issue_date=note.issue_date,
            family=_party(s, s.get_one(Family, note.family_id)), invoice_number=invoice.number,
            invoice_date=invoice.issue_date, reason=note.reason,
            lines=document_lines(note.lines),
            total_cents=note.total_cents,
            # « Mode de restitution : remboursement en espèces » (one colon, said as a sentence).
            refund_mode=(_refund_words(refund.mode) if refund
                         else doc.REFUND_TO_FAMILY_ACCOUNT),
            duplicate=duplicate,
        )


def credit_note_pdf(ctx: ServiceContext, credit_note_id: uuid.UUID, *, duplicate: bool = False) -> bytes:
    return render_credit_note(credit_note_document(ctx, credit_note_id, duplicate=duplicate))


def cash_session_report(ctx: ServiceContext, session_id: uuid.UUID, *,
                        duplicate: bool = False) -> doc.CashSessionReport:
    with ctx.reading() as s:
        cash_session = s.get(CashSession, session_id)
        if cash_session is None:
            raise NotFound("Cette session de caisse n'existe pas.")
        view = cash_session_view(s, cash_session)
        counter = s.get_one(Counter, cash_session.counter_id)
        payments = s.execute(select(Payment, Family.name).join(Family, Family.id == Payment.family_id)
                             .where(Payment.cash_session_id == session_id).order_by(Payment.received_at)).all()
        return doc.CashSessionReport(
            issuer=issuer(s), counter=f"{counter.name} ({counter.number_prefix})", agent=view.opened_by,
            opened_at=view.opened_at, closed_at=view.closed_at, opening_float_cents=view.opening_float_cents,
            modes=tuple(doc.ModeTotal(TICKET_MODES.get(t.mode, t.mode), t.count, t.expected_cents,
                                      t.counted_cents if t.counted_cents is not None else t.expected_cents)
                        for t in view.totals),
            payments=tuple(doc.SessionPayment(p.received_at, p.receipt_number or "", name,
                                              TICKET_MODES.get(p.mode, p.mode), p.amount_cents,
                                              payment_reference(p, with_receipt=False))
                           for p, name in payments),
            comment=view.closing_note, duplicate=duplicate,
        )


def cash_session_pdf(ctx: ServiceContext, session_id: uuid.UUID, *, duplicate: bool = False) -> bytes:
    return render_cash_session_report(cash_session_report(ctx, session_id, duplicate=duplicate))
