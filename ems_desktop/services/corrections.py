"""Corrections: an issued invoice is never edited nor deleted. Cancelling a paid enrollment makes a
credit note (avoir) that references the invoice, then a refund by the original mode (a card refund
goes through the terminal) or a credit kept on the family's account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from ems_desktop.models import (
    AttemptState,
    CardAttempt,
    CreditNote,
    CreditNoteLine,
    Enrollment,
    EnrollmentStatus,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentAllocation,
    PaymentMode,
)
from ems_desktop.dates import to_local
from ems_desktop.rules.text import text_problem
from ems_desktop.services.accounts import lock_family
from ems_desktop.services.card_payments import lines_key
from ems_desktop.services.cash import require_open_session
from ems_desktop.services.context import ServiceContext, retry_on_conflict
from ems_desktop.services.enrollment import _cancel, _offer_freed_places, lock_group
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed
from ems_desktop.services.numbering import take_number
from ems_desktop.services.text_guard import limit_of

# The reason is printed on the credit note: a sentence, not a letter.
REASON_LIMIT = 300

REFUND_MODES = ("credit", PaymentMode.CASH, PaymentMode.CHEQUE, PaymentMode.CARD)


@dataclass(frozen=True)
class RefundPreview:
    enrollment_id: uuid.UUID
    invoice_number: str
    line_label: str
    credit_cents: int        # the credit note's amount (the line)
    refund_cents: int        # money to give back (what was paid beyond what remains due)
    original_modes: tuple[str, ...]

    @property
    def refund_key(self) -> str:
        return lines_key([self.enrollment_id, "refund"])


@dataclass(frozen=True)
class CorrectionResult:
    credit_note_id: uuid.UUID
    credit_note_number: str
    invoice_number: str
    credit_cents: int
    refund_cents: int
    refund_mode: str
    refund_payment_id: uuid.UUID | None


def _paid_on(session, invoice_id) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(PaymentAllocation.amount_cents), 0))
                              .where(PaymentAllocation.invoice_id == invoice_id)) or 0)


def _credited_on(session, invoice_id) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(CreditNote.total_cents), 0))
                              .where(CreditNote.invoice_id == invoice_id)) or 0)


def _line_of(session, enrollment_id) -> tuple[Enrollment, InvoiceLine, Invoice]:
    enrollment = session.get(Enrollment, enrollment_id)
    if enrollment is None:
        raise NotFound("Cette inscription n'existe pas (ou plus).")
    line = session.scalar(select(InvoiceLine).where(InvoiceLine.enrollment_id == enrollment_id))
    if line is not None:
        credited_by = session.scalar(select(CreditNote.number).join(CreditNoteLine)
                                     .where(CreditNoteLine.invoice_line_id == line.id))
        if credited_by:
            raise DomainError(f"Cette ligne de facture a déjà fait l'objet d'un avoir ({credited_by}).")
    if enrollment.status != EnrollmentStatus.CONFIRMED:
        raise DomainError("Seule une inscription facturée s'annule par un avoir ; les autres se retirent "
                          "simplement du récapitulatif.")
    if line is None:
        raise DomainError("Cette inscription n'apparaît sur aucune facture.")
    return enrollment, line, line.invoice


def _refund(paid: int, still_invoiced: int, line_cents: int) -> int:
    """What to give back for a cancelled line: what was paid beyond what the invoice still asks,
    at most the line itself (an earlier credit kept on the account stays there)."""
    return max(0, min(line_cents, paid - still_invoiced))


def refund_preview(ctx: ServiceContext, enrollment_id: uuid.UUID) -> RefundPreview:
    with ctx.reading() as s:
        enrollment, line, invoice = _line_of(s, enrollment_id)
        paid = _paid_on(s, invoice.id)
        remaining_total = invoice.total_cents - _credited_on(s, invoice.id) - line.amount_cents
        modes = tuple(dict.fromkeys(s.scalars(
            select(Payment.mode).join(PaymentAllocation).where(PaymentAllocation.invoice_id == invoice.id,
                                                               Payment.amount_cents > 0))))
        return RefundPreview(enrollment.id, invoice.number, line.label, line.amount_cents,
                             _refund(paid, remaining_total, line.amount_cents), modes)


@retry_on_conflict
def cancel_paid_enrollment(ctx: ServiceContext, enrollment_id: uuid.UUID, *, reason: str, refund_mode: str,
                           cheque_number: str = "", card_attempt_id: uuid.UUID | None = None) -> CorrectionResult:
    """The credit note of one invoiced enrollment, and its refund. The family is locked first, so
    two counters cancelling the same line issue one credit note (the second is refused)."""
    errors = {}
    problem = text_problem(reason, REASON_LIMIT, multiline=True)
    if problem:
        errors["reason"] = problem
    elif not (reason or "").strip():
        errors["reason"] = "Indiquez le motif de l'annulation (il figure sur l'avoir)."
    if refund_mode not in REFUND_MODES:
        errors["refund_mode"] = "Choisissez comment rembourser."
    problem = text_problem(cheque_number, limit_of(Payment.cheque_number))
    if problem:
        errors["cheque_number"] = problem
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        s = uow.session
        enrollment = s.get(Enrollment, enrollment_id)
        if enrollment is None:
            raise NotFound("Cette inscription n'existe pas (ou plus).")
        lock_family(s, enrollment.child.family_id)
        lock_group(s, enrollment.group_id)
        s.refresh(enrollment, with_for_update=True)
        enrollment, line, invoice = _line_of(s, enrollment_id)
        paid = _paid_on(s, invoice.id)
        remaining_total = invoice.total_cents - _credited_on(s, invoice.id) - line.amount_cents
        refund = _refund(paid, remaining_total, line.amount_cents)

        number = take_number(s, ctx.actor.counter_id, "credit_note")
        note = CreditNote(number=number, counter_id=ctx.actor.counter_id, invoice_id=invoice.id,
                          family_id=invoice.family_id, agent_id=ctx.actor.agent_id, issued_at=uow.now,
                          issue_date=to_local(uow.now).date(), total_cents=line.amount_cents, reason=reason.strip())
        note.lines.append(CreditNoteLine(invoice_line_id=line.id, position=0, label=line.label,
                                         child_name=line.child_name, quantity=line.quantity,
                                         unit_price_cents=line.unit_price_cents, amount_cents=line.amount_cents))
        s.add(note)
        s.flush()
        uow.record("credit_note", note.id, "issued", {"number": number, "invoice": invoice.number,
                                                      "total_cents": note.total_cents, "reason": note.reason})
        group_id = enrollment.group_id
        _cancel(uow, enrollment, f"Annulée par l'avoir {number}")
        s.flush()
        _offer_freed_places(uow, group_id)

        payment = None
        if refund > 0 and refund_mode != "credit":
            cash_session = require_open_session(s, ctx.actor.counter_id)
            payment = Payment(family_id=invoice.family_id, cash_session_id=cash_session.id,
                              counter_id=ctx.actor.counter_id, agent_id=ctx.actor.agent_id, received_at=uow.now,
                              mode=refund_mode, amount_cents=-refund,
                              receipt_number=take_number(s, ctx.actor.counter_id, "receipt"),
                              cheque_number=cheque_number.strip())
            if refund_mode == PaymentMode.CHEQUE and not cheque_number.strip():
                raise ValidationFailed({"cheque_number": "Le numéro du chèque de remboursement est obligatoire."})
            if refund_mode == PaymentMode.CARD:
                attempt = s.get(CardAttempt, card_attempt_id) if card_attempt_id else None
                if (attempt is None or attempt.kind != "refund" or attempt.state != AttemptState.ACCEPTED
                        or attempt.amount_cents != refund or attempt.payment_id is not None):
                    raise ValidationFailed({"card": "Le remboursement par carte doit d'abord être accepté par le terminal."})
                payment.card_masked_pan, payment.card_authorisation = attempt.masked_pan, attempt.authorisation
                payment.card_contract, payment.card_transaction = attempt.merchant_contract, attempt.transaction_number
                payment.card_application = attempt.card_application
            payment.allocations.append(PaymentAllocation(invoice_id=invoice.id, amount_cents=-refund))
            s.add(payment)
            s.flush()
            if refund_mode == PaymentMode.CARD:
                attempt.payment_id = payment.id
            uow.record("payment", payment.id, "refunded", {"mode": refund_mode, "amount_cents": -refund,
                                                           "credit_note": number})
        uow.touch("family", invoice.family_id)
        return CorrectionResult(note.id, number, invoice.number, note.total_cents,
                                refund if payment is not None else 0, refund_mode if payment is not None else "credit",
                                payment.id if payment is not None else None)
