"""The catalog administered in the application (services/catalog_admin.py): every refusal saves
nothing; next season is prepared from this one with its dates on the same weekdays; a season exported
and imported again is the same file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from ems_desktop.models import ActivityGroup, Enrollment, EnrollmentStatus, Offer, Season, SeasonStatus
from ems_desktop.paths import CATALOGS
from ems_desktop.services import agents, catalog, catalog_admin, checkout, enrollment, grid, planning
from ems_desktop.services.catalog_admin import GroupInput, NeedsConfirmation, OfferInput, SeasonInput
from ems_desktop.services.central import CentralDatabaseOnly
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.services.permissions import PermissionDenied
from tests.helpers import group_id, make_family

VTT = ("EMS-2017-T1", "7/11 ans VTT ou initiation bowling")  # Lise-Roxelane's group of the 1er trimestre


def season_id(ctx, label):
    with ctx.reading() as s:
        return s.scalar(select(Season.id).where(Season.label == label))


def detached(s, row):
    """The row as read, kept readable once the reading session ends."""
    if row is not None:
        s.expunge(row)
    return row


def offer_of(ctx, code):
    with ctx.reading() as s:
        return detached(s, s.scalar(select(Offer).where(Offer.code == code)))


def group_row(ctx, gid):
    with ctx.reading() as s:
        return detached(s, s.get(ActivityGroup, gid))


def group_input(group: ActivityGroup, **changes) -> GroupInput:
    values: dict[str, Any] = dict(
        label=group.label, activity=group.activity, age_rule=group.age_rule, age_from=str(group.age_min),
        age_to=str(group.age_max), capacity=str(group.capacity), weekday=group.weekday,
        start_time=f"{group.start_time:%H:%M}", end_time=f"{group.end_time:%H:%M}", place=group.place,
        price=f"{group.price_cents // 100},{group.price_cents % 100:02d}")
    values.update(changes)
    return GroupInput(**values)


def offer_input(offer: Offer, **changes) -> OfferInput:
    values = dict(code=offer.code, label=offer.label, invoice_label=offer.invoice_label, kind=offer.kind,
                  starts_on=f"{offer.starts_on:%d/%m/%Y}", ends_on=f"{offer.ends_on:%d/%m/%Y}")
    values.update(changes)
    return OfferInput(**values)


@pytest.fixture
def admin(catalog_2017, agent_ctx):
    """The office's administrator, at the same counter."""
    agent = agents.create_agent(catalog_2017, login="a.durand", display_name="Alice Durand",
                                password="Neige-bleue-2026", roles=["administrateur"])
    return catalog_2017.as_actor(Actor(agent_id=agent.id, counter_id=catalog_2017.actor.counter_id))


@pytest.fixture
def paid(recap, till, agent_ctx):
    """The seed family's Lise-Roxelane, confirmed (paid in cash) in three groups of 2017/2018."""
    family, ids = recap
    checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 12000)])
    return family


def test_a_group_cannot_get_fewer_places_than_taken(agent_ctx, paid, admin):
    gid = group_id(agent_ctx, *VTT)
    before = group_row(agent_ctx, gid)
    with pytest.raises(ValidationFailed) as refused:
        catalog_admin.save_group(admin, before.offer_id, gid, group_input(before, capacity="0"))
    assert refused.value.errors == {"capacity": "Le nombre de places doit être entre 1 et 9999."}
    # One confirmed child: 1 place is the least.
    catalog_admin.save_group(admin, before.offer_id, gid, group_input(before, capacity="2"))
    # Another child holds a place (pending payment): now 2 are taken.
    other = make_family(agent_ctx, name="Martin", children=(("Noé", dt.date(2009, 5, 3)),))
    enrollment.enroll(agent_ctx, other.children[0].id, gid)
    with pytest.raises(ValidationFailed) as refused:
        catalog_admin.save_group(admin, before.offer_id, gid, group_input(before, capacity="1", label="Autre nom"))
    assert refused.value.errors == {"capacity": (
        "Le groupe compte 1 inscription(s) confirmée(s) et 1 place(s) réservée(s) en attente de paiement : il lui "
        "faut au moins 2 places. Annulez d'abord les inscriptions en trop, ou gardez assez de places.")}
    after = group_row(agent_ctx, gid)
    assert (after.capacity, after.label) == (2, before.label)  # nothing of the refused change saved


