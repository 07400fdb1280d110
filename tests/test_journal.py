"""The journal: each counter's entries form a hash chain that every service extends for free; an
entry edited, deleted or written around the application is reported as its chain's first broken
link (by the service, the start-up check and ``ems-desktop --verify-journal``); the Journal's
reading — filters, French descriptions, CSV — is reserved to the régisseur and the administrateur;
a dossier's entry holds every field it changed; deleting a planning exception is journaled."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import subprocess
import sys
import uuid
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update

from ems_desktop.models import JournalEntry
from ems_desktop.models.journal import GENESIS, JournalChain, chain_key
from ems_desktop.services import agents, cash, checkout, enrollment, families, journal, planning
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.services.permissions import PermissionDenied
from tests.helpers import SEED_GROUPS, group_id, make_family

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Velo-rouge-73"


def entries(ctx, counter_id=None, *, system=False) -> list[JournalEntry]:
    """A chain's entries in chain order."""
    with ctx.reading() as s:
        where = JournalEntry.counter_id.is_(None) if system else JournalEntry.counter_id == counter_id
        found = list(s.scalars(select(JournalEntry).where(where).order_by(JournalEntry.chain_seq)))
        s.expunge_all()  # plain objects once the reading ends
        return found


def head(ctx, counter_id) -> tuple[int, str]:
    with ctx.reading() as s:
        row = s.get(JournalChain, chain_key(counter_id))
        return row.length, row.last_hash


