"""Alembic environment: runs on the engine the application hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from ems_desktop.database.engine import make_engine, writing_engine
from ems_desktop.database.migrations_filter import include_object
from ems_desktop.models import Base

config = context.config
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    # Migrations must not import model code: UtcDateTime is stored as a plain timezone-aware DateTime.
    if type_ == "type" and obj.__class__.__name__ == "UtcDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations() -> None:
    engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url", ""))
    # IMMEDIATE on SQLite: two counters starting together upgrade one after the other.
    with writing_engine(engine).begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite cannot ALTER most things: batch mode rebuilds tables, keeping their rows.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_object=include_object,
            render_item=render_item,
        )
        context.run_migrations()


run_migrations()
