"""The journal as the régie reads it: who did what and when, in French; and its verification.

- ``search_journal``: the entries of a period, of an agent, a counter, a family or a kind of
  operation, each described in French (« Facture A01-F000001 émise (120,00 €) »), newest first;
  ``journal_csv`` makes a spreadsheet of them. Reserved to the administrateur and the régisseur.
- ``verify_journal``: each counter's chain (models/journal.py) recomputed from the first entry;
  the first broken link of each chain (an entry edited, deleted or added around the application).
  ``check_at_startup`` is the same check, run by the application itself; ``verify_database``
  serves ``ems-desktop --verify-journal``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ems_desktop.dates import PARIS, format_date, to_local
from ems_desktop.models import (
    ActivityGroup,
    Agent,
    CardAttempt,
    Child,
    Counter,
    CreditNote,
    Enrollment,
    Family,
    Invoice,
    Payment,
)
from ems_desktop.models.base import JsonObject
from ems_desktop.models.journal import GENESIS, SYSTEM_CHAIN, JournalChain, JournalEntry, chain_key, hash_of, utc_text
from ems_desktop.money import format_cents
from ems_desktop.services import permissions
from ems_desktop.services.context import ServiceContext

log = logging.getLogger(__name__)

# How many entries the Journal view shows at most (the newest); the CSV export takes them all.
DEFAULT_LIMIT = 1000

# The kinds of operation the Journal filters on: key, label, the entities they cover.
KINDS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("dossiers", "Dossiers des familles", frozenset({"family"})),
    ("inscriptions", "Inscriptions", frozenset({"enrollment"})),
    ("factures", "Factures et avoirs", frozenset({"invoice", "credit_note"})),
    ("paiements", "Paiements et remboursements", frozenset({"payment", "card_attempt"})),
    ("caisse", "Caisse", frozenset({"cash_session"})),
    ("planning", "Planning", frozenset({"planning"})),
    ("catalogue", "Catalogue", frozenset({"season", "offer", "group"})),
    ("administration", "Comptes, connexions et paramètres", frozenset({"agent", "login", "counter", "settings"})),
)
OTHER_KIND = ("autre", "Autres opérations")
_KIND_OF = {entity: label for _key, label, entities in KINDS for entity in entities}
_KNOWN_ENTITIES = frozenset(_KIND_OF)

_MODES = {"card": "carte bancaire", "cash": "espèces", "cheque": "chèque", "ancv": "chèques vacances ANCV",
          "credit": "avoir famille"}
_STATUSES = {"pending": "place réservée, à payer", "confirmed": "confirmée", "waiting": "sur liste d'attente",
             "cancelled": "annulée"}
_CARD_STATES = {"requested": "préparé", "sent": "envoyé au terminal", "accepted": "accepté", "refused": "refusé",
                "failed": "échoué", "unreachable": "terminal injoignable", "in_doubt": "à vérifier",
                "cancelled": "annulé"}
_ENTITIES = {"family": "Dossier", "enrollment": "Inscription", "invoice": "Facture", "credit_note": "Avoir",
             "payment": "Paiement", "card_attempt": "Paiement par carte", "cash_session": "Caisse",
             "planning": "Planning", "season": "Saison", "offer": "Dispositif", "group": "Groupe",
             "agent": "Compte d'agent", "login": "Connexion", "counter": "Guichet", "settings": "Paramètres",
             "backup": "Sauvegarde", "message": "E-mail"}
_ACTIONS = {"created": "création", "updated": "modification", "deleted": "suppression", "archived": "archivage",
            "unarchived": "sortie des archives", "imported": "import", "issued": "émission", "opened": "ouverture",
            "closed": "clôture", "roles_changed": "rôles modifiés", "deactivated": "désactivation",
            "reactivated": "réactivation", "password_reset": "mot de passe réinitialisé",
            "password_changed": "mot de passe changé", "unlocked": "déverrouillage", "locked": "verrouillage",
            "mail_updated": "messagerie (serveur d'envoi, textes des e-mails) modifiée"}

# What a dossier's changed fields are called (services/families.py, « changed »).
_DOSSIER_LABELS = {
    "name": "nom", "address_line1": "adresse", "address_line2": "adresse", "postal_code": "adresse",
    "city": "adresse", "phone": "téléphone", "email": "e-mail", "caf_number": "n° CAF",
    "quotient": "quotient familial", "quotient_valid_from": "quotient familial",
    "quotient_valid_to": "quotient familial", "notes": "notes",
}
_GUARDIAN_LABELS = {"phone_mobile": "téléphone", "phone_work": "téléphone", "email": "e-mail"}
_CHILD_LABELS = {"first_name": "nom", "last_name": "nom", "birth_date": "date de naissance", "sex": "sexe",
                 "school": "école", "health_notes": "santé", "allergies": "allergies",
                 "photo_allowed": "droit à l'image", "may_leave_alone": "sortie seul",
                 "pickups": "personnes autorisées"}


@dataclass(frozen=True)
class JournalRow:
    """One entry of the journal as the Journal view shows it."""

    id: uuid.UUID
    recorded_at: dt.datetime
    when: str                 # 21/06/2017 15:00, Paris time
    agent: str                # the agent's name, « Système » for a system task
    counter: str              # « Accueil Hôtel de Ville (A01) », « — » for a system task
    kind: str                 # « Paiements et remboursements »…
    what: str                 # « Paiement espèces 40,00 € (reçu A01-R000001) — famille Berthier »
    amount_cents: int | None  # the amount the entry is about, if any (negative for money given back)
    entity: str
    entity_id: uuid.UUID
    action: str


@dataclass(frozen=True)
class Choice:
    key: object
    label: str


@dataclass(frozen=True)
class JournalChoices:
    """What the Journal view's filters offer."""

    agents: tuple[Choice, ...]
    counters: tuple[Choice, ...]
    kinds: tuple[Choice, ...]


