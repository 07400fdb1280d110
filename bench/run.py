"""Run every benchmark module of this folder and print figure / target / result, then each figure
at every dataset size measured so far.

Usage: ``python -m bench.run [name-fragment ...]`` — with fragments, only the modules whose name
contains one of them; ``python -m bench.run --scaling`` prints the scaling table alone.

The dataset has ``EMS_BENCH_FAMILIES`` families (50,000 by default; ``make bench SIZE=200000``).
Results are kept per size, ``bench/results-<size>.json`` (5k, 50k, 200k), a partial run replacing
only the figures of the modules it ran; ``bench/results.json`` is a copy of the last size run.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

from bench.harness import DEFAULT_FAMILIES, Figure, dataset_families, size_label

HERE = Path(__file__).resolve().parent
# The sizes of the scaling table's columns.
SIZES = (5_000, 50_000, 200_000)
LAST_RESULTS = HERE / "results.json"
MISSING = "—"


def results_path(families: int) -> Path:
    return HERE / f"results-{size_label(families)}.json"


def _read(path: Path) -> list[dict]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return []
    return records if isinstance(records, list) else []


def load_results(families: int) -> list[dict]:
    """The figures last measured at this size ([] if never)."""
    return _read(results_path(families))


def adopt_unsized_results() -> None:
    """Results written before sizes were kept apart (no "families") were all measured at the
    default size: they become that size's file, before a run of another size replaces them."""
    legacy = _read(LAST_RESULTS)
    target = results_path(DEFAULT_FAMILIES)
    if legacy and all("families" not in r for r in legacy) and not target.exists():
        target.write_text(json.dumps([dict(r, families=DEFAULT_FAMILIES) for r in legacy], indent=2,
                                     ensure_ascii=False), encoding="utf-8")


def _modules(selected: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if selected:
        names = [n for n in names if any(s in n for s in selected)]
    return names


def _number(value: float | None, unit: str) -> str:
    return MISSING if value is None else f"{value:.2f} {unit}"


def result_table(figures: list[Figure]) -> list[str]:
    """Figure, result, p95 (a column only when a figure gives one), target in force, verdict."""
    width = max([len(f.name) for f in figures] + [10])
    with_p95 = any(f.p95 is not None for f in figures)
    p95_header = f"  {'p95':>12}" if with_p95 else ""
    lines = [f"{'figure'.ljust(width)}  {'result':>12}{p95_header}  {'target':>12}  verdict",
             "-" * (width + 40 + (14 if with_p95 else 0))]
    for f in figures:
        target = f.target_in_force
        shown = MISSING if target is None else f"{'≤' if f.lower_is_better else '≥'} {target:g} {f.unit}"
        verdict = {True: "ok", False: "MISSED", None: "info"}[f.ok]
        p95 = f"  {_number(f.p95, f.unit):>12}" if with_p95 else ""
        lines.append(f"{f.name.ljust(width)}  {f.value:>9.2f} {f.unit:<2}{p95}  {shown:>12}  {verdict}")
    return lines


def scaling_table(results: dict[int, list[dict]]) -> list[str]:
    """Each figure a row, its value at each size a column (from the results kept per size): "—"
    where that size was not run, "*" where the value missed its target at that size."""
    sizes = sorted(results)
    names: dict[str, None] = {}
    found: dict[tuple[str, int], dict] = {}
    for families in sizes:
        for record in results[families]:
            names.setdefault(record["name"], None)
            found[record["name"], families] = record
    if not names:
        return []
    width = max(len(name) for name in names)
    columns = [f"{size_label(families) + ' families':>16}" for families in sizes]
    lines = [f"{'figure'.ljust(width)}  {'  '.join(columns)}", "-" * (width + 18 * len(sizes))]
    missed = False
    for name in names:
        cells = []
        for families in sizes:
            measured = found.get((name, families))
            if measured is None:
                cells.append(f"{MISSING:>16}")
                continue
            mark = "*" if measured.get("ok") is False else " "
            missed |= mark == "*"
            cells.append(f"{_number(measured['value'], measured.get('unit', '')):>15}{mark}")
        lines.append(f"{name.ljust(width)}  {'  '.join(cells)}")
    if missed:
        lines.append("* missed its target at that size")
    return lines


def _all_sizes(current: int) -> dict[int, list[dict]]:
    return {families: load_results(families) for families in sorted({*SIZES, current})}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    families = dataset_families()
    adopt_unsized_results()
    if "--scaling" in argv:
        print("\n".join(scaling_table(_all_sizes(families))) or "no results yet: run make bench first")
        return 0
    print(f"dataset: {families:,} families ({size_label(families)})".replace(",", " "), flush=True)
    figures: list[tuple[str, Figure]] = []
    for name in _modules(argv):
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        print(f"… {name}", flush=True)
        for figure in module.run():
            figures.append((name, figure))
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)

    print()
    print("\n".join(result_table([f for _, f in figures])))
    # A partial run replaces only the figures of the modules it ran, at this size.
    ran = {m for m, _ in figures}
    kept = [r for r in load_results(families) if r.get("module") not in ran]
    records = kept + [dict(module=m, families=families, **f.as_dict()) for m, f in figures]
    records.sort(key=lambda r: r.get("module", ""))  # stable: each module's figures keep their order
    text = json.dumps(records, indent=2, ensure_ascii=False)
    out = results_path(families)
    out.write_text(text, encoding="utf-8")
    LAST_RESULTS.write_text(text, encoding="utf-8")
    print(f"\nwritten: {out}")
    table = scaling_table(_all_sizes(families))
    if table:
        print("\nscaling (bench/results-<size>.json; make bench SIZE=5000 / 50000 / 200000):")
        print("\n".join(table))
    return 0 if all(f.ok is not False for _, f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
