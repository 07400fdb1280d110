"""SEPA direct debit mandates on the family dossier ("Mes prélèvements"): recorded at the counter
from the form the family signed, revoked when the family stops paying by debit (kept: a past
collection names it).

- The IBAN is checked by schwifty (country, length, check digits, the national structure), the BIC
  when given (optional in SEPA; derived from the IBAN where the bank's register allows it).
- The RUM (référence unique du mandat) is made from the mandate's own id: unique for the town
  without asking any other counter, so a counter offline records one too.
- At most one mandate in force per family (a new account: revoke the old mandate first), enforced
  by the database as well.
- The IBAN is personal banking data: never written to the log, and the journal keeps it masked
  (country, check digits and the last four characters).
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from ems_desktop.dates import parse_date
from ems_desktop.models import Family, Mandate, MandateSequence
from ems_desktop.models.base import JsonObject
from ems_desktop.rules.text import text_problem
from ems_desktop.services import permissions
from ems_desktop.services.context import ServiceContext, retry_on_conflict
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed

if TYPE_CHECKING:
    from ems_desktop.reports.data import MandateDocument

RUM_PREFIX = "EMS"
WHAT = "Les mandats de prélèvement"

_IBAN_PROBLEMS = {
    "InvalidCountryCode": "Le code pays de l'IBAN est inconnu (un IBAN commence par FR76, DE89…).",
    "InvalidLength": "L'IBAN n'a pas la bonne longueur pour son pays (27 caractères pour la France).",
    "InvalidChecksumDigits": "L'IBAN est erroné : sa clé de contrôle ne correspond pas (une faute de frappe ?).",
    "InvalidStructure": "L'IBAN contient des caractères impossibles pour un compte de ce pays.",
    "InvalidBBANChecksum": "L'IBAN est erroné : la clé RIB du compte ne correspond pas.",
    "InvalidBankCode": "Le code banque de l'IBAN n'existe pas.",
    "InvalidBranchCode": "Le code guichet de l'IBAN n'existe pas.",
    "InvalidAccountCode": "Le numéro de compte de l'IBAN est invalide.",
}


@dataclass(frozen=True)
class MandateInput:
    debtor_name: str  # the account holder
    iban: str
    bic: str          # optional
    signed_on: str    # jj/mm/aaaa


@dataclass(frozen=True)
class MandateView:
    id: uuid.UUID
    family_id: uuid.UUID
    rum: str
    debtor_name: str
    iban: str          # formatted by groups of four
    bic: str
    signed_on: dt.date
    sequence: str
    revoked_at: dt.datetime | None
    revoked_reason: str

    @property
    def in_force(self) -> bool:
        return self.revoked_at is None


def masked_iban(iban: str) -> str:
    """« FR76 **** … 0189 »: enough to recognise an account, never enough to use it."""
    compact = iban.replace(" ", "")
    return f"{compact[:4]} **** **** {compact[-4:]}" if len(compact) > 8 else "****"


def rum_of(mandate_id: uuid.UUID) -> str:
    """« EMS-7K3F9Q2MXA4B » : the mandate id's first 60 bits in base 32 (letters and digits, as
    SEPA allows), unique without a shared counter."""
    code = base64.b32encode(mandate_id.bytes[:10]).decode("ascii").rstrip("=")[:12]
    return f"{RUM_PREFIX}-{code}"


def check_mandate(data: MandateInput, today: dt.date) -> tuple[dict[str, str], JsonObject]:
    """The form's messages, field by field (empty when all is right), and the values to store."""
    from schwifty import BIC, IBAN
    from schwifty.exceptions import SchwiftyException

    errors: dict[str, str] = {}
    values: JsonObject = {}
    name = (data.debtor_name or "").strip()
    problem = text_problem(name, 70)
    if problem:
        errors["debtor_name"] = problem
    elif not name:
        errors["debtor_name"] = ("Le titulaire du compte est obligatoire (nom et prénom, tels que la banque les "
                                 "connaît).")
    values["debtor_name"] = name
    raw_iban = (data.iban or "").strip()
    iban = None
    if not raw_iban:
        errors["iban"] = "L'IBAN est obligatoire (il figure sur le RIB de la famille)."
    else:
        try:
            iban = IBAN(raw_iban)
        except SchwiftyException as refused:
            errors["iban"] = _IBAN_PROBLEMS.get(type(refused).__name__, "L'IBAN est invalide.")
    raw_bic = (data.bic or "").strip().upper().replace(" ", "")
    bic = ""
    if raw_bic:
        try:
            bic = str(BIC(raw_bic).compact)
        except SchwiftyException:
            errors["bic"] = "Le BIC est invalide (8 ou 11 caractères, ex. AGRIFRPP ou AGRIFRPPXXX)."
    elif iban is not None:
        try:
            bic = str(iban.bic.compact) if iban.bic is not None else ""
        except SchwiftyException:  # the bank's register knows no BIC for it: optional in SEPA
            bic = ""
    if iban is not None:
        values["iban"] = iban.compact
    values["bic"] = bic
    signed = (data.signed_on or "").strip()
    try:
        values["signed_on"] = parse_date(signed)
    except ValueError:
        errors["signed_on"] = (f"« {signed} » n'est pas une date jj/mm/aaaa." if signed else
                               "La date de signature du mandat est obligatoire (jj/mm/aaaa).")
    else:
        if values["signed_on"] > today:
            errors["signed_on"] = "La date de signature ne peut pas être dans le futur."
    return errors, values


