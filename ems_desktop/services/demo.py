"""The demo database: both seasons' catalogs, a counter, a demo agent and about 30 families,
among them the seed's family (Lise-Roxelane Berthier, born 14/02/2009). Idempotent."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from ems_desktop.models import Setting
from ems_desktop.paths import CATALOGS, DEMO
from ems_desktop.services import agents, catalog, families
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.services.settings import DEMO_MARKER

DEMO_LOGIN = "demo"
DEMO_PASSWORD = "ems-demo"
DEMO_COUNTER_PREFIX = "A01"
_MARKER = DEMO_MARKER


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def family_input(data: dict[str, Any]) -> families.FamilyInput:
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
                                password=DEMO_PASSWORD, is_admin=True, enforce_policy=False)  # published
    acting = ctx.as_actor(Actor(agent_id=agent.id, counter_id=counter.id))
    created = [families.create_family(acting, family_input(data))
               for data in json.loads((DEMO / "families.json").read_text(encoding="utf-8"))]
    _demo_activity(acting, created[1:])  # the seed's family (first) stays untouched for its journey
    with ctx.unit_of_work() as uow:
        if uow.session.scalar(select(Setting).where(Setting.key == _MARKER)) is None:
            uow.session.add(Setting(key=_MARKER, value=True))


def _demo_mandate(ctx: ServiceContext, family: families.FamilyView, index: int) -> None:
    """A SEPA mandate signed last summer, on a made-up (valid) account."""
    from schwifty import IBAN

    from ems_desktop.services import mandates

    payer = next((g for g in family.guardians if g.is_payer), family.guardians[0])
    iban = IBAN.generate("FR", bank_code="30006", branch_code="00001", account_code=f"{52_000_000_00 + index:011d}")
    mandates.record_mandate(ctx, family.id, mandates.MandateInput(
        f"{payer.first_name} {payer.last_name}", iban.formatted, "", f"01/07/{ctx.today().year - 1}"))


def _demo_activity(ctx: ServiceContext, demo_families: list[families.FamilyView]) -> None:
    """A counter that has been working: this season's enrollments paid in a closed cash session
    (card, cash, cheque, ANCV, one partial payment, one invoice to pay later), a full group with
    its waiting list, and a newly opened session with nothing in it yet."""
    import uuid

    from sqlalchemy import select as _select

    from ems_desktop.models import ActivityGroup, Offer, Season
    from ems_desktop.services import cash, checkout, enrollment
    from ems_desktop.services.errors import DomainError

    with ctx.reading() as s:
        season_id = s.scalar(_select(Season.id).where(Season.label == "2026/2027"))
        groups = s.execute(_select(ActivityGroup.id, ActivityGroup.label, ActivityGroup.age_min, ActivityGroup.age_max,
                                   Offer.starts_on, Offer.code)
                           .join(Offer).where(Offer.season_id == season_id, Offer.kind == "trimester")
                           .order_by(Offer.position, ActivityGroup.position)).all()
    if not groups:
        return
    session = cash.open_cash_session(ctx, 15000)
    from ems_desktop.services import debit_runs  # the régie's (made-up) account, for the debit runs

    debit_runs.save_creditor(ctx, debit_runs.Creditor("", "FR12ZZZ123456", "FR7610071730000000100000010", "TRPUFRP1"))
    modes = ["cash", "card", "cheque", "ancv", "partial", "later"]
    for index, family in enumerate(demo_families[:18]):
        ids = []
        for child in family.children:
            taken = set()
            for gid, label, low, high, starts_on, code in groups:
                age = starts_on.year - child.birth_date.year - (
                    (starts_on.month, starts_on.day) < (child.birth_date.month, child.birth_date.day))
                if code in taken or not low <= age <= high or (index + len(label)) % 3:
                    continue
                try:
                    ids.append(enrollment.enroll(ctx, child.id, gid).id)
                    taken.add(code)
                except DomainError:
                    continue
        if not ids:
            continue
        recap = enrollment.pay_now_recap(ctx, family.id)
        total = sum(line.price_cents for line in recap.lines)
        mode = modes[index % len(modes)]
        tenders = {
            "cash": [checkout.Tender("cash", ((total + 999) // 1000) * 1000)],
            "card": [],  # card payments need the terminal: shown as cheques in the demo's history
            "cheque": [checkout.Tender("cheque", total, cheque_number=f"{4_512_300 + index}",
                                       cheque_bank="Crédit Agricole des Savoie")],
            "ancv": [checkout.Tender("ancv", min(total, 5000))]
                    + ([checkout.Tender("cash", total - 5000)] if total > 5000 else []),
            "partial": [checkout.Tender("cash", total // 2)],
            "later": [],
        }[mode]
        if mode == "card":
            tenders = [checkout.Tender("cheque", total, cheque_number=f"{7_800_100 + index}",
                                       cheque_bank="La Banque Postale")]
        by_debit = mode == "later"  # these families pay by direct debit: a mandate, the invoice « à prélever »
        if by_debit:
            _demo_mandate(ctx, family, index)
        checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, [line.enrollment_id for line in recap.lines],
                                      tenders, collect_by_debit=by_debit)
    # Fill the smallest group and start its waiting list.
    smallest = min(groups, key=lambda g: (g[1].find("Billard") < 0, g[0].int))
    for family in demo_families[18:]:
        for child in family.children:
            try:
                enrollment.enroll(ctx, child.id, smallest[0], waiting_list=True)
            except DomainError:
                continue
    counted = cash.current_cash_session(ctx)
    assert counted is not None  # opened above
    cash.close_cash_session(ctx, session.id, {t.mode: t.expected_cents for t in counted.totals
                                              if t.mode in ("cash", "cheque", "ancv", "card")},
                            "Journée de démonstration")
    cash.open_cash_session(ctx, 15000)
