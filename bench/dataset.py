"""The large benchmark database: a town's sports school, deterministic, at any size.

``ensure_dataset()`` builds ``bench/data/ems-<N/1000>k.sqlite3`` for the number of families in
``EMS_BENCH_FAMILIES`` (50,000 by default: ``ems-50k.sqlite3``; the benchmarks also run on 5,000
and 200,000) once — again only when this generator changes: bump ``DATASET_VERSION`` — and
returns its path; ``generate(url)`` builds one anywhere. From the project root:
``python -m bench.dataset [--families N] [--out PATH]``.

What it holds, all of it consistent with the model's rules (``tests/test_dataset.py`` checks them):

- three seasons (2024/2025, 2025/2026, 2026/2027) made from ``resources/catalog/2026-2027.csv``
  shifted by whole years (weekdays kept) and widened to about 200 groups a season, imported
  through the catalog service;
- two counters (A01, A02), each with its own gapless series of family references, invoices,
  credit notes and receipts; five agents, among them ``demo`` / ``ems-demo`` (administrator);
- families (Faker fr_FR) with one payer guardian and their search key, children, enrollments in
  groups that fit their age and capacity (plus waiting lists, cancellations, a few pending holds),
  one invoice per paid-at-the-counter visit (each with its checkout id), payments by card, cash,
  cheque and ANCV in closed cash sessions;
- one card attempt per card payment (accepted, sometimes after a refused card, an abandon, an
  unreachable terminal or a charge in doubt settled from the terminal's ticket), and a handful
  left needing attention on the Accueil (in doubt, or accepted but never recorded);
- credit notes on a few percent of invoices (one per cancelled line, the enrollment cancelled and
  its place offered to the waiting list), refunded by card through the terminal, in cash, by
  cheque, or kept as family credit;
- the journal, chained: one entry per family, enrollment, invoice and payment made, and the
  service's own entries for card attempts, credit notes, refunds and places offered.

Everything after the catalog is written with Core bulk inserts: the per-object services would
take hours for a million rows. The simulation runs in memory first, in chronological order, so
places, waiting lists and number series come out as the counter would have produced them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import os
import random
import re
import sqlite3
import sys
import time
import uuid
from collections import Counter as Tally, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from heapq import heappop, heappush
from pathlib import Path
from zoneinfo import ZoneInfo

from faker import Faker
from sqlalchemy import event, func, select, update

from bench.harness import DEFAULT_FAMILIES, FAMILIES_VARIABLE, dataset_families, size_label
from ems_desktop.database.statistics import refresh_planner_statistics
from ems_desktop.dates import age_on
from ems_desktop.models import (
    ActivityGroup,
    AgeRule,
    AttemptState,
    AuthorizedPickup,
    CardAttempt,
    CashSession,
    CashSessionCount,
    Child,
    Counter as CounterModel,
    CreditNote,
    CreditNoteLine,
    Enrollment,
    EnrollmentStatus,
    Family,
    Guardian,
    Invoice,
    InvoiceLine,
    JournalEntry,
    NumberSeries,
    Offer,
    OfferKind,
    Payment,
    PaymentAllocation,
    PaymentMode,
    PriceBand,
    Season,
    Setting,
)
from ems_desktop.models.journal import JournalChain, chained
from ems_desktop.paths import CATALOGS
from ems_desktop.rules.holds import DEFAULT_HOLD
from ems_desktop.rules.pricing import Band, price_for, quotient_in_force
from ems_desktop.rules.search import normalize_text
from ems_desktop.services import agents as agent_service
from ems_desktop.services.bootstrap import open_database
from ems_desktop.services.card_payments import lines_key
from ems_desktop.services.catalog import import_catalog
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.services.enrollment import HOLD_EXPIRED_REASON
from ems_desktop.services.families import refresh_search_text
from ems_desktop.services.numbering import FORMATS, SERIES_KINDS
from ems_desktop.terminal.client import MESSAGES_FR, REFUND_ACCEPTED_FR, TO_CHECK, Outcome

# Bump whenever the generated data changes: ensure_dataset() then rebuilds the file.
DATASET_VERSION = 3
VERSION_KEY = "bench.dataset_version"
INFO_KEY = "bench.dataset"

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
DEFAULT_SEED = 2026

UTC = dt.UTC
PARIS = ZoneInfo("Europe/Paris")
# The dataset's "today" (a Thursday evening, every till closed): fixed, so two runs are identical.
NOW = dt.datetime(2026, 11, 26, 18, 0, tzinfo=PARIS).astimezone(UTC)
BASE_CATALOG = CATALOGS / "2026-2027.csv"
SEASON_SHIFTS = (-2, -1, 0)  # years from the base catalog: 2024/2025, 2025/2026, 2026/2027
CHUNK = 5_000

DEMO_LOGIN, DEMO_PASSWORD = "demo", "ems-demo"
COUNTERS = (  # code, name, number prefix, card merchant contract (CG), share of the families
    ("HDV", "Accueil Hôtel de Ville", "A01", "4102375", 0.65),
    ("MDS", "Maison des sports", "A02", "4102376", 0.35),
)
AGENTS = (  # login, display name, administrator, counter index where they usually work
    (DEMO_LOGIN, "Agent de démonstration", True, 0),
    ("c.martin", "Camille Martin", False, 0),
    ("s.durand", "Sophie Durand", False, 0),
    ("k.benali", "Karim Benali", False, 1),
    ("n.girard", "Nathalie Girard", True, 1),
)
AGENT_PASSWORD = "ems-bench-agent"

# Where the families live: the town itself, mostly, and the neighbouring communes.
COMMUNES = (
    ("Albertville", "73200", 60), ("Gilly-sur-Isère", "73200", 8), ("Grignon", "73200", 5),
    ("Ugine", "73400", 6), ("Frontenex", "73460", 4), ("Tournon", "73460", 2),
    ("Mercury", "73200", 5), ("Venthon", "73200", 2), ("Pallud", "73200", 2),
    ("La Bâthie", "73540", 3), ("Tours-en-Savoie", "73790", 2), ("Césarches", "73200", 1),
)
SCHOOLS = (
    "École Pierre Grange", "École du Champ de Mars", "École Louis Pasteur",
    "École de la Plaine de Conflans", "École Saint-Sigismond", "École du Val des Roses",
    "École Albert Bar", "Collège Jean Moulin", "Collège Pierre Grange", "Collège de la Combe de Savoie",
)
HEALTH_NOTES = ("Asthme : ventoline dans le sac", "Porte des lunettes", "Diabète de type 1 : voir PAI",
                "Épilepsie : voir PAI", "Appareil dentaire")
ALLERGIES = ("Arachides", "Pollen", "Piqûres de guêpe", "Lactose", "Gluten", "Fruits à coque")
PICKUP_RELATIONS = ("grand-mère", "grand-père", "voisine", "oncle", "tante", "nourrice")
EMAIL_DOMAINS = ("example.fr", "example.com", "example.net", "example.org")
BANKS = ("Crédit Agricole des Savoie", "Banque Populaire Auvergne Rhône Alpes", "La Banque Postale",
         "Caisse d'Épargne Rhône Alpes", "Société Générale", "BNP Paribas", "LCL",
         "CIC Lyonnaise de Banque", "Crédit Mutuel")
CARD_BINS = ("497010", "497011", "497401", "513100", "535110", "454750")
CANCEL_REASONS = ("Annulée au guichet", "Annulée à la demande de la famille",
                  "Délai de paiement dépassé : place libérée")
# Why a paid enrollment is cancelled (printed on the credit note).
CREDIT_REASONS = ("Déménagement de la famille", "Certificat médical : contre-indication à la pratique",
                  "Blessure de l'enfant (certificat médical)", "Inscription en double avec le club",
                  "Créneau incompatible avec l'emploi du temps de l'enfant", "Demande de la famille")
# Share of invoices corrected by credit notes, and of those corrected whole (every line).
CREDIT_RATE = 0.035
WHOLE_CREDIT_SHARE = 0.35
# Share of the places freed by a credit note (or an expired hold) that the waiting child's family
# comes to pay before the hold runs out; the others' holds expire.
OFFER_TAKEN = 0.75
# Card attempts that went wrong before the one that paid (share of card payments), and attempts
# tried before a family paid another way (share of cash and cheque payments at the checkout).
CARD_FIRST_TRIES = (("refused", 0.03), ("abandoned", 0.01), ("unreachable", 0.002), ("in_doubt_failed", 0.001))
OTHER_MODE_FIRST_TRIES = (("refused", 0.01), ("abandoned", 0.004))
CARD_SETTLED_ACCEPTED = 0.001  # an answer lost, the charge found accepted on the terminal's ticket
RETRY_BLOCK = dt.timedelta(minutes=30)  # CARD_RETRY_BLOCK_MINUTES' default
IN_DOUBT_MESSAGES = (MESSAGES_FR[Outcome.IN_DOUBT], "Connexion au terminal perdue" + TO_CHECK)
CASH_REFUND_LIMIT = 5_000  # more than the float would allow is refunded by cheque

# The activities added to each trimester offer, with where they take place; four age brackets
# each make a season of about 200 groups (the benchmarks' planning and availability sizes).
ACTIVITIES = {
    "T1": (("Escalade", "Gymnase de la Combe de Savoie"), ("Football", "Stade municipal"),
           ("Natation", "Centre aquatique"), ("Judo", "Dojo municipal"), ("Basket-ball", "Gymnase du Val des Roses"),
           ("Handball", "Gymnase de la Combe de Savoie"), ("Tennis de table", "Salle Pierre Grange"),
           ("Athlétisme", "Stade municipal"), ("Course d'orientation", "Parc olympique Henry Dujol"),
           ("VTT", "Parc olympique Henry Dujol"), ("Gymnastique", "Salle de gymnastique"),
           ("Danse", "Salle de danse du Dôme"), ("Escrime", "Salle d'armes"), ("Rugby", "Stade municipal"),
           ("Tennis", "Courts du tennis club")),
    "T2": (("Natation", "Centre aquatique"), ("Judo", "Dojo municipal"), ("Basket-ball", "Gymnase du Val des Roses"),
           ("Handball", "Gymnase de la Combe de Savoie"), ("Tennis de table", "Salle Pierre Grange"),
           ("Gymnastique", "Salle de gymnastique"), ("Danse", "Salle de danse du Dôme"), ("Escrime", "Salle d'armes"),
           ("Patin à glace", "Halle olympique"), ("Hockey sur glace", "Halle olympique"),
           ("Badminton", "Gymnase du Val des Roses"), ("Escalade", "Gymnase de la Combe de Savoie"),
           ("Volley-ball", "Gymnase du Val des Roses"), ("Boxe éducative", "Salle de boxe"),
           ("Curling", "Halle olympique")),
    "T3": (("Athlétisme", "Stade municipal"), ("Football", "Stade municipal"), ("VTT", "Parc olympique Henry Dujol"),
           ("Roller", "Parc olympique Henry Dujol"), ("Tennis", "Courts du tennis club"),
           ("Course d'orientation", "Parc olympique Henry Dujol"), ("Canoë-kayak", "Base nautique de Gilly"),
           ("Tir à l'arc", "Gymnase de la Combe de Savoie"), ("Rugby", "Stade municipal"),
           ("Baseball", "Stade municipal"), ("Natation", "Centre aquatique"),
           ("Escalade", "Rocher école de Conflans"), ("Golf", "Golf de Tournon"),
           ("Pétanque", "Boulodrome municipal"), ("Randonnée", "Départ parking de la Halle olympique")),
}
BRACKETS = ((6, 7), (8, 9), (10, 11), (12, 14))
# Most families book the first trimester: its groups are given more places than the others'.
DEMAND = {"T1": 1.6, "T2": 0.9, "T2SKI": 0.9, "T3": 0.8}


def _fast_load_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous=OFF")
    dbapi_connection.execute("PRAGMA cache_size=-200000")


@dataclass(frozen=True)
class DatasetSummary:
    url: str
    seed: int
    families: int
    guardians: int
    children: int
    seasons: int
    offers: int
    groups: int
    enrollments: int
    enrollments_by_status: dict[str, int]
    invoices: int
    invoice_lines: int
    invoices_by_state: dict[str, int]  # paid, partly paid, unpaid, credited (whole)
    payments: int
    payments_by_mode: dict[str, int]
    cash_sessions: int
    journal_entries: int
    seconds: float
    credit_notes: int = 0
    invoices_credited: int = 0  # with at least one credit note
    refunds_by_mode: dict[str, int] = field(default_factory=dict)  # "credit": kept on the account
    card_attempts: int = 0
    card_attempts_by_state: dict[str, int] = field(default_factory=dict)
    attempts_needing_attention: int = 0  # what the Accueil lists

    def describe(self) -> str:
        return (
            f"{self.families} families, {self.guardians} guardians, {self.children} children; "
            f"{self.seasons} seasons, {self.offers} offers, {self.groups} groups; "
            f"{self.enrollments} enrollments {self.enrollments_by_status}; "
            f"{self.invoices} invoices ({self.invoice_lines} lines) {self.invoices_by_state}; "
            f"{self.credit_notes} credit notes on {self.invoices_credited} invoices, refunds {self.refunds_by_mode}; "
            f"{self.payments} payments {self.payments_by_mode} in {self.cash_sessions} cash sessions; "
            f"{self.card_attempts} card attempts {self.card_attempts_by_state}, "
            f"{self.attempts_needing_attention} needing attention; "
            f"{self.journal_entries} journal entries; {self.seconds:.1f} s"
        )


def search_text(f: FamilyRec) -> str:
    """The family's search key as the family service computes it, from a transient dossier (never
    added to a session) holding what the service reads: reference, names, phones, e-mails."""
    dossier = Family(
        reference=f.reference, name=f.name, phone=f.phone, email="",
        guardians=[Guardian(first_name=first, last_name=last, phone_mobile=mobile, phone_work=work, email=email)
                   for first, last, _relation, _payer, mobile, work, email in f.guardians],
        children=[Child(first_name=c.first_name, last_name=c.last_name) for c in f.children],
    )
    refresh_search_text(dossier)
    return dossier.search_text


# --------------------------------------------------------------------------------------------
# The catalog: the base season shifted by whole years, widened to about 200 groups a season
# --------------------------------------------------------------------------------------------

def shift_date(day: dt.date, years: int) -> dt.date:
    """The same weekday about ``years`` years away: a whole number of weeks, landing within three
    days of the same calendar date (a Wednesday stays a Wednesday, an outing keeps its day)."""
    try:
        nominal = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        nominal = day.replace(year=day.year + years, day=28)
    shifted = day + dt.timedelta(weeks=52 * years)
    while (nominal - shifted).days > 3:
        shifted += dt.timedelta(weeks=1)
    while (shifted - nominal).days > 3:
        shifted -= dt.timedelta(weeks=1)
    return shifted


# dd/mm/yyyy, yyyy-mm-dd (outing codes) or a lone year (season labels, codes, invoice labels).
_DATES_AND_YEARS = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b|\b(20\d{2})\b")


def shift_text(text: str, years: int) -> str:
    """Every date and year of a catalog field moved by ``years`` (dates through shift_date)."""
    def replace(match: re.Match) -> str:
        if match.group(1):
            day = shift_date(dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1))), years)
            return f"{day:%d/%m/%Y}"
        if match.group(4):
            day = shift_date(dt.date(int(match.group(4)), int(match.group(5)), int(match.group(6))), years)
            return f"{day:%Y-%m-%d}"
        return str(int(match.group(7)) + years)

    return _DATES_AND_YEARS.sub(replace, text)


def season_catalog_rows(years: int, capacity_scale: float, rng: random.Random) -> list[dict[str, str]]:
    """One season's catalog lines: the base file moved by ``years``, with the trimesters widened."""
    base = list(csv.DictReader(io.StringIO(BASE_CATALOG.read_text(encoding="utf-8")), delimiter=";"))
    rows: list[dict[str, str]] = []
    templates: dict[str, dict[str, str]] = {}
    for line in base:
        row = {key: shift_text(value or "", years) for key, value in line.items()}
        kind = line["code_dispositif"].rsplit("-", 1)[-1]
        row["places"] = str(_scaled(int(row["places"]), capacity_scale * DEMAND.get(kind, 1.0)))
        rows.append(row)
        templates.setdefault(kind, row)
    for trimester, activities in ACTIVITIES.items():
        template = templates[trimester]
        scale = capacity_scale * DEMAND[trimester]
        for index, (activity, place) in enumerate(activities):
            for low, high in BRACKETS:
                saturday = high >= 12  # the older children's groups meet on Saturday mornings
                rows.append({
                    **template,
                    "groupe": f"{low}/{high} ans {activity}", "activite": activity,
                    "age_min": str(low), "age_max": str(high), "regle_age": "age",
                    "places": str(_scaled(rng.choice((12, 14, 16, 16, 20, 24)), scale)),
                    "jour": "samedi" if saturday else "mercredi",
                    "heure_debut": "10:00" if saturday else ("13:30" if (index + low) % 2 else "15:00"),
                    "heure_fin": "12:00" if saturday else ("15:00" if (index + low) % 2 else "16:30"),
                    "lieu": place,
                })
    ski = templates["T2SKI"]
    for low, high in BRACKETS:
        rows.append({**ski, "groupe": f"{low}/{high} ans Ski alpin", "age_min": str(low), "age_max": str(high),
                     "places": str(_scaled(24, capacity_scale * DEMAND["T2SKI"]))})
    return rows


