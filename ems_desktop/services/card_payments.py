"""Card payments through the counter's terminal: a state machine written to the database before
each step, so that a crash at any point leaves an attempt that can be settled — never a charge
lost, never one made twice.

    requested ──mark_sent──▶ sent ──record_answer──▶ accepted | refused | failed | unreachable | in_doubt
        │                     │                                                        │
        └─(crash: cancelled)  └─(crash: in_doubt)                   settle ◀───────────┘

- An attempt open or in doubt blocks any other card charge of the same lines until it is settled
  from the terminal's own ticket.
- After an error or an abandon (``failed``) the same lines cannot be charged by card again for 30
  minutes (the family portal's rule), unless the agent confirms the terminal printed a failure.
- ``mark_sent`` moves an attempt from requested to sent once only: asking twice sends one request.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from ems_desktop.config import CARD_RETRY_BLOCK_MINUTES
from ems_desktop.dates import to_local
from ems_desktop.models import AttemptState, CardAttempt, InvoiceLine
from ems_desktop.money import amount_problem, format_cents
from ems_desktop.rules.text import FREE_TEXT_LIMIT, text_problem
from ems_desktop.services import permissions
from ems_desktop.services.context import ServiceContext, UnitOfWork
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed
from ems_desktop.services.settings import is_demo_database, read_shared
from ems_desktop.services.text_guard import limit_of
from ems_desktop.sync.facts import row_state
from ems_desktop.terminal.cards import mask_card_number
from ems_desktop.terminal.client import CardTerminal, Outcome, TerminalRequest, TerminalResult

log = logging.getLogger(__name__)

FAILED_OUTCOMES = {Outcome.ABANDONED, Outcome.TERMINAL_TIMEOUT, Outcome.FORMAT_ERROR, Outcome.NOT_DONE}
# How long a "sent" attempt may still get its answer: the terminal client's deadline (180 s) plus a
# margin to record it. Younger, a counter may still be waiting for it: nobody else touches it.
STALE_AFTER = dt.timedelta(seconds=180 + 60)


class CardChargeBlocked(DomainError):
    """A card charge of these lines is not allowed now; the message says why and what to do."""


SIMULATOR_REFUSED = ("Le simulateur de terminal ne sert qu'à la base de démonstration : aucun paiement réel ne "
                     "peut passer par lui. Configurez l'adresse du TPE du guichet (Fichier › Paramètres).")


@dataclass(frozen=True)
class AttemptView:
    id: uuid.UUID
    family_id: uuid.UUID
    lines_key: str
    kind: str
    amount_cents: int
    state: str
    outcome: str
    message: str
    masked_pan: str
    authorisation: str
    merchant_contract: str
    transaction_number: str
    card_application: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    finished_at: dt.datetime | None
    retry_blocked_until: dt.datetime | None
    settled_at: dt.datetime | None
    settlement_note: str
    payment_id: uuid.UUID | None
    family_name: str = ""  # filled where a list is shown (the Accueil)

    @property
    def accepted(self) -> bool:
        return self.state == AttemptState.ACCEPTED

    @property
    def in_doubt(self) -> bool:
        return self.state == AttemptState.IN_DOUBT

    @property
    def state_label(self) -> str:
        return AttemptState.LABELS.get(self.state, self.state)


def _view(a: CardAttempt) -> AttemptView:
    return AttemptView(
        a.id, a.family_id, a.lines_key, a.kind, a.amount_cents, a.state, a.outcome, a.message, a.masked_pan,
        a.authorisation, a.merchant_contract, a.transaction_number, a.card_application, a.created_at, a.sent_at,
        a.finished_at, a.retry_blocked_until, a.settled_at, a.settlement_note, a.payment_id,
    )


def lines_key(ids: Iterable[uuid.UUID | str]) -> str:
    """A fingerprint of what is paid (enrollments, invoices): the same lines give the same key."""
    joined = ",".join(sorted(str(i) for i in ids))
    return hashlib.sha256(joined.encode()).hexdigest()[:40]


def _hhmm(moment: dt.datetime) -> str:
    return f"{to_local(moment):%H:%M}"


def _journal(uow: UnitOfWork, attempt: CardAttempt, action: str) -> None:
    uow.record("card_attempt", attempt.id, action, {
        "state": attempt.state, "amount_cents": attempt.amount_cents, "kind": attempt.kind,
        "outcome": attempt.outcome, "masked_pan": attempt.masked_pan, "authorisation": attempt.authorisation,
        "retry_blocked_until": attempt.retry_blocked_until,
    })


def _emit(uow: UnitOfWork, action: str, attempts: list[CardAttempt]) -> None:
    """The unit's operation: card attempts are facts (the terminal's word on the money), sent as
    they now stand (masked card number only)."""
    uow.emit("card.attempts", lambda: {"action": action, "attempts": [row_state(a) for a in attempts]})


def _load(uow: UnitOfWork, attempt_id: uuid.UUID) -> CardAttempt:
    attempt = uow.session.scalar(select(CardAttempt).where(CardAttempt.id == attempt_id).with_for_update())
    if attempt is None:
        raise NotFound("Ce paiement par carte n'existe pas.")
    return attempt


def check_can_charge(uow: UnitOfWork, key: str, kind: str = "debit", family_id: uuid.UUID | None = None,
                     lines: Iterable[uuid.UUID | str] = ()) -> None:
    """Raise CardChargeBlocked if a card charge of these lines is not allowed now. An earlier
    attempt counts when it paid the same lines or any of them (the recap may have changed since)."""
    line_keys = {str(i) for i in lines}
    condition = CardAttempt.lines_key == key
    if family_id is not None:
        condition = condition | (CardAttempt.family_id == family_id)
    previous = uow.session.scalars(select(CardAttempt).where(condition, CardAttempt.kind == kind)).all()
    for attempt in previous:
        if attempt.lines_key != key and not (line_keys & set(attempt.lines or ())):
            continue
        if attempt.state in AttemptState.OPEN:
            raise CardChargeBlocked(
                f"Un paiement par carte de ces lignes ({_hhmm(attempt.created_at)}) est en cours ou à vérifier : "
                "contrôlez le ticket imprimé par le terminal et réglez-le depuis l'Accueil avant un nouvel essai.")
        if attempt.state == AttemptState.ACCEPTED and attempt.payment_id is None:
            raise CardChargeBlocked(
                f"Le terminal a accepté un paiement par carte de ces lignes à "
                f"{_hhmm(attempt.finished_at or attempt.created_at)} qui n'est pas encore enregistré : "
                "enregistrez-le depuis l'Accueil, ne faites pas payer une seconde fois.")
        if attempt.state == AttemptState.ACCEPTED and attempt.lines_kind == "enrollments":
            raise CardChargeBlocked(
                f"Ces lignes ont déjà été payées par carte à {_hhmm(attempt.finished_at or attempt.created_at)} "
                f"(autorisation {attempt.authorisation or '—'}) : ne les faites pas payer une seconde fois.")
        if attempt.retry_blocked_until is not None and attempt.retry_blocked_until > uow.now:
            minutes = max(1, int((attempt.retry_blocked_until - uow.now).total_seconds() // 60))
            raise CardChargeBlocked(
                f"Après l'échec du paiement par carte de {_hhmm(attempt.finished_at or attempt.created_at)}, ces "
                f"lignes ne peuvent être repayées par carte qu'à partir de {_hhmm(attempt.retry_blocked_until)} "
                f"(dans {minutes} min), pour ne jamais débiter deux fois. Si le terminal a imprimé un ticket "
                "d'échec, confirmez-le pour réessayer tout de suite ; sinon, encaissez autrement.")


def unresolved_attempt(session: Session, family_id: uuid.UUID | None, *,
                       enrollment_ids: Iterable[uuid.UUID | str] = (), invoice_ids: Iterable[uuid.UUID | str] = (),
                       kind: str = "debit", except_attempt_id: uuid.UUID | None = None) -> CardAttempt | None:
    """A card attempt of the family, covering one of these enrollments or invoices, whose money
    is not settled: open, in doubt, or accepted by the terminal but not recorded. While there is
    one, no other payment of those lines may be taken, whatever the mode."""
    enrollment_keys = {str(i) for i in enrollment_ids}
    invoice_keys = {str(i) for i in invoice_ids}
    for attempt in session.scalars(select(CardAttempt).where(
            CardAttempt.family_id == family_id, CardAttempt.kind == kind,
            CardAttempt.state.in_((*AttemptState.OPEN, AttemptState.ACCEPTED)))):
        if attempt.id == except_attempt_id or (attempt.state == AttemptState.ACCEPTED and attempt.payment_id):
            continue
        covered = set(attempt.lines or ())
        if covered & (enrollment_keys if attempt.lines_kind == "enrollments" else invoice_keys):
            return attempt
        if attempt.lines_kind == "enrollments" and invoice_keys and covered and session.scalar(
                select(InvoiceLine.id).where(
                    InvoiceLine.enrollment_id.in_([uuid.UUID(i) for i in covered]),
                    InvoiceLine.invoice_id.in_([uuid.UUID(i) for i in invoice_keys])).limit(1)):
            return attempt
    return None


def blocked_by_attempt_message(attempt: CardAttempt) -> str:
    """What the agent reads when another payment of these lines is refused, and where to act."""
    when = _hhmm(attempt.finished_at or attempt.created_at)
    what = "remboursement" if attempt.kind == "refund" else "paiement"
    if attempt.state == AttemptState.ACCEPTED:
        return (f"Le terminal a accepté un {what} par carte de {format_cents(attempt.amount_cents)} pour ces lignes à "
                f"{when}, pas encore enregistré : enregistrez-le depuis l'Accueil (Ctrl+1) — n'encaissez pas une "
                "seconde fois.")
    return (f"Un {what} par carte de {format_cents(attempt.amount_cents)} pour ces lignes ({when}) est en cours ou "
            "à vérifier : réglez-le depuis l'Accueil (Ctrl+1) d'après le ticket du terminal avant d'encaisser "
            "autrement.")


def open_attempt(ctx: ServiceContext, family_id: uuid.UUID, key: str, amount_cents: int,
                 kind: str = "debit", lines: Iterable[uuid.UUID | str] = (), lines_kind: str = "enrollments",
                 simulated: bool = False) -> AttemptView:
    """Record a card charge before anything is sent. ``simulated``: through the built-in
    simulator, allowed on the demonstration database only (its approvals are no money)."""
    problem = amount_problem(amount_cents)
    if problem:
        raise ValidationFailed({"amount": problem})
    with ctx.unit_of_work() as uow:
        if simulated and not is_demo_database(uow.session):
            raise CardChargeBlocked(SIMULATOR_REFUSED, field="card")
        check_can_charge(uow, key, kind, family_id, lines)
        attempt = CardAttempt(family_id=family_id, lines_key=key, kind=kind, amount_cents=amount_cents,
                              lines=[str(i) for i in lines], lines_kind=lines_kind,
                              state=AttemptState.REQUESTED, created_at=uow.now, simulated=simulated,
                              agent_id=ctx.actor.agent_id, counter_id=ctx.actor.counter_id)
        uow.session.add(attempt)
        uow.session.flush()
        _journal(uow, attempt, "requested")
        _emit(uow, "requested", [attempt])
        return _view(attempt)


def mark_sent(ctx: ServiceContext, attempt_id: uuid.UUID) -> bool:
    """Requested → sent, committed before a byte goes to the terminal. False if the attempt was
    already sent (or is no longer requested): then nothing must be sent again."""
    with ctx.unit_of_work() as uow:
        # An UPDATE's result is a CursorResult (Session.execute is typed for any statement).
        moved = cast("CursorResult[Any]", uow.session.execute(
            update(CardAttempt).where(CardAttempt.id == attempt_id, CardAttempt.state == AttemptState.REQUESTED)
            .values(state=AttemptState.SENT, sent_at=uow.now))).rowcount
        if moved:
            attempt = _load(uow, attempt_id)
            _journal(uow, attempt, "sent")
            _emit(uow, "sent", [attempt])
        return bool(moved)


def _terminal_text(value: str | None, attribute: InstrumentedAttribute[Any]) -> str:
    """A field of the terminal's answer as it can be stored: printable characters, cut to the
    column. The answer must be recorded whatever the terminal sent — an accepted debit is money
    taken — so an odd field is trimmed, never a reason to refuse."""
    printable = "".join(ch for ch in (value or "") if ch.isprintable())
    return printable[:limit_of(attribute)]


def record_answer(ctx: ServiceContext, attempt_id: uuid.UUID, result: TerminalResult) -> AttemptView:
    """The terminal's answer. A late answer to an attempt already found in doubt is recorded too
    (the terminal is the truth about the money): unsettled, it settles the attempt; settled as
    failed while the terminal says accepted, the attempt becomes accepted and waits on the
    Accueil to be recorded; any other late answer is kept in the journal."""
    with ctx.unit_of_work() as uow:
        attempt = _load(uow, attempt_id)
        late = attempt.state == AttemptState.IN_DOUBT or attempt.settled_at is not None
        if attempt.settled_at is not None:
            if not (result.outcome is Outcome.ACCEPTED and attempt.state == AttemptState.FAILED):
                uow.record("card_attempt", attempt.id, "late_answer_kept", {
                    "outcome": result.outcome.name, "authorisation": _terminal_text(result.authorisation,
                                                                                    CardAttempt.authorisation),
                    "masked_pan": mask_card_number(result.masked_pan or ""), "state": attempt.state})
                return _view(attempt)
        elif attempt.state not in (AttemptState.SENT, AttemptState.IN_DOUBT):
            raise DomainError(f"Ce paiement par carte est déjà « {AttemptState.LABELS.get(attempt.state)} ».")
        attempt.outcome = result.outcome.name
        attempt.message = result.message_fr
        attempt.reason_code = _terminal_text(result.reason_code, CardAttempt.reason_code)
        attempt.finished_at = uow.now
        attempt.masked_pan = mask_card_number(result.masked_pan or "")
        attempt.authorisation = _terminal_text(result.authorisation, CardAttempt.authorisation)
        attempt.merchant_contract = _terminal_text(result.merchant_contract, CardAttempt.merchant_contract)
        attempt.transaction_number = _terminal_text(result.transaction_number, CardAttempt.transaction_number)
        attempt.card_application = _terminal_text(result.card_application, CardAttempt.card_application)
        if result.outcome is Outcome.ACCEPTED and attempt.simulated and not is_demo_database(uow.session):
            attempt.state = AttemptState.FAILED  # a simulator's "yes" is no money outside the demo
            attempt.message = SIMULATOR_REFUSED
        elif result.outcome is Outcome.ACCEPTED:
            attempt.state = AttemptState.ACCEPTED
        elif result.outcome is Outcome.REFUSED:
            attempt.state = AttemptState.REFUSED
        elif result.outcome is Outcome.UNREACHABLE and not result.request_sent:
            attempt.state = AttemptState.UNREACHABLE
        elif result.outcome in FAILED_OUTCOMES:
            attempt.state = AttemptState.FAILED
            blocked_minutes = read_shared(uow.session, CARD_RETRY_BLOCK_MINUTES)
            attempt.retry_blocked_until = uow.now + dt.timedelta(minutes=blocked_minutes)
        else:
            attempt.state = AttemptState.IN_DOUBT
        _journal(uow, attempt, f"late_{attempt.state}" if late else attempt.state)
        _emit(uow, "answered", [attempt])
        return _view(attempt)


def _ticket_moment(text: str, attempt: CardAttempt) -> dt.datetime:
    """The time printed on the terminal's ticket (hh:mm, Paris), checked against the attempt: a
    ticket is printed within the terminal's deadline after the request was sent."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*[:hH]\s*(\d{2})\s*", text or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationFailed({"ticket_time": "Saisissez l'heure imprimée sur le ticket du terminal (hh:mm)."})
    sent = to_local(attempt.sent_at or attempt.created_at)
    ticket = sent.replace(hour=int(match.group(1)), minute=int(match.group(2)), second=0, microsecond=0)
    if ticket < sent - dt.timedelta(hours=12):
        ticket += dt.timedelta(days=1)  # sent just before midnight
    if not sent.replace(second=0, microsecond=0) - dt.timedelta(minutes=2) <= ticket <= sent + STALE_AFTER:
        raise ValidationFailed({"ticket_time": f"Ce ticket de {ticket:%H:%M} n'est pas celui de ce paiement, envoyé "
                                               f"au terminal à {sent:%H:%M} : retrouvez le bon ticket."})
    return ticket