def test_a_period_that_drops_sold_sessions_asks_for_confirmation(agent_ctx, paid, admin):
    offer = offer_of(agent_ctx, VTT[0])
    season = season_id(agent_ctx, "2017/2018")
    shorter = offer_input(offer, ends_on="22/11/2017")  # the 29/11 and the 06/12 are gone
    with pytest.raises(NeedsConfirmation) as asked:
        catalog_admin.save_offer(admin, season, offer.id, shorter)
    assert asked.value.confirm == "confirm_dropped_sessions"
    assert asked.value.message.startswith("Ce changement supprime 2 séance(s) (29/11/2017, 06/12/2017) déjà "
                                          "vendue(s) à 1 enfant(s)")
    assert offer_of(agent_ctx, VTT[0]).ends_on == dt.date(2017, 12, 6)
    catalog_admin.save_offer(admin, season, offer.id, shorter, confirm_dropped_sessions=True)
    assert offer_of(agent_ctx, VTT[0]).ends_on == dt.date(2017, 11, 22)
    # A longer period drops nothing: no question asked.
    catalog_admin.save_offer(admin, season, offer.id, offer_input(offer, ends_on="13/12/2017"))


def test_an_age_bracket_excluding_enrolled_children_names_them(agent_ctx, paid, admin):
    gid = group_id(agent_ctx, *VTT)
    group = group_row(agent_ctx, gid)
    narrower = group_input(group, age_from="9", age_to="11")  # Lise-Roxelane is 8 on 20/09/2017
    with pytest.raises(NeedsConfirmation) as asked:
        catalog_admin.save_group(admin, group.offer_id, gid, narrower)
    assert asked.value.confirm == "keep_enrolled"
    assert "1 enfant(s) déjà inscrit(s) : Lise-Roxelane Berthier (14/02/2009)" in asked.value.message
    assert group_row(agent_ctx, gid).age_min == 7
    catalog_admin.save_group(admin, group.offer_id, gid, narrower, keep_enrolled=True)
    assert group_row(agent_ctx, gid).age_min == 9
    with agent_ctx.reading() as s:  # she stays enrolled
        assert s.scalar(select(Enrollment.status).where(Enrollment.group_id == gid)) == EnrollmentStatus.CONFIRMED


def test_the_forms_values_are_checked_field_by_field(agent_ctx, admin):
    offer = offer_of(agent_ctx, VTT[0])
    with pytest.raises(ValidationFailed) as refused:
        catalog_admin.save_group(admin, offer.id, None, GroupInput(
            label="", activity="", age_rule="age_at_start", age_from="12", age_to="9", capacity="douze",
            weekday=2, start_time="16h30", end_time="13:30", place="", price="-5"))
    assert refused.value.errors == {
        "label": "Le nom du groupe est obligatoire.",
        "capacity": "« douze » n'est pas un nombre entier.",
        "end_time": "L'heure de fin doit suivre l'heure de début.",
        "price": "Un tarif ne peut pas être négatif.",
        "age_to": "L'âge maximum (9) est inférieur à l'âge minimum (12).",
    }
    with pytest.raises(ValidationFailed) as refused:
        catalog_admin.save_offer(admin, offer.season_id, None, OfferInput(
            code="SORTIE-1", label="Sortie au lac", invoice_label="", kind="outing", starts_on="12/07/2018",
            ends_on="13/07/2018"))
    assert refused.value.errors == {"ends_on": "Une sortie a lieu un seul jour : la fin est le jour du début."}
    with pytest.raises(ValidationFailed) as refused:
        catalog_admin.save_offer(admin, offer.season_id, None, offer_input(offer, starts_on="31/02/2018"))
    assert refused.value.errors["starts_on"] == "« 31/02/2018 » n'est pas une date jj/mm/aaaa."
    with pytest.raises(ValidationFailed) as refused:  # the code of another offer
        catalog_admin.save_offer(admin, offer.season_id, None, offer_input(offer))
    assert refused.value.errors == {"code": "Le code EMS-2017-T1 est déjà celui d'un autre dispositif de la saison."}


