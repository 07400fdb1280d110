"""Direct-debit runs (the régisseur's): the invoices families owe that are collected by SEPA direct
debit on one date, as one pain.008 file for the town's bank; then the bank's return, whose rejects
turn the debits back into amounts due, with the reason.

- The candidates are the invoices still owing something whose family has a mandate in force; those
  issued « à prélever » are proposed, the others may be added by the régisseur.
- Building a run records, per invoice, a « Prélèvement SEPA » payment of what it owes (the invoice
  is settled: « en cours de prélèvement » until the collection date) and the debit, then the file,
  validated against its XSD, all in one transaction. Each family is locked first: a payment at a
  counter and a run, or two runs, settle an invoice once; the database also refuses an invoice in
  two debits not returned. The same run sent twice (its id) is built once.
- A mandate's first collection goes as FRST, the next ones as RCUR.
- A reject (pain.002 status report or the bank's CSV of unpaid debits) reverses the payment: the
  invoice owes again, the reason is kept and journaled; a first collection rejected makes the
  mandate's next one a FRST again. Importing the same return twice changes nothing.
- On a counter synchronised with the town's server, runs are made on the central database (they
  read every counter's invoices); the payments they record reach the counters by the sync.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from ems_desktop import config
from ems_desktop.dates import format_date
from ems_desktop.models import (
    CreditNote,
    DebitItem,
    DebitItemState,
    DebitRun,
    Family,
    Invoice,
    Mandate,
    MandateSequence,
    Payment,
    PaymentAllocation,
    PaymentMode,
)
from ems_desktop.money import format_cents
from ems_desktop.rules.sepa import collection_date_problem, earliest_collection_date, reject_reason
from ems_desktop.services import permissions
from ems_desktop.services.accounts import lock_family
from ems_desktop.services.central import require_central_database
from ems_desktop.services.context import ServiceContext, UnitOfWork, retry_on_conflict
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed
from ems_desktop.services.mandates import masked_iban
from ems_desktop.services.settings import read_shared, write_shared

if TYPE_CHECKING:
    from ems_desktop.reports.data import DebitRunReport

WHAT = "Les prélèvements SEPA"
# Collecting money by debit is the régie's: the régisseur, and the administrator who stands in.
RUNS_ROLES = (permissions.REGISSEUR, permissions.ADMINISTRATEUR)
# pain.008 as the EPC's implementation guidelines ask since November 2023 (ISO 20022, 2019).
SCHEMA = "pain.008.001.08"


# --- The creditor (the town's régie) -----------------------------------------------------------

@dataclass(frozen=True)
class Creditor:
    name: str         # the régie, as the bank knows its account
    creditor_id: str  # ICS
    iban: str
    bic: str


def load_creditor(ctx: ServiceContext) -> Creditor:
    with ctx.reading() as s:
        return _creditor(s)


def _creditor(s: Session) -> Creditor:
    return Creditor(read_shared(s, config.REGIE_NAME), read_shared(s, config.SEPA_CREDITOR_ID),
                    read_shared(s, config.SEPA_CREDITOR_IBAN), read_shared(s, config.SEPA_CREDITOR_BIC))


_ICS = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$")


def creditor_problems(data: Creditor) -> tuple[dict[str, str], Creditor]:
    """Each field's problem in French, and the creditor as it will be stored."""
    from schwifty import BIC, IBAN
    from schwifty.exceptions import SchwiftyException

    errors: dict[str, str] = {}
    ics = re.sub(r"\s", "", data.creditor_id).upper()
    if not _ICS.match(ics) or ics == config.SEPA_CREDITOR_ID.default:
        errors["creditor_id"] = ("Saisissez l'identifiant créancier SEPA (ICS) donné par la banque de la régie "
                                 "(ex. FR12ZZZ123456).")
    iban = re.sub(r"\s", "", data.iban).upper()
    try:
        iban = IBAN(iban).compact
    except SchwiftyException:
        errors["iban"] = "L'IBAN du compte de la régie est erroné (vérifiez-le sur le RIB du Trésor public)."
    bic = re.sub(r"\s", "", data.bic).upper()
    if bic:
        try:
            bic = str(BIC(bic))
        except SchwiftyException:
            errors["bic"] = "Le BIC compte 8 ou 11 lettres et chiffres (ex. TRPUFRP1)."
    return errors, Creditor(data.name, ics, iban, bic)


