"""Checkout at the counter: the pay-now lines become a numbered invoice, the enrollments are
confirmed and the payments (card, cash with change, cheque, ANCV — mixed) are allocated to it, all
in one transaction. A partial payment leaves the rest on the family's balance; an abandoned
checkout consumes no number; the same checkout submitted twice issues one invoice."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ems_desktop.dates import format_date, to_local
from ems_desktop.models import (
    AttemptState,
    CardAttempt,
    CashSession,
    CreditNote,
    Enrollment,
    EnrollmentStatus,
    Family,
    Invoice,
    InvoiceLine,
    Mandate,
    Payment,
    PaymentAllocation,
    PaymentMode,
)
from ems_desktop.money import amount_problem, format_cents
from ems_desktop.rules.text import text_problem
from ems_desktop.services import permissions
from ems_desktop.services.accounts import CreditSource, balance_of, credit_sources, lock_family
from ems_desktop.services.card_payments import blocked_by_attempt_message, lines_key, unresolved_attempt
from ems_desktop.services.cash import require_open_session
from ems_desktop.services.context import ServiceContext, UnitOfWork, retry_on_conflict
from ems_desktop.services.enrollment import availability, lock_group
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed
from ems_desktop.services.numbering import take_number
from ems_desktop.services.text_guard import limit_of
from ems_desktop.sync.facts import payments_state, row_state

# Who takes money at the counter: the agents, and the régisseur who is accountable for the till.
TAKES_PAYMENTS = (permissions.AGENT, permissions.REGISSEUR)
TENDER_MODES = (PaymentMode.CARD, PaymentMode.CASH, PaymentMode.CHEQUE, PaymentMode.ANCV, PaymentMode.ACCOUNT_CREDIT)


@dataclass(frozen=True)
class Tender:
    """One payment line of a checkout. For cash, ``amount_cents`` is what the family hands over."""

    mode: str
    amount_cents: int
    cheque_number: str = ""
    cheque_bank: str = ""
    cheque_drawer: str = ""
    card_attempt_id: uuid.UUID | None = None


@dataclass(frozen=True)
class PaymentView:
    id: uuid.UUID
    receipt_number: str
    mode: str
    amount_cents: int
    tendered_cents: int | None
    change_cents: int | None
    received_at: dt.datetime
    cheque_number: str
    cheque_bank: str
    card_masked_pan: str
    card_authorisation: str

    @property
    def mode_label(self) -> str:
        return PaymentMode.LABELS.get(self.mode, self.mode)


@dataclass(frozen=True)
class CheckoutResult:
    invoice_id: uuid.UUID | None
    invoice_number: str
    total_cents: int
    paid_cents: int
    change_cents: int
    payments: tuple[PaymentView, ...]
    family_balance_cents: int
    # A card debit whose lines could no longer be invoiced: the money went to the family's credit.
    kept_as_credit: bool = False

    @property
    def invoice_balance_cents(self) -> int:
        return self.total_cents - self.paid_cents


@dataclass(frozen=True)
class TenderPlan:
    """How tenders settle an amount due: what each applies, and the change to give back."""

    applied: tuple[int, ...]
    change_cents: int

    @property
    def paid_cents(self) -> int:
        return sum(self.applied)


def plan_tenders(tenders: list[Tender] | tuple[Tender, ...], due_cents: int) -> TenderPlan:
    """Check the tenders against the amount due; ValidationFailed keyed "tenders.N.field".

    Card, cheque and ANCV may not exceed what remains due (ANCV gives no change); cash may: the
    surplus is the change. Cash is applied last, so card + cash gives change on the cash only."""
    errors: dict[str, str] = {}
    remaining = due_cents
    applied = [0] * len(tenders)
    for i, t in enumerate(tenders):
        if t.mode not in TENDER_MODES:
            errors[f"tenders.{i}.mode"] = "Mode de paiement inconnu."
            continue
        problem = amount_problem(t.amount_cents)
        if problem:
            errors[f"tenders.{i}.amount"] = problem
            continue
        for name, attribute in (("cheque_number", Payment.cheque_number), ("cheque_bank", Payment.cheque_bank),
                                ("cheque_drawer", Payment.cheque_drawer)):
            problem = text_problem(getattr(t, name), limit_of(attribute))
            if problem:
                errors[f"tenders.{i}.{name}"] = problem
        if t.mode == PaymentMode.CHEQUE and not t.cheque_number.strip() and f"tenders.{i}.cheque_number" not in errors:
            errors[f"tenders.{i}.cheque_number"] = "Le numéro du chèque est obligatoire."
        if t.mode == PaymentMode.CARD and t.card_attempt_id is None:
            errors[f"tenders.{i}.amount"] = "Le paiement par carte doit passer par le terminal."
        if t.mode == PaymentMode.CASH:
            continue
        if t.amount_cents > remaining:
            if t.mode == PaymentMode.ANCV:
                errors[f"tenders.{i}.amount"] = (f"Les chèques vacances ne rendent pas la monnaie : "
                                                 f"{format_cents(max(remaining, 0))} au plus.")
            else:
                errors[f"tenders.{i}.amount"] = ("Le montant dépasse le reste à payer "
                                                 f"({format_cents(max(remaining, 0))}).")
            continue
        applied[i] = t.amount_cents
        remaining -= t.amount_cents
    change = 0
    for i, t in enumerate(tenders):
        if t.mode == PaymentMode.CASH and f"tenders.{i}.amount" not in errors:
            if remaining <= 0:
                errors[f"tenders.{i}.amount"] = "Il ne reste rien à payer en espèces."
                continue
            applied[i] = min(t.amount_cents, remaining)
            change += t.amount_cents - applied[i]
            remaining -= applied[i]
    if errors:
        raise ValidationFailed(errors)
    return TenderPlan(tuple(applied), change)


def _payment_view(p: Payment) -> PaymentView:
    return PaymentView(p.id, p.receipt_number or "", p.mode, p.amount_cents, p.tendered_cents, p.change_cents,
                       p.received_at, p.cheque_number, p.cheque_bank, p.card_masked_pan, p.card_authorisation)


def _debt_reference(invoice_number: str, prefix: str, issued: dt.datetime) -> str:
    """Like the portal's "20170621x153x59888": the day, then the counter and the invoice's number."""
    sequence = int("".join(ch for ch in invoice_number.rsplit("-", 1)[-1] if ch.isdigit()) or 0)
    return f"{to_local(issued):%Y%m%d}x{prefix}x{sequence}"


def invoice_line_label(invoice_label: str, starts_on: dt.date, ends_on: dt.date) -> str:
    """"EMS 2017/2018 1er trim. - Du 20/09/2017 au 06/12/2017" (a one-day outing: "- Le …")."""
    if starts_on == ends_on:
        return f"{invoice_label} - Le {format_date(starts_on)}"
    return f"{invoice_label} - Du {format_date(starts_on)} au {format_date(ends_on)}"


def _result_for_invoice(s: Session, invoice: Invoice, payments: list[Payment], change: int) -> CheckoutResult:
    paid = int(s.scalar(select(func.coalesce(func.sum(PaymentAllocation.amount_cents), 0))
                        .where(PaymentAllocation.invoice_id == invoice.id)) or 0)
    credited = int(s.scalar(select(func.coalesce(func.sum(CreditNote.total_cents), 0))
                            .where(CreditNote.invoice_id == invoice.id)) or 0)
    return CheckoutResult(invoice.id, invoice.number, invoice.total_cents - credited, paid, change,
                          tuple(_payment_view(p) for p in payments), balance_of(s, invoice.family_id).due_cents)


def _drawn_from(sources: Iterable[CreditSource], cents: int) -> list[PaymentAllocation]:
    """Where ``cents`` of family credit leave from, oldest first: a negative allocation on each
    over-paid invoice drawn on (money drawn on unallocated payments needs none)."""
    drawn, left = [], cents
    for source in sources:
        part = min(left, source.cents)
        if part <= 0:
            break
        if source.invoice_id is not None:
            drawn.append(PaymentAllocation(invoice_id=source.invoice_id, amount_cents=-part))
        left -= part
    return drawn


def _take_from_credit(uow: UnitOfWork, family: Family, cents: int, cash_session: CashSession, request_id: uuid.UUID,
                      index: int) -> Payment:
    """Family credit used as a tender: the money leaves where it sits (over-paid invoices, oldest
    first, then payments allocated to nothing) by a negative "avoir" movement; the positive one
    that pays the target is written by the caller. Together they move money, take none: the
    family's balance and the till's totals are unchanged."""
    s = uow.session
    sources = credit_sources(s, family.id)
    available = sum(source.cents for source in sources)
    if cents > available:
        raise ValidationFailed({f"tenders.{index}.amount": f"L'avoir de la famille est de {format_cents(available)} : "
                                                           "pas davantage."})
    movement = Payment(family_id=family.id, cash_session_id=cash_session.id, counter_id=uow.actor.counter_id,
                       agent_id=uow.actor.agent_id, received_at=uow.now, mode=PaymentMode.ACCOUNT_CREDIT,
                       amount_cents=-cents, request_id=request_id, receipt_number=None)
    movement.allocations.extend(_drawn_from(sources, cents))
    s.add(movement)
    s.flush()
    uow.record("payment", movement.id, "credit_used", {
        "family_id": family.id, "amount_cents": -cents,
        "from": [[str(a.invoice_id), a.amount_cents] for a in movement.allocations]})
    return movement


def _refuse_if_card_unsettled(s: Session, family: Family, tenders: Sequence[Tender], *,
                              enrollment_ids: Iterable[uuid.UUID] = (), invoice_ids: Iterable[uuid.UUID] = ()) -> None:
    """No payment of lines that a card attempt may have paid already (open, in doubt, or accepted
    but not recorded) — whatever the mode: the agent settles that attempt first, on the Accueil."""
    own = {t.card_attempt_id for t in tenders if t.card_attempt_id is not None}
    attempt = unresolved_attempt(s, family.id, enrollment_ids=enrollment_ids, invoice_ids=invoice_ids,
                                 except_attempt_id=next(iter(own)) if len(own) == 1 else None)
    if attempt is not None:
        raise DomainError(blocked_by_attempt_message(attempt), field="card")


def _record_payments(uow: UnitOfWork, family: Family, tenders: Sequence[Tender], plan: TenderPlan,
                     targets: list[tuple[Invoice, int]], key: str, request_id: uuid.UUID) -> list[Payment]:
    """Create one payment per tender (receipt number, cash session) and allocate what each applies
    to the target invoices in order (each with what it still owes). ``request_id`` is the
    request's key (the checkout's, or the balance payment's): the same request twice is found."""
    s = uow.session
    cash_session = require_open_session(s, uow.actor.counter_id)
    owed = [due for _, due in targets]  # what each target still owes, as the tenders are applied
    payments = []
    for index, (tender, applied) in enumerate(zip(tenders, plan.applied, strict=True)):
        if tender.mode == PaymentMode.ACCOUNT_CREDIT:
            _take_from_credit(uow, family, applied, cash_session, request_id, index)
        payment = Payment(
            family_id=family.id, cash_session_id=cash_session.id, counter_id=uow.actor.counter_id,
            agent_id=uow.actor.agent_id, received_at=uow.now, mode=tender.mode, amount_cents=applied,
            request_id=request_id,
            # Family credit moves money already received: no receipt of its own.
            receipt_number=(None if tender.mode == PaymentMode.ACCOUNT_CREDIT
                            else take_number(s, uow.actor.counter_id, "receipt")),
            cheque_number=tender.cheque_number.strip(), cheque_bank=tender.cheque_bank.strip(),
            cheque_drawer=tender.cheque_drawer.strip(),
        )
        if tender.mode == PaymentMode.CASH:
            payment.tendered_cents = tender.amount_cents
            payment.change_cents = tender.amount_cents - applied
        settled: CardAttempt | None = None
        if tender.mode == PaymentMode.CARD:
            attempt = s.scalar(select(CardAttempt).where(CardAttempt.id == tender.card_attempt_id).with_for_update())
            if (attempt is None or attempt.state != AttemptState.ACCEPTED or attempt.family_id != family.id
                    or attempt.amount_cents != tender.amount_cents or attempt.kind != "debit"):
                raise ValidationFailed({"card": "Ce paiement par carte n'a pas été accepté par le terminal pour ce "
                                                "montant."})
            if attempt.payment_id is not None:
                raise DomainError("Ce paiement par carte est déjà enregistré.")
            if attempt.lines_key != key:
                raise ValidationFailed({"card": "Ce paiement par carte concerne d'autres lignes."})
            payment.card_masked_pan, payment.card_authorisation = attempt.masked_pan, attempt.authorisation
            payment.card_contract, payment.card_transaction = attempt.merchant_contract, attempt.transaction_number
            payment.card_application = attempt.card_application
            settled = attempt
        s.add(payment)
        s.flush()
        if settled is not None:
            settled.payment_id = payment.id
        left = applied
        for position, (invoice, _) in enumerate(targets):
            if left <= 0:
                break
            part = min(left, owed[position])
            if part > 0:
                payment.allocations.append(PaymentAllocation(invoice_id=invoice.id, amount_cents=part))
                owed[position] -= part
                left -= part
        s.flush()
        uow.record("payment", payment.id, "received", {
            "family_id": family.id, "mode": payment.mode, "amount_cents": payment.amount_cents,
            "receipt_number": payment.receipt_number, "change_cents": payment.change_cents,
            "allocations": [[str(a.invoice_id), a.amount_cents] for a in payment.allocations],
            "card_masked_pan": payment.card_masked_pan, "card_authorisation": payment.card_authorisation,
        })
        payments.append(payment)
    return payments


