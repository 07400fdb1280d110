"""Migration 0011 (the journal's hash chain), run as the application runs it — ``open_database`` at
start-up — on a database left at revision 0010 whose journal was written by raw SQL: each counter's
entries (and the system tasks') are chained in the order they were written (time, then id), the
upgraded journal verifies clean, and the services go on with the same chains."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from itertools import pairwise

from sqlalchemy import select

from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.database.migrate import current_revision, head_revision, upgrade
from ems_desktop.models import JournalEntry
from ems_desktop.models.journal import GENESIS, JournalChain
from ems_desktop.services import journal
from ems_desktop.services.bootstrap import open_database
from ems_desktop.services.context import Actor, ServiceContext
from tests.helpers import Rows, make_family


def at(minutes: int) -> str:
    return (dt.datetime(2017, 6, 21, 13, 0) + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S.%f")


# Ids chosen so that, at the same time, the id decides (and differs from the order of insertion).
LATE_ID, EARLY_ID = uuid.UUID(int=0xF0 << 120), uuid.UUID(int=0x0F << 120)


def fill_revision_0010(engine) -> Rows:
    """Two counters, an agent, and journal entries as releases up to 0010 wrote them: not in time
    order in the table, two at the same time, some of system tasks (no counter)."""
    with engine.begin() as c:
        r = Rows(c)
        r.insert("counters", "a01", code="HDV", name="Accueil Hôtel de Ville", number_prefix="A01", created_at=at(0))
        r.insert("counters", "b02", code="GYM", name="Accueil Gymnase", number_prefix="B02", created_at=at(0))
        for counter in ("a01", "b02"):
            for kind in ("invoice", "credit_note", "receipt", "family"):
                r.insert("number_series", f"{counter}-{kind}", counter_id=r.id(counter), kind=kind, next_value=1)
        r.insert("agents", "agent", login="c.martin", display_name="Claire Martin", password_hash="$argon2id$x",
                 is_admin=True, active=True, created_at=at(0),
                 roles=json.dumps(["agent", "regisseur", "administrateur"]))

        def entry(key, minutes, counter, entity, action, changes, entry_id=None):
            if entry_id is not None:
                r.ids[key] = entry_id
            r.insert("journal_entries", key, recorded_at=at(minutes), agent_id=r.id("agent") if counter else None,
                     counter_id=r.id(counter) if counter else None, entity=entity, entity_id=uuid.uuid4().hex
                     if r.sqlite else uuid.uuid4(), action=action, changes=json.dumps(changes), sent_at=None)

        entry("a-3", 30, "a01", "payment", "received",
              {"mode": "cash", "amount_cents": 4000, "receipt_number": "A01-R000001"})
        entry("a-1", 10, "a01", "family", "created", {"reference": "A01-00001", "name": "Berthier", "quotient": None,
                                                      "guardians": [["Claire", "Berthier", True]]})
        entry("a-2-late", 20, "a01", "invoice", "issued", {"number": "A01-F000001", "total_cents": 12000}, LATE_ID)
        entry("a-2-early", 20, "a01", "enrollment", "confirmed", {"status": "confirmed", "invoice": "A01-F000001"},
              EARLY_ID)
        entry("b-1", 15, "b02", "family", "created", {"reference": "B02-00001", "name": "Aubert"})
        entry("s-2", 5, None, "agent", "created", {"login": "c.martin", "display_name": "Claire Martin"})
        entry("s-1", 0, None, "counter", "created", {"code": "HDV", "name": "Accueil Hôtel de Ville", "prefix": "A01"})
    return r


def test_the_existing_journal_is_chained_in_the_order_it_was_written(old_url):
    old = Database(old_url)
    upgrade(old.engine, "0010")
    rows = fill_revision_0010(old.engine)
    old.dispose()

    database = open_database(old_url)  # what the application does at start-up
    try:
        assert current_revision(database.engine) == head_revision()
        ctx = ServiceContext(database)
        ids = {key: uuid.UUID(hex=str(value).replace("-", "")) for key, value in rows.ids.items()}
        with ctx.reading() as s:
            chains = {}
            for e in s.scalars(select(JournalEntry).order_by(JournalEntry.chain_seq)):
                chains.setdefault(e.counter_id, []).append(e)
            heads = {h.chain: (h.length, h.last_hash) for h in s.scalars(select(JournalChain))}
            s.expunge_all()
        assert [e.id for e in chains[ids["a01"]]] == [ids["a-1"], EARLY_ID, LATE_ID, ids["a-3"]]
        assert [e.id for e in chains[ids["b02"]]] == [ids["b-1"]]
        assert [e.id for e in chains[None]] == [ids["s-1"], ids["s-2"]]
        for chain in chains.values():
            assert [e.chain_seq for e in chain] == list(range(1, len(chain) + 1))
            assert chain[0].previous_hash == GENESIS
            assert all(b.previous_hash == a.hash for a, b in pairwise(chain))
        assert heads == {str(ids["a01"]): (4, chains[ids["a01"]][-1].hash),
                         str(ids["b02"]): (1, chains[ids["b02"]][-1].hash),
                         "system": (2, chains[None][-1].hash)}
        check = journal.check_journal(ctx)
        assert (check.ok, check.entries, check.chains) == (True, 7, 3)

        # The services go on with the same chains.
        acting = ctx.as_actor(Actor(ids["agent"], ids["a01"]))
        make_family(acting, name="Carpentier")
        assert journal.verify_journal(acting) == []
        with ctx.reading() as s:
            newest = s.scalars(select(JournalEntry).where(JournalEntry.counter_id == ids["a01"])
                               .order_by(JournalEntry.chain_seq.desc())).first()
            assert (newest.chain_seq, newest.previous_hash) == (5, chains[ids["a01"]][-1].hash)
        # And an entry of the old journal edited after the upgrade is caught.
        with database.engine.begin() as c:
            c.execute(JournalEntry.__table__.update().where(JournalEntry.id == LATE_ID)
                      .values(changes={"number": "A01-F000001", "total_cents": 1200}))
        [link] = journal.verify_journal(ctx)
        assert (link.entry_id, link.position) == (LATE_ID, 3)
    finally:
        database.dispose()


def test_an_empty_journal_upgrades_and_starts_its_chains(tmp_path):
    url = sqlite_url(tmp_path / "vide.sqlite3")
    old = Database(url)
    upgrade(old.engine, "0010")
    old.dispose()
    database = open_database(url)
    try:
        check = journal.check_journal(ServiceContext(database))
        assert (check.ok, check.entries, check.chains) == (True, 0, 0)
    finally:
        database.dispose()


def test_downgrade_to_0010_then_upgrade_again(tmp_path):
    from alembic import command

    from ems_desktop.database.migrate import alembic_config

    url = sqlite_url(tmp_path / "aller-retour.sqlite3")
    old = Database(url)
    upgrade(old.engine, "0010")
    fill_revision_0010(old.engine)
    upgrade(old.engine)
    command.downgrade(alembic_config(old.engine), "0010")
    assert current_revision(old.engine) == "0010"
    upgrade(old.engine)
    try:
        assert journal.check_journal(ServiceContext(old)).ok
    finally:
        old.dispose()
