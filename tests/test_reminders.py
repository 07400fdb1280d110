"""Reminders: the invoices still owing N days after they were issued (the boundary day, paid,
partly paid and credited invoices), the last reminder read from the journal, reminders kept to the
régisseur and the administrateur, and the letter's PDF (number, date, amount, address)."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pdfplumber
import pytest
from sqlalchemy import select

from ems_desktop.models import JournalEntry
from ems_desktop.services import agents, checkout, corrections, reminders
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.services.permissions import PermissionDenied
from tests.helpers import add_invoice, configure_mail, make_family

TODAY = dt.date(2017, 6, 21)  # the test clock's date
# The line of the invoices written directly (add_invoice): the list only reads invoices.
LINE = "EMS 2016/2017 3ème trim."


def reminded(ctx) -> list[tuple[uuid.UUID, dict]]:
    with ctx.reading() as s:
        return [(e.entity_id, e.changes) for e in s.scalars(
            select(JournalEntry).where(JournalEntry.entity == "invoice", JournalEntry.action == "reminded")
            .order_by(JournalEntry.recorded_at, JournalEntry.chain_seq))]


def plain_agent(ctx):
    system = ctx.as_actor(Actor(agent_id=None, counter_id=ctx.actor.counter_id))
    agent = agents.create_agent(system, login="l.petit", display_name="Lucas Petit", password="Velo-rouge-73",
                                roles=["agent"])
    return ctx.as_actor(Actor(agent_id=agent.id, counter_id=ctx.actor.counter_id))


def pdf_text(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() for page in pdf.pages]


def flat(text: str) -> str:
    """The page's text as sentences: lines joined, no-break spaces as spaces."""
    return " ".join(text.replace("\xa0", " ").split("\n"))