@retry_on_conflict
def save_creditor(ctx: ServiceContext, data: Creditor) -> Creditor:
    """The régie's ICS and account (shared settings: the same for every counter)."""
    require_central_database(ctx, "Modifier le compte créancier de la régie")
    errors, clean = creditor_problems(data)
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, *RUNS_ROLES, what="Le compte créancier des prélèvements")
        for definition, value in ((config.SEPA_CREDITOR_ID, clean.creditor_id),
                                  (config.SEPA_CREDITOR_IBAN, clean.iban), (config.SEPA_CREDITOR_BIC, clean.bic)):
            write_shared(s, definition, value)
        uow.record("settings", uuid.UUID(int=0), "sepa_creditor", {
            "creditor_id": clean.creditor_id, "iban": masked_iban(clean.iban), "bic": clean.bic})
        return _creditor(s)


# --- Candidates ------------------------------------------------------------------------------

@dataclass(frozen=True)
class DebitCandidate:
    invoice_id: uuid.UUID
    invoice_number: str
    issue_date: dt.date
    family_id: uuid.UUID
    family_name: str
    family_reference: str
    owed_cents: int
    to_collect_by_debit: bool   # issued « à prélever »: proposed (checked) by default
    rum: str
    sequence: str               # what this debit would go as: FRST or RCUR
    debtor_name: str
    iban_masked: str
    last_reject: str            # « 05/11/2026 : AM04 — provision insuffisante », or ""

    @property
    def proposed(self) -> bool:
        return self.to_collect_by_debit and not self.last_reject


