"""The counter's other reads on the benchmark dataset, through the services the screens call:
open a dossier, the enrollment grid with its recap (families of 1 to 4 children, reported per
size of family), places left of a whole season, the Accueil's refresh, an invoice found by its
number typed in any case.

Floors, measured in the same run: an empty read transaction (what any service call costs at the
least), and for places left the same figures counted from the enrollments as before migration
0017 (what the kept counts save).
"""

from __future__ import annotations

import functools
import random
import uuid

from sqlalchemy import func, select

from bench.harness import Figure, median, percentile, timings_ms
from ems_desktop.models import CardAttempt, Child, Enrollment, EnrollmentStatus, Invoice, Season
from ems_desktop.services import card_payments, cash, enrollment as enrollment_service, sync_conflicts
from ems_desktop.services.billing_history import find_invoice
from ems_desktop.services.bootstrap import open_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.enrollment import places_left
from ems_desktop.services.families import get_family
from ems_desktop.services.grid import enrollment_grid

PER_SIZE = 40  # families of each number of children


def _families_by_children(ctx: ServiceContext, rng: random.Random) -> dict[int, list]:
    with ctx.reading() as s:
        counts = s.execute(select(Child.family_id, func.count()).group_by(Child.family_id)).all()
    by_size: dict[int, list] = {}
    for family_id, n in counts:
        by_size.setdefault(min(n, 4), []).append(family_id)
    return {n: rng.sample(ids, min(PER_SIZE, len(ids))) for n, ids in sorted(by_size.items()) if n >= 1}


def _places_counted_from_enrollments(ctx: ServiceContext, season_id) -> None:
    """The floor of places left: the season's confirmed and waiting enrollments counted per group."""
    from ems_desktop.models import ActivityGroup, Offer

    with ctx.reading() as s:
        s.execute(select(Enrollment.group_id, Enrollment.status, func.count())
                  .join(ActivityGroup, ActivityGroup.id == Enrollment.group_id)
                  .join(Offer, Offer.id == ActivityGroup.offer_id)
                  .where(Offer.season_id == season_id,
                         Enrollment.status.in_((EnrollmentStatus.CONFIRMED, EnrollmentStatus.WAITING)))
                  .group_by(Enrollment.group_id, Enrollment.status)).all()


def _accueil_reads(ctx: ServiceContext):
    """What the Accueil tab reads on every change (AccueilTab._load)."""
    return (card_payments.attempts_needing_attention(ctx), enrollment_service.expiring_holds(ctx),
            cash.current_cash_session(ctx), sync_conflicts.open_conflicts(ctx))


def measure(url: str) -> list[Figure]:
    database = open_database(url)
    ctx = ServiceContext(database)
    rng = random.Random(4)
    with ctx.reading() as s:
        season_id = s.scalar(select(Season.id).order_by(Season.starts_on.desc()).limit(1))
        invoices = s.execute(select(func.count()).select_from(Invoice)).scalar_one()
        numbers = [s.execute(select(Invoice.number).order_by(Invoice.number).offset(rng.randrange(invoices))
                             .limit(1)).scalar_one()
                   for _ in range(100)]
        attempts = s.execute(select(func.count()).select_from(CardAttempt)).scalar_one()
    assert season_id is not None, "the dataset has seasons"
    by_size = _families_by_children(ctx, rng)

    def empty_read() -> None:
        with ctx.reading():
            pass

    def grid_and_recap(family_id: uuid.UUID) -> None:
        enrollment_grid(ctx, family_id, season_id)
        enrollment_service.pay_now_recap(ctx, family_id)

    floor = timings_ms(empty_read, repeat=200)
    opened: list[float] = []
    grids: dict[int, list[float]] = {n: [] for n in by_size}
    for n, family_ids in by_size.items():
        for family_id in family_ids:
            opened += timings_ms(functools.partial(get_family, ctx, family_id), repeat=1, warmup=1)
            grids[n] += timings_ms(functools.partial(grid_and_recap, family_id), repeat=1, warmup=1)
    every_grid = [t for times in grids.values() for t in times]
    places = timings_ms(lambda: places_left(ctx, season_id=season_id), repeat=50)
    places_floor = timings_ms(lambda: _places_counted_from_enrollments(ctx, season_id), repeat=20)
    groups = len(places_left(ctx, season_id=season_id))
    accueil = timings_ms(lambda: _accueil_reads(ctx), repeat=50)
    typed = [number.lower() if i % 2 else number for i, number in enumerate(numbers)]
    by_number: list[float] = []
    for number in typed:
        by_number += timings_ms(functools.partial(find_invoice, ctx, number), repeat=1, warmup=1)
    database.dispose()

    figures = [
        Figure("plancher : une transaction de lecture vide (médiane)", median(floor), None, p95=percentile(floor, 95)),
        Figure("ouvrir un dossier (médiane)", median(opened), 30.0, p95=percentile(opened, 95)),
        Figure("grille d'inscription + récapitulatif, familles de 1 à 4 enfants, 95e centile",
               percentile(every_grid, 95), 30.0, target_200k=30.0, p95=percentile(every_grid, 95)),
    ]
    for n, times in grids.items():
        children = " enfants et plus" if n == 4 else " enfant(s)"
        figures.append(Figure(f"  grille + récapitulatif, {n}{children} (médiane)",
                              median(times), None, p95=percentile(times, 95)))
    figures += [
        Figure("places restantes d'une saison entière (médiane)", median(places), 5.0,
               target_200k=5.0, p95=percentile(places, 95)),
        Figure("  plancher d'avant : les inscriptions de la saison comptées (médiane)", median(places_floor), None,
               p95=percentile(places_floor, 95)),
        Figure("Accueil : ses quatre lectures, une tentative carte par paiement carte (médiane)",
               median(accueil), 5.0, target_200k=5.0, p95=percentile(accueil, 95)),
        Figure("  tentatives carte dans la base (milliers)", attempts / 1000, None, unit="k"),
        Figure("  groupes de la saison", groups, None, unit=""),
        Figure("facture par son numéro, majuscules ou minuscules (95e centile)", percentile(by_number, 95), 2.0,
               target_200k=2.0, p95=percentile(by_number, 95)),
    ]
    return figures


def run() -> list[Figure]:
    from bench.dataset import ensure_dataset

    return measure(f"sqlite:///{ensure_dataset()}")


if __name__ == "__main__":
    import sys

    for figure in measure(sys.argv[1]):
        print(f"{figure.name:<90} {figure.value:8.2f}  p95 {figure.p95 or float('nan'):8.2f}")
