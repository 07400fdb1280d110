"""The benchmark harness and runner (bench/harness.py, bench/run.py): the figure API other modules
use stays as it was, the targets follow the dataset's size, and results are kept per size for the
scaling table."""

from __future__ import annotations

import json
import types

import pytest

from bench import run
from bench.harness import FAMILIES_VARIABLE, Figure, dataset_families, size_label


@pytest.fixture(autouse=True)
def default_size(monkeypatch):
    monkeypatch.delenv(FAMILIES_VARIABLE, raising=False)


def test_figure_keeps_its_positional_and_keyword_api():
    assert Figure("checkout", 12.0, 150.0).ok is True
    assert Figure("memory", 310.0, 300.0, unit="MB").ok is False
    assert Figure("throughput", 90.0, 100.0, "ops/s", False).ok is False
    assert Figure("slowest", 12.0, None).ok is None
    data = Figure("checkout", 12.0, 150.0, p95=20.0).as_dict()
    assert data["name"] == "checkout" and data["target"] == 150.0 and data["p95"] == 20.0 and data["ok"] is True


def test_dataset_size_from_the_environment(monkeypatch):
    assert dataset_families() == 50_000
    monkeypatch.setenv(FAMILIES_VARIABLE, "200000")
    assert dataset_families() == 200_000
    monkeypatch.setenv(FAMILIES_VARIABLE, "5_000")
    assert dataset_families() == 5_000
    monkeypatch.setenv(FAMILIES_VARIABLE, "lots")
    with pytest.raises(SystemExit):
        dataset_families()
    assert [size_label(n) for n in (5_000, 50_000, 200_000, 1_234)] == ["5k", "50k", "200k", "1234"]


def test_the_200k_target_holds_at_200k_only(monkeypatch):
    figure = Figure("grid", 180.0, 150.0, target_200k=250.0)
    assert figure.target_in_force == 150.0 and figure.ok is False
    monkeypatch.setenv(FAMILIES_VARIABLE, "200000")
    assert figure.target_in_force == 250.0 and figure.ok is True
    assert Figure("grid", 180.0, 150.0).ok is False  # no target of its own at 200k: the holds


def test_scaling_table_puts_each_size_in_its_column():
    results = {
        5_000: [{"name": "checkout", "value": 10.0, "unit": "ms", "ok": True}],
        50_000: [{"name": "checkout", "value": 12.5, "unit": "ms", "ok": True},
                 {"name": "memory", "value": 310.0, "unit": "MB", "ok": False}],
        200_000: [],
    }
    lines = run.scaling_table(results)
    assert lines[0].split() == ["figure", "5k", "families", "50k", "families", "200k", "families"]
    checkout = next(line for line in lines if line.startswith("checkout"))
    assert checkout.split() == ["checkout", "10.00", "ms", "12.50", "ms", "—"]
    memory = next(line for line in lines if line.startswith("memory"))
    assert memory.split() == ["memory", "—", "310.00", "MB*", "—"]
    assert lines[-1].startswith("* missed")
    assert run.scaling_table({5_000: [], 50_000: []}) == []


def test_a_run_keeps_its_results_per_size_and_prints_the_scaling_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(run, "HERE", tmp_path)
    monkeypatch.setattr(run, "LAST_RESULTS", tmp_path / "results.json")
    monkeypatch.setattr(run, "_modules", lambda selected: ["bench_fake"])
    values = iter([10.0, 40.0])
    fake = types.SimpleNamespace(run=lambda: [Figure("fake figure", next(values), 30.0, target_200k=50.0, p95=1.5)])
    monkeypatch.setattr(run.importlib, "import_module", lambda name: fake)

    monkeypatch.setenv(FAMILIES_VARIABLE, "5000")
    assert run.main([]) == 0
    monkeypatch.setenv(FAMILIES_VARIABLE, "200000")
    assert run.main([]) == 0  # 40 ms is within the 200k target
    out = capsys.readouterr().out
    assert "p95" in out and "≤ 50 ms" in out
    kept = json.loads((tmp_path / "results-200k.json").read_text(encoding="utf-8"))
    assert kept[0]["families"] == 200_000 and kept[0]["value"] == 40.0 and kept[0]["target_in_force"] == 50.0
    assert json.loads((tmp_path / "results.json").read_text(encoding="utf-8")) == kept
    row = next(line for line in out.splitlines()[::-1] if line.startswith("fake figure"))
    assert row.split() == ["fake", "figure", "10.00", "ms", "—", "40.00", "ms"]


def test_results_from_before_sizes_count_as_50k(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "HERE", tmp_path)
    monkeypatch.setattr(run, "LAST_RESULTS", tmp_path / "results.json")
    monkeypatch.setattr(run, "_modules", lambda selected: [])
    (tmp_path / "results.json").write_text(json.dumps([{"module": "bench_x", "name": "old", "value": 1.0,
                                                        "unit": "ms", "ok": None}]), encoding="utf-8")
    monkeypatch.setenv(FAMILIES_VARIABLE, "5000")
    run.main([])  # a run at another size writes results.json: the old figures were kept first
    assert [(r["name"], r["families"]) for r in run.load_results(50_000)] == [("old", 50_000)]
    assert run.load_results(5_000) == []
