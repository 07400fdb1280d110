"""The planning through the stored catalog: session dates of the seed's trimesters, the
administrator's changes shown everywhere, years beyond the holiday packages, rosters, sheets."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest

from ems_desktop.services import catalog, enrollment, families, planning
from ems_desktop.services.errors import ValidationFailed
from tests.helpers import FIRST, SECOND, SEED_GROUPS, THIRD, confirm, group_id, make_family

D = dt.date


def test_the_three_trimesters_of_2017_2018(catalog_2017):
    days = [planning.group_schedule(catalog_2017, group_id(catalog_2017, *g)).held_days for g in SEED_GROUPS]
    assert list(days[0]) == FIRST and list(days[1]) == SECOND and list(days[2]) == THIRD


def test_lise_roxelanes_planning_cost_and_balance(catalog_2017):
    family = make_family(catalog_2017)
    lise = family.children[0]
    ids = [enrollment.enroll(catalog_2017, lise.id, group_id(catalog_2017, *g)).id for g in SEED_GROUPS]
    confirm(catalog_2017, ids[:2])
    season_id = enrollment_season(catalog_2017)
    plan = planning.child_planning(catalog_2017, lise.id, season_id)
    assert [e.status for e in plan.entries] == ["confirmed", "confirmed", "pending"]
    assert [e.group_label for e in plan.entries] == [g for _, g in SEED_GROUPS]
    assert plan.cost_cents == 12000 and plan.balance_due_cents == 0
    assert [(e.group_label, s.day) for e, s in plan.sessions_on(D(2017, 10, 4))] == [
        (SEED_GROUPS[0][1], D(2017, 10, 4))]
    assert plan.sessions_on(D(2017, 10, 25)) == []  # Toussaint
    assert plan.entries[0].schedule_label == "mercredi 13:30–16:30"


def enrollment_season(ctx):
    from sqlalchemy import select

    from ems_desktop.models import Season
    with ctx.reading() as s:
        return s.scalar(select(Season.id).where(Season.label == "2017/2018"))


def test_a_cancelled_and_an_added_session_show_everywhere(catalog_2017):
    gid = group_id(catalog_2017, *SEED_GROUPS[0])
    with pytest.raises(ValidationFailed) as err:
        planning.cancel_session(catalog_2017, gid, D(2017, 10, 11), " ")
    assert err.value.errors["reason"].startswith("Indiquez pourquoi")
    with pytest.raises(ValidationFailed) as err:
        planning.cancel_session(catalog_2017, gid, D(2017, 10, 12), "Grève")
    assert err.value.errors["day"] == "Le groupe n'a pas de séance le 12/10/2017."
    schedule = planning.cancel_session(catalog_2017, gid, D(2017, 10, 11), "Intempéries")
    cancelled = [s for s in schedule.sessions if s.day == D(2017, 10, 11)][0]
    assert cancelled.status == "cancelled" and cancelled.reason == "Intempéries"
    assert D(2017, 10, 11) not in planning.group_schedule(catalog_2017, gid).held_days
    schedule = planning.add_session(catalog_2017, gid, D(2017, 12, 13), "Rattrapage du 11/10")
    assert schedule.held_days[-1] == D(2017, 12, 13) and len(schedule.held_days) == 10
    # The season's view (what the planning tab and the benchmark read) says the same.
    season = planning.season_schedules(catalog_2017, enrollment_season(catalog_2017))
    assert season[gid].held_days == schedule.held_days


def test_a_closure_removes_sessions_of_every_group(catalog_2017):
    season = planning.season_schedules(catalog_2017, enrollment_season(catalog_2017))
    assert all(D(2017, 11, 15) in s.held_days for s in season.values() if s.held_days[:1] == (D(2017, 9, 20),))
    planning.add_closure(catalog_2017, D(2017, 11, 13), D(2017, 11, 19), "Gymnase fermé pour travaux")
    season = planning.season_schedules(catalog_2017, enrollment_season(catalog_2017))
    assert not any(D(2017, 11, 15) in s.held_days for s in season.values())
    skipped = [k for k in planning.group_schedule(catalog_2017, group_id(catalog_2017, *SEED_GROUPS[0])).skipped
               if k.day == D(2017, 11, 15)]
    assert [k.label for k in skipped] == ["Fermeture : Gymnase fermé pour travaux"]
    with pytest.raises(ValidationFailed) as err:
        planning.add_closure(catalog_2017, D(2017, 11, 19), D(2017, 11, 13), " ")
    assert set(err.value.errors) == {"last_day", "reason"}


def test_a_closure_of_one_place_or_one_group(catalog_2017):
    vtt = group_id(catalog_2017, *SEED_GROUPS[0])
    other = group_id(catalog_2017, "EMS-2017-T1", "7/11 ans Escalade")
    planning.add_closure(catalog_2017, D(2017, 11, 22), D(2017, 11, 22), "Sortie annulée", group_id=vtt)
    assert D(2017, 11, 22) not in planning.group_schedule(catalog_2017, vtt).held_days
    assert D(2017, 11, 22) in planning.group_schedule(catalog_2017, other).held_days
    place = catalog_place(catalog_2017, other)
    planning.add_closure(catalog_2017, D(2017, 11, 29), D(2017, 11, 29), "Gymnase réquisitionné",
                         place=place.upper())  # the place is matched whatever its case
    season = planning.season_schedules(catalog_2017, enrollment_season(catalog_2017))
    closed = {gid for gid, s in season.items() if s.held_days[:1] == (D(2017, 9, 20),)
              and D(2017, 11, 29) not in s.held_days}
    assert other in closed and all(catalog_place(catalog_2017, gid) == place for gid in closed)
    with pytest.raises(ValidationFailed) as err:
        planning.add_closure(catalog_2017, D(2017, 12, 6), D(2017, 12, 6), "x", group_id=vtt, place=place)
    assert "pas les deux" in err.value.errors["place"]


def catalog_place(ctx, gid):
    from ems_desktop.models import ActivityGroup
    with ctx.reading() as s:
        return s.get(ActivityGroup, gid).place


def test_schedules_are_cached_per_season_and_forgotten_on_a_planning_change(catalog_2017):
    season_id = enrollment_season(catalog_2017)
    gid = group_id(catalog_2017, *SEED_GROUPS[0])
    first = planning.season_schedules(catalog_2017, season_id)
    assert ("planning", "season", season_id) in catalog_2017.cache
    assert planning.season_schedules(catalog_2017, season_id)[gid] is first[gid]  # from the cache
    planning.cancel_session(catalog_2017, gid, D(2017, 9, 27), "Intempéries")
    assert D(2017, 9, 27) not in planning.season_schedules(catalog_2017, season_id)[gid].held_days


def test_every_planning_change_is_journaled(catalog_2017):
    from sqlalchemy import select

    from ems_desktop.models import JournalEntry
    gid = group_id(catalog_2017, *SEED_GROUPS[0])
    planning.cancel_session(catalog_2017, gid, D(2017, 10, 4), "Grève")
    planning.add_session(catalog_2017, gid, D(2017, 12, 13), "Rattrapage du 04/10")
    planning.add_closure(catalog_2017, D(2018, 2, 1), D(2018, 2, 2), "Travaux")
    planning.add_holiday_period(catalog_2017, "A", "Pont local", D(2018, 5, 11), D(2018, 5, 11))
    with catalog_2017.reading() as s:
        actions = s.scalars(select(JournalEntry.action).where(JournalEntry.entity == "planning")
                            .order_by(JournalEntry.recorded_at)).all()
    assert sorted(actions) == ["added", "cancelled", "closure", "holiday_period"]
    with pytest.raises(ValidationFailed) as err:
        planning.add_session(catalog_2017, gid, D(2017, 12, 20), "")
    assert err.value.errors["reason"].startswith("Indiquez pourquoi la séance est ajoutée")


def test_a_year_beyond_the_packages_asks_for_holidays_then_works(ctx):
    ctx.clock.current = dt.datetime(2031, 6, 1, 12, 0, tzinfo=dt.UTC)
    text = ("saison;zone;code_dispositif;dispositif;libelle_facture;type;debut;fin;groupe;activite;age_min;age_max;"
            "regle_age;places;jour;heure_debut;heure_fin;lieu;tarif;tarifs_qf\n"
            "2031/2032;A;EMS-2031-T1;EMS année 2031/2032 1er trimestre;EMS 2031/2032 1er trim.;trimestre;"
            "17/09/2031;10/12/2031;7/11 ans Escalade;Escalade;7;11;age;12;mercredi;13:30;16:30;Gymnase;40,00;\n")
    catalog.import_catalog(ctx, text)
    gid = group_id(ctx, "EMS-2031-T1", "7/11 ans Escalade")
    with pytest.raises(planning.PlanningUnavailable) as err:
        planning.group_schedule(ctx, gid)
    assert err.value.message == "Les vacances scolaires de 2031/2032 (zone A) ne sont pas connues : saisissez-les."
    # The child's planning does not fail: it carries the message the screen shows.
    family = make_family(ctx, "Petit", children=(("Noé", D(2022, 5, 5)),))
    enrollment.enroll(ctx, family.children[0].id, gid)
    with ctx.reading() as s:
        from sqlalchemy import select

        from ems_desktop.models import Season
        season_id = s.scalar(select(Season.id).where(Season.label == "2031/2032"))
    plan = planning.child_planning(ctx, family.children[0].id, season_id)
    assert plan.unavailable == err.value.message and plan.entries[0].sessions == ()
    for name, first, last in (("Vacances de la Toussaint", D(2031, 10, 18), D(2031, 11, 2)),
                              ("Vacances de Noël", D(2031, 12, 20), D(2032, 1, 4))):
        planning.add_holiday_period(ctx, "A", name, first, last)
    days = planning.group_schedule(ctx, gid).held_days
    assert D(2031, 10, 22) not in days and D(2031, 10, 29) not in days and D(2031, 11, 5) in days
    assert days[0] == D(2031, 9, 17) and days[-1] == D(2031, 12, 10)
    plan = planning.child_planning(ctx, family.children[0].id, season_id)
    assert plan.unavailable == "" and D(2031, 11, 5) in [s.day for s in plan.entries[0].sessions]


def test_roster_and_attendance_sheet(catalog_2017):
    gid = group_id(catalog_2017, *SEED_GROUPS[0])
    berthier = families.create_family(catalog_2017, families.FamilyInput(
        name="Berthier",
        guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True, phone_mobile="0612345678"),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", D(2009, 2, 14), allergies="Arachides",
                                      pickups=(families.PickupInput("Monique Berthier", "grand-mère",
                                                                    "0479370011"),)),)))
    other = make_family(catalog_2017, "Roux", children=(("Léo", D(2009, 9, 1)),))
    ids = [enrollment.enroll(catalog_2017, berthier.children[0].id, gid).id,
           enrollment.enroll(catalog_2017, other.children[0].id, gid).id]
    confirm(catalog_2017, ids[:1])
    roster = planning.group_roster(catalog_2017, gid)
    assert [(child.child_name, child.age, child.status) for child in roster.enrolled] == [
        ("Lise-Roxelane Berthier", 8, "confirmed"), ("Léo Roux", 8, "pending")]
    sheet = planning.attendance_sheet_data(catalog_2017, gid, D(2017, 10, 4))
    assert [(r.child_name, r.age, r.health_notes, r.emergency_phone) for r in sheet.rows] == [
        ("Lise-Roxelane Berthier", 8, "Arachides", "06 12 34 56 78")]
    pdf = planning.attendance_sheet(catalog_2017, gid, D(2017, 10, 4))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    assert "Lise-Roxelane Berthier" in text and "8 ans" in text and "Monique Berthier" in text
    assert "SANTÉ" in text and "Arachides" in text  # the health note is flagged
    assert "04/10/2017" in text and "06 12 34 56 78" in text
    assert "Léo Roux" not in text  # not confirmed yet
    with pytest.raises(ValidationFailed) as err:
        planning.attendance_sheet(catalog_2017, gid, D(2017, 10, 25))  # Toussaint
    assert err.value.errors["day"] == "Le groupe n'a pas de séance le 25/10/2017."
