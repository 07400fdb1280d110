"""SEPA direct debit mandates: a family's account, its unique mandate reference (RUM), signed on,
first or recurrent, revoked (kept). At most one in force per family, enforced by the database.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from ems_desktop.models.base import UtcDateTime

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

# Shared with every counter (pulled from the town's server): its changes logged like 0014's tables.
LOGGED = {'sepa_mandates': 'id'}


def upgrade() -> None:
    op.create_table(
        'sepa_mandates',
        sa.Column('family_id', sa.Uuid(), nullable=False),
        sa.Column('rum', sa.String(length=35), nullable=False),
        sa.Column('debtor_name', sa.String(length=70), nullable=False),
        sa.Column('iban', sa.String(length=34), nullable=False),
        sa.Column('bic', sa.String(length=11), nullable=False),
        sa.Column('signed_on', sa.Date(), nullable=False),
        sa.Column('sequence', sa.String(length=4), nullable=False),
        sa.Column('revoked_at', UtcDateTime(), nullable=True),
        sa.Column('revoked_reason', sa.String(length=200), nullable=False),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.Column('agent_id', sa.Uuid(), nullable=True),
        sa.Column('counter_id', sa.Uuid(), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_sepa_mandates_agent_id_agents')),
        sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_sepa_mandates_counter_id_counters')),
        sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_sepa_mandates_family_id_families')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sepa_mandates')),
        sa.UniqueConstraint('rum', name=op.f('uq_sepa_mandates_rum')),
    )
    op.create_index('uq_sepa_mandates_family_in_force', 'sepa_mandates', ['family_id'], unique=True,
                    sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
    if op.get_bind().dialect.name == 'postgresql':
        for table, key in LOGGED.items():
            op.execute(f"CREATE TRIGGER ems_log_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION ems_log_change('{key}')")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table in LOGGED:
            op.execute(f"DROP TRIGGER IF EXISTS ems_log_change ON {table}")
    op.drop_index('uq_sepa_mandates_family_in_force', table_name='sepa_mandates')
    op.drop_table('sepa_mandates')
