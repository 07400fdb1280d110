"""Corrections: an issued invoice is never edited nor deleted. Cancelling a paid enrollment makes a
credit note (avoir) that references the invoice, then a refund by the original mode (a card refund
goes through the terminal) or a credit kept on the family's account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ems_desktop.dates import to_local
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
from ems_desktop.money import format_cents
from ems_desktop.rules.text import text_problem
from ems_desktop.services import permissions
from ems_desktop.services.accounts import lock_family
from ems_desktop.services.card_payments import SIMULATOR_REFUSED, CardChargeBlocked, lines_key
from ems_desktop.services.cash import require_open_session
from ems_desktop.services.context import ServiceContext, UnitOfWork, retry_on_conflict
from ems_desktop.services.enrollment import _cancel, _offer_freed_places, lock_group
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed
from ems_desktop.services.numbering import take_number
from ems_desktop.services.settings import is_demo_database
from ems_desktop.services.text_guard import limit_of
from ems_desktop.sync.facts import payments_state, row_state

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
    # A card refund: the attempt to send to the terminal, then to complete (complete_card_refund).
    refund_attempt_id: uuid.UUID | None = None


def _paid_on(session: Session, invoice_id: uuid.UUID) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(PaymentAllocation.amount_cents), 0))
                              .where(PaymentAllocation.invoice_id == invoice_id)) or 0)


def _credited_on(session: Session, invoice_id: uuid.UUID) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(CreditNote.total_cents), 0))
                              .where(CreditNote.invoice_id == invoice_id)) or 0)


def _line_of(session: Session, enrollment_id: uuid.UUID) -> tuple[Enrollment, InvoiceLine, Invoice]:
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


def _card_paid_on(session: Session, invoice_id: uuid.UUID) -> int:
    """What cards paid on an invoice, less what was already refunded to a card."""
    return int(session.scalar(select(func.coalesce(func.sum(PaymentAllocation.amount_cents), 0))
                              .join(Payment, Payment.id == PaymentAllocation.payment_id)
                              .where(PaymentAllocation.invoice_id == invoice_id, Payment.mode == PaymentMode.CARD))
               or 0)


def _emit_credit_note(uow: UnitOfWork, enrollment_id: uuid.UUID, reason: str, refund_mode: str, note: CreditNote, *,
                      refund: Payment | None = None, refund_attempt: CardAttempt | None = None) -> None:
    """The unit's operation: the credit note (a fact, with its number and lines), the enrollment it
    cancels, and the refund given in cash or by cheque, or the card refund reserved for the terminal."""
    uow.emit("correction.credit_note", lambda: {
        "enrollment_id": enrollment_id, "reason": reason, "refund_mode": refund_mode,
        "credit_note": row_state(note), "lines": [row_state(line) for line in note.lines],
        "refund": payments_state([refund])[0] if refund is not None else None,
        "refund_attempt": row_state(refund_attempt) if refund_attempt is not None else None,
    })


def cancellation_input_problems(reason: str, refund_mode: str, cheque_number: str = "") -> dict[str, str]:
    """What is wrong with what the agent typed for a cancellation (field → French message); empty
    when it may go on. The dialog asks it before its confirmation step, the service again."""
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
    return errors


@retry_on_conflict
def cancel_paid_enrollment(ctx: ServiceContext, enrollment_id: uuid.UUID, *, reason: str, refund_mode: str,
                           cheque_number: str = "", simulated: bool = False) -> CorrectionResult:
    """The credit note of one invoiced enrollment, and its refund. The family is locked first, so
    two counters cancelling the same line issue one credit note (the second is refused).

    Everything is checked before anything is written or any terminal asked (open cash session,
    cheque number, that a card refund goes back to a card that paid this invoice, capped at what
    cards paid on it). A card refund is the first phase of two: the credit note is written with a
    card refund attempt bound to it (``refund_attempt_id``); then the terminal is asked
    (``CardPaymentRunner.send``); then ``complete_card_refund`` records the money given back. Until
    then the amount stays reserved on the family's account, so it can never be refunded twice."""
    errors = cancellation_input_problems(reason, refund_mode, cheque_number)
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, permissions.REGISSEUR,
                                 what="L'annulation d'une inscription payée (avoir)")
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
        gives_back = refund > 0 and refund_mode != "credit"

        # Every check before the first write.
        cash_session = require_open_session(s, ctx.actor.counter_id) if gives_back else None
        if gives_back and refund_mode == PaymentMode.CHEQUE and not cheque_number.strip():
            raise ValidationFailed({"cheque_number": "Le numéro du chèque de remboursement est obligatoire."})
        if gives_back and refund_mode == PaymentMode.CARD:
            by_card = _card_paid_on(s, invoice.id)
            if by_card <= 0:
                raise ValidationFailed({"refund_mode": f"La facture {invoice.number} n'a pas été payée par carte : "
                                                       "remboursez en espèces, par chèque, ou gardez l'avoir sur le "
                                                       "compte famille."})
            if refund > by_card:
                raise ValidationFailed({"refund_mode": f"La carte n'a payé que {format_cents(by_card)} sur la facture "
                                                       f"{invoice.number} : remboursez {format_cents(refund)} "
                                                       "autrement, ou gardez l'avoir sur le compte famille."})
            if simulated and not is_demo_database(s):
                raise CardChargeBlocked(SIMULATOR_REFUSED, field="card")

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
        uow.touch("family", invoice.family_id)

        if gives_back and refund_mode == PaymentMode.CARD:
            attempt = CardAttempt(family_id=invoice.family_id, lines_key=lines_key([line.id, "refund"]),
                                  lines=[str(invoice.id)], lines_kind="invoices", kind="refund", amount_cents=refund,
                                  state=AttemptState.REQUESTED, created_at=uow.now, simulated=simulated,
                                  credit_note_id=note.id, agent_id=ctx.actor.agent_id, counter_id=ctx.actor.counter_id)
            s.add(attempt)
            s.flush()
            uow.record("card_attempt", attempt.id, "requested", {
                "kind": "refund", "amount_cents": refund, "credit_note": number, "state": attempt.state})
            _emit_credit_note(uow, enrollment_id, reason, refund_mode, note, refund_attempt=attempt)
            return CorrectionResult(note.id, number, invoice.number, note.total_cents, refund, PaymentMode.CARD,
                                    None, refund_attempt_id=attempt.id)
        if not gives_back:
            _emit_credit_note(uow, enrollment_id, reason, refund_mode, note)
            return CorrectionResult(note.id, number, invoice.number, note.total_cents, 0, "credit", None)
        assert cash_session is not None  # opened above, since money is given back
        payment = Payment(family_id=invoice.family_id, cash_session_id=cash_session.id,
                          counter_id=ctx.actor.counter_id, agent_id=ctx.actor.agent_id, received_at=uow.now,
                          mode=refund_mode, amount_cents=-refund,
                          receipt_number=take_number(s, ctx.actor.counter_id, "receipt"),
                          cheque_number=cheque_number.strip())
        payment.allocations.append(PaymentAllocation(invoice_id=invoice.id, amount_cents=-refund))
        s.add(payment)
        s.flush()
        uow.record("payment", payment.id, "refunded", {"mode": refund_mode, "amount_cents": -refund,
                                                       "credit_note": number})
        _emit_credit_note(uow, enrollment_id, reason, refund_mode, note, refund=payment)
        return CorrectionResult(note.id, number, invoice.number, note.total_cents, refund, refund_mode, payment.id)


