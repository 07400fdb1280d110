"""The command line: ``--demo`` opens the demonstration database and nothing else — given with a
database of its own (``--database`` or EMS_DATABASE_URL), it is refused before any database is
touched, so the demo's families are never written into a real one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ems_desktop.__main__ import main, parse_arguments
from ems_desktop.database.engine import sqlite_url

ROOT = Path(__file__).resolve().parent.parent


def test_demo_with_a_database_url_is_refused_before_anything_is_touched(tmp_path):
    database = tmp_path / "mairie.sqlite3"
    env = {**os.environ, "EMS_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("EMS_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "ems_desktop", "--demo", "--database", sqlite_url(database)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert ("ems-desktop : erreur : --demo ouvre la base de démonstration : il ne se combine pas avec --database "
            "(les familles de démonstration seraient écrites dans cette base).") in done.stderr
    assert "Traceback" not in done.stderr
    assert not database.exists() and not (tmp_path / "data" / "demo.sqlite3").exists()


def test_demo_with_ems_database_url_is_refused(tmp_path, monkeypatch, capsys):
    database = tmp_path / "mairie.sqlite3"
    monkeypatch.setenv("EMS_DATABASE_URL", sqlite_url(database))
    with pytest.raises(SystemExit) as exited:
        main(["--demo"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "--demo ouvre la base de démonstration : il ne se combine pas avec EMS_DATABASE_URL" in error
    assert str(database) not in error  # a URL may hold a password: never echoed
    assert not database.exists()


def test_demo_alone_and_a_database_alone_are_accepted(monkeypatch):
    monkeypatch.delenv("EMS_DATABASE_URL", raising=False)
    assert parse_arguments(["--demo"]).demo
    arguments = parse_arguments(["--database", "sqlite:////srv/ems/guichet.sqlite3"])
    assert arguments.database == "sqlite:////srv/ems/guichet.sqlite3" and not arguments.demo
    monkeypatch.setenv("EMS_DATABASE_URL", "sqlite:////srv/ems/guichet.sqlite3")
    assert not parse_arguments([]).demo
