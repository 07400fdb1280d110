"""The catalog (seasons, offers, groups) comes from data files an administrator can import.

File format (CSV, ``;``-separated, UTF-8, one line per group — a spreadsheet saves it as is):
``saison;zone;code_dispositif;dispositif;libelle_facture;type;debut;fin;groupe;activite;
age_min;age_max;regle_age;places;jour;heure_debut;heure_fin;lieu;tarif;tarifs_qf``

- ``type``: trimestre, stage or sortie; ``regle_age``: ``age`` (whole years on the offer's first
  day, the default) or ``annee`` (age reached during the year: by birth year);
- ``tarifs_qf`` (optional): quotient-familial bands ``0-700:25,00|701-1200:32,00|1201-:40,00``.

A file is checked whole before anything is written: one problem refuses it, naming line and field.
Importing a file again updates the groups it names (by offer code and group label) and adds the new
ones; nothing is deleted. Against what is stored, a file is refused too when it would:

- give a group fewer places than it has taken (confirmed enrollments, and pending ones whose hold
  still runs: those are promised and paid without counting again) — children would be over the
  capacity with no one told;
- change a season's holiday zone: that moves every session of the season, already sold and shown
  to families. The zone is changed on purpose in Fichier › Paramètres (where it is saved for every
  counter); a file that disagrees is a mistake or an old file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ems_desktop.dates import parse_date
from ems_desktop.models import ActivityGroup, AgeRule, Offer, OfferKind, PriceBand, Season
from ems_desktop.money import AmountError, parse_amount
from ems_desktop.rules.pricing import Band, bands_problem
from ems_desktop.services import permissions
from ems_desktop.services.central import require_central_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import CatalogFileError

COLUMNS = [
    "saison", "zone", "code_dispositif", "dispositif", "libelle_facture", "type", "debut", "fin",
    "groupe", "activite", "age_min", "age_max", "regle_age", "places", "jour", "heure_debut",
    "heure_fin", "lieu", "tarif", "tarifs_qf",
]
V = TypeVar("V")  # the value a choice column stands for
OPTIONAL = {"regle_age", "lieu", "tarifs_qf", "libelle_facture", "activite"}
KINDS = {"trimestre": OfferKind.TRIMESTER, "stage": OfferKind.STAGE, "sortie": OfferKind.OUTING}
AGE_RULES = {"": AgeRule.AGE_AT_START, "age": AgeRule.AGE_AT_START, "annee": AgeRule.BIRTH_YEAR,
             "année": AgeRule.BIRTH_YEAR}
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}


@dataclass
class GroupRow:
    line: int
    label: str
    activity: str
    age_min: int
    age_max: int
    age_rule: str
    capacity: int
    weekday: int
    start_time: dt.time
    end_time: dt.time
    place: str
    price_cents: int
    bands: list[Band]


@dataclass
class OfferRow:
    line: int
    season: str
    zone: str
    code: str
    label: str
    invoice_label: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    groups: list[GroupRow] = field(default_factory=list)


@dataclass(frozen=True)
class ImportSummary:
    seasons: tuple[str, ...]
    offers_created: int
    groups_created: int
    groups_updated: int


class _LineChecker:
    """Reads one line's fields, collecting every problem instead of stopping at the first."""

    def __init__(self, line: int, values: dict[str, str], problems: list[tuple[int, str, str]]):
        self.line, self.values, self.problems = line, values, problems

    def fail(self, column: str, message: str) -> None:
        self.problems.append((self.line, column, message))

    def text(self, column: str) -> str:
        value = (self.values.get(column) or "").strip()
        if not value and column not in OPTIONAL:
            self.fail(column, "valeur obligatoire manquante")
        return value

    def integer(self, column: str, minimum: int = 0) -> int:
        raw = self.text(column)
        if not raw:
            return 0
        try:
            value = int(raw)
        except ValueError:
            self.fail(column, f"« {raw} » n'est pas un nombre entier")
            return 0
        if value < minimum:
            self.fail(column, f"{value} est trop petit (minimum {minimum})")
        return value

    def date(self, column: str) -> dt.date | None:
        raw = self.text(column)
        if not raw:
            return None
        try:
            return parse_date(raw)
        except ValueError:
            self.fail(column, f"« {raw} » n'est pas une date jj/mm/aaaa")
            return None

    def time(self, column: str) -> dt.time | None:
        raw = self.text(column)
        if not raw:
            return None
        try:
            return dt.datetime.strptime(raw.replace("h", ":"), "%H:%M").time()
        except ValueError:
            self.fail(column, f"« {raw} » n'est pas une heure hh:mm")
            return None

    def amount(self, column: str) -> int:
        raw = self.text(column)
        if not raw:
            return 0
        try:
            cents = parse_amount(raw)
        except AmountError as exc:
            self.fail(column, str(exc))
            return 0
        if cents < 0:
            self.fail(column, "un tarif ne peut pas être négatif")
        return cents

    def choice(self, column: str, choices: Mapping[str, V]) -> V:
        raw = self.text(column).lower()
        if raw not in choices:
            if raw or column not in OPTIONAL:
                allowed = ", ".join(k for k in choices if k)
                self.fail(column, f"« {raw} » n'est pas une valeur permise ({allowed})")
            return next(iter(choices.values()))
        return choices[raw]

    def bands(self, column: str) -> list[Band]:
        raw = self.text(column)
        if not raw:
            return []
        bands = []
        for part in raw.split("|"):
            try:
                span, price = part.split(":")
                low, high = span.split("-")
                bands.append(Band(int(low), int(high) if high.strip() else None, parse_amount(price)))
            except (ValueError, AmountError):
                self.fail(column, f"« {part} » n'est pas une tranche « min-max:tarif » (ex. 0-700:25,00)")
                return []
        problem = bands_problem(bands)
        if problem:
            self.fail(column, problem)
        return bands