def settle(ctx: ServiceContext, attempt_id: uuid.UUID, *, accepted: bool, authorisation: str = "",
           card_last_digits: str = "", note: str = "", ticket_time: str = "") -> AttemptView:
    """Settle an attempt in doubt from the terminal's own ticket (régisseur): accepted — with the
    authorisation number and the time printed on that ticket — or failed (the lines are free to
    be paid again at once)."""
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.REGISSEUR,
                                 what="Le règlement d'un paiement par carte à vérifier")
        attempt = _load(uow, attempt_id)
        if attempt.settled_at is not None:
            raise DomainError(f"Ce paiement a déjà été réglé à {_hhmm(attempt.settled_at)} "
                              f"({AttemptState.LABELS.get(attempt.state)}).")
        if attempt.state not in (AttemptState.IN_DOUBT, AttemptState.SENT):
            raise DomainError("Ce paiement n'est pas à vérifier : il est "
                              f"« {AttemptState.LABELS.get(attempt.state)} ».")
        if attempt.state == AttemptState.SENT and attempt.sent_at and uow.now < attempt.sent_at + STALE_AFTER:
            raise DomainError(f"Ce paiement attend encore la réponse du terminal (envoyé à {_hhmm(attempt.sent_at)}) : "
                              f"laissez le guichet qui l'a lancé la recevoir, ou réessayez après "
                              f"{_hhmm(attempt.sent_at + STALE_AFTER)}.")
        errors = {key: problem for key, problem in (
            ("authorisation", text_problem(authorisation, limit_of(CardAttempt.authorisation))),
            ("note", text_problem(note, FREE_TEXT_LIMIT, multiline=True))) if problem}
        if errors:
            raise ValidationFailed(errors)
        if accepted:
            authorisation = authorisation.strip()
            if not authorisation:
                raise ValidationFailed({"authorisation": "Saisissez le numéro d'autorisation imprimé sur le ticket du "
                                                         "terminal."})
            digits = card_last_digits.strip()
            if digits and not (digits.isdigit() and len(digits) == 4):
                raise ValidationFailed({"card_last_digits": "Saisissez les 4 derniers chiffres de la carte, ou rien."})
            ticket = _ticket_moment(ticket_time, attempt)
            note = note.strip() or f"Accepté d'après le ticket du terminal de {ticket:%H:%M}"
            attempt.state = AttemptState.ACCEPTED
            attempt.authorisation = authorisation
            if digits and not attempt.masked_pan:
                attempt.masked_pan = "############" + digits
        else:
            attempt.state = AttemptState.FAILED
            attempt.retry_blocked_until = None  # the ticket shows the failure: the lines are free
        attempt.settled_at = uow.now
        attempt.settled_by_id = ctx.actor.agent_id
        attempt.settlement_note = note.strip() or ("Accepté d'après le ticket du terminal" if accepted
                                                   else "Échec constaté sur le ticket du terminal")
        attempt.finished_at = attempt.finished_at or uow.now
        _journal(uow, attempt, "settled")
        _emit(uow, "settled", [attempt])
        return _view(attempt)