def _owed(s: Session, invoice_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """What each invoice still owes (total − payments allocated − credit notes), in three queries."""
    if not invoice_ids:
        return {}
    totals = dict(s.execute(select(Invoice.id, Invoice.total_cents).where(Invoice.id.in_(invoice_ids))).all())
    paid = dict(s.execute(select(PaymentAllocation.invoice_id, func.sum(PaymentAllocation.amount_cents))
                          .where(PaymentAllocation.invoice_id.in_(invoice_ids))
                          .group_by(PaymentAllocation.invoice_id)).all())
    credited = dict(s.execute(select(CreditNote.invoice_id, func.sum(CreditNote.total_cents))
                              .where(CreditNote.invoice_id.in_(invoice_ids)).group_by(CreditNote.invoice_id)).all())
    return {i: total - int(paid.get(i) or 0) - int(credited.get(i) or 0) for i, total in totals.items()}


def debit_candidates(ctx: ServiceContext) -> list[DebitCandidate]:
    """The invoices a run could collect: still owing, of a family with a mandate in force, not in a
    debit the bank has not returned. Oldest first."""
    with ctx.reading() as s:
        rows = s.execute(candidate_rows()).all()
        owed = _owed(s, [row.id for row in rows])
        rejects = _last_rejects(s, [row.id for row in rows])
        return [DebitCandidate(row.id, row.number, row.issue_date, row.family_id, row.name, row.reference,
                               owed[row.id], row.collect_by_debit, row.rum, row.sequence, row.debtor_name,
                               masked_iban(row.iban), rejects.get(row.id, ""))
                for row in rows if owed[row.id] > 0]


def candidate_rows() -> Select[*tuple[Any, ...]]:
    """The invoices of families with a mandate in force, not in a debit the bank has not returned:
    only the columns the list shows. The families are found from the mandates (a few hundred), not
    by walking every invoice of the town."""
    in_force = select(Mandate.family_id).where(Mandate.revoked_at.is_(None))
    pending = select(DebitItem.id).where(DebitItem.invoice_id == Invoice.id,
                                         DebitItem.state == DebitItemState.PENDING).exists()
    return (select(Invoice.id, Invoice.number, Invoice.issue_date, Invoice.family_id, Invoice.collect_by_debit,
                   Family.name, Family.reference, Mandate.rum, Mandate.sequence, Mandate.debtor_name, Mandate.iban)
            .join(Family, Family.id == Invoice.family_id)
            .join(Mandate, and_(Mandate.family_id == Invoice.family_id, Mandate.revoked_at.is_(None)))
            .where(Invoice.family_id.in_(in_force), ~pending).order_by(Invoice.issued_at, Invoice.number))


def _last_rejects(s: Session, invoice_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not invoice_ids:
        return {}
    found: dict[uuid.UUID, str] = {}
    for item in s.scalars(select(DebitItem).where(DebitItem.invoice_id.in_(invoice_ids),
                                                  DebitItem.state == DebitItemState.REJECTED)
                          .order_by(DebitItem.rejected_at)):
        assert item.rejected_at is not None  # set with the rejected state
        found[item.invoice_id] = f"{format_date(item.rejected_at.date())} : {item.reject_reason}"
    return found


# --- Building a run ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SkippedInvoice:
    invoice_number: str
    reason: str


@dataclass(frozen=True)
class DebitRunView:
    id: uuid.UUID
    reference: str
    collection_date: dt.date
    created_at: dt.datetime
    total_cents: int
    item_count: int
    rejected_count: int
    rejected_cents: int
    file_name: str
    skipped: tuple[SkippedInvoice, ...] = ()

    @property
    def collected_cents(self) -> int:
        return self.total_cents - self.rejected_cents


def _parse_collection_date(value: dt.date | str, today: dt.date) -> dt.date:
    if isinstance(value, str):
        from ems_desktop.dates import parse_date

        try:
            value = parse_date(value)
        except ValueError:
            raise ValidationFailed({"collection_date": "Saisissez la date d'échéance au format jj/mm/aaaa."}) from None
    problem = collection_date_problem(value, today)
    if problem:
        raise ValidationFailed({"collection_date": problem})
    return value


def default_collection_date(ctx: ServiceContext) -> dt.date:
    return earliest_collection_date(ctx.today())


def _end_to_end_id(item_id: uuid.UUID) -> str:
    """« EMS-E-… »: the debit's own id in base 32, what the bank's return names it by."""
    return "EMS-E-" + base64.b32encode(item_id.bytes).decode().rstrip("=")[:26]


def _reference(run_id: uuid.UUID, collection_date: dt.date) -> str:
    return f"EMS-PRLV-{collection_date:%Y%m%d}-" + base64.b32encode(run_id.bytes).decode()[:12]


@retry_on_conflict
def build_debit_run(ctx: ServiceContext, run_id: uuid.UUID, collection_date: dt.date | str,
                    invoice_ids: list[uuid.UUID] | tuple[uuid.UUID, ...]) -> DebitRunView:
    """Collect the chosen invoices on ``collection_date``: one debit per invoice for what it owes
    when the run is built. Invoices settled or changed meanwhile are left out (``skipped``)."""
    require_central_database(ctx, "Préparer un prélèvement")
    day = _parse_collection_date(collection_date, ctx.today())
    wanted = list(dict.fromkeys(invoice_ids))
    if not wanted:
        raise ValidationFailed({"invoices": "Cochez au moins une facture à prélever."})
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, *RUNS_ROLES, what=WHAT)
        existing = s.get(DebitRun, run_id)
        if existing is not None:  # the same run sent twice: built once
            return _run_view(s, existing)
        creditor = _creditor(s)
        errors, _ = creditor_problems(creditor)
        if errors:
            raise DomainError("Avant le premier prélèvement, renseignez le compte créancier de la régie (ICS, IBAN, "
                              "BIC) : « Compte créancier… » dans cette fenêtre.")
        invoices = {i.id: i for i in s.scalars(select(Invoice).where(Invoice.id.in_(wanted)))}
        if len(invoices) != len(wanted):
            raise DomainError("Une des factures choisies n'existe pas (ou plus) : rouvrez la liste.")
        # Families locked in one order (no deadlock between two runs), before anything is read.
        for family_id in sorted({i.family_id for i in invoices.values()}, key=str):
            lock_family(s, family_id)
        owed = _owed(s, wanted)
        run = DebitRun(id=run_id, reference=_reference(run_id, day), collection_date=day, created_at=uow.now,
                       agent_id=ctx.actor.agent_id, counter_id=ctx.actor.counter_id, total_cents=0, item_count=0,
                       file_name=f"prelevements-{day:%Y-%m-%d}-{run_id.hex[:6]}.xml", file_xml="")
        s.add(run)
        s.flush()
        skipped: list[SkippedInvoice] = []
        items: list[tuple[DebitItem, Invoice, Mandate]] = []
        first_of_mandate: set[uuid.UUID] = set()
        # The families' mandates in force and the invoices already in a debit, read once (the
        # families are locked: nothing changes them before this transaction ends).
        mandates_in_force = {m.family_id: m for m in s.scalars(
            select(Mandate).where(Mandate.family_id.in_({i.family_id for i in invoices.values()}),
                                  Mandate.revoked_at.is_(None)).with_for_update())}
        in_debit = set(s.scalars(select(DebitItem.invoice_id).where(DebitItem.invoice_id.in_(wanted),
                                                                    DebitItem.state == DebitItemState.PENDING)))
        for invoice in sorted(invoices.values(), key=lambda i: (i.issued_at, i.number)):
            mandate = mandates_in_force.get(invoice.family_id)
            if mandate is None:
                skipped.append(SkippedInvoice(invoice.number, "la famille n'a plus de mandat en vigueur"))
                continue
            if invoice.id in in_debit:
                skipped.append(SkippedInvoice(invoice.number, "déjà dans un prélèvement en cours"))
                continue
            if owed[invoice.id] <= 0:
                skipped.append(SkippedInvoice(invoice.number, "réglée entre-temps"))
                continue
            amount = owed[invoice.id]
            # A mandate's first debit is FRST; a second invoice of the same family in this run too
            # goes under the same FRST batch only if the mandate was never collected.
            sequence = MandateSequence.FIRST if (mandate.sequence == MandateSequence.FIRST
                                                 or mandate.id in first_of_mandate) else MandateSequence.RECURRENT
            if sequence == MandateSequence.FIRST:
                first_of_mandate.add(mandate.id)
            payment = Payment(family_id=invoice.family_id, counter_id=ctx.actor.counter_id,
                              agent_id=ctx.actor.agent_id, received_at=uow.now, mode=PaymentMode.DIRECT_DEBIT,
                              amount_cents=amount, request_id=run_id)
            payment.allocations.append(PaymentAllocation(invoice_id=invoice.id, amount_cents=amount))
            s.add(payment)
            s.flush()
            item_id = uuid.uuid4()
            item = DebitItem(id=item_id, run_id=run.id, position=len(items), invoice_id=invoice.id,
                             family_id=invoice.family_id, mandate_id=mandate.id, amount_cents=amount,
                             sequence=sequence, end_to_end_id=_end_to_end_id(item_id), payment_id=payment.id,
                             state=DebitItemState.PENDING, reject_code="", reject_reason="")
            s.add(item)
            items.append((item, invoice, mandate))
            uow.record("invoice", invoice.id, "debit_requested", {
                "number": invoice.number, "amount_cents": amount, "run": run.reference, "rum": mandate.rum,
                "sequence": sequence, "collection_date": day})
            uow.touch("family", invoice.family_id)
        if not items:
            raise DomainError("Aucune des factures choisies n'est plus à prélever : "
                              + " ; ".join(f"{x.invoice_number} ({x.reason})" for x in skipped) + ".")
        for mandate_id in first_of_mandate:
            s.get_one(Mandate, mandate_id).sequence = MandateSequence.RECURRENT
        run.total_cents = sum(item.amount_cents for item, _, _ in items)
        run.item_count = len(items)
        run.file_xml = pain008(creditor, run, items, s)
        s.flush()
        uow.record("debit_run", run.id, "built", {
            "reference": run.reference, "collection_date": day, "total_cents": run.total_cents,
            "count": run.item_count, "skipped": [[x.invoice_number, x.reason] for x in skipped]})
        return _run_view(s, run, tuple(skipped))


def pain008(creditor: Creditor, run: DebitRun, items: list[tuple[DebitItem, Invoice, Mandate]], s: Session) -> str:
    """The run's pain.008 (sepaxml), validated against the XSD it ships; the message id is the run's
    reference, so a file and its run are found from each other."""
    import sepaxml
    from sepaxml.validation import ValidationError

    families = {f.id: f for f in s.scalars(select(Family).where(Family.id.in_({i.family_id for i, _, _ in items})))}
    config_ = {"name": creditor.name, "IBAN": creditor.iban, "creditor_id": creditor.creditor_id,
               "currency": "EUR", "batch": True, "instrument": "CORE"}
    if creditor.bic:
        config_["BIC"] = creditor.bic
    document = sepaxml.SepaDD(config_, schema=SCHEMA, clean=True)
    document.msg_id = run.reference
    header = document._xml.find("CstmrDrctDbtInitn/GrpHdr/MsgId")
    header.text = run.reference  # set when the header was built, before our reference was known
    for item, invoice, mandate in items:
        payment = {
            "name": mandate.debtor_name, "IBAN": mandate.iban, "amount": item.amount_cents, "type": item.sequence,
            "collection_date": run.collection_date, "mandate_id": mandate.rum, "mandate_date": mandate.signed_on,
            "description": f"Facture {invoice.number} {families[invoice.family_id].reference} {creditor.name}",
            "endtoend_id": item.end_to_end_id,
        }
        if mandate.bic:
            payment["BIC"] = mandate.bic
        document.add_payment(payment)
    try:
        exported: bytes = document.export(validate=True)
        return exported.decode("utf-8")
    except ValidationError as invalid:
        raise DomainError("Le fichier de prélèvement ne respecte pas la norme SEPA (pain.008) : vérifiez le nom et "
                          f"le compte de la régie et des débiteurs. Détail : {invalid.__cause__}") from invalid


def _run_view(s: Session, run: DebitRun, skipped: tuple[SkippedInvoice, ...] = ()) -> DebitRunView:
    rejected = s.execute(select(func.count(), func.coalesce(func.sum(DebitItem.amount_cents), 0))
                         .where(DebitItem.run_id == run.id, DebitItem.state == DebitItemState.REJECTED)).one()
    return DebitRunView(run.id, run.reference, run.collection_date, run.created_at, run.total_cents, run.item_count,
                        int(rejected[0]), int(rejected[1]), run.file_name, skipped)


def debit_runs(ctx: ServiceContext) -> list[DebitRunView]:
    """Every run, the latest first."""
    with ctx.reading() as s:
        return [_run_view(s, run) for run in s.scalars(select(DebitRun).order_by(DebitRun.created_at.desc()))]


def debit_run_file(ctx: ServiceContext, run_id: uuid.UUID) -> tuple[str, bytes]:
    """The run's pain.008 file, exactly as built: its name and bytes."""
    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, *RUNS_ROLES, what=WHAT)
        run = s.get(DebitRun, run_id)
        if run is None:
            raise NotFound("Ce prélèvement n'existe pas (ou plus).")
        return run.file_name, run.file_xml.encode("utf-8")