def test_a_group_by_birth_years(agent_ctx, admin):
    offer = offer_of(agent_ctx, VTT[0])
    gid = catalog_admin.save_group(admin, offer.id, None, GroupInput(
        label="Nés 2008-2010 Tennis", activity="Tennis", age_rule="birth_year", age_from="2008", age_to="2010",
        capacity="12", weekday=2, start_time="14h", end_time="15:30", place="Tennis club", price="40,00"))
    group = group_row(agent_ctx, gid)
    assert (group.age_min, group.age_max, group.start_time) == (7, 9, dt.time(14, 0))  # in 2017


def test_what_has_enrollments_is_archived_never_deleted(agent_ctx, paid, admin):
    gid = group_id(agent_ctx, *VTT)
    with pytest.raises(DomainError) as refused:
        catalog_admin.delete_group(admin, gid)
    assert "a des inscriptions : il ne peut pas être supprimé. Archivez-le" in refused.value.message
    catalog_admin.set_group_archived(admin, gid, True)
    other = make_family(agent_ctx, name="Martin", children=(("Noé", dt.date(2009, 5, 3)),))
    with pytest.raises(DomainError) as refused:
        enrollment.enroll(agent_ctx, other.children[0].id, gid)
    assert refused.value.message == (
        "Le groupe « 7/11 ans VTT ou initiation bowling » est archivé : plus d'inscription possible.")
    season = season_id(agent_ctx, "2017/2018")
    offer = offer_of(agent_ctx, VTT[0])
    # Noé is not offered the group any more; Lise-Roxelane still sees hers.
    noe = grid.enrollment_grid(agent_ctx, other.id, season).cell(other.children[0].id, offer.id)
    assert gid not in [c.group_id for c in noe.choices]
    lise = grid.enrollment_grid(agent_ctx, paid.id, season).cell(paid.children[0].id, offer.id)
    assert lise.current.group_id == gid
    assert [c.reason for c in lise.choices if c.group_id == gid] == ["Groupe archivé : plus d'inscription."]
    # A group never used is deleted.
    fresh = catalog_admin.save_group(admin, offer.id, None, group_input(group_row(agent_ctx, gid), label="Nouveau"))
    catalog_admin.delete_group(admin, fresh)
    assert group_row(agent_ctx, fresh) is None


def test_a_season_in_preparation_is_not_offered_at_the_counter(agent_ctx, admin):
    new = catalog_admin.create_season(admin, SeasonInput("2018/2019", "A"))
    assert [s.label for s in grid.list_seasons(agent_ctx)] == ["2017/2018"]
    with pytest.raises(DomainError) as refused:
        catalog_admin.set_season_status(admin, new, SeasonStatus.OPEN)
    assert refused.value.message == "La saison 2018/2019 n'a encore aucun groupe : ajoutez-en avant de l'ouvrir."
    with pytest.raises(ValidationFailed) as refused:
        catalog_admin.create_season(admin, SeasonInput("2018/2019", "A"))
    assert refused.value.errors == {"label": "La saison 2018/2019 existe déjà."}
    with pytest.raises(ValidationFailed) as refused:
        catalog_admin.create_season(admin, SeasonInput("2019-2020", "D"))
    assert refused.value.errors == {"label": "« 2019-2020 » n'est pas une saison aaaa/aaaa (ex. 2027/2028).",
                                    "holiday_zone": "Choisissez la zone de vacances scolaires (A, B ou C)."}


