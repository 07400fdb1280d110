"""Cash sessions: an agent opens the counter's till with a float; every payment belongs to the open
session; closing counts cash and cheques and records expected versus counted by mode. A closed
session cannot be changed."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ems_desktop.dates import to_local
from ems_desktop.models import Agent, CashSession, CashSessionCount, Counter, Payment, PaymentMode
from ems_desktop.money import amount_problem
from ems_desktop.rules.text import FREE_TEXT_LIMIT, text_problem
from ems_desktop.services import permissions
from ems_desktop.services.context import ServiceContext, retry_on_conflict
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed
from ems_desktop.sync.facts import row_state

COUNTED_MODES = (PaymentMode.CASH, PaymentMode.CHEQUE, PaymentMode.ANCV, PaymentMode.CARD)


class NoOpenCashSession(DomainError):
    """Money cannot be taken before the counter's cash session is opened."""


@dataclass(frozen=True)
class ModeTotal:
    mode: str
    count: int
    amount_cents: int        # net of refunds
    expected_cents: int      # what the till (or the terminal's total) should hold for this mode
    counted_cents: int | None = None

    @property
    def difference_cents(self) -> int | None:
        return None if self.counted_cents is None else self.counted_cents - self.expected_cents

    @property
    def label(self) -> str:
        return PaymentMode.LABELS.get(self.mode, self.mode)


@dataclass(frozen=True)
class CashSessionView:
    id: uuid.UUID
    counter_id: uuid.UUID
    opened_by: str
    opened_at: dt.datetime
    opening_float_cents: int
    closed_at: dt.datetime | None
    closed_by: str
    closing_note: str
    totals: tuple[ModeTotal, ...]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def received_cents(self) -> int:
        return sum(t.amount_cents for t in self.totals)

    def total(self, mode: str) -> ModeTotal:
        return next(t for t in self.totals if t.mode == mode)


def open_session_of(session: Session, counter_id: uuid.UUID | None) -> CashSession | None:
    return session.scalar(select(CashSession).where(CashSession.counter_id == counter_id,
                                                    CashSession.closed_at.is_(None)))


def require_open_session(session: Session, counter_id: uuid.UUID | None) -> CashSession:
    """The counter's open session, share-locked (PostgreSQL) so that it cannot be closed while
    this transaction records money in it."""
    cash_session = session.scalar(
        select(CashSession).where(CashSession.counter_id == counter_id, CashSession.closed_at.is_(None))
        .with_for_update(read=True)) if counter_id else None
    if cash_session is None:
        raise NoOpenCashSession("Aucune session de caisse n'est ouverte sur ce guichet : ouvrez-la (fond de caisse) "
                                "avant d'encaisser.", field="cash_session")
    return cash_session


def session_view(s: Session, cash_session: CashSession) -> CashSessionView:
    rows = {mode: (count, int(total or 0)) for mode, count, total in s.execute(
        select(Payment.mode, func.count(), func.sum(Payment.amount_cents))
        .where(Payment.cash_session_id == cash_session.id).group_by(Payment.mode))}
    counted = {c.mode: c for c in cash_session.counts}
    totals = []
    for mode in COUNTED_MODES:
        count, amount = rows.get(mode, (0, 0))
        expected = amount + (cash_session.opening_float_cents if mode == PaymentMode.CASH else 0)
        row = counted.get(mode)
        totals.append(ModeTotal(mode, count, amount, row.expected_cents if row else expected,
                                row.counted_cents if row else None))
    names: dict[uuid.UUID | None, str] = dict(s.execute(select(Agent.id, Agent.display_name).where(
        Agent.id.in_([i for i in (cash_session.opened_by_id, cash_session.closed_by_id) if i]))).all())
    return CashSessionView(
        cash_session.id, cash_session.counter_id, names.get(cash_session.opened_by_id, ""), cash_session.opened_at,
        cash_session.opening_float_cents, cash_session.closed_at, names.get(cash_session.closed_by_id, ""),
        cash_session.closing_note, tuple(totals))


def current_cash_session(ctx: ServiceContext) -> CashSessionView | None:
    with ctx.reading() as s:
        cash_session = open_session_of(s, ctx.actor.counter_id)
        return session_view(s, cash_session) if cash_session else None


@retry_on_conflict
def open_cash_session(ctx: ServiceContext, opening_float_cents: int) -> CashSessionView:
    """Open the counter's till. One open session per counter: the counter row is locked, and a
    unique index keeps a second one out even if two agents open at the same instant."""
    problem = amount_problem(opening_float_cents, allow_zero=True)
    if problem:
        raise ValidationFailed({"opening_float": problem})
    if ctx.actor.agent_id is None or ctx.actor.counter_id is None:
        raise DomainError("Connectez-vous à un guichet pour ouvrir la caisse.")
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, *permissions.ROLES, what="L'ouverture de la caisse")
        uow.session.scalar(select(Counter.id).where(Counter.id == ctx.actor.counter_id).with_for_update())
        already = open_session_of(uow.session, ctx.actor.counter_id)
        if already is not None:
            raise DomainError(f"Une session de caisse est déjà ouverte sur ce guichet depuis "
                              f"{to_local(already.opened_at):%d/%m/%Y à %H:%M}.")
        cash_session = CashSession(counter_id=ctx.actor.counter_id, opened_by_id=ctx.actor.agent_id,
                                   opened_at=uow.now, opening_float_cents=opening_float_cents)
        uow.session.add(cash_session)
        uow.session.flush()
        uow.record("cash_session", cash_session.id, "opened", {"opening_float_cents": opening_float_cents})
        uow.session.flush()
        uow.emit("cash.open", {"cash_session": row_state(cash_session)})
        return session_view(uow.session, cash_session)