# --- The bank's return --------------------------------------------------------------------------

@dataclass(frozen=True)
class BankReject:
    end_to_end_id: str
    code: str
    text: str = ""
    amount_cents: int | None = None


@dataclass
class ReturnResult:
    rejected: list[tuple[str, str, int, str]] = field(default_factory=list)  # invoice, family, cents, reason
    already_known: int = 0
    unknown: list[str] = field(default_factory=list)                         # end-to-end ids not ours

    @property
    def rejected_cents(self) -> int:
        return sum(cents for _, _, cents, _ in self.rejected)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: ET.Element, *path: str) -> str:
    """The text under ``element`` following local tag names, whatever the namespace."""
    current: ET.Element | None = element
    for name in path:
        current = next((c for c in current if _local(c.tag) == name), None) if current is not None else None
    return (current.text or "").strip() if current is not None else ""


def parse_pain002(data: bytes) -> tuple[str, str, list[BankReject]]:
    """A pain.002 status report: (original message id, group status, the rejected transactions)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as bad:
        raise DomainError(f"Le fichier de retour n'est pas un XML lisible (ligne {bad.position[0]}).") from None
    report = next((e for e in root.iter() if _local(e.tag) == "CstmrPmtStsRpt"), None)
    if report is None:
        raise DomainError("Ce fichier XML n'est pas un compte rendu de la banque (pain.002).")
    group = next((c for c in report if _local(c.tag) == "OrgnlGrpInfAndSts"), None)
    message_id = _child_text(group, "OrgnlMsgId") if group is not None else ""
    group_status = _child_text(group, "GrpSts") if group is not None else ""
    rejects = []
    for tx in (e for e in report.iter() if _local(e.tag) == "TxInfAndSts"):
        status = _child_text(tx, "TxSts")
        if status not in ("RJCT", ""):
            continue
        reason = next((e for e in tx.iter() if _local(e.tag) == "StsRsnInf"), None)
        code = _child_text(reason, "Rsn", "Cd") if reason is not None else ""
        text = _child_text(reason, "AddtlInf") if reason is not None else ""
        rejects.append(BankReject(_child_text(tx, "OrgnlEndToEndId"), code, text))
    return message_id, group_status, rejects


_CSV_COLUMNS = {
    "end_to_end_id": ("endtoendid", "end_to_end_id", "reference de bout en bout", "référence de bout en bout",
                      "ref bout en bout", "référence", "reference"),
    "code": ("code", "code motif", "code rejet", "code retour", "motif code", "reason code"),
    "text": ("motif", "libellé", "libelle", "libellé motif", "raison"),
    "amount": ("montant", "amount"),
}


def parse_reject_csv(data: bytes) -> list[BankReject]:
    """The bank's list of unpaid debits as CSV (« ; » or « , »), with a header naming at least the
    end-to-end reference and the reject code; the reason's text and the amount are optional."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    first_line = text.splitlines()[0] if text else ""
    delimiter = max(";,\t", key=first_line.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise DomainError("Le fichier de retour est vide.")
    header = [h.strip().lower() for h in rows[0]]
    where = {key: next((header.index(n) for n in names if n in header), None) for key, names in _CSV_COLUMNS.items()}
    if where["end_to_end_id"] is None or where["code"] is None:
        raise DomainError("La première ligne du fichier doit nommer ses colonnes, dont « EndToEndId » (la référence "
                          "de bout en bout) et « Code » (le motif du rejet).")
    rejects = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            e2e, code = row[where["end_to_end_id"]].strip(), row[where["code"]].strip()
            reason = row[where["text"]].strip() if where["text"] is not None else ""
            amount = None
            if where["amount"] is not None and row[where["amount"]].strip():
                amount = round(float(row[where["amount"]].replace("\u202f", "").replace(" ", "")
                                     .replace("€", "").replace(",", ".")) * 100)
        except (IndexError, ValueError):
            raise DomainError(f"Ligne {number} du fichier de retour illisible : {';'.join(row)[:80]}") from None
        if not e2e:
            raise DomainError(f"Ligne {number} du fichier de retour : la référence de bout en bout manque.")
        rejects.append(BankReject(e2e, code, reason, amount))
    return rejects


def parse_bank_return(file_name: str, data: bytes) -> tuple[str, str, list[BankReject]]:
    if data.lstrip()[:1] == b"<":
        return parse_pain002(data)
    if file_name.lower().endswith(".xml"):
        raise DomainError("Ce fichier XML est illisible.")
    return "", "", parse_reject_csv(data)


@retry_on_conflict
def import_bank_return(ctx: ServiceContext, file_name: str, data: bytes) -> ReturnResult:
    """The bank's rejects: each debit named is returned (its payment reversed: the invoice owes
    again), with the reason; the whole file or nothing."""
    require_central_database(ctx, "Importer le retour de la banque")
    message_id, group_status, rejects = parse_bank_return(file_name, data)
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, *RUNS_ROLES, what=WHAT)
        if group_status == "RJCT" and not rejects:
            run = s.scalar(select(DebitRun).where(DebitRun.reference == message_id))
            if run is None:
                raise DomainError(f"La banque rejette un fichier inconnu ici ({message_id or 'sans référence'}).")
            rejects = [BankReject(item.end_to_end_id, "FF01", "fichier rejeté par la banque") for item in run.items]
        if not rejects:
            raise DomainError("Ce retour de la banque ne contient aucun prélèvement rejeté : rien à faire.")
        result = ReturnResult()
        items = {i.end_to_end_id: i for i in s.scalars(select(DebitItem).where(
            DebitItem.end_to_end_id.in_({r.end_to_end_id for r in rejects})))}
        for family_id in sorted({i.family_id for i in items.values()}, key=str):
            lock_family(s, family_id)
        for reject in rejects:
            item = items.get(reject.end_to_end_id)
            if item is None:
                result.unknown.append(reject.end_to_end_id)
                continue
            s.refresh(item)
            if item.state == DebitItemState.REJECTED:
                result.already_known += 1
                continue
            if reject.amount_cents is not None and reject.amount_cents != item.amount_cents:
                raise DomainError(f"Le retour annonce {format_cents(reject.amount_cents)} pour le prélèvement "
                                  f"{item.end_to_end_id}, qui était de {format_cents(item.amount_cents)} : "
                                  "vérifiez le fichier avec la banque (rien n'a été enregistré).")
            _reject(uow, item, reject, result)
        if not result.rejected and not result.already_known:
            raise DomainError("Aucun des prélèvements de ce retour n'a été fait ici : "
                              + ", ".join(result.unknown[:5]) + ("…" if len(result.unknown) > 5 else "") + ".")
        if result.rejected:
            uow.record("debit_return", uuid.uuid4(), "imported", {
                "file": file_name[:120], "message": message_id, "rejected": len(result.rejected),
                "rejected_cents": result.rejected_cents, "already_known": result.already_known,
                "unknown": result.unknown[:20]})
        return result


