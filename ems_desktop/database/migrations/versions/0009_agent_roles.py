"""agents' roles: agent, régisseur, administrateur (an administrator keeps every role)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no table rebuild: agents are referenced by every signed row).
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('roles', sa.JSON(), server_default='["agent"]', nullable=False))
    agents = sa.table('agents', sa.column('is_admin', sa.Boolean()), sa.column('roles', sa.JSON()))
    op.execute(agents.update().where(agents.c.is_admin.is_(True))
               .values(roles=["agent", "regisseur", "administrateur"]))


def downgrade() -> None:
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.drop_column('roles')
