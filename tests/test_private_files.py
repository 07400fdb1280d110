"""Personal data on disk: the data, log and config folders are private (0700) and every file the
application writes there is its user's only (0600) — database and WAL/SHM, log (rotated ones too),
this counter's settings, the saved PDFs; and a database error never carries a child's health note
into an exception's text or the log."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import stat
import sys
import traceback
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from ems_desktop import private_files
from ems_desktop.database.engine import default_database_url, sqlite_url
from ems_desktop.services import families
from ems_desktop.services.errors import ConcurrentChange

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows has no Unix modes (chmod is a no-op)")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    """The usual 022: what the application writes must be private without counting on the umask."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def folders(tmp_path, monkeypatch):
    data, config, logs = tmp_path / "donnees", tmp_path / "config", tmp_path / "journal"
    monkeypatch.setenv("EMS_DATA_DIR", str(data))
    monkeypatch.setenv("EMS_CONFIG_DIR", str(config))
    monkeypatch.setenv("EMS_LOG_DIR", str(logs))
    monkeypatch.delenv("EMS_DATABASE_URL", raising=False)
    return data, config, logs


@pytest.fixture
def log_file(folders):
    """setup_logging() as at start-up, into the test's log folder; its handler removed after."""
    from ems_desktop.logging_setup import setup_logging

    path = setup_logging()
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "baseFilename", None) == str(path)]:
        root.removeHandler(handler)
        handler.close()


def flush_logs() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_the_start_up_path_leaves_only_private_folders_and_files(folders, log_file, loose_umask):
    from ems_desktop.local_settings import LocalSettings
    from ems_desktop.printing.files import INVOICES, documents_folder, pdf_filename, save_pdf
    from ems_desktop.services import agents
    from ems_desktop.services.bootstrap import open_database
    from ems_desktop.services.context import ServiceContext
    from ems_desktop.views.caisse_tab import _save_document
    from ems_desktop.views.document_feedback import document_path

    data, config, logs = folders
    # The database, as the application opens it at start-up (a new file), then a write.
    database = open_database(default_database_url())
    try:
        context = ServiceContext(database)
        agents.create_counter(context, code="HDV", name="Accueil Hôtel de Ville", number_prefix="A01")
        db_file = data / "ems.sqlite3"
        wal, shm = Path(f"{db_file}-wal"), Path(f"{db_file}-shm")
        assert wal.exists() and shm.exists()  # WAL mode, a connection open: both are there
        assert (mode(data), mode(db_file), mode(wal), mode(shm)) == (0o700, 0o600, 0o600, 0o600)
    finally:
        database.dispose()

    local = LocalSettings()
    local.save()
    assert (mode(config), mode(config / "guichet.json")) == (0o700, 0o600)
    assert not list(config.glob(".~*"))  # the atomic write left no temporary file

    logging.getLogger("ems_desktop.test").warning("une ligne du journal")
    flush_logs()
    assert "une ligne du journal" in log_file.read_text(encoding="utf-8")
    assert (mode(logs), mode(log_file)) == (0o700, 0o600)
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "baseFilename", None) == str(log_file))
    handler.doRollover()  # the rotated file keeps its mode, the new one is created private
    logging.getLogger("ems_desktop.test").warning("après la rotation")
    flush_logs()
    assert mode(logs / "ems-desktop.log.1") == 0o600 and mode(log_file) == 0o600

    invoice = save_pdf(b"%PDF-1.4 facture", documents_folder(INVOICES) / pdf_filename("Facture", "A01-F000001"))
    ticket = asyncio.run(_save_document(b"%PDF-1.4 ticket", document_path("tickets", "A01-R000001")))
    assert invoice.read_bytes() == b"%PDF-1.4 facture" and ticket.read_bytes() == b"%PDF-1.4 ticket"
    assert (mode(invoice.parent), mode(invoice), mode(ticket.parent), mode(ticket)) == (0o700, 0o600, 0o700, 0o600)


def test_an_older_install_is_made_private_at_start_up(folders, loose_umask):
    """Folders and a database written by a version that left them readable by all are tightened;
    the WAL file SQLite makes next takes the database's mode."""
    from ems_desktop.database.engine import Database, user_data_dir
    from ems_desktop.local_settings import config_dir
    from ems_desktop.logging_setup import log_dir

    data, config, logs = folders
    for folder in folders:
        folder.mkdir(mode=0o755)
        folder.chmod(0o755)
    db_file = data / "ems.sqlite3"
    Database(sqlite_url(db_file)).dispose()
    db_file.chmod(0o644)
    assert (user_data_dir(), config_dir(), log_dir()) == folders
    assert all(mode(folder) == 0o700 for folder in folders)
    database = Database(default_database_url())
    try:
        with database.session() as session:
            session.connection().exec_driver_sql("CREATE TABLE essai (x INTEGER)")
        assert mode(db_file) == 0o600 and mode(Path(f"{db_file}-wal")) == 0o600
    finally:
        database.dispose()


