"""Importing a season's catalog again: a file that would leave a group with fewer places than it
has taken, or that would move a season to another holiday zone, is refused naming the line, the
group and the numbers — nothing of it is imported, nothing changes silently."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ems_desktop.models import ActivityGroup, Enrollment, EnrollmentStatus, Offer, Season
from ems_desktop.paths import CATALOGS
from ems_desktop.services import catalog, enrollment
from ems_desktop.services.errors import CatalogFileError
from tests.helpers import group_id, make_family

LINES = (CATALOGS / "2017-2018.csv").read_text(encoding="utf-8").splitlines()
ESCALADE = ("EMS-2017-T1", "7/11 ans Escalade")  # line 2 of the file, 12 places
MONTAGNE = ("EMS-2017-T1", "7/11 ans Montagne")  # line 3, 40,00 €
ESCALADE_ADVICE = ("Un import n'annule aucune inscription : annulez d'abord celles en trop, ou gardez assez de "
                   "places")


def edited(line: int, old: str, new: str, lines=LINES) -> list[str]:
    """The seed's file with one field of line ``line`` (1 = the header) changed."""
    lines = list(lines)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return lines


def text(lines) -> str:
    return "\n".join(lines) + "\n"


class Stored:
    def __init__(self, group: ActivityGroup) -> None:
        self.id, self.capacity, self.price_cents = group.id, group.capacity, group.price_cents


def stored(ctx, offer_code: str, label: str) -> Stored:
    with ctx.reading() as s:
        return Stored(s.scalar(select(ActivityGroup).join(Offer).where(Offer.code == offer_code,
                                                                       ActivityGroup.label == label)))


@pytest.fixture
def escalade_taken(catalog_2017):
    """Four children in the Escalade group: three confirmed (invoiced), one pending payment whose
    2-hour hold runs."""
    family = make_family(catalog_2017, "Perrin", children=(("Léa", dt.date(2008, 3, 1)), ("Hugo", dt.date(2009, 5, 2)),
                                                          ("Inès", dt.date(2010, 1, 3)), ("Noé", dt.date(2008, 11, 4))))
    ids = [enrollment.enroll(catalog_2017, child.id, group_id(catalog_2017, *ESCALADE)).id for child in family.children]
    with catalog_2017.db.session() as s:  # confirmation belongs to the checkout; here only the status matters
        for enrollment_id in ids[:3]:
            s.get(Enrollment, enrollment_id).status = EnrollmentStatus.CONFIRMED
    return catalog_2017


def test_a_capacity_below_the_places_taken_is_refused_and_nothing_is_imported(escalade_taken):
    ctx = escalade_taken
    lines = edited(2, ";age;12;mercredi;", ";age;2;mercredi;")
    lines = edited(3, ";40,00;", ";45,00;", lines)  # another change of the same file
    with pytest.raises(CatalogFileError) as refused:
        catalog.import_catalog(ctx, text(lines))
    assert refused.value.problems == [(2, "places", (
        "le groupe « 7/11 ans Escalade » (EMS année 2017/2018 1er trimestre) compte 3 inscriptions confirmées "
        "et 1 place réservée en attente de paiement : 2 places ne suffisent pas (il en faut au moins 4). "
        + ESCALADE_ADVICE))]
    assert refused.value.message.startswith("Le fichier de catalogue est refusé, rien n'a été importé.\n"
                                            "Ligne 2, champ « places » : le groupe « 7/11 ans Escalade »")
    assert stored(ctx, *ESCALADE).capacity == 12 and stored(ctx, *MONTAGNE).price_cents == 4000


def test_a_running_hold_counts_among_the_places_taken(escalade_taken):
    """Three confirmed and one pending: 3 places would leave the pending child, who may still pay
    at the counter, over the capacity. Once the hold has expired, 3 places are accepted."""
    ctx = escalade_taken
    with pytest.raises(CatalogFileError) as refused:
        catalog.import_catalog(ctx, text(edited(2, ";age;12;mercredi;", ";age;3;mercredi;")))
    (line, field, message), = refused.value.problems
    assert (line, field) == (2, "places")
    assert "compte 3 inscriptions confirmées et 1 place réservée en attente de paiement : 3 places ne suffisent " \
           "pas (il en faut au moins 4)" in message
    ctx.clock.advance(hours=3)
    catalog.import_catalog(ctx, text(edited(2, ";age;12;mercredi;", ";age;3;mercredi;")))
    assert stored(ctx, *ESCALADE).capacity == 3


