"""counter outbox: one operation per user action, numbered per counter and hash-chained
(outbox_ops), and the end of each counter's chain (outbox_heads) — the first step of the sync of
offline counters; existing data is untouched (no operation is made up for the past)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'outbox_ops',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('counter_id', sa.Uuid(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('op_type', sa.String(length=60), nullable=False),
        sa.Column('op_version', sa.Integer(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('base', sa.JSON(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('agent_id', sa.Uuid(), nullable=True),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('acked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('outcome', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_outbox_ops_agent_id_agents')),
        sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_outbox_ops_counter_id_counters')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_ops')),
    )
    op.create_index('uq_outbox_ops_counter_seq', 'outbox_ops', ['counter_id', 'seq'], unique=True)
    op.create_index('ix_outbox_ops_unacked', 'outbox_ops', ['counter_id', 'acked_at', 'seq'], unique=False)
    op.create_table(
        'outbox_heads',
        sa.Column('counter_id', sa.Uuid(), nullable=False),
        sa.Column('last_seq', sa.Integer(), nullable=False),
        sa.Column('last_hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_outbox_heads_counter_id_counters')),
        sa.PrimaryKeyConstraint('counter_id', name=op.f('pk_outbox_heads')),
    )


def downgrade() -> None:
    op.drop_table('outbox_heads')
    op.drop_index('ix_outbox_ops_unacked', table_name='outbox_ops')
    op.drop_index('uq_outbox_ops_counter_seq', table_name='outbox_ops')
    op.drop_table('outbox_ops')