def parse_catalog(text: str) -> list[OfferRow]:
    """Check a whole catalog file; raise CatalogFileError listing every problem."""
    problems: list[tuple[int, str, str]] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CatalogFileError([(1, c, "colonne absente de l'en-tête") for c in missing])

    offers: dict[tuple[str, str], OfferRow] = {}
    for values in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in values.values() if isinstance(v, str)):
            continue
        if None in values:
            problems.append((line, "—", "trop de champs sur la ligne (un « ; » de trop ?)"))
            continue
        check = _LineChecker(line, values, problems)
        season = check.text("saison")
        if season and not _season_label_ok(season):
            check.fail("saison", f"« {season} » n'est pas une saison aaaa/aaaa (ex. 2017/2018)")
        zone = check.text("zone").upper()
        if zone and zone not in ("A", "B", "C"):
            check.fail("zone", f"« {zone} » n'est pas une zone de vacances scolaires (A, B ou C)")
        code = check.text("code_dispositif")
        label = check.text("dispositif")
        kind = check.choice("type", KINDS)
        starts_on, ends_on = check.date("debut"), check.date("fin")
        if starts_on and ends_on and ends_on < starts_on:
            check.fail("fin", "la fin précède le début")
        group_label = check.text("groupe")
        age_min, age_max = check.integer("age_min"), check.integer("age_max")
        if age_max < age_min:
            check.fail("age_max", f"l'âge maximum ({age_max}) est inférieur à l'âge minimum ({age_min})")
        if age_max > 18:
            check.fail("age_max", "l'École Municipale des Sports accueille des mineurs (18 ans au plus)")
        age_rule = check.choice("regle_age", AGE_RULES)
        capacity = check.integer("places", minimum=1)
        weekday = check.choice("jour", WEEKDAYS)
        start_time, end_time = check.time("heure_debut"), check.time("heure_fin")
        if start_time and end_time and end_time <= start_time:
            check.fail("heure_fin", "l'heure de fin doit suivre l'heure de début")
        if kind == OfferKind.OUTING and starts_on and starts_on.weekday() != weekday:
            check.fail("jour", f"le {starts_on:%d/%m/%Y} n'est pas un {check.values.get('jour')}")
        price = check.amount("tarif")
        bands = check.bands("tarifs_qf")
        if problems and problems[-1][0] == line:
            continue
        # Required columns: one missing or unreadable made a problem on this line.
        assert starts_on is not None and ends_on is not None and start_time is not None and end_time is not None

        key = (season, code)
        offer = offers.get(key)
        if offer is None:
            offer = offers[key] = OfferRow(
                line, season, zone, code, label, check.text("libelle_facture") or label, kind,
                starts_on, ends_on,
            )
        elif (offer.label, offer.kind, offer.starts_on, offer.ends_on) != (label, kind, starts_on, ends_on):
            check.fail("code_dispositif", f"le dispositif {code} est décrit autrement à la ligne {offer.line}")
            continue
        if any(g.label == group_label for g in offer.groups):
            check.fail("groupe", f"le groupe « {group_label} » figure deux fois dans {label}")
            continue
        offer.groups.append(
            GroupRow(line, group_label, check.text("activite") or group_label, age_min, age_max,
                     age_rule, capacity, weekday, start_time, end_time, check.text("lieu"), price, bands)
        )
    zones: dict[str, str] = {}
    for offer in offers.values():
        if zones.setdefault(offer.season, offer.zone) != offer.zone:
            problems.append((offer.line, "zone", f"la saison {offer.season} a deux zones différentes"))
    if problems:
        raise CatalogFileError(sorted(problems))
    if not offers:
        raise CatalogFileError([(2, "—", "le fichier ne contient aucun groupe")])
    return list(offers.values())


