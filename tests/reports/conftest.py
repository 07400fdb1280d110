"""Documents of the seed (Lise-Roxelane's three EMS trimesters, 120,00 € by card)."""

from __future__ import annotations

import datetime as dt

import pytest

from ems_desktop.reports.data import (
    MODE_CARD,
    InvoiceDocument,
    InvoiceLine,
    Issuer,
    PartyAddress,
    PaymentReceived,
    TicketDocument,
    TicketLine,
    TicketTender,
)
from tests.reports.report_samples import SEED_ISSUER, SEED_LABELS, TRICKY_FAMILY, TRICKY_PAYER, Pdf


@pytest.fixture
def read_pdf():
    return Pdf


@pytest.fixture
def issuer() -> Issuer:
    return SEED_ISSUER


@pytest.fixture
def family() -> PartyAddress:
    return PartyAddress(TRICKY_FAMILY, TRICKY_PAYER, ("4 rue de la République", "73200 Albertville"))


@pytest.fixture
def seed_lines() -> tuple[InvoiceLine, ...]:
    return tuple(InvoiceLine(label, "Lise-Roxelane", 1, 4000, 4000) for label in SEED_LABELS)


@pytest.fixture
def seed_invoice(issuer, family, seed_lines) -> InvoiceDocument:
    return InvoiceDocument(
        issuer=issuer,
        number="A01-2017-000001",
        issue_date=dt.date(2017, 6, 21),
        family=family,
        lines=seed_lines,
        total_cents=12000,
        payments=(PaymentReceived(dt.date(2017, 6, 21), "Carte bancaire", 12000, "242426"),),
        balance_due_cents=0,
        debt_reference="20170621x153x59888",
    )


@pytest.fixture
def seed_ticket(issuer) -> TicketDocument:
    return TicketDocument(
        issuer=issuer,
        printed_at=dt.datetime(2017, 6, 21, 12, 51, 53, tzinfo=dt.UTC),
        tenders=(TicketTender(
            MODE_CARD, 12000, receipt_number="R01-2017-000042", card_application="CB CONTACT",
            merchant_contract="2360248 001", authorisation_number="242426", transaction_number="513087",
            masked_card_number="XXXXXXXXXXXX9287"),),
        family_name=TRICKY_FAMILY,
        lines=tuple(TicketLine(label, "Lise-Roxelane", 4000) for label in SEED_LABELS),
        invoice_numbers=("A01-2017-000001",),
        debt_reference="20170621x153x59888",
        balance_due_cents=0,
        agent="Mme Martin",
    )