def _scaled(places: int, scale: float) -> int:
    return max(3, round(places * scale))


def catalog_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def capacity_scale_for(families: int) -> float:
    """Places grow with the town (the base file's places suit about 2,000 families), so that the
    popular groups fill up (waiting lists) while most keep room, whatever the size."""
    return families / 2_000


# --------------------------------------------------------------------------------------------
# In-memory records of the simulation (slots: a million of them must stay small)
# --------------------------------------------------------------------------------------------

@dataclass(slots=True, eq=False)
class GroupRec:
    id: uuid.UUID
    offer: OfferRec
    label: str
    age_min: int
    age_max: int
    age_rule: str
    capacity: int
    price_cents: int
    bands: list[Band]
    popularity: float
    taken: int = 0  # confirmed + pending
    waiting: list[EnrollmentRec] = field(default_factory=list)  # in order of arrival


@dataclass(slots=True, eq=False)
class OfferRec:
    id: uuid.UUID
    season: int
    code: str
    kind: str
    invoice_label: str
    starts_on: dt.date
    ends_on: dt.date
    groups: list[GroupRec] = field(default_factory=list)
    by_age: dict[int, list[GroupRec]] = field(default_factory=dict)

    def line_label(self) -> str:
        if self.starts_on == self.ends_on:
            return f"{self.invoice_label} - Le {self.starts_on:%d/%m/%Y}"
        return f"{self.invoice_label} - Du {self.starts_on:%d/%m/%Y} au {self.ends_on:%d/%m/%Y}"


@dataclass(slots=True, eq=False)
class ChildRec:
    id: uuid.UUID
    family: FamilyRec
    first_name: str
    last_name: str
    birth_date: dt.date
    sex: str
    school: str
    health_notes: str
    allergies: str
    photo_allowed: bool
    may_leave_alone: bool
    pickups: list[tuple[str, str, str]]


@dataclass(slots=True, eq=False)
class FamilyRec:
    index: int
    id: uuid.UUID
    home_counter: int
    name: str
    address_line1: str
    postal_code: str
    city: str
    phone: str
    caf_number: str
    quotient: int | None
    quotient_valid_from: dt.date | None
    quotient_valid_to: dt.date | None
    notes: str
    # (first, last, relationship, is_payer, mobile, work, email), in position order
    guardians: list[tuple[str, str, str, bool, str, str, str]]
    children: list[ChildRec] = field(default_factory=list)
    created_at: dt.datetime | None = None
    counter: int = 0
    agent_id: uuid.UUID | None = None
    reference: str = ""

    @property
    def payer_name(self) -> str:
        payer = next(g for g in self.guardians if g[3])
        return f"{payer[0]} {payer[1]}"


@dataclass(slots=True, eq=False)
class SessionRec:
    id: uuid.UUID
    counter: int
    agent_id: uuid.UUID
    day: dt.date
    opened_at: dt.datetime
    closed_at: dt.datetime
    float_cents: int
    payments: list[PaymentRec] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class EnrollmentRec:
    id: uuid.UUID
    child: ChildRec
    group: GroupRec
    status: str
    price_cents: int
    created_at: dt.datetime
    updated_at: dt.datetime
    hold_expires_at: dt.datetime | None
    cancel_reason: str
    agent_id: uuid.UUID
    counter: int
    first_status: str = ""  # when it was made (its journal entry "created"); status is the last one
    first_hold: dt.datetime | None = None


@dataclass(slots=True, eq=False)
class InvoiceRec:
    id: uuid.UUID
    family: FamilyRec
    counter: int
    agent_id: uuid.UUID
    issued_at: dt.datetime
    lines: list[EnrollmentRec]
    total_cents: int
    checkout_id: uuid.UUID
    line_ids: list[uuid.UUID]
    paid_cents: int = 0       # received less refunded
    card_paid_cents: int = 0  # by card, less refunded to a card
    credited_cents: int = 0
    payments: list[PaymentRec] = field(default_factory=list)
    number: str = ""
    debt_reference: str = ""

    @property
    def owed_cents(self) -> int:
        return self.total_cents - self.credited_cents - self.paid_cents


@dataclass(slots=True, eq=False)
class CreditNoteRec:
    """One cancelled invoice line, as ``corrections.cancel_paid_enrollment`` issues it."""

    id: uuid.UUID
    invoice: InvoiceRec
    enrollment: EnrollmentRec
    line_id: uuid.UUID
    counter: int
    agent_id: uuid.UUID
    issued_at: dt.datetime
    total_cents: int
    reason: str
    refund_mode: str  # card, cash, cheque, or "credit" (kept on the family's account)
    refund_cents: int
    number: str = ""


@dataclass(slots=True, eq=False)
class PaymentRec:
    id: uuid.UUID
    family: FamilyRec
    session: SessionRec
    received_at: dt.datetime
    mode: str
    amount_cents: int
    invoice: InvoiceRec
    tendered_cents: int | None = None
    change_cents: int | None = None
    cheque_number: str = ""
    cheque_bank: str = ""
    cheque_drawer: str = ""
    card_masked_pan: str = ""
    card_authorisation: str = ""
    card_transaction: str = ""
    card_application: str = ""
    receipt_number: str = ""
    request_id: uuid.UUID | None = None  # the checkout's, or the balance payment's
    agent_id: uuid.UUID | None = None    # who took it, when not the till's opener (a refund)
    credit_note: CreditNoteRec | None = None  # a refund: the credit note it gives money back for
    attempt: CardAttemptRec | None = None


