"""Backups of the SQLite base: taken with SQLite's backup API while others write (a consistent
snapshot), checked, named by date and reason, the 30 newest kept, once a day at start and after a
cash-session closing; restored by an administrateur only, after checks, upgraded to the latest
schema, the replaced base kept aside. On PostgreSQL the service informatique backs up (pg_dump)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import uuid

import pytest
from sqlalchemy import select

from ems_desktop.database import backup
from ems_desktop.database.backup import BackupError
from ems_desktop.database.engine import Database, make_engine, sqlite_url
from ems_desktop.database.migrate import current_revision, head_revision, upgrade
from ems_desktop.models import Counter
from ems_desktop.services import agents, backups, cash
from ems_desktop.services.bootstrap import open_database
from ems_desktop.services.context import Actor, ServiceContext
from ems_desktop.services.permissions import PermissionDenied

ADMIN_PASSWORD = "Velo-rouge-73"


@pytest.fixture
def base(migrated_template, tmp_path):
    """A migrated SQLite base of one counter (WAL, as the application runs it)."""
    path = tmp_path / "base" / "ems.sqlite3"
    path.parent.mkdir()
    shutil.copy(migrated_template, path)
    return path


@pytest.fixture
def admin_ctx(base, clock):
    """An administrateur at the counter of a real base (no demo mark), on the test clock
    (21/06/2017 15:00 in Paris)."""
    database = Database(sqlite_url(base))
    context = ServiceContext(database, clock=clock)
    agent, counter = agents.first_run(context, counter_name="Accueil Hôtel de Ville", number_prefix="A01",
                                      display_name="Claire Martin", login="c.martin", password=ADMIN_PASSWORD,
                                      confirmation=ADMIN_PASSWORD)
    yield context.as_actor(Actor(agent.id, counter.id))
    database.dispose()


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "sauvegardes"


def rows(path, sql):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def counter_prefixes(path):
    return sorted(r[0] for r in rows(path, "SELECT number_prefix FROM counters"))


def corrupt(path):
    """Overwrite the middle of the file with garbage (pages of tables and indexes)."""
    size = path.stat().st_size
    with open(path, "r+b") as file:
        file.seek(4096 * 3)
        file.write(os.urandom(min(4096 * 6, size - 4096 * 3)))


def altered_copy(base, path, statement: str):
    """A copy of ``base`` at ``path``, ``statement`` committed in it."""
    shutil.copy(base, path)
    connection = sqlite3.connect(path)
    connection.execute(statement)
    connection.commit()
    connection.close()
    return path


def files_in(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- taking a backup ------------------------------------------------------------------------------------

CHILD_WRITER = r"""
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("PRAGMA cache_size=5")  # small cache: the open transaction's pages spill into the WAL
connection.execute("BEGIN IMMEDIATE")
for n in range(5000):
    connection.execute("INSERT INTO probe (n, label) VALUES (?, ?)", (100000 + n, "non validé " * 20))
