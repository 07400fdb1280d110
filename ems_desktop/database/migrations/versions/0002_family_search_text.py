"""families.search_text: one accent-free searchable string per family, filled for existing rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

from ems_desktop.rules.search import family_search_text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("families", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))

    # Backfill every existing family so search works on an upgraded database at once.
    bind = op.get_bind()
    guardians: dict[str, list] = {}
    for row in bind.execute(
        sa.text("SELECT family_id, first_name, last_name, phone_mobile, phone_work, email FROM guardians")
    ):
        guardians.setdefault(row.family_id, []).append(tuple(row[1:]))
    children: dict[str, list] = {}
    for row in bind.execute(sa.text("SELECT family_id, first_name, last_name FROM children")):
        children.setdefault(row.family_id, []).append(tuple(row[1:]))
    families = bind.execute(sa.text("SELECT id, reference, name, phone, email FROM families")).all()
    for family in families:
        text = family_search_text(
            reference=family.reference,
            name=family.name,
            guardians=guardians.get(family.id, []),
            children=children.get(family.id, []),
            phone=family.phone,
            email=family.email,
        )
        bind.execute(
            sa.text("UPDATE families SET search_text = :text WHERE id = :id"),
            {"text": text, "id": family.id},
        )


def downgrade() -> None:
    with op.batch_alter_table("families", schema=None) as batch_op:
        batch_op.drop_column("search_text")