@dataclass(frozen=True)
class BrokenLink:
    """The first place where a chain does not hold."""

    counter_id: uuid.UUID | None
    counter: str                   # « guichet Accueil Hôtel de Ville (A01) », « tâches système »
    entry_id: uuid.UUID | None
    position: int | None           # the entry's place in its chain
    recorded_at: dt.datetime | None
    reason: str

    @property
    def message(self) -> str:
        where = self.counter[:1].upper() + self.counter[1:]
        if self.entry_id is None:
            return f"{where} : {self.reason}."
        at = f" n° {self.position}" if self.position is not None else ""
        when = f" du {to_local(self.recorded_at):%d/%m/%Y à %H:%M}" if self.recorded_at else ""
        return f"{where} : maillon rompu à l'entrée{at}{when} (identifiant {self.entry_id}) — {self.reason}."


@dataclass(frozen=True)
class JournalCheck:
    chains: int
    entries: int
    broken: tuple[BrokenLink, ...]

    @property
    def ok(self) -> bool:
        return not self.broken

    def lines(self) -> list[str]:
        """What ``--verify-journal`` prints."""
        if self.ok:
            return [f"Journal intact : {_plural(self.entries, 'entrée vérifiée', 'entrées vérifiées')} dans "
                    f"{_plural(self.chains, 'chaîne', 'chaînes')}."]
        return ([f"Journal ALTÉRÉ : {_plural(len(self.broken), 'chaîne rompue', 'chaînes rompues')} sur "
                 f"{self.chains} ({_plural(self.entries, 'entrée', 'entrées')}). Premier maillon rompu de chaque "
                 "chaîne :"]
                + [f"  - {link.message}" for link in self.broken]
                + ["Ces entrées ont été modifiées, supprimées ou ajoutées en dehors de l'application : prévenez le "
                   "régisseur et l'administrateur, et gardez une copie de la base en l'état."])


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"


# --- Reading the journal ---------------------------------------------------------------------------

def _require_reader(session: Session, ctx: ServiceContext) -> None:
    permissions.require_role(session, ctx.actor, permissions.ADMINISTRATEUR, permissions.REGISSEUR,
                             what="La consultation du journal")


def journal_choices(ctx: ServiceContext) -> JournalChoices:
    """The agents, counters and kinds of operation to filter on."""
    with ctx.reading() as s:
        _require_reader(s, ctx)
        agents = tuple(Choice(a.id, a.display_name) for a in s.execute(
            select(Agent.id, Agent.display_name).order_by(Agent.display_name)))
        counters = tuple(Choice(c.id, f"{c.name} ({c.number_prefix})") for c in s.execute(
            select(Counter.id, Counter.name, Counter.number_prefix).order_by(Counter.created_at)))
    kinds = tuple(Choice(key, label) for key, label, _ in KINDS) + (Choice(*OTHER_KIND),)
    return JournalChoices(agents, counters, kinds)


def _paris_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=PARIS).astimezone(dt.UTC)


def _family_entity_ids(s: Session, family_id: uuid.UUID) -> set[uuid.UUID]:
    """The family and what is its: its children's enrollments, invoices, credit notes, payments
    and card payments."""
    ids = {family_id}
    ids.update(s.scalars(select(Enrollment.id).join(Child, Child.id == Enrollment.child_id)
                         .where(Child.family_id == family_id)))
    for model in (Invoice, CreditNote, Payment, CardAttempt):
        ids.update(s.scalars(select(model.id).where(model.family_id == family_id)))
    return ids


