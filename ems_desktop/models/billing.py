"""Money: invoices and credit notes (immutable once issued), payments and their allocation,
cash sessions."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ems_desktop.models.base import Base, IdMixin


class Invoice(IdMixin, Base):
    """A numbered invoice. Never edited nor deleted once issued: corrections are credit notes."""

    __tablename__ = "invoices"
    # A family's invoices, with what they total: its balance is summed from this index alone.
    __table_args__ = (Index("ix_invoices_family_id_total", "family_id", "total_cents"),)

    number: Mapped[str] = mapped_column(String(40), unique=True)
    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"))
    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("families.id"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    issued_at: Mapped[dt.datetime]
    issue_date: Mapped[dt.date] = mapped_column(Date, index=True)
    total_cents: Mapped[int] = mapped_column(Integer)
    debt_reference: Mapped[str] = mapped_column(String(40), unique=True)
    # The checkout that issued it: pressing "Payer" twice finds this invoice instead of a second one.
    checkout_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, unique=True)
    # Issued « à prélever »: what it leaves due is collected by SEPA direct debit (a debit run),
    # from the family's mandate in force; it may still be paid at the counter meanwhile.
    collect_by_debit: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="InvoiceLine.position"
    )


class DocumentLineColumns:
    """What a line of an invoice or of a credit note says, copied from the offer when issued
    (a credit note's line repeats the line it cancels)."""

    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(250))
    child_name: Mapped[str] = mapped_column(String(170), default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    amount_cents: Mapped[int] = mapped_column(Integer)


class InvoiceLine(IdMixin, DocumentLineColumns, Base):
    __tablename__ = "invoice_lines"
    # An enrollment is invoiced once; a credit note cancels the enrollment, never re-invoices it.
    __table_args__ = (Index("uq_invoice_lines_enrollment_id", "enrollment_id", unique=True),)

    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"), index=True)
    enrollment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("enrollments.id"))

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class CreditNote(IdMixin, Base):
    """An avoir: the only way to correct an issued invoice."""

    __tablename__ = "credit_notes"
    __table_args__ = (Index("ix_credit_notes_family_id_total", "family_id", "total_cents"),)  # see Invoice

    number: Mapped[str] = mapped_column(String(40), unique=True)
    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"))
    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"), index=True)
    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("families.id"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    issued_at: Mapped[dt.datetime]
    issue_date: Mapped[dt.date] = mapped_column(Date)
    total_cents: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")

    lines: Mapped[list[CreditNoteLine]] = relationship(
        back_populates="credit_note", cascade="all, delete-orphan", order_by="CreditNoteLine.position"
    )


class CreditNoteLine(IdMixin, DocumentLineColumns, Base):
    __tablename__ = "credit_note_lines"
    # One credit note per invoice line: a line is cancelled (and refunded) once.
    __table_args__ = (Index("uq_credit_note_lines_invoice_line_id", "invoice_line_id", unique=True),)

    credit_note_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("credit_notes.id"), index=True)
    invoice_line_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invoice_lines.id"))

    credit_note: Mapped[CreditNote] = relationship(back_populates="lines")


class PaymentMode:
    CARD = "card"
    CASH = "cash"
    CHEQUE = "cheque"
    ANCV = "ancv"              # chèques vacances: no change given
    ACCOUNT_CREDIT = "credit"  # money the family already has on its account
    DIRECT_DEBIT = "sepa"      # collected by a debit run (never taken at a till)
    ALL = (CARD, CASH, CHEQUE, ANCV, ACCOUNT_CREDIT)
    LABELS = {
        CARD: "Carte bancaire",
        CASH: "Espèces",
        CHEQUE: "Chèque",
        ANCV: "Chèques vacances ANCV",
        ACCOUNT_CREDIT: "Avoir famille",
        DIRECT_DEBIT: "Prélèvement SEPA",
    }


class CashSession(IdMixin, Base):
    """An agent's till on a counter, from the opening float to the counted closing."""

    __tablename__ = "cash_sessions"
    # One open session per counter.
    __table_args__ = (Index("uq_cash_sessions_open_per_counter", "counter_id", unique=True,
                            sqlite_where=text("closed_at IS NULL"), postgresql_where=text("closed_at IS NULL")),)

    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counters.id"), index=True)
    opened_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"))
    opened_at: Mapped[dt.datetime]
    opening_float_cents: Mapped[int] = mapped_column(Integer, default=0)
    closed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    closed_at: Mapped[dt.datetime | None]
    closing_note: Mapped[str] = mapped_column(Text, default="")

    counts: Mapped[list[CashSessionCount]] = relationship(
        back_populates="cash_session", cascade="all, delete-orphan"
    )


class CashSessionCount(IdMixin, Base):
    """At closing: what the till should hold for one mode, and what was counted."""

    __tablename__ = "cash_session_counts"

    cash_session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cash_sessions.id"), index=True)
    mode: Mapped[str] = mapped_column(String(20))
    expected_cents: Mapped[int] = mapped_column(Integer)
    counted_cents: Mapped[int] = mapped_column(Integer)
    expected_count: Mapped[int] = mapped_column(Integer, default=0)

    cash_session: Mapped[CashSession] = relationship(back_populates="counts")


class Payment(IdMixin, Base):
    """Money received (positive) or refunded (negative), by one mode, in one cash session."""

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_family_id_amount", "family_id", "amount_cents"),)  # see Invoice

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("families.id"))
    cash_session_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cash_sessions.id"), index=True)
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counters.id"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    received_at: Mapped[dt.datetime]
    mode: Mapped[str] = mapped_column(String(20))
    amount_cents: Mapped[int] = mapped_column(Integer)
    receipt_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    # Cash: what the family handed over, and the change given back.
    tendered_cents: Mapped[int | None] = mapped_column(Integer)
    change_cents: Mapped[int | None] = mapped_column(Integer)
    # Cheques and ANCV.
    cheque_number: Mapped[str] = mapped_column(String(40), default="")
    cheque_bank: Mapped[str] = mapped_column(String(80), default="")
    cheque_drawer: Mapped[str] = mapped_column(String(120), default="")
    # Card: only what a ticket may show. Never a full card number (PCI DSS).
    card_masked_pan: Mapped[str] = mapped_column(String(19), default="")
    card_authorisation: Mapped[str] = mapped_column(String(20), default="")
    card_contract: Mapped[str] = mapped_column(String(20), default="")
    card_transaction: Mapped[str] = mapped_column(String(40), default="")
    card_application: Mapped[str] = mapped_column(String(10), default="")
    refund_of_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payments.id"))
    # The request that took it (a checkout's id, a balance payment's key): sent twice, found once.
    request_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)

    allocations: Mapped[list[PaymentAllocation]] = relationship(
        back_populates="payment", cascade="all, delete-orphan"
    )


class PaymentAllocation(IdMixin, Base):
    """How much of a payment settles which invoice."""

    __tablename__ = "payment_allocations"

    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments.id"), index=True)
    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)

    payment: Mapped[Payment] = relationship(back_populates="allocations")