@retry_on_conflict
def checkout_enrollments(ctx: ServiceContext, checkout_id: uuid.UUID, family_id: uuid.UUID,
                         enrollment_ids: list[uuid.UUID] | tuple[uuid.UUID, ...], tenders: Sequence[Tender] = (),
                         collect_by_debit: bool = False) -> CheckoutResult:
    """Invoice the family's pending enrollments and take the tenders (none: "Facturer sans paiement").
    ``collect_by_debit``: the invoice is issued « à prélever » — what the tenders leave due is
    collected by the next direct-debit run, from the family's mandate in force.

    The family is locked first (two counters serving it run one after the other), then the groups
    whose holds have expired (their places are counted again, including those this checkout
    takes), then the enrollments; the same ``checkout_id`` sent twice returns the first result."""
    tenders = tuple(tenders)
    if not enrollment_ids:
        raise DomainError("Aucune inscription à encaisser.")
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, *TAKES_PAYMENTS, what="L'encaissement")
        family = lock_family(s, family_id)
        existing = s.scalar(select(Invoice).where(Invoice.checkout_id == checkout_id))
        if existing is not None:  # "Payer" pressed twice, here or on another counter: the first did everything
            if existing.family_id != family.id:
                raise DomainError("Ce paiement a déjà servi pour une autre famille : rouvrez le récapitulatif.")
            payments = list(s.scalars(select(Payment).where(Payment.request_id == checkout_id, Payment.amount_cents > 0)
                                      .order_by(Payment.receipt_number)))
            return _result_for_invoice(s, existing, payments, sum(p.change_cents or 0 for p in payments))
        wanted = list(dict.fromkeys(enrollment_ids))
        _refuse_if_card_unsettled(s, family, tenders, enrollment_ids=wanted)
        if collect_by_debit and s.scalar(select(Mandate.id).where(Mandate.family_id == family.id,
                                                                  Mandate.revoked_at.is_(None))) is None:
            raise DomainError("Cette famille n'a pas de mandat de prélèvement en vigueur : enregistrez d'abord le "
                              "mandat qu'elle a signé (« Prélèvements… » sur son dossier).")
        # Groups first (the order enrollments take), then the enrollments themselves.
        expired_groups = sorted(set(s.scalars(select(Enrollment.group_id).where(
            Enrollment.id.in_(wanted), Enrollment.status == EnrollmentStatus.PENDING,
            Enrollment.hold_expires_at <= uow.now))), key=str)
        for group_id in expired_groups:
            lock_group(s, group_id)
        enrollments = list(s.scalars(select(Enrollment).where(Enrollment.id.in_(wanted))
                                     .with_for_update().execution_options(populate_existing=True)))
        if len(enrollments) != len(wanted):
            raise DomainError("Une des inscriptions à encaisser n'existe plus : rouvrez le récapitulatif.")
        taken_here: Counter[uuid.UUID] = Counter()
        for e in enrollments:
            if e.child.family_id != family.id:
                raise DomainError("Une des inscriptions appartient à une autre famille.")
            if e.status != EnrollmentStatus.PENDING:
                raise DomainError(f"L'inscription de {e.child.first_name} au groupe {e.group.label} n'est plus "
                                  "en attente de paiement : rouvrez le récapitulatif.")
            if e.hold_expires_at is not None and e.hold_expires_at <= uow.now:
                # An expired hold no longer counts among the group's places: it takes one now,
                # if one is left after those this same checkout already took.
                if e.group_id not in expired_groups:
                    lock_group(s, e.group_id)
                places = availability(s, uow.now, group_ids=[e.group_id])[e.group_id]
                if places.left - taken_here[e.group_id] <= 0:
                    raise DomainError(f"La réservation de {e.child.first_name} au groupe {e.group.label} a expiré et "
                                      "le groupe est complet : inscrivez l'enfant sur liste d'attente.")
                taken_here[e.group_id] += 1
        enrollments.sort(key=lambda e: (e.group.offer.starts_on, e.group.offer.position, e.child.birth_date))
        total = sum(e.price_cents for e in enrollments)
        plan = plan_tenders(tenders, total)
        counter_id = ctx.actor.counter_id
        if counter_id is None:
            raise DomainError("Connectez-vous à un guichet pour facturer.")
        number = take_number(s, counter_id, "invoice")
        prefix = number.split("-", 1)[0]
        invoice = Invoice(number=number, counter_id=counter_id, family_id=family.id, agent_id=ctx.actor.agent_id,
                          issued_at=uow.now, issue_date=to_local(uow.now).date(), total_cents=total,
                          debt_reference=_debt_reference(number, prefix, uow.now), checkout_id=checkout_id,
                          collect_by_debit=collect_by_debit)
        for position, e in enumerate(enrollments):
            offer = e.group.offer
            invoice.lines.append(InvoiceLine(
                enrollment_id=e.id, position=position,
                label=invoice_line_label(offer.invoice_label, offer.starts_on, offer.ends_on),
                child_name=e.child.full_name, quantity=1, unit_price_cents=e.price_cents, amount_cents=e.price_cents))
            e.status = EnrollmentStatus.CONFIRMED
            e.hold_expires_at = None
            e.updated_at = uow.now
            uow.record("enrollment", e.id, "confirmed", {"status": e.status, "invoice": number})
            uow.touch("places", e.group_id)
        s.add(invoice)
        s.flush()
        uow.record("invoice", invoice.id, "issued", {
            "number": number, "family_id": family.id, "total_cents": total, "debt_reference": invoice.debt_reference,
            **({"collect_by_debit": True} if collect_by_debit else {}),
            "lines": [[line.label, line.child_name, line.quantity, line.unit_price_cents, line.amount_cents]
                      for line in invoice.lines],
        })
        payments = (_record_payments(uow, family, tenders, plan, [(invoice, total)], lines_key(wanted), checkout_id)
                    if tenders else [])
        uow.touch("family", family.id)
        uow.emit("checkout.enrollments", lambda: {
            "checkout_id": checkout_id, "family_id": family.id, "enrollment_ids": [e.id for e in enrollments],
            "invoice": row_state(invoice), "lines": [row_state(line) for line in invoice.lines],
            "payments": payments_state(payments),
        })
        return _result_for_invoice(s, invoice, payments, plan.change_cents)