def search_journal(ctx: ServiceContext, *, since: dt.date | None = None, until: dt.date | None = None,
                   agent_id: uuid.UUID | None = None, counter_id: uuid.UUID | None = None,
                   family_id: uuid.UUID | None = None, kind: str | None = None,
                   limit: int | None = DEFAULT_LIMIT) -> list[JournalRow]:
    """The journal's entries matching every filter given (days from ``since`` to ``until``
    included, Paris dates), newest first, at most ``limit`` (None: all)."""
    with ctx.reading() as s:
        _require_reader(s, ctx)
        e = JournalEntry
        query = select(e.id, e.recorded_at, e.agent_id, e.counter_id, e.entity, e.entity_id, e.action, e.changes)
        if since is not None:
            query = query.where(e.recorded_at >= _paris_midnight(since))
        if until is not None:
            query = query.where(e.recorded_at < _paris_midnight(until + dt.timedelta(days=1)))
        if agent_id is not None:
            query = query.where(e.agent_id == agent_id)
        if counter_id is not None:
            query = query.where(e.counter_id == counter_id)
        if family_id is not None:
            query = query.where(e.entity_id.in_(_family_entity_ids(s, family_id)))
        if kind:
            if kind == OTHER_KIND[0]:
                query = query.where(e.entity.not_in(_KNOWN_ENTITIES))
            else:
                entities = next((entities for key, _label, entities in KINDS if key == kind), None)
                if entities is None:
                    raise ValueError(f"unknown journal kind {kind!r}")
                query = query.where(e.entity.in_(entities))
        query = query.order_by(e.recorded_at.desc(), e.chain_seq.desc())
        if limit is not None:
            query = query.limit(limit)
        entries = s.execute(query).all()
        names = _Names.load(s, entries)
    return [_row(entry, names) for entry in entries]


def _row(entry: Row[*tuple[Any, ...]], names: _Names) -> JournalRow:
    what, amount = describe(entry.entity, entry.action, entry.changes or {}, entry.entity_id, names)
    counter = names.counters.get(entry.counter_id, "—") if entry.counter_id else "—"
    agent = names.agents.get(entry.agent_id, "?") if entry.agent_id else "Système"
    return JournalRow(
        id=entry.id, recorded_at=entry.recorded_at, when=f"{to_local(entry.recorded_at):%d/%m/%Y %H:%M}",
        agent=agent, counter=counter, kind=_KIND_OF.get(entry.entity, OTHER_KIND[1]), what=what,
        amount_cents=amount, entity=entry.entity, entity_id=entry.entity_id, action=entry.action)


@dataclass
class _Names:
    """The names an entry's description needs, read once for a page of entries."""

    agents: dict[uuid.UUID | None, str]
    counters: dict[uuid.UUID | None, str]
    families: dict[uuid.UUID | None, tuple[str, str]]      # id → (name, reference)
    enrollments: dict[uuid.UUID | None, tuple[str, str]]   # id → (child's name, group)
    groups: dict[uuid.UUID | None, str]                    # id → label

    @classmethod
    def load(cls, s: Session, entries: Iterable[Row[*tuple[Any, ...]]]) -> _Names:
        agents = {a.id: a.display_name for a in s.execute(select(Agent.id, Agent.display_name))}
        counters = {c.id: f"{c.name} ({c.number_prefix})"
                    for c in s.execute(select(Counter.id, Counter.name, Counter.number_prefix))}
        family_ids: set[uuid.UUID] = set()
        enrollment_ids: set[uuid.UUID] = set()
        group_ids: set[uuid.UUID] = set()
        for entry in entries:
            changes = entry.changes or {}
            if entry.entity == "family":
                family_ids.add(entry.entity_id)
            elif entry.entity == "enrollment":
                enrollment_ids.add(entry.entity_id)
            if isinstance(changes, dict):
                for key, into in (("family_id", family_ids), ("group_id", group_ids)):
                    value = _uuid(changes.get(key))
                    if value is not None:
                        into.add(value)
        families = {f.id: (f.name, f.reference) for f in _chunked(
            s, select(Family.id, Family.name, Family.reference), Family.id, family_ids)}
        enrollments = {r.id: (f"{r.first_name} {r.last_name}", r.label) for r in _chunked(
            s, select(Enrollment.id, Child.first_name, Child.last_name, ActivityGroup.label)
            .join(Child, Child.id == Enrollment.child_id).join(ActivityGroup, ActivityGroup.id == Enrollment.group_id),
            Enrollment.id, enrollment_ids)}
        groups = {g.id: g.label for g in _chunked(s, select(ActivityGroup.id, ActivityGroup.label), ActivityGroup.id,
                                                  group_ids)}
        return cls(agents, counters, families, enrollments, groups)


