"""``make demo-sync``: the town in miniature on this machine, to see counters work offline.

A throwaway PostgreSQL with the demonstration's data, the sync service in front of it, and two
counters — « Accueil Hôtel de Ville » (A01) and « Gymnase » (B01) — each installed as a replica
(its own SQLite file, enrolled with a one-time code), each in its own window. Log in with
« demo » / « ems-demo » at both.

Try: enroll a child at one counter, see the places change at the other within a second or two.
« Affichage → Couper la liaison avec le serveur » at one counter: it goes on working offline (the
status bar says since when, and how many operations wait); give the last place of a group at both
counters; reconnect: the server decides, and the Accueil of both counters shows the conflict.

Closing both windows stops everything and removes the temporary files.
    python -m scripts.demo_sync [--no-windows]   (--no-windows: set up, print, tear down; for tests)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when the town is prepared: the tests' helpers load only then
    from tests.pg_server import ThrowawayPostgres

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class DemoTown:
    directory: Path
    postgres: ThrowawayPostgres
    service: subprocess.Popen
    service_url: str
    counters: dict  # name → environment (its own data and config folders)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare() -> DemoTown:
    from sqlalchemy import create_engine

    from ems_desktop.database.engine import Database
    from ems_desktop.database.migrate import upgrade
    from ems_desktop.services import agents
    from ems_desktop.services.context import ServiceContext
    from ems_desktop.services.demo import ensure_demo
    from ems_desktop.sync.server.auth import issue_enrolment_code
    from tests.pg_server import ThrowawayPostgres

    directory = Path(tempfile.mkdtemp(prefix="ems-demo-sync-"))
    postgres = ThrowawayPostgres()
    admin_url = postgres.start()
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql("CREATE DATABASE ems_ville")
    admin.dispose()
    url = postgres.url("ems_ville")
    print("Base de la ville (PostgreSQL) : données de démonstration…", flush=True)
    town = ServiceContext(db=Database(url))
    upgrade(town.db.engine)
    ensure_demo(town)
    gymnase = agents.create_counter(town, code="GYM", name="Gymnase", number_prefix="B01")
    codes = {}
    for counter in agents.list_counters(town):
        codes[counter.name] = issue_enrolment_code(town, counter.id)
    town.db.dispose()
    port = _free_port()
    service = subprocess.Popen([sys.executable, "-m", "ems_desktop.sync.server.cli", "serve", "--database", url,
                                "--port", str(port)], cwd=ROOT)
    service_url = f"http://127.0.0.1:{port}"
    _wait_for(port, service)
    print(f"Service de synchronisation : {service_url}", flush=True)
    counters = {}
    for name, code in codes.items():
        folder = directory / ("mairie" if "Ville" in name else "gymnase")
        environment = {**os.environ, "EMS_DATA_DIR": str(folder), "EMS_CONFIG_DIR": str(folder)}
        environment.pop("EMS_DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "ems_desktop", "--sync-install", service_url, code], cwd=ROOT,
                       env=environment, check=True)
        counters[name] = environment
    del gymnase
    return DemoTown(directory, postgres, service, service_url, counters)


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("le service de synchronisation n'a pas démarré")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("le service de synchronisation n'a pas démarré à temps")


def tear_down(town: DemoTown) -> None:
    town.service.terminate()
    try:
        town.service.wait(10)
    except subprocess.TimeoutExpired:
        town.service.kill()
    town.postgres.stop()
    shutil.rmtree(town.directory, ignore_errors=True)


def main() -> int:
    from tests.pg_server import PostgresUnavailable

    try:
        town = prepare()
    except PostgresUnavailable as missing:
        print("La démonstration a besoin des programmes du serveur PostgreSQL (initdb, pg_ctl), absents ici "
              f"({missing}). Sous Debian/Ubuntu : apt-get install postgresql.", file=sys.stderr)
        return 2
    try:
        if "--no-windows" in sys.argv:
            print("Guichets installés : " + ", ".join(town.counters), flush=True)
            return 0
        print("Deux guichets s'ouvrent. Identifiant « demo », mot de passe « ems-demo ».", flush=True)
        windows = [subprocess.Popen([sys.executable, "-m", "ems_desktop"], cwd=ROOT, env=environment)
                   for environment in town.counters.values()]
        for window in windows:
            window.wait()
        return 0
    finally:
        tear_down(town)


if __name__ == "__main__":
    sys.exit(main())
