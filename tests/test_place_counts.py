"""The per-group counts of confirmed and waiting children (group_place_counts, migration 0017) are
kept by the database's triggers: whatever happens to enrollments — through the services, or rows
written directly as the sync's pull and a restore write them — they equal a recount."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ems_desktop.models import ActivityGroup, Child, Enrollment, EnrollmentStatus, GroupPlaceCount, Offer
from ems_desktop.services import enrollment
from tests.helpers import group_id, make_family

STATUSES = (EnrollmentStatus.PENDING, EnrollmentStatus.CONFIRMED, EnrollmentStatus.WAITING,
            EnrollmentStatus.CANCELLED)


def kept_and_recounted(ctx) -> tuple[dict, dict]:
    with ctx.reading() as s:
        kept = {gid: (confirmed, waiting) for gid, confirmed, waiting in
                s.execute(select(GroupPlaceCount.group_id, GroupPlaceCount.confirmed, GroupPlaceCount.waiting))
                if confirmed or waiting}
        recounted: dict = {}
        for gid, status, n in s.execute(select(Enrollment.group_id, Enrollment.status, func.count())
                                        .group_by(Enrollment.group_id, Enrollment.status)):
            confirmed, waiting = recounted.get(gid, (0, 0))
            if status == EnrollmentStatus.CONFIRMED:
                recounted[gid] = (confirmed + n, waiting)
            elif status == EnrollmentStatus.WAITING:
                recounted[gid] = (confirmed, waiting + n)
    return kept, recounted


def test_counts_follow_rows_written_directly_insert_update_move_delete(catalog_2017) -> None:
    """Three hundred random changes of enrollment rows (new, status changed, moved to another
    group, both at once, deleted), checked against a recount after each."""
    ctx = catalog_2017
    rng = random.Random(17)
    names = ("Léa", "Tom", "Inès", "Hugo", "Lina", "Noé")
    family = make_family(ctx, children=tuple((name, dt.date(2009, 1 + n, 3)) for n, name in enumerate(names)))
    with ctx.reading() as s:
        groups = [(g.id, g.offer_id)
                  for g in s.scalars(select(ActivityGroup).join(Offer).order_by(ActivityGroup.label))]
        children = list(s.scalars(select(Child.id).where(Child.family_id == family.id)))
    rows: list[uuid.UUID] = []
    refused = 0
    now = ctx.now()
    for step in range(300):
        action = rng.choice(("insert", "insert", "status", "move", "both", "delete"))
        try:
            with ctx.db.session() as s:
                if action == "insert" or not rows:
                    action = "insert"
                    gid, offer_id = rng.choice(groups)
                    row_id = uuid.uuid4()
                    s.execute(insert(Enrollment).values(
                        id=row_id, child_id=rng.choice(children), group_id=gid, offer_id=offer_id,
                        status=rng.choice(STATUSES), price_cents=4000, created_at=now, updated_at=now,
                        cancel_reason=""))
                else:
                    row_id = rng.choice(rows)
                    if action == "delete":
                        s.execute(delete(Enrollment).where(Enrollment.id == row_id))
                    else:
                        values = {}
                        if action in ("status", "both"):
                            values["status"] = rng.choice(STATUSES)
                        if action in ("move", "both"):
                            values["group_id"] = rng.choice(groups)[0]
                        s.execute(update(Enrollment).where(Enrollment.id == row_id).values(**values))
        except IntegrityError:
            refused += 1  # a second live row for a child and offer: the database refuses it, nothing changes
        else:
            if action == "insert":
                rows.append(row_id)
            elif action == "delete":
                rows.remove(row_id)
        kept, recounted = kept_and_recounted(ctx)
        assert kept == recounted, f"after step {step} ({action})"
    assert refused < 150 and len(rows) > 20  # most changes went through


def test_counts_follow_the_services_and_places_left_reads_them(catalog_2017, monkeypatch):
    ctx = catalog_2017
    vtt = group_id(ctx, "EMS-2017-T1", "7/11 ans VTT ou initiation bowling")
    family = make_family(ctx, children=(("Léo", dt.date(2009, 5, 1)), ("Zoé", dt.date(2010, 6, 2))))
    leo, zoe = family.children
    first = enrollment.enroll(ctx, leo.id, vtt)
    with ctx.db.session() as s:  # what a checkout does to a paid enrollment; the group is then full
        s.execute(update(Enrollment).where(Enrollment.id == first.id).values(status=EnrollmentStatus.CONFIRMED))
        s.execute(update(ActivityGroup).where(ActivityGroup.id == vtt).values(capacity=1))
    waiting = enrollment.enroll(ctx, zoe.id, vtt, waiting_list=True)
    places = enrollment.places_left(ctx, group_ids=[vtt])[vtt]
    assert (places.confirmed, places.held, places.waiting) == (1, 0, 1)
    enrollment.cancel_enrollment(ctx, waiting.id, "Plus intéressé")
    places = enrollment.places_left(ctx, group_ids=[vtt])[vtt]
    assert (places.confirmed, places.waiting) == (1, 0)
    kept, recounted = kept_and_recounted(ctx)
    assert kept == recounted and kept[vtt] == (1, 0)
