"""backstops for several counters on one database: one invoice line per enrollment, one credit
note per invoice line, one open cash session per counter, number series created with the counter,
and the request key of payments

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""
import uuid

import sqlalchemy as sa
from alembic import op

from ems_desktop.database.upgrade_checks import refuse_if_rows

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

SERIES_KINDS = ("invoice", "credit_note", "receipt", "family")
OPEN = sa.text("closed_at IS NULL")


def upgrade() -> None:
    connection = op.get_bind()
    refuse_if_rows(connection, """
        SELECT i.number, l.child_name, l.label FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
        WHERE l.enrollment_id IN (SELECT enrollment_id FROM invoice_lines WHERE enrollment_id IS NOT NULL
                                  GROUP BY enrollment_id HAVING COUNT(*) > 1)
        ORDER BY l.enrollment_id, i.number""",
        "des inscriptions sont facturées plusieurs fois (facture, enfant, ligne) :")
    refuse_if_rows(connection, """
        SELECT c.number, l.child_name, l.label FROM credit_note_lines l JOIN credit_notes c ON c.id = l.credit_note_id
        WHERE l.invoice_line_id IN (SELECT invoice_line_id FROM credit_note_lines WHERE invoice_line_id IS NOT NULL
                                    GROUP BY invoice_line_id HAVING COUNT(*) > 1)
        ORDER BY l.invoice_line_id, c.number""",
        "des lignes de facture ont plusieurs avoirs (avoir, enfant, ligne) :")
    refuse_if_rows(connection, """
        SELECT k.number_prefix, s.opened_at FROM cash_sessions s JOIN counters k ON k.id = s.counter_id
        WHERE s.closed_at IS NULL AND s.counter_id IN (SELECT counter_id FROM cash_sessions WHERE closed_at IS NULL
                                                       GROUP BY counter_id HAVING COUNT(*) > 1)
        ORDER BY k.number_prefix, s.opened_at""",
        "des guichets ont plusieurs sessions de caisse ouvertes (guichet, ouverture) :")

    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_payments_request_id'), ['request_id'], unique=False)
    op.drop_index('ix_invoice_lines_enrollment_id', table_name='invoice_lines')
    op.create_index('uq_invoice_lines_enrollment_id', 'invoice_lines', ['enrollment_id'], unique=True)
    op.create_index('uq_credit_note_lines_invoice_line_id', 'credit_note_lines', ['invoice_line_id'], unique=True)
    op.create_index('uq_cash_sessions_open_per_counter', 'cash_sessions', ['counter_id'], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)

    # Every counter gets its series now (a kind never used by a counter starts at 1).
    series = sa.table('number_series', sa.column('id', sa.Uuid()), sa.column('counter_id', sa.Uuid()),
                      sa.column('kind', sa.String()), sa.column('next_value', sa.Integer()))
    counters = sa.table('counters', sa.column('id', sa.Uuid()))
    existing = set(connection.execute(sa.select(series.c.counter_id, series.c.kind)).all())
    missing = [{"id": uuid.uuid4(), "counter_id": counter_id, "kind": kind, "next_value": 1}
               for (counter_id,) in connection.execute(sa.select(counters.c.id)).all()
               for kind in SERIES_KINDS if (counter_id, kind) not in existing]
    if missing:
        op.bulk_insert(series, missing)


def downgrade() -> None:
    op.drop_index('uq_cash_sessions_open_per_counter', table_name='cash_sessions',
                  sqlite_where=OPEN, postgresql_where=OPEN)
    op.drop_index('uq_credit_note_lines_invoice_line_id', table_name='credit_note_lines')
    op.drop_index('uq_invoice_lines_enrollment_id', table_name='invoice_lines')
    op.create_index('ix_invoice_lines_enrollment_id', 'invoice_lines', ['enrollment_id'], unique=False)
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payments_request_id'))
        batch_op.drop_column('request_id')