def _reject(uow: UnitOfWork, item: DebitItem, reject: BankReject, result: ReturnResult) -> None:
    s = uow.session
    reason = reject_reason(reject.code, reject.text)[:200]
    debit = s.get_one(Payment, item.payment_id)
    reversal = Payment(family_id=item.family_id, counter_id=uow.actor.counter_id, agent_id=uow.actor.agent_id,
                       received_at=uow.now, mode=PaymentMode.DIRECT_DEBIT, amount_cents=-item.amount_cents,
                       refund_of_id=debit.id, request_id=item.id)
    reversal.allocations.append(PaymentAllocation(invoice_id=item.invoice_id, amount_cents=-item.amount_cents))
    s.add(reversal)
    s.flush()
    item.state, item.reject_code, item.reject_reason = DebitItemState.REJECTED, reject.code[:4].upper(), reason
    item.rejected_at, item.reversal_payment_id = uow.now, reversal.id
    if item.sequence == MandateSequence.FIRST:
        # The first collection failed: for the bank the mandate has still never been collected.
        collected = s.scalar(select(func.count()).select_from(DebitItem).where(
            DebitItem.mandate_id == item.mandate_id, DebitItem.state == DebitItemState.PENDING,
            DebitItem.id != item.id))
        if not collected:
            s.get_one(Mandate, item.mandate_id).sequence = MandateSequence.FIRST
    invoice = s.get_one(Invoice, item.invoice_id)
    family = s.get_one(Family, item.family_id)
    uow.record("invoice", invoice.id, "debit_rejected", {
        "number": invoice.number, "amount_cents": item.amount_cents, "code": item.reject_code, "reason": reason,
        "end_to_end_id": item.end_to_end_id})
    uow.touch("family", family.id)
    result.rejected.append((invoice.number, family.name, item.amount_cents, reason))