print("ready", flush=True)
order = sys.stdin.readline().strip()
connection.execute(order)
print("done", flush=True)
"""


def test_a_backup_taken_while_another_process_writes_holds_what_was_committed_only(base, folder, tmp_path):
    connection = sqlite3.connect(base, isolation_level=None)
    connection.execute("CREATE TABLE probe (n INTEGER PRIMARY KEY, label TEXT)")
    connection.executemany("INSERT INTO probe VALUES (?, ?)", [(n, "validé") for n in range(100)])
    connection.close()
    script = tmp_path / "writer.py"
    script.write_text(CHILD_WRITER, encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script), str(base)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout.readline().strip() == "ready"  # the other process is in the middle of its transaction
        assert os.path.getsize(f"{base}-wal") > 0  # and its uncommitted pages are in the WAL
        info = backup.take_backup(sqlite_url(base), folder, "manuelle", now=dt.datetime(2017, 6, 21, 15, 0, 0))
        child.stdin.write("COMMIT\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "done"
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    assert info.path == folder / "ems-20170621-150000-manuelle.sqlite3" and info.reason == "manuelle"
    assert backup.integrity_problems(info.path) == []
    assert rows(info.path, "SELECT count(*), min(n), max(n) FROM probe") == [(100, 0, 99)]  # committed only
    assert counter_prefixes(info.path) == []  # and the base's own tables are there (a fresh template)
    assert rows(info.path, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file, no -wal beside it
    assert files_in(folder) == [info.path.name]
    # What the other process committed since is in the next one.
    later = backup.take_backup(base, folder, "manuelle", now=dt.datetime(2017, 6, 21, 15, 5, 0))
    assert rows(later.path, "SELECT count(*) FROM probe") == [(5100,)]
    if os.name == "posix":  # a copy of the base holds personal data: the user's only
        assert stat.S_IMODE(info.path.stat().st_mode) == 0o600


def test_every_backup_taken_while_a_thread_commits_is_a_consistent_snapshot(base, folder):
    """A writer moves money between two accounts in one transaction at a time; each copy shows
    every transfer whole or not at all."""
    setup = sqlite3.connect(base, isolation_level=None)
    setup.execute("CREATE TABLE ledger (account TEXT PRIMARY KEY, cents INTEGER NOT NULL)")
    setup.execute("INSERT INTO ledger VALUES ('caisse', 100000), ('banque', 0)")
    setup.close()
    stop = threading.Event()
    transfers = []

    def writer():
        connection = sqlite3.connect(base, isolation_level=None, timeout=10)
        connection.execute("PRAGMA journal_mode=WAL")
        while not stop.is_set():
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("UPDATE ledger SET cents = cents - 1 WHERE account = 'caisse'")
            connection.execute("UPDATE ledger SET cents = cents + 1 WHERE account = 'banque'")
            connection.execute("COMMIT")
            transfers.append(1)
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        taken = [backup.take_backup(base, folder, "manuelle", now=dt.datetime(2017, 6, 21, 15, 0, i))
                 for i in range(5)]
    finally:
        stop.set()
        thread.join()
    assert transfers  # the writer did work meanwhile
    for info in taken:
        assert backup.integrity_problems(info.path) == []
        assert rows(info.path, "SELECT sum(cents) FROM ledger") == [(100000,)]


def test_the_30_newest_backups_are_kept_and_other_files_left_alone(base, folder):
    folder.mkdir()
    (folder / "ems-remplacee-20170101-120000.sqlite3").write_bytes(b"mis de cote")
    (folder / "notes.txt").write_text("à garder", encoding="utf-8")
    start = dt.datetime(2017, 6, 1, 8, 0, 0)
    for i in range(33):
        backup.take_backup(base, folder, "quotidienne", now=start + dt.timedelta(hours=i))
    found = backup.list_backups(folder)
    assert len(found) == 30
    assert found[0].taken_at == start + dt.timedelta(hours=32)  # newest first
    assert found[-1].taken_at == start + dt.timedelta(hours=3)  # the three oldest went
    assert {"ems-remplacee-20170101-120000.sqlite3", "notes.txt"} <= set(files_in(folder))
    assert len(files_in(folder)) == 32
    assert found[0].label == "02/06/2017 à 16:00:00 — quotidienne"


def test_a_copy_left_unfinished_by_a_killed_process_goes_with_the_next_backup(base, folder):
    folder.mkdir()
    left = folder / ".ems-20170620-183000-quotidienne.sqlite3.part"  # killed while copying, yesterday
    left.write_bytes(b"copie interrompue")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(left, (two_hours_ago, two_hours_ago))
    under_way = folder / ".ems-20170621-150000-cloture.sqlite3.part"  # another copy being written now
    under_way.write_bytes(b"copie en cours")
    backup.take_backup(base, folder, "quotidienne", now=dt.datetime(2017, 6, 21, 15, 0, 1))
    assert not left.exists() and under_way.exists()
    assert [info.path.name for info in backup.list_backups(folder)] == ["ems-20170621-150001-quotidienne.sqlite3"]


def test_two_backups_in_the_same_second_are_both_kept(base, folder):
    moment = dt.datetime(2017, 6, 21, 15, 0, 0)
    first = backup.take_backup(base, folder, "cloture", now=moment)
    second = backup.take_backup(base, folder, "cloture", now=moment)
    assert (first.path.name, second.path.name) == ("ems-20170621-150000-cloture.sqlite3",
                                                    "ems-20170621-150000-cloture-2.sqlite3")
    assert second.reason_label == "clôture de caisse"


def test_a_corrupt_copy_is_refused_and_deleted(base, folder, monkeypatch):
    kept = backup.take_backup(base, folder, "quotidienne", now=dt.datetime(2017, 6, 20, 8, 0, 0))
    real_copy = backup._copy

    def copy_then_damage(source, target):
        real_copy(source, target)
        corrupt(target)

    monkeypatch.setattr(backup, "_copy", copy_then_damage)
    with pytest.raises(BackupError) as refused:
        backup.take_backup(base, folder, "manuelle", now=dt.datetime(2017, 6, 21, 15, 0, 0))
    assert refused.value.message.startswith("La copie de sauvegarde de ems.sqlite3 est endommagée (PRAGMA "
                                            "integrity_check) : elle a été supprimée.")
    assert refused.value.detail  # SQLite's own words, for the service informatique
    assert files_in(folder) == [kept.path.name]  # no bad copy, no temporary file, the good one kept


def test_a_damaged_base_gives_no_backup(base, folder):
    corrupt(base)
    with pytest.raises(BackupError) as refused:
        backup.take_backup(base, folder, "manuelle")
    assert "endommagée" in refused.value.message or "a échoué" in refused.value.message
    assert files_in(folder) == []


def test_an_unwritable_folder_is_said_in_french(base, tmp_path):
    blocker = tmp_path / "pas-un-dossier"
    blocker.write_text("fichier", encoding="utf-8")
    with pytest.raises(BackupError) as refused:
        backup.take_backup(base, blocker / "sauvegardes", "manuelle")
    assert refused.value.message.startswith(
        f"Le dossier des sauvegardes {blocker / 'sauvegardes'} n'a pas pu être créé")


def test_the_daily_backup_is_due_once_a_day(base, folder):
    today = dt.date(2017, 6, 21)
    assert backup.daily_backup_due(folder, today)  # no folder yet
    backup.take_backup(base, folder, "cloture", now=dt.datetime(2017, 6, 20, 18, 30, 0))
    assert backup.daily_backup_due(folder, today)  # yesterday's closing does not count for today
    backup.take_backup(base, folder, "quotidienne", now=dt.datetime(2017, 6, 21, 8, 0, 0))
    assert not backup.daily_backup_due(folder, today)
    assert backup.daily_backup_due(folder, today + dt.timedelta(days=1))


def test_the_daily_backup_service_takes_one_copy_a_day(admin_ctx, folder, clock):
    first = backups.daily_backup(admin_ctx, str(folder))
    assert first is not None and first.path.name == "ems-20170621-150000-quotidienne.sqlite3"  # Paris time
    clock.advance(hours=2)
    assert backups.daily_backup(admin_ctx, str(folder)) is None  # the same day: not again
    clock.advance(days=1)
    second = backups.daily_backup(admin_ctx, str(folder))
    assert second is not None and second.path.name == "ems-20170622-170000-quotidienne.sqlite3"
    assert [b.path for b in backups.list_backups(admin_ctx, str(folder))] == [second.path, first.path]


def test_a_backup_follows_a_cash_session_closing(admin_ctx, folder):
    session = cash.open_cash_session(admin_ctx, 5000)
    cash.close_cash_session(admin_ctx, session.id, {"cash": 5000, "cheque": 0, "card": 0})
    info = backups.backup_after_closing(admin_ctx, str(folder))  # what the Caisse calls after the closing
    assert info.path.name == "ems-20170621-150000-cloture.sqlite3"
    assert rows(info.path, "SELECT count(*) FROM cash_sessions WHERE closed_at IS NOT NULL") == [(1,)]


def test_the_default_folder_is_in_the_user_data_folder_and_the_demos_apart(admin_ctx, monkeypatch, tmp_path):
    monkeypatch.setenv("EMS_DATA_DIR", str(tmp_path / "donnees"))
    assert backups.backup_folder(admin_ctx) == tmp_path / "donnees" / "sauvegardes"
    assert backups.backup_folder(admin_ctx, "  ") == tmp_path / "donnees" / "sauvegardes"
    assert backups.backup_folder(admin_ctx, str(tmp_path / "nas")) == tmp_path / "nas"
    from ems_desktop.models import Setting
    from ems_desktop.services.settings import DEMO_MARKER

    with admin_ctx.unit_of_work() as uow:
        uow.session.add(Setting(key=DEMO_MARKER, value=True))
    assert backups.backup_folder(admin_ctx, str(tmp_path / "nas")) == tmp_path / "nas" / "demo"


def test_making_a_backup_now_is_for_administrateurs(admin_ctx, folder):
    info = backups.backup_now(admin_ctx, str(folder))
    assert info.reason == "manuelle"
    agent = agents.create_agent(admin_ctx, login="p.durand", display_name="Paul Durand", password="Lundi-bleu-42",
                                roles=["agent"])
    plain = admin_ctx.as_actor(Actor(agent.id, admin_ctx.actor.counter_id))
    with pytest.raises(PermissionDenied) as refused:
        backups.backup_now(plain, str(folder))
    assert refused.value.message.startswith("La sauvegarde à la demande") and "administrateur" in refused.value.message
    assert files_in(folder) == [info.path.name]
    # The automatic ones need no role: the agent closing the till gets its backup.
    assert backups.backup_after_closing(plain, str(folder)) is not None


# --- restoring ------------------------------------------------------------------------------------------

@pytest.fixture
def old_backup(tmp_path, folder):
    """A backup of a base at revision 0006 (an older version of the application), with a mark."""
    path = tmp_path / "ancienne" / "ems.sqlite3"
    path.parent.mkdir()
    engine = make_engine(sqlite_url(path))
    upgrade(engine, "0006")
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('marque.test', '\"ancienne\"')")
        connection.exec_driver_sql(
            "INSERT INTO counters (id, code, name, number_prefix, created_at) VALUES "
            f"('{uuid.uuid4().hex}', 'GYM', 'Accueil Gymnase', 'B02', '2017-01-01 00:00:00')")
    engine.dispose()
    return backup.take_backup(path, folder, "quotidienne", now=dt.datetime(2017, 1, 2, 8, 0, 0))


def test_restoring_an_older_backup_upgrades_it_and_keeps_the_replaced_base(admin_ctx, base, folder, old_backup):
    assert rows(old_backup.path, "SELECT version_num FROM alembic_version") == [("0006",)]
    admin_ctx.db.engine.connect().close()  # the running engine has connections in its pool
    info = backups.restore_backup(admin_ctx, old_backup.path, str(folder))
    assert (info.revision_before, info.revision_after) == ("0006", head_revision())
    assert info.database == base.resolve()
    # The base is the backup, at the latest schema.
    assert rows(base, "SELECT value FROM settings WHERE key = 'marque.test'") == [('"ancienne"',)]
    assert counter_prefixes(base) == ["B02"]
    assert rows(base, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert backup.integrity_problems(base) == []
    # The replaced one is kept aside, whole, in the backup folder (and is not one of the 30 pruned).
    assert info.replaced_copy == folder / "ems-remplacee-20170621-150000.sqlite3"
    assert counter_prefixes(info.replaced_copy) == ["A01"]
    assert rows(info.replaced_copy, "SELECT login FROM agents") == [("c.martin",)]
    assert info.replaced_copy not in [b.path for b in backup.list_backups(folder)]
    assert old_backup.path.exists()  # the backup itself is untouched
    assert files_in(base.parent) == ["ems.sqlite3"]  # no temporary copy, no stale -wal
    # The application starts on it again.
    database = open_database(sqlite_url(base))
    try:
        assert current_revision(database.engine) == head_revision()
        with database.read() as s:
            assert [c.number_prefix for c in s.scalars(select(Counter))] == ["B02"]
    finally:
        database.dispose()


def unchanged(admin_ctx, base, folder, before):
    """Nothing happened: the base holds what it held, nothing was put aside, no copy left over, and
    the running engine still works."""
    assert counter_prefixes(base) == ["A01"]
    assert [f for f in files_in(folder) if "remplacee" in f] == []
    assert [f for f in files_in(base.parent) if f.startswith(".")] == []
    assert [c.number_prefix for c in agents.list_counters(admin_ctx)] == ["A01"]
    assert files_in(folder) == before


def test_a_file_that_is_not_an_ems_base_is_refused_and_nothing_changes(admin_ctx, base, folder, tmp_path):
    before = files_in(folder)
    text = tmp_path / "notes.sqlite3"
    text.write_text("Ceci n'est pas une base.\n" * 100, encoding="utf-8")
    with pytest.raises(backups.BackupFailed) as refused:
        backups.restore_backup(admin_ctx, text, str(folder))
    assert refused.value.message.startswith("« notes.sqlite3 » n'est pas une base de données SQLite")
    unchanged(admin_ctx, base, folder, before)

    other = tmp_path / "autre.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE clients (nom TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(backups.BackupFailed) as refused:
        backups.restore_backup(admin_ctx, other, str(folder))
    assert refused.value.message.startswith("« autre.sqlite3 » est une base SQLite, mais pas une base d'EMS Desktop")
    unchanged(admin_ctx, base, folder, before)

    with pytest.raises(backups.BackupFailed) as refused:
        backups.restore_backup(admin_ctx, base, str(folder))
    assert refused.value.message == "Ce fichier est la base en service : choisissez une sauvegarde."
    unchanged(admin_ctx, base, folder, before)


def test_a_corrupt_backup_is_refused_and_nothing_changes(admin_ctx, base, folder):
    damaged = backups.backup_now(admin_ctx, str(folder)).path
    corrupt(damaged)
    before = files_in(folder)
    with pytest.raises(backups.BackupFailed) as refused:
        backups.restore_backup(admin_ctx, damaged, str(folder))
    message = refused.value.message
    assert message.startswith(f"La sauvegarde « {damaged.name} » est endommagée (PRAGMA integrity_check)") or \
        message.startswith(f"« {damaged.name} » est illisible ou endommagée"), message
    unchanged(admin_ctx, base, folder, before)


def test_a_backup_of_a_newer_version_is_refused(admin_ctx, base, folder, tmp_path):
    newer = altered_copy(base, tmp_path / "future.sqlite3", "UPDATE alembic_version SET version_num = '0999_future'")
    before = files_in(folder)
    with pytest.raises(backups.BackupFailed) as refused:
        backups.restore_backup(admin_ctx, newer, str(folder))
    assert refused.value.message.startswith("La sauvegarde « future.sqlite3 » vient d'une version plus récente "
                                            "d'EMS Desktop")
    unchanged(admin_ctx, base, folder, before)


def test_a_demonstration_backup_never_replaces_a_real_base(admin_ctx, base, folder, tmp_path):
    demo = altered_copy(base, tmp_path / "demo.sqlite3",
                        "INSERT INTO settings (key, value) VALUES ('demo.loaded', 'true')")
    before = files_in(folder)
    with pytest.raises(backups.BackupFailed) as refused:
        backups.restore_backup(admin_ctx, demo, str(folder))
    assert refused.value.message.startswith("Cette sauvegarde est celle de la base de démonstration")
    unchanged(admin_ctx, base, folder, before)


def test_a_base_open_elsewhere_is_not_replaced(admin_ctx, base, folder, old_backup):
    before = files_in(folder)
    other_window = sqlite3.connect(base)
    try:
        other_window.execute("SELECT count(*) FROM counters").fetchall()
        with pytest.raises(backups.BackupFailed) as refused:
            backups.restore_backup(admin_ctx, old_backup.path, str(folder))
    finally:
        other_window.close()
    assert refused.value.message.startswith("La base est ouverte par une autre fenêtre d'EMS Desktop")
    unchanged(admin_ctx, base, folder, before)


def test_a_plain_agent_cannot_restore(admin_ctx, base, folder, old_backup):
    agent = agents.create_agent(admin_ctx, login="p.durand", display_name="Paul Durand", password="Lundi-bleu-42",
                                roles=["agent"])
    plain = admin_ctx.as_actor(Actor(agent.id, admin_ctx.actor.counter_id))
    before = files_in(folder)
    with pytest.raises(PermissionDenied) as refused:
        backups.restore_backup(plain, old_backup.path, str(folder))
    assert (refused.value.message.startswith("La restauration d'une sauvegarde")
            and "administrateur" in refused.value.message)
    assert counter_prefixes(base) == ["A01"] and files_in(folder) == before


# --- PostgreSQL: the service informatique's job ---------------------------------------------------------

def test_on_postgresql_backups_are_the_service_informatiques(ctx, tmp_path):
    folder = tmp_path / "sauvegardes"
    if ctx.db.dialect == "sqlite":
        assert backups.is_local_file(ctx)
        assert backups.backup_after_closing(ctx, str(folder)) is not None
        return
    assert not backups.is_local_file(ctx)
    assert backups.backup_after_closing(ctx, str(folder)) is None
    assert backups.daily_backup(ctx, str(folder)) is None
    assert backups.list_backups(ctx, str(folder)) == []
    for attempt in (lambda: backups.backup_now(ctx, str(folder)),
                    lambda: backups.restore_backup(ctx, tmp_path / "x.sqlite3", str(folder))):
        with pytest.raises(backups.BackupsElsewhere) as refused:
            attempt()
        assert "service informatique" in refused.value.message and "pg_dump" in refused.value.message
    assert not folder.exists()


# --- starting again after a restore ---------------------------------------------------------------------

def test_the_application_starts_again_with_the_same_arguments_after_a_restore():
    argv = ["/opt/ems/lib/ems_desktop/__main__.py", "--database", "sqlite:////srv/ems/guichet.sqlite3"]
    assert backups.restart_command(backups.EXIT_RESTART, argv, "/opt/ems/bin/python") == [
        "/opt/ems/bin/python", "-m", "ems_desktop", "--database", "sqlite:////srv/ems/guichet.sqlite3"]
    assert backups.restart_command(backups.EXIT_RESTART, ["ems-desktop", "--demo"], "/py") == [
        "/py", "-m", "ems_desktop", "--demo"]
    for code in (0, 2, 3):
        assert backups.restart_command(code, argv, "/py") is None


@pytest.mark.skipif(os.name != "posix", reason="os.execv replaces the process on POSIX only")
def test_restart_replaces_the_process_by_the_command(monkeypatch):
    import logging

    calls = []
    monkeypatch.setattr(logging, "shutdown", lambda: calls.append("journal fermé"))
    monkeypatch.setattr(os, "execv", lambda path, args: calls.append((path, args)))
    backups.restart(["/py", "-m", "ems_desktop", "--demo"])
    assert calls == ["journal fermé", ("/py", ["/py", "-m", "ems_desktop", "--demo"])]