def test_a_database_outside_the_data_folder_keeps_the_modes_it_was_given(tmp_path, folders, loose_umask):
    """A file an administrator placed elsewhere (say, shared by the machine's users with group
    rights) is not changed; a new one anywhere is created private."""
    from ems_desktop.database.engine import Database

    shared = tmp_path / "srv" / "guichet.sqlite3"
    shared.parent.mkdir()
    Database(sqlite_url(shared)).dispose()
    assert mode(shared) == 0o600  # new: private
    shared.chmod(0o660)
    database = Database(sqlite_url(shared))
    try:
        with database.session() as session:
            session.connection().exec_driver_sql("CREATE TABLE essai (x INTEGER)")
        assert mode(shared) == 0o660
    finally:
        database.dispose()


def test_the_process_umask_is_private_once_restricted():
    previous = private_files.restrict_new_files()
    try:
        assert os.umask(0o077) == 0o077
    finally:
        os.umask(previous)


def test_write_private_replaces_a_file_whole(tmp_path, loose_umask):
    target = tmp_path / "guichet.json"
    target.write_text("ancien", encoding="utf-8")
    target.chmod(0o644)
    private_files.write_private(target, "nouveau é")
    assert target.read_text(encoding="utf-8") == "nouveau é" and mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["guichet.json"]


# --- A database error never shows a child's health note ------------------------------------------

NOTE = "Asthme sévère, ventoline dans le sac — repère 7f3a9c"
MARKERS = (NOTE, "7f3a9c", "ventoline")


def _refuse_the_note(database, kind: str) -> None:
    """Make the database refuse the insertion of a child whose health note holds the marker:
    ``integrity`` — a constraint (PostgreSQL) or a trigger's ABORT (SQLite), which the services
    turn into a French message; ``raw`` — an error the services let through as it is (a
    PostgreSQL trigger's exception; on SQLite a function of the trigger that fails)."""
    with database.engine.begin() as connection:
        run = connection.exec_driver_sql
        if database.dialect == "postgresql":
            if kind == "integrity":
                run("ALTER TABLE children ADD CONSTRAINT refus_force CHECK (position('7f3a9c' in health_notes) = 0)")
            else:
                run("CREATE FUNCTION refus_force() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "IF position('7f3a9c' in NEW.health_notes) > 0 THEN "
                    "RAISE EXCEPTION 'refus forcé par le test'; END IF; "
                    "RETURN NEW; END $$")
                run("CREATE TRIGGER refus_force BEFORE INSERT ON children FOR EACH ROW EXECUTE FUNCTION refus_force()")
        elif kind == "integrity":
            run("CREATE TRIGGER refus_force BEFORE INSERT ON children WHEN NEW.health_notes LIKE '%7f3a9c%' "
                "BEGIN SELECT RAISE(ABORT, 'refus forcé par le test'); END")
        else:
            run("CREATE TRIGGER refus_force BEFORE INSERT ON children WHEN NEW.health_notes LIKE '%7f3a9c%' "
                "BEGIN SELECT refus_force(NEW.health_notes); END")
    if database.dialect == "sqlite" and kind == "raw":
        def refuse(_value):
            raise ValueError("refus forcé par le test")

        event.listen(database.engine, "connect",
                     lambda dbapi_connection, _record: dbapi_connection.create_function("refus_force", 1, refuse))
        database.engine.dispose()  # the next connections get the function


@pytest.mark.parametrize("kind", ["integrity", "raw"])
def test_a_refused_statement_leaves_no_health_note_in_the_error_or_the_log(ctx, kind, log_file, qapp):
    from ems_desktop.views.errors import ErrorReporter

    _refuse_the_note(ctx.db, kind)
    data = families.FamilyInput(
        name="Berthier",
        guardians=(families.GuardianInput("Claire", "Berthier", is_payer=True, phone_mobile="06 12 34 56 78"),),
        children=(families.ChildInput("Lise-Roxelane", "Berthier", dt.date(2009, 2, 14),
                                      health_notes=NOTE),),
    )
    with pytest.raises(Exception) as caught:
        families.create_family(ctx, data)
    error = caught.value
    if kind == "integrity":
        assert isinstance(error, ConcurrentChange)  # a French message, the cause logged as a warning
        database_error = error.__cause__
    else:
        assert isinstance(error, DBAPIError)  # let through: the window's error dialog logs it whole
        database_error = error
        box = ErrorReporter(log_file).report(type(error), error, error.__traceback__)
        box.close()
    assert isinstance(database_error, DBAPIError) and "INSERT INTO children" in str(database_error)
    assert "parameters hidden" in str(database_error)
    shown = "".join(traceback.format_exception(type(error), error, error.__traceback__))  # with its causes
    flush_logs()
    logged = log_file.read_text(encoding="utf-8")
    assert logged.strip()  # the error was written to the log…
    for marker in MARKERS:  # …without the note, anywhere
        assert marker not in str(error) and marker not in shown and marker not in logged
        assert marker not in str(database_error.orig)