def test_overdue_means_issued_more_than_n_days_ago(ctx):
    family = make_family(ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    add_invoice(ctx, family.id, "A01-F000001", TODAY - dt.timedelta(days=31), label=LINE)
    add_invoice(ctx, family.id, "A01-F000002", TODAY - dt.timedelta(days=30), label=LINE)  # exactly 30 days: not yet
    add_invoice(ctx, family.id, "A01-F000003", TODAY, label=LINE)
    add_invoice(ctx, family.id, "A01-F000004", TODAY - dt.timedelta(days=90), cents=1500, label=LINE)
    listed = reminders.overdue_invoices(ctx, 30)
    assert [(o.number, o.days_overdue, o.due_cents) for o in listed] == [
        ("A01-F000004", 90, 1500), ("A01-F000001", 31, 4000)]  # oldest first
    assert [o.number for o in reminders.overdue_invoices(ctx, 29)] == ["A01-F000004", "A01-F000001", "A01-F000002"]
    assert len(reminders.overdue_invoices(ctx, 0)) == 3      # all but today's
    assert reminders.overdue_invoices(ctx, 90) == []
    # Another day at the counter: the same invoices, older.
    later = reminders.overdue_invoices(ctx, 30, today=TODAY + dt.timedelta(days=1))
    assert [(o.number, o.days_overdue) for o in later] == [("A01-F000004", 91), ("A01-F000001", 32),
                                                           ("A01-F000002", 31)]
    first = listed[1]
    assert (first.family_id, first.family_name, first.family_reference) == (family.id, "Roux", family.reference)
    assert (first.reminders, first.last_reminded_at, first.last_reminder_text) == (0, None, "")
    assert first.has_email is False and first.collect_by_debit is False


@pytest.mark.parametrize("days, message", [
    (-1, "Le nombre de jours ne peut pas être négatif."),
    (3651, "Au plus 3\u00a0650 jours (dix ans) : vérifiez le nombre saisi."),
    ("trente", "Indiquez un nombre de jours (ex. 30)."),
])
def test_the_number_of_days_is_checked(ctx, days, message):
    with pytest.raises(ValidationFailed) as refused:
        reminders.overdue_invoices(ctx, days)
    assert refused.value.errors == {"days": message}


def test_paid_partly_paid_and_credited_invoices(agent_ctx, till, clock):
    # Paid in full: never listed.
    paid_family = make_family(agent_ctx, "Morel", (("Inès", dt.date(2009, 3, 3)),))
    from ems_desktop.services import enrollment
    from tests.helpers import SEED_GROUPS, group_id

    def enrolled(family, groups):
        child = family.children[0]
        return [enrollment.enroll(agent_ctx, child.id, group_id(agent_ctx, *g)).id for g in groups]

    ids = enrolled(paid_family, SEED_GROUPS[:1])
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), paid_family.id, ids, [Tender("cash", 4000)])
    # Partly paid: what is left.
    partly = make_family(agent_ctx, "Berthier")
    partly_ids = enrolled(partly, SEED_GROUPS)
    partly_invoice = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), partly.id, partly_ids,
                                                   [Tender("cash", 5000)]).invoice_id
    # Invoiced without payment, then one line credited: what the credit note leaves.
    credited = make_family(agent_ctx, "Faure", (("Jade", dt.date(2009, 5, 5)),))
    credited_ids = enrolled(credited, SEED_GROUPS[:2])
    credited_invoice = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), credited.id, credited_ids,
                                                     []).invoice_id
    corrections.cancel_paid_enrollment(agent_ctx, credited_ids[1], reason="Déménagement", refund_mode="credit")
    # Fully credited: nothing left.
    gone = make_family(agent_ctx, "Petit", (("Noé", dt.date(2009, 7, 7)),))
    gone_ids = enrolled(gone, SEED_GROUPS[:1])
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), gone.id, gone_ids, [])
    corrections.cancel_paid_enrollment(agent_ctx, gone_ids[0], reason="Erreur de groupe", refund_mode="credit")

    listed = reminders.overdue_invoices(agent_ctx, 30, today=TODAY + dt.timedelta(days=45))
    assert [(o.invoice_id, o.family_name, o.due_cents, o.days_overdue) for o in listed] == [
        (partly_invoice, "Berthier", 7000, 45), (credited_invoice, "Faure", 4000, 45)]
    # The rule of the Caisse's « restant dû »: the same amount for every invoice it lists.
    for o in listed:
        assert [(d.id, d.owed_cents) for d in checkout.family_due_invoices(agent_ctx, o.family_id)] == [
            (o.invoice_id, o.due_cents)]
    # Paid at last: off the list.
    checkout.pay_balance(agent_ctx, partly.id, [Tender("cheque", 7000, cheque_number="0004711")])
    assert [o.family_name for o in reminders.overdue_invoices(agent_ctx, 30, today=TODAY + dt.timedelta(days=45))] \
        == ["Faure"]


