"""Family dossiers: validation messages in French, names kept as typed, edits saved and reloaded."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from ems_desktop.models import Family
from ems_desktop.services import families
from ems_desktop.services.errors import ValidationFailed
from tests.helpers import make_family


def base_input(**changes) -> families.FamilyInput:
    data = families.FamilyInput(
        name="N'Diaye",
        guardians=(families.GuardianInput("Aïssatou", "N'Diaye", is_payer=True, phone_mobile="0612345678",
                                          email="aissatou@example.fr"),),
        children=(families.ChildInput("Zoé", "N'Diaye-Çelik", dt.date(2010, 5, 4)),),
        quotient=650,
    )
    return dataclasses.replace(data, **changes)


def test_names_keep_accents_hyphens_and_apostrophes(ctx):
    view = families.create_family(ctx, base_input())
    assert view.name == "N'Diaye"
    assert view.children[0].first_name == "Zoé" and view.children[0].last_name == "N'Diaye-Çelik"
    assert view.guardians[0].phone_mobile == "06 12 34 56 78"
    assert view.reference == "A01-00001"
    assert families.create_family(ctx, base_input(name="Çelik")).reference == "A01-00002"


@pytest.mark.parametrize("changes, field, message", [
    ({"name": "  "}, "name", "Le nom de la famille est obligatoire."),
    ({"name": "Dupont2"}, "name",
     "Le nom de la famille ne peut contenir que des lettres, espaces, traits d'union et apostrophes."),
    ({"quotient": -1}, "quotient", "Le quotient familial ne peut pas être négatif."),
    ({"email": "dupont@"}, "email", "« dupont@ » n'est pas une adresse e-mail valide (ex. prenom.nom@exemple.fr)."),
    ({"phone": "12 34"}, "phone", "« 12 34 » n'est pas un numéro de téléphone français (ex. 06 12 34 56 78)."),
    ({"guardians": ()}, "guardians", "Indiquez au moins un responsable."),
    ({"children": (families.ChildInput("Zoé", "Petit", dt.date(2030, 1, 1)),)}, "children.0.birth_date",
     "La date de naissance est dans le futur."),
    ({"children": (families.ChildInput("Zoé", "Petit", dt.date(1990, 1, 1)),)}, "children.0.birth_date",
     "Cet enfant a plus de 18 ans : l'École Municipale des Sports accueille des mineurs."),
    ({"children": (families.ChildInput("", "Petit", dt.date(2010, 1, 1)),)}, "children.0.first_name",
     "Le prénom est obligatoire."),
])
def test_each_bad_input_is_refused_with_its_message_and_nothing_is_saved(ctx, changes, field, message):
    with pytest.raises(ValidationFailed) as err:
        families.create_family(ctx, base_input(**changes))
    assert err.value.errors[field] == message
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(Family)) == 0


def test_one_and_only_one_payer(ctx):
    two = (families.GuardianInput("A", "B", is_payer=True), families.GuardianInput("C", "B", is_payer=True))
    with pytest.raises(ValidationFailed) as err:
        families.create_family(ctx, base_input(guardians=two))
    assert err.value.errors["guardians"] == "Un et un seul responsable doit être le payeur."


def test_edits_are_saved_and_reloaded(ctx):
    view = make_family(ctx)
    lise = view.children[0]
    edited = families.FamilyInput(
        name="Berthier", guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True, email="c@example.fr"),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", dt.date(2009, 2, 14), id=lise.id,
                                      allergies="Arachides", may_leave_alone=True,
                                      pickups=(families.PickupInput("Monique Berthier", "grand-mère", "0479370011"),)),
                  families.ChildInput("Théo", "Berthier", dt.date(2012, 7, 1))),
        city="Albertville", quotient=820,
    )
    families.update_family(ctx, view.id, edited)
    again = families.get_family(ctx, view.id)
    assert again.city == "Albertville" and again.quotient == 820
    assert [c.first_name for c in again.children] == ["Lise-Roxelane", "Théo"]
    assert again.children[0].id == lise.id  # same child, so her enrollments stay hers
    assert again.children[0].allergies == "Arachides" and again.children[0].may_leave_alone
    assert again.children[0].pickups[0].phone == "04 79 37 00 11"
    assert again.children[0].age == 8  # on 21/06/2017, the test clock's day


def test_a_child_who_turned_19_does_not_block_the_dossier(ctx, clock):
    view = make_family(ctx, children=(("Lise-Roxelane", dt.date(2000, 1, 1)),))  # 17 on 21/06/2017
    clock.advance(days=365 * 3)
    lise = view.children[0]
    data = families.FamilyInput(name="Berthier",
                                guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True),),
                                children=(families.ChildInput("Lise-Roxelane", "Berthier", lise.birth_date,
                                                              id=lise.id),),
                                city="Albertville")
    assert families.update_family(ctx, view.id, data).city == "Albertville"
    # A new child of 19 is still refused.
    with pytest.raises(ValidationFailed):
        families.update_family(ctx, view.id, dataclasses.replace(
            data, children=data.children + (families.ChildInput("Paul", "Berthier", dt.date(1999, 1, 1)),)))


def test_a_saved_dossier_keeps_its_guardians_and_pickups(ctx):
    """Saving a dossier keeps the rows of its guardians and pick-up persons (their ids): changed
    in place, new ones added, removed ones only removed — whatever their order in the form."""
    from ems_desktop.models import AuthorizedPickup, Guardian

    created = families.create_family(ctx, families.FamilyInput(
        name="Berthier",
        guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True),
                   families.GuardianInput("Marc", "Berthier")),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", dt.date(2009, 2, 14),
                                      pickups=(families.PickupInput("Jeanne Roux", "grand-mère"),)),)))

    def ids():
        with ctx.reading() as s:
            guardians = {g.first_name: g.id
                         for g in s.scalars(select(Guardian).where(Guardian.family_id == created.id))}
            pickups = {p.full_name: p.id for p in s.scalars(select(AuthorizedPickup))}
        return guardians, pickups

    before_guardians, before_pickups = ids()
    child = created.children[0]
    edited = families.FamilyInput(
        name="Berthier",
        # Marc first now, with a phone; Claire after him; Julie is new.
        guardians=(families.GuardianInput("Marc", "Berthier", phone_mobile="06 12 34 56 78"),
                   families.GuardianInput("Claire", "Berthier", is_payer=True),
                   families.GuardianInput("Julie", "Berthier")),
        children=(families.ChildInput(child.first_name, child.last_name, child.birth_date, id=child.id,
                                      pickups=(families.PickupInput("Jeanne Roux", "grand-mère", "06 98 76 54 32"),
                                               families.PickupInput("Paul Roux", "grand-père"))),))
    view = families.update_family(ctx, created.id, edited)
    after_guardians, after_pickups = ids()
    assert (after_guardians["Marc"] == before_guardians["Marc"]
            and after_guardians["Claire"] == before_guardians["Claire"])
    assert after_pickups["Jeanne Roux"] == before_pickups["Jeanne Roux"] and "Paul Roux" in after_pickups
    assert [g.first_name for g in view.guardians] == ["Marc", "Claire", "Julie"]
    assert view.guardians[0].phone_mobile == "06 12 34 56 78"
    # Removing one keeps the others.
    removed = dataclasses.replace(edited, guardians=edited.guardians[1:])
    families.update_family(ctx, created.id, removed)
    last_guardians, _ = ids()
    assert set(last_guardians) == {"Claire", "Julie"} and last_guardians["Claire"] == before_guardians["Claire"]
    assert last_guardians["Julie"] == after_guardians["Julie"]
