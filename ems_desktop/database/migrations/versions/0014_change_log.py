"""change log for the counters' pull: every change of a shared row on the town's PostgreSQL is
written by a trigger into change_log, with its transaction's id (PostgreSQL only: a counter's SQLite
has the table, empty); and the counter's sync_state (its cursor in that log, its last contact).
Existing rows are not logged: a counter starts from a snapshot.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# The shared tables a counter's replica receives, with their primary key column. Not logged: the
# server's own (streams, credentials, applied ops), the counters' own (outbox), each database's
# audit trail (journal) and number series (a counter's numbers are its own).
LOGGED = {
    'settings': 'key', 'counters': 'id', 'agents': 'id',
    'seasons': 'id', 'offers': 'id', 'activity_groups': 'id', 'price_bands': 'id',
    'session_exceptions': 'id', 'closures': 'id', 'manual_holiday_periods': 'id',
    'families': 'id', 'guardians': 'id', 'children': 'id', 'authorized_pickups': 'id',
    'enrollments': 'id', 'invoices': 'id', 'invoice_lines': 'id', 'credit_notes': 'id', 'credit_note_lines': 'id',
    'cash_sessions': 'id', 'cash_session_counts': 'id', 'payments': 'id', 'payment_allocations': 'id',
    'card_attempts': 'id', 'sync_conflicts': 'id',
}

LOG_FUNCTION = """
CREATE OR REPLACE FUNCTION ems_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    origin uuid := NULLIF(current_setting('ems.origin_op', true), '')::uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO change_log (txid, table_name, row_pk, action, row_data, origin_op_id)
        VALUES (pg_current_xact_id()::text::bigint, TG_TABLE_NAME, to_jsonb(OLD) ->> TG_ARGV[0], 'd', NULL, origin);
        RETURN OLD;
    END IF;
    INSERT INTO change_log (txid, table_name, row_pk, action, row_data, origin_op_id)
    VALUES (pg_current_xact_id()::text::bigint, TG_TABLE_NAME, to_jsonb(NEW) ->> TG_ARGV[0], 'u', to_jsonb(NEW), origin);
    RETURN NEW;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        'change_log',
        sa.Column('server_seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True,
                  nullable=False),
        sa.Column('txid', sa.BigInteger(), nullable=False),
        sa.Column('table_name', sa.String(length=60), nullable=False),
        sa.Column('row_pk', sa.String(length=80), nullable=False),
        sa.Column('action', sa.String(length=1), nullable=False),
        sa.Column('row_data', sa.JSON(), nullable=True),
        sa.Column('origin_op_id', sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint('server_seq', name=op.f('pk_change_log')),
    )
    op.create_index('ix_change_log_txid_seq', 'change_log', ['txid', 'server_seq'], unique=False)
    op.create_table(
        'sync_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cursor', sa.String(length=60), nullable=False),
        sa.Column('last_contact_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('offline_since', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_state')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(LOG_FUNCTION)
        for table, key in LOGGED.items():
            op.execute(f"CREATE TRIGGER ems_log_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION ems_log_change('{key}')")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table in LOGGED:
            op.execute(f"DROP TRIGGER IF EXISTS ems_log_change ON {table}")
        op.execute("DROP FUNCTION IF EXISTS ems_log_change()")
    op.drop_table('sync_state')
    op.drop_index('ix_change_log_txid_seq', table_name='change_log')
    op.drop_table('change_log')
