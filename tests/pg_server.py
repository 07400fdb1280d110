"""A throwaway PostgreSQL server for the tests, started from the machine's server programs.

PostgreSQL refuses to run as root, so as root the programs run as the ``postgres`` user
(runuser). Where the programs are missing, the tests that need the server are skipped with a
reason saying so.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from itertools import count
from pathlib import Path

from tests.ports import free_port, wait_for_port


class PostgresUnavailable(RuntimeError):
    pass


class ThrowawayPostgres:
    def __init__(self) -> None:
        initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
        if not (initdb and pg_ctl):
            raise PostgresUnavailable("PostgreSQL server programs (initdb, pg_ctl) are not on the PATH")
        self.initdb, self.pg_ctl = initdb, pg_ctl
        self.as_root = os.geteuid() == 0
        if self.as_root and not shutil.which("runuser"):
            raise PostgresUnavailable("running as root without runuser: cannot start PostgreSQL")
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="ems-pg-"))
        self.data = self.directory / "data"

    def _run(self, *args: str) -> None:
        command = list(args)
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")

    def start(self) -> str:
        if self.as_root:
            shutil.chown(self.directory, user="postgres", group="postgres")
        self._run(self.initdb, "-D", str(self.data), "-A", "trust", "-U", "ems", "-E", "UTF8", "--locale=C")
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.directory / "log"), "-w", "start")
        wait_for_port(self.port, connect_timeout=1, pause=0.1)
        return self.url("postgres")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://ems@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        with contextlib.suppress(PostgresUnavailable):
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)


_databases = count(1)


def fresh_pg_database(postgres_server, prefix: str = "ems_test"):
    """A new database on the session's PostgreSQL (the ``postgres_server`` fixture: the server and
    an administrative engine), migrated (from the template), dropped after."""
    from ems_desktop.database.engine import Database

    server, admin = postgres_server
    name = f"{prefix}_{next(_databases)}"
    with admin.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE ems_template")
    db = Database(server.url(name))
    yield db
    db.dispose()
    with admin.connect() as c:
        c.exec_driver_sql(f"DROP DATABASE {name}")
