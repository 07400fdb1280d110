"""Agents and counters: argon2 password hashes, log-in, the first counter of a new database."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ems_desktop.dates import to_local
from ems_desktop.models import Agent, Counter
from ems_desktop.rules.family import name_problem
from ems_desktop.rules.text import text_problem
from ems_desktop.services import permissions
from ems_desktop.services.central import require_central_database
from ems_desktop.services.context import Actor, ServiceContext, UnitOfWork
from ems_desktop.services.errors import DomainError, NotFound, ValidationFailed
from ems_desktop.services.numbering import create_series

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
# Log-in hardening: after each failure in a row the next try waits 1 s, 2 s, 4 s… (at most a
# minute); after this many failures in a row only an administrator unlocks the account.
LOCKOUT_AFTER = 10
MAX_WAIT_S = 60


def password_problem(password: str, *, login: str = "", display_name: str = "") -> str | None:
    """None if the password may be used: at least 10 characters, and not among the commonest ones
    nor guessable from the login or the name (zxcvbn's estimate)."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Le mot de passe compte au plus {MAX_PASSWORD_LENGTH} caractères."
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères."
    from zxcvbn import zxcvbn  # imported when first used: it costs ~20 ms at start-up

    # zxcvbn reads at most 72 characters; a longer password is as strong as its beginning, at least.
    if zxcvbn(password[:72], user_inputs=[login, display_name, "ems", "guichet", "mairie"])["score"] < 2:
        return ("Ce mot de passe est trop courant ou trop facile à deviner : choisissez par exemple trois mots sans "
                "rapport entre eux (ex. vélo-rouge-lundi).")
    return None


@dataclass(frozen=True)
class AgentView:
    id: uuid.UUID
    login: str
    display_name: str
    is_admin: bool
    roles: tuple[str, ...] = ()
    must_change_password: bool = False

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


def _agent_problems(login: str, display_name: str, password: str, confirmation: str | None,
                    enforce_policy: bool = True) -> dict[str, str]:
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
    problem = password_problem(password, login=login, display_name=display_name) if enforce_policy else None
    if problem:
        errors["password"] = problem
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
    return AgentView(agent.id, agent.login, agent.display_name, agent.is_admin, tuple(agent.roles or ()),
                     agent.must_change_password)


def _add_agent(uow: UnitOfWork, login: str, display_name: str, password: str, is_admin: bool,
               roles: Iterable[str] | None = None) -> AgentView:
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
    require_central_database(ctx, "Créer un guichet")
    errors = _counter_problems(name, number_prefix)
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        return _add_counter(uow, code, name, number_prefix)


def create_agent(ctx: ServiceContext, *, login: str, display_name: str, password: str, is_admin: bool = False,
                 confirmation: str | None = None, roles: Iterable[str] | None = None,
                 enforce_policy: bool = True) -> AgentView:
    """A new agent account (administrateur). ``roles``: among permissions.ROLES (default: agent);
    ``is_admin`` gives every role. ``enforce_policy`` is False only for the demonstration's
    published account."""
    require_central_database(ctx, "Créer un agent")
    errors = _agent_problems(login, display_name, password, confirmation, enforce_policy)
    if roles is not None and (not roles or set(roles) - set(permissions.ROLES)):
        errors["roles"] = "Choisissez au moins un rôle : agent d'accueil, régisseur ou administrateur."
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.ADMINISTRATEUR,
                                 what="La création d'un compte d'agent")
        return _add_agent(uow, login, display_name, password, is_admin, roles)


def first_run(ctx: ServiceContext, *, counter_name: str, number_prefix: str, display_name: str, login: str,
              password: str, confirmation: str) -> tuple[AgentView, CounterView]:
    """The first start of an empty database: the counter and its administrator, both or neither."""
    errors = {**_counter_problems(counter_name, number_prefix),
              **_agent_problems(login, display_name, password, confirmation)}
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        if uow.session.scalar(select(func.count()).select_from(Agent)):
            raise DomainError("Cette base a déjà un administrateur : connectez-vous.")
        counter = _add_counter(uow, "", counter_name, number_prefix)
        agent = _add_agent(uow, login, display_name, password, True)
        return agent, counter


def _spend_a_check(password: str) -> None:
    """The time of a real check, so that timing does not reveal which logins exist."""
    with contextlib.suppress(VerificationError):
        _hasher.verify(_dummy_hash(), password[:MAX_PASSWORD_LENGTH])