@dataclass(slots=True, eq=False)
class CardAttemptRec:
    """A charge (or refund) through the terminal, left as ``services/card_payments`` leaves it."""

    id: uuid.UUID
    family: FamilyRec
    counter: int
    agent_id: uuid.UUID
    kind: str  # debit, refund
    amount_cents: int
    lines: list[str]
    lines_kind: str
    key: str
    state: str         # the last one
    answer_state: str  # what the terminal's answer made it (before a settlement)
    outcome: str
    reason_code: str
    message: str
    created_at: dt.datetime
    sent_at: dt.datetime
    finished_at: dt.datetime
    masked_pan: str = ""
    authorisation: str = ""
    contract: str = ""
    transaction: str = ""
    application: str = ""
    retry_blocked_until: dt.datetime | None = None  # the last value
    settled_at: dt.datetime | None = None
    settled_by: uuid.UUID | None = None
    settlement_note: str = ""
    payment: PaymentRec | None = None
    credit_note: CreditNoteRec | None = None


@dataclass(slots=True, eq=False)
class LaterEntry:
    """A journal entry of a change made after the row was created (rows are written as they
    ended up; these entries tell how they got there). ``changes`` may be a function: numbers are
    given after the simulation."""

    at: dt.datetime
    counter: int
    agent_id: uuid.UUID
    entity: str
    entity_id: uuid.UUID
    action: str
    changes: dict | Callable[[], dict]


@dataclass(slots=True, eq=False)
class Visit:
    """A family at the counter: enrollments asked for, then (usually) paid on the spot."""

    at: dt.datetime
    order: int  # tie-breaker, so sorting never depends on anything but the seed
    family: FamilyRec
    counter: int
    requests: list[tuple[ChildRec, OfferRec]]


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------