def open_invoices(session: Session, family_id: uuid.UUID) -> list[tuple[Invoice, int]]:
    """The family's invoices that still owe something, oldest first, with what each owes."""
    result = []
    for invoice in session.scalars(select(Invoice).where(Invoice.family_id == family_id)
                                   .order_by(Invoice.issued_at, Invoice.number)):
        paid, credited = paid_and_credited(session, invoice.id)
        owed = invoice.total_cents - credited - paid
        if owed > 0:
            result.append((invoice, owed))
    return result


def paid_and_credited(session: Session, invoice_id: uuid.UUID) -> tuple[int, int]:
    """What the payments allocated to an invoice and its credit notes amount to."""
    paid = int(session.scalar(select(func.coalesce(func.sum(PaymentAllocation.amount_cents), 0))
                              .where(PaymentAllocation.invoice_id == invoice_id)) or 0)
    credited = int(session.scalar(select(func.coalesce(func.sum(CreditNote.total_cents), 0))
                                  .where(CreditNote.invoice_id == invoice_id)) or 0)
    return paid, credited


@dataclass(frozen=True)
class DueInvoice:
    id: uuid.UUID
    number: str
    issue_date: dt.date
    total_cents: int
    owed_cents: int


def family_due_invoices(ctx: ServiceContext, family_id: uuid.UUID) -> list[DueInvoice]:
    with ctx.reading() as s:
        return [DueInvoice(i.id, i.number, i.issue_date, i.total_cents, owed)
                for i, owed in open_invoices(s, family_id)]