def test_next_season_from_2017_2018(agent_ctx, clock, admin):
    source = season_id(agent_ctx, "2017/2018")
    plan = catalog_admin.plan_next_season(admin, source)
    assert plan.label == "2018/2019" and not plan.problem
    first = plan.offers[0]
    assert (first.code, first.label, first.invoice_label) == (
        "EMS-2018-T1", "EMS année 2018/2019 1er trimestre", "EMS 2018/2019 1er trim.")
    assert (first.starts_on, first.ends_on, first.sessions) == (dt.date(2018, 9, 19), dt.date(2018, 12, 5), 10)
    outing = next(o for o in plan.offers if o.code.startswith("U-"))
    assert (outing.code, outing.starts_on) == ("U-2018-08-08", dt.date(2018, 8, 8))  # a Wednesday, as on 09/08/2017
    assert outing.label.endswith("08/08/2018")

    new = catalog_admin.create_next_season(admin, source)
    with agent_ctx.reading() as s:
        season = s.get(Season, new)
        assert (season.label, season.status, season.holiday_zone) == ("2018/2019", SeasonStatus.PREPARATION, "A")
        assert len(season.offers) == 10 and sum(len(o.groups) for o in season.offers) == 21
        t1 = next(o for o in season.offers if o.code == "EMS-2018-T1")
        escalade = next(g for g in t1.groups if g.label == "7/11 ans Escalade")
        assert (escalade.capacity, escalade.price_cents, escalade.weekday) == (12, 4000, 2)
        escalade_id = escalade.id
    # The Wednesdays of the 1er trimestre 2018/2019, zone A (Toussaint: 20/10 to 05/11/2018).
    held = planning.group_schedule(agent_ctx, escalade_id).held_days
    assert held == tuple(dt.date(2018, m, d) for m, d in [
        (9, 19), (9, 26), (10, 3), (10, 10), (10, 17), (11, 7), (11, 14), (11, 21), (11, 28), (12, 5)])
    again = catalog_admin.plan_next_season(admin, source)
    assert again.problem == "La saison 2018/2019 existe déjà : ouvrez-la dans le catalogue."
    with pytest.raises(DomainError):
        catalog_admin.create_next_season(admin, source)
    catalog_admin.set_season_status(admin, new, SeasonStatus.OPEN)
    assert [s.label for s in grid.list_seasons(agent_ctx)] == ["2017/2018", "2018/2019"]


def test_a_season_exported_reads_back_as_the_same_file(ctx):
    text = (CATALOGS / "2026-2027.csv").read_text(encoding="utf-8")
    catalog.import_catalog(ctx, text)
    exported = catalog.export_season(ctx, season_id(ctx, "2026/2027"))
    assert exported == text
    assert catalog.parse_catalog(exported) == catalog.parse_catalog(text)


def test_changes_are_journaled_and_announced(agent_ctx, admin):
    heard = []
    agent_ctx.bus.subscribe(heard.extend)
    gid = group_id(agent_ctx, *VTT)
    group = group_row(agent_ctx, gid)
    catalog_admin.save_group(admin, group.offer_id, gid, group_input(group, capacity="20"))
    assert any(c.entity == "group" and gid in c.ids for c in heard)
    from ems_desktop.models import JournalEntry
    with agent_ctx.reading() as s:
        entry = s.scalar(select(JournalEntry).where(JournalEntry.entity == "group", JournalEntry.entity_id == gid,
                                                    JournalEntry.action == "updated"))
    assert entry is not None


