"""The counters pull what changed on the server: rows of finished transactions by cursor, applied
to the replica with the cursor in one transaction, only once the counter's outbox is empty, and
announced on the change bus so that open screens refresh."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from ems_desktop.models import ActivityGroup, Base, Enrollment, Family, Guardian, Invoice, SyncConflict
from ems_desktop.services import enrollment
from ems_desktop.services.enrollment import availability
from ems_desktop.sync.client import SyncClient
from ems_desktop.sync.pull import apply_changes
from ems_desktop.sync.server import auth
from ems_desktop.sync.server.app import create_app
from tests.helpers import SEED_GROUPS, group_id, make_family
from tests.sync.town import durand, family_named, offline_sale


@pytest.fixture
def clients(town):
    http = TestClient(create_app(town.server))
    made = {}
    for name in ("a", "b"):
        counter = getattr(town, name)
        token = auth.enrol(town.server, auth.issue_enrolment_code(town.server, counter.actor.counter_id)).token
        made[name] = SyncClient(counter, http, token)
    return made["a"], made["b"]


def test_what_a_counter_did_reaches_the_other_with_the_places_it_took(town, clients):
    a, b = clients
    family, ids, paid = offline_sale(town.a)
    velo = group_id(town.b, *SEED_GROUPS[0])
    with town.b.reading() as s:
        before = availability(s, town.b.now(), group_ids=[velo])[velo]
    heard = []
    town.b.bus.subscribe(heard.extend)
    a.push()
    report = b.pull()
    assert report.applied > 0 and not report.deferred
    with town.b.reading() as s:
        assert s.get(Family, family.id).name == "Berthier"
        assert s.scalar(select(Invoice.number).where(Invoice.family_id == family.id)) == paid.invoice_number
        assert set(s.scalars(select(Enrollment.status).where(Enrollment.id.in_(ids)))) == {"confirmed"}
        after = availability(s, town.b.now(), group_ids=[velo])[velo]
    assert after.confirmed == before.confirmed + 1
    places = [c for c in heard if c.entity == "places"]
    assert places and velo in places[0].ids and any(c.entity == "family" and family.id in c.ids for c in heard)
    # Nothing new: an empty page, the cursor stays.
    assert b.pull().applied == 0
    # A gets its own rows back as the server has them (no harm: the same values).
    assert a.pull().applied > 0


def test_a_counter_with_waiting_operations_pulls_nothing_until_it_has_pushed(town, clients):
    a, b = clients
    offline_sale(town.a)
    a.push()
    family_id, child_id = durand(town.b)
    enrollment.enroll(town.b, child_id, group_id(town.b, *SEED_GROUPS[0]))
    assert b.pull().deferred
    assert family_named(town.b, "Berthier") is None
    b.push()
    assert not b.pull().deferred
    assert family_named(town.b, "Berthier") is not None


def test_the_servers_decisions_and_conflicts_reach_the_counter(town, clients):
    a, b = clients
    tir = group_id(town.server, *SEED_GROUPS[1])
    for ctx in (town.server, town.a, town.b):  # one place left, everywhere
        with ctx.db.session() as s:
            s.execute(update(ActivityGroup).where(ActivityGroup.id == tir).values(capacity=1))
    other = make_family(town.a, name="Martin")
    enrollment.enroll(town.a, other.children[0].id, tir)
    family_id, child_id = durand(town.b)
    mine = enrollment.enroll(town.b, child_id, tir).id
    a.push()
    b.push()
    b.pull()
    with town.b.reading() as s:
        assert s.get(Enrollment, mine).status == "waiting"  # the server's decision, now at B
        [conflict] = s.scalars(select(SyncConflict)).all()
        assert conflict.kind == "waiting_list_fallback" and "liste d'attente" in conflict.message


def test_a_row_committed_late_is_not_skipped(town, clients):
    """A transaction still running when B pulls has written a change; another one commits after
    it started. B's cursor must not pass the first one's rows."""
    a, b = clients
    b.pull()
    family_id, _ = durand(town.server)
    late = town.server.db.engine.connect()
    late_tx = late.begin()
    late.execute(update(Family.__table__).where(Family.__table__.c.id == family_id).values(city="Ugine"))
    with town.server.db.session() as s:  # started after it, commits first
        s.execute(update(Guardian).where(Guardian.family_id == family_id).values(phone_work="04 79 00 00 02"))
    b.pull()
    with town.b.reading() as s:  # the guardian's change waits behind the running transaction
        assert s.scalar(select(Guardian.phone_work).where(Guardian.family_id == family_id)) != "04 79 00 00 02"
    late_tx.commit()
    late.close()
    b.pull()
    with town.b.reading() as s:
        assert s.get(Family, family_id).city == "Ugine"
        assert s.scalar(select(Guardian.phone_work).where(Guardian.family_id == family_id)) == "04 79 00 00 02"


def test_a_row_deleted_on_the_server_is_deleted_at_the_counter(town, clients):
    a, b = clients
    b.pull()
    family_id, _ = durand(town.server)
    with town.server.db.session() as s:
        s.add(Guardian(family_id=family_id, first_name="Paul", last_name="Durand", position=5))
    b.pull()
    with town.b.reading() as s:
        paul = s.scalar(select(Guardian.id).where(Guardian.first_name == "Paul"))
    assert paul is not None
    with town.server.db.session() as s:
        s.delete(s.get(Guardian, paul))
    b.pull()
    with town.b.reading() as s:
        assert s.get(Guardian, paul) is None


def test_every_shared_table_is_logged_for_the_counters():
    """A new table must be either logged (and pulled) or named as kept apart."""
    import importlib

    logged = set()
    for name in ("0014_change_log", "0021_sepa_mandates", "0022_debit_runs"):  # the migrations that add logged tables
        logged |= set(importlib.import_module(f"ems_desktop.database.migrations.versions.{name}").LOGGED)
    kept_apart = {"applied_ops", "counter_streams", "counter_credentials", "change_log", "outbox_ops",
                  "outbox_heads", "sync_state", "journal_entries", "journal_chains", "number_series",
                  "group_place_counts", "outgoing_messages"}
    assert logged == {t.name for t in Base.metadata.sorted_tables} - kept_apart


def test_a_new_counter_is_installed_from_the_servers_snapshot_then_pulls_from_there(town, tmp_path):
    from ems_desktop import config
    from ems_desktop.database.engine import Database, sqlite_url
    from ems_desktop.local_settings import LocalSettings
    from ems_desktop.services.context import Actor, ServiceContext
    from ems_desktop.sync.install import install_counter

    http = TestClient(create_app(town.server))
    code = auth.issue_enrolment_code(town.server, town.b.actor.counter_id)
    local = LocalSettings(tmp_path / "guichet.json")
    path = tmp_path / "replica.sqlite3"
    loaded = install_counter("https://serveur.ville.fr:8443", code, path, local, http=http)
    assert loaded == shared_rows(town.server)
    assert path.exists() and not path.with_name("replica.sqlite3.installation").exists()
    assert local.get(config.SYNC_ROLE) == config.SYNC_COUNTER and local.get(config.SYNC_TOKEN)
    assert local.get(config.COUNTER_ID) == str(town.b.actor.counter_id)
    replica = ServiceContext(db=Database(sqlite_url(path)), clock=town.server.clock, outbox=True).as_actor(
        Actor(agent_id=town.a.actor.agent_id, counter_id=town.b.actor.counter_id))
    try:
        family_id, _ = durand(replica)
        assert family_id is not None
        # Something happens at A after the snapshot: the new replica pulls it, and only it.
        a = SyncClient(town.a, http, auth.enrol(town.server, auth.issue_enrolment_code(
            town.server, town.a.actor.counter_id)).token)
        offline_sale(town.a)
        a.push()
        b = SyncClient(replica, http, local.get(config.SYNC_TOKEN))
        b.pull()
        assert family_named(replica, "Berthier") is not None
        # It works offline and its numbers follow its own series (B01-…).
        family = make_family(replica, name="Petit")
        assert family.reference.startswith("B01-")
    finally:
        replica.db.dispose()


def shared_rows(ctx) -> int:
    from sqlalchemy import func

    from ems_desktop.sync.snapshot import NOT_COPIED

    with ctx.reading() as s:
        return sum(s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables
                   if t.name not in NOT_COPIED)


def test_a_page_crossing_a_unique_key_is_fetched_again_larger(town, clients, monkeypatch):
    """B enrolled Noé offline in the group A had already given him: the server keeps A's and
    cancels B's. B's pull first meets A's enrollment — still crossing B's own active one — so that
    page alone cannot be written; fetched again with the row that cancels B's, it holds."""
    import ems_desktop.sync.client as client_module

    a, b = clients
    _, child_id = durand(town.a)
    velo = group_id(town.a, *SEED_GROUPS[0])
    kept = enrollment.enroll(town.a, child_id, velo).id
    mine = enrollment.enroll(town.b, child_id, velo).id
    a.push()
    b.push()
    monkeypatch.setattr(client_module, "PAGE", 1)
    refused = []

    def applying(*args):
        try:
            return apply_changes(*args)
        except client_module.PullNotApplied as exc:
            refused.append(exc)
            raise

    monkeypatch.setattr(client_module, "apply_changes", applying)
    assert b.pull().applied >= 2
    assert refused  # the small page was refused as it stood, then fetched again larger
    with town.b.reading() as s:
        assert s.get(Enrollment, kept).status == "pending"
        assert s.get(Enrollment, mine).status == "cancelled"


