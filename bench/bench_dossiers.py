"""Issue "family dossiers and enrollment grid": search, open a dossier, build the grid, places
left of a whole season — on the 50,000-family dataset, through the services the screens call."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from bench.harness import Figure, median, percentile, timings_ms
from ems_desktop.models import Child, Family, Guardian, Season
from ems_desktop.services.bootstrap import open_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.enrollment import places_left
from ems_desktop.services.families import get_family
from ems_desktop.services.grid import enrollment_grid
from ems_desktop.services.search import search_families


def _queries(ctx: ServiceContext, rng: random.Random, count: int) -> list[str]:
    """What agents type: part of a name, a child's first name and family name, a phone fragment,
    a reference, an e-mail's start."""
    with ctx.reading() as s:
        total = s.scalar(select(func.count()).select_from(Family))
        offsets = [rng.randrange(total) for _ in range(count)]
        queries = []
        for i, offset in enumerate(offsets):
            family = s.scalar(select(Family).order_by(Family.reference).offset(offset).limit(1))
            kind = i % 5
            if kind == 0:
                queries.append(family.name[: rng.randint(3, 6)])
            elif kind == 1:
                child = s.scalar(select(Child).where(Child.family_id == family.id).limit(1))
                queries.append(f"{child.first_name} {child.last_name[:4]}" if child else family.name)
            elif kind == 2:
                guardian = s.scalar(select(Guardian).where(Guardian.family_id == family.id, Guardian.is_payer))
                digits = "".join(ch for ch in guardian.phone_mobile if ch.isdigit())
                queries.append(digits[:6] or family.name)
            elif kind == 3:
                queries.append(family.reference)
            else:
                guardian = s.scalar(select(Guardian).where(Guardian.family_id == family.id, Guardian.is_payer))
                queries.append((guardian.email.split("@")[0] or family.name)[:8])
    return queries


def run() -> list[Figure]:
    from bench.dataset import ensure_dataset

    database = open_database(f"sqlite:///{ensure_dataset()}")
    ctx = ServiceContext(database)
    rng = random.Random(4)
    queries = _queries(ctx, rng, 300)
    search_times = []
    for query in queries:
        search_times += timings_ms(lambda q=query: search_families(ctx, q), repeat=1, warmup=0)

    with ctx.reading() as s:
        family_ids = [f for f in s.scalars(select(Family.id).order_by(func.random()).limit(100))]
        season_id = s.scalar(select(Season.id).order_by(Season.starts_on.desc()).limit(1))
    open_times, grid_times = [], []
    for family_id in family_ids:
        open_times += timings_ms(lambda f=family_id: get_family(ctx, f), repeat=1, warmup=0)
        grid_times += timings_ms(lambda f=family_id: enrollment_grid(ctx, f, season_id), repeat=1, warmup=0)
    places = timings_ms(lambda: places_left(ctx, season_id=season_id), repeat=50)
    groups = len(places_left(ctx, season_id=season_id))
    database.dispose()
    return [
        Figure("search as you type, median of 300 queries", median(search_times), 10.0),
        Figure("search as you type, 95th percentile", percentile(search_times, 95), 25.0),
        Figure("open a dossier (median of 100)", median(open_times), 30.0),
        Figure("build the enrollment grid of a family (median of 100)", median(grid_times), 30.0),
        Figure(f"places left for a whole season ({groups} groups, median)", median(places), 20.0),
    ]