def balance_lines_key(ctx: ServiceContext, family_id: uuid.UUID) -> str:
    """The card-attempt fingerprint of a family's open invoices (what pay_balance settles)."""
    with ctx.reading() as s:
        return lines_key([str(i.id) for i, _ in open_invoices(s, family_id)])


def _balance_result(s: Session, family: Family, first: Invoice | None, payments: list[Payment],
                    due_before_cents: int) -> CheckoutResult:
    """What one balance payment did: the amount due when it was taken, what it took (never the
    invoices' earlier payments), the change given, and the family's balance after it."""
    return CheckoutResult(first.id if first is not None else None, first.number if first is not None else "",
                          due_before_cents, sum(p.amount_cents for p in payments),
                          sum(p.change_cents or 0 for p in payments), tuple(_payment_view(p) for p in payments),
                          balance_of(s, family.id).due_cents)


@retry_on_conflict
def pay_balance(ctx: ServiceContext, family_id: uuid.UUID, tenders: Sequence[Tender],
                request_id: uuid.UUID | None = None) -> CheckoutResult:
    """Take a payment on what the family owes on its invoices (oldest first).

    ``request_id`` is the request's key, like a checkout's: the same request sent twice (here or
    from another counter) takes nothing more and returns the first result."""
    tenders = tuple(tenders)
    if not tenders:
        raise ValidationFailed({"tenders": "Ajoutez au moins un règlement."})
    request_id = request_id or uuid.uuid4()
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, *TAKES_PAYMENTS, what="L'encaissement")
        family = lock_family(s, family_id)
        done = list(s.scalars(select(Payment).where(Payment.request_id == request_id, Payment.amount_cents > 0)
                              .order_by(Payment.receipt_number)))
        if done:
            if any(p.family_id != family.id for p in done):
                raise DomainError("Ce règlement a déjà servi pour une autre famille.")
            first = s.scalar(select(Invoice).join(PaymentAllocation, PaymentAllocation.invoice_id == Invoice.id)
                             .where(PaymentAllocation.payment_id == done[0].id).order_by(Invoice.issued_at).limit(1))
            return _balance_result(s, family, first, done, sum(p.amount_cents for p in done)
                                   + max(0, balance_of(s, family.id).due_cents))
        targets = open_invoices(s, family_id)
        due = sum(owed for _, owed in targets)
        if due <= 0:
            raise DomainError("Cette famille ne doit rien.")
        _refuse_if_card_unsettled(s, family, tenders, invoice_ids=[i.id for i, _ in targets])
        plan = plan_tenders(tenders, due)
        key = lines_key([str(i.id) for i, _ in targets])
        payments = _record_payments(uow, family, tenders, plan, targets, key, request_id)
        uow.touch("family", family.id)
        uow.emit("checkout.balance", lambda: {"request_id": request_id, "family_id": family.id,
                                              "payments": payments_state(payments)})
        return _balance_result(s, family, targets[0][0], payments, due)


