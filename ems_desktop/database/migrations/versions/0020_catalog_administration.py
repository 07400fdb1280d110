"""The catalog administered in the application: a season is in preparation (hidden from the
counters' enrollment grids), open, or archived; offers and groups are archived, never deleted once
children were enrolled in them. Existing seasons are open, existing offers and groups in service.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from ems_desktop.models.base import UtcDateTime

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('seasons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False, server_default='open'))
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', UtcDateTime(), nullable=True))
    with op.batch_alter_table('activity_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('activity_groups', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
    with op.batch_alter_table('seasons', schema=None) as batch_op:
        batch_op.drop_column('status')
