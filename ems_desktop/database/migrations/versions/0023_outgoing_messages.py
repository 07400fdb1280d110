"""E-mails to families: the outbox of the counter that writes them (invoices, credit notes,
reminders with their PDF), each message stored whole before it is sent. Local to its counter: not
logged for the other counters, not in a new counter's snapshot.

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from ems_desktop.models.base import UtcDateTime

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'outgoing_messages',
        sa.Column('family_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('document_id', sa.Uuid(), nullable=False),
        sa.Column('document_number', sa.String(length=40), nullable=False),
        sa.Column('recipient', sa.String(length=200), nullable=False),
        sa.Column('subject', sa.String(length=250), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('attachment_name', sa.String(length=120), nullable=False),
        sa.Column('attachment', sa.LargeBinary(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', UtcDateTime(), nullable=False),
        sa.Column('last_error', sa.String(length=500), nullable=False),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.Column('sent_at', UtcDateTime(), nullable=True),
        sa.Column('agent_id', sa.Uuid(), nullable=True),
        sa.Column('counter_id', sa.Uuid(), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_outgoing_messages_agent_id_agents')),
        sa.ForeignKeyConstraint(['counter_id'], ['counters.id'],
                                name=op.f('fk_outgoing_messages_counter_id_counters')),
        sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_outgoing_messages_family_id_families')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_messages')),
    )
    op.create_index('ix_outgoing_messages_counter_state_next', 'outgoing_messages',
                    ['counter_id', 'state', 'next_attempt_at'])
    op.create_index('ix_outgoing_messages_family_created', 'outgoing_messages', ['family_id', 'created_at'])


def downgrade() -> None:
    op.drop_index('ix_outgoing_messages_family_created', table_name='outgoing_messages')
    op.drop_index('ix_outgoing_messages_counter_state_next', table_name='outgoing_messages')
    op.drop_table('outgoing_messages')
