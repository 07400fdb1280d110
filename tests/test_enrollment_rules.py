"""The enrollment rules, refusals included: age bracket, capacity and waiting list, one group per
offer, the 2-hour hold, prices by quotient familial."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ems_desktop.config import HOLD_MINUTES
from ems_desktop.models import ActivityGroup, EnrollmentStatus, JournalEntry
from ems_desktop.paths import CATALOGS
from ems_desktop.rules.age import BIRTH_YEAR, check_age
from ems_desktop.services import catalog, enrollment
from ems_desktop.services.errors import AgeNotAllowed, AlreadyEnrolled, GroupFull
from ems_desktop.services.settings import write_shared
from tests.helpers import group_id, make_family

VTT = ("EMS-2017-T1", "7/11 ans VTT ou initiation bowling")
ARC = ("EMS-2017-T2", "7/10 ans Tir à l'arc")
ROLLER = ("EMS-2017-T3", "9/11 ans Roller")
BILLARD = ("EMS-2017-T1", "8/11 ans Billard français")  # 8 places


def set_capacity(ctx, gid, capacity):
    with ctx.db.session() as s:
        s.get(ActivityGroup, gid).capacity = capacity


def test_lise_roxelane_is_enrolled_in_the_seeds_three_groups(catalog_2017):
    family = make_family(catalog_2017)
    lise = family.children[0]
    views = [enrollment.enroll(catalog_2017, lise.id, group_id(catalog_2017, *g)) for g in (VTT, ARC, ROLLER)]
    assert [v.status for v in views] == [EnrollmentStatus.PENDING] * 3
    assert [v.price_cents for v in views] == [4000, 4000, 4000]
    assert sum(v.price_cents for v in views) == 12000
    assert all(v.hold_expires_at == catalog_2017.now() + dt.timedelta(hours=2) for v in views)


@pytest.mark.parametrize("birth, age, allowed", [
    (dt.date(2006, 9, 20), 11, True),   # 11th birthday on the first day: still 11
    (dt.date(2005, 9, 21), 11, True),   # turns 12 the day after the first day
    (dt.date(2005, 9, 20), 12, False),  # 12 on the first day
    (dt.date(2010, 9, 20), 7, True),
    (dt.date(2010, 9, 21), 6, False),   # turns 7 a day too late
])
def test_age_is_counted_in_whole_years_on_the_offers_first_day(birth, age, allowed):
    verdict = check_age(first_name="Hugo", birth_date=birth, offer_first_day=dt.date(2017, 9, 20),
                        age_min=7, age_max=11)
    assert (verdict.age, verdict.allowed) == (age, allowed)


def test_the_seed_birth_window_makes_all_three_groups_valid():
    # The seed's three groups together take children born from 11/01/2007 (10 on 10/01/2018, the
    # first day of Tir à l'arc 7/10) to 04/04/2009 (9 on 04/04/2018, first day of Roller 9/11).
    groups = [(dt.date(2017, 9, 20), 7, 11), (dt.date(2018, 1, 10), 7, 10), (dt.date(2018, 4, 4), 9, 11)]

    def fits(birth):
        return all(check_age(first_name="L", birth_date=birth, offer_first_day=d, age_min=lo, age_max=hi).allowed
                   for d, lo, hi in groups)

    assert fits(dt.date(2007, 1, 11)) and fits(dt.date(2009, 4, 4)) and fits(dt.date(2009, 2, 14))
    assert fits(dt.date(2008, 1, 11))
    assert not fits(dt.date(2007, 1, 10)) and not fits(dt.date(2009, 4, 5))


def test_age_refusal_explains_itself(catalog_2017):
    family = make_family(catalog_2017, name="Durand", children=(("Hugo", dt.date(2005, 6, 1)),))
    with pytest.raises(AgeNotAllowed) as err:
        enrollment.enroll(catalog_2017, family.children[0].id,
                          group_id(catalog_2017, "EMS-2017-T1", "7/11 ans Escalade"))
    assert err.value.message == "Hugo aura 12 ans le 20/09/2017 ; ce groupe accueille les 7 à 11 ans."
    assert err.value.field == "group"


def test_birth_year_rule():
    allowed = check_age(first_name="Inès", birth_date=dt.date(2010, 12, 31), offer_first_day=dt.date(2017, 9, 20),
                        age_min=7, age_max=11, rule=BIRTH_YEAR)
    assert allowed.allowed and allowed.age == 7  # only 6 on 20/09/2017, but born in 2010
    refused = check_age(first_name="Inès", birth_date=dt.date(2011, 1, 1), offer_first_day=dt.date(2017, 9, 20),
                        age_min=7, age_max=11, rule=BIRTH_YEAR)
    assert refused.reason == "Inès est né(e) en 2011 ; ce groupe accueille les enfants nés de 2006 à 2010."


def test_a_second_group_in_the_same_offer_is_refused(catalog_2017):
    lise = make_family(catalog_2017).children[0]
    enrollment.enroll(catalog_2017, lise.id, group_id(catalog_2017, *VTT))
    with pytest.raises(AlreadyEnrolled) as err:
        enrollment.enroll(catalog_2017, lise.id, group_id(catalog_2017, "EMS-2017-T1", "7/11 ans Escalade"))
    assert err.value.message == (
        "Lise-Roxelane est déjà inscrit(e) au groupe « 7/11 ans VTT ou initiation bowling » pour "
        "EMS année 2017/2018 1er trimestre : un seul groupe par enfant et par dispositif.")
    # The Ski offer is a separate offer in the same period: allowed with the 2ème trimestre.
    enrollment.enroll(catalog_2017, lise.id, group_id(catalog_2017, *ARC))
    enrollment.enroll(catalog_2017, lise.id, group_id(catalog_2017, "EMS-2017-T2SKI", "7/11 ans Ski alpin"))


def test_full_group_offers_the_waiting_list_and_a_freed_place_goes_to_the_first_waiting(catalog_2017):
    gid = group_id(catalog_2017, *VTT)
    set_capacity(catalog_2017, gid, 2)
    kids = [make_family(catalog_2017, name=n, children=((f"Enfant{n}", dt.date(2009, 3, 1)),)).children[0]
            for n in ("Alpha", "Bravo", "Charlie", "Delta")]
    first = enrollment.enroll(catalog_2017, kids[0].id, gid)
    enrollment.enroll(catalog_2017, kids[1].id, gid)
    places = enrollment.places_left(catalog_2017, group_ids=[gid])[gid]
    assert places.left == 0 and places.label == "complet – liste d'attente"

    with pytest.raises(GroupFull) as err:
        enrollment.enroll(catalog_2017, kids[2].id, gid)
    assert err.value.message == (
        "Le groupe 7/11 ans VTT ou initiation bowling est complet : inscription sur liste d'attente ?")
    catalog_2017.clock.advance(minutes=1)
    waiting_1 = enrollment.enroll(catalog_2017, kids[2].id, gid, waiting_list=True)
    catalog_2017.clock.advance(minutes=1)
    waiting_2 = enrollment.enroll(catalog_2017, kids[3].id, gid, waiting_list=True)
    assert waiting_1.status == waiting_2.status == EnrollmentStatus.WAITING
    assert enrollment.places_left(catalog_2017, group_ids=[gid])[gid].waiting == 2

    enrollment.cancel_enrollment(catalog_2017, first.id, "La famille renonce")
    statuses = {e.child_name: e.status for f in (kids[2], kids[3])
                for e in enrollment.enrollments_of_family(catalog_2017, f_id(catalog_2017, f))}
    assert statuses == {"EnfantCharlie Charlie": EnrollmentStatus.PENDING,
                        "EnfantDelta Delta": EnrollmentStatus.WAITING}


def f_id(ctx, child):
    from ems_desktop.models import Child
    with ctx.reading() as s:
        return s.get(Child, child.id).family_id


def test_unpaid_enrollments_hold_their_place_for_two_hours(catalog_2017):
    gid = group_id(catalog_2017, *VTT)
    set_capacity(catalog_2017, gid, 1)
    lise = make_family(catalog_2017).children[0]
    other = make_family(catalog_2017, name="Petit", children=(("Noé", dt.date(2009, 5, 5)),)).children[0]
    held = enrollment.enroll(catalog_2017, lise.id, gid)

    catalog_2017.clock.advance(hours=1, minutes=59)
    with pytest.raises(GroupFull):
        enrollment.enroll(catalog_2017, other.id, gid)

    catalog_2017.clock.advance(minutes=1)  # exactly 2 hours: the place is released
    assert enrollment.places_left(catalog_2017, group_ids=[gid])[gid].left == 1
    taken = enrollment.enroll(catalog_2017, other.id, gid)
    assert taken.status == EnrollmentStatus.PENDING
    cancelled = [e for e in enrollment.enrollments_of_family(catalog_2017, held.family_id,
                                                             statuses=(EnrollmentStatus.CANCELLED,))]
    assert cancelled[0].cancel_reason == "Délai de paiement dépassé : place libérée"


def test_hold_duration_is_configurable(catalog_2017):
    with catalog_2017.db.session() as s:
        write_shared(s, HOLD_MINUTES, 30)
    lise = make_family(catalog_2017).children[0]
    view = enrollment.enroll(catalog_2017, lise.id, group_id(catalog_2017, *VTT))
    assert view.hold_expires_at - catalog_2017.now() == dt.timedelta(minutes=30)
    catalog_2017.clock.advance(minutes=31)
    assert enrollment.release_expired_holds(catalog_2017) == 1


def test_price_follows_the_quotient_band_while_the_quotient_is_valid(ctx):
    catalog.import_catalog_file(ctx, CATALOGS / "2026-2027.csv")
    gid = group_id(ctx, "EMS-2026-T1", "7/11 ans Escalade")
    cases = [(450, dt.date(2026, 12, 31), 2500), (820, dt.date(2026, 12, 31), 3200),
             (1500, dt.date(2026, 12, 31), 4000),
             (450, dt.date(2026, 6, 30), 4000),  # quotient expired before the offer starts: full price
             (None, None, 4000)]
    for i, (quotient, valid_to, expected) in enumerate(cases):
        family = make_family(ctx, name=f"Famille{chr(65 + i)}", children=(("Léa", dt.date(2017, 3, 3)),),
                             quotient=quotient, quotient_valid_to=valid_to)
        assert enrollment.enroll(ctx, family.children[0].id, gid).price_cents == expected


def test_every_change_is_journalled_in_the_same_transaction(catalog_2017):
    lise = make_family(catalog_2017).children[0]
    view = enrollment.enroll(catalog_2017, lise.id, group_id(catalog_2017, *VTT))
    with pytest.raises(AlreadyEnrolled):
        enrollment.enroll(catalog_2017, lise.id, group_id(catalog_2017, *VTT))
    with catalog_2017.reading() as s:
        entries = [(e.entity, e.entity_id, e.action, e.changes["status"], e.counter_id) for e in
                   s.scalars(select(JournalEntry).where(JournalEntry.entity == "enrollment"))]
    assert entries == [("enrollment", view.id, "created", "pending", catalog_2017.actor.counter_id)]


def test_changes_are_announced_after_commit_only(catalog_2017):
    lise = make_family(catalog_2017).children[0]
    heard = []
    catalog_2017.bus.subscribe(heard.append)
    gid = group_id(catalog_2017, *VTT)
    view = enrollment.enroll(catalog_2017, lise.id, gid)
    with pytest.raises(AlreadyEnrolled):
        enrollment.enroll(catalog_2017, lise.id, gid)
    assert len(heard) == 1
    kinds = {c.entity: c.ids for c in heard[0]}
    assert kinds["enrollment"] == {view.id} and kinds["places"] == {gid}


def test_the_database_itself_refuses_two_live_enrollments_per_offer(catalog_2017):
    from sqlalchemy.exc import IntegrityError

    from ems_desktop.models import Enrollment
    lise = make_family(catalog_2017).children[0]
    view = enrollment.enroll(catalog_2017, lise.id, group_id(catalog_2017, *VTT))
    with pytest.raises(IntegrityError), catalog_2017.db.session() as s:
        now = catalog_2017.now()
        s.add(Enrollment(child_id=lise.id, group_id=group_id(catalog_2017, *BILLARD), offer_id=view.offer_id,
                         status="confirmed", price_cents=4000, created_at=now, updated_at=now))


# --- Where an offer's period stands (the grid's "Plus que N séances", "Trimestre terminé") ---------

T1_SESSIONS = [dt.date(2017, 9, 20), dt.date(2017, 9, 27), dt.date(2017, 10, 4), dt.date(2017, 10, 11),
               dt.date(2017, 10, 18), dt.date(2017, 11, 8), dt.date(2017, 11, 15), dt.date(2017, 11, 22),
               dt.date(2017, 11, 29), dt.date(2017, 12, 6)]


@pytest.mark.parametrize("today, notice, over", [
    (dt.date(2017, 6, 21), "", False),                                     # not started
    (dt.date(2017, 9, 20), "", False),                                     # the first session is today
    (dt.date(2017, 9, 21), "Plus que 9 séances sur 10", False),
    (dt.date(2017, 11, 25), "Plus que 2 séances sur 10", False),
    (dt.date(2017, 12, 6), "Plus qu'une séance sur 10", False),           # today's session still counts
    (dt.date(2017, 12, 7), "Trimestre terminé le 06/12/2017", True),
])
def test_a_trimester_is_counted_in_sessions_left(today, notice, over):
    from ems_desktop.rules.period import period_progress

    progress = period_progress("trimester", dt.date(2017, 9, 20), dt.date(2017, 12, 6), today, T1_SESSIONS)
    assert (progress.notice, progress.over) == (notice, over)
    assert progress.refusal == (f"{notice} : plus d'inscription possible." if over else "")


def test_without_sessions_the_dates_decide():
    from ems_desktop.rules.period import period_progress

    outing = period_progress("outing", dt.date(2017, 8, 10), dt.date(2017, 8, 10), dt.date(2017, 8, 10))
    assert not outing.over and outing.notice == ""
    passed = period_progress("outing", dt.date(2017, 8, 10), dt.date(2017, 8, 10), dt.date(2017, 8, 11))
    assert passed.over and passed.notice == "Sortie passée le 10/08/2017"
    stage = period_progress("stage", dt.date(2017, 7, 10), dt.date(2017, 7, 13), dt.date(2017, 7, 11))
    assert stage.notice == "Commencé le 10/07/2017" and not stage.over
    assert period_progress("stage", dt.date(2017, 7, 10), dt.date(2017, 7, 13),
                           dt.date(2017, 7, 14)).notice == "Stage terminé le 13/07/2017"


def test_places_are_worded_as_places_left():
    from ems_desktop.services.enrollment import GroupAvailability
    from ems_desktop.services.grid import places_detail, places_left_label

    assert places_left_label(GroupAvailability(None, 16, 3, 1, 0)) == "12 places restantes"
    assert places_left_label(GroupAvailability(None, 2, 1, 0, 0)) == "1 place restante"
    assert places_left_label(GroupAvailability(None, 2, 1, 1, 3)) == "complet – liste d'attente"
    assert places_detail(GroupAvailability(None, 16, 3, 1, 2)) == (
        "12 places restantes sur 16 (3 confirmées, 1 réservée en attente de paiement, 2 sur liste d'attente)")
    assert places_detail(GroupAvailability(None, 2, 1, 1, 3)) == (
        "Complet : les 2 places sont prises (1 confirmée, 1 réservée en attente de paiement, 3 sur liste d'attente)")
    assert places_detail(GroupAvailability(None, 1, 1, 0, 0)) == "Complet : la place est prise (1 confirmée)"


def test_the_enrollment_service_refuses_an_offer_that_is_over(catalog_2017, clock):
    """Whatever the screen offers: a trimester that ended takes no more enrollment."""

    import pytest

    from ems_desktop.services import enrollment
    from ems_desktop.services.errors import DomainError
    from tests.helpers import group_id, make_family

    family = make_family(catalog_2017)
    clock.advance(days=200)  # 07/01/2018: the first trimester ended on 06/12/2017
    with pytest.raises(DomainError) as refused:
        enrollment.enroll(catalog_2017, family.children[0].id,
                          group_id(catalog_2017, "EMS-2017-T1", "7/11 ans VTT ou initiation bowling"))
    assert refused.value.message.endswith("est terminé depuis le 06/12/2017 : plus d'inscription possible.")
    assert refused.value.field == "group"