def _chunked(s: Session, query: Select[*tuple[Any, ...]], column: InstrumentedAttribute[uuid.UUID],
             ids: set[uuid.UUID], size: int = 500) -> Iterator[Row[*tuple[Any, ...]]]:
    listed = list(ids)
    for start in range(0, len(listed), size):
        yield from s.execute(query.where(column.in_(listed[start:start + size])))


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


# --- What each entry says ---------------------------------------------------------------------------

def _money(cents: object) -> str:
    return format_cents(int(cents)) if isinstance(cents, int) and not isinstance(cents, bool) else "?"


def _day(value: object) -> str:
    try:
        return format_date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value or "?")


def _de(name: str) -> str:
    """« de Lise », « d'Hugo »…"""
    return f"d'{name}" if name[:1].upper() in "AEIOUYÂÉÈÊÎÔH" else f"de {name}"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _amount(changes: JsonObject, key: str) -> int | None:
    value = changes.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# An entry described in French with its amount; None when the describer does not know the action.
Described = tuple[str, int | None] | None
Describer = Callable[[str, JsonObject, uuid.UUID, _Names], Described]


def describe(entity: str, action: str, changes: JsonObject, entity_id: uuid.UUID,
             names: _Names) -> tuple[str, int | None]:
    """An entry in French, and the amount it is about (None if none)."""
    try:
        described = _DESCRIBERS.get(entity, _generic)(action, changes, entity_id, names)
    except (KeyError, TypeError, ValueError, AttributeError):
        log.warning("entrée de journal %s/%s non décrite", entity, action, exc_info=True)
        described = None
    return described or _generic(action, changes, entity_id, names, entity)


def _generic(action: str, changes: JsonObject, _entity_id: uuid.UUID, _names: _Names,
             entity: str = "") -> tuple[str, int | None]:
    label = _ENTITIES.get(entity, entity or "Opération")
    return f"{label} : {_ACTIONS.get(action, action)}", _amount(changes, "amount_cents")


def _family_name(changes: JsonObject, names: _Names, family_id: object) -> str:
    known = names.families.get(_uuid(family_id)) if family_id else None
    return changes.get("name") or (known[0] if known else "?")


def _family_suffix(changes: JsonObject, names: _Names) -> str:
    known = names.families.get(_uuid(changes.get("family_id")))
    return f" — famille {known[0]}" if known else ""


def _describe_family(action: str, changes: JsonObject, entity_id: uuid.UUID, names: _Names) -> Described:
    name = _family_name(changes, names, entity_id)
    if action == "created":
        reference = changes.get("reference") or (names.families.get(entity_id) or ("", ""))[1]
        return f"Dossier {name} ({reference}) créé" if reference else f"Dossier {name} créé", None
    if action == "updated":
        changed = changes.get("changed")
        if changed is None:  # an entry written before the dossier's fields were journaled
            return f"Dossier {name} modifié", None
        labels = _dossier_changes(changed, changes)
        if not labels:
            return f"Dossier {name} enregistré sans modification", None
        return f"Dossier {name} modifié : {', '.join(labels)}", None
    if action == "archived":
        return f"Dossier {name} archivé", None
    if action == "unarchived":
        return f"Dossier {name} sorti des archives", None
    return None


def _dossier_changes(changed: list[str], changes: JsonObject) -> list[str]:
    children = {c.get("id"): c for c in changes.get("children", []) if isinstance(c, dict)}
    labels = []
    for key in changed:
        parts = str(key).split(".")
        if parts[0] == "guardians":
            labels.append(_GUARDIAN_LABELS.get(parts[2], "responsables") if len(parts) == 3 else "responsables")
        elif parts[0] == "children" and len(parts) >= 2:
            first_name = (children.get(parts[1]) or {}).get("first_name") or "l'enfant"
            if len(parts) == 2:
                labels.append(f"enfant ajouté ({first_name})")
            else:
                labels.append(f"{_CHILD_LABELS.get(parts[2], parts[2])} {_de(first_name)}")
        else:
            labels.append(_DOSSIER_LABELS.get(parts[0], parts[0]))
    return _unique(labels)


