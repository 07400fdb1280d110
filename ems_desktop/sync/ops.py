"""The operations a counter writes in its outbox: each type with its current version.

A type names a user action ("checkout.enrollments"); its version changes when its payload does,
so the server can read an older counter's operations (an upcaster per old version, later). A
unit of work emitting an unknown type is a programming error, found by the tests.
"""

from __future__ import annotations

OPERATIONS: dict[str, int] = {
    # Dossiers
    "family.create": 1,            # the whole dossier as created (guardians, children, pickups)
    "family.update": 1,            # the changed fields' new values; ``base`` holds their old values
    "family.archive": 1,           # archived or brought back
    # Places
    "enrollment.choose_group": 1,  # child, group, status decided (pending / waiting), price, hold
    "enrollment.cancel": 1,        # a pending or waiting enrollment given up
    # Money (facts: the server records them as sent)
    "checkout.enrollments": 1,     # the invoice with its lines and numbers, the payments
    "checkout.balance": 1,         # payments of what a family owes, and their allocations
    "cash.open": 1,                # a cash session opened with its float
    "cash.close": 1,               # a cash session closed with the counts by mode
    "card.attempts": 1,            # card attempts as they now stand (requested, sent, answered, settled…)
    "correction.credit_note": 1,   # a credit note with its lines, and the refund it gave (or reserved)
    "correction.card_refund": 1,   # the money a card refund gave back, recorded on its credit note
    "checkout.card_as_credit": 1,  # a card debit whose lines could no longer be invoiced, kept as credit
    "credit.refund": 1,            # a family's credit given back in cash or by cheque
    "enrollment.release_expired": 1,  # holds run out, released (by the counter that owns them)
    # Direct debit
    "mandate.record": 1,           # a SEPA mandate as it now stands (recorded, or revoked)
    # Sync
    "conflict.resolve": 1,         # a conflict the server recorded, dealt with by a régisseur
}


def version_of(op_type: str) -> int:
    try:
        return OPERATIONS[op_type]
    except KeyError:
        raise ValueError(f"unknown operation type: {op_type}") from None