def wait_after_failures(failures: int) -> dt.timedelta:
    """How long the next try waits after ``failures`` in a row: 1 s, 2 s, 4 s… at most a minute."""
    return dt.timedelta(seconds=0 if failures <= 0 else min(2 ** (failures - 1), MAX_WAIT_S))


def authenticate(ctx: ServiceContext, login: str, password: str) -> AgentView:
    """The agent whose password matches, or LoginRefused. A wrong login or password gets one
    message (never which of the two); failures in a row make the next try wait (1 s, 2 s, 4 s…)
    and lock the account after 10, until an administrator unlocks it. Successes, failures and
    lockouts are journaled."""
    refused = LoginRefused("Identifiant ou mot de passe incorrect.", field="password")
    if text_problem(login, 60) or len(password) > MAX_PASSWORD_LENGTH:
        _spend_a_check(password)
        raise refused
    login = login.strip().lower()
    outcome: Exception | None = None
    # The log-in does not wait for the start-up's check of the file (seconds on a large base read
    # from the disk): it writes only the agent's failure count and its journal line.
    with ctx.unit_of_work(before_integrity_verdict=True) as uow:
        agent = uow.session.scalar(select(Agent).where(Agent.login == login).with_for_update())
        if agent is None or not agent.active:
            _spend_a_check(password)
            uow.record("login", uuid.uuid5(uuid.NAMESPACE_URL, f"ems-login:{login}"), "failed",
                       {"login": login, "reason": "unknown" if agent is None else "inactive"})
            outcome = refused
        elif agent.locked_at is not None:
            outcome = LoginRefused(f"Ce compte est verrouillé depuis le {to_local(agent.locked_at):%d/%m/%Y à %H:%M} "
                                   f"après {LOCKOUT_AFTER} essais manqués : un administrateur doit le débloquer "
                                   "(Fichier › Agents…).", field="password")
        elif (agent.last_failed_at is not None
              and uow.now < agent.last_failed_at + wait_after_failures(agent.failed_logins)):
            seconds = max(1, int((agent.last_failed_at + wait_after_failures(agent.failed_logins) - uow.now)
                                 .total_seconds() + 0.999))
            outcome = LoginRefused(f"Trop d'essais manqués : réessayez dans {seconds} s.", field="password")
        else:
            try:
                _hasher.verify(agent.password_hash, password)
            except (VerificationError, InvalidHashError):
                agent.failed_logins += 1
                agent.last_failed_at = uow.now
                uow.record("agent", agent.id, "login_failed", {"login": login, "failures": agent.failed_logins})
                if agent.failed_logins >= LOCKOUT_AFTER:
                    agent.locked_at = uow.now
                    uow.record("agent", agent.id, "locked", {"login": login, "failures": agent.failed_logins})
                outcome = refused
            else:
                agent.failed_logins, agent.last_failed_at = 0, None
                uow.record("agent", agent.id, "logged_in", {"login": login, "counter_id": ctx.actor.counter_id})
                view = _agent_view(agent)
    if outcome is not None:  # raised after the commit: the failure itself is recorded
        raise outcome
    return view


# --- Agent management (administrateur) ----------------------------------------------------------

@dataclass(frozen=True)
class AgentRow:
    id: uuid.UUID
    login: str
    display_name: str
    roles: tuple[str, ...]
    active: bool
    locked: bool
    must_change_password: bool


def list_agents(ctx: ServiceContext) -> list[AgentRow]:
    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what="La gestion des agents")
        return [AgentRow(a.id, a.login, a.display_name, tuple(a.roles or ()), a.active, a.locked_at is not None,
                         a.must_change_password)
                for a in s.scalars(select(Agent).order_by(Agent.display_name))]


def _agent_to_change(s: Session, ctx: ServiceContext, agent_id: uuid.UUID, *, what: str) -> Agent:
    """The agent an administrator changes, locked for the change; refused to anyone else."""
    permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what=what)
    agent = s.scalar(select(Agent).where(Agent.id == agent_id).with_for_update())
    if agent is None:
        raise NotFound("Cet agent n'existe pas.")
    return agent


