"""Fast search: a full-text index of families.search_text (SQLite FTS5, kept up to date by
triggers; prefix indexes of 1 to 3 characters keep short, common prefixes fast) and an index on
running holds.

On PostgreSQL the search uses LIKE over families.search_text instead (no FTS table).

Caution for later migrations: the FTS table follows families by rowid. A migration that rebuilds
``families`` on SQLite (batch mode) must run ``INSERT INTO family_search(family_search)
VALUES('rebuild')`` afterwards and recreate the three triggers below.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FTS_TRIGGERS = (
    """CREATE TRIGGER families_search_ai AFTER INSERT ON families BEGIN
         INSERT INTO family_search(rowid, search_text) VALUES (new.rowid, new.search_text);
       END""",
    """CREATE TRIGGER families_search_ad AFTER DELETE ON families BEGIN
         INSERT INTO family_search(family_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
       END""",
    """CREATE TRIGGER families_search_au AFTER UPDATE OF search_text ON families BEGIN
         INSERT INTO family_search(family_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
         INSERT INTO family_search(rowid, search_text) VALUES (new.rowid, new.search_text);
       END""",
)


def upgrade() -> None:
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.create_index("ix_enrollments_status_hold", ["status", "hold_expires_at"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE family_search USING fts5("
                   "search_text, content='families', content_rowid='rowid', tokenize='unicode61', prefix='1 2 3')")
        for trigger in FTS_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO family_search(family_search) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("families_search_ai", "families_search_ad", "families_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS family_search")
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_index("ix_enrollments_status_hold")
