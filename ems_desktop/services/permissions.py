"""Roles of a municipal régie, enforced by the services (the views only hide what a role cannot do).

- agent: dossiers, enrollments, payments at the counter;
- régisseur (or a deputy): accountable for the till — refunds and credit notes, settling card
  payments in doubt or accepted but not recorded, opening and closing the cash session;
- administrateur: catalog, planning, settings, agents.

An agent may hold several roles. A service that needs one calls ``require_role`` inside its
transaction, which re-reads the agent (roles, active flag) from the database: a role taken away,
or an account deactivated, counts at once, on every counter. A unit of work with no agent is a
system task (loading the demo, building a dataset): it needs no role.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ems_desktop.models import Agent
from ems_desktop.services.errors import DomainError

if TYPE_CHECKING:
    from ems_desktop.services.context import Actor

AGENT = "agent"
REGISSEUR = "regisseur"
ADMINISTRATEUR = "administrateur"
ROLES = (AGENT, REGISSEUR, ADMINISTRATEUR)
LABELS = {AGENT: "agent d'accueil", REGISSEUR: "régisseur", ADMINISTRATEUR: "administrateur"}
# What an administrator created before roles existed holds: everything.
ALL_ROLES = list(ROLES)


class PermissionDenied(DomainError):
    """The agent's roles do not allow this; the message says which role does."""


def roles_text(roles: Collection[str]) -> str:
    labels = [LABELS[r] for r in ROLES if r in roles]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " ou " + labels[-1]


def require_role(session: Session, actor: Actor, *roles: str, what: str) -> Agent | None:
    """The acting agent, if it holds one of ``roles`` and is active; else PermissionDenied with
    « ``what`` : action réservée au rôle … ». None for a system task (no agent)."""
    if actor.agent_id is None:
        return None
    agent = session.scalar(select(Agent).where(Agent.id == actor.agent_id).execution_options(populate_existing=True))
    if agent is None or not agent.active:
        raise PermissionDenied("Ce compte d'agent est désactivé : reconnectez-vous avec un compte actif.")
    if not set(roles) & set(agent.roles or ()):
        raise PermissionDenied(f"{what} : action réservée au rôle {roles_text(roles)} — demandez à un collègue "
                               "qui l'a, ou à l'administrateur de vous le donner.")
    return agent