def _describe_enrollment(action: str, changes: JsonObject, entity_id: uuid.UUID, names: _Names) -> Described:
    child, group = names.enrollments.get(entity_id, ("un enfant", "?"))
    if action == "created":
        status = _STATUSES.get(changes.get("status") or "", changes.get("status") or "")
        return f"Inscription de {child} : {group} ({status})", _amount(changes, "price_cents")
    if action == "confirmed":
        invoice = changes.get("invoice")
        return f"Inscription de {child} confirmée : {group}" + (f" (facture {invoice})" if invoice else ""), None
    if action == "cancelled":
        reason = changes.get("reason")
        return f"Inscription de {child} annulée : {group}" + (f" — {reason}" if reason else ""), None
    if action == "offered_from_waiting_list":
        return f"Place libérée proposée à {child} (liste d'attente) : {group}", None
    return None


def _describe_invoice(action: str, changes: JsonObject, _entity_id: uuid.UUID, names: _Names) -> Described:
    if action == "issued":
        total = _amount(changes, "total_cents")
        return (f"Facture {changes.get('number', '?')} émise ({_money(total)}){_family_suffix(changes, names)}",
                total)
    if action == "reminded":  # services/reminders.py
        due = _amount(changes, "due_cents")
        channel = {"letter": "par courrier", "email": "par e-mail"}.get(changes.get("channel") or "", "")
        return (f"Relance {channel} de la facture {changes.get('number', '?')} (reste dû {_money(due)})"
                f"{_family_suffix(changes, names)}".replace("Relance  ", "Relance "), due)
    return None


def _describe_credit_note(action: str, changes: JsonObject, _entity_id: uuid.UUID, _names: _Names) -> Described:
    if action == "issued":
        total = _amount(changes, "total_cents")
        reason = changes.get("reason")
        return (f"Avoir {changes.get('number', '?')} sur la facture {changes.get('invoice', '?')} ({_money(total)})"
                + (f" : {reason}" if reason else ""), total)
    return None


def _describe_message(action: str, changes: JsonObject, _entity_id: uuid.UUID, names: _Names) -> Described:
    """The e-mails to families (services/messages.py): queued by an agent, then sent or refused."""
    to = changes.get("recipient", "?")
    if action == "queued":
        return (f"E-mail « {changes.get('subject', '?')} » à {to} mis en file d'envoi"
                f"{_family_suffix(changes, names)}", None)
    if action == "sent":
        return f"E-mail « {changes.get('subject', '?')} » envoyé à {to}", None
    if action == "failed":
        return f"E-mail à {to} refusé par le serveur : {changes.get('reason', '?')}", None
    if action == "requeued":
        return f"E-mail remis en file d'envoi pour {to}", None
    return None


def _describe_payment(action: str, changes: JsonObject, _entity_id: uuid.UUID, names: _Names) -> Described:
    amount = _amount(changes, "amount_cents")
    shown = _money(abs(amount)) if amount is not None else "?"
    mode = _MODES.get(changes.get("mode") or "", changes.get("mode") or "")
    family = _family_suffix(changes, names)
    receipt = f" (reçu {changes['receipt_number']})" if changes.get("receipt_number") else ""
    if action == "received":
        return f"Paiement {mode} {shown}{receipt}{family}", amount
    if action == "credit_used":
        return f"Avoir famille utilisé : {shown}{family}", amount
    if action == "kept_as_credit":
        return f"Paiement {mode} {shown} gardé en avoir famille{receipt}{family}", amount
    if action == "credit_refunded":
        return f"Avoir famille remboursé ({mode}) : {shown}{receipt}{family}", amount
    if action == "refunded":
        note = changes.get("credit_note")
        return f"Remboursement {mode} {shown}" + (f" (avoir {note})" if note else "") + family, amount
    return None


def _describe_card_attempt(action: str, changes: JsonObject, _entity_id: uuid.UUID, _names: _Names) -> Described:
    amount = _amount(changes, "amount_cents")
    what = ("Remboursement sur carte" if changes.get("kind") == "refund" else "Paiement par carte") + \
        (f" {_money(amount)}" if amount is not None else "")
    state = _CARD_STATES.get(changes.get("state") or "", changes.get("state") or "")
    authorisation = f" (autorisation {changes['authorisation']})" if changes.get("authorisation") else ""
    if action in _CARD_STATES:
        return f"{what} : {_CARD_STATES[action]}{authorisation}", amount
    if action.startswith("late_"):
        return f"{what} : réponse tardive du terminal, {state}{authorisation}", amount
    if action == "settled":
        return f"{what} réglé d'après le ticket du terminal : {state}{authorisation}", amount
    if action == "failure_confirmed":
        return f"{what} : échec confirmé d'après le ticket du terminal", amount
    if action == "recovered":
        return f"{what} retrouvé au démarrage : {state}", amount
    return f"{what} : {action}", amount


