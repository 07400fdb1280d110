"""Alembic owns the schema: the models match the migrations, and an older database filled with
data is upgraded in place with its data intact."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.database.migrate import current_revision, head_revision, upgrade
from ems_desktop.models import Base
from ems_desktop.paths import CATALOGS
from ems_desktop.services.bootstrap import open_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.families import get_family


def test_models_and_migrations_agree(database):
    from ems_desktop.database.migrations_filter import include_object

    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []
    assert current_revision(database.engine) == head_revision()


def test_sqlite_is_in_wal_mode_with_foreign_keys(tmp_path):
    database = open_database(sqlite_url(tmp_path / "wal.sqlite3"))
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def fill_revision_0001(engine) -> dict:
    """Rows written as the first release would have: raw SQL, no current model involved."""
    ids = {k: uuid.uuid4().hex for k in ("counter", "family", "guardian", "child", "season", "offer", "group", "enr")}
    now = "2017-06-21 13:00:00.000000"
    with engine.begin() as c:
        c.execute(text("INSERT INTO counters (id, code, name, number_prefix, created_at) "
                       "VALUES (:i, 'HDV', 'Accueil', 'A01', :n)"),
                  {"i": ids["counter"], "n": now})
        c.execute(text("""INSERT INTO families (id, reference, name, address_line1, address_line2, postal_code, city,
                          phone, email, caf_number, quotient, notes, created_at, updated_at)
                          VALUES (:i, 'A01-00001', 'Berthier', '8 rue Gambetta', '', '73200', 'Albertville',
                          '04 79 32 10 20', '', '1234567', 820, 'Préfère être appelée le matin', :n, :n)"""),
                  {"i": ids["family"], "n": now})
        c.execute(text("""INSERT INTO guardians (id, family_id, position, first_name, last_name, relationship_label,
                          is_payer, phone_mobile, phone_work, email)
                          VALUES (:i, :f, 0, 'Claire', 'Berthier', 'mère', 1, '06 12 34 56 78', '',
                          'claire@example.fr')"""),
                  {"i": ids["guardian"], "f": ids["family"]})
        c.execute(text("""INSERT INTO children (id, family_id, first_name, last_name, birth_date, sex, school,
                          health_notes, allergies, photo_allowed, may_leave_alone)
                          VALUES (:i, :f, 'Lise-Roxelane', 'Berthier', '2009-02-14', 'F', '', 'Asthme', '', 1, 0)"""),
                  {"i": ids["child"], "f": ids["family"]})
        c.execute(text("INSERT INTO seasons (id, label, starts_on, ends_on, holiday_zone) "
                       "VALUES (:i, '2017/2018', '2017-09-01', '2018-08-31', 'A')"),
                  {"i": ids["season"]})
        c.execute(text("""INSERT INTO offers (id, season_id, code, label, invoice_label, kind, starts_on, ends_on,
                          position)
                          VALUES (:i, :s, 'T1', 'EMS année 2017/2018 1er trimestre', 'EMS 2017/2018 1er trim.',
                          'trimester', '2017-09-20', '2017-12-06', 0)"""), {"i": ids["offer"], "s": ids["season"]})
        c.execute(text("""INSERT INTO activity_groups (id, offer_id, label, activity, age_min, age_max, age_rule,
                          capacity, weekday, start_time, end_time, place, price_cents, position)
                          VALUES (:i, :o, '7/11 ans VTT ou initiation bowling', 'VTT', 7, 11, 'age_at_start', 12, 2,
                          '13:30:00.000000', '16:30:00.000000', 'Parc', 4000, 0)"""),
                  {"i": ids["group"], "o": ids["offer"]})
        c.execute(text("""INSERT INTO enrollments (id, child_id, group_id, offer_id, status, price_cents,
                          hold_expires_at, cancel_reason, created_at, updated_at)
                          VALUES (:i, :c, :g, :o, 'confirmed', 4000, NULL, '', :n, :n)"""),
                  {"i": ids["enr"], "c": ids["child"], "g": ids["group"], "o": ids["offer"], "n": now})
    return ids


def test_a_database_of_revision_0001_is_upgraded_with_its_data(tmp_path):
    url = sqlite_url(tmp_path / "old.sqlite3")
    old = Database(url)
    upgrade(old.engine, "0001")
    assert "search_text" not in {c["name"] for c in inspect(old.engine).get_columns("families")}
    ids = fill_revision_0001(old.engine)
    old.dispose()

    database = open_database(url)  # what the application does at start-up
    assert current_revision(database.engine) == head_revision()
    family = get_family(ServiceContext(database), uuid.UUID(ids["family"]))
    assert (family.reference, family.name, family.quotient, family.notes) == (
        "A01-00001", "Berthier", 820, "Préfère être appelée le matin")
    assert family.guardians[0].email == "claire@example.fr" and family.guardians[0].is_payer
    child = family.children[0]
    assert (child.first_name, child.birth_date, child.health_notes) == ("Lise-Roxelane", dt.date(2009, 2, 14), "Asthme")
    with database.engine.connect() as c:
        row = c.execute(text("SELECT status, price_cents FROM enrollments")).one()
        search = c.execute(text("SELECT search_text FROM families")).scalar()
    assert tuple(row) == ("confirmed", 4000)
    # The new column was filled for the existing family: search works at once.
    for word in ("berthier", "lise", "roxelane", "claire@example.fr", "0612345678", "a01"):
        assert f" {word}" in search
    database.dispose()


def test_upgrading_twice_changes_nothing(tmp_path):
    url = sqlite_url(tmp_path / "twice.sqlite3")
    open_database(url).dispose()
    database = open_database(url)
    assert current_revision(database.engine) == head_revision()
    database.dispose()


@pytest.mark.parametrize("revision", ["0001"])
def test_downgrade_then_upgrade_round_trips(tmp_path, revision):
    from alembic import command

    from ems_desktop.database.migrate import alembic_config
    database = open_database(sqlite_url(tmp_path / "round.sqlite3"))
    command.downgrade(alembic_config(database.engine), revision)
    assert current_revision(database.engine) == revision
    upgrade(database.engine)
    assert current_revision(database.engine) == head_revision()
    database.dispose()


def test_0020_keeps_every_season_open_and_every_offer_and_group_in_service(tmp_path):
    """A town's base from before the catalog screen: its seasons stay open at the counters, its
    offers and groups stay offered."""
    from ems_desktop.models import SeasonStatus
    from ems_desktop.services import catalog, grid
    from ems_desktop.services.context import ServiceContext

    url = sqlite_url(tmp_path / "avant-0020.sqlite3")
    database = Database(url)
    upgrade(database.engine, "0019")
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO seasons (id, label, starts_on, ends_on, holiday_zone) "
            "VALUES ('00000000000000000000000000000001', '2017/2018', '2017-09-01', '2018-08-31', 'A')")
    upgrade(database.engine)
    ctx = ServiceContext(database)
    assert [(s.label) for s in grid.list_seasons(ctx)] == ["2017/2018"]
    with ctx.reading() as s:
        assert s.execute(text("SELECT status FROM seasons")).scalar() == SeasonStatus.OPEN
    catalog.import_catalog(ctx, (CATALOGS / "2017-2018.csv").read_text(encoding="utf-8"))
    with ctx.reading() as s:
        assert s.execute(text("SELECT COUNT(*) FROM activity_groups WHERE archived_at IS NULL")).scalar() == 21
    database.dispose()
