"""The sync's soak test, short (50 trials) inside the test suite; ``make soak`` runs 1,000."""

from __future__ import annotations

from tests.sync.soak import run_soak


def test_fifty_cut_syncs_and_kills_lose_nothing_and_duplicate_nothing(postgres_server):
    server, admin = postgres_server
    with admin.connect() as c:
        c.exec_driver_sql("CREATE DATABASE ems_soak_ci")
    try:
        result = run_soak(server.url("ems_soak_ci"), trials=50, seed=11, log=lambda _text: None)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql("DROP DATABASE ems_soak_ci WITH (FORCE)")
    assert result.line() == "soak: 50 trials, lost=0, duplicated=0, gaps=0, unflagged_oversold=0, diverged=0", \
        result.details
    assert result.counter_kills > 0 and result.service_kills > 0 and result.faults > 0