def _describe_cash_session(action: str, changes: JsonObject, _entity_id: uuid.UUID, _names: _Names) -> Described:
    if action == "opened":
        opening = _amount(changes, "opening_float_cents")
        return f"Caisse ouverte (fond de caisse {_money(opening)})", opening
    if action == "closed":
        counts = [v for v in (changes.get("counts") or {}).values() if isinstance(v, list) and len(v) == 2]
        expected = sum(int(v[0] or 0) for v in counts)
        counted = sum(int(v[1] or 0) for v in counts)
        gap = f" (écart {_money(counted - expected)})" if counted != expected else ""
        return f"Caisse clôturée : {_money(counted)} comptés pour {_money(expected)} attendus{gap}", counted
    return None


def _describe_planning(action: str, changes: JsonObject, _entity_id: uuid.UUID, names: _Names) -> Described:
    group = names.groups.get(_uuid(changes.get("group_id")))
    of_group = f" — {group}" if group else ""
    reason = f" ({changes['reason']})" if changes.get("reason") else ""
    if action == "cancelled":
        return f"Séance du {_day(changes.get('day'))} annulée{of_group}{reason}", None
    if action == "added":
        return f"Séance ajoutée le {_day(changes.get('day'))}{of_group}{reason}", None
    if action == "deleted":
        was = {"cancelled": "annulation", "added": "séance ajoutée"}.get(changes.get("kind") or "", "décision")
        if changes.get("reason"):
            was += f" : {changes['reason']}"
        return f"Décision du {_day(changes.get('day'))} retirée ({was}){of_group}", None
    if action == "closure":
        where = group or (f"lieu {changes['place']}" if changes.get("place") else "tous les groupes")
        return (f"Fermeture du {_day(changes.get('first_day'))} au {_day(changes.get('last_day'))}{reason} "
                f"— {where}"), None
    if action == "holiday_period":
        return (f"Vacances saisies (zone {changes.get('zone', '?')}) : {changes.get('name', '?')}, du "
                f"{_day(changes.get('first_day'))} au {_day(changes.get('last_day'))}"), None
    return None


def _describe_catalog(entity: str) -> Describer:
    def described(action: str, changes: JsonObject, _entity_id: uuid.UUID, _names: _Names) -> Described:
        if entity == "season" and action == "created":
            return f"Saison {changes.get('label', '?')} créée (zone {changes.get('zone', '?')})", None
        if entity == "offer" and action == "imported":
            return f"Dispositif {changes.get('code', '?')} importé : {changes.get('label', '?')}", None
        if entity == "group" and action == "imported":
            return (f"Groupe {changes.get('label', '?')} importé ({changes.get('offer', '?')})",
                    _amount(changes, "price_cents"))
        return None
    return described


def _describe_administration(entity: str) -> Describer:
    def described(action: str, changes: JsonObject, _entity_id: uuid.UUID, _names: _Names) -> Described:
        if entity == "counter" and action == "created":
            return f"Guichet {changes.get('name', '?')} ({changes.get('prefix', '?')}) créé", None
        login = changes.get("login") or "?"
        if entity == "agent":
            roles = _roles(changes.get("roles") or ())
            if action == "created":
                return (f"Compte d'agent {changes.get('display_name', '?')} ({login}) créé"
                        + (f" : {roles}" if roles else "")), None
            if action == "updated":
                state = "" if changes.get("active", True) else ", compte désactivé"
                return (f"Compte d'agent {changes.get('display_name', login)} modifié : "
                        f"{roles or 'aucun rôle'}{state}"), None
            simple = {"logged_in": f"Connexion de {login}", "locked": f"Compte {login} verrouillé après "
                      f"{changes.get('failures', '?')} échecs de connexion", "unlocked": f"Compte {login} déverrouillé",
                      "password_reset": f"Mot de passe de {login} réinitialisé (à changer à la prochaine connexion)",
                      "password_changed": f"{login} a changé son mot de passe"}
            if action in simple:
                return simple[action], None
            if action == "login_failed":
                return (f"Connexion refusée à {login} : mot de passe incorrect "
                        f"({changes.get('failures', '?')} de suite)"), None
        if entity == "login" and action == "failed":
            why = {"unknown": "identifiant inconnu",
                   "inactive": "compte désactivé"}.get(changes.get("reason") or "", "refusée")
            return f"Connexion refusée à « {login} » : {why}", None
        if entity == "settings" and action == "updated":
            return f"Paramètres enregistrés (guichet {changes.get('counter_name', '?')})", None
        return None
    return described