def test_a_local_action_between_fetching_and_applying_a_page_defers_the_page(town, clients):
    """Forced interleaving: B fetched A's rows, then B's agent enrolls a child before the page is
    written. The page is not applied over B's unsent work (the outbox is checked in the page's own
    write transaction); it is fetched again after B's push."""
    a, b = clients
    offline_sale(town.a)
    a.push()
    _, child_id = durand(town.b)

    def interleaved(function, *args):
        if function is apply_changes:
            enrollment.enroll(town.b, child_id, group_id(town.b, *SEED_GROUPS[0]))  # the agent, meanwhile
        return function(*args)

    b.db_call = interleaved
    assert b.pull().deferred
    assert family_named(town.b, "Berthier") is None
    b.db_call = lambda function, *args: function(*args)
    b.push()
    assert not b.pull().deferred
    assert family_named(town.b, "Berthier") is not None


def test_a_mandate_recorded_at_one_counter_reaches_the_other(town, clients):
    from ems_desktop.models import Mandate
    from ems_desktop.services import mandates
    from ems_desktop.services.mandates import MandateInput

    a, b = clients
    family_id, _ = durand(town.a)
    heard = []
    town.b.bus.subscribe(heard.extend)
    recorded = mandates.record_mandate(town.a, family_id, MandateInput(
        "Claire Durand", "FR76 3000 6000 0112 3456 7890 189", "", "20/06/2017"))
    a.push()
    assert b.pull().applied > 0
    assert [m.rum for m in mandates.mandates_of_family(town.b, family_id)] == [recorded.rum]
    assert any(c.entity == "mandate" and recorded.id in c.ids for c in heard)
    with town.b.reading() as s:
        assert s.get(Mandate, recorded.id).iban == "FR7630006000011234567890189"


