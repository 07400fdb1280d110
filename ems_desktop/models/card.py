"""Card payment attempts: the state machine of a charge through the counter's terminal, written
to the database before each step, so that a crash never leaves a charge lost or made twice."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ems_desktop.models.base import Base, IdMixin


class AttemptState:
    REQUESTED = "requested"    # recorded, nothing sent yet
    SENT = "sent"              # the request is (about to be) on the wire: the money may move
    ACCEPTED = "accepted"      # the terminal said yes
    REFUSED = "refused"        # card refused: another card may be tried at once
    FAILED = "failed"          # abandoned, timeout on the terminal, format error…: 30-minute rule
    UNREACHABLE = "unreachable"  # the request never left: nothing happened
    IN_DOUBT = "in_doubt"      # sent, no usable answer: settle from the terminal's own ticket
    CANCELLED = "cancelled"    # never sent (a crash before sending)
    OPEN = (REQUESTED, SENT, IN_DOUBT)
    LABELS = {
        REQUESTED: "préparé", SENT: "envoyé au terminal", ACCEPTED: "accepté", REFUSED: "refusé",
        FAILED: "échoué", UNREACHABLE: "terminal injoignable", IN_DOUBT: "à vérifier", CANCELLED: "annulé",
    }


class CardAttempt(IdMixin, Base):
    __tablename__ = "card_attempts"
    __table_args__ = (
        Index("ix_card_attempts_lines_state", "lines_key", "state"),
        # The Accueil and the start-up recovery look for the few attempts needing attention (in doubt,
        # sent, accepted but not recorded) among every card payment ever made.
        Index("ix_card_attempts_state_payment", "state", "payment_id"),
    )

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("families.id"), index=True)
    # What is being paid: a fingerprint of the enrollments / invoices, so a second charge of the
    # same lines can be recognised.
    lines_key: Mapped[str] = mapped_column(String(64))
    # The ids paid (enrollments of a checkout, or invoices of a balance), so an accepted charge
    # whose checkout was interrupted can be completed later.
    lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    lines_kind: Mapped[str] = mapped_column(String(20), default="enrollments")
    kind: Mapped[str] = mapped_column(String(10))  # debit, refund
    amount_cents: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(30), default="")      # the client's Outcome name
    reason_code: Mapped[str] = mapped_column(String(4), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    # Card data: the masked number only (first 6 / last 4 at most). Never the full number.
    masked_pan: Mapped[str] = mapped_column(String(19), default="")
    authorisation: Mapped[str] = mapped_column(String(20), default="")
    merchant_contract: Mapped[str] = mapped_column(String(20), default="")
    transaction_number: Mapped[str] = mapped_column(String(40), default="")
    card_application: Mapped[str] = mapped_column(String(10), default="")
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    # After an error or an abandon, no new card charge of the same lines before this moment
    # (unless the agent confirms the terminal printed a failure).
    retry_blocked_until: Mapped[dt.datetime | None]
    settled_at: Mapped[dt.datetime | None]
    settled_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    settlement_note: Mapped[str] = mapped_column(Text, default="")
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counters.id"))
    payment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payments.id"))
    # Charged through the built-in simulator: its approvals count on the demonstration database only.
    simulated: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # A refund: the credit note it gives money back for (written with it, before the terminal is asked).
    credit_note_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("credit_notes.id"))