def typical_day(ctx) -> dict:
    """A dossier created then corrected, Lise-Roxelane's three enrollments paid in cash and by
    cheque, a session cancelled then replaced: what a counter does, through the services."""
    family = make_family(ctx)
    lise = family.children[0]
    ids = [enrollment.enroll(ctx, lise.id, group_id(ctx, *g)).id for g in SEED_GROUPS]
    till = cash.open_cash_session(ctx, 5000)
    result = checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids,
                                           [Tender("cash", 4000), Tender("cheque", 8000, cheque_number="1234567")])
    families.update_family(ctx, family.id, families.FamilyInput(
        name="Berthier", guardians=(families.GuardianInput("Claire", "Berthier", True, "mère", "06 12 34 56 79"),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", lise.birth_date, id=lise.id),),
        address_line1="8 rue Gambetta", postal_code="73200", city="Albertville"))
    gid = group_id(ctx, *SEED_GROUPS[0])
    planning.cancel_session(system(ctx), gid, dt.date(2017, 10, 4), "Grève")  # an administrator's decision
    return {"family": family, "enrollments": ids, "invoice": result.invoice_number, "till": till, "group": gid}


def system(ctx) -> ServiceContext:
    """The same counter, as a system task (no agent: no role needed), e.g. to create an agent."""
    return ctx.as_actor(Actor(None, ctx.actor.counter_id))


def tamper(ctx, statement) -> None:
    """A change made around the application (a database client, a script)."""
    with ctx.db.engine.begin() as connection:
        connection.execute(statement)


# --- The chain -------------------------------------------------------------------------------------------

def test_every_service_extends_its_counters_chain_and_it_verifies(agent_ctx):
    typical_day(agent_ctx)
    chain = entries(agent_ctx, agent_ctx.actor.counter_id)
    assert len(chain) > 10
    assert [e.chain_seq for e in chain] == list(range(1, len(chain) + 1))
    assert chain[0].previous_hash == GENESIS
    assert all(later.previous_hash == earlier.hash for earlier, later in pairwise(chain))
    assert all(len(e.hash) == 64 for e in chain)
    assert head(agent_ctx, agent_ctx.actor.counter_id) == (len(chain), chain[-1].hash)
    # The system tasks (the counter's creation, with no counter yet) have their own chain.
    system = entries(agent_ctx, system=True)
    assert [e.entity for e in system] == ["counter"] and system[0].chain_seq == 1
    check = journal.check_journal(agent_ctx)
    assert check.ok and check.entries == len(chain) + 1 and check.chains == 2
    assert journal.verify_journal(agent_ctx) == []
    assert journal.check_at_startup(agent_ctx) == []


def test_an_edited_entry_is_its_chains_first_broken_link(agent_ctx):
    typical_day(agent_ctx)
    chain = entries(agent_ctx, agent_ctx.actor.counter_id)
    payment = next(e for e in chain if e.entity == "payment" and e.changes["mode"] == "cash")
    later = chain[-2]
    tamper(agent_ctx, update(JournalEntry).where(JournalEntry.id == payment.id)
           .values(changes={**payment.changes, "amount_cents": 400}))
    tamper(agent_ctx, update(JournalEntry).where(JournalEntry.id == later.id).values(action="edited"))
    [link] = journal.verify_journal(agent_ctx)
    assert (link.counter_id, link.entry_id, link.position) == (agent_ctx.actor.counter_id, payment.id,
                                                               payment.chain_seq)
    assert link.recorded_at == payment.recorded_at
    assert "son contenu a été modifié" in link.reason
    assert link.message.startswith("Guichet Accueil Hôtel de Ville (A01) : maillon rompu à l'entrée n° "
                                   f"{payment.chain_seq} du 21/06/2017 à 15:00 (identifiant {payment.id})")
    assert journal.check_at_startup(agent_ctx) == [link]


def test_an_edited_entry_whose_hash_was_recomputed_breaks_the_next_link(agent_ctx):
    from ems_desktop.models.journal import entry_hash

    typical_day(agent_ctx)
    chain = entries(agent_ctx, agent_ctx.actor.counter_id)
    target, following = chain[4], chain[5]
    changes = {**target.changes, "price_cents": 1}
    forged = entry_hash(id=target.id, recorded_at=target.recorded_at, agent_id=target.agent_id,
                        counter_id=target.counter_id, entity=target.entity, entity_id=target.entity_id,
                        action=target.action, changes=changes, previous_hash=target.previous_hash)
    tamper(agent_ctx, update(JournalEntry).where(JournalEntry.id == target.id).values(changes=changes, hash=forged))
    [link] = journal.verify_journal(agent_ctx)
    assert link.entry_id == following.id and "ne suit plus l'entrée précédente" in link.reason


def test_a_deleted_entry_is_reported_where_the_chain_breaks(agent_ctx):
    typical_day(agent_ctx)
    chain = entries(agent_ctx, agent_ctx.actor.counter_id)
    gone = chain[6]
    tamper(agent_ctx, delete(JournalEntry).where(JournalEntry.id == gone.id))
    [link] = journal.verify_journal(agent_ctx)
    assert link.entry_id == chain[7].id and link.position == 8
    assert link.reason == f"l'entrée n° {gone.chain_seq} a été supprimée"


def test_entries_deleted_at_the_end_of_a_chain_are_reported(agent_ctx):
    typical_day(agent_ctx)
    chain = entries(agent_ctx, agent_ctx.actor.counter_id)
    tamper(agent_ctx, delete(JournalEntry).where(JournalEntry.id.in_([chain[-1].id, chain[-2].id])))
    [link] = journal.verify_journal(agent_ctx)
    assert link.entry_id == chain[-3].id
    assert link.reason == "2 entrées enregistrées après celle-ci ont été supprimées"


def test_an_entry_written_around_the_application_is_reported(agent_ctx):
    typical_day(agent_ctx)
    intruder = uuid.uuid4()
    with agent_ctx.db.session() as s:  # a row with no place in the chain, as a script would write it
        s.add(JournalEntry(id=intruder, recorded_at=dt.datetime(2017, 6, 21, 16, 0, tzinfo=dt.UTC),
                           agent_id=agent_ctx.actor.agent_id, counter_id=agent_ctx.actor.counter_id,
                           entity="payment", entity_id=uuid.uuid4(), action="received", changes={}))
    [link] = journal.verify_journal(agent_ctx)
    assert link.entry_id == intruder and "en dehors de l'application" in link.reason


def test_two_counters_have_independent_chains(agent_ctx):
    here = agent_ctx.actor.counter_id
    there = agents.create_counter(agent_ctx, code="GYM", name="Accueil Gymnase", number_prefix="B02").id
    gym = agent_ctx.as_actor(Actor(agent_ctx.actor.agent_id, there))
    make_family(agent_ctx, name="Aubert")
    before = head(agent_ctx, here)
    make_family(gym, name="Bernard")
    make_family(gym, name="Carpentier")
    assert head(agent_ctx, here) == before  # the gymnasium's work does not touch the town hall's chain
    assert [e.chain_seq for e in entries(gym, there)] == [1, 2]
    assert entries(gym, there)[0].previous_hash == GENESIS
    make_family(agent_ctx, name="Dumas")
    assert journal.verify_journal(agent_ctx) == []
    # Breaking one counter's chain leaves the other's intact.
    first = entries(gym, there)[0]
    tamper(gym, update(JournalEntry).where(JournalEntry.id == first.id).values(entity_id=uuid.uuid4()))
    [link] = journal.verify_journal(agent_ctx)
    assert (link.counter_id, link.entry_id) == (there, first.id)
    assert link.message.startswith("Guichet Accueil Gymnase (B02) : maillon rompu à l'entrée n° 1 ")


def test_two_processes_of_one_counter_share_its_chain(agent_ctx):
    """Another process (its own engine, so its own idea of the chain's head) appends between two
    of this one's writes: each sees the other's entries and the chain goes on, unforked."""
    other = ServiceContext(type(agent_ctx.db)(agent_ctx.db.url), actor=agent_ctx.actor, clock=agent_ctx.clock)
    before = len(entries(agent_ctx, agent_ctx.actor.counter_id))
    try:
        for name in ("Aubert", "Bernard", "Carpentier", "Dumas"):
            make_family(agent_ctx, name=name)
            make_family(other, name=name + "-Bis")
    finally:
        other.db.dispose()
    chain = entries(agent_ctx, agent_ctx.actor.counter_id)
    assert [e.chain_seq for e in chain] == list(range(1, before + 9))
    assert journal.verify_journal(agent_ctx) == []


def test_a_lost_chain_head_does_not_stop_the_counter(agent_ctx):
    make_family(agent_ctx, name="Aubert")
    length, _last = head(agent_ctx, agent_ctx.actor.counter_id)
    tamper(agent_ctx, delete(JournalChain).where(JournalChain.chain == chain_key(agent_ctx.actor.counter_id)))
    [link] = journal.verify_journal(agent_ctx)
    assert "tête de la chaîne a été supprimée" in link.reason and link.position == length
    # The head is rebuilt from the chain's last entry (by this process, then another).
    other = ServiceContext(type(agent_ctx.db)(agent_ctx.db.url), actor=agent_ctx.actor, clock=agent_ctx.clock)
    try:
        make_family(other, name="Bernard")
    finally:
        other.db.dispose()
    make_family(agent_ctx, name="Carpentier")
    assert [e.chain_seq for e in entries(agent_ctx, agent_ctx.actor.counter_id)] == list(range(1, length + 3))
    assert journal.verify_journal(agent_ctx) == []


def test_nothing_of_a_failed_unit_enters_the_chain(agent_ctx):
    make_family(agent_ctx, name="Aubert")
    before = head(agent_ctx, agent_ctx.actor.counter_id)
    with pytest.raises(RuntimeError), agent_ctx.unit_of_work() as uow:
        uow.record("family", uuid.uuid4(), "created", {"name": "Fantôme"})
        raise RuntimeError("abandon")
    assert head(agent_ctx, agent_ctx.actor.counter_id) == before
    make_family(agent_ctx, name="Bernard")
    assert journal.verify_journal(agent_ctx) == []


# --- The command line -----------------------------------------------------------------------------------

def verify_command(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ems_desktop", "--verify-journal", "--database", url], cwd=ROOT,
                          env={**os.environ}, capture_output=True, text=True, timeout=120)


def test_the_verify_journal_command(agent_ctx):
    typical_day(agent_ctx)
    clean = verify_command(agent_ctx.db.url)
    assert clean.returncode == 0, clean.stderr
    assert "Journal intact :" in clean.stdout and "entrées vérifiées dans 2 chaînes" in clean.stdout
    chain = entries(agent_ctx, agent_ctx.actor.counter_id)
    invoice = next(e for e in chain if e.entity == "invoice")
    tamper(agent_ctx, update(JournalEntry).where(JournalEntry.id == invoice.id)
           .values(changes={**invoice.changes, "total_cents": 100}))
    broken = verify_command(agent_ctx.db.url)
    assert broken.returncode == 1, broken.stderr
    assert "Journal ALTÉRÉ : 1 chaîne rompue sur 2" in broken.stdout
    assert (f"Guichet Accueil Hôtel de Ville (A01) : maillon rompu à l'entrée n° {invoice.chain_seq} du 21/06/2017 "
            f"à 15:00 (identifiant {invoice.id}) — son contenu a été modifié après "
            f"son enregistrement.") in broken.stdout


def test_the_verify_journal_command_on_a_missing_database(tmp_path):
    missing = verify_command(f"sqlite:///{tmp_path / 'absente.sqlite3'}")
    assert missing.returncode == 2
    assert "n'existe pas : aucun journal à vérifier" in missing.stderr
    assert not (tmp_path / "absente.sqlite3").exists()


# --- What the journal says --------------------------------------------------------------------------------

def test_a_dossier_entry_holds_every_field_it_changed(agent_ctx):
    family = make_family(agent_ctx)
    lise = family.children[0]
    families.update_family(agent_ctx, family.id, families.FamilyInput(
        name="Berthier",
        guardians=(families.GuardianInput("Claire", "Berthier", True, phone_mobile="06 12 34 56 79",
                                          email="claire.berthier@example.fr"),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", lise.birth_date, health_notes="Asthme",
                                      allergies="Arachide", id=lise.id,
                                      pickups=(families.PickupInput("Jeanne Berthier", "grand-mère", "0611223344"),)),
                  families.ChildInput("Hugo", "Berthier", dt.date(2011, 3, 2))),
        address_line1="8 rue Gambetta", address_line2="Bâtiment B", postal_code="73200", city="Albertville",
        phone="04 79 32 10 20", email="famille.berthier@example.fr", caf_number="1234567"))
    with agent_ctx.reading() as s:
        changes = s.scalars(select(JournalEntry.changes).where(JournalEntry.entity_id == family.id,
                                                               JournalEntry.action == "updated")).one()
    assert (changes["reference"], changes["name"]) == (family.reference, "Berthier")
    assert {k: changes[k] for k in ("address_line1", "address_line2", "postal_code", "city", "phone", "email",
                                    "caf_number")} == {
        "address_line1": "8 rue Gambetta", "address_line2": "Bâtiment B", "postal_code": "73200",
        "city": "Albertville", "phone": "04 79 32 10 20", "email": "famille.berthier@example.fr",
        "caf_number": "1234567"}
    assert "notes" not in changes and "quotient" not in changes  # unchanged fields are not repeated
    assert changes["guardians"] == [{"first_name": "Claire", "last_name": "Berthier", "relationship": "",
                                     "is_payer": True, "phone_mobile": "06 12 34 56 79", "phone_work": "",
                                     "email": "claire.berthier@example.fr"}]
    [changed_lise, hugo] = changes["children"]
    assert changed_lise["id"] == str(lise.id)
    assert (changed_lise["health_notes"], changed_lise["allergies"]) == ("Asthme", "Arachide")
    assert changed_lise["pickups"] == [{"full_name": "Jeanne Berthier", "relationship": "grand-mère",
                                        "phone": "06 11 22 33 44"}]
    assert (hugo["first_name"], hugo["birth_date"]) == ("Hugo", "2011-03-02")
    assert changes["changed"] == [
        "address_line1", "address_line2", "postal_code", "city", "phone", "email", "caf_number",
        "guardians.0.phone_mobile", "guardians.0.email",
        f"children.{lise.id}.health_notes", f"children.{lise.id}.allergies", f"children.{lise.id}.pickups",
        f"children.{hugo['id']}"]
    [row] = journal.search_journal(agent_ctx, kind="dossiers", since=dt.date(2017, 6, 21), until=dt.date(2017, 6, 21),
                                   family_id=family.id, limit=1)
    assert row.what == ("Dossier Berthier modifié : adresse, téléphone, e-mail, n° CAF, santé de Lise-Roxelane, "
                        "allergies de Lise-Roxelane, personnes autorisées de Lise-Roxelane, enfant ajouté (Hugo)")
    # A created dossier: all of it.
    with agent_ctx.reading() as s:
        created = s.scalars(select(JournalEntry).where(JournalEntry.entity_id == family.id,
                                                       JournalEntry.action == "created")).one().changes
    assert created["children"][0]["first_name"] == "Lise-Roxelane" and created["guardians"][0]["is_payer"]