def complete_card_checkout(ctx: ServiceContext, attempt_id: uuid.UUID) -> CheckoutResult:
    """Record a card debit the terminal accepted but whose checkout was never committed (the
    application stopped in between, or the attempt was settled from the terminal's ticket). Its
    lines are invoiced and paid by it if they still can be (the attempt's id is the checkout's,
    so completing twice issues one invoice); if they cannot any more — paid meanwhile by another
    mode, cancelled, or the family owes less than was taken — the money is kept as family credit,
    recorded once, to pay other invoices or to refund."""
    from ems_desktop.services.card_payments import get_attempt

    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, permissions.REGISSEUR, what="L'enregistrement d'un paiement par carte "
                                                                           "resté en suspens")
    attempt = get_attempt(ctx, attempt_id)
    if attempt.state != AttemptState.ACCEPTED or attempt.kind != "debit":
        raise DomainError("Seul un paiement par carte accepté peut être enregistré ainsi.")
    with ctx.reading() as s:
        row = s.get_one(CardAttempt, attempt_id)
        lines, lines_kind = list(row.lines or []), row.lines_kind
        done = s.scalar(select(Invoice).where(Invoice.checkout_id == attempt_id))
        if lines_kind == "enrollments":
            statuses = set(s.scalars(select(Enrollment.status).where(Enrollment.id.in_([uuid.UUID(i) for i in lines]))))
            invoiceable = bool(lines) and statuses == {EnrollmentStatus.PENDING}
        else:
            invoiceable = sum(owed for _, owed in open_invoices(s, attempt.family_id)) >= attempt.amount_cents
    tender = Tender(PaymentMode.CARD, attempt.amount_cents, card_attempt_id=attempt.id)
    if done is not None or (attempt.payment_id is None and invoiceable):
        if lines_kind == "enrollments":
            return checkout_enrollments(ctx, attempt.id, attempt.family_id, [uuid.UUID(i) for i in lines], [tender])
        return pay_balance(ctx, attempt.family_id, [tender], request_id=attempt.id)
    return keep_card_debit_as_credit(ctx, attempt_id)