def _roles(roles: Iterable[str]) -> str:
    """« agent d'accueil, régisseur et administrateur » (the roles an account holds)."""
    labels = [permissions.LABELS[r] for r in permissions.ROLES if r in roles]
    return " et ".join((", ".join(labels[:-1]), labels[-1])) if len(labels) > 1 else "".join(labels)


_DESCRIBERS = {
    "family": _describe_family, "enrollment": _describe_enrollment, "invoice": _describe_invoice,
    "credit_note": _describe_credit_note, "payment": _describe_payment, "card_attempt": _describe_card_attempt,
    "cash_session": _describe_cash_session, "planning": _describe_planning, "message": _describe_message,
    **{entity: _describe_catalog(entity) for entity in ("season", "offer", "group")},
    **{entity: _describe_administration(entity) for entity in ("agent", "counter", "settings", "login")},
}


# --- CSV ---------------------------------------------------------------------------------------------

CSV_HEADER = ("Date", "Agent", "Guichet", "Type", "Opération", "Montant (€)", "Identifiant de l'entrée")


def _cell(text: str) -> str:
    """A text a spreadsheet must not take for a formula (a family name typed « =… »)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def journal_csv(rows: list[JournalRow]) -> str:
    """The rows as a spreadsheet reads them: semicolons, French decimal commas, a BOM so that the
    accents show (save the text as UTF-8 without changing line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        amount = "" if row.amount_cents is None else f"{Decimal(row.amount_cents).scaleb(-2):.2f}".replace(".", ",")
        writer.writerow((row.when, _cell(row.agent), _cell(row.counter), row.kind, _cell(row.what), amount,
                         str(row.id)))
    return "\ufeff" + out.getvalue()


# --- Verification -----------------------------------------------------------------------------------

@dataclass
class _Chain:
    expected: int = 1
    previous: str = GENESIS
    entries: int = 0
    last: tuple[Any, ...] | None = None      # the last entry that holds: (id hex, place, time)
    problem: tuple[Any, ...] | None = None   # the first that does not: (id hex, place, time, reason)
    unsealed: tuple[Any, ...] | None = None  # the earliest entry with no place in the chain: (id hex, None, time)


def check_journal(ctx: ServiceContext) -> JournalCheck:
    """Every chain recomputed from its first entry (no role needed: see ``verify_journal``)."""
    with ctx.reading() as s:
        return _check(s)


def verify_journal(ctx: ServiceContext) -> list[BrokenLink]:
    """The first broken link of each chain of the journal (empty: the journal is intact)."""
    with ctx.reading() as s:
        _require_reader(s, ctx)
        return list(_check(s).broken)


def check_at_startup(ctx: ServiceContext) -> list[BrokenLink]:
    """The start-up check: the whole journal verified; a broken chain is written to the log (the
    window shows it). Reads only, so it never holds up another counter."""
    broken = list(check_journal(ctx).broken)
    for link in broken:
        log.error("journal altéré : %s", link.message)
    return broken


_ENTRIES_IN_CHAIN_ORDER = ("SELECT id, recorded_at, agent_id, counter_id, entity, entity_id, action, changes, "
                           "chain_seq, previous_hash, hash FROM journal_entries ORDER BY counter_id, chain_seq")


def _broken_link(counter_id: uuid.UUID | None, where: str, entry: tuple[Any, ...], reason: str) -> BrokenLink:
    id_hex, seq, when = entry[:3]
    return BrokenLink(counter_id, where, uuid.UUID(id_hex), seq, _moment(when), reason)


def _hex(value: object) -> str:
    """An id as the canonical form writes it, from what the driver gives: a UUID (PostgreSQL) or
    its 32 hex digits (SQLite)."""
    if value is None:
        return ""
    if isinstance(value, uuid.UUID):
        return value.hex
    text = str(value)
    return text if len(text) == 32 else uuid.UUID(text).hex


def _when(value: str | dt.datetime) -> str:
    """A stored time as the canonical form writes it (SQLite keeps UTC text, PostgreSQL gives an
    aware datetime)."""
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " ":  # how SQLAlchemy stores it: 2017-06-21 13:00:00.000000
            return f"{value[:10]}T{value[11:]}Z"
        value = dt.datetime.fromisoformat(value)
    return utc_text(value)


def _moment(when: str) -> dt.datetime:
    return dt.datetime.strptime(when, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def _check(s: Session) -> JournalCheck:
    """Every chain walked in order, each entry's hash recomputed. Reads the rows as the driver
    gives them (no ORM): about 15 µs an entry."""
    counters = {c.id: f"guichet {c.name} ({c.number_prefix})"
                for c in s.execute(select(Counter.id, Counter.name, Counter.number_prefix))}
    heads = {row.chain: (row.length, row.last_hash)
             for row in s.execute(select(JournalChain.chain, JournalChain.length, JournalChain.last_hash))}
    rows = s.connection().exec_driver_sql(_ENTRIES_IN_CHAIN_ORDER,
                                          execution_options={"stream_results": True, "max_row_buffer": 5000})
    chains: dict[str, _Chain] = {}
    keys: dict[object, str] = {}
    total = 0
    for id_, recorded_at, agent_id, counter_id, entity, entity_id, action, changes, seq, previous, digest in rows:
        total += 1
        key = keys.get(counter_id)
        if key is None:
            key = keys[counter_id] = chain_key(uuid.UUID(_hex(counter_id)) if counter_id is not None else None)
        chain = chains.get(key)
        if chain is None:
            chain = chains[key] = _Chain()
        chain.entries += 1
        if chain.problem is not None:  # the first broken link of this chain is known
            continue
        when = _when(recorded_at)
        if seq is None or digest is None:
            if chain.unsealed is None or (when, _hex(id_)) < (chain.unsealed[2], chain.unsealed[0]):
                chain.unsealed = (_hex(id_), None, when)
            continue
        if seq != chain.expected:
            if seq > chain.expected:
                reason = (f"l'entrée n° {chain.expected} a été supprimée" if seq == chain.expected + 1
                          else f"les entrées n° {chain.expected} à {seq - 1} ont été supprimées")
            else:
                reason = "une autre entrée occupe déjà cette place dans la chaîne (entrée ajoutée ou copiée)"
            chain.problem = (_hex(id_), seq, when, reason)
        elif previous != chain.previous:
            chain.problem = (_hex(id_), seq, when, "elle ne suit plus l'entrée précédente (l'entrée précédente a "
                                                   "été remplacée, ou celle-ci réécrite)")
        elif hash_of(_hex(id_), when, _hex(agent_id), _hex(counter_id), entity, _hex(entity_id), action,
                     json.loads(changes) if isinstance(changes, (str, bytes)) else changes, previous) != digest:
            chain.problem = (_hex(id_), seq, when, "son contenu a été modifié après son enregistrement")
        else:
            chain.expected += 1
            chain.previous = digest
            chain.last = (_hex(id_), seq, when)
    for key in heads:
        chains.setdefault(key, _Chain())
    broken = []
    for key, chain in chains.items():
        counter_id = None if key == SYSTEM_CHAIN else uuid.UUID(key)
        where = counters.get(counter_id, f"guichet {key}") if counter_id else "tâches système (sans guichet)"

        at = partial(_broken_link, counter_id, where)

        head = heads.get(key)
        if chain.problem is not None:
            broken.append(at(chain.problem, chain.problem[3]))
        elif chain.unsealed is not None:
            broken.append(at(chain.unsealed, "elle n'a pas d'empreinte : elle a été écrite en dehors de "
                                             "l'application"))
        elif chain.last is None:
            if head is not None and head[0] > 0:
                broken.append(BrokenLink(counter_id, where, None, None, None,
                                         f"les {head[0]} entrées de la chaîne ont été supprimées"))
        elif head is None:
            broken.append(at(chain.last, "la tête de la chaîne a été supprimée (dernière entrée connue)"))
        elif head[0] > chain.last[1]:
            gone = _plural(head[0] - chain.last[1], "entrée enregistrée après celle-ci a été supprimée",
                           "entrées enregistrées après celle-ci ont été supprimées")
            broken.append(at(chain.last, gone))
        elif head != (chain.last[1], chain.previous):
            broken.append(at(chain.last, "la tête de la chaîne ne correspond plus à sa dernière entrée"))
    broken.sort(key=lambda link: (link.counter_id is None, link.counter))
    return JournalCheck(chains=len(chains), entries=total, broken=tuple(broken))


def verify_database(url: str) -> tuple[int, list[str]]:
    """``ems-desktop --verify-journal``: (exit code, French lines). 0: intact; 1: a chain is
    broken; 2: the database cannot be opened."""
    from sqlalchemy.engine import make_url

    from ems_desktop.services.bootstrap import CannotOpenDatabase, open_database

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        from pathlib import Path

        path = parsed.database or ""
        if not path or path == ":memory:" or not Path(path).is_file():
            return 2, [f"La base {path or url} n'existe pas : aucun journal à vérifier."]
    try:
        database = open_database(url)
    except CannotOpenDatabase as refused:
        return 2, [str(refused)]
    try:
        check = check_journal(ServiceContext(database))
        described = database.describe()
    finally:
        database.dispose()
    lines = check.lines()
    lines.insert(0, f"Vérification du journal de la base {described}")
    return (0 if check.ok else 1), lines
