# EMS Desktop — every target does its own set-up (a virtualenv in .venv) on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test bench dataset install clean translations demo-sync soak

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

## Run the whole test suite, headless.
test: install
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q || { status=$$?; $(PY) -m tests.crash_report; exit $$status; }

## Run the benchmarks (builds the large dataset the first time) and print figure / target / result.
bench: install
	$(PY) -m bench.run

## Build the 50,000-family benchmark database (bench/data/ems-50k.sqlite3) if it is not there yet.
dataset: install
	$(PY) -m bench.dataset

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis bench/results.json

## Refresh the catalogue of the interface's strings (Qt Linguist), for a future translation.
translations: install
	$(VENV)/bin/pyside6-lupdate ems_desktop/views/*.py -ts resources/translations/ems_desktop_en.ts