def _season_label_ok(label: str) -> bool:
    parts = label.split("/")
    return len(parts) == 2 and all(p.isdigit() and len(p) == 4 for p in parts) and int(parts[1]) == int(parts[0]) + 1


def import_catalog_file(ctx: ServiceContext, path: Path) -> ImportSummary:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CatalogFileError([(1, "—", "le fichier n'est pas en UTF-8 (enregistrez-le en « CSV UTF-8 »)")]) from None
    return import_catalog(ctx, text)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _conflicts_with_stored(s: Session, now: dt.datetime, offers: list[OfferRow]) -> list[tuple[int, str, str]]:
    """What the file would change that must not change on a re-import: a season's zone, a group's
    places below those taken. (line, field, message) problems, like the file's own."""
    from ems_desktop.services.enrollment import availability

    problems: list[tuple[int, str, str]] = []
    stored_zones = dict(s.execute(select(Season.label, Season.holiday_zone)
                                  .where(Season.label.in_({row.season for row in offers}))).all())
    reported: set[str] = set()
    for row in offers:
        stored = stored_zones.get(row.season)
        if stored is not None and stored != row.zone and row.season not in reported:
            reported.add(row.season)
            problems.append((row.line, "zone", (
                f"la saison {row.season} est en zone {stored} ; ce fichier la met en zone {row.zone}. Un import "
                "ne change pas la zone d'une saison (toutes ses séances changeraient de date) : corrigez la "
                "colonne « zone », ou changez d'abord la zone dans Fichier › Paramètres")))
    if not stored_zones:
        return problems  # new seasons only: nothing stored to contradict
    wanted = {(row.season, row.code, g.label): (row, g) for row in offers for g in row.groups}
    # The stored groups the file names, locked (FOR UPDATE on PostgreSQL; SQLite's write lock is
    # held already) so that no enrollment takes a place between this count and the new capacity.
    stored_groups = s.execute(
        select(ActivityGroup.id, ActivityGroup.capacity, Season.label, Offer.code, ActivityGroup.label)
        .join(Offer, Offer.id == ActivityGroup.offer_id).join(Season, Season.id == Offer.season_id)
        .where(Season.label.in_(list(stored_zones))).with_for_update(of=ActivityGroup)).all()
    lowered = {}  # group id -> (offer row, group row) of the groups the file gives fewer places
    for gid, capacity, season_label, code, label in stored_groups:
        found = wanted.get((season_label, code, label))
        if found is not None and found[1].capacity < capacity:
            lowered[gid] = found
    if not lowered:
        return problems
    for gid, places in availability(s, now, group_ids=list(lowered)).items():
        row, g = lowered[gid]
        taken = places.confirmed + places.held
        if g.capacity >= taken:
            continue
        counted = _count(places.confirmed, "inscription confirmée", "inscriptions confirmées")
        if places.held:
            counted += " et " + _count(places.held, "place réservée en attente de paiement",
                                       "places réservées en attente de paiement")
        problems.append((g.line, "places", (
            f"le groupe « {g.label} » ({row.label}) compte {counted} : "
            f"{_count(g.capacity, 'place ne suffit', 'places ne suffisent')} pas (il en faut au moins {taken}). "
            "Un import n'annule aucune inscription : annulez d'abord celles en trop, ou gardez assez de places")))
    return sorted(problems)


