"""card attempts: those charged through the built-in simulator are tagged; a card refund is bound
to its credit note

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('card_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('simulated', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('credit_note_id', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_card_attempts_credit_note_id_credit_notes'), 'credit_notes',
                                    ['credit_note_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('card_attempts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_card_attempts_credit_note_id_credit_notes'), type_='foreignkey')
        batch_op.drop_column('credit_note_id')
        batch_op.drop_column('simulated')