def test_the_family_or_its_payer_has_an_e_mail_address(ctx):
    none = make_family(ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    own = make_family(ctx, "Morel", (("Inès", dt.date(2011, 3, 3)),), email="famille.morel@example.fr")
    from ems_desktop.services import families

    payer = families.create_family(ctx, families.FamilyInput(
        name="Faure",
        guardians=(families.GuardianInput("Anne", "Faure", is_payer=True, email="anne.faure@example.fr"),),
        children=(families.ChildInput("Jade", "Faure", dt.date(2009, 5, 5)),)))
    for number, family in enumerate((none, own, payer), start=1):
        add_invoice(ctx, family.id, f"A01-F00000{number}", TODAY - dt.timedelta(days=40 - number), label=LINE)
    assert [(o.family_name, o.has_email) for o in reminders.overdue_invoices(ctx, 30)] == [
        ("Roux", False), ("Morel", True), ("Faure", True)]


def test_a_reminder_is_journaled_and_the_list_shows_the_last_one(agent_ctx, clock):
    family = make_family(agent_ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    invoice_id = add_invoice(agent_ctx, family.id, "A01-F000001", dt.date(2017, 4, 3), cents=12000, label=LINE)
    other = add_invoice(agent_ctx, family.id, "A01-F000002", dt.date(2017, 4, 4), label=LINE)
    recorded = reminders.record_reminder(agent_ctx, invoice_id, "letter")
    assert (recorded.number, recorded.channel, recorded.due_cents) == ("A01-F000001", "letter", 12000)
    clock.advance(days=3)
    reminders.record_reminder(agent_ctx, invoice_id, "email")
    assert reminded(agent_ctx) == [
        (invoice_id, {"channel": "letter", "number": "A01-F000001", "family_id": str(family.id), "due_cents": 12000}),
        (invoice_id, {"channel": "email", "number": "A01-F000001", "family_id": str(family.id), "due_cents": 12000})]
    first, second = reminders.overdue_invoices(agent_ctx, 30)
    assert (first.invoice_id, first.reminders, first.last_channel) == (invoice_id, 2, "email")
    assert first.last_reminded_at == clock() and first.last_reminder_text == "24/06/2017 (e-mail)"
    assert (second.invoice_id, second.reminders, second.last_reminder_text) == (other, 0, "")
    # The Journal says it in French, on the family's page too.
    from ems_desktop.services import journal

    assert [(r.kind, r.what, r.amount_cents) for r in journal.search_journal(agent_ctx, family_id=family.id)
            if r.action == "reminded"] == [
        ("Factures et avoirs", "Relance par e-mail de la facture A01-F000001 (reste dû 120,00\xa0€) — famille Roux",
         12000),
        ("Factures et avoirs", "Relance par courrier de la facture A01-F000001 (reste dû 120,00\xa0€) — famille Roux",
         12000)]
    with pytest.raises(ValidationFailed) as refused:
        reminders.record_reminder(agent_ctx, invoice_id, "pigeon")
    assert refused.value.errors == {"channel": "Choisissez la relance par courrier ou par e-mail."}


def test_an_agent_may_not_remind_families(agent_ctx):
    family = make_family(agent_ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    invoice_id = add_invoice(agent_ctx, family.id, "A01-F000001", dt.date(2017, 4, 3), label=LINE)
    desk = plain_agent(agent_ctx)
    assert [o.invoice_id for o in reminders.overdue_invoices(desk, 30)] == [invoice_id]  # the list may be read
    for attempt in (lambda: reminders.record_reminder(desk, invoice_id, "letter"),
                    lambda: reminders.reminder_letters_pdf(desk, [invoice_id]),
                    lambda: reminders.send_reminder(desk, invoice_id, "letter"),
                    lambda: reminders.send_reminder(desk, invoice_id, "email")):
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert refused.value.message.startswith("Les relances : action réservée au rôle régisseur ou administrateur")
    assert reminded(agent_ctx) == []


def test_a_settled_invoice_is_not_reminded(agent_ctx, recap, till):
    family, ids = recap
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 12000)])
    with pytest.raises(DomainError) as refused:
        reminders.record_reminder(agent_ctx, result.invoice_id, "letter")
    assert refused.value.message == "La facture A01-F000001 est réglée : il n'y a plus rien à relancer."
    with pytest.raises(DomainError):
        reminders.reminder_letters_pdf(agent_ctx, [result.invoice_id])
    assert reminded(agent_ctx) == []


def test_the_letter_names_the_invoice_the_amount_and_the_address(agent_ctx, till, clock):
    from ems_desktop.services import enrollment, families
    from tests.helpers import SEED_GROUPS, group_id

    family = families.create_family(agent_ctx, families.FamilyInput(
        name="Berthier", guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", dt.date(2009, 2, 14)),),
        address_line1="14 rue de la République", address_line2="Résidence Les Tilleuls", postal_code="73200",
        city="Albertville"))
    ids = [enrollment.enroll(agent_ctx, family.children[0].id, group_id(agent_ctx, *g)).id for g in SEED_GROUPS]
    invoice_id = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids,
                                               [Tender("cash", 5000)]).invoice_id
    clock.advance(days=40)
    document = reminders.reminder_letter_document(agent_ctx, invoice_id)
    assert (document.invoice_number, document.issue_date, document.due_cents, document.settled_cents,
            document.letter_date, document.place) == ("A01-F000001", TODAY, 7000, 5000, dt.date(2017, 7, 31),
                                                      "Albertville")
    assert reminded(agent_ctx) == []  # reading the letter records nothing
    data = reminders.send_reminder(agent_ctx, invoice_id, "letter")
    [page] = pdf_text(data)
    text = flat(page)
    assert "Objet : relance — facture n° A01-F000001" in text
    assert "la facture n° A01-F000001 du 21/06/2017, d'un montant de 120,00 €" in text
    assert "il reste 70,00 € à payer" in text
    assert "Claire Berthier\n14 rue de la République\nRésidence Les Tilleuls\n73200 Albertville" in page
    assert "Albertville, le 31/07/2017" in text
    assert "par carte bancaire, en espèces ou par chèque" in text
    assert "Le régisseur de recettes" in text and "Madame, Monsieur," in text
    assert [changes["channel"] for _, changes in reminded(agent_ctx)] == ["letter"]
    # A second letter recalls the first.
    clock.advance(days=15)
    [again] = pdf_text(reminders.send_reminder(agent_ctx, invoice_id, "letter"))
    assert "précédente relance du 31/07/2017" in flat(again)