def test_deleting_a_planning_exception_is_journaled(catalog_2017):
    gid = group_id(catalog_2017, *SEED_GROUPS[0])
    planning.add_session(catalog_2017, gid, dt.date(2017, 12, 13), "Rattrapage du 04/10")
    with catalog_2017.reading() as s:
        added = s.scalars(select(JournalEntry).where(JournalEntry.action == "added")).one()
        s.expunge_all()
    planning.cancel_session(catalog_2017, gid, dt.date(2017, 12, 13), "Gymnase fermé")  # replaces the added day
    with catalog_2017.reading() as s:
        deleted = s.scalars(select(JournalEntry).where(JournalEntry.action == "deleted")).one()
        s.expunge_all()
    assert (deleted.entity, deleted.entity_id) == ("planning", added.entity_id)
    assert deleted.changes == {"group_id": str(gid), "day": "2017-12-13", "kind": "added",
                               "reason": "Rattrapage du 04/10"}
    assert journal.verify_journal(catalog_2017) == []
    what = [r.what for r in journal.search_journal(catalog_2017, kind="planning")]
    assert what[:2] == [
        "Séance du 13/12/2017 annulée — 7/11 ans VTT ou initiation bowling (Gymnase fermé)",
        "Décision du 13/12/2017 retirée (séance ajoutée : Rattrapage du 04/10) — 7/11 ans VTT ou initiation bowling"]