def import_catalog(ctx: ServiceContext, text: str) -> ImportSummary:
    require_central_database(ctx, "Importer un catalogue")
    offers = parse_catalog(text)
    created_offers = created_groups = updated_groups = 0
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what="L'import d'un catalogue")
        problems = _conflicts_with_stored(s, uow.now, offers)
        if problems:
            raise CatalogFileError(problems)  # nothing written yet; the transaction is rolled back
        seasons: dict[str, Season] = {}
        for row in offers:
            season = seasons.get(row.season) or s.scalar(select(Season).where(Season.label == row.season))
            first_year = int(row.season[:4])
            if season is None:
                season = Season(label=row.season, holiday_zone=row.zone,
                                starts_on=dt.date(first_year, 9, 1), ends_on=dt.date(first_year + 1, 8, 31))
                s.add(season)
                s.flush()
                uow.record("season", season.id, "created", {"label": season.label, "zone": season.holiday_zone})
            seasons[row.season] = season
            season.starts_on = min(season.starts_on, row.starts_on)
            season.ends_on = max(season.ends_on, row.ends_on)
            offer = s.scalar(select(Offer).where(Offer.season_id == season.id, Offer.code == row.code))
            if offer is None:
                # Offers keep the order of the file (the grid's columns follow it).
                position = s.scalar(select(func.count()).select_from(Offer).where(Offer.season_id == season.id))
                offer = Offer(season_id=season.id, code=row.code, position=position, label=row.label,
                              invoice_label=row.invoice_label, kind=row.kind,
                              starts_on=row.starts_on, ends_on=row.ends_on)
                s.add(offer)
                s.flush()
                created_offers += 1
            else:
                offer.label, offer.invoice_label, offer.kind = row.label, row.invoice_label, row.kind
                offer.starts_on, offer.ends_on = row.starts_on, row.ends_on
            uow.record("offer", offer.id, "imported", {
                "season": season.label, "code": offer.code, "label": offer.label, "kind": offer.kind,
                "starts_on": offer.starts_on, "ends_on": offer.ends_on,
            })
            existing = {g.label: g for g in offer.groups}
            for position, g in enumerate(row.groups):
                group = existing.get(g.label)
                if group is None:
                    group = ActivityGroup(offer_id=offer.id, label=g.label)
                    offer.groups.append(group)
                    created_groups += 1
                else:
                    updated_groups += 1
                group.activity, group.age_min, group.age_max = g.activity, g.age_min, g.age_max
                group.age_rule, group.capacity, group.weekday = g.age_rule, g.capacity, g.weekday
                group.start_time, group.end_time = g.start_time, g.end_time
                group.place, group.price_cents, group.position = g.place, g.price_cents, position
                group.price_bands = [PriceBand(quotient_min=b.quotient_min, quotient_max=b.quotient_max,
                                               price_cents=b.price_cents) for b in g.bands]
                s.flush()
                uow.record("group", group.id, "imported", {
                    "offer": offer.code, "label": group.label, "age_min": group.age_min,
                    "age_max": group.age_max, "age_rule": group.age_rule, "capacity": group.capacity,
                    "weekday": group.weekday, "start_time": group.start_time, "end_time": group.end_time,
                    "place": group.place, "price_cents": group.price_cents,
                    "bands": [[b.quotient_min, b.quotient_max, b.price_cents] for b in g.bands],
                })
    return ImportSummary(tuple(seasons), created_offers, created_groups, updated_groups)


# --- export ----------------------------------------------------------------------------------------------

_KIND_WORDS = {kind: word for word, kind in KINDS.items()}
_RULE_WORDS = {AgeRule.AGE_AT_START: "age", AgeRule.BIRTH_YEAR: "annee"}
_WEEKDAY_WORDS = {number: word for word, number in WEEKDAYS.items()}


def _plain_amount(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def export_season(ctx: ServiceContext, season_id: uuid.UUID) -> str:
    """A season's offers and groups in service (archived ones left out) as a catalog file, in the
    format ``import_catalog`` reads: importing it elsewhere gives the same season."""
    from sqlalchemy.orm import selectinload

    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what="L'export d'un catalogue")
        season = s.scalar(select(Season).where(Season.id == season_id).options(
            selectinload(Season.offers).selectinload(Offer.groups).selectinload(ActivityGroup.price_bands)))
        if season is None:
            from ems_desktop.services.errors import NotFound

            raise NotFound("Cette saison n'existe pas (ou plus).")
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(COLUMNS)
        for offer in season.offers:
            if offer.archived_at is not None:
                continue
            for g in offer.groups:
                if g.archived_at is not None:
                    continue
                bands = "|".join(f"{b.quotient_min}-{'' if b.quotient_max is None else b.quotient_max}:"
                                 f"{_plain_amount(b.price_cents)}" for b in g.price_bands)
                writer.writerow([
                    season.label, season.holiday_zone, offer.code, offer.label, offer.invoice_label,
                    _KIND_WORDS[offer.kind], f"{offer.starts_on:%d/%m/%Y}", f"{offer.ends_on:%d/%m/%Y}",
                    g.label, g.activity, g.age_min, g.age_max, _RULE_WORDS[g.age_rule], g.capacity,
                    _WEEKDAY_WORDS[g.weekday], f"{g.start_time:%H:%M}", f"{g.end_time:%H:%M}", g.place,
                    _plain_amount(g.price_cents), bands])
        return out.getvalue()