def test_only_an_administrator_changes_the_catalog(catalog_2017):
    agent = agents.create_agent(catalog_2017, login="l.petit", display_name="Léa Petit", password="Table-verte-2026",
                                roles=["agent", "regisseur"])
    acting = catalog_2017.as_actor(Actor(agent_id=agent.id, counter_id=catalog_2017.actor.counter_id))
    gid = group_id(acting, *VTT)
    group = group_row(acting, gid)
    for call in (lambda: catalog_admin.save_group(acting, group.offer_id, gid, group_input(group, capacity="30")),
                 lambda: catalog_admin.catalog_overview(acting),
                 lambda: catalog_admin.create_next_season(acting, season_id(acting, "2017/2018"))):
        with pytest.raises(PermissionDenied):
            call()
    assert group_row(acting, gid).capacity == group.capacity


def test_a_synced_counter_sends_the_administrator_to_the_central_database(agent_ctx, admin):
    admin.outbox = True
    gid = group_id(agent_ctx, *VTT)
    group = group_row(agent_ctx, gid)
    with pytest.raises(CentralDatabaseOnly):
        catalog_admin.save_group(admin, group.offer_id, gid, group_input(group, capacity="30"))


def test_season_prices_by_quotient_band(agent_ctx, admin, paid):
    season = season_id(admin, "2017/2018")
    gid = group_id(admin, *VTT)
    prices = catalog_admin.season_prices(admin, season)
    assert prices.bounds == ()  # the seed's 2017/2018 has no bands: everyone pays 40,00 €
    assert prices.prices[gid] == (4000, ())
    with pytest.raises(ValidationFailed) as refused:
        catalog_admin.save_season_prices(admin, season, [("0", "700"), ("650", "")], {gid: ("40,00", ["25", "32"])})
    assert refused.value.errors == {"bands": "Les tranches de quotient se chevauchent à partir de 650."}
    with pytest.raises(ValidationFailed) as refused:
        catalog_admin.save_season_prices(admin, season, [("0", "700")], {gid: ("40,00", ["vingt"])})
    assert list(refused.value.errors) == [f"{gid}.band0"]
    assert catalog_admin.season_prices(admin, season).bounds == ()  # nothing saved
    other = group_id(admin, "EMS-2017-T1", "7/11 ans Escalade")
    catalog_admin.save_season_prices(admin, season, [("0", "700"), ("701", "")],
                                     {gid: ("42,00", ["25,00", "30,00"]), other: ("40,00", ["", "35,00"])})
    after = catalog_admin.season_prices(admin, season)
    assert after.bounds == ((0, 700), (701, None))
    assert after.prices[gid] == (4200, (2500, 3000))
    assert after.prices[other] == (4000, (None, 3500))  # an empty cell: the price without quotient applies
    # The child already enrolled keeps the price she was given.
    with admin.reading() as s:
        assert s.scalar(select(Enrollment.price_cents).where(Enrollment.group_id == gid)) == 4000
    assert catalog_admin.price_examples(4200, [(0, 700, 2500)]) == [
        ("Famille au quotient 450", "25,00\xa0€"), ("Famille au quotient 950", "42,00\xa0€"),
        ("Famille sans quotient valide", "42,00\xa0€")]


def test_an_outing_s_groups_go_out_on_its_day(agent_ctx, admin):
    outing = offer_of(admin, "U-2017-08-09")  # Wednesday 09/08/2017
    gid = group_id(admin, "U-2017-08-09", "10/17 ans Spartiate Race")
    with pytest.raises(ValidationFailed) as refused:
        catalog_admin.save_group(admin, outing.id, gid, dataclasses.replace(catalog_admin.group_input_of(admin, gid),
                                                                            weekday=3))
    assert refused.value.errors == {"weekday": "La sortie a lieu le 09/08/2017, un mercredi : choisissez ce jour."}
    catalog_admin.save_offer(admin, outing.season_id, outing.id, offer_input(outing, starts_on="10/08/2017",
                                                                             ends_on="10/08/2017"))
    assert group_row(admin, gid).weekday == 3  # Thursday, with its outing