def test_the_journal_says_who_did_what_and_when_in_french(agent_ctx, clock):
    day = typical_day(agent_ctx)
    rows = journal.search_journal(agent_ctx, since=dt.date(2017, 6, 21), until=dt.date(2017, 6, 21))
    by_what = {r.what: r for r in rows}
    invoice = by_what[f"Facture {day['invoice']} émise (120,00\xa0€) — famille Berthier"]
    assert (invoice.when, invoice.agent, invoice.counter, invoice.kind, invoice.amount_cents) == (
        "21/06/2017 15:00", "Claire Martin", "Accueil Hôtel de Ville (A01)", "Factures et avoirs", 12000)
    assert "Paiement espèces 40,00\xa0€ (reçu A01-R000001) — famille Berthier" in by_what
    assert by_what["Paiement chèque 80,00\xa0€ (reçu A01-R000002) — famille Berthier"].amount_cents == 8000
    assert "Caisse ouverte (fond de caisse 50,00\xa0€)" in by_what
    assert "Dossier Berthier (A01-00001) créé" in by_what
    assert "Dossier Berthier modifié : adresse, responsables, téléphone" in by_what
    assert ("Inscription de Lise-Roxelane Berthier : 7/11 ans VTT ou initiation bowling (place réservée, à payer)"
            in by_what)
    assert (f"Inscription de Lise-Roxelane Berthier confirmée : 9/11 ans Roller (facture {day['invoice']})"
            in by_what)
    assert "Séance du 04/10/2017 annulée — 7/11 ans VTT ou initiation bowling (Grève)" in by_what
    assert rows == sorted(rows, key=lambda r: r.recorded_at, reverse=True)
    # Paris time: 23:30 UTC on the 21st is the 22nd at 01:30 in Paris.
    clock.current = dt.datetime(2017, 6, 21, 23, 30, tzinfo=dt.UTC)
    make_family(agent_ctx, name="Noctambule")
    [late] = journal.search_journal(agent_ctx, since=dt.date(2017, 6, 22), until=dt.date(2017, 6, 22))
    assert (late.when, late.what) == ("22/06/2017 01:30", "Dossier Noctambule (A01-00002) créé")
    assert journal.search_journal(agent_ctx, since=dt.date(2017, 6, 23)) == []


