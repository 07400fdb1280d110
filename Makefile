# EMS Desktop — every target does its own set-up (a virtualenv in .venv) on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench dataset install clean translations demo-sync soak dist

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "EMS Desktop needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dev]"
	@touch $@

install: $(VENV)/.installed

## Start the application on the embedded demo database (created on first start).
run: install
	$(PY) -m ems_desktop --demo

## Two counters syncing through the sync service and a throwaway PostgreSQL (see README, « Synchronisation »).
demo-sync: install
	$(PY) -m scripts.demo_sync

## The sync's soak test: TRIALS cut-mid-sync trials (default 1000) with counters and the service killed.
TRIALS ?= 1000
soak: install
	$(PY) -m tests.sync.soak --trials $(TRIALS)

## Run the whole test suite, headless: lint and type checks first (make lint), then pytest.
test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q || { status=$$?; $(PY) -m tests.crash_report; exit $$status; }

## Every Python file of the project (pyproject.toml says what ruff checks, and where mypy is strict).
LINT_PATHS := ems_desktop tests bench scripts docs packaging

## Lint (ruff) and type checks (mypy) on the whole tree.
lint: install
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/mypy $(LINT_PATHS)

## Benchmark dataset size in families: 5000, 50000 (default) or 200000 (bench/data/ems-<SIZE/1000>k.sqlite3).
SIZE ?= $(or $(EMS_BENCH_FAMILIES),50000)

## Run the benchmarks on the dataset of SIZE families (built the first time) and print figure / target /
## result, then each figure at 5k / 50k / 200k families from the results kept per size (bench/results-*.json).
bench: install
	EMS_BENCH_FAMILIES=$(SIZE) $(PY) -m bench.run

## Build the benchmark database of SIZE families (default 50000) if it is not there yet.
dataset: install
	EMS_BENCH_FAMILIES=$(SIZE) $(PY) -m bench.dataset

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis bench/results*.json build dist

## The one-folder application for the counters (PyInstaller, packaging/ems-desktop.spec): dist/ems-desktop/,
## checked at once with its own --self-test. On Windows the same spec gives the Windows folder (README).
dist: install
	$(PY) -m pip install --quiet -e ".[dist]"
	$(PY) -m PyInstaller --noconfirm --clean packaging/ems-desktop.spec
	QT_QPA_PLATFORM=offscreen dist/ems-desktop/ems-desktop --self-test

## Refresh the catalogue of the interface's strings (Qt Linguist), for a future translation.
translations: install
	$(VENV)/bin/pyside6-lupdate ems_desktop/views/*.py -ts resources/translations/ems_desktop_en.ts
