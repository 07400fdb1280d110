"""Checks a migration runs on the data before it adds a rule to the schema: a database that
already breaks the rule is not upgraded, and the message names the rows to correct."""

from __future__ import annotations

from sqlalchemy import text


class UpgradeRefused(RuntimeError):
    """The database holds rows the new schema forbids. Nothing was changed; the message (French)
    says which rows and what to do."""


def refuse_if_rows(connection, sql: str, problem: str, *, shown: int = 10) -> None:
    """Run ``sql``; if it returns rows, stop the upgrade naming them (``problem`` says the rule)."""
    rows = connection.execute(text(sql)).fetchall()
    if not rows:
        return
    listed = "\n".join(" – " + ", ".join(str(value) for value in row) for row in rows[:shown])
    more = f"\n … et {len(rows) - shown} autres." if len(rows) > shown else ""
    raise UpgradeRefused(
        f"La base ne peut pas être mise à jour : {problem}\n{listed}{more}\n"
        "Rien n'a été modifié. Faites corriger ces lignes (service informatique), puis relancez l'application.")