@retry_on_conflict
def complete_card_refund(ctx: ServiceContext, attempt_id: uuid.UUID) -> CorrectionResult:
    """Record the money a card refund gave back, once the terminal accepted it (right after its
    answer, or from the Accueil after a crash or a settlement from the terminal's ticket). Asked
    again, it returns what was recorded."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, permissions.REGISSEUR,
                                 what="L'enregistrement d'un remboursement par carte")
        family_id = s.scalar(select(CardAttempt.family_id).where(CardAttempt.id == attempt_id))
        if family_id is None:
            raise NotFound("Ce remboursement par carte n'existe pas.")
        lock_family(s, family_id)
        attempt = s.scalars(select(CardAttempt).where(CardAttempt.id == attempt_id).with_for_update()
                            .execution_options(populate_existing=True)).one()
        if attempt.kind != "refund" or attempt.credit_note_id is None:
            raise DomainError("Ce paiement par carte n'est pas un remboursement d'avoir.")
        if attempt.state != AttemptState.ACCEPTED:
            raise DomainError(f"Ce remboursement par carte n'a pas été accepté par le terminal "
                              f"(« {AttemptState.LABELS.get(attempt.state)} ») : rien n'a été rendu.")
        note = s.get_one(CreditNote, attempt.credit_note_id)
        invoice = s.get_one(Invoice, note.invoice_id)
        if attempt.payment_id is None:
            cash_session = require_open_session(s, ctx.actor.counter_id)
            payment = Payment(family_id=attempt.family_id, cash_session_id=cash_session.id,
                              counter_id=ctx.actor.counter_id, agent_id=ctx.actor.agent_id, received_at=uow.now,
                              mode=PaymentMode.CARD, amount_cents=-attempt.amount_cents, request_id=attempt.id,
                              receipt_number=take_number(s, ctx.actor.counter_id, "receipt"),
                              card_masked_pan=attempt.masked_pan, card_authorisation=attempt.authorisation,
                              card_contract=attempt.merchant_contract, card_transaction=attempt.transaction_number,
                              card_application=attempt.card_application)
            payment.allocations.append(PaymentAllocation(invoice_id=invoice.id, amount_cents=-attempt.amount_cents))
            s.add(payment)
            s.flush()
            attempt.payment_id = payment.id
            uow.record("payment", payment.id, "refunded", {
                "mode": PaymentMode.CARD, "amount_cents": -attempt.amount_cents, "credit_note": note.number,
                "card_attempt": attempt.id, "card_masked_pan": attempt.masked_pan,
                "card_authorisation": attempt.authorisation})
            uow.touch("family", attempt.family_id)
            uow.emit("correction.card_refund", {"attempt": row_state(attempt), "credit_note_id": note.id,
                                                "payment": payments_state([payment])[0]})
        return CorrectionResult(note.id, note.number, invoice.number, note.total_cents, attempt.amount_cents,
                                PaymentMode.CARD, attempt.payment_id, refund_attempt_id=attempt.id)