@retry_on_conflict
def close_cash_session(ctx: ServiceContext, session_id: uuid.UUID, counted: dict[str, int],
                       note: str = "") -> CashSessionView:
    """Record what was counted for each mode; the session is closed for good."""
    errors = {}
    for mode, value in counted.items():
        problem = amount_problem(value, allow_zero=True) if value is not None else None
        if mode not in COUNTED_MODES:
            problem = "Mode de paiement inconnu."
        if problem:
            errors[f"counted.{mode}"] = problem
    missing = [m for m in (PaymentMode.CASH, PaymentMode.CHEQUE) if counted.get(m) is None]
    for mode in missing:
        errors[f"counted.{mode}"] = "Comptez la caisse : saisissez le total (0,00 s'il n'y a rien)."
    if counted.get(PaymentMode.CARD) is None and f"counted.{PaymentMode.CARD}" not in errors:
        # What the terminal itself says it took today: its totals ("remise") ticket.
        errors[f"counted.{PaymentMode.CARD}"] = ("Saisissez le total carte imprimé par le terminal (ticket de remise "
                                                 "ou de totaux ; 0,00 s'il n'y a rien).")
    problem = text_problem(note, FREE_TEXT_LIMIT, multiline=True)
    if problem:
        errors["note"] = problem
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.REGISSEUR, what="La clôture de la caisse")
        cash_session = uow.session.scalar(select(CashSession).where(CashSession.id == session_id).with_for_update())
        if cash_session is None:
            raise NotFound("Cette session de caisse n'existe pas.")
        if cash_session.closed_at is not None:
            raise DomainError("Cette session de caisse est close : elle ne peut plus être modifiée.")
        view = session_view(uow.session, cash_session)
        for total in view.totals:
            counted_cents = counted.get(total.mode)
            cash_session.counts.append(CashSessionCount(
                mode=total.mode, expected_cents=total.expected_cents, expected_count=total.count,
                counted_cents=total.expected_cents if counted_cents is None else counted_cents))
        cash_session.closed_at = uow.now
        cash_session.closed_by_id = ctx.actor.agent_id
        cash_session.closing_note = note.strip()
        uow.session.flush()
        closed = session_view(uow.session, cash_session)
        uow.record("cash_session", cash_session.id, "closed", {
            "counts": {t.mode: [t.expected_cents, t.counted_cents] for t in closed.totals}, "note": note})
        uow.emit("cash.close", {"cash_session": row_state(cash_session),
                                "counts": [row_state(count) for count in cash_session.counts]})
        return closed


@dataclass(frozen=True)
class ClosedSessionRow:
    """One closed cash session of the counter, as the list of closing reports shows it."""

    id: uuid.UUID
    opened_at: dt.datetime
    closed_at: dt.datetime
    opened_by: str
    closed_by: str
    expected_cents: int      # every mode, the opening float included
    counted_cents: int
    closing_note: str

    @property
    def difference_cents(self) -> int:
        return self.counted_cents - self.expected_cents


def _require_closing_reports_role(s: Session, ctx: ServiceContext) -> None:
    # The closing reports hold the till's totals and every family's payment of the day: for those
    # accountable for the till (régisseur) and the administrateur, as the Journal.
    permissions.require_role(s, ctx.actor, permissions.REGISSEUR, permissions.ADMINISTRATEUR,
                             what="La consultation des rapports de clôture")


def closed_sessions(ctx: ServiceContext, limit: int = 100) -> list[ClosedSessionRow]:
    """The counter's closed cash sessions, the most recently closed first (at most ``limit``)."""
    with ctx.reading() as s:
        _require_closing_reports_role(s, ctx)
        sessions = list(s.scalars(select(CashSession).where(CashSession.counter_id == ctx.actor.counter_id,
                                                            CashSession.closed_at.is_not(None))
                                  .order_by(CashSession.closed_at.desc()).limit(limit)))
        if not sessions:
            return []
        ids = [c.id for c in sessions]
        totals = {session_id: (int(expected or 0), int(counted or 0)) for session_id, expected, counted in s.execute(
            select(CashSessionCount.cash_session_id, func.sum(CashSessionCount.expected_cents),
                   func.sum(CashSessionCount.counted_cents))
            .where(CashSessionCount.cash_session_id.in_(ids)).group_by(CashSessionCount.cash_session_id))}
        agent_ids = {i for c in sessions for i in (c.opened_by_id, c.closed_by_id) if i}
        names: dict[uuid.UUID | None, str] = dict(
            s.execute(select(Agent.id, Agent.display_name).where(Agent.id.in_(agent_ids))).all())
        rows = []
        for c in sessions:
            assert c.closed_at is not None  # the query's condition
            rows.append(ClosedSessionRow(c.id, c.opened_at, c.closed_at, names.get(c.opened_by_id, ""),
                                         names.get(c.closed_by_id, ""), *totals.get(c.id, (0, 0)),
                                         c.closing_note or ""))
        return rows


def closing_report_pdf(ctx: ServiceContext, session_id: uuid.UUID) -> bytes:
    """A closed session's report again, marked DUPLICATA (the original was signed at the closing)."""
    from ems_desktop.services import documents  # documents reads this module: imported when used

    with ctx.reading() as s:
        _require_closing_reports_role(s, ctx)
        cash_session = s.get(CashSession, session_id)
        if cash_session is None or cash_session.closed_at is None:
            raise NotFound("Cette session de caisse n'existe pas ou n'est pas close.")
    return documents.cash_session_pdf(ctx, session_id, duplicate=True)