class _Generator:
    def __init__(self, url: str, families: int, seed: int, progress: Callable[[str], object]) -> None:
        self.url, self.family_count, self.seed, self.progress = url, families, seed, progress
        self.rng = random.Random(seed)
        self.id_rng = random.Random(seed * 7919 + 1)  # ids apart: adding a field never reshuffles them
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(seed)
        self.started = time.perf_counter()
        self.scheduled = 0

    # --- helpers ---------------------------------------------------------------------------
    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.id_rng.getrandbits(128), version=4)

    def say(self, message: str) -> None:
        self.progress(f"[{time.perf_counter() - self.started:6.1f} s] {message}")

    @staticmethod
    def at_paris(day: dt.date, minutes: int, seconds: int = 0) -> dt.datetime:
        """A moment of a working day (minutes after midnight, Paris time) in UTC."""
        local = dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, seconds, tzinfo=PARIS)
        return local.astimezone(UTC)

    def working_day(self, first: dt.date, last: dt.date) -> dt.date | None:
        """A random Monday-to-Friday in [first, last] (capped at today), or None."""
        last = min(last, NOW.astimezone(PARIS).date())
        if last < first:
            return None
        day = first + dt.timedelta(days=self.rng.randint(0, (last - first).days))
        if day.weekday() >= 5:
            day -= dt.timedelta(days=day.weekday() - 4)  # back to the Friday
            if day < first:
                day += dt.timedelta(days=3)
                if day > last:
                    return None
        return day

    # --- 1. counters, agents and catalog through the services -----------------------------
    def setup(self) -> None:
        self.db = open_database(self.url)
        if self.db.engine.dialect.name == "sqlite":
            # A throwaway load: no fsync per commit (the file is checkpointed at the end). Set on
            # each new connection, since a pragma cannot change inside a transaction.
            self.db.dispose()
            event.listen(self.db.engine, "connect", _fast_load_pragmas)
        with self.db.read() as s:
            if s.scalar(select(func.count()).select_from(CounterModel)):
                raise ValueError(f"{self.db.describe()} is not empty: the dataset is generated into a new database")
        setup_moment = dt.datetime(2024, 5, 13, 7, 0, tzinfo=UTC)
        ctx = ServiceContext(db=self.db, clock=lambda: setup_moment)
        self.counters = [agent_service.create_counter(ctx, code=code, name=name, number_prefix=prefix)
                         for code, name, prefix, _contract, _share in COUNTERS]
        self.agents = [
            agent_service.create_agent(ctx, login=login, display_name=display, is_admin=admin,
                                       password=DEMO_PASSWORD if login == DEMO_LOGIN else AGENT_PASSWORD,
                                       enforce_policy=login != DEMO_LOGIN)
            for login, display, admin, _counter in AGENTS
        ]
        # Usual agents of each counter (the others stand in now and then).
        self.counter_agents = [[a.id for a, spec in zip(self.agents, AGENTS, strict=True) if spec[3] == c]
                               for c in range(len(COUNTERS))]
        # Who signs corrections and settles card charges in doubt at each counter (an administrator
        # holds every role, the régisseur's among them).
        self.regisseurs = [next(a.id for a, spec in zip(self.agents, AGENTS, strict=True) if spec[3] == c and spec[2])
                           for c in range(len(COUNTERS))]
        catalog_rng = random.Random(self.seed + 1)
        scale = capacity_scale_for(self.family_count)
        demo = self.agents[0]
        for years in SEASON_SHIFTS:
            first_year = 2026 + years
            imported_on = dt.datetime(first_year, 5, 20, 8, 0, tzinfo=UTC)

            def import_day(moment: dt.datetime = imported_on) -> dt.datetime:
                return moment

            acting = ServiceContext(db=self.db, clock=import_day,
                                    actor=Actor(agent_id=demo.id, counter_id=self.counters[0].id))
            import_catalog(acting, catalog_csv(season_catalog_rows(years, scale, catalog_rng)))
        self.load_catalog()

    def load_catalog(self) -> None:
        with self.db.read() as s:
            season_index = {label: i for i, label in enumerate(
                s.scalars(select(Season.label).order_by(Season.starts_on)))}
            offers: dict[uuid.UUID, OfferRec] = {}
            rows = s.execute(
                select(Offer, Season.label).join(Season, Season.id == Offer.season_id)
                .order_by(Season.starts_on, Offer.position, Offer.code)  # code: positions may tie
            )
            for stored_offer, label in rows:
                offers[stored_offer.id] = OfferRec(stored_offer.id, season_index[label], stored_offer.code,
                                                   stored_offer.kind, stored_offer.invoice_label,
                                                   stored_offer.starts_on, stored_offer.ends_on)
            bands: dict[uuid.UUID, list[Band]] = defaultdict(list)
            for band in s.scalars(select(PriceBand).order_by(PriceBand.quotient_min)):
                bands[band.group_id].append(Band(band.quotient_min, band.quotient_max, band.price_cents))
            for stored in s.scalars(select(ActivityGroup).order_by(ActivityGroup.position, ActivityGroup.label)):
                offer = offers[stored.offer_id]
                offer.groups.append(GroupRec(stored.id, offer, stored.label, stored.age_min, stored.age_max,
                                             stored.age_rule, stored.capacity, stored.price_cents,
                                             bands[stored.id], 0.0))
        self.seasons: list[list[OfferRec]] = [[] for _ in season_index]
        for offer in offers.values():
            offer.groups.sort(key=lambda g: g.label)  # the order must come from the data, not from uuid4s
            for group in offer.groups:
                # Some activities are far more wanted than others: that is what fills groups.
                group.popularity = self.rng.choice((0.3, 0.6, 1.0, 1.0, 1.5, 2.5, 4.0))
            for age in range(0, 19):
                offer.by_age[age] = [g for g in offer.groups if g.age_rule == AgeRule.AGE_AT_START
                                     and g.age_min <= age <= g.age_max]
            self.seasons[offer.season].append(offer)
        self.group_count = sum(len(o.groups) for o in offers.values())
        self.say(f"catalog: {len(self.seasons)} seasons, {len(offers)} offers, {self.group_count} groups")

    # --- 2. families ----------------------------------------------------------------------
    def make_families(self) -> None:
        rng, fake = self.rng, self.fake
        communes = [c[:2] for c in COMMUNES]
        commune_weights = [c[2] for c in COMMUNES]
        shares = [c[4] for c in COUNTERS]
        today = NOW.astimezone(PARIS).date()
        self.families: list[FamilyRec] = []
        for index in range(self.family_count):
            last = fake.last_name()
            city, postal = rng.choices(communes, commune_weights)[0]
            quotient = None if rng.random() < 0.3 else rng.randint(180, 2600)
            guardians = []
            mother_first = fake.first_name_female()
            two_parents = rng.random() < 0.65
            guardians.append((mother_first, last, "mère", True, self.mobile(), self.landline(0.15),
                              self.email(mother_first, last, index, 0.8)))
            if two_parents:
                father_first = fake.first_name_male()
                father_last = last if rng.random() < 0.8 else fake.last_name()
                guardians.append((father_first, father_last, "père", False, self.mobile(0.8), self.landline(0.1),
                                  self.email(father_first, father_last, index, 0.4)))
                if rng.random() < 0.25:  # the father pays
                    guardians = [(g[0], g[1], g[2], not g[3], g[4], g[5], g[6]) for g in guardians]
            family = FamilyRec(
                index=index, id=self.new_id(), home_counter=rng.choices(range(len(COUNTERS)), shares)[0],
                name=last, address_line1=fake.street_address(), postal_code=postal, city=city,
                phone=self.landline(0.25), caf_number=str(rng.randint(1_000_000, 9_999_999)) if quotient else "",
                quotient=quotient,
                quotient_valid_from=dt.date(2024, 1, 1) if quotient else None,
                quotient_valid_to=dt.date(today.year, 12, 31) if quotient else None,
                notes="Garde alternée : envoyer les factures aux deux parents" if rng.random() < 0.02 else "",
                guardians=guardians,
            )
            count = rng.choices((1, 2, 3, 4), (32, 42, 19, 7))[0]
            age = rng.choices(range(5, 16), (3, 6, 8, 9, 9, 9, 8, 7, 6, 4, 3))[0]
            born: set[dt.date] = set()
            for _ in range(count):
                birth = today - dt.timedelta(days=365 * age + rng.randint(1, 360))
                while birth in born:  # distinct birth dates: the dossier's order is well defined
                    birth -= dt.timedelta(days=1)
                born.add(birth)
                sex = rng.choice("FM")
                first = fake.first_name_female() if sex == "F" else fake.first_name_male()
                years = age_on(birth, today)
                family.children.append(ChildRec(
                    id=self.new_id(), family=family, first_name=first, last_name=last, birth_date=birth,
                    sex=sex, school=rng.choice(SCHOOLS[:7] if years < 11 else SCHOOLS[7:]),
                    health_notes=rng.choice(HEALTH_NOTES) if rng.random() < 0.06 else "",
                    allergies=rng.choice(ALLERGIES) if rng.random() < 0.08 else "",
                    photo_allowed=rng.random() < 0.85, may_leave_alone=years >= 10 and rng.random() < 0.5,
                    pickups=[(fake.name(), rng.choice(PICKUP_RELATIONS), self.mobile())]
                    if rng.random() < 0.3 else [],
                ))
                age = max(3, age - rng.choice((1, 2, 2, 3, 4)))
            family.children.sort(key=lambda c: c.birth_date)  # the order the dossier shows them
            self.families.append(family)
        self.say(f"families: {len(self.families)}, children: {sum(len(f.children) for f in self.families)}")

    def mobile(self, probability: float = 1.0) -> str:
        if self.rng.random() >= probability:
            return ""
        r = self.rng
        pairs = " ".join(f"{r.randint(0, 99):02d}" for _ in range(4))
        return f"0{r.choice('67')} {pairs}"

    def landline(self, probability: float) -> str:
        if self.rng.random() >= probability:
            return ""
        r = self.rng
        return f"04 79 {r.randint(10, 99)} {r.randint(0, 99):02d} {r.randint(0, 99):02d}"

    def email(self, first: str, last: str, index: int, probability: float) -> str:
        if self.rng.random() >= probability:
            return ""
        local = f"{normalize_text(first)}.{normalize_text(last)}".replace(" ", "-")
        if self.rng.random() < 0.4:
            local += str(index % 100)
        return f"{local}@{self.rng.choice(EMAIL_DOMAINS)}"

    # --- 3. visits to the counter -----------------------------------------------------------
    def plan_visits(self) -> list[Visit]:
        """When each family comes and what it asks for. Most families come once a season and
        book the whole year; some come back for the next trimester or the summer outings."""
        rng = self.rng
        visits: list[Visit] = []

        def visit(family: FamilyRec, first: dt.date, last: dt.date, requests) -> None:
            day = self.working_day(first, last)
            if day is None:
                return
            counter = family.home_counter if rng.random() < 0.85 else rng.randrange(len(COUNTERS))
            at = self.at_paris(day, 8 * 60 + 45 + rng.randint(0, 480), rng.randint(0, 59))
            if at > NOW:
                return
            visits.append(Visit(at, len(visits), family, counter, requests))

        for family in self.families:
            first_season = rng.choices(range(len(self.seasons)), (45, 30, 25))[0]
            for season in range(first_season, len(self.seasons)):
                if season != first_season and rng.random() >= 0.3:
                    continue
                offers = {o.code.rsplit("-", 1)[-1]: o for o in self.seasons[season] if o.kind == OfferKind.TRIMESTER}
                summer = [o for o in self.seasons[season] if o.kind != OfferKind.TRIMESTER]
                t1, t2, ski, t3 = offers["T1"], offers["T2"], offers["T2SKI"], offers["T3"]
                main: list[tuple[ChildRec, OfferRec]] = []
                winter: list[tuple[ChildRec, OfferRec]] = []
                spring: list[tuple[ChildRec, OfferRec]] = []
                for child in family.children:
                    if rng.random() < 0.88:
                        main.append((child, t1))
                    if rng.random() < 0.35:
                        main.append((child, t2))
                    if rng.random() < 0.3:
                        main.append((child, t3))
                    if rng.random() < 0.1:
                        winter.append((child, ski if rng.random() < 0.5 else t2))
                    if rng.random() < 0.07:
                        spring.append((child, t3))
                first_year = t1.starts_on.year
                visit(family, dt.date(first_year, 6, 10), t1.starts_on + dt.timedelta(days=10), main)
                if winter and rng.random() < 0.5:
                    visit(family, t1.ends_on - dt.timedelta(days=21), t2.starts_on + dt.timedelta(days=7), winter)
                if spring and rng.random() < 0.5:
                    visit(family, t2.ends_on - dt.timedelta(days=21), t3.starts_on + dt.timedelta(days=7), spring)
                if rng.random() < 0.06:
                    outings = [(child, offer) for child in family.children for offer in summer if rng.random() < 0.35]
                    if outings:
                        first_outing = min(o.starts_on for o in summer)
                        visit(family, dt.date(first_year + 1, 5, 15), first_outing - dt.timedelta(days=2), outings)
        visits.sort(key=lambda v: (v.at, v.order))
        return visits

    # --- 4. the counter's work, in chronological order -------------------------------------
    def simulate(self, visits: list[Visit]) -> None:
        """The visits, in order, and between them what happens later on their account (credit
        notes, places offered to the waiting list and their holds paid or run out): ``events``,
        a heap of (moment, order, action, arguments) run when their moment comes."""
        rng = self.rng
        self.sessions: dict[tuple[int, dt.date], SessionRec] = {}
        self.enrollments: list[EnrollmentRec] = []
        self.invoices: list[InvoiceRec] = []
        self.payments: list[PaymentRec] = []
        self.attempts: list[CardAttemptRec] = []
        self.credit_notes: list[CreditNoteRec] = []
        self.later: list[LaterEntry] = []
        self.events: list[tuple] = []
        self.held_today: list[tuple[list[EnrollmentRec], dt.datetime, int, uuid.UUID]] = []
        self.active: set[tuple[uuid.UUID, uuid.UUID]] = set()  # (child, offer) with a live enrollment
        active = self.active
        today = NOW.astimezone(PARIS).date()
        for visit in visits:
            self.run_events(until=visit.at)
            session = self.session(visit.counter, visit.at.astimezone(PARIS).date())
            family = visit.family
            if family.created_at is None:
                family.created_at, family.counter, family.agent_id = visit.at, visit.counter, session.agent_id
            # Today's last families have not paid yet: their places are held (2 hours).
            unpaid_today = session.day == today and rng.random() < 0.4
            moment = visit.at
            confirmed: list[EnrollmentRec] = []
            held: list[EnrollmentRec] = []
            for child, offer in visit.requests:
                if (child.id, offer.id) in active:
                    continue
                eligible = offer.by_age.get(age_on(child.birth_date, offer.starts_on), [])
                if not eligible:
                    continue
                moment += dt.timedelta(minutes=1, seconds=rng.randint(0, 50))
                group = rng.choices(eligible, [g.popularity for g in eligible])[0]
                cancel_reason, hold, updated = "", None, moment
                if rng.random() < 0.03:
                    status = EnrollmentStatus.CANCELLED
                    cancel_reason = rng.choice(CANCEL_REASONS)
                    updated = moment + dt.timedelta(hours=2 if "Délai" in cancel_reason else rng.randint(3, 200))
                    updated = min(updated, NOW)
                else:
                    if group.taken >= group.capacity and rng.random() < 0.4:
                        # The agent offers another group of the same age with room left.
                        with_room = [g for g in eligible if g.taken < g.capacity]
                        if with_room:
                            group = rng.choices(with_room, [g.popularity for g in with_room])[0]
                    if group.taken >= group.capacity:
                        status = EnrollmentStatus.WAITING
                    elif unpaid_today:
                        status = EnrollmentStatus.PENDING
                        hold = moment + DEFAULT_HOLD
                        group.taken += 1
                    else:
                        status = EnrollmentStatus.CONFIRMED
                        group.taken += 1
                    active.add((child.id, offer.id))
                price = price_for(group.price_cents, group.bands, quotient_in_force(
                    family.quotient, family.quotient_valid_from, family.quotient_valid_to, offer.starts_on))
                enrollment = EnrollmentRec(self.new_id(), child, group, status, price, moment, updated, hold,
                                           cancel_reason, session.agent_id, visit.counter, status, hold)
                self.enrollments.append(enrollment)
                if status == EnrollmentStatus.CONFIRMED:
                    confirmed.append(enrollment)
                elif status == EnrollmentStatus.WAITING:
                    group.waiting.append(enrollment)
                elif status == EnrollmentStatus.PENDING:
                    held.append(enrollment)
            if held:
                self.held_today.append((held, moment, visit.counter, session.agent_id))
            if confirmed:
                issued = moment + dt.timedelta(minutes=2, seconds=rng.randint(0, 59))
                self.issue(InvoiceRec(self.new_id(), family, visit.counter, session.agent_id, issued, confirmed,
                                      sum(e.price_cents for e in confirmed), self.new_id(),
                                      [self.new_id() for _ in confirmed]), session)
        self.run_events(until=NOW)
        self.leave_attempts_needing_attention()
        self.say(f"simulation: {len(visits)} visits, {len(self.enrollments)} enrollments, "
                 f"{len(self.invoices)} invoices, {len(self.credit_notes)} credit notes, "
                 f"{len(self.payments)} payments, {len(self.attempts)} card attempts, "
                 f"{len(self.sessions)} cash sessions")

    def schedule(self, at: dt.datetime, action: Callable, *arguments) -> None:
        self.scheduled += 1  # ties run in the order they were scheduled
        heappush(self.events, (at, self.scheduled, action, arguments))

    def run_events(self, until: dt.datetime) -> None:
        while self.events and self.events[0][0] <= until:
            at, _order, action, arguments = heappop(self.events)
            action(at, *arguments)

    def session(self, counter: int, day: dt.date) -> SessionRec:
        """The till of a counter on a day: opened at 08:30, closed at 17:30 (Paris)."""
        key = (counter, day)
        found = self.sessions.get(key)
        if found is None:
            usual = self.counter_agents[counter]
            pool = usual if self.rng.random() < 0.9 else [a.id for a in self.agents]
            found = self.sessions[key] = SessionRec(
                self.new_id(), counter, self.rng.choice(pool), day,
                self.at_paris(day, 8 * 60 + 30), self.at_paris(day, 17 * 60 + 30),
                self.rng.choice((10_000, 15_000, 15_000, 20_000)),
            )
        return found

    def issue(self, invoice: InvoiceRec, session: SessionRec) -> None:
        """An invoice issued at the checkout: paid (or not), and sometimes corrected later."""
        self.invoices.append(invoice)
        self.settle(invoice, session)
        self.maybe_credit(invoice)

    def settle(self, invoice: InvoiceRec, session: SessionRec) -> None:
        """Paid on the spot (sometimes split, sometimes paid later), partly paid, or unpaid."""
        rng = self.rng
        total = invoice.total_cents
        when = invoice.issued_at + dt.timedelta(minutes=1, seconds=rng.randint(5, 59))
        request, later = invoice.checkout_id, False
        roll = rng.random()
        if roll < 0.13 or total == 0:
            return  # unpaid: the balance due stays on the family's account
        if roll < 0.26 and total >= 2_000:
            part = max(1_000, int(total * rng.uniform(0.3, 0.7)) // 1_000 * 1_000)
            self.pay(invoice, session, when, rng.choice((PaymentMode.CASH, PaymentMode.CHEQUE, PaymentMode.CARD)),
                     part, request, later)
            return
        if rng.random() < 0.12:
            # Paid later, on another day (a cheque brought back, the other parent's card…).
            day = self.working_day(session.day + dt.timedelta(days=1), session.day + dt.timedelta(days=40))
            if day is not None:
                counter = invoice.family.home_counter
                later_session = self.session(counter, day)
                when = self.at_paris(day, 8 * 60 + 45 + rng.randint(0, 480), rng.randint(0, 59))
                if when <= NOW:
                    session, request, later = later_session, self.new_id(), True
                else:
                    when = invoice.issued_at + dt.timedelta(minutes=1, seconds=rng.randint(5, 59))
        if total >= 2_000 and rng.random() < 0.12:
            # Chèques vacances (no change given) for a round part, the rest by another mode.
            ancv = rng.randint(1, (total - 1) // 1_000) * 1_000
            self.pay(invoice, session, when, PaymentMode.ANCV, ancv, request, later)
            rest_mode = rng.choice((PaymentMode.CASH, PaymentMode.CARD, PaymentMode.CHEQUE))
            self.pay(invoice, session, when + dt.timedelta(seconds=40), rest_mode, total - ancv, request, later)
            return
        mode = rng.choices((PaymentMode.CARD, PaymentMode.CASH, PaymentMode.CHEQUE, PaymentMode.ANCV),
                           (52, 20, 20, 8))[0]
        if mode == PaymentMode.ANCV and total % 1_000:
            mode = PaymentMode.CARD  # ANCV cheques are 10 or 20 €: only round amounts
        self.pay(invoice, session, when, mode, total, request, later, whole=True)

    def pay(self, invoice: InvoiceRec, session: SessionRec, when: dt.datetime, mode: str, amount: int,
            request: uuid.UUID, later: bool, whole: bool = False) -> None:
        """One tender of a checkout (``later``: of a balance payment on another day). ``whole``:
        the only tender of its checkout (a charge settled from the ticket then made the checkout)."""
        rng = self.rng
        payment = PaymentRec(self.new_id(), invoice.family, session, when, mode, amount, invoice, request_id=request)
        if mode == PaymentMode.CASH:
            note = rng.choice((500, 1_000, 2_000, 5_000))
            payment.tendered_cents = amount if rng.random() < 0.2 else math.ceil(amount / note) * note
            payment.change_cents = payment.tendered_cents - amount
        elif mode == PaymentMode.CHEQUE:
            payment.cheque_number = f"{rng.randint(0, 9_999_999):07d}"
            payment.cheque_bank = rng.choice(BANKS)
            payment.cheque_drawer = invoice.family.payer_name
        elif mode == PaymentMode.ANCV:
            payment.cheque_number = f"{rng.randint(10**9, 10**10 - 1)}"
            payment.cheque_bank = "ANCV"
            payment.cheque_drawer = invoice.family.payer_name
        else:
            payment.card_masked_pan = self.masked_pan()
            payment.card_authorisation = f"{rng.randint(0, 999_999):06d}"
            payment.card_transaction = f"{rng.randint(1, 999_999):06d}"
            payment.card_application = "00B" if amount <= 5_000 and rng.random() < 0.7 else "001"
        lines = [str(invoice.id)] if later else [str(e.id) for e in invoice.lines]
        lines_kind = "invoices" if later else "enrollments"
        if mode == PaymentMode.CARD:
            self.card_charge(payment, lines, lines_kind, settled_from_ticket=whole and not later
                             and rng.random() < CARD_SETTLED_ACCEPTED)
        elif mode in (PaymentMode.CASH, PaymentMode.CHEQUE) and not later:
            # Sometimes the card was tried first: refused, or abandoned (its 30 minutes long over).
            tried = self.first_try(OTHER_MODE_FIRST_TRIES)
            if tried:
                self.failed_attempt(tried, payment.family, session.counter, session.agent_id, amount, lines,
                                    lines_kind, when - dt.timedelta(seconds=rng.randint(90, 240)), confirmed=False)
        invoice.paid_cents += amount
        if mode == PaymentMode.CARD:
            invoice.card_paid_cents += amount
        invoice.payments.append(payment)
        session.payments.append(payment)
        self.payments.append(payment)

    def masked_pan(self) -> str:
        # First 6 and last 4 digits at most (PCI DSS), as the terminal's answer is stored.
        return f"{self.rng.choice(CARD_BINS)}######{self.rng.randint(0, 9999):04d}"

    # --- 4b. card attempts ------------------------------------------------------------------
    def first_try(self, table: tuple[tuple[str, float], ...]) -> str | None:
        roll = self.rng.random()
        for name, share in table:
            if roll < share:
                return name
            roll -= share
        return None

    def new_attempt(self, family: FamilyRec, counter: int, agent_id: uuid.UUID, kind: str, amount: int,
                    lines: list[str], lines_kind: str, created: dt.datetime, state: str, outcome: Outcome,
                    answer_seconds: int, message: str | None = None, reason_code: str = "") -> CardAttemptRec:
        """An attempt recorded (created), sent about a second later, answered ``answer_seconds`` after."""
        sent = created + dt.timedelta(milliseconds=self.rng.randint(300, 1_500))
        attempt = CardAttemptRec(
            self.new_id(), family, counter, agent_id, kind, amount, lines, lines_kind, lines_key(lines), state, state,
            outcome.name, reason_code, message if message is not None else MESSAGES_FR[outcome], created, sent,
            sent + dt.timedelta(seconds=answer_seconds))
        self.attempts.append(attempt)
        return attempt

    def card_charge(self, payment: PaymentRec, lines: list[str], lines_kind: str, settled_from_ticket: bool) -> None:
        """The attempt that made a card payment, and sometimes one that went wrong before it."""
        rng = self.rng
        session = payment.session
        counter, agent = session.counter, session.agent_id
        contract = COUNTERS[counter][3]
        if settled_from_ticket:
            # No answer came: in doubt after the terminal's deadline; the régisseur read "accepted" on
            # the ticket (authorisation and last digits typed), then the checkout was completed.
            created = payment.received_at - dt.timedelta(seconds=rng.randint(480, 720))
            attempt = self.new_attempt(payment.family, counter, agent, "debit", payment.amount_cents, lines,
                                       lines_kind, created, AttemptState.ACCEPTED, Outcome.IN_DOUBT, 180,
                                       rng.choice(IN_DOUBT_MESSAGES))
            attempt.answer_state = AttemptState.IN_DOUBT
            attempt.settled_at = attempt.finished_at + dt.timedelta(seconds=rng.randint(60, 180))
            attempt.settled_by = self.regisseurs[counter]
            sent = attempt.sent_at.astimezone(PARIS)
            attempt.settlement_note = f"Accepté d'après le ticket du terminal de {sent:%H:%M}"
            attempt.authorisation = payment.card_authorisation
            attempt.masked_pan = "############" + payment.card_masked_pan[-4:]
            payment.card_masked_pan, payment.card_transaction, payment.card_application = attempt.masked_pan, "", ""
            payment.request_id = payment.invoice.checkout_id = attempt.id  # complete_card_checkout's checkout
        else:
            created = payment.received_at - dt.timedelta(seconds=rng.randint(35, 90))
            tried = self.first_try(CARD_FIRST_TRIES)
            if tried:
                self.failed_attempt(tried, payment.family, counter, agent, payment.amount_cents, lines, lines_kind,
                                    created - dt.timedelta(seconds=rng.randint(240, 420)), confirmed=True)
            attempt = self.new_attempt(payment.family, counter, agent, "debit", payment.amount_cents, lines,
                                       lines_kind, created, AttemptState.ACCEPTED, Outcome.ACCEPTED,
                                       rng.randint(10, 30))
            attempt.masked_pan, attempt.authorisation = payment.card_masked_pan, payment.card_authorisation
            attempt.transaction, attempt.application = payment.card_transaction, payment.card_application
            attempt.contract = contract
        attempt.payment, payment.attempt = payment, attempt

    def failed_attempt(self, how: str, family: FamilyRec, counter: int, agent: uuid.UUID, amount: int,
                       lines: list[str], lines_kind: str, created: dt.datetime, confirmed: bool) -> None:
        """A card attempt that took no money. ``confirmed``: the card was tried again at once, so
        an abandon's 30-minute block was lifted on the terminal's failure ticket."""
        rng = self.rng
        if how == "refused":
            self.new_attempt(family, counter, agent, "debit", amount, lines, lines_kind, created,
                             AttemptState.REFUSED, Outcome.REFUSED, rng.randint(8, 25), reason_code="04")
        elif how == "abandoned":
            outcome = rng.choice((Outcome.ABANDONED, Outcome.TERMINAL_TIMEOUT))
            attempt = self.new_attempt(family, counter, agent, "debit", amount, lines, lines_kind, created,
                                       AttemptState.FAILED, outcome, rng.randint(20, 90),
                                       reason_code="06" if outcome is Outcome.ABANDONED else "08")
            attempt.retry_blocked_until = attempt.finished_at + RETRY_BLOCK
            if confirmed:
                attempt.retry_blocked_until = None
                attempt.settled_at = attempt.finished_at + dt.timedelta(seconds=rng.randint(20, 60))
                attempt.settled_by = agent
                attempt.settlement_note = "Ticket d'échec du terminal constaté par l'agent"
        elif how == "unreachable":
            self.new_attempt(family, counter, agent, "debit", amount, lines, lines_kind, created,
                             AttemptState.UNREACHABLE, Outcome.UNREACHABLE, rng.randint(3, 10))
        else:  # in doubt, then the terminal's ticket showed a failure: free to be charged again
            attempt = self.new_attempt(family, counter, agent, "debit", amount, lines, lines_kind,
                                       created - dt.timedelta(seconds=240), AttemptState.FAILED, Outcome.IN_DOUBT,
                                       180, rng.choice(IN_DOUBT_MESSAGES))
            attempt.answer_state = AttemptState.IN_DOUBT
            attempt.settled_at = attempt.finished_at + dt.timedelta(seconds=rng.randint(40, 120))
            attempt.settled_by = self.regisseurs[counter]
            attempt.settlement_note = "Échec constaté sur le ticket du terminal"

    def leave_attempts_needing_attention(self) -> None:
        """What the Accueil shows at "now": a few charges in doubt on the balance of families
        invoiced lately (their invoices wait, unpaid: nothing else may be taken on them before the
        attempt is settled), and a debit the terminal accepted whose checkout never got recorded
        (an application stopped in between; its enrollments still held)."""
        rng = self.rng
        in_doubt = min(12, max(1, round(self.family_count / 10_000)))
        unrecorded = max(1, self.family_count // 100_000)
        of_family: dict[int, list[InvoiceRec]] = defaultdict(list)
        for invoice in self.invoices:
            of_family[invoice.family.index].append(invoice)
        # Among the latest unpaid invoices (the last few days' at any size but the smallest).
        unpaid = [i for i in self.invoices if not i.payments and not i.credited_cents and i.total_cents]
        unpaid.sort(key=lambda i: i.issued_at, reverse=True)
        candidates = unpaid[:max(20, 10 * in_doubt)]
        seen: set[int] = set()  # one open attempt per family: a second one of the same lines is refused
        for invoice in rng.sample(candidates, min(in_doubt, len(candidates))):
            if invoice.family.index in seen:
                continue
            seen.add(invoice.family.index)
            created = invoice.issued_at + dt.timedelta(seconds=rng.randint(120, 400))
            due = [i for i in of_family[invoice.family.index]
                   if i.issued_at <= created and i.owed_cents > 0 and not i.credited_cents
                   and all(p.received_at < created for p in i.payments)]
            if created + dt.timedelta(minutes=4) > NOW:
                continue
            self.new_attempt(invoice.family, invoice.counter, invoice.agent_id, "debit",
                             sum(i.owed_cents for i in due), [str(i.id) for i in due], "invoices", created,
                             AttemptState.IN_DOUBT, Outcome.IN_DOUBT, 180, rng.choice(IN_DOUBT_MESSAGES))
        for held, moment, counter, agent in rng.sample(self.held_today, min(unrecorded, len(self.held_today))):
            created = moment + dt.timedelta(seconds=rng.randint(40, 120))
            attempt = self.new_attempt(held[0].child.family, counter, agent, "debit",
                                       sum(e.price_cents for e in held), [str(e.id) for e in held], "enrollments",
                                       created, AttemptState.ACCEPTED, Outcome.ACCEPTED, rng.randint(10, 30))
            attempt.masked_pan, attempt.authorisation = self.masked_pan(), f"{rng.randint(0, 999_999):06d}"
            attempt.transaction, attempt.application = f"{rng.randint(1, 999_999):06d}", "001"
            attempt.contract = COUNTERS[counter][3]

    # --- 4c. credit notes, refunds and the places they free ----------------------------------
    def maybe_credit(self, invoice: InvoiceRec) -> None:
        """A few invoices get a line cancelled (or all of them) after their last payment, before
        the activity ends: one credit note per line, at the family's counter."""
        rng = self.rng
        if rng.random() >= CREDIT_RATE:
            return
        lines = list(invoice.lines)
        if len(lines) > 1 and rng.random() >= WHOLE_CREDIT_SHARE:
            lines = [rng.choice(lines)]
        after = max([invoice.issued_at] + [p.received_at for p in invoice.payments])
        first = after.astimezone(PARIS).date() + dt.timedelta(days=1)
        day = self.working_day(first, min(min(e.group.offer.ends_on for e in lines), first + dt.timedelta(days=75)))
        if day is None:
            return
        at = self.at_paris(day, 8 * 60 + 45 + rng.randint(0, 470), rng.randint(0, 59))
        if at <= NOW:
            self.schedule(at, self.credit, invoice, lines, rng.choice(CREDIT_REASONS))

    def credit(self, at: dt.datetime, invoice: InvoiceRec, lines: list[EnrollmentRec], reason: str) -> None:
        """``corrections.cancel_paid_enrollment`` for each line, one after the other: the credit
        note, the enrollment cancelled, its place offered to the waiting list, then the refund of
        what was paid beyond what the invoice still asks."""
        rng = self.rng
        counter = invoice.family.home_counter
        agent = self.regisseurs[counter]
        for e in lines:
            remaining = invoice.total_cents - invoice.credited_cents - e.price_cents
            refund = max(0, min(e.price_cents, invoice.paid_cents - remaining))
            mode = "credit"
            if refund:
                if invoice.card_paid_cents >= refund and rng.random() < 0.7:
                    mode = PaymentMode.CARD
                else:
                    mode = rng.choices(("credit", PaymentMode.CHEQUE, PaymentMode.CASH), (30, 40, 30))[0]
                    if mode == PaymentMode.CASH and refund > CASH_REFUND_LIMIT:
                        mode = PaymentMode.CHEQUE
            note = CreditNoteRec(self.new_id(), invoice, e, invoice.line_ids[invoice.lines.index(e)], counter, agent,
                                 at, e.price_cents, reason, mode, refund)
            self.credit_notes.append(note)
            invoice.credited_cents += e.price_cents
            # Read once the numbers are given (number()): each bound to this line's note.
            def issued(n: CreditNoteRec = note) -> dict:
                return {"number": n.number, "invoice": n.invoice.number, "total_cents": n.total_cents,
                        "reason": n.reason}

            def cancelled(n: CreditNoteRec = note) -> dict:
                return {"status": EnrollmentStatus.CANCELLED, "reason": f"Annulée par l'avoir {n.number}"}

            self.note(at, counter, agent, "credit_note", note.id, "issued", issued)
            e.status, e.hold_expires_at, e.updated_at = EnrollmentStatus.CANCELLED, None, at
            self.note(at, counter, agent, "enrollment", e.id, "cancelled", cancelled)
            self.active.discard((e.child.id, e.group.offer.id))
            e.group.taken -= 1
            self.offer_freed_places(at, e.group, counter, agent)
            done = self.refund(note, at) if mode != "credit" else at
            at = done + dt.timedelta(seconds=rng.randint(40, 90))  # the next line once this one is refunded

    def refund(self, note: CreditNoteRec, at: dt.datetime) -> dt.datetime:
        """The money given back: by card through the terminal (an attempt bound to the credit note,
        then the refund recorded once accepted), in cash or by cheque at once. Returns when it
        was recorded."""
        rng = self.rng
        invoice, amount = note.invoice, note.refund_cents
        session = self.session(note.counter, at.astimezone(PARIS).date())
        payment = PaymentRec(self.new_id(), invoice.family, session, at, note.refund_mode, -amount, invoice,
                             agent_id=note.agent_id, credit_note=note)
        # The journal's changes are read once the numbers are given (number()).
        if note.refund_mode == PaymentMode.CARD:
            paid_by = [p for p in invoice.payments if p.mode == PaymentMode.CARD and p.amount_cents > 0][-1]
            attempt = self.new_attempt(invoice.family, note.counter, note.agent_id, "refund", amount,
                                       [str(invoice.id)], "invoices", at, AttemptState.ACCEPTED, Outcome.ACCEPTED,
                                       rng.randint(10, 30), REFUND_ACCEPTED_FR)
            attempt.key = lines_key([note.line_id, "refund"])
            attempt.credit_note, attempt.payment, payment.attempt = note, payment, attempt
            attempt.masked_pan = paid_by.card_masked_pan  # the card that paid takes the money back
            attempt.authorisation = f"{rng.randint(0, 999_999):06d}"
            attempt.transaction = f"{rng.randint(1, 999_999):06d}"
            attempt.application, attempt.contract = paid_by.card_application or "001", COUNTERS[note.counter][3]
            payment.received_at = attempt.finished_at + dt.timedelta(seconds=rng.randint(5, 20))
            payment.request_id = attempt.id
            payment.card_masked_pan, payment.card_authorisation = attempt.masked_pan, attempt.authorisation
            payment.card_transaction, payment.card_application = attempt.transaction, attempt.application
            self.note(at, note.counter, note.agent_id, "card_attempt", attempt.id, "requested", lambda: {
                "kind": "refund", "amount_cents": amount, "credit_note": note.number, "state": AttemptState.REQUESTED})
            invoice.card_paid_cents -= amount

            def changes() -> dict:
                return {"mode": PaymentMode.CARD, "amount_cents": -amount, "credit_note": note.number,
                        "card_attempt": str(attempt.id), "card_masked_pan": attempt.masked_pan,
                        "card_authorisation": attempt.authorisation}
        else:
            if note.refund_mode == PaymentMode.CHEQUE:
                payment.cheque_number = f"{rng.randint(0, 9_999_999):07d}"

            def changes() -> dict:
                return {"mode": note.refund_mode, "amount_cents": -amount, "credit_note": note.number}

        self.note(payment.received_at, note.counter, note.agent_id, "payment", payment.id, "refunded", changes)
        invoice.paid_cents -= amount
        invoice.payments.append(payment)
        session.payments.append(payment)
        self.payments.append(payment)
        return payment.received_at

    def offer_freed_places(self, at: dt.datetime, group: GroupRec, counter: int, agent: uuid.UUID) -> None:
        """``enrollment._offer_freed_places``: free places go to the waiting list in order of
        arrival, each child's enrollment held 2 hours; most families come and pay within them."""
        rng = self.rng
        while group.taken < group.capacity and group.waiting:
            e = group.waiting.pop(0)
            e.status, e.hold_expires_at, e.updated_at = EnrollmentStatus.PENDING, at + DEFAULT_HOLD, at
            group.taken += 1
            self.note(at, counter, agent, "enrollment", e.id, "offered_from_waiting_list", {
                "status": EnrollmentStatus.PENDING, "hold_expires_at": e.hold_expires_at.isoformat()})
            # The family comes to its counter before the hold runs out and the till closes.
            closing = self.at_paris(at.astimezone(PARIS).date(), 17 * 60 + 20)
            latest = min(e.hold_expires_at, closing, NOW)
            if rng.random() < OFFER_TAKEN and latest - at > dt.timedelta(minutes=10):
                seconds = rng.randint(600, int((latest - at).total_seconds()))
                self.schedule(at + dt.timedelta(seconds=seconds), self.pay_offered, e)
            else:
                # An expired hold is released by the next action on its group: at the counter's hours.
                release = self.opening_hours(e.hold_expires_at)
                if release <= NOW:
                    self.schedule(release, self.hold_ran_out, e, counter, agent)
                # Otherwise still held "now" (or run out, not yet released).

    def opening_hours(self, at: dt.datetime) -> dt.datetime:
        """``at`` if the counters are open then (a weekday, 08:45–17:20), else a moment of the
        next morning they open."""
        local = at.astimezone(PARIS)
        minutes = local.hour * 60 + local.minute
        if local.weekday() < 5 and 8 * 60 + 45 <= minutes < 17 * 60 + 20:
            return at
        day = local.date() + dt.timedelta(days=1 if minutes >= 8 * 60 + 45 else 0)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return self.at_paris(day, 8 * 60 + 45 + self.rng.randint(0, 120), self.rng.randint(0, 59))

    def pay_offered(self, at: dt.datetime, e: EnrollmentRec) -> None:
        if e.status != EnrollmentStatus.PENDING:
            return
        family = e.child.family
        session = self.session(family.home_counter, at.astimezone(PARIS).date())
        issued = at + dt.timedelta(seconds=self.rng.randint(60, 150))
        e.status, e.hold_expires_at, e.updated_at = EnrollmentStatus.CONFIRMED, None, issued
        invoice = InvoiceRec(self.new_id(), family, family.home_counter, session.agent_id, issued, [e], e.price_cents,
                             self.new_id(), [self.new_id()])
        self.note(issued, family.home_counter, session.agent_id, "enrollment", e.id, "confirmed", lambda: {
            "status": EnrollmentStatus.CONFIRMED, "invoice": invoice.number})
        self.issue(invoice, session)

    def hold_ran_out(self, at: dt.datetime, e: EnrollmentRec, counter: int, agent: uuid.UUID) -> None:
        """``enrollment._release_expired``: the place goes to the next child waiting."""
        if e.status != EnrollmentStatus.PENDING:
            return
        e.status, e.hold_expires_at, e.updated_at, e.cancel_reason = (EnrollmentStatus.CANCELLED, None, at,
                                                                       HOLD_EXPIRED_REASON)
        self.note(at, counter, agent, "enrollment", e.id, "cancelled", {
            "status": EnrollmentStatus.CANCELLED, "reason": HOLD_EXPIRED_REASON})
        self.active.discard((e.child.id, e.group.offer.id))
        e.group.taken -= 1
        self.offer_freed_places(at, e.group, counter, agent)

    def note(self, at: dt.datetime, counter: int, agent: uuid.UUID, entity: str, entity_id: uuid.UUID, action: str,
             changes: dict | Callable[[], dict]) -> None:
        self.later.append(LaterEntry(at, counter, agent, entity, entity_id, action, changes))

    # --- 5. numbers: gapless per counter, in chronological order ---------------------------
    def number(self) -> dict[tuple[int, str], int]:
        prefixes = [c[2] for c in COUNTERS]
        used: dict[tuple[int, str], int] = defaultdict(int)

        def series(items, counter_of, moment_of, assign, kind: str) -> None:
            letter, digits = FORMATS[kind]
            for item in sorted(items, key=lambda x: (counter_of(x), moment_of(x))):
                counter = counter_of(item)
                used[counter, kind] += 1
                value = used[counter, kind]
                assign(item, f"{prefixes[counter]}-{letter}{value:0{digits}d}", value)

        def set_reference(family: FamilyRec, number: str, _value: int) -> None:
            family.reference = number

        def set_invoice(invoice: InvoiceRec, number: str, value: int) -> None:
            invoice.number = number
            invoice.debt_reference = f"{invoice.issued_at.astimezone(PARIS):%Y%m%d}x{prefixes[invoice.counter]}x{value}"

        def set_receipt(payment: PaymentRec, number: str, _value: int) -> None:
            payment.receipt_number = number

        def set_credit_note(note: CreditNoteRec, number: str, _value: int) -> None:
            note.number = number
            note.enrollment.cancel_reason = f"Annulée par l'avoir {number}"

        # A family that never came (all its visits after "today") still has a dossier: created
        # on its counter's last opening day, so every family gets a reference.
        for family in self.families:
            if family.created_at is None:
                day = NOW.astimezone(PARIS).date()
                session = self.session(family.home_counter, day)
                family.created_at = self.at_paris(day, 9 * 60 + family.index % 400, 0)
                family.counter, family.agent_id = family.home_counter, session.agent_id
        # Tie-breakers (index, id) keep the order a pure function of the seed.
        series(self.families, lambda f: f.counter, lambda f: (f.created_at, f.index), set_reference, "family")
        invoice_order = {id(inv): i for i, inv in enumerate(self.invoices)}
        series(self.invoices, lambda i: i.counter, lambda i: (i.issued_at, invoice_order[id(i)]), set_invoice,
               "invoice")
        payment_order = {id(p): i for i, p in enumerate(self.payments)}
        series(self.payments, lambda p: p.session.counter, lambda p: (p.received_at, payment_order[id(p)]),
               set_receipt, "receipt")
        note_order = {id(n): i for i, n in enumerate(self.credit_notes)}
        series(self.credit_notes, lambda n: n.counter, lambda n: (n.issued_at, note_order[id(n)]), set_credit_note,
               "credit_note")
        return used

    # --- 6. bulk inserts ----------------------------------------------------------------------
    def write(self, used: dict[tuple[int, str], int]) -> int:
        journal_count = 0
        with self.db.session() as s:
            self.insert(s, Family, self.family_rows())
            self.insert(s, Guardian, self.guardian_rows())
            self.insert(s, Child, self.child_rows())
            self.insert(s, AuthorizedPickup, self.pickup_rows())
            self.say("families written")
        with self.db.session() as s:
            self.insert(s, Enrollment, self.enrollment_rows())
            self.insert(s, Invoice, self.invoice_rows())
            self.insert(s, InvoiceLine, self.invoice_line_rows())
            self.insert(s, CreditNote, self.credit_note_rows())
            self.insert(s, CreditNoteLine, self.credit_note_line_rows())
            self.insert(s, CashSession, self.session_rows())
            self.insert(s, CashSessionCount, self.session_count_rows())
            self.insert(s, Payment, self.payment_rows())
            self.insert(s, PaymentAllocation, self.allocation_rows())
            self.insert(s, CardAttempt, self.attempt_rows())
            self.say("enrollments, invoices, credit notes, payments and card attempts written")
        with self.db.session() as s:
            # Written in bulk, but chained like the application's own entries (the journal is tamper-evident).
            heads = {c.chain: (c.length, c.last_hash) for c in s.scalars(select(JournalChain))}
            journal_count = self.insert(s, JournalEntry, chained(self.journal_rows(), heads))
            for chain, (length, last_hash) in heads.items():
                s.merge(JournalChain(chain=chain, length=length, last_hash=last_hash))
            for counter_index, counter in enumerate(self.counters):
                for kind in SERIES_KINDS:  # the series were created with the counter
                    s.execute(update(NumberSeries).where(NumberSeries.counter_id == counter.id,
                                                         NumberSeries.kind == kind)
                              .values(next_value=used.get((counter_index, kind), 0) + 1))
            self.say("journal written")
        return journal_count

    @staticmethod
    def insert(session, model, rows: Iterable[dict]) -> int:
        statement = model.__table__.insert()
        count, chunk = 0, []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                session.execute(statement, chunk)
                count, chunk = count + len(chunk), []
        if chunk:
            session.execute(statement, chunk)
            count += len(chunk)
        return count

    def family_rows(self) -> Iterator[dict]:
        for f in sorted(self.families, key=lambda f: (f.created_at, f.index)):
            yield {
                "id": f.id, "reference": f.reference, "name": f.name, "address_line1": f.address_line1,
                "address_line2": "", "postal_code": f.postal_code, "city": f.city, "phone": f.phone,
                "email": "", "caf_number": f.caf_number, "quotient": f.quotient,
                "quotient_valid_from": f.quotient_valid_from, "quotient_valid_to": f.quotient_valid_to,
                "notes": f.notes, "search_text": search_text(f), "archived_at": None,
                "created_at": f.created_at, "updated_at": f.created_at,
            }

    def guardian_rows(self) -> Iterator[dict]:
        for f in self.families:
            for position, (first, last, relation, payer, mobile, work, email) in enumerate(f.guardians):
                yield {"id": self.new_id(), "family_id": f.id, "position": position, "first_name": first,
                       "last_name": last, "relationship_label": relation, "is_payer": payer,
                       "phone_mobile": mobile, "phone_work": work, "email": email}

    def child_rows(self) -> Iterator[dict]:
        for f in self.families:
            for c in f.children:
                yield {"id": c.id, "family_id": f.id, "first_name": c.first_name, "last_name": c.last_name,
                       "birth_date": c.birth_date, "sex": c.sex, "school": c.school,
                       "health_notes": c.health_notes, "allergies": c.allergies,
                       "photo_allowed": c.photo_allowed, "may_leave_alone": c.may_leave_alone}

    def pickup_rows(self) -> Iterator[dict]:
        for f in self.families:
            for c in f.children:
                for position, (name, relation, phone) in enumerate(c.pickups):
                    yield {"id": self.new_id(), "child_id": c.id, "position": position, "full_name": name,
                           "relationship_label": relation, "phone": phone}

    def enrollment_rows(self) -> Iterator[dict]:
        counter_ids = [c.id for c in self.counters]
        for e in self.enrollments:
            yield {"id": e.id, "child_id": e.child.id, "group_id": e.group.id, "offer_id": e.group.offer.id,
                   "status": e.status, "price_cents": e.price_cents, "hold_expires_at": e.hold_expires_at,
                   "cancel_reason": e.cancel_reason, "created_at": e.created_at, "updated_at": e.updated_at,
                   "agent_id": e.agent_id, "counter_id": counter_ids[e.counter]}

    def invoice_rows(self) -> Iterator[dict]:
        counter_ids = [c.id for c in self.counters]
        for i in self.invoices:
            yield {"id": i.id, "number": i.number, "counter_id": counter_ids[i.counter], "family_id": i.family.id,
                   "agent_id": i.agent_id, "issued_at": i.issued_at,
                   "issue_date": i.issued_at.astimezone(PARIS).date(), "total_cents": i.total_cents,
                   "debt_reference": i.debt_reference, "checkout_id": i.checkout_id}

    def invoice_line_rows(self) -> Iterator[dict]:
        for i in self.invoices:
            for position, (line_id, e) in enumerate(zip(i.line_ids, i.lines, strict=True)):
                yield {"id": line_id, "invoice_id": i.id, "enrollment_id": e.id, "position": position,
                       "label": e.group.offer.line_label(),
                       "child_name": f"{e.child.first_name} {e.child.last_name}", "quantity": 1,
                       "unit_price_cents": e.price_cents, "amount_cents": e.price_cents}

    def credit_note_rows(self) -> Iterator[dict]:
        counter_ids = [c.id for c in self.counters]
        for n in self.credit_notes:
            yield {"id": n.id, "number": n.number, "counter_id": counter_ids[n.counter], "invoice_id": n.invoice.id,
                   "family_id": n.invoice.family.id, "agent_id": n.agent_id, "issued_at": n.issued_at,
                   "issue_date": n.issued_at.astimezone(PARIS).date(), "total_cents": n.total_cents,
                   "reason": n.reason}

    def credit_note_line_rows(self) -> Iterator[dict]:
        for n in self.credit_notes:
            e = n.enrollment
            yield {"id": self.new_id(), "credit_note_id": n.id, "invoice_line_id": n.line_id, "position": 0,
                   "label": e.group.offer.line_label(), "child_name": f"{e.child.first_name} {e.child.last_name}",
                   "quantity": 1, "unit_price_cents": e.price_cents, "amount_cents": e.price_cents}

    def attempt_rows(self) -> Iterator[dict]:
        counter_ids = [c.id for c in self.counters]
        order = {id(a): n for n, a in enumerate(self.attempts)}
        for a in sorted(self.attempts, key=lambda a: (a.created_at, order[id(a)])):
            yield {"id": a.id, "family_id": a.family.id, "lines_key": a.key, "lines": a.lines,
                   "lines_kind": a.lines_kind, "kind": a.kind, "amount_cents": a.amount_cents, "state": a.state,
                   "outcome": a.outcome, "reason_code": a.reason_code, "message": a.message,
                   "masked_pan": a.masked_pan, "authorisation": a.authorisation, "merchant_contract": a.contract,
                   "transaction_number": a.transaction, "card_application": a.application,
                   "created_at": a.created_at, "sent_at": a.sent_at, "finished_at": a.finished_at,
                   "retry_blocked_until": a.retry_blocked_until, "settled_at": a.settled_at,
                   "settled_by_id": a.settled_by, "settlement_note": a.settlement_note,
                   "agent_id": a.agent_id, "counter_id": counter_ids[a.counter],
                   "payment_id": a.payment.id if a.payment is not None else None, "simulated": False,
                   "credit_note_id": a.credit_note.id if a.credit_note is not None else None}

    def sorted_sessions(self) -> list[SessionRec]:
        return sorted(self.sessions.values(), key=lambda x: (x.day, x.counter))

    def session_rows(self) -> Iterator[dict]:
        counter_ids = [c.id for c in self.counters]
        for x in self.sorted_sessions():
            counted = self.session_totals(x)
            gap = counted[PaymentMode.CASH][0] != counted[PaymentMode.CASH][1]
            yield {"id": x.id, "counter_id": counter_ids[x.counter], "opened_by_id": x.agent_id,
                   "opened_at": x.opened_at, "opening_float_cents": x.float_cents, "closed_by_id": x.agent_id,
                   "closed_at": x.closed_at,
                   "closing_note": "Écart de caisse constaté au comptage" if gap else ""}

    def session_totals(self, x: SessionRec) -> dict[str, tuple[int, int, int]]:
        """Per mode: (expected, counted, number of payments). Cash includes the opening float;
        one till in fifty is a little off when counted (deterministic from the session id)."""
        totals: dict[str, list[int]] = {PaymentMode.CASH: [x.float_cents, 0]}
        for p in x.payments:
            entry = totals.setdefault(p.mode, [0, 0])
            entry[0] += p.amount_cents
            entry[1] += 1
        result = {}
        for mode, (expected, count) in totals.items():
            counted = expected
            if mode == PaymentMode.CASH and x.id.int % 50 == 0:
                counted -= 10 * (1 + x.id.int % 30)
            result[mode] = (expected, counted, count)
        return result

    def session_count_rows(self) -> Iterator[dict]:
        for x in self.sorted_sessions():
            for mode, (expected, counted, count) in self.session_totals(x).items():
                yield {"id": self.new_id(), "cash_session_id": x.id, "mode": mode, "expected_cents": expected,
                       "counted_cents": counted, "expected_count": count}

    def payment_rows(self) -> Iterator[dict]:
        counter_ids = [c.id for c in self.counters]
        for p in self.payments:
            yield {"id": p.id, "family_id": p.family.id, "cash_session_id": p.session.id,
                   "counter_id": counter_ids[p.session.counter], "agent_id": p.agent_id or p.session.agent_id,
                   "received_at": p.received_at, "mode": p.mode, "amount_cents": p.amount_cents,
                   "receipt_number": p.receipt_number, "tendered_cents": p.tendered_cents,
                   "change_cents": p.change_cents, "cheque_number": p.cheque_number,
                   "cheque_bank": p.cheque_bank, "cheque_drawer": p.cheque_drawer,
                   "card_masked_pan": p.card_masked_pan, "card_authorisation": p.card_authorisation,
                   "card_contract": p.attempt.contract if p.attempt is not None else "",
                   "card_transaction": p.card_transaction, "card_application": p.card_application,
                   "refund_of_id": None, "request_id": p.request_id}

    def allocation_rows(self) -> Iterator[dict]:
        for p in self.payments:
            yield {"id": self.new_id(), "payment_id": p.id, "invoice_id": p.invoice.id, "amount_cents": p.amount_cents}

    def journal_rows(self) -> Iterator[dict]:
        """The journal in the order things happened: one "created" entry per family, enrollment,
        invoice and payment received, with its state then (plain JSON; a card number masked at
        most), the card attempts' steps as ``services/card_payments`` journals them, and the
        later changes (credit notes, refunds, places offered, holds run out)."""
        counter_ids = [c.id for c in self.counters]

        def entry(at, agent_id, counter, entity, entity_id, action, changes):
            return {"id": self.new_id(), "recorded_at": at, "agent_id": agent_id,
                    "counter_id": counter_ids[counter], "entity": entity, "entity_id": entity_id,
                    "action": action, "changes": changes, "sent_at": None}

        # (moment, rank, order, kind, object): ranks and orders keep ties a pure function of the seed.
        events: list[tuple] = []
        events += [(f.created_at, 0, n, "family", f) for n, f in enumerate(self.families)]
        events += [(e.created_at, 1, n, "enrollment", e) for n, e in enumerate(self.enrollments)]
        events += [(i.issued_at, 2, n, "invoice", i) for n, i in enumerate(self.invoices)]
        events += [(p.received_at, 3, n, "payment", p) for n, p in enumerate(self.payments) if p.amount_cents > 0]
        for n, a in enumerate(self.attempts):
            if a.kind != "refund":  # a refund's request is journaled with its credit note (a later entry)
                events.append((a.created_at, 4, n, AttemptState.REQUESTED, a))
            events.append((a.sent_at, 4, n, "sent", a))
            events.append((a.finished_at, 4, n, a.answer_state, a))
            if a.settled_at is not None:
                events.append((a.settled_at, 4, n, "settled" if a.answer_state == AttemptState.IN_DOUBT
                               else "failure_confirmed", a))
        events += [(x.at, 5, n, "later", x) for n, x in enumerate(self.later)]
        events.sort(key=lambda ev: ev[:3])
        for at, _rank, _order, kind, obj in events:
            if kind == "family":
                f = obj
                yield entry(at, f.agent_id, f.counter, "family", f.id, "created", {
                    "reference": f.reference, "name": f.name, "postal_code": f.postal_code, "city": f.city,
                    "quotient": f.quotient, "guardians": [[g[0], g[1], g[3]] for g in f.guardians],
                    "children": [[str(c.id), c.first_name, c.last_name, c.birth_date.isoformat()]
                                 for c in f.children],
                })
            elif kind == "enrollment":
                e = obj
                yield entry(at, e.agent_id, e.counter, "enrollment", e.id, "created", {
                    "child_id": str(e.child.id), "group_id": str(e.group.id), "offer_id": str(e.group.offer.id),
                    "status": e.first_status, "price_cents": e.price_cents,
                    "hold_expires_at": e.first_hold.isoformat() if e.first_hold else None,
                })
            elif kind == "invoice":
                i = obj
                yield entry(at, i.agent_id, i.counter, "invoice", i.id, "created", {
                    "number": i.number, "family_id": str(i.family.id), "total_cents": i.total_cents,
                    "enrollments": [str(e.id) for e in i.lines],
                })
            elif kind == "payment":
                p = obj
                yield entry(at, p.session.agent_id, p.session.counter, "payment", p.id, "created", {
                    "receipt_number": p.receipt_number, "family_id": str(p.family.id), "mode": p.mode,
                    "amount_cents": p.amount_cents, "allocations": [[str(p.invoice.id), p.amount_cents]],
                })
            elif kind == "later":
                x = obj
                yield entry(at, x.agent_id, x.counter, x.entity, x.entity_id, x.action,
                            x.changes() if callable(x.changes) else x.changes)
            else:
                a = obj
                agent = a.settled_by if kind in ("settled", "failure_confirmed") else a.agent_id
                yield entry(at, agent, a.counter, "card_attempt", a.id, kind, self.attempt_changes(a, kind))

    @staticmethod
    def attempt_changes(a: CardAttemptRec, step: str) -> dict:
        """What ``card_payments._journal`` writes at each step: the attempt as it stood then."""
        if step in (AttemptState.REQUESTED, "sent"):
            state, outcome, pan, authorisation, blocked = step, "", "", "", None
        elif step == a.answer_state and step != a.state:  # answered, settled later
            state, outcome, pan, authorisation, blocked = step, a.outcome, "", "", None
        elif step == AttemptState.FAILED and a.settlement_note.startswith("Ticket"):  # block lifted later
            state, outcome, pan, authorisation = step, a.outcome, a.masked_pan, a.authorisation
            blocked = a.finished_at + RETRY_BLOCK
        else:
            state, outcome, pan, authorisation, blocked = a.state, a.outcome, a.masked_pan, a.authorisation, \
                a.retry_blocked_until
        return {"state": state, "amount_cents": a.amount_cents, "kind": a.kind, "outcome": outcome,
                "masked_pan": pan, "authorisation": authorisation,
                "retry_blocked_until": blocked.isoformat() if blocked else None}

    # --- 7. the whole run ------------------------------------------------------------------------
    def run(self) -> DatasetSummary:
        self.setup()
        self.make_families()
        visits = self.plan_visits()
        self.simulate(visits)
        used = self.number()
        journal = self.write(used)
        with self.db.session() as s:
            s.add(Setting(key=INFO_KEY, value={"families": self.family_count, "seed": self.seed,
                                               "generated_for": NOW.isoformat()}))
            # Written last: a file without it is an interrupted build.
            s.add(Setting(key=VERSION_KEY, value=DATASET_VERSION))
        # Planner statistics of the full tables (the application's first opening would take them).
        refresh_planner_statistics(self.db.engine, schema_changed=True)
        if self.db.engine.dialect.name == "sqlite":
            with self.db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.dispose()
        statuses = Tally(e.status for e in self.enrollments)
        states = Tally("credited" if i.credited_cents == i.total_cents and i.total_cents
                       else "paid" if i.owed_cents <= 0 else "partly paid" if i.paid_cents > 0 else "unpaid"
                       for i in self.invoices)
        attention = sum(1 for a in self.attempts if a.state == AttemptState.IN_DOUBT
                        or (a.state == AttemptState.ACCEPTED and a.payment is None))
        summary = DatasetSummary(
            url=self.url, seed=self.seed, families=len(self.families),
            guardians=sum(len(f.guardians) for f in self.families),
            children=sum(len(f.children) for f in self.families),
            seasons=len(self.seasons), offers=sum(len(s) for s in self.seasons), groups=self.group_count,
            enrollments=len(self.enrollments), enrollments_by_status=dict(sorted(statuses.items())),
            invoices=len(self.invoices), invoice_lines=sum(len(i.lines) for i in self.invoices),
            invoices_by_state=dict(sorted(states.items())), payments=len(self.payments),
            payments_by_mode=dict(sorted(Tally(p.mode for p in self.payments).items())),
            cash_sessions=len(self.sessions), journal_entries=journal,
            seconds=time.perf_counter() - self.started,
            credit_notes=len(self.credit_notes), invoices_credited=len({id(n.invoice) for n in self.credit_notes}),
            refunds_by_mode=dict(sorted(Tally(n.refund_mode for n in self.credit_notes if n.refund_cents).items())),
            card_attempts=len(self.attempts),
            card_attempts_by_state=dict(sorted(Tally(a.state for a in self.attempts).items())),
            attempts_needing_attention=attention,
        )
        self.say(f"done: {summary.describe()}")
        return summary


def generate(url: str, *, families: int = DEFAULT_FAMILIES, seed: int = DEFAULT_SEED,
             progress: Callable[[str], object] = print) -> DatasetSummary:
    """Build the dataset into the empty database at ``url`` (migrated here first)."""
    return _Generator(url, families, seed, progress).run()


def _stored_marker(path: Path) -> tuple[object, object]:
    """(version, info) stored in an existing dataset file, or (None, None). Read with plain
    sqlite3, read-only: a file that is not a dataset must not be migrated or touched."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None, None
    try:
        rows = dict(connection.execute("SELECT key, value FROM settings WHERE key IN (?, ?)",
                                       (VERSION_KEY, INFO_KEY)).fetchall())
    except sqlite3.Error:
        return None, None
    finally:
        connection.close()

    def load(raw):
        # SQLite gives a JSON column's scalars back already typed (NUMERIC affinity).
        return json.loads(raw) if isinstance(raw, (str, bytes)) else raw

    return load(rows.get(VERSION_KEY)), load(rows.get(INFO_KEY))


def dataset_path(families: int) -> Path:
    """Where the dataset of ``families`` families lives: bench/data/ems-50k.sqlite3 and the like."""
    return DATA / f"ems-{size_label(families)}.sqlite3"


DEFAULT_PATH = dataset_path(DEFAULT_FAMILIES)


@contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """One build of a dataset file at a time: a second process asking for it waits, then finds
    it built (benchmarks run in parallel share the file). POSIX only; elsewhere, no waiting."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_dataset(path: Path | None = None, *, families: int | None = None, force: bool = False,
                   progress: Callable[[str], object] = print) -> Path:
    """The dataset file of ``families`` families (default: ``EMS_BENCH_FAMILIES``, else 50,000; at
    ``dataset_path(families)`` unless ``path`` is given), built first if missing, from another
    generator version, of another size, or when ``force``d (and its schema brought to the latest
    migration).

    It is built under a temporary name and renamed over the file only when complete: a process
    using the previous file keeps reading it until it closes it, and an interrupted build never
    leaves a file that looks finished.
    """
    families = dataset_families() if families is None else families
    path = Path(path) if path is not None else dataset_path(families)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(path):
        if path.exists() and not force:
            version, info = _stored_marker(path)
            if version == DATASET_VERSION and isinstance(info, dict) and info.get("families") == families:
                # A newer schema (a migration added since the build) is applied in place, as the
                # application would at start-up: the data stays valid, no rebuild needed.
                open_database(f"sqlite:///{path}").dispose()
                return path
            progress(f"{path.name}: dataset version {version!r} / {info!r} is stale, rebuilding")
        building = path.with_name(path.name + ".building")
        for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            leftover.unlink(missing_ok=True)
        generate(f"sqlite:///{building}", families=families, progress=progress)
        # The new file is checkpointed (no -wal of its own). The old file's -wal and -shm go with
        # it: a process still reading the old file keeps its open handles, and the new file must
        # never be opened with the old one's log.
        for stale in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        os.replace(building, path)
        return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dataset", description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=None,
                        help=f"number of families (default: ${FAMILIES_VARIABLE}, else {DEFAULT_FAMILIES})")
    parser.add_argument("--out", type=Path, default=None, help="SQLite file (default bench/data/ems-<size>.sqlite3)")
    parser.add_argument("--force", action="store_true", help="rebuild even if the file is up to date")
    arguments = parser.parse_args(argv)
    families = arguments.families if arguments.families is not None else dataset_families()
    started = time.perf_counter()
    path = ensure_dataset(arguments.out, families=families, force=arguments.force)
    size = path.stat().st_size / 1e6
    print(f"{path}: {size:.0f} MB, ready in {time.perf_counter() - started:.1f} s")
    print(f"open it with: python -m ems_desktop --database sqlite:///{path}  (login {DEMO_LOGIN} / {DEMO_PASSWORD})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
