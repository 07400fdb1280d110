"""Run every benchmark module of this folder and print figure / target / result.

Usage: ``python -m bench.run [name-fragment ...]`` — with fragments, only the modules whose name
contains one of them.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

from bench.harness import Figure

HERE = Path(__file__).resolve().parent


def _modules(selected: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if selected:
        names = [n for n in names if any(s in n for s in selected)]
    return names


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    figures: list[tuple[str, Figure]] = []
    for name in _modules(argv):
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        print(f"… {name}", flush=True)
        for figure in module.run():
            figures.append((name, figure))
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)

    width = max([len(f.name) for _, f in figures] + [10])
    print()
    print(f"{'figure'.ljust(width)}  {'result':>12}  {'target':>12}  verdict")
    print("-" * (width + 40))
    for _, f in figures:
        target = "—" if f.target is None else f"{'≤' if f.lower_is_better else '≥'} {f.target:g} {f.unit}"
        verdict = {True: "ok", False: "MISSED", None: "info"}[f.ok]
        print(f"{f.name.ljust(width)}  {f.value:>9.2f} {f.unit:<2}  {target:>12}  {verdict}")
    out = HERE / "results.json"
    # A partial run replaces only the figures of the modules it ran.
    ran = {m for m, _ in figures}
    try:
        kept = [r for r in json.loads(out.read_text(encoding="utf-8")) if r.get("module") not in ran]
    except (FileNotFoundError, json.JSONDecodeError):
        kept = []
    out.write_text(
        json.dumps(kept + [dict(module=m, **f.as_dict()) for m, f in figures], indent=2, ensure_ascii=False),
        encoding="utf-8",
    )
    print(f"\nwritten: {out}")
    return 0 if all(f.ok is not False for _, f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