def test_the_journals_filters(agent_ctx):
    day = typical_day(agent_ctx)
    other = make_family(agent_ctx, name="Aubert")
    gym = agents.create_counter(agent_ctx, code="GYM", name="Accueil Gymnase", number_prefix="B02")
    colleague = agents.create_agent(system(agent_ctx), login="p.durand", display_name="Paul Durand", password=PASSWORD,
                                    roles=["agent"])
    elsewhere = make_family(agent_ctx.as_actor(Actor(colleague.id, gym.id)), name="Carpentier")

    def search(**filters):
        return journal.search_journal(agent_ctx, **filters)

    everything = search()
    family_rows = search(family_id=day["family"].id)
    assert {r.entity for r in family_rows} == {"family", "enrollment", "invoice", "payment"}
    assert all("Aubert" not in r.what for r in family_rows)
    assert len(family_rows) == 1 + 3 + 3 + 1 + 2 + 1  # created, enrolled ×3, confirmed ×3, invoice, paid ×2, updated
    assert [r.what for r in search(family_id=other.id)] == ["Dossier Aubert (A01-00002) créé"]
    assert [r.what for r in search(agent_id=colleague.id)] == ["Dossier Carpentier (B02-00001) créé"]
    assert [r.entity_id for r in search(counter_id=gym.id)] == [elsewhere.id]
    payments = search(kind="paiements")
    assert {r.entity for r in payments} == {"payment"} and len(payments) == 2
    assert {r.entity for r in search(kind="administration")} == {"agent", "counter"}
    assert search(kind="autre") == []
    assert len(search(limit=5)) == 5 and search(limit=5) == everything[:5]
    assert search(since=dt.date(2017, 6, 22)) == [] and search(until=dt.date(2017, 6, 20)) == []
    choices = journal.journal_choices(agent_ctx)
    assert [c.label for c in choices.agents] == ["Claire Martin", "Paul Durand"]
    assert [c.label for c in choices.counters] == ["Accueil Hôtel de Ville (A01)", "Accueil Gymnase (B02)"]
    assert choices.kinds[0].label == "Dossiers des familles" and choices.kinds[-1].key == "autre"