def confirm_failure_printed(ctx: ServiceContext, attempt_id: uuid.UUID) -> AttemptView:
    """The agent saw the terminal print a failure: lift the 30-minute block at once."""
    with ctx.unit_of_work() as uow:
        attempt = _load(uow, attempt_id)
        if attempt.state != AttemptState.FAILED:
            raise DomainError("Seul un paiement échoué peut être confirmé comme tel.")
        attempt.retry_blocked_until = None
        attempt.settlement_note = "Ticket d'échec du terminal constaté par l'agent"
        attempt.settled_at = uow.now
        attempt.settled_by_id = ctx.actor.agent_id
        _journal(uow, attempt, "failure_confirmed")
        _emit(uow, "failure_confirmed", [attempt])
        return _view(attempt)


def recover_interrupted(ctx: ServiceContext) -> list[AttemptView]:
    """At start-up, this counter's attempts interrupted by a crash: one left "requested" was never
    sent and is cancelled (sending is a compare-and-set from "requested", so nothing can send it
    any more); one left "sent" longer ago than the terminal's deadline is in doubt (the terminal
    may have charged). Other counters' attempts, and this counter's younger ones, are not touched:
    their answers may still come."""
    if ctx.actor.counter_id is None:
        return []
    unfinished = (CardAttempt.counter_id == ctx.actor.counter_id,
                  CardAttempt.state.in_((AttemptState.SENT, AttemptState.REQUESTED)))
    with ctx.reading() as session:
        # Most starts have nothing to recover: then nothing is written, and the first screen need
        # not wait for the start-up's check of the file.
        if session.scalar(select(CardAttempt.id).where(*unfinished).limit(1)) is None:
            return []
    with ctx.unit_of_work() as uow:
        changed, recovered = [], []
        for attempt in uow.session.scalars(select(CardAttempt).where(*unfinished).with_for_update()):
            if attempt.state == AttemptState.REQUESTED:
                attempt.state = AttemptState.CANCELLED
                attempt.message = "Jamais envoyé au terminal (arrêt de l'application)"
            elif attempt.sent_at is not None and attempt.sent_at + STALE_AFTER <= uow.now:
                attempt.state = AttemptState.IN_DOUBT
                attempt.outcome = Outcome.IN_DOUBT.name
                attempt.message = ("L'application s'est arrêtée pendant l'attente de la réponse du terminal : "
                                   "paiement à vérifier sur le ticket du terminal")
            else:
                continue
            _journal(uow, attempt, "recovered")
            changed.append(_view(attempt))
            recovered.append(attempt)
        if recovered:
            _emit(uow, "recovered", recovered)
        if changed:
            log.warning("%d paiement(s) par carte interrompu(s) repris au démarrage", len(changed))
        return changed


