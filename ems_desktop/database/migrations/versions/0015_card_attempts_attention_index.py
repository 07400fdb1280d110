"""an index on card attempts by state and payment, so that the attempts needing attention (in
doubt, sent, accepted but not recorded) are found without reading every card payment ever made;
existing rows untouched

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_card_attempts_state_payment', 'card_attempts', ['state', 'payment_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_card_attempts_state_payment', table_name='card_attempts')