@retry_on_conflict
def keep_card_debit_as_credit(ctx: ServiceContext, attempt_id: uuid.UUID) -> CheckoutResult:
    """An accepted card debit recorded as a payment allocated to no invoice: family credit. Once:
    asked again, it returns what was recorded."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, permissions.REGISSEUR, what="L'enregistrement d'un paiement en avoir")
        family_id = s.scalar(select(CardAttempt.family_id).where(CardAttempt.id == attempt_id))
        if family_id is None:
            raise NotFound("Ce paiement par carte n'existe pas.")
        family = lock_family(s, family_id)
        attempt = s.scalars(select(CardAttempt).where(CardAttempt.id == attempt_id).with_for_update()
                            .execution_options(populate_existing=True)).one()
        if attempt.state != AttemptState.ACCEPTED or attempt.kind != "debit":
            raise DomainError("Seul un paiement par carte accepté peut être gardé en avoir.")
        if attempt.payment_id is not None:
            payment = s.get_one(Payment, attempt.payment_id)
            if payment.allocations:
                raise DomainError("Ce paiement par carte est déjà enregistré sur une facture.")
        else:
            cash_session = require_open_session(s, ctx.actor.counter_id)
            payment = Payment(
                family_id=family.id, cash_session_id=cash_session.id, counter_id=ctx.actor.counter_id,
                agent_id=ctx.actor.agent_id, received_at=uow.now, mode=PaymentMode.CARD,
                amount_cents=attempt.amount_cents, request_id=attempt.id,
                receipt_number=take_number(s, ctx.actor.counter_id, "receipt"),
                card_masked_pan=attempt.masked_pan, card_authorisation=attempt.authorisation,
                card_contract=attempt.merchant_contract, card_transaction=attempt.transaction_number,
                card_application=attempt.card_application)
            s.add(payment)
            s.flush()
            attempt.payment_id = payment.id
            uow.record("payment", payment.id, "kept_as_credit", {
                "family_id": family.id, "mode": payment.mode, "amount_cents": payment.amount_cents,
                "receipt_number": payment.receipt_number, "card_attempt": attempt.id,
                "card_masked_pan": payment.card_masked_pan, "card_authorisation": payment.card_authorisation})
            uow.touch("family", family.id)
            uow.emit("checkout.card_as_credit", {"attempt": row_state(attempt), "family_id": family.id,
                                                 "payment": payments_state([payment])[0]})
        return CheckoutResult(None, "", 0, payment.amount_cents, 0, (_payment_view(payment),),
                              balance_of(s, family.id).due_cents, kept_as_credit=True)


REFUND_CREDIT_MODES = (PaymentMode.CASH, PaymentMode.CHEQUE)


@retry_on_conflict
def refund_family_credit(ctx: ServiceContext, family_id: uuid.UUID, amount_cents: int, mode: str, *,
                         cheque_number: str = "", reference: str = "") -> PaymentView:
    """Give back some of the family's credit in cash or by cheque (``reference``: the credit
    note or the reason, printed on the receipt and kept in the journal). The money leaves where
    it sits, oldest first; the credit cannot go below zero."""
    errors = {}
    problem = amount_problem(amount_cents)
    if problem:
        errors["amount"] = problem
    if mode not in REFUND_CREDIT_MODES:
        errors["mode"] = "L'avoir se rembourse en espèces ou par chèque."
    problem = text_problem(cheque_number, limit_of(Payment.cheque_number))
    if problem:
        errors["cheque_number"] = problem
    elif mode == PaymentMode.CHEQUE and not cheque_number.strip():
        errors["cheque_number"] = "Le numéro du chèque de remboursement est obligatoire."
    problem = text_problem(reference, 200)
    if problem:
        errors["reference"] = problem
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, permissions.REGISSEUR, what="Le remboursement d'un avoir")
        family = lock_family(s, family_id)
        sources = credit_sources(s, family.id)
        available = sum(source.cents for source in sources)
        if amount_cents > available:
            raise ValidationFailed({"amount": f"L'avoir de la famille est de {format_cents(available)} : "
                                              "pas davantage à rembourser."})
        cash_session = require_open_session(s, ctx.actor.counter_id)
        refund = Payment(family_id=family.id, cash_session_id=cash_session.id, counter_id=ctx.actor.counter_id,
                         agent_id=ctx.actor.agent_id, received_at=uow.now, mode=mode, amount_cents=-amount_cents,
                         receipt_number=take_number(s, ctx.actor.counter_id, "receipt"),
                         cheque_number=cheque_number.strip())
        refund.allocations.extend(_drawn_from(sources, amount_cents))
        s.add(refund)
        s.flush()
        uow.record("payment", refund.id, "credit_refunded", {
            "family_id": family.id, "mode": mode, "amount_cents": -amount_cents, "reference": reference.strip(),
            "receipt_number": refund.receipt_number,
            "from": [[str(a.invoice_id), a.amount_cents] for a in refund.allocations]})
        uow.touch("family", family.id)
        uow.emit("credit.refund", {"family_id": family.id, "reference": reference.strip(),
                                   "payment": payments_state([refund])[0]})
        return _payment_view(refund)
