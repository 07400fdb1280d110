"""Search that stays flat as the town grows.

- Families indexed by (name, reference), the order results are shown in: the first hundred
  matches of a common prefix are read in that order instead of sorting every match.
- On SQLite, ``family_order``: each family's rowid, id, name, reference and whether it is archived,
  kept by triggers. Sorting the matches of the full-text index reads these short rows instead of
  the families' long ones (three to four times faster).
- On SQLite, ``family_fragments``: a second full-text index of ``families.search_text`` cut into
  trigrams, so that digits typed from the middle of a phone number (or of a reference) are found,
  as PostgreSQL's ``LIKE '%…%'`` finds them.

Existing rows untouched; both are built from them. Like ``family_search`` (0004), they follow
families by rowid: a later migration that rebuilds ``families`` on SQLite must rebuild them and
recreate their triggers.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

ORDER_TRIGGERS = (
    """CREATE TRIGGER families_order_ai AFTER INSERT ON families BEGIN
         INSERT INTO family_order(family_rowid, id, name, reference, archived)
         VALUES (new.rowid, new.id, new.name, new.reference, new.archived_at IS NOT NULL);
       END""",
    """CREATE TRIGGER families_order_ad AFTER DELETE ON families BEGIN
         DELETE FROM family_order WHERE family_rowid = old.rowid;
       END""",
    """CREATE TRIGGER families_order_au AFTER UPDATE OF id, name, reference, archived_at ON families BEGIN
         UPDATE family_order SET id = new.id, name = new.name, reference = new.reference,
                                 archived = new.archived_at IS NOT NULL
         WHERE family_rowid = new.rowid;
       END""",
)
TRIGRAM_TRIGGERS = (
    """CREATE TRIGGER families_fragments_ai AFTER INSERT ON families BEGIN
         INSERT INTO family_fragments(rowid, search_text) VALUES (new.rowid, new.search_text);
       END""",
    """CREATE TRIGGER families_fragments_ad AFTER DELETE ON families BEGIN
         INSERT INTO family_fragments(family_fragments, rowid, search_text)
         VALUES ('delete', old.rowid, old.search_text);
       END""",
    """CREATE TRIGGER families_fragments_au AFTER UPDATE OF search_text ON families BEGIN
         INSERT INTO family_fragments(family_fragments, rowid, search_text)
         VALUES ('delete', old.rowid, old.search_text);
         INSERT INTO family_fragments(rowid, search_text) VALUES (new.rowid, new.search_text);
       END""",
)


def upgrade() -> None:
    op.drop_index("ix_families_name", table_name="families")
    op.create_index("ix_families_name_reference", "families", ["name", "reference"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE family_fragments USING fts5("
                   "search_text, content='families', content_rowid='rowid', tokenize='trigram')")
        for trigger in TRIGRAM_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO family_fragments(family_fragments) VALUES ('rebuild')")
        op.execute("CREATE TABLE family_order (family_rowid INTEGER PRIMARY KEY, id CHAR(32) NOT NULL, "
                   "name TEXT NOT NULL, reference TEXT NOT NULL, archived BOOLEAN NOT NULL)")
        for trigger in ORDER_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO family_order(family_rowid, id, name, reference, archived) "
                   "SELECT rowid, id, name, reference, archived_at IS NOT NULL FROM families")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("families_fragments_ai", "families_fragments_ad", "families_fragments_au",
                     "families_order_ai", "families_order_ad", "families_order_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS family_fragments")
        op.execute("DROP TABLE IF EXISTS family_order")
    op.drop_index("ix_families_name_reference", table_name="families")
    op.create_index("ix_families_name", "families", ["name"], unique=False)
