"""sync service: where the server stands in each counter's chain (counter_streams), the operations
it applied with their outcomes (applied_ops), the counters' enrolment codes and tokens as hashes
(counter_credentials), and the conflicts it records for the agents (sync_conflicts); new tables
only, existing data untouched

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'counter_streams',
        sa.Column('counter_id', sa.Uuid(), nullable=False),
        sa.Column('last_seq', sa.Integer(), nullable=False),
        sa.Column('last_hash', sa.String(length=64), nullable=False),
        sa.Column('quarantined_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('quarantine_reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_counter_streams_counter_id_counters')),
        sa.PrimaryKeyConstraint('counter_id', name=op.f('pk_counter_streams')),
    )
    op.create_table(
        'applied_ops',
        sa.Column('op_id', sa.Uuid(), nullable=False),
        sa.Column('counter_id', sa.Uuid(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('op_type', sa.String(length=60), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('outcome', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_applied_ops_counter_id_counters')),
        sa.PrimaryKeyConstraint('op_id', name=op.f('pk_applied_ops')),
    )
    op.create_index('uq_applied_ops_counter_seq', 'applied_ops', ['counter_id', 'seq'], unique=True)
    op.create_table(
        'counter_credentials',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('counter_id', sa.Uuid(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=True),
        sa.Column('code_expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('token_hash', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['counter_id'], ['counters.id'],
                                name=op.f('fk_counter_credentials_counter_id_counters')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_counter_credentials')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_counter_credentials_code_hash')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_counter_credentials_token_hash')),
    )
    op.create_index(op.f('ix_counter_credentials_counter_id'), 'counter_credentials', ['counter_id'], unique=False)
    op.create_table(
        'sync_conflicts',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('entity', sa.String(length=40), nullable=False),
        sa.Column('entity_id', sa.Uuid(), nullable=True),
        sa.Column('family_id', sa.Uuid(), nullable=True),
        sa.Column('group_id', sa.Uuid(), nullable=True),
        sa.Column('origin_counter_id', sa.Uuid(), nullable=True),
        sa.Column('op_id', sa.Uuid(), nullable=True),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('resolved_by_id', sa.Uuid(), nullable=True),
        sa.Column('resolution', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['resolved_by_id'], ['agents.id'],
                                name=op.f('fk_sync_conflicts_resolved_by_id_agents')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts')),
    )
    op.create_index('ix_sync_conflicts_status', 'sync_conflicts', ['status', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_sync_conflicts_status', table_name='sync_conflicts')
    op.drop_table('sync_conflicts')
    op.drop_index(op.f('ix_counter_credentials_counter_id'), table_name='counter_credentials')
    op.drop_table('counter_credentials')
    op.drop_index('uq_applied_ops_counter_seq', table_name='applied_ops')
    op.drop_table('applied_ops')
    op.drop_table('counter_streams')
