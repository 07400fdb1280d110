"""journal hash chain: each counter's entries chained by SHA-256 (chain_seq, previous_hash, hash), a
head per chain (journal_chains); the chain is computed for the entries already written

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import datetime as dt
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# Frozen copies of ems_desktop/models/journal.py's canonical form (a migration imports no model
# code): the chain built here is the one the application verifies and extends.
GENESIS = "0" * 64
SYSTEM_CHAIN = "system"
_FORM = "ems-journal-1"
BATCH = 2000


def _utc_text(moment: dt.datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)  # SQLite gives naive UTC, PostgreSQL aware
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _hash(row, previous_hash: str) -> str:
    document = "\n".join((
        _FORM, row.id.hex, _utc_text(row.recorded_at), row.agent_id.hex if row.agent_id else "",
        row.counter_id.hex if row.counter_id else "", row.entity, row.entity_id.hex, row.action,
        json.dumps(row.changes or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=True), previous_hash,
    ))
    return hashlib.sha256(document.encode("ascii", "backslashreplace")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chain_seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('previous_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    op.create_table('journal_chains',
                    sa.Column('chain', sa.String(length=40), nullable=False),
                    sa.Column('length', sa.Integer(), nullable=False),
                    sa.Column('last_hash', sa.String(length=64), nullable=False),
                    sa.PrimaryKeyConstraint('chain', name=op.f('pk_journal_chains')))
    _chain_existing_entries(op.get_bind())
    op.create_index('uq_journal_entries_chain', 'journal_entries', ['counter_id', 'chain_seq'], unique=True)
    op.create_index('ix_journal_entries_recorded_at', 'journal_entries', ['recorded_at'], unique=False)
    op.create_index('ix_journal_entries_entity_id', 'journal_entries', ['entity_id'], unique=False)


def _chain_existing_entries(connection) -> None:
    """Each counter's entries (and the system tasks') in the order they were written — time, then
    id — get their place in their chain; each chain gets its head. Read in batches: a large
    journal is never held in memory whole."""
    journal = sa.table(
        'journal_entries', sa.column('id', sa.Uuid()), sa.column('recorded_at', sa.DateTime(timezone=True)),
        sa.column('agent_id', sa.Uuid()), sa.column('counter_id', sa.Uuid()), sa.column('entity', sa.String()),
        sa.column('entity_id', sa.Uuid()), sa.column('action', sa.String()), sa.column('changes', sa.JSON()),
        sa.column('chain_seq', sa.Integer()), sa.column('previous_hash', sa.String()), sa.column('hash', sa.String()))
    order = connection.execute(sa.select(journal.c.id, journal.c.counter_id, journal.c.recorded_at)).all()

    def position(row):
        moment = row.recorded_at if row.recorded_at.tzinfo is None else (
            row.recorded_at.astimezone(dt.UTC).replace(tzinfo=None))
        return (str(row.counter_id) if row.counter_id else SYSTEM_CHAIN, moment, row.id.hex)

    order.sort(key=position)
    ids = [row.id for row in order]
    del order
    heads: dict[str, tuple[int, str]] = {}
    update = (journal.update().where(journal.c.id == sa.bindparam('b_id'))
              .values(chain_seq=sa.bindparam('b_seq'), previous_hash=sa.bindparam('b_previous'),
                      hash=sa.bindparam('b_hash')))
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        rows = {row.id: row for row in connection.execute(sa.select(journal).where(journal.c.id.in_(batch)))}
        values = []
        for entry_id in batch:
            row = rows[entry_id]
            chain = str(row.counter_id) if row.counter_id else SYSTEM_CHAIN
            length, previous = heads.get(chain, (0, GENESIS))
            digest = _hash(row, previous)
            heads[chain] = (length + 1, digest)
            values.append({'b_id': entry_id, 'b_seq': length + 1, 'b_previous': previous, 'b_hash': digest})
        connection.execute(update, values)
    chains = sa.table('journal_chains', sa.column('chain', sa.String()), sa.column('length', sa.Integer()),
                      sa.column('last_hash', sa.String()))
    if heads:
        connection.execute(chains.insert(), [{'chain': chain, 'length': length, 'last_hash': last}
                                             for chain, (length, last) in heads.items()])


def downgrade() -> None:
    op.drop_index('ix_journal_entries_entity_id', table_name='journal_entries')
    op.drop_index('ix_journal_entries_recorded_at', table_name='journal_entries')
    op.drop_index('uq_journal_entries_chain', table_name='journal_entries')
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('previous_hash')
        batch_op.drop_column('chain_seq')
    op.drop_table('journal_chains')
