"""Which counter is talking: a one-time enrolment code (given by the town's IT, typed once at the
counter) is exchanged for the counter's token; every request then carries the token. Only SHA-256
hashes of codes and tokens are stored; a revoked counter is refused at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from ems_desktop.models import Counter
from ems_desktop.models.sync import CounterCredential
from ems_desktop.services import permissions
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import DomainError, NotFound

CODE_VALIDITY = dt.timedelta(hours=24)
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over the phone


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _normalized_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def issue_enrolment_code(ctx: ServiceContext, counter_id: uuid.UUID) -> str:
    """A one-time code (valid 24 h) for the counter to enrol with, like "K7QM-2XPA-9RTD"."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.ADMINISTRATEUR,
                                 what="Inscrire un guichet auprès du serveur")
        if uow.session.get(Counter, counter_id) is None:
            raise NotFound("Ce guichet n'existe pas sur le serveur.")
        uow.session.add(CounterCredential(counter_id=counter_id, code_hash=_digest(raw),
                                          code_expires_at=uow.now + CODE_VALIDITY, created_at=uow.now))
        uow.record("counter", counter_id, "enrolment_code_issued", {})
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


@dataclass(frozen=True)
class Enrolment:
    counter_id: uuid.UUID
    token: str


def enrol(ctx: ServiceContext, code: str) -> Enrolment:
    """The counter's token for a valid, unused code (the code is spent)."""
    with ctx.unit_of_work() as uow:
        credential = uow.session.scalar(select(CounterCredential).where(
            CounterCredential.code_hash == _digest(_normalized_code(code))).with_for_update())
        if (credential is None or credential.revoked_at is not None or credential.code_expires_at is None
                or credential.code_expires_at < uow.now):
            raise DomainError("Code d'inscription inconnu, déjà utilisé ou expiré : demandez-en un nouveau au "
                              "service informatique.", field="code")
        token = secrets.token_urlsafe(32)
        credential.code_hash = None
        credential.code_expires_at = None
        credential.token_hash = _digest(token)
        credential.enrolled_at = uow.now
        return Enrolment(credential.counter_id, token)


def counter_of_token(ctx: ServiceContext, token: str) -> uuid.UUID | None:
    """The counter a token belongs to; None for an unknown or revoked one."""
    with ctx.reading() as s:
        row = s.execute(select(CounterCredential.id, CounterCredential.counter_id).where(
            CounterCredential.token_hash == _digest(token), CounterCredential.revoked_at.is_(None))).one_or_none()
    return None if row is None else row[1]


def revoke_counter(ctx: ServiceContext, counter_id: uuid.UUID) -> int:
    """Every credential of the counter refused from now on (a stolen or retired machine)."""
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.ADMINISTRATEUR,
                                 what="Révoquer un guichet")
        # An UPDATE's result is a CursorResult (Session.execute is typed for any statement).
        result = cast("CursorResult[Any]", uow.session.execute(update(CounterCredential).where(
            CounterCredential.counter_id == counter_id, CounterCredential.revoked_at.is_(None))
            .values(revoked_at=uow.now)))
        revoked: int = result.rowcount
        uow.record("counter", counter_id, "revoked", {"credentials": revoked})
        return revoked
