"""The town of the sync tests: a PostgreSQL with the 2017 catalog, one agent and two counters (A01 at
the Hôtel de Ville, B01 at the gymnase), each counter working offline on its own SQLite replica
with its outbox; and what the tests do and read there."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.models import Child, Family
from ems_desktop.services import cash, checkout, enrollment
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.sync.snapshot import copy_shared_rows
from tests.helpers import SEED_GROUPS, group_id, make_family


@dataclass
class Town:
    server: ServiceContext
    a: ServiceContext
    b: ServiceContext


def replica(migrated_template, tmp_path, name: str, server: ServiceContext, counter_id, agent_id, clock):
    path = tmp_path / f"{name}.sqlite3"
    shutil.copy(migrated_template, path)
    db = Database(sqlite_url(path))
    copy_shared_rows(server.db, db)
    return ServiceContext(db=db, clock=clock, outbox=True).as_actor(Actor(agent_id=agent_id, counter_id=counter_id))


def family_named(ctx: ServiceContext, name: str):
    """The id of the family called ``name`` in that database, or None."""
    with ctx.reading() as s:
        return s.scalar(select(Family.id).where(Family.name == name))


def durand(ctx: ServiceContext):
    with ctx.reading() as s:
        return s.scalar(select(Family.id).where(Family.name == "Durand")), s.scalar(
            select(Child.id).join(Family).where(Family.name == "Durand"))


def count(ctx: ServiceContext, model, *where) -> int:
    with ctx.reading() as s:
        return s.scalars(select(func.count()).select_from(model).where(*where)).one()


def offline_sale(counter: ServiceContext):
    """A busy moment at a counter: the till opened, a new family, three enrollments, paid 80 € cash
    and 40 € by cheque."""
    cash.open_cash_session(counter, 5000)
    family = make_family(counter)
    child = family.children[0]
    ids = [enrollment.enroll(counter, child.id, group_id(counter, *g)).id for g in SEED_GROUPS]
    paid = checkout.checkout_enrollments(counter, uuid.uuid4(), family.id, ids,
                                         [Tender("cash", 8000), Tender("cheque", 4000, "1234567")])
    return family, ids, paid
