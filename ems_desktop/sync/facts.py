"""Rows as operations carry them: every column's value, as the counter wrote it. The server
records facts (invoices, payments, cash sessions…) verbatim from these."""

from __future__ import annotations

from sqlalchemy import inspect


def row_state(row) -> dict:
    """Every mapped column of ``row`` by attribute name (ids, amounts, numbers, times)."""
    return {attribute.key: getattr(row, attribute.key) for attribute in inspect(row).mapper.column_attrs}


def payments_state(payments) -> list[dict]:
    """Payments with their allocations to invoices."""
    return [{**row_state(p), "allocations": [row_state(a) for a in p.allocations]} for p in payments]
