"""The indexes by family of invoices, credit notes, payments, guardians and children carry what
the search results show (amounts for the balance, the payer's name and contacts, the children's
first names and birth dates): a hundred results are filled from indexes alone (1.3 → 0.5 ms of
SQLite on 50,000 families). Each replaces the family_id index of its table, whose queries it
serves as well. Existing rows untouched.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30
"""

from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

# table: (the index replaced, the new index, its columns)
COVERING = {
    'invoices': ('ix_invoices_family_id', 'ix_invoices_family_id_total', ['family_id', 'total_cents']),
    'credit_notes': ('ix_credit_notes_family_id', 'ix_credit_notes_family_id_total', ['family_id', 'total_cents']),
    'payments': ('ix_payments_family_id', 'ix_payments_family_id_amount', ['family_id', 'amount_cents']),
    'guardians': ('ix_guardians_family_id', 'ix_guardians_family_id_payer',
                  ['family_id', 'is_payer', 'first_name', 'last_name', 'phone_mobile', 'email']),
    'children': ('ix_children_family_id', 'ix_children_family_id_birth', ['family_id', 'birth_date', 'first_name']),
}


def upgrade() -> None:
    for table, (old, new, columns) in COVERING.items():
        op.create_index(new, table, columns, unique=False)
        op.drop_index(old, table_name=table)


def downgrade() -> None:
    for table, (old, new, _columns) in COVERING.items():
        op.create_index(old, table, ['family_id'], unique=False)
        op.drop_index(new, table_name=table)