def update_agent(ctx: ServiceContext, agent_id: uuid.UUID, *, display_name: str, roles: Iterable[str],
                 active: bool) -> AgentRow:
    """Rename, give roles, deactivate or reactivate an agent (never deleted: the history keeps
    the name). An administrator cannot take the last active administrator's role away."""
    require_central_database(ctx, "Modifier un agent")
    errors = {}
    problem = text_problem(display_name, 120) or name_problem(display_name, "Le nom de l'agent")
    if problem:
        errors["display_name"] = problem
    if not roles or set(roles) - set(permissions.ROLES):
        errors["roles"] = "Choisissez au moins un rôle : agent d'accueil, régisseur ou administrateur."
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        s = uow.session
        agent = _agent_to_change(s, ctx, agent_id, what="La gestion des agents")
        roles = [r for r in permissions.ROLES if r in roles]
        if permissions.ADMINISTRATEUR not in roles or not active:
            others = [a for a in s.scalars(select(Agent).where(Agent.id != agent_id, Agent.active.is_(True)))
                      if permissions.ADMINISTRATEUR in (a.roles or ())]
            if permissions.ADMINISTRATEUR in (agent.roles or ()) and agent.active and not others:
                raise ValidationFailed({"roles": "Il faut au moins un administrateur actif : donnez d'abord ce rôle "
                                                 "à un autre agent."})
        before = {"display_name": agent.display_name, "roles": list(agent.roles or ()), "active": agent.active}
        agent.display_name, agent.roles, agent.active = display_name.strip(), roles, active
        agent.is_admin = permissions.ADMINISTRATEUR in roles
        uow.record("agent", agent.id, "updated", {"before": before, "display_name": agent.display_name,
                                                  "roles": roles, "active": active})
        return AgentRow(agent.id, agent.login, agent.display_name, tuple(roles), agent.active,
                        agent.locked_at is not None, agent.must_change_password)


def reset_password(ctx: ServiceContext, agent_id: uuid.UUID, temporary_password: str) -> None:
    """An administrator gives a temporary password (and unlocks the account): the agent must
    choose a new one at the next log-in."""
    require_central_database(ctx, "Donner un mot de passe provisoire")
    problem = password_problem(temporary_password)
    if problem:
        raise ValidationFailed({"password": problem})
    with ctx.unit_of_work() as uow:
        s = uow.session
        agent = _agent_to_change(s, ctx, agent_id, what="La gestion des agents")
        agent.password_hash = _hasher.hash(temporary_password)
        agent.must_change_password = True
        agent.failed_logins, agent.last_failed_at, agent.locked_at = 0, None, None
        uow.record("agent", agent.id, "password_reset", {"login": agent.login})  # never the password


def unlock_agent(ctx: ServiceContext, agent_id: uuid.UUID) -> None:
    require_central_database(ctx, "Débloquer un agent")
    with ctx.unit_of_work() as uow:
        s = uow.session
        agent = _agent_to_change(s, ctx, agent_id, what="Le déblocage d'un compte")
        agent.failed_logins, agent.last_failed_at, agent.locked_at = 0, None, None
        uow.record("agent", agent.id, "unlocked", {"login": agent.login})


def change_own_password(ctx: ServiceContext, current: str, new: str, confirmation: str) -> None:
    """The acting agent changes their password (required after a reset)."""
    require_central_database(ctx, "Changer de mot de passe")
    with ctx.reading() as s:
        agent = s.get(Agent, ctx.actor.agent_id)
        login, name = (agent.login, agent.display_name) if agent else ("", "")
    problem = password_problem(new, login=login, display_name=name)
    if problem:
        raise ValidationFailed({"new_password": problem})
    if new != confirmation:
        raise ValidationFailed({"confirmation": "Les deux mots de passe ne sont pas identiques."})
    if new == current:
        raise ValidationFailed({"new_password": "Choisissez un mot de passe différent de l'actuel."})
    with ctx.unit_of_work() as uow:
        agent = uow.session.scalar(select(Agent).where(Agent.id == ctx.actor.agent_id).with_for_update())
        if agent is None or not agent.active:
            raise NotFound("Ce compte d'agent n'existe pas ou est désactivé.")
        try:
            _hasher.verify(agent.password_hash, current)
        except (VerificationError, InvalidHashError):
            raise ValidationFailed({"current_password": "Le mot de passe actuel est incorrect."}) from None
        agent.password_hash = _hasher.hash(new)
        agent.must_change_password = False
        uow.record("agent", agent.id, "password_changed", {"login": agent.login})


def list_counters(ctx: ServiceContext) -> list[CounterView]:
    with ctx.reading() as s:
        return [CounterView(c.id, c.code, c.name, c.number_prefix)
                for c in s.scalars(select(Counter).order_by(Counter.created_at))]


def actor_for(agent: AgentView, counter: CounterView) -> Actor:
    return Actor(agent_id=agent.id, counter_id=counter.id)


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("ems-desktop-no-such-agent")
