"""Direct-debit runs: the régie's account checked; invoices issued « à prélever » proposed; a run's
pain.008 valid against the XSD, with the right totals, sequences and references; the invoices
settled « en cours de prélèvement »; a bank return (pain.002 or CSV) turning rejected debits back
into amounts due with the reason, journaled, once; refusals in French with nothing saved; the
régie's rules (an agent may not run debits)."""

from __future__ import annotations

import datetime as dt
import io
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pytest
import sepaxml
import xmlschema
from sqlalchemy import func, select

from ems_desktop.models import DebitItem, DebitRun, JournalEntry, Mandate, Payment
from ems_desktop.rules.sepa import earliest_collection_date
from ems_desktop.services import agents, checkout, debit_runs, enrollment, mandates
from ems_desktop.services.accounts import balance_of
from ems_desktop.services.central import CentralDatabaseOnly
from ems_desktop.services.context import Actor
from ems_desktop.services.debit_runs import Creditor
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.services.mandates import MandateInput
from ems_desktop.services.permissions import PermissionDenied
from tests.helpers import SEED_GROUPS, group_id, make_family

XSD = Path(sepaxml.__file__).parent / "schemas" / f"{debit_runs.SCHEMA}.xsd"
NS = {"p": f"urn:iso:std:iso:20022:tech:xsd:{debit_runs.SCHEMA}"}
TOWN_ACCOUNT = Creditor(name="", creditor_id="FR12 ZZZ 123456", iban="FR76 1007 1730 0000 0010 0000 010",
                        bic="TRPUFRP1")


@pytest.fixture
def regie(agent_ctx):
    """The régisseur (the counter's agent is one) with the régie's creditor account filled in."""
    debit_runs.save_creditor(agent_ctx, TOWN_ACCOUNT)
    return agent_ctx


def family_owing(ctx, name: str, *, mandate_iban: str | None = "FR14 2004 1010 0505 0001 3M02 606",
                 by_debit: bool = True, groups=SEED_GROUPS[:1]):
    """A family with its invoice (40,00 € a group) issued unpaid, « à prélever » or not."""
    family = make_family(ctx, name=name)
    if mandate_iban:
        mandates.record_mandate(ctx, family.id, MandateInput(f"Claire {name}", mandate_iban, "", "20/06/2017"))
    ids = [enrollment.enroll(ctx, family.children[0].id, group_id(ctx, *g)).id for g in groups]
    result = checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids, (), collect_by_debit=by_debit)
    return family, result.invoice_id


def due(ctx, family_id) -> int:
    with ctx.reading() as s:
        return balance_of(s, family_id).due_cents


def rows(ctx, model) -> int:
    with ctx.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


def collection(ctx) -> dt.date:
    return earliest_collection_date(ctx.today())


def pain002(run_reference: str, *rejects: tuple[str, str]) -> bytes:
    txs = "".join(f"""<TxInfAndSts><OrgnlEndToEndId>{e2e}</OrgnlEndToEndId><TxSts>RJCT</TxSts>
      <StsRsnInf><Rsn><Cd>{code}</Cd></Rsn></StsRsnInf></TxInfAndSts>""" for e2e, code in rejects)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
  <GrpHdr><MsgId>BANK-1</MsgId><CreDtTm>2017-06-26T10:00:00</CreDtTm></GrpHdr>
  <OrgnlGrpInfAndSts><OrgnlMsgId>{run_reference}</OrgnlMsgId><OrgnlMsgNmId>pain.008.001.08</OrgnlMsgNmId>
  <GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
  <OrgnlPmtInfAndSts><OrgnlPmtInfId>X</OrgnlPmtInfId>{txs}</OrgnlPmtInfAndSts>