def test_a_capacity_lowered_to_the_places_taken_or_above_is_accepted(escalade_taken):
    ctx = escalade_taken
    summary = catalog.import_catalog(ctx, text(edited(2, ";age;12;mercredi;", ";age;4;mercredi;")))
    assert summary.groups_updated == 21
    assert stored(ctx, *ESCALADE).capacity == 4
    places = enrollment.places_left(ctx, group_ids=[stored(ctx, *ESCALADE).id])
    assert places[stored(ctx, *ESCALADE).id].full  # the next child is offered the waiting list


def test_a_group_may_keep_exactly_its_confirmed_children(catalog_2017):
    family = make_family(catalog_2017, "Petit", children=(("Noé", dt.date(2008, 11, 4)),))
    done = enrollment.enroll(catalog_2017, family.children[0].id, group_id(catalog_2017, *ESCALADE))
    with catalog_2017.db.session() as s:
        s.get(Enrollment, done.id).status = EnrollmentStatus.CONFIRMED
    # A group cannot have 0 places (the file's own check); on its own a confirmed child needs 1.
    catalog.import_catalog(catalog_2017, text(edited(2, ";age;12;mercredi;", ";age;1;mercredi;")))
    assert stored(catalog_2017, *ESCALADE).capacity == 1


def test_several_groups_too_small_are_all_named(escalade_taken):
    ctx = escalade_taken
    family = make_family(ctx, "Roux", children=(("Jade", dt.date(2008, 6, 6)), ("Tom", dt.date(2009, 7, 7))))
    for child in family.children:
        done = enrollment.enroll(ctx, child.id, group_id(ctx, *MONTAGNE))
        with ctx.db.session() as s:
            s.get(Enrollment, done.id).status = EnrollmentStatus.CONFIRMED
    lines = edited(3, ";age;14;mercredi;", ";age;1;mercredi;", edited(2, ";age;12;mercredi;", ";age;1;mercredi;"))
    with pytest.raises(CatalogFileError) as refused:
        catalog.import_catalog(ctx, text(lines))
    assert [(line, field) for line, field, _ in refused.value.problems] == [(2, "places"), (3, "places")]
    assert refused.value.problems[1][2].startswith(
        "le groupe « 7/11 ans Montagne » (EMS année 2017/2018 1er trimestre) compte 2 inscriptions confirmées : "
        "1 place ne suffit pas (il en faut au moins 2).")


def test_changing_a_seasons_zone_by_an_import_is_refused(catalog_2017):
    lines = [line.replace("2017/2018;A;", "2017/2018;B;", 1) for line in LINES]
    lines = edited(3, ";40,00;", ";45,00;", lines)
    with pytest.raises(CatalogFileError) as refused:
        catalog.import_catalog(catalog_2017, text(lines))
    assert refused.value.problems == [(2, "zone", (
        "la saison 2017/2018 est en zone A ; ce fichier la met en zone B. Un import ne change pas la zone d'une "
        "saison (toutes ses séances changeraient de date) : corrigez la colonne « zone », ou changez d'abord la "
        "zone dans Fichier › Paramètres"))]
    with catalog_2017.reading() as s:
        assert s.scalar(select(Season.holiday_zone).where(Season.label == "2017/2018")) == "A"
    assert stored(catalog_2017, *MONTAGNE).price_cents == 4000


def test_an_old_file_does_not_undo_a_zone_chosen_in_the_settings(catalog_2017):
    """The administrator moved the season to zone B in Paramètres; the season's file, still saying
    A, is refused instead of moving every session back."""
    with catalog_2017.db.session() as s:
        s.scalar(select(Season).where(Season.label == "2017/2018")).holiday_zone = "B"
    with pytest.raises(CatalogFileError) as refused:
        catalog.import_catalog_file(catalog_2017, CATALOGS / "2017-2018.csv")
    assert refused.value.problems[0][:2] == (2, "zone")
    assert "est en zone B ; ce fichier la met en zone A" in refused.value.problems[0][2]
    with catalog_2017.reading() as s:
        assert s.scalar(select(Season.holiday_zone).where(Season.label == "2017/2018")) == "B"


def test_a_zone_and_a_capacity_problem_are_reported_together(escalade_taken):
    lines = [line.replace("2017/2018;A;", "2017/2018;C;", 1)
             for line in edited(2, ";age;12;mercredi;", ";age;2;mercredi;")]
    with pytest.raises(CatalogFileError) as refused:
        catalog.import_catalog(escalade_taken, text(lines))
    assert [(line, field) for line, field, _ in refused.value.problems] == [(2, "places"), (2, "zone")]
