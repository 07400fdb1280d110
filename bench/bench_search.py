"""Search as the agent types it, through the service the Dossiers tab calls, on the benchmark
dataset: a counter-style mix of queries, each kind reported on its own, in three rounds.

The floor, measured in the same run on the same queries: SQLite's full-text index alone asked for
a hundred matching rowids (no order, no row filled) — what the words typed cost at the least.

Python's cycle collector is off while a query is timed and runs between queries, as in the
application, where it never runs on the database worker (``views/main_thread_gc.py``).
"""

from __future__ import annotations

import dataclasses
import gc
import json
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from sqlalchemy import func, select

from bench.harness import Figure, median, percentile
from ems_desktop.models import Child, Family, Guardian
from ems_desktop.rules.search import normalize_text, phone_digits
from ems_desktop.services.bootstrap import open_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.search import FamilySearchRow, fts_query, search_families

ROUNDS = 3
PER_KIND = 30
ONE_LETTER = "une lettre"
# The kinds of query, in the order they are reported.
KINDS = ("nom, 2 à 6 lettres", "prénom", "majuscules accentuées", "nom composé", "téléphone, début",
         "téléphone, milieu", "e-mail, début", "référence", "enfant et nom", "faute de frappe (aucun résultat)",
         ONE_LETTER)


def _spaced(digits: str) -> str:
    """Digits as read from a form: "06 12 34"."""
    return " ".join(digits[i:i + 2] for i in range(0, len(digits), 2))


def queries(ctx: ServiceContext, rng: random.Random) -> dict[str, list[str]]:
    """PER_KIND queries of each kind, taken from the dataset's own families (the same from one
    run to the next)."""
    out: dict[str, list[str]] = defaultdict(list)
    with ctx.reading() as s:
        total = s.execute(select(func.count()).select_from(Family)).scalar_one()
        picks = sorted(rng.sample(range(total), min(total, 12 * PER_KIND)))
        families = [s.execute(select(Family).order_by(Family.reference).offset(n).limit(1)).scalar_one() for n in picks]
        accented = list(s.scalars(select(Child.first_name).where(
            Child.first_name.like("%é%") | Child.first_name.like("%è%") | Child.first_name.like("%ï%")).limit(400)))
        hyphenated = list(s.scalars(select(Child.first_name).where(Child.first_name.like("%-%")).limit(200)))
        hyphenated += list(s.scalars(select(Family.name).where(Family.name.like("%-%")).limit(200)))
        for family in families:
            payer = s.scalar(select(Guardian).where(Guardian.family_id == family.id, Guardian.is_payer))
            child = s.scalar(select(Child).where(Child.family_id == family.id).limit(1))
            surname = normalize_text(family.name).replace(" ", "")
            out["nom, 2 à 6 lettres"].append(surname[:rng.randint(2, 6)])
            named = child or payer
            assert named is not None, f"family {family.reference}: neither a child nor a payer"
            out["prénom"].append(named.first_name)
            digits = phone_digits(payer.phone_mobile) if payer else ""
            if len(digits) >= 10:
                out["téléphone, début"].append(_spaced(digits[:rng.choice((4, 6))]))
                start = rng.randint(2, 4)
                out["téléphone, milieu"].append(_spaced(digits[start:start + rng.choice((4, 6))]))
            if payer and payer.email:
                out["e-mail, début"].append(payer.email.split("@")[0][:rng.randint(5, 8)])
            reference = family.reference
            out["référence"].append(reference if rng.random() < 0.7 else reference.lower())
            if child:
                out["enfant et nom"].append(f"{child.first_name} {surname[:rng.randint(3, 4)]}")
            typo = surname[:5] + "qx" + surname[5:7]
            out["faute de frappe (aucun résultat)"].append(typo)
        for name in rng.sample(accented, min(PER_KIND, len(accented))):
            out["majuscules accentuées"].append(name.upper()[:rng.randint(3, 6)])
        firsts = list(s.scalars(select(Child.first_name).limit(400)))
        while len(hyphenated) < PER_KIND and firsts:  # a dataset without any: two first names joined
            hyphenated.append(f"{rng.choice(firsts)}-{rng.choice(firsts)}")
        for name in rng.sample(hyphenated, min(PER_KIND, len(hyphenated))):
            out["nom composé"].append(name)
        letters = "abcdefghijklmnopqrstuvwxyz"
        out[ONE_LETTER] = [rng.choice(letters) for _ in range(PER_KIND)]
    return {kind: out[kind][:PER_KIND] for kind in KINDS if out[kind]}