def test_a_debit_run_made_on_the_central_database_reaches_the_counters(town, clients):
    """The régisseur's run on the town's database: the counters pull its payments and debits, and a
    family's history there says the amount is being collected."""
    import uuid

    from ems_desktop.rules.sepa import earliest_collection_date
    from ems_desktop.services import billing_history, checkout, debit_runs, mandates
    from ems_desktop.services.mandates import MandateInput

    a, b = clients
    family_id, child_id = durand(town.a)
    mandates.record_mandate(town.a, family_id, MandateInput("Claire Durand", "FR76 3000 6000 0112 3456 7890 189", "",
                                                            "20/06/2017"))
    ids = [enrollment.enroll(town.a, child_id, group_id(town.a, *SEED_GROUPS[0])).id]
    invoice_id = checkout.checkout_enrollments(town.a, uuid.uuid4(), family_id, ids, (),
                                               collect_by_debit=True).invoice_id
    a.push()
    debit_runs.save_creditor(town.server, debit_runs.Creditor("", "FR12ZZZ123456", "FR7610071730000000100000010",
                                                               "TRPUFRP1"))
    run = debit_runs.build_debit_run(town.server, uuid.uuid4(), earliest_collection_date(town.server.today()),
                                     [invoice_id])
    assert b.pull().applied > 0
    history = billing_history.billing_history(town.b, family_id)
    summary, = [i for month in history.months for i in month.invoices]
    assert summary.balance_cents == 0
    assert [p.mode_label for p in summary.payments] == [
        f"En cours de prélèvement (échéance du {run.collection_date:%d/%m/%Y})"]