def get_attempt(ctx: ServiceContext, attempt_id: uuid.UUID) -> AttemptView:
    with ctx.reading() as s:
        attempt = s.get(CardAttempt, attempt_id)
        if attempt is None:
            raise NotFound("Ce paiement par carte n'existe pas.")
        return _view(attempt)


def attempts_needing_attention(ctx: ServiceContext) -> list[AttemptView]:
    """Attempts in doubt (or still sent), and debits accepted by the terminal whose checkout was
    never recorded (a crash in between) — oldest first; the Accueil tab lists them."""
    from dataclasses import replace

    from ems_desktop.models import Family

    with ctx.reading() as s:
        rows = s.execute(select(CardAttempt, Family.name).join(Family, Family.id == CardAttempt.family_id).where(
            CardAttempt.state.in_((AttemptState.IN_DOUBT, AttemptState.SENT))
            | ((CardAttempt.state == AttemptState.ACCEPTED) & CardAttempt.payment_id.is_(None)))
            .order_by(CardAttempt.created_at)).all()
        return [replace(_view(a), family_name=name) for a, name in rows]


DbCall = Callable[..., Awaitable[Any]]


async def _in_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await asyncio.to_thread(function, *args, **kwargs)


T = TypeVar("T")


class CardPaymentRunner:
    """Drives one charge: database step, terminal, database step. Qt-free; the application passes
    its database worker as ``db_call`` so every database step runs on the one database thread."""

    def __init__(self, ctx: ServiceContext, terminal: CardTerminal, db_call: DbCall = _in_thread, *,
                 simulated: bool = False) -> None:
        self.ctx = ctx
        self.terminal = terminal
        self._db = db_call
        self.simulated = simulated  # the terminal is the built-in simulator

    async def charge(self, family_id: uuid.UUID, key: str, amount_cents: int, *, kind: str = "debit",
                     reference: str = "", lines: Iterable[uuid.UUID | str] = (),
                     lines_kind: str = "enrollments") -> AttemptView:
        attempt = await self._db(open_attempt, self.ctx, family_id, key, amount_cents, kind, tuple(lines), lines_kind,
                                 self.simulated)
        return await self.send(attempt.id, reference=reference)

    async def send(self, attempt_id: uuid.UUID, *, reference: str = "") -> AttemptView:
        """Send the attempt's request — once. A second call for the same attempt sends nothing and
        returns the attempt as it stands."""
        if not await self._db(mark_sent, self.ctx, attempt_id):
            unsent: AttemptView = await self._db(get_attempt, self.ctx, attempt_id)
            return unsent
        attempt: AttemptView = await self._db(get_attempt, self.ctx, attempt_id)
        request = TerminalRequest(amount_cents=attempt.amount_cents,
                                  kind="refund" if attempt.kind == "refund" else "debit",
                                  reference=reference or str(attempt.id))
        try:
            result = await self.terminal.transact(request)
        except asyncio.CancelledError:
            raise  # the attempt stays "sent": at the next start it is found in doubt
        except Exception:  # noqa: BLE001 - any client failure after sending means "in doubt"
            log.exception("terminal client failed after sending")
            result = TerminalResult(outcome=Outcome.IN_DOUBT, amount_cents=attempt.amount_cents,
                                    message_fr="Erreur pendant l'échange avec le terminal : paiement à vérifier "
                                               "sur le ticket du terminal", request_sent=True)
        answered: AttemptView = await self._db(record_answer, self.ctx, attempt_id, result)
        return answered