def _time_ms(action) -> float:
    gc.collect(0)
    gc.disable()
    try:
        start = time.perf_counter()
        action()
        return (time.perf_counter() - start) * 1000.0
    finally:
        gc.enable()


def measure(url: str) -> list[Figure]:
    database = open_database(url)
    ctx = ServiceContext(database)
    mix = queries(ctx, random.Random(16))
    with ctx.reading() as s:
        connection = s.connection().connection.driver_connection
    assert connection is not None, "the database's SQLite connection is open"
    floor_sql = "SELECT rowid FROM family_search WHERE family_search MATCH ? LIMIT 100"

    for kind_queries in mix.values():  # the pages the queries read, cached as on a counter in use
        for query in kind_queries:
            search_families(ctx, query)
    service: dict[str, list[float]] = defaultdict(list)
    floor: dict[str, list[float]] = defaultdict(list)
    round_p95: list[float] = []
    found: dict[str, list[int]] = defaultdict(list)
    for _ in range(ROUNDS):
        this_round = []
        for kind, kind_queries in mix.items():
            for query in kind_queries:
                rows: list[FamilySearchRow] = []
                elapsed = _time_ms(lambda q=query, into=rows: into.extend(search_families(ctx, q)))
                service[kind].append(elapsed)
                found[kind].append(len(rows))
                if kind != ONE_LETTER:
                    this_round.append(elapsed)
                match = fts_query(query)
                floor[kind].append(_time_ms(lambda m=match: connection.execute(floor_sql, (m,)).fetchall())
                                   if match else 0.0)
        round_p95.append(percentile(this_round, 95))
    database.dispose()

    mixed = [t for kind, times in service.items() if kind != ONE_LETTER for t in times]
    mixed_floor = [t for kind, times in floor.items() if kind != ONE_LETTER for t in times]
    figures = [
        Figure("recherche, mélange de guichet (hors une lettre), 95e centile", percentile(mixed, 95), 5.0,
               target_200k=10.0, p95=percentile(mixed, 95)),
        Figure("recherche, mélange de guichet, médiane", median(mixed), None, p95=percentile(mixed, 95)),
        Figure("recherche, mélange : 95e centile par tour, écart (max − min)", max(round_p95) - min(round_p95), None),
        Figure("plancher : index plein texte seul, mêmes requêtes (médiane)", median(mixed_floor), None,
               p95=percentile(mixed_floor, 95)),
        Figure("recherche, une lettre, 95e centile", percentile(service[ONE_LETTER], 95), 15.0, target_200k=25.0,
               p95=percentile(service[ONE_LETTER], 95)),
    ]
    for kind in mix:
        times = service[kind]
        figures.append(Figure(f"  {kind} (médiane)", median(times), None, p95=percentile(times, 95)))
        figures.append(Figure(f"  {kind} : résultats en moyenne", statistics.mean(found[kind]), None, unit=""))
    return figures


def run() -> list[Figure]:
    """Measured in a process of its own: what the modules run before left in this one (a large
    heap, other caches) does not weigh on figures of a few milliseconds."""
    from bench.dataset import ensure_dataset

    url = f"sqlite:///{ensure_dataset()}"
    out = subprocess.run([sys.executable, "-m", "bench.bench_search", "--json", url], check=True,
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent).stdout
    fields = {f.name for f in dataclasses.fields(Figure)}
    return [Figure(**{k: v for k, v in figure.items() if k in fields}) for figure in json.loads(out)]


if __name__ == "__main__":
    figures = measure(sys.argv[-1])
    if "--json" in sys.argv:
        print(json.dumps([dataclasses.asdict(figure) for figure in figures]))
    else:
        for figure in figures:
            print(f"{figure.name:<80} {figure.value:8.2f}  p95 {figure.p95 or float('nan'):8.2f}")
