"""Builders of data and small helpers shared by the tests and the benchmarks.

No pytest here (the benchmarks import this module): fixtures live in the conftest files, and no
test module imports from another one (``tests/test_architecture.py`` checks it)."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from typing import Any

from sqlalchemy import select, text

from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.models import ActivityGroup, Enrollment, EnrollmentStatus, Invoice, InvoiceLine, Offer
from ems_desktop.paths import CATALOGS
from ems_desktop.services import agents, card_payments as cp, catalog, families, mail_settings
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.terminal.client import Outcome
from ems_desktop.terminal.fake import FakeTerminal

# The seed's three groups for Lise-Roxelane (1er, 2ème, 3ème trimestre 2017/2018).
SEED_GROUPS = (("EMS-2017-T1", "7/11 ans VTT ou initiation bowling"), ("EMS-2017-T2", "7/10 ans Tir à l'arc"),
               ("EMS-2017-T3", "9/11 ans Roller"))


def make_family(ctx: ServiceContext, name: str = "Berthier", children=(("Lise-Roxelane", dt.date(2009, 2, 14)),),
                quotient: int | None = None, **extra) -> families.FamilyView:
    return families.create_family(ctx, families.FamilyInput(
        name=name,
        guardians=(families.GuardianInput("Claire", name, is_payer=True, phone_mobile="06 12 34 56 78"),),
        children=tuple(families.ChildInput(first, name, birth) for first, birth in children),
        quotient=quotient, **extra,
    ))


def catalog_and_berthiers(ctx: ServiceContext, *more_children: families.ChildInput) -> families.FamilyView:
    """The 2017/2018 catalog and the Berthiers: Claire the payer, Lise-Roxelane (born 14/02/2009),
    then ``more_children``."""
    catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv")
    return families.create_family(ctx, families.FamilyInput(
        name="Berthier", guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", dt.date(2009, 2, 14)), *more_children)))


def first_run_database(migrated_template, path) -> tuple[ServiceContext, Any, Any]:
    """A copy of the migrated template at ``path``, its first run done: Claire Martin (c.martin,
    Velo-rouge-73) at the Accueil Hôtel de Ville (A01). Gives its context, the agent and the counter."""
    shutil.copy(migrated_template, path)
    base = ServiceContext(Database(sqlite_url(path)))
    agent, counter = agents.first_run(base, counter_name="Accueil Hôtel de Ville", number_prefix="A01",
                                      display_name="Claire Martin", login="c.martin", password="Velo-rouge-73",
                                      confirmation="Velo-rouge-73")
    return base, agent, counter


def group_id(ctx: ServiceContext, offer_code: str, label: str):
    with ctx.reading() as s:
        return s.scalar(select(ActivityGroup.id).join(Offer)
                        .where(Offer.code == offer_code, ActivityGroup.label == label))


def ticket_time_of(ctx, attempt_id) -> str:
    """The time the terminal prints on its ticket: that of the request (Paris), hh:mm."""
    from ems_desktop.dates import to_local
    from ems_desktop.services import card_payments

    attempt = card_payments.get_attempt(ctx, attempt_id)
    return f"{to_local(attempt.sent_at or attempt.created_at):%H:%M}"


# Tests whose processes must agree on the time (holds expire in real minutes) run on real time moved
# back to the seed's day, so the 2017/2018 catalog's trimesters are still open (a finished
# trimester takes no enrollment). The shift is whole days, computed once and handed to the child
# processes through the environment so every process reads the same clock.
SHIFT_ENV = "EMS_TESTS_CLOCK_SHIFT_DAYS"


def seed_day_shift() -> dt.timedelta:
    import datetime as dt
    import os

    if SHIFT_ENV not in os.environ:
        os.environ[SHIFT_ENV] = str((dt.datetime.now(dt.UTC).date() - dt.date(2017, 6, 21)).days)
    return dt.timedelta(days=int(os.environ[SHIFT_ENV]))


def real_time_on_the_seed_day():
    """A clock ticking in real time, on the seed's day (21/06/2017 or so)."""
    import datetime as dt

    shift = seed_day_shift()
    return lambda: dt.datetime.now(dt.UTC) - shift


def fake_lp(tmp_path, monkeypatch, answer: str = "request id is Accueil-1"):
    """CUPS' ``lp`` replaced by a stand-in on the PATH that writes its arguments, one a line, to the
    returned file and answers ``answer``."""
    import stat

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "lp.log"
    lp = bin_dir / "lp"
    lp.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {log}\necho "{answer}"\n')
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bin_dir))
    return log


