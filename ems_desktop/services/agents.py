"""Agents and counters: argon2 password hashes, log-in, the first counter of a new database."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from ems_desktop.models import Agent, Counter
from ems_desktop.rules.family import name_problem
from ems_desktop.rules.text import text_problem
from ems_desktop.services.context import Actor, ServiceContext, UnitOfWork
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.services import permissions
from ems_desktop.services.numbering import create_series

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 200


@dataclass(frozen=True)
class AgentView:
    id: uuid.UUID
    login: str
    display_name: str
    is_admin: bool
    roles: tuple[str, ...] = ()

    def has(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class CounterView:
    id: uuid.UUID
    code: str
    name: str
    number_prefix: str


class LoginRefused(DomainError):
    pass


def needs_first_run(ctx: ServiceContext) -> bool:
    """A database with no agent yet: the first-run wizard must create the administrator."""
    with ctx.reading() as s:
        return not s.scalar(select(func.count()).select_from(Agent))


def _counter_problems(name: str, number_prefix: str) -> dict[str, str]:
    errors = {}
    problem = text_problem(name, 120)
    if problem:
        errors["counter_name"] = problem
    elif not name.strip():
        errors["counter_name"] = "Donnez un nom au guichet (ex. Accueil Hôtel de Ville)."
    prefix = number_prefix.strip().upper()
    if not (1 <= len(prefix) <= 6 and prefix.isalnum()):
        errors["number_prefix"] = "Le préfixe des numéros compte 1 à 6 lettres ou chiffres (ex. A01)."
    return errors


def _agent_problems(login: str, display_name: str, password: str, confirmation: str | None) -> dict[str, str]:
    errors = {}
    login_problem = text_problem(login, 60)
    login = login.strip().lower()
    if login_problem:
        errors["login"] = login_problem
    elif not login or not login.replace(".", "").replace("-", "").replace("_", "").isalnum():
        errors["login"] = "L'identifiant est fait de lettres, chiffres, points ou tirets (ex. c.martin)."
    problem = text_problem(display_name, 120) or name_problem(display_name, "Le nom de l'agent")
    if problem:
        errors["display_name"] = problem
    if len(password) > MAX_PASSWORD_LENGTH:
        errors["password"] = f"Le mot de passe compte au plus {MAX_PASSWORD_LENGTH} caractères."
    elif len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères."
    elif confirmation is not None and confirmation != password:
        errors["password_confirmation"] = "Les deux mots de passe ne sont pas identiques."
    return errors


def _add_counter(uow: UnitOfWork, code: str, name: str, number_prefix: str) -> CounterView:
    prefix = number_prefix.strip().upper()
    if uow.session.scalar(select(Counter).where(Counter.number_prefix == prefix)):
        raise ValidationFailed({"number_prefix": f"Le préfixe {prefix} est déjà pris par un autre guichet."})
    counter = Counter(code=code.strip() or prefix, name=name.strip(), number_prefix=prefix, created_at=uow.now)
    uow.session.add(counter)
    uow.session.flush()
    create_series(uow.session, counter.id)
    uow.record("counter", counter.id, "created", {"code": counter.code, "name": counter.name, "prefix": prefix})
    return CounterView(counter.id, counter.code, counter.name, counter.number_prefix)


def _agent_view(agent: Agent) -> AgentView:
    return AgentView(agent.id, agent.login, agent.display_name, agent.is_admin, tuple(agent.roles or ()))


def _add_agent(uow: UnitOfWork, login: str, display_name: str, password: str, is_admin: bool,
               roles=None) -> AgentView:
    login = login.strip().lower()
    if uow.session.scalar(select(Agent).where(Agent.login == login)):
        raise ValidationFailed({"login": f"L'identifiant « {login} » existe déjà."})
    roles = list(permissions.ALL_ROLES if is_admin else (roles or [permissions.AGENT]))
    agent = Agent(login=login, display_name=display_name.strip(), password_hash=_hasher.hash(password),
                  is_admin=permissions.ADMINISTRATEUR in roles, roles=roles, active=True, created_at=uow.now)
    uow.session.add(agent)
    uow.session.flush()
    # Never the password nor its hash in the journal.
    uow.record("agent", agent.id, "created", {"login": login, "display_name": agent.display_name, "roles": roles})
    return _agent_view(agent)


def create_counter(ctx: ServiceContext, *, code: str, name: str, number_prefix: str) -> CounterView:
    errors = _counter_problems(name, number_prefix)
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        return _add_counter(uow, code, name, number_prefix)


def create_agent(ctx: ServiceContext, *, login: str, display_name: str, password: str, is_admin: bool = False,
                 confirmation: str | None = None, roles=None) -> AgentView:
    """A new agent account (administrateur). ``roles``: among permissions.ROLES (default: agent);
    ``is_admin`` gives every role."""
    errors = _agent_problems(login, display_name, password, confirmation)
    if roles is not None and (not roles or set(roles) - set(permissions.ROLES)):
        errors["roles"] = "Choisissez au moins un rôle : agent d'accueil, régisseur ou administrateur."
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.ADMINISTRATEUR, what="La création d'un compte d'agent")
        return _add_agent(uow, login, display_name, password, is_admin, roles)


def first_run(ctx: ServiceContext, *, counter_name: str, number_prefix: str, display_name: str, login: str,
              password: str, confirmation: str) -> tuple[AgentView, CounterView]:
    """The first start of an empty database: the counter and its administrator, both or neither."""
    errors = {**_counter_problems(counter_name, number_prefix), **_agent_problems(login, display_name, password, confirmation)}
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        if uow.session.scalar(select(func.count()).select_from(Agent)):
            raise DomainError("Cette base a déjà un administrateur : connectez-vous.")
        counter = _add_counter(uow, "", counter_name, number_prefix)
        agent = _add_agent(uow, login, display_name, password, True)
        return agent, counter


def authenticate(ctx: ServiceContext, login: str, password: str) -> AgentView:
    """The agent whose password matches, or LoginRefused with one message for every failure
    (never say whether the login or the password was wrong)."""
    refused = LoginRefused("Identifiant ou mot de passe incorrect.", field="password")
    if text_problem(login, 60) or len(password) > MAX_PASSWORD_LENGTH:
        try:  # the same time as a real check, here too
            _hasher.verify(_dummy_hash(), password[:MAX_PASSWORD_LENGTH])
        except VerificationError:
            pass
        raise refused
    with ctx.reading() as s:
        agent = s.scalar(select(Agent).where(Agent.login == login.strip().lower()))
        if agent is None or not agent.active:
            # Spend the same time as a real check, so timing does not reveal which logins exist.
            try:
                _hasher.verify(_dummy_hash(), password)
            except VerificationError:
                pass
            raise refused
        try:
            _hasher.verify(agent.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise refused from None
        return _agent_view(agent)


def list_counters(ctx: ServiceContext) -> list[CounterView]:
    with ctx.reading() as s:
        return [CounterView(c.id, c.code, c.name, c.number_prefix) for c in s.scalars(select(Counter).order_by(Counter.created_at))]


def actor_for(agent: AgentView, counter: CounterView) -> Actor:
    return Actor(agent_id=agent.id, counter_id=counter.id)


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("ems-desktop-no-such-agent")
