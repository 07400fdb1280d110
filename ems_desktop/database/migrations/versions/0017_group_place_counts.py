"""group_place_counts: how many children are confirmed and waiting in each group, kept by
triggers on enrollments in the transaction that changes them (SQLite and PostgreSQL), so places
left for a whole season are read from one short row per group instead of counting every
enrollment of the season. Filled from the existing enrollments.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

COUNTED = "('confirmed', 'waiting')"


def _add(row: str, sign: str) -> str:
    """Add (sign '+') or take away (sign '-') one enrollment row (``new`` or ``old``) from its
    group's counts; a group seen for the first time gets its row."""
    return (f"INSERT INTO group_place_counts (group_id, confirmed, waiting) VALUES ({row}.group_id, "
            f"{sign}(CASE WHEN {row}.status = 'confirmed' THEN 1 ELSE 0 END), "
            f"{sign}(CASE WHEN {row}.status = 'waiting' THEN 1 ELSE 0 END)) "
            "ON CONFLICT (group_id) DO UPDATE SET "
            "confirmed = group_place_counts.confirmed + excluded.confirmed, "
            "waiting = group_place_counts.waiting + excluded.waiting")


SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER enrollments_count_ai AFTER INSERT ON enrollments
        WHEN new.status IN {COUNTED} BEGIN {_add('new', '+')}; END""",
    f"""CREATE TRIGGER enrollments_count_ad AFTER DELETE ON enrollments
        WHEN old.status IN {COUNTED} BEGIN {_add('old', '-')}; END""",
    f"""CREATE TRIGGER enrollments_count_au_old AFTER UPDATE OF status, group_id ON enrollments
        WHEN old.status IN {COUNTED} BEGIN {_add('old', '-')}; END""",
    f"""CREATE TRIGGER enrollments_count_au_new AFTER UPDATE OF status, group_id ON enrollments
        WHEN new.status IN {COUNTED} BEGIN {_add('new', '+')}; END""",
)

POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION ems_count_places() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN {COUNTED} THEN
        {_add('OLD', '-')};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN {COUNTED} THEN
        {_add('NEW', '+')};
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        'group_place_counts',
        sa.Column('group_id', sa.Uuid(), nullable=False),
        sa.Column('confirmed', sa.Integer(), nullable=False),
        sa.Column('waiting', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['group_id'], ['activity_groups.id'],
                                name=op.f('fk_group_place_counts_group_id_activity_groups')),
        sa.PrimaryKeyConstraint('group_id', name=op.f('pk_group_place_counts')),
    )
    op.execute(f"INSERT INTO group_place_counts (group_id, confirmed, waiting) "
               f"SELECT group_id, SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), "
               f"SUM(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END) "
               f"FROM enrollments WHERE status IN {COUNTED} GROUP BY group_id")
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(POSTGRESQL_FUNCTION)
        op.execute("CREATE TRIGGER ems_count_places AFTER INSERT OR UPDATE OF status, group_id OR DELETE "
                   "ON enrollments FOR EACH ROW EXECUTE FUNCTION ems_count_places()")
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS ems_count_places ON enrollments")
        op.execute("DROP FUNCTION IF EXISTS ems_count_places()")
    else:
        for name in ("enrollments_count_ai", "enrollments_count_ad", "enrollments_count_au_old",
                     "enrollments_count_au_new"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('group_place_counts')