def test_a_batch_of_letters_one_page_each_all_recorded_or_none(agent_ctx, recap, till):
    a = make_family(agent_ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    b = make_family(agent_ctx, "Morel", (("Inès", dt.date(2011, 3, 3)),))
    first = add_invoice(agent_ctx, a.id, "A01-F000101", dt.date(2017, 3, 1), label=LINE)
    second = add_invoice(agent_ctx, b.id, "A01-F000102", dt.date(2017, 3, 2), cents=2500, label=LINE)
    pages = pdf_text(reminders.reminder_letters_pdf(agent_ctx, [first, second, first]))
    assert len(pages) == 2
    assert "facture n° A01-F000101" in pages[0] and "Roux" in pages[0]
    assert "facture n° A01-F000102" in pages[1] and "25,00 €" in flat(pages[1])
    assert [invoice for invoice, _ in reminded(agent_ctx)] == [first, second]
    # One invoice of the batch paid meanwhile: nothing printed, nothing recorded.
    family, ids = recap
    paid = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 12000)])
    with pytest.raises(DomainError):
        reminders.reminder_letters_pdf(agent_ctx, [first, paid.invoice_id])
    assert len(reminded(agent_ctx)) == 2
    with pytest.raises(DomainError) as empty:
        reminders.reminder_letters_pdf(agent_ctx, [])
    assert empty.value.message == "Choisissez au moins une facture à relancer."


def test_a_reminder_by_e_mail_is_queued_then_journaled(agent_ctx):
    from ems_desktop.models import MessageKind, OutgoingMessage
    from ems_desktop.services import families
    from tests.ports import free_port

    with_address = families.create_family(agent_ctx, families.FamilyInput(
        name="Morel",
        guardians=(families.GuardianInput("Anne", "Morel", is_payer=True, email="anne.morel@example.fr"),),
        children=(families.ChildInput("Inès", "Morel", dt.date(2011, 3, 3)),)))
    without = make_family(agent_ctx, "Roux", (("Léo", dt.date(2010, 1, 1)),))
    invoice_id = add_invoice(agent_ctx, with_address.id, "A01-F000001", dt.date(2017, 4, 3), label=LINE)
    other = add_invoice(agent_ctx, without.id, "A01-F000002", dt.date(2017, 4, 4), label=LINE)

    def queued():
        with agent_ctx.reading() as s:
            return [(m.kind, m.document_id, m.recipient) for m in s.scalars(select(OutgoingMessage))]

    # The town's mail server not set yet: refused, nothing written.
    with pytest.raises(DomainError):
        reminders.send_reminder(agent_ctx, invoice_id, "email")
    assert queued() == [] and reminded(agent_ctx) == []
    configure_mail(agent_ctx, free_port())
    assert reminders.send_reminder(agent_ctx, invoice_id, "email") is None
    assert queued() == [(MessageKind.REMINDER, invoice_id, "anne.morel@example.fr")]
    assert [(i, c["channel"]) for i, c in reminded(agent_ctx)] == [(invoice_id, "email")]
    assert reminders.overdue_invoices(agent_ctx, 30)[0].last_reminder_text == "21/06/2017 (e-mail)"
    # No address in the dossier: the messages' refusal, said in French; nothing recorded.
    with pytest.raises(DomainError) as refused:
        reminders.send_reminder(agent_ctx, other, "email")
    assert "n'a pas d'adresse e-mail" in refused.value.message
    assert len(queued()) == 1 and len(reminded(agent_ctx)) == 1
