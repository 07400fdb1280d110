"""Shared settings stored in the database (see ems_desktop.config for the registry)."""

from __future__ import annotations

import ipaddress
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ems_desktop import config
from ems_desktop.config import SHARED, SettingDef
from ems_desktop.models import Counter, Invoice, Season, Setting
from ems_desktop.services.central import require_central_database
from ems_desktop.services.errors import ValidationFailed

if TYPE_CHECKING:
    from ems_desktop.services.context import ServiceContext

T = TypeVar("T")


def read_shared(session: Session, definition: SettingDef[T]) -> T:
    assert definition.scope == SHARED, definition.key
    row = session.get(Setting, definition.key)
    return definition.coerce(row.value if row is not None else None)


def write_shared(session: Session, definition: SettingDef[T], value: object) -> None:
    assert definition.scope == SHARED, definition.key
    value = definition.coerce(value)
    row = session.get(Setting, definition.key)
    if row is None:
        session.add(Setting(key=definition.key, value=value))
    else:
        row.value = value


# The demonstration database carries this marker (written when the demo is loaded): the built-in
# terminal simulator's approvals count only there.
DEMO_MARKER = "demo.loaded"


def is_demo_database(session: Session) -> bool:
    return session.get(Setting, DEMO_MARKER) is not None


def is_demo(ctx: ServiceContext) -> bool:
    """Whether the database is the demonstration one (the simulator's approvals count there only)."""
    with ctx.reading() as s:
        return is_demo_database(s)


# --- The administrator's settings screen -------------------------------------------------------



@dataclass(frozen=True)
class SharedSettings:
    town_name: str
    town_address: str
    town_siret: str
    town_logo: str
    regie_name: str
    hold_minutes: int
    counter_name: str
    number_prefix: str
    prefix_locked: bool               # the counter has issued documents: its prefix is fixed
    season_zones: tuple[tuple[str, str], ...]  # (season label, zone)


def load_settings(ctx: ServiceContext, counter_id: uuid.UUID) -> SharedSettings:
    with ctx.reading() as s:
        counter = s.get_one(Counter, counter_id)
        issued = s.scalar(select(func.count()).select_from(Invoice).where(Invoice.counter_id == counter_id))
        return SharedSettings(
            town_name=read_shared(s, config.TOWN_NAME), town_address=read_shared(s, config.TOWN_ADDRESS),
            town_siret=read_shared(s, config.TOWN_SIRET), town_logo=read_shared(s, config.TOWN_LOGO),
            regie_name=read_shared(s, config.REGIE_NAME), hold_minutes=read_shared(s, config.HOLD_MINUTES),
            counter_name=counter.name, number_prefix=counter.number_prefix, prefix_locked=bool(issued),
            season_zones=tuple((season.label, season.holiday_zone) for season in
                               s.scalars(select(Season).order_by(Season.starts_on))),
        )


def settings_problems(data: SharedSettings) -> dict[str, str]:
    errors = {}
    if not data.town_name.strip():
        errors["town_name"] = "Le nom de la collectivité est obligatoire (il figure sur les factures)."
    if not data.regie_name.strip():
        errors["regie_name"] = "Le nom de la régie est obligatoire (il figure sur les tickets)."
    siret = re.sub(r"\s", "", data.town_siret)
    if siret and not (siret.isdigit() and len(siret) == 14):
        errors["town_siret"] = "Le SIRET compte 14 chiffres."
    if not 5 <= data.hold_minutes <= 24 * 60:
        errors["hold_minutes"] = "La réservation dure de 5 minutes à 24 heures."
    if not data.counter_name.strip():
        errors["counter_name"] = "Donnez un nom au guichet."
    prefix = data.number_prefix.strip().upper()
    if not (1 <= len(prefix) <= 6 and prefix.isalnum()):
        errors["number_prefix"] = "Le préfixe des numéros compte 1 à 6 lettres ou chiffres (ex. A01)."
    for label, zone in data.season_zones:
        if zone not in ("A", "B", "C"):
            errors[f"zone.{label}"] = "La zone de vacances scolaires est A, B ou C."
    return errors


def save_settings(ctx: ServiceContext, counter_id: uuid.UUID, data: SharedSettings) -> SharedSettings:
    require_central_database(ctx, "Modifier les paramètres partagés")
    errors = settings_problems(data)
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        s = uow.session
        from ems_desktop.services import permissions

        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what="La modification des paramètres")
        shared: tuple[tuple[SettingDef[Any], object], ...] = (
            (config.TOWN_NAME, data.town_name.strip()), (config.TOWN_ADDRESS, data.town_address.strip()),
            (config.TOWN_SIRET, data.town_siret.strip()), (config.TOWN_LOGO, data.town_logo.strip()),
            (config.REGIE_NAME, data.regie_name.strip()), (config.HOLD_MINUTES, data.hold_minutes))
        for definition, value in shared:
            write_shared(s, definition, value)
        counter = s.get_one(Counter, counter_id)
        prefix = data.number_prefix.strip().upper()
        if prefix != counter.number_prefix:
            if s.scalar(select(func.count()).select_from(Invoice).where(Invoice.counter_id == counter_id)):
                raise ValidationFailed({"number_prefix": "Ce guichet a déjà émis des factures : son préfixe ne peut "
                                                         "plus changer."})
            if s.scalar(select(Counter).where(Counter.number_prefix == prefix, Counter.id != counter_id)):
                raise ValidationFailed({"number_prefix": f"Le préfixe {prefix} est déjà pris par un autre guichet."})
        counter.name, counter.number_prefix = data.counter_name.strip(), prefix
        for label, zone in data.season_zones:
            season = s.scalar(select(Season).where(Season.label == label))
            if season is not None:
                season.holiday_zone = zone
        uow.record("settings", counter_id, "updated", {
            "town_name": data.town_name, "regie_name": data.regie_name, "hold_minutes": data.hold_minutes,
            "counter_name": counter.name, "number_prefix": prefix,
            "season_zones": [list(z) for z in data.season_zones],
        })
    return load_settings(ctx, counter_id)


def local_problems(terminal_host: str, terminal_port: str, receipt_printer: str) -> dict[str, str]:
    errors = {}
    host = terminal_host.strip()
    if host:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if not re.fullmatch(r"[A-Za-z0-9.-]+", host):
                errors["terminal_host"] = "Adresse du TPE invalide (ex. 192.168.1.50)."
    if not terminal_port.strip().isdigit() or not 1 <= int(terminal_port) <= 65535:
        errors["terminal_port"] = "Le port est un nombre de 1 à 65535 (8888 d'habitude)."
    printer = receipt_printer.strip()
    if printer and not re.fullmatch(r"(tcp://[A-Za-z0-9.-]+(:\d{1,5})?|usb:[0-9a-fA-F]{4}:[0-9a-fA-F]{4})", printer):
        errors["receipt_printer"] = "Imprimante : tcp://adresse:9100 ou usb:04b8:0202 (vide : aucune)."
    return errors
