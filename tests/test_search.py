"""Search over families: any name, reference, phone or e-mail; case, accents and punctuation
ignored; kept up to date on every change (SQLite full-text index, LIKE on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from ems_desktop.services import families
from ems_desktop.services.search import fts_query, search_families, search_terms
from tests.helpers import make_family


@pytest.fixture
def three_families(ctx):
    berthier = make_family(ctx, "Berthier", children=(("Lise-Roxelane", dt.date(2009, 2, 14)),), email="")
    ndiaye = families.create_family(ctx, families.FamilyInput(
        name="N'Diaye",
        guardians=(families.GuardianInput("Aïssatou", "N'Diaye", is_payer=True, phone_mobile="07 11 22 33 44",
                                          email="aissatou.ndiaye@example.fr"),),
        children=(families.ChildInput("Zoé", "N'Diaye", dt.date(2011, 3, 3)),)))
    celik = families.create_family(ctx, families.FamilyInput(
        name="Çelik", guardians=(families.GuardianInput("Emre", "Çelik", is_payer=True),),
        children=(families.ChildInput("Ayşe", "Çelik", dt.date(2012, 4, 4)),)))
    return berthier, ndiaye, celik


@pytest.mark.parametrize("query", ["lise roxelane", "LISE-ROXÉLANE", "roxelane", "Roxel", "berthier lise",
                                   "06 12 34 56 78", "0612", "+33 6 12 34 56 78", "A01-00001", "claire"])
def test_the_seed_family_is_found_however_it_is_typed(ctx, three_families, query):
    berthier = three_families[0]
    assert [r.id for r in search_families(ctx, query)] == [berthier.id]


def test_accents_apostrophes_and_emails(ctx, three_families):
    _, ndiaye, celik = three_families
    # "N'Diaye" is read as the words "n" and "diaye", however the apostrophe is typed.
    assert [r.id for r in search_families(ctx, "n diaye")] == [ndiaye.id]
    assert [r.id for r in search_families(ctx, "n'diaye")] == [ndiaye.id]
    assert [r.id for r in search_families(ctx, "diaye zoe")] == [ndiaye.id]
    assert [r.id for r in search_families(ctx, "celik")] == [celik.id]
    assert [r.id for r in search_families(ctx, "ayse")] == [celik.id]
    assert [r.id for r in search_families(ctx, "aissatou.ndiaye@")] == [ndiaye.id]
    assert search_families(ctx, "") == [] and search_families(ctx, "   ") == []
    assert search_families(ctx, "%") == [] and search_families(ctx, "zzz") == []


def test_results_carry_children_ages_and_balance(ctx, three_families):
    row = search_families(ctx, "berthier")[0]
    assert row.reference == "A01-00001" and row.payer == "Claire Berthier"
    assert row.children_label == "Lise-Roxelane (8 ans)"  # on 21/06/2017
    assert row.balance_due_cents == 0


def test_search_follows_edits_and_archiving(ctx, three_families):
    berthier = three_families[0]
    data = families.FamilyInput(name="Berthier-Morel",
                                guardians=(families.GuardianInput("Claire", "Morel", is_payer=True),),
                                children=(families.ChildInput("Lise-Roxelane", "Berthier", dt.date(2009, 2, 14),
                                                              id=berthier.children[0].id),))
    families.update_family(ctx, berthier.id, data)
    assert [r.id for r in search_families(ctx, "morel")] == [berthier.id]
    # The child kept her name: the family is still found by it.
    assert [r.id for r in search_families(ctx, "lise berthier")] == [berthier.id]
    families.set_archived(ctx, berthier.id, True)
    assert search_families(ctx, "morel") == []
    assert [r.id for r in search_families(ctx, "morel", include_archived=True)] == [berthier.id]


def test_query_building():
    assert search_terms("Lise-Roxélane") == [("% lise%", "%@lise%", "%.lise%"),
                                             ("% roxelane%", "%@roxelane%", "%.roxelane%")]
    assert search_terms("06 12.34") == [("%061234%",)]
    assert search_terms("06") == [("% 06%",)]
    assert search_terms("50%_x") == [("% 50%", "%@50%", "%.50%"), ("% x%", "%@x%", "%.x%")]
    assert fts_query("LISE-ROXÉLANE") == '"lise"* "roxelane"*'
    assert fts_query("+33 6 12") == '"0612"*'


def test_results_carry_the_payers_email_else_the_familys(ctx, three_families):
    _, ndiaye, celik = three_families
    assert search_families(ctx, "n diaye")[0].email == "aissatou.ndiaye@example.fr"
    assert search_families(ctx, "celik")[0].email == ""
    families.update_family(ctx, celik.id, families.FamilyInput(
        name="Çelik", guardians=(families.GuardianInput("Emre", "Çelik", is_payer=True),),
        children=(families.ChildInput("Ayşe", "Çelik", dt.date(2012, 4, 4), id=celik.children[0].id),),
        email="famille.celik@example.fr"))
    assert search_families(ctx, "celik")[0].email == "famille.celik@example.fr"


def test_a_reference_typed_whole_comes_first(ctx):
    """Twelve dossiers whose e-mails also start with the reference's digits sort before it by
    name; the dossier whose reference was typed (in any case) comes first all the same."""
    for n, name in enumerate(["Abel", "Adam", "Alba", "Amar", "Anne", "Arno", "Aube", "Auer", "Avon", "Axel",
                              "Ayme", "Azur"]):
        families.create_family(ctx, families.FamilyInput(
            name=name, guardians=(families.GuardianInput("Sam", name, is_payer=True,
                                                         email=f"00013{n}.{name.lower()}@example.fr"),),
            children=()))
    target = make_family(ctx, "Zola", children=(("Émile", dt.date(2010, 4, 2)),))
    assert target.reference == "A01-00013"
    for typed in ("A01-00013", "a01-00013", " a01 - 00013 "):
        found = search_families(ctx, typed)
        assert found[0].id == target.id, [r.name for r in found]
    assert [r.name for r in search_families(ctx, "00013")][0] == "Abel"  # digits alone: by name, as before


def test_digits_from_the_middle_of_a_phone_number_are_found(ctx, three_families):
    berthier, ndiaye, _ = three_families
    # 06 12 34 56 78 and 07 11 22 33 44: what an agent reads back from a number on a form.
    assert [r.id for r in search_families(ctx, "34 56 78")] == [berthier.id]
    assert [r.id for r in search_families(ctx, "22.33")] == [ndiaye.id]
    assert [r.id for r in search_families(ctx, "1 22 33 4")] == [ndiaye.id]
    # Two digits only start a number (or a word): "34" alone would find half the town.
    assert search_families(ctx, "34") == []
    assert search_families(ctx, "999") == []


def test_the_family_whose_number_was_typed_whole_comes_first(ctx):
    """Abel's e-mail holds the same ten digits and Abel sorts first by name; the family whose
    phone number it is comes first all the same."""
    families.create_family(ctx, families.FamilyInput(
        name="Abel", guardians=(families.GuardianInput("Sam", "Abel", is_payer=True,
                                                       email="0612345678.abel@example.fr"),), children=()))
    zola = make_family(ctx, "Zola", children=(("Émile", dt.date(2010, 4, 2)),))  # 06 12 34 56 78
    assert [r.name for r in search_families(ctx, "06 12 34 56 78")] == ["Zola", "Abel"]
    assert search_families(ctx, "+33 6 12 34 56 78")[0].id == zola.id
    assert [r.name for r in search_families(ctx, "0612 3456")] == ["Abel", "Zola"]  # a fragment: by name


NAMES = ["Martin", "Martinez", "Marchand", "Mallet", "Abel", "Adam", "Dubois", "Dupont", "Jean", "Jeannin",
         "Lefèvre", "Le Gall", "N'Diaye", "Çelik", "Éloi", "Marie-Rose", "Zola", "Bernard", "Berthier", "Thomas"]


@pytest.fixture
def twenty_families(ctx):
    made = []
    for n, name in enumerate(NAMES):
        made.append(families.create_family(ctx, families.FamilyInput(
            name=name, guardians=(families.GuardianInput(["Jean", "Marie", "Léa", "Thomas"][n % 4], name, is_payer=True,
                                                         phone_mobile=f"06 {n:02d} 34 5{n % 10} 78",
                                                         email=f"contact{n}.f@mail{n % 3}.fr"),),
            children=(families.ChildInput(["Élodie", "Marc", "Jeanne"][n % 3], name, dt.date(2012, 1 + n % 12, 3)),),
        )))
    families.set_archived(ctx, made[1].id, True)
    return made


@pytest.mark.parametrize("query", ["m", "ma", "mar", "jean", "je", "ELO", "marie rose", "mail1", "fr", "06", "345",
                                   "34 5", "zz", "A01-0000", "le", "t", "marc mar"])
def test_reading_names_in_order_finds_what_sorting_the_matches_finds(ctx, twenty_families, monkeypatch, query):
    """The two ways to the first results (on SQLite: sort the full-text index's matches, or read
    the names in order checking each) give the same families in the same order, archived or not;
    PostgreSQL always reads the names in order."""
    from ems_desktop.services import search

    for include_archived in (False, True):
        monkeypatch.setattr(search, "_sort_at_most", lambda families: 10 ** 9)
        sorted_matches = [r.id for r in search_families(ctx, query, limit=7, include_archived=include_archived)]
        monkeypatch.setattr(search, "_sort_at_most", lambda families: 0)
        names_in_order = [r.id for r in search_families(ctx, query, limit=7, include_archived=include_archived)]
        assert names_in_order == sorted_matches


def test_reading_names_in_order_uses_the_name_index_without_sorting(ctx, database, twenty_families, monkeypatch):
    """The first hundred of a common prefix are read in the name index's order and reading stops
    there: no sort of every family."""
    from sqlalchemy import event

    from ems_desktop.services import search

    engine = database.engine
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner chooses for itself")
    monkeypatch.setattr(search, "_sort_at_most", lambda families: 0)
    executed = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        executed.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        assert search_families(ctx, "ma")
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    statement, parameters = next((sql, p) for sql, p in executed if "ORDER BY families.name" in sql)
    with engine.connect() as conn:
        plan = " / ".join(row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
    # Read in the index's order (which holds what the search checks: a family's row is read only
    # once it matches), and no sort.
    assert plan.startswith("SCAN families USING INDEX ix_families_name_reference") and "TEMP B-TREE" not in plan, plan


def test_the_search_indexes_follow_every_change_of_families(ctx, database, twenty_families):
    """SQLite's name order and trigram index are kept by triggers: after creations, a rename and
    an archiving they hold exactly the families' rows."""
    from sqlalchemy import text

    if database.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's search indexes only")
    renamed = twenty_families[3]
    families.update_family(ctx, renamed.id, families.FamilyInput(
        name="Aubry",
        guardians=(families.GuardianInput("Jean", "Aubry", is_payer=True, phone_mobile="07 98 76 54 32"),),
        children=()))
    families.set_archived(ctx, twenty_families[4].id, True)
    with database.engine.connect() as conn:
        expected = conn.execute(text("SELECT rowid, id, name, reference, archived_at IS NOT NULL FROM families "
                                     "ORDER BY rowid")).all()
        kept = conn.execute(text("SELECT family_rowid, id, name, reference, archived FROM family_order "
                                 "ORDER BY family_rowid")).all()
        assert [tuple(r) for r in kept] == [tuple(r) for r in expected]
        found = conn.execute(text("SELECT rowid FROM family_fragments WHERE family_fragments MATCH '\"987654\"'")).all()
    assert len(found) == 1 and [r.name for r in search_families(ctx, "98 76 54")] == ["Aubry"]
