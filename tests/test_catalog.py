"""The seed's catalog as a data file, and the administrator's import of a catalog file."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ems_desktop.models import ActivityGroup, Offer, OfferKind, PriceBand, Season
from ems_desktop.paths import CATALOGS
from ems_desktop.services import catalog
from ems_desktop.services.errors import CatalogFileError

HEADER = (CATALOGS / "2017-2018.csv").read_text(encoding="utf-8").splitlines()[0]
GOOD_LINE = ("2028/2029;A;EMS-2028-T1;EMS année 2028/2029 1er trimestre;EMS 2028/2029 1er trim.;trimestre;"
             "20/09/2028;06/12/2028;7/11 ans Escalade;Escalade;7;11;age;12;mercredi;13:30;16:30;Gymnase;40,00;")


def offers_of(ctx, season_label):
    with ctx.reading() as s:
        season = s.scalar(select(Season).where(Season.label == season_label))
        return {o.label: (o.kind, o.starts_on, o.ends_on, {g.label: (g.age_min, g.age_max, g.price_cents, g.weekday)
                                                           for g in o.groups}) for o in season.offers}


def test_2017_2018_is_the_seed_catalog(catalog_2017):
    offers = offers_of(catalog_2017, "2017/2018")
    first = offers["EMS année 2017/2018 1er trimestre"]
    assert first[:3] == (OfferKind.TRIMESTER, dt.date(2017, 9, 20), dt.date(2017, 12, 6))
    assert list(first[3]) == ["7/11 ans Escalade", "7/11 ans Montagne", "7/11 ans Roller ou patin à glace",
                              "7/11 ans VTT ou initiation bowling", "8/11 Badminton", "8/11 ans Billard français"]
    assert first[3]["7/11 ans VTT ou initiation bowling"] == (7, 11, 4000, 2)
    second = offers["EMS année 2017/2018 2ème trimestre"]
    assert second[1:3] == (dt.date(2018, 1, 10), dt.date(2018, 3, 28))
    assert second[3]["7/10 ans Tir à l'arc"] == (7, 10, 4000, 2)
    assert "EMS année 2017/2018 2ème trimestre Ski" in offers
    third = offers["EMS année 2017/2018 3ème trimestre"]
    assert third[1:3] == (dt.date(2018, 4, 4), dt.date(2018, 6, 27))
    assert third[3]["9/11 ans Roller"] == (9, 11, 4000, 2)
    for label, day in [("U - Spartiate Race 09/08/2017", dt.date(2017, 8, 9)),
                       ("V - Parc aquatique Aix les bains 10/08/2017", dt.date(2017, 8, 10)),
                       ("W - Water games 21/07/2017", dt.date(2017, 7, 21)),
                       ("X - Lazer game 26/07/2017", dt.date(2017, 7, 26)),
                       ("Y - Lazer game extérieur 02/08/2017", dt.date(2017, 8, 2))]:
        assert offers[label][:3] == (OfferKind.OUTING, day, day)
    assert offers["TJ3 2017-07 Stage cinéma 12-17 ans"][0] == OfferKind.STAGE
    # Every trimester group costs 40,00 €, as in the seed's recap.
    trimester_prices = {p for o in offers.values() if o[0] == OfferKind.TRIMESTER for (_, _, p, _) in o[3].values()}
    assert trimester_prices == {4000}


def test_2026_2027_has_the_same_shape_with_quotient_bands(ctx):
    catalog.import_catalog_file(ctx, CATALOGS / "2026-2027.csv")
    offers = offers_of(ctx, "2026/2027")
    assert len(offers) == 10
    assert offers["EMS année 2026/2027 1er trimestre"][1:3] == (dt.date(2026, 9, 16), dt.date(2026, 12, 9))
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(PriceBand)) == 15 * 3


def test_importing_again_updates_and_adds_nothing_twice(catalog_2017):
    summary = catalog.import_catalog_file(catalog_2017, CATALOGS / "2017-2018.csv")
    assert summary.groups_created == 0 and summary.offers_created == 0
    assert summary.groups_updated == 21
    with catalog_2017.reading() as s:
        assert s.scalar(select(func.count()).select_from(ActivityGroup)) == 21
        assert s.scalar(select(func.count()).select_from(Offer)) == 10


def test_a_new_season_file_is_imported(ctx):
    summary = catalog.import_catalog(ctx, HEADER + "\n" + GOOD_LINE + "\n")
    assert summary.seasons == ("2028/2029",) and summary.groups_created == 1


@pytest.mark.parametrize("line, expected", [
    (GOOD_LINE.replace(";7;11;", ";douze;11;"), (2, "age_min", "« douze » n'est pas un nombre entier")),
    (GOOD_LINE.replace("20/09/2028", "31/09/2028"), (2, "debut", "« 31/09/2028 » n'est pas une date jj/mm/aaaa")),
    (GOOD_LINE.replace(";mercredi;", ";mercrdi;"), (2, "jour", None)),
    (GOOD_LINE.replace(";40,00;", ";quarante;"), (2, "tarif", None)),
    (GOOD_LINE.replace(";7;11;", ";11;7;"), (2, "age_max", None)),
    (GOOD_LINE.replace(";trimestre;", ";semestre;"), (2, "type", None)),
    (GOOD_LINE.replace(";12;mercredi", ";0;mercredi"), (2, "places", None)),
    (GOOD_LINE.replace("2028/2029", "2028-29"), (2, "saison", None)),
    (GOOD_LINE.replace(";13:30;16:30;", ";16:30;13:30;"), (2, "heure_fin", None)),
    (GOOD_LINE + "0-500:20,00|400-:30,00", (2, "tarifs_qf", "les tranches de quotient se chevauchent à partir de 400")),
    (GOOD_LINE.replace(";7/11 ans Escalade;", ";;"), (2, "groupe", "valeur obligatoire manquante")),
])
def test_a_malformed_file_is_refused_naming_line_and_field(ctx, line, expected):
    text = "\n".join([HEADER, GOOD_LINE.replace("Escalade;Escalade", "Montagne;Montagne"), line]) + "\n"
    with pytest.raises(CatalogFileError) as err:
        catalog.import_catalog(ctx, text)
    line_no, field, message = err.value.problems[0]
    assert (line_no, field) == (expected[0] + 1, expected[1])
    if expected[2]:
        assert message == expected[2]
    assert f"Ligne {expected[0] + 1}, champ « {expected[1]} »" in err.value.message
    # Nothing of the file was imported, not even its good first line.
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(Season)) == 0
        assert s.scalar(select(func.count()).select_from(ActivityGroup)) == 0


def test_missing_columns_and_duplicate_groups_are_refused(ctx):
    with pytest.raises(CatalogFileError) as err:
        catalog.import_catalog(ctx, "saison;zone\n2028/2029;A\n")
    assert (1, "code_dispositif", "colonne absente de l'en-tête") in err.value.problems
    with pytest.raises(CatalogFileError) as err:
        catalog.import_catalog(ctx, "\n".join([HEADER, GOOD_LINE, GOOD_LINE]))
    assert err.value.problems == [
        (3, "groupe", "le groupe « 7/11 ans Escalade » figure deux fois dans EMS année 2028/2029 1er trimestre")]


def test_an_outing_on_the_wrong_weekday_is_refused(ctx):
    line = ("2028/2029;A;X;X - Lazer game 26/07/2028;Lazer;sortie;26/07/2028;26/07/2028;10/17 ans Lazer game;"
            "Lazer;10;17;age;16;jeudi;13:30;17:30;Car;15,00;")
    with pytest.raises(CatalogFileError) as err:
        catalog.import_catalog(ctx, HEADER + "\n" + line)
    assert err.value.problems == [(2, "jour", "le 26/07/2028 n'est pas un jeudi")]


def test_file_not_in_utf8_is_refused(ctx, tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_bytes((HEADER + "\n" + GOOD_LINE).encode("cp1252"))
    with pytest.raises(CatalogFileError) as err:
        catalog.import_catalog_file(ctx, path)
    assert "UTF-8" in err.value.message