def test_the_journal_as_a_csv_file_for_a_spreadsheet(agent_ctx):
    typical_day(agent_ctx)
    rows = journal.search_journal(agent_ctx)
    text = journal.journal_csv(rows)
    assert text.startswith("\ufeffDate;Agent;Guichet;Type;Opération;Montant (€);Identifiant de l'entrée\r\n")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(table) == len(rows) + 1
    invoice = next(line for line in table if line[4].startswith("Facture A01-F000001"))
    assert invoice[:4] == ["21/06/2017 15:00", "Claire Martin", "Accueil Hôtel de Ville (A01)", "Factures et avoirs"]
    assert invoice[5] == "120,00" and uuid.UUID(invoice[6])
    assert journal.journal_csv([]).count("\r\n") == 1
    # A text typed by someone is never a formula in the spreadsheet; a negative amount stays a number.
    typed = dataclasses.replace(rows[0], agent="=HYPERLINK(\"http://x\")", what="@SUM(A1)", amount_cents=-4000)
    [_header, line] = list(csv.reader(io.StringIO(journal.journal_csv([typed]).lstrip("\ufeff")), delimiter=";"))
    assert (line[1], line[4], line[5]) == ("'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "-40,00")


def test_only_the_regisseur_and_the_administrateur_read_the_journal(agent_ctx):
    typical_day(agent_ctx)
    plain = agents.create_agent(system(agent_ctx), login="p.durand", display_name="Paul Durand", password=PASSWORD,
                                roles=["agent"])
    as_plain = agent_ctx.as_actor(Actor(plain.id, agent_ctx.actor.counter_id))
    for call in (lambda: journal.search_journal(as_plain), lambda: journal.verify_journal(as_plain),
                 lambda: journal.journal_choices(as_plain)):
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert "La consultation du journal" in refused.value.message
        assert "régisseur ou administrateur" in refused.value.message
    assert journal.search_journal(agent_ctx)  # the régisseur reads it
    admin = agents.create_agent(system(agent_ctx), login="a.leroy", display_name="Anne Leroy", password=PASSWORD,
                                roles=["administrateur"])
    assert journal.verify_journal(agent_ctx.as_actor(Actor(admin.id, agent_ctx.actor.counter_id))) == []
    # The start-up check is the application's own: it needs no role.
    assert journal.check_at_startup(as_plain) == []


def test_the_family_filter_reaches_credit_notes_and_refunds(agent_ctx):
    from ems_desktop.services import corrections

    day = typical_day(agent_ctx)
    corrections.cancel_paid_enrollment(agent_ctx, day["enrollments"][0], reason="Déménagement", refund_mode="cash")
    rows = journal.search_journal(agent_ctx, family_id=day["family"].id)
    what = [r.what for r in rows]
    assert any(w.startswith("Avoir A01-") and "sur la facture A01-F000001 (40,00\xa0€) : Déménagement" in w
               for w in what)
    refund = next(r for r in rows if r.what.startswith("Remboursement espèces 40,00\xa0€ (avoir A01-"))
    assert refund.amount_cents == -4000
    assert any(w.startswith("Inscription de Lise-Roxelane Berthier annulée") for w in what)
    assert journal.verify_journal(agent_ctx) == []
    with agent_ctx.reading() as s:
        total = s.scalar(select(func.count()).select_from(JournalEntry))
    assert journal.check_journal(agent_ctx).entries == total