</CstmrPmtStsRpt></Document>""".encode()


def items_of(ctx, run_id) -> list[SimpleNamespace]:
    with ctx.reading() as s:
        return [SimpleNamespace(**{c.key: getattr(item, c.key) for c in DebitItem.__table__.columns})
                for item in s.scalars(select(DebitItem).where(DebitItem.run_id == run_id).order_by(DebitItem.position))]


# --- The creditor ----------------------------------------------------------------------------------

def test_the_regie_account_is_checked_field_by_field_and_saved(agent_ctx):
    with pytest.raises(ValidationFailed) as refused:
        debit_runs.save_creditor(agent_ctx, Creditor("", "FR00ZZZ000000", "FR76 1007 1730 0000 0010 0000 011", "XX"))
    assert refused.value.errors == {
        "creditor_id": "Saisissez l'identifiant créancier SEPA (ICS) donné par la banque de la régie "
                       "(ex. FR12ZZZ123456).",
        "iban": "L'IBAN du compte de la régie est erroné (vérifiez-le sur le RIB du Trésor public).",
        "bic": "Le BIC compte 8 ou 11 lettres et chiffres (ex. TRPUFRP1)."}
    saved = debit_runs.save_creditor(agent_ctx, TOWN_ACCOUNT)
    assert (saved.creditor_id, saved.iban, saved.bic) == ("FR12ZZZ123456", "FR7610071730000000100000010", "TRPUFRP1")
    assert debit_runs.load_creditor(agent_ctx) == saved


def test_an_agent_may_neither_set_the_account_nor_run_debits_nor_import_returns(regie):
    family, invoice_id = family_owing(regie, "Berthier")
    system = regie.as_actor(Actor(None, regie.actor.counter_id))
    clerk = agents.create_agent(system, login="l.agent", display_name="Léa Agent", password="Velo-rouge-73",
                                roles=["agent"])
    acting = regie.as_actor(Actor(clerk.id, regie.actor.counter_id))
    for call in (lambda: debit_runs.save_creditor(acting, TOWN_ACCOUNT),
                 lambda: debit_runs.build_debit_run(acting, uuid.uuid4(), collection(regie), [invoice_id]),
                 lambda: debit_runs.import_bank_return(acting, "retour.csv", b"EndToEndId;Code\nX;AM04\n")):
        with pytest.raises(PermissionDenied):
            call()
    assert rows(regie, DebitRun) == 0 and due(regie, family.id) == 4000


def test_a_synced_counter_sends_the_regisseur_to_the_central_database(regie):
    _, invoice_id = family_owing(regie, "Berthier")
    regie.outbox = True
    with pytest.raises(CentralDatabaseOnly):
        debit_runs.build_debit_run(regie, uuid.uuid4(), collection(regie), [invoice_id])


# --- Invoices issued « à prélever » -----------------------------------------------------------------

def test_an_invoice_a_prelever_needs_a_mandate_in_force(agent_ctx):
    family = make_family(agent_ctx)
    ids = [enrollment.enroll(agent_ctx, family.children[0].id, group_id(agent_ctx, *SEED_GROUPS[0])).id]
    with pytest.raises(DomainError) as refused:
        checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, (), collect_by_debit=True)
    assert "n'a pas de mandat de prélèvement en vigueur" in refused.value.message
    assert due(agent_ctx, family.id) == 0  # nothing invoiced


def test_the_candidates_are_what_families_with_a_mandate_owe(regie):
    _, a_prelever = family_owing(regie, "Berthier")
    _, at_counter = family_owing(regie, "Durand", by_debit=False)   # a mandate, invoiced without « à prélever »
    family_owing(regie, "Martin", mandate_iban=None, by_debit=False)  # no mandate: not a candidate
    paid_family, paid = family_owing(regie, "Petit")
    from ems_desktop.services.cash import open_cash_session
    open_cash_session(regie, 0)
    checkout.pay_balance(regie, paid_family.id, [checkout.Tender("cash", 4000)])
    candidates = {c.invoice_id: c for c in debit_runs.debit_candidates(regie)}
    assert set(candidates) == {a_prelever, at_counter}
    assert candidates[a_prelever].proposed and not candidates[at_counter].proposed
    assert candidates[a_prelever].owed_cents == 4000 and candidates[a_prelever].sequence == "FRST"
    assert candidates[a_prelever].iban_masked == "FR14 **** **** 2606"


# --- A run ---------------------------------------------------------------------------------------------

def test_a_run_is_a_pain008_valid_against_the_xsd_with_the_right_totals(regie):
    berthier, first = family_owing(regie, "Berthier", groups=SEED_GROUPS)   # 3 groups: 120,00 €
    durand, second = family_owing(regie, "Durand", mandate_iban="DE89 3704 0044 0532 0130 00")
    run = debit_runs.build_debit_run(regie, uuid.uuid4(), collection(regie), [first, second])
    assert (run.total_cents, run.item_count, run.skipped) == (16000, 2, ())
    name, data = debit_runs.debit_run_file(regie, run.id)
    assert name == run.file_name and name.endswith(".xml")
    xmlschema.XMLSchema(str(XSD)).validate(data.decode())   # the official ISO 20022 schema
    document = ET.fromstring(data)
    header = document.find("p:CstmrDrctDbtInitn/p:GrpHdr", NS)
    assert header.findtext("p:MsgId", namespaces=NS) == run.reference
    assert (header.findtext("p:NbOfTxs", namespaces=NS), header.findtext("p:CtrlSum", namespaces=NS)) == ("2", "160.00")
    transactions = document.findall(".//p:DrctDbtTxInf", NS)
    by_e2e = {tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS): tx for tx in transactions}
    for item in items_of(regie, run.id):
        tx = by_e2e[item.end_to_end_id]
        assert tx.findtext("p:InstdAmt", namespaces=NS) == f"{item.amount_cents / 100:.2f}"
        assert tx.findtext(".//p:MndtId", namespaces=NS).startswith("EMS-")
    info = document.find(".//p:PmtInf", NS)
    assert info.findtext(".//p:SeqTp", namespaces=NS) == "FRST"
    assert info.findtext("p:ReqdColltnDt", namespaces=NS) == collection(regie).isoformat()
    assert info.findtext(".//p:CdtrSchmeId//p:Othr/p:Id", namespaces=NS) == "FR12ZZZ123456"
    # The invoices are settled, « en cours de prélèvement »; the mandates are now collected.
    assert due(regie, berthier.id) == 0 and due(regie, durand.id) == 0
    with regie.reading() as s:
        assert {p.mode for p in s.scalars(select(Payment))} == {"sepa"}
        assert {m.sequence for m in s.scalars(select(Mandate))} == {"RCUR"}
        assert s.scalar(select(func.count()).select_from(JournalEntry).where(
            JournalEntry.action == "debit_requested")) == 2
    assert debit_runs.debit_candidates(regie) == []
    # Durand's next invoice goes as RCUR: the mandate has been collected.
    ids = [enrollment.enroll(regie, durand.children[0].id, group_id(regie, *SEED_GROUPS[1])).id]
    third = checkout.checkout_enrollments(regie, uuid.uuid4(), durand.id, ids, (), collect_by_debit=True).invoice_id
    later = debit_runs.build_debit_run(regie, uuid.uuid4(), collection(regie), [third])
    assert [i.sequence for i in items_of(regie, later.id)] == ["RCUR"]
    xmlschema.XMLSchema(str(XSD)).validate(debit_runs.debit_run_file(regie, later.id)[1].decode())


def test_the_same_run_sent_twice_is_built_once(regie):
    _, invoice_id = family_owing(regie, "Berthier")
    run_id = uuid.uuid4()
    first = debit_runs.build_debit_run(regie, run_id, collection(regie), [invoice_id])
    again = debit_runs.build_debit_run(regie, run_id, collection(regie), [invoice_id])
    assert again.reference == first.reference and rows(regie, DebitItem) == 1 and rows(regie, Payment) == 1


def test_an_invoice_settled_meanwhile_is_left_out_and_none_left_is_refused(regie):
    family, paid = family_owing(regie, "Berthier")
    _, other = family_owing(regie, "Durand")
    from ems_desktop.services.cash import open_cash_session
    open_cash_session(regie, 0)
    checkout.pay_balance(regie, family.id, [checkout.Tender("cash", 4000)])
    run = debit_runs.build_debit_run(regie, uuid.uuid4(), collection(regie), [paid, other])
    assert [(s.invoice_number, s.reason) for s in run.skipped] == [(s.invoice_number, "réglée entre-temps")
                                                                   for s in run.skipped]
    assert len(run.skipped) == 1 and run.item_count == 1
    with pytest.raises(DomainError) as none_left:
        debit_runs.build_debit_run(regie, uuid.uuid4(), collection(regie), [paid, other])
    assert none_left.value.message.startswith("Aucune des factures choisies n'est plus à prélever")
    assert "déjà dans un prélèvement en cours" in none_left.value.message
    assert rows(regie, DebitRun) == 1


@pytest.mark.parametrize("day, message", [
    (dt.date(2017, 6, 22), "Trop tôt : la banque doit recevoir le fichier avant l'échéance ; la première date "
                           "possible est le 23/06/2017."),
    (dt.date(2017, 6, 24), "Les prélèvements se font un jour ouvré bancaire (ni samedi, ni dimanche, ni jour "
                           "férié TARGET)."),
    (dt.date(2017, 12, 27), "Trop loin : une échéance se prépare au plus 60 jours à l'avance."),
    ("31/06/2017", "Saisissez la date d'échéance au format jj/mm/aaaa."),
])
def test_a_wrong_collection_date_is_refused_and_nothing_is_saved(regie, day, message):
    _, invoice_id = family_owing(regie, "Berthier")
    with pytest.raises(ValidationFailed) as refused:
        debit_runs.build_debit_run(regie, uuid.uuid4(), day, [invoice_id])
    assert refused.value.errors == {"collection_date": message}
    assert rows(regie, DebitRun) == 0 and rows(regie, Payment) == 0


def test_a_run_without_the_regie_account_is_refused(agent_ctx):
    _, invoice_id = family_owing(agent_ctx, "Berthier")
    with pytest.raises(DomainError) as refused:
        debit_runs.build_debit_run(agent_ctx, uuid.uuid4(), collection(agent_ctx), [invoice_id])
    assert "renseignez le compte créancier de la régie" in refused.value.message
    assert rows(agent_ctx, Payment) == 0


# --- The bank's return -----------------------------------------------------------------------------------

def test_a_pain002_reject_turns_the_debit_back_into_a_due_with_its_reason_once(regie):
    berthier, first = family_owing(regie, "Berthier")
    durand, second = family_owing(regie, "Durand")
    run = debit_runs.build_debit_run(regie, uuid.uuid4(), collection(regie), [first, second])
    rejected_item, kept_item = items_of(regie, run.id)
    result = debit_runs.import_bank_return(regie, "pain002.xml", pain002(run.reference,
                                                                          (rejected_item.end_to_end_id, "AM04")))
    assert [(r[2], r[3]) for r in result.rejected] == [(4000, "AM04 — provision insuffisante")]
    owing = {berthier.id: due(regie, berthier.id), durand.id: due(regie, durand.id)}
    assert owing[rejected_item.family_id] == 4000 and owing[kept_item.family_id] == 0
    with regie.reading() as s:
        journal = s.scalar(select(JournalEntry).where(JournalEntry.action == "debit_rejected"))
        assert journal.changes["reason"] == "AM04 — provision insuffisante"
        mandate = s.scalar(select(Mandate).where(Mandate.id == rejected_item.mandate_id))
        assert mandate.sequence == "FRST"  # its first collection failed: the next one is a first again
    view = next(v for v in debit_runs.debit_runs(regie) if v.id == run.id)
    assert (view.rejected_count, view.rejected_cents, view.collected_cents) == (1, 4000, 4000)
    again = debit_runs.import_bank_return(regie, "pain002.xml", pain002(run.reference,
                                                                         (rejected_item.end_to_end_id, "AM04")))
    assert again.rejected == [] and again.already_known == 1
    assert owing[rejected_item.family_id] == due(regie, rejected_item.family_id) == 4000
    # The rejected invoice is a candidate again, shown with its reject, not proposed by default.
    candidate, = debit_runs.debit_candidates(regie)
    assert candidate.invoice_id == rejected_item.invoice_id and not candidate.proposed
    assert candidate.last_reject == "21/06/2017 : AM04 — provision insuffisante"


def test_a_csv_of_unpaid_debits_with_an_unknown_line(regie):
    family, invoice_id = family_owing(regie, "Berthier")
    run = debit_runs.build_debit_run(regie, uuid.uuid4(), collection(regie), [invoice_id])
    item, = items_of(regie, run.id)
    csv_file = (f"Date;EndToEndId;Montant;Code;Motif\n26/06/2017;{item.end_to_end_id};40,00;MD01;Mandat absent\n"
                "26/06/2017;AUTRE-CREANCIER-1;12,00;AC04;\n").encode("cp1252")
    result = debit_runs.import_bank_return(regie, "impayes.csv", csv_file)
    assert [r[3] for r in result.rejected] == ["MD01 — pas de mandat (ou mandat révoqué)"]
    assert result.unknown == ["AUTRE-CREANCIER-1"] and due(regie, family.id) == 4000


def test_a_wrong_return_is_refused_in_french_and_nothing_is_saved(regie):
    family, invoice_id = family_owing(regie, "Berthier")
    run = debit_runs.build_debit_run(regie, uuid.uuid4(), collection(regie), [invoice_id])
    item, = items_of(regie, run.id)
    cases = [
        (b"Date;Montant\n26/06/2017;40,00\n", "doit nommer ses colonnes, dont « EndToEndId »"),
        (f"EndToEndId;Code;Montant\n{item.end_to_end_id};AM04;45,00\n".encode(), "Le retour annonce 45,00"),
        (b"<Document><CstmrPmtStsRpt>", "n'est pas un XML lisible"),
        (b"EndToEndId;Code\nAUTRE-1;AM04\n", "Aucun des prélèvements de ce retour n'a été fait ici : AUTRE-1."),
        (pain002(run.reference), "ne contient aucun prélèvement rejeté"),
    ]
    for data, fragment in cases:
        with pytest.raises(DomainError) as refused:
            debit_runs.import_bank_return(regie, "retour.csv", data)
        assert fragment in refused.value.message
    assert due(regie, family.id) == 0 and items_of(regie, run.id)[0].state == "pending"


def test_the_run_report_pdf(regie):
    _, first = family_owing(regie, "Berthier")
    _, second = family_owing(regie, "Durand")
    run = debit_runs.build_debit_run(regie, uuid.uuid4(), collection(regie), [first, second])
    item = items_of(regie, run.id)[0]
    debit_runs.import_bank_return(regie, "r.xml", pain002(run.reference, (item.end_to_end_id, "AC04")))
    pdf_bytes = debit_runs.debit_run_pdf(regie, run.id)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "PRÉLÈVEMENT SEPA" in text and run.reference in text and "23/06/2017" in text
    assert "Présentés 2 80,00 €" in text and "Rejetés par la banque (redevenus dus) 1 40,00 €" in text
    assert "Encaissés 1 40,00 €" in text and "Rejeté : AC04 — compte" in text and "Présenté" in text
    assert "FR14 **** **** 2606" in text and "3M02" not in text  # IBANs masked


def test_the_family_history_says_in_progress_then_rejected_with_the_reason(regie, clock):
    from ems_desktop.services import billing_history

    family, invoice_id = family_owing(regie, "Berthier")
    run = debit_runs.build_debit_run(regie, uuid.uuid4(), collection(regie), [invoice_id])

    def payments():
        history = billing_history.billing_history(regie, family.id)
        summary, = [i for month in history.months for i in month.invoices]
        return summary, [(p.mode_label, p.amount_cents) for p in summary.payments]

    summary, lines = payments()
    assert lines == [("En cours de prélèvement (échéance du 23/06/2017)", 4000)] and summary.status == "Payée"
    clock.advance(days=10)
    assert payments()[1] == [("Prélèvement SEPA du 23/06/2017", 4000)]
    item, = items_of(regie, run.id)
    debit_runs.import_bank_return(regie, "r.csv", f"EndToEndId;Code\n{item.end_to_end_id};MS02\n".encode())
    summary, lines = payments()
    assert lines == [("Prélèvement SEPA du 23/06/2017 (rejeté)", 4000),
                     ("Prélèvement SEPA rejeté : MS02 — refus du débiteur", -4000)]
    assert summary.balance_cents == 4000


def test_migration_0022_keeps_a_base_with_invoices_both_ways(recap, agent_ctx):
    """A town's base already holding invoices (referenced by their lines and payments) gains the
    « à prélever » mark and the runs' tables without losing a row, and can go back."""
    from alembic import command

    from ems_desktop.database.migrate import alembic_config, current_revision, upgrade
    from ems_desktop.models import Invoice

    family, ids = recap
    number = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, ()).invoice_number
    engine = agent_ctx.db.engine
    command.downgrade(alembic_config(engine), "0021")
    assert current_revision(engine) == "0021"
    upgrade(engine)
    with agent_ctx.reading() as s:
        invoice = s.scalar(select(Invoice))
        assert (invoice.number, invoice.collect_by_debit, invoice.total_cents) == (number, False, 12000)


def test_a_run_of_many_invoices_keeps_its_whole_file(regie):
    """A town's monthly run is hundreds of debits: its file (about 550 characters a debit) is kept
    whole, whatever the limit on typed texts."""
    names = ["Aubert", "Blanc", "Carré", "Dupuis", "Étienne", "Faure", "Girard", "Henry", "Imbert", "Jacob",
             "Klein", "Lambert"]
    invoices = [family_owing(regie, name)[1] for name in names]
    run = debit_runs.build_debit_run(regie, uuid.uuid4(), collection(regie), invoices)
    _, data = debit_runs.debit_run_file(regie, run.id)
    assert run.item_count == 12 and len(data) > 4000
    xmlschema.XMLSchema(str(XSD)).validate(data.decode())