def _view(m: Mandate) -> MandateView:
    from schwifty import IBAN

    return MandateView(m.id, m.family_id, m.rum, m.debtor_name, IBAN(m.iban).formatted, m.bic, m.signed_on,
                       m.sequence, m.revoked_at, m.revoked_reason)


def mandates_of_family(ctx: ServiceContext, family_id: uuid.UUID) -> list[MandateView]:
    """The family's mandates, the one in force first, then the revoked ones, newest first."""
    with ctx.reading() as s:
        rows = list(s.scalars(select(Mandate).where(Mandate.family_id == family_id)
                              .order_by(Mandate.revoked_at.is_not(None), Mandate.created_at.desc())))
        return [_view(m) for m in rows]


@retry_on_conflict
def record_mandate(ctx: ServiceContext, family_id: uuid.UUID, data: MandateInput,
                   mandate_id: uuid.UUID | None = None) -> MandateView:
    """Record the mandate the family signed (agent, régisseur or administrateur). Refused with a
    message per field when a value is wrong; refused when the family has a mandate in force."""
    errors, values = check_mandate(data, ctx.today())
    if errors:
        raise ValidationFailed(errors)
    mandate_id = mandate_id or uuid.uuid4()
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, permissions.AGENT, permissions.REGISSEUR, permissions.ADMINISTRATEUR,
                                 what=WHAT)
        family = s.get(Family, family_id)
        if family is None:
            raise NotFound("Ce dossier famille n'existe pas (ou plus).")
        current = s.scalar(select(Mandate).where(Mandate.family_id == family_id, Mandate.revoked_at.is_(None))
                           .with_for_update())
        if current is not None:
            raise DomainError(f"Ce dossier a déjà un mandat en vigueur ({current.rum}, compte "
                              f"{masked_iban(current.iban)}) : révoquez-le d'abord pour en enregistrer un autre.")
        mandate = Mandate(id=mandate_id, family_id=family_id, rum=rum_of(mandate_id), sequence=MandateSequence.FIRST,
                          created_at=uow.now, agent_id=uow.actor.agent_id, counter_id=uow.actor.counter_id,
                          revoked_reason="", **values)
        s.add(mandate)
        s.flush()
        uow.record("mandate", mandate.id, "recorded", {
            "family_id": family_id, "rum": mandate.rum, "debtor_name": mandate.debtor_name,
            "iban": masked_iban(mandate.iban), "bic": mandate.bic, "signed_on": mandate.signed_on})
        uow.emit("mandate.record", lambda: {"mandate": _row(mandate)})
        return _view(mandate)


@retry_on_conflict
def revoke_mandate(ctx: ServiceContext, mandate_id: uuid.UUID, reason: str) -> MandateView:
    """The family stops paying by debit (or changes account): the mandate is kept, revoked."""
    reason = (reason or "").strip()
    problem = text_problem(reason, 200)
    if problem or not reason:
        raise ValidationFailed({"reason": problem or "Indiquez pourquoi le mandat est révoqué (ex. « changement "
                                                     "de banque », « paiement au guichet désormais »)."})
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, permissions.AGENT, permissions.REGISSEUR, permissions.ADMINISTRATEUR,
                                 what=WHAT)
        mandate = s.scalar(select(Mandate).where(Mandate.id == mandate_id).with_for_update())
        if mandate is None:
            raise NotFound("Ce mandat n'existe pas (ou plus).")
        if mandate.revoked_at is not None:
            raise DomainError(f"Le mandat {mandate.rum} est déjà révoqué depuis le {mandate.revoked_at:%d/%m/%Y}.")
        mandate.revoked_at, mandate.revoked_reason = uow.now, reason
        uow.record("mandate", mandate.id, "revoked", {"rum": mandate.rum, "reason": reason})
        uow.emit("mandate.record", lambda: {"mandate": _row(mandate)})
        return _view(mandate)


def _row(mandate: Mandate) -> JsonObject:
    """The mandate as it now stands, for the sync service (the facts the counter recorded)."""
    from ems_desktop.sync.facts import row_state

    return row_state(mandate)


def mandate_document(ctx: ServiceContext, mandate_id: uuid.UUID) -> MandateDocument:
    """The mandate to print and have signed (reports.render_mandate), full IBAN included: the
    family signs for its own account."""
    from ems_desktop import config
    from ems_desktop.reports.data import MandateDocument
    from ems_desktop.services.documents import issuer
    from ems_desktop.services.settings import read_shared

    with ctx.reading() as s:
        mandate = s.get(Mandate, mandate_id)
        if mandate is None:
            raise NotFound("Ce mandat n'existe pas (ou plus).")
        family = s.get_one(Family, mandate.family_id)
        town = issuer(s)
        view = _view(mandate)
        city = " ".join(p for p in (family.postal_code, family.city) if p)
        return MandateDocument(
            rum=mandate.rum, creditor_name=town.regie, town=town.collectivite, creditor_address=town.address_lines,
            creditor_id=read_shared(s, config.SEPA_CREDITOR_ID), debtor_name=mandate.debtor_name,
            family_name=family.name, family_reference=family.reference,
            debtor_address=tuple(line for line in (family.address_line1, family.address_line2, city) if line),
            iban=view.iban, bic=mandate.bic, signed_on=mandate.signed_on)