def damage_an_index_page(path) -> None:
    """A SQLite file left readable, but the root page of one of the families' indexes claims 65,535
    cells: only a full integrity check notices."""
    import sqlite3

    connection = sqlite3.connect(path)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'families' "
                              "ORDER BY name LIMIT 1").fetchone()[0]
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size + 3)
        f.write(b"\xff\xff")


# The Wednesdays of the seed's three trimesters (2017/2018), holidays left out.
_D = dt.date
FIRST = [_D(2017, 9, 20), _D(2017, 9, 27), _D(2017, 10, 4), _D(2017, 10, 11), _D(2017, 10, 18), _D(2017, 11, 8),
         _D(2017, 11, 15), _D(2017, 11, 22), _D(2017, 11, 29), _D(2017, 12, 6)]
SECOND = [_D(2018, 1, 10), _D(2018, 1, 17), _D(2018, 1, 24), _D(2018, 1, 31), _D(2018, 2, 7), _D(2018, 2, 28),
          _D(2018, 3, 7), _D(2018, 3, 14), _D(2018, 3, 21), _D(2018, 3, 28)]
THIRD = [_D(2018, 4, 4), _D(2018, 4, 25), _D(2018, 5, 2), _D(2018, 5, 9), _D(2018, 5, 16), _D(2018, 5, 23),
         _D(2018, 5, 30), _D(2018, 6, 6), _D(2018, 6, 13), _D(2018, 6, 20), _D(2018, 6, 27)]


def confirm(ctx, ids):
    # Confirmation belongs to the checkout; here the planning only needs confirmed enrollments.
    with ctx.db.session() as s:
        for i in ids:
            s.get(Enrollment, i).status = EnrollmentStatus.CONFIRMED


def add_invoice(ctx, family_id, number: str, day: dt.date, cents: int = 4000, label: str | None = None) -> uuid.UUID:
    """An issued invoice of one line written directly (for the screens and services that only read
    invoices); the line is « Sortie du <day> » unless ``label`` says otherwise."""
    with ctx.unit_of_work() as uow:
        invoice = Invoice(number=number, counter_id=ctx.actor.counter_id, family_id=family_id,
                          issued_at=dt.datetime.combine(day, dt.time(10, 0), dt.UTC), issue_date=day,
                          total_cents=cents, debt_reference=f"REF-{number}")
        invoice.lines.append(InvoiceLine(position=0, label=label or f"Sortie du {day:%d/%m/%Y}",
                                         child_name="Léo Roux", quantity=1, unit_price_cents=cents,
                                         amount_cents=cents))
        uow.session.add(invoice)
        uow.session.flush()
        return invoice.id


def card_attempt(ctx, family_id, ids, amount, outcome=Outcome.ACCEPTED):
    """A card charge for ``ids`` through the fake terminal, answered ``outcome``."""
    import asyncio

    runner = cp.CardPaymentRunner(ctx, FakeTerminal(default=outcome))
    return asyncio.run(runner.charge(family_id, cp.lines_key(ids), amount))


def acting_as(ctx, role: str):
    """A new agent with only ``role``, and the context acting as them."""
    agent = agents.create_agent(ctx, login=f"{role}.{uuid.uuid4().hex[:6]}", display_name="Camille Durand",
                                password="Velo-rouge-73", roles=[role])
    return ctx.as_actor(Actor(agent.id, ctx.actor.counter_id)), agent


MAIL_SENDER = "ems@ville-albertville.fr"


def configure_mail(ctx, port: int, **changes) -> None:
    """The counter's e-mail settings pointed at a local SMTP server on ``port`` (no STARTTLS)."""
    import dataclasses

    current = mail_settings.load_mail_settings(ctx)
    values: dict[str, Any] = dict(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False, sender=MAIL_SENDER)
    values.update(changes)
    system = ctx.as_actor(Actor(None, ctx.actor.counter_id))  # the administrator's part, done beforehand
    mail_settings.save_mail_settings(system, dataclasses.replace(current, **values))


class Rows:
    """Raw SQL writes for a database left at an old revision (no current model involved). Ids are
    uuid hex strings on SQLite (CHAR(32)) and uuids on PostgreSQL."""

    def __init__(self, connection) -> None:
        self.c = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self.ids: dict[str, uuid.UUID] = {}

    def id(self, name: str):
        value = self.ids.setdefault(name, uuid.uuid4())
        return value.hex if self.sqlite else value

    def insert(self, table: str, key: str, /, **values) -> None:
        values["id"] = self.id(key)
        columns = ", ".join(values)
        params = ", ".join(f":{k}" for k in values)
        self.c.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({params})"), values)
