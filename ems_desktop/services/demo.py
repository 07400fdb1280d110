"""The demo database: both seasons' catalogs, a counter, a demo agent and about 30 families,
among them the seed's family (Lise-Roxelane Berthier, born 14/02/2009). Idempotent."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from ems_desktop.models import Setting
from ems_desktop.paths import CATALOGS, DEMO
from ems_desktop.services import agents, catalog, families
from ems_desktop.services.context import Actor, ServiceContext

DEMO_LOGIN = "demo"
DEMO_PASSWORD = "ems-demo"
DEMO_COUNTER_PREFIX = "A01"
_MARKER = "demo.loaded"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def family_input(data: dict) -> families.FamilyInput:
    return families.FamilyInput(
        name=data["name"],
        guardians=tuple(families.GuardianInput(**g) for g in data["guardians"]),
        children=tuple(
            families.ChildInput(**{**c, "birth_date": _date(c["birth_date"]),
                                   "pickups": tuple(families.PickupInput(**p) for p in c.get("pickups", []))})
            for c in data["children"]
        ),
        address_line1=data.get("address_line1", ""), postal_code=data.get("postal_code", ""),
        city=data.get("city", ""), phone=data.get("phone", ""), email=data.get("email", ""),
        caf_number=data.get("caf_number", ""), quotient=data.get("quotient"),
        quotient_valid_from=_date(data.get("quotient_valid_from")),
        quotient_valid_to=_date(data.get("quotient_valid_to")), notes=data.get("notes", ""),
    )


def ensure_demo(ctx: ServiceContext) -> None:
    with ctx.reading() as s:
        if s.get(Setting, _MARKER) is not None:
            return
    for path in sorted(CATALOGS.glob("*.csv")):
        catalog.import_catalog_file(ctx, path)
    counter = agents.create_counter(ctx, code="HDV", name="Accueil Hôtel de Ville", number_prefix=DEMO_COUNTER_PREFIX)
    agent = agents.create_agent(ctx, login=DEMO_LOGIN, display_name="Agent de démonstration",
                                password=DEMO_PASSWORD, is_admin=True)
    acting = ctx.as_actor(Actor(agent_id=agent.id, counter_id=counter.id))
    for data in json.loads((DEMO / "families.json").read_text(encoding="utf-8")):
        families.create_family(acting, family_input(data))
    with ctx.unit_of_work() as uow:
        if uow.session.scalar(select(Setting).where(Setting.key == _MARKER)) is None:
            uow.session.add(Setting(key=_MARKER, value=True))