# --- What a run did, for the régie's records ----------------------------------------------------

def debit_run_report(ctx: ServiceContext, run_id: uuid.UUID) -> DebitRunReport:
    """The run's report (reports.render_debit_run): every debit with its family, mandate, sequence,
    amount and state, the totals collected and rejected."""
    from ems_desktop.reports.data import DebitRunLine, DebitRunReport
    from ems_desktop.services.documents import issuer

    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, *RUNS_ROLES, what=WHAT)
        run = s.get(DebitRun, run_id)
        if run is None:
            raise NotFound("Ce prélèvement n'existe pas (ou plus).")
        rows = s.execute(select(DebitItem, Invoice.number, Family.name, Family.reference, Mandate.rum,
                                Mandate.debtor_name, Mandate.iban)
                         .join(Invoice, Invoice.id == DebitItem.invoice_id)
                         .join(Family, Family.id == DebitItem.family_id)
                         .join(Mandate, Mandate.id == DebitItem.mandate_id)
                         .where(DebitItem.run_id == run.id).order_by(DebitItem.position)).all()
        creditor = _creditor(s)
        view = _run_view(s, run)
        return DebitRunReport(
            issuer=issuer(s), reference=run.reference, collection_date=run.collection_date,
            created_at=run.created_at, creditor_id=creditor.creditor_id, creditor_iban=masked_iban(creditor.iban),
            file_name=run.file_name, total_cents=run.total_cents, count=run.item_count,
            rejected_count=view.rejected_count, rejected_cents=view.rejected_cents,
            lines=tuple(DebitRunLine(invoice_number=number, family=f"{name} ({reference})", rum=rum,
                                     debtor=debtor, iban=masked_iban(iban), sequence=item.sequence,
                                     amount_cents=item.amount_cents,
                                     state=(f"Rejeté : {item.reject_reason}" if item.state == DebitItemState.REJECTED
                                            else "Présenté"))
                        for item, number, name, reference, rum, debtor, iban in rows))


def debit_run_pdf(ctx: ServiceContext, run_id: uuid.UUID) -> bytes:
    from ems_desktop.reports.debit_run import render_debit_run

    return render_debit_run(debit_run_report(ctx, run_id))
