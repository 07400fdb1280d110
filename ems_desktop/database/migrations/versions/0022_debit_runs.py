"""Direct-debit runs: invoices issued « à prélever », the runs that collect them (the pain.008 file
kept as built) and, per invoice, the debit and what the bank said of it. An invoice is in at most
one debit the bank has not returned, enforced by the database.

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from ems_desktop.models.base import UtcDateTime

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

# Shared with every counter (pulled from the town's server): the runs are made on the central
# database, and a counter shows a family's debit « en cours » from them.
LOGGED = {'debit_runs': 'id', 'debit_items': 'id'}


def upgrade() -> None:
    # A plain ADD COLUMN (a literal default): rebuilding ``invoices`` would fail on a base whose
    # invoices are referenced (SQLite's foreign keys are on while the application migrates).
    op.add_column('invoices', sa.Column('collect_by_debit', sa.Boolean(), nullable=False, server_default='0'))
    op.create_table(
        'debit_runs',
        sa.Column('reference', sa.String(length=35), nullable=False),
        sa.Column('collection_date', sa.Date(), nullable=False),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.Column('agent_id', sa.Uuid(), nullable=True),
        sa.Column('counter_id', sa.Uuid(), nullable=True),
        sa.Column('total_cents', sa.Integer(), nullable=False),
        sa.Column('item_count', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=120), nullable=False),
        sa.Column('file_xml', sa.Text(), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_debit_runs_agent_id_agents')),
        sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_debit_runs_counter_id_counters')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_debit_runs')),
        sa.UniqueConstraint('reference', name=op.f('uq_debit_runs_reference')),
    )
    op.create_table(
        'debit_items',
        sa.Column('run_id', sa.Uuid(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('invoice_id', sa.Uuid(), nullable=False),
        sa.Column('family_id', sa.Uuid(), nullable=False),
        sa.Column('mandate_id', sa.Uuid(), nullable=False),
        sa.Column('amount_cents', sa.Integer(), nullable=False),
        sa.Column('sequence', sa.String(length=4), nullable=False),
        sa.Column('end_to_end_id', sa.String(length=35), nullable=False),
        sa.Column('payment_id', sa.Uuid(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('reject_code', sa.String(length=4), nullable=False),
        sa.Column('reject_reason', sa.String(length=200), nullable=False),
        sa.Column('rejected_at', UtcDateTime(), nullable=True),
        sa.Column('reversal_payment_id', sa.Uuid(), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['debit_runs.id'], name=op.f('fk_debit_items_run_id_debit_runs')),
        sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_debit_items_invoice_id_invoices')),
        sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_debit_items_family_id_families')),
        sa.ForeignKeyConstraint(['mandate_id'], ['sepa_mandates.id'],
                                name=op.f('fk_debit_items_mandate_id_sepa_mandates')),
        sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_debit_items_payment_id_payments')),
        sa.ForeignKeyConstraint(['reversal_payment_id'], ['payments.id'],
                                name=op.f('fk_debit_items_reversal_payment_id_payments')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_debit_items')),
        sa.UniqueConstraint('end_to_end_id', name=op.f('uq_debit_items_end_to_end_id')),
    )
    op.create_index(op.f('ix_debit_items_run_id'), 'debit_items', ['run_id'])
    op.create_index(op.f('ix_debit_items_invoice_id'), 'debit_items', ['invoice_id'])
    op.create_index(op.f('ix_debit_items_family_id'), 'debit_items', ['family_id'])
    op.create_index('uq_debit_items_invoice_pending', 'debit_items', ['invoice_id'], unique=True,
                    sqlite_where=sa.text("state = 'pending'"), postgresql_where=sa.text("state = 'pending'"))
    if op.get_bind().dialect.name == 'postgresql':
        for table, key in LOGGED.items():
            op.execute(f"CREATE TRIGGER ems_log_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION ems_log_change('{key}')")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table in LOGGED:
            op.execute(f"DROP TRIGGER IF EXISTS ems_log_change ON {table}")
    op.drop_index('uq_debit_items_invoice_pending', table_name='debit_items')
    op.drop_index(op.f('ix_debit_items_family_id'), table_name='debit_items')
    op.drop_index(op.f('ix_debit_items_invoice_id'), table_name='debit_items')
    op.drop_index(op.f('ix_debit_items_run_id'), table_name='debit_items')
    op.drop_table('debit_items')
    op.drop_table('debit_runs')
    if op.get_bind().dialect.name == 'sqlite':  # SQLite ≥ 3.35 drops a column in place (see upgrade)
        op.execute("ALTER TABLE invoices DROP COLUMN collect_by_debit")
    else:
        op.drop_column('invoices', 'collect_by_debit')
