"""Search over families: any name, reference, phone or e-mail; case, accents and punctuation
ignored; kept up to date on every change (SQLite full-text index, LIKE on PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ems_desktop.services import families
from ems_desktop.services.search import fts_query, search_families, search_terms
from tests.helpers import make_family


@pytest.fixture
def three_families(ctx):
    berthier = make_family(ctx, "Berthier", children=(("Lise-Roxelane", dt.date(2009, 2, 14)),), email="")
    ndiaye = families.create_family(ctx, families.FamilyInput(
        name="N'Diaye", guardians=(families.GuardianInput("Aïssatou", "N'Diaye", is_payer=True, phone_mobile="07 11 22 33 44",
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
    data = families.FamilyInput(name="Berthier-Morel", guardians=(families.GuardianInput("Claire", "Morel", is_payer=True),),
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
    assert search_terms("Lise-Roxélane") == ["% lise%", "% roxelane%"]
    assert search_terms("06 12.34") == ["%061234%"]
    assert search_terms("50%_x") == ["% 50%", "% x%"]
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
