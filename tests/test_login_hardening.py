"""Log-in hardening: a growing wait after each failure, a lockout after 10 in a row that only an
administrator lifts, every success, failure and lockout in the journal; a password policy; agent
management by administrators (roles, deactivation, password reset to change at next log-in)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ems_desktop.models import JournalEntry
from ems_desktop.services import agents
from ems_desktop.services.agents import LoginRefused
from ems_desktop.services.context import Actor
from ems_desktop.services.errors import ValidationFailed
from ems_desktop.services.permissions import PermissionDenied

PASSWORD = "Velo-rouge-73"


@pytest.fixture
def admin(ctx):
    agent = agents.create_agent(ctx, login="a.admin", display_name="Anne Admin", password=PASSWORD, is_admin=True)
    return ctx.as_actor(Actor(agent.id, ctx.actor.counter_id))


def actions(ctx) -> list[str]:
    with ctx.reading() as s:
        return list(s.scalars(select(JournalEntry.action).where(JournalEntry.entity.in_(("agent", "login")))
                              .order_by(JournalEntry.recorded_at, JournalEntry.id)))


def test_failures_make_the_next_try_wait_then_lock_the_account(ctx, clock, admin):
    agents.create_agent(admin, login="c.martin", display_name="Claire Martin", password=PASSWORD)
    for failure in range(1, 10):
        with pytest.raises(LoginRefused) as wrong:
            agents.authenticate(ctx, "c.martin", "mauvais-mot")
        assert wrong.value.message == "Identifiant ou mot de passe incorrect."
        # Right away, even the right password waits: 1 s, 2 s, 4 s… at most a minute.
        with pytest.raises(LoginRefused) as waiting:
            agents.authenticate(ctx, "c.martin", PASSWORD)
        wait = min(2 ** (failure - 1), 60)
        assert waiting.value.message == f"Trop d'essais manqués : réessayez dans {wait} s."
        clock.advance(seconds=wait)
    with pytest.raises(LoginRefused):
        agents.authenticate(ctx, "c.martin", "mauvais-mot")  # the tenth in a row
    clock.advance(hours=1)
    with pytest.raises(LoginRefused) as locked:
        agents.authenticate(ctx, "c.martin", PASSWORD)
    assert ("Ce compte est verrouillé" in locked.value.message
            and "un administrateur doit le débloquer" in locked.value.message)
    assert actions(ctx).count("login_failed") == 10 and "locked" in actions(ctx)

    [row] = [a for a in agents.list_agents(admin) if a.login == "c.martin"]
    assert row.locked
    agents.unlock_agent(admin, row.id)
    assert agents.authenticate(ctx, "c.martin", PASSWORD).login == "c.martin"
    assert sorted(actions(ctx)[-2:]) == ["logged_in", "unlocked"]  # same instant on the test clock


def test_a_success_resets_the_count(ctx, clock, admin):
    agents.create_agent(admin, login="c.martin", display_name="Claire Martin", password=PASSWORD)
    for _ in range(3):
        with pytest.raises(LoginRefused):
            agents.authenticate(ctx, "c.martin", "mauvais-mot")
        clock.advance(minutes=1)
    agents.authenticate(ctx, "c.martin", PASSWORD)
    with pytest.raises(LoginRefused):
        agents.authenticate(ctx, "c.martin", "mauvais-mot")
    clock.advance(seconds=1)  # one failure in a row again: a one-second wait
    assert agents.authenticate(ctx, "c.martin", PASSWORD).login == "c.martin"


@pytest.mark.parametrize("password, message", [
    ("court-1", "Le mot de passe doit compter au moins 10 caractères."),
    ("aaaaaaaaaa", "Ce mot de passe est trop courant ou trop facile à deviner : choisissez par exemple trois mots "
                   "sans rapport entre eux (ex. vélo-rouge-lundi)."),
    ("azertyuiop", "Ce mot de passe est trop courant ou trop facile à deviner : choisissez par exemple trois mots "
                   "sans rapport entre eux (ex. vélo-rouge-lundi)."),
    ("motdepasse1", "Ce mot de passe est trop courant ou trop facile à deviner : choisissez par exemple trois mots "
                    "sans rapport entre eux (ex. vélo-rouge-lundi)."),
])
def test_the_commonest_passwords_are_refused(admin, password, message):
    with pytest.raises(ValidationFailed) as refused:
        agents.create_agent(admin, login="c.martin", display_name="Claire Martin", password=password)
    assert refused.value.errors["password"] == message


def test_administrators_manage_agents_and_a_reset_password_must_be_changed(ctx, admin):
    created = agents.create_agent(admin, login="c.martin", display_name="Claire Martin", password=PASSWORD,
                                  roles=["agent"])
    row = agents.update_agent(admin, created.id, display_name="Claire Martin-Durand", roles=["agent", "regisseur"],
                              active=True)
    assert row.roles == ("agent", "regisseur")
    agents.reset_password(admin, created.id, "Table-verte-2026")
    logged = agents.authenticate(ctx, "c.martin", "Table-verte-2026")
    assert logged.must_change_password and logged.display_name == "Claire Martin-Durand"
    claire = ctx.as_actor(Actor(created.id, ctx.actor.counter_id))
    with pytest.raises(ValidationFailed) as weak:
        agents.change_own_password(claire, "Table-verte-2026", "azertyuiop", "azertyuiop")
    assert "trop courant" in weak.value.errors["new_password"]
    agents.change_own_password(claire, "Table-verte-2026", "Lune-bleue-jeudi", "Lune-bleue-jeudi")
    assert not agents.authenticate(ctx, "c.martin", "Lune-bleue-jeudi").must_change_password
    # Deactivated: refused at log-in like an unknown login; never deleted.
    agents.update_agent(admin, created.id, display_name="Claire Martin-Durand", roles=["agent"], active=False)
    with pytest.raises(LoginRefused):
        agents.authenticate(ctx, "c.martin", "Lune-bleue-jeudi")
    assert [a.active for a in agents.list_agents(admin) if a.login == "c.martin"] == [False]
    assert {"created", "updated", "password_reset", "password_changed"} <= set(actions(ctx))


def test_the_last_administrator_keeps_the_role_and_agents_cannot_manage(ctx, admin):
    with pytest.raises(ValidationFailed) as last:
        agents.update_agent(admin, admin.actor.agent_id, display_name="Anne Admin", roles=["agent"], active=True)
    assert "au moins un administrateur actif" in last.value.errors["roles"]
    plain = agents.create_agent(admin, login="c.martin", display_name="Claire Martin", password=PASSWORD)
    claire = ctx.as_actor(Actor(plain.id, ctx.actor.counter_id))
    for call in (lambda: agents.list_agents(claire),
                 lambda: agents.update_agent(claire, plain.id, display_name="Claire", roles=["administrateur"],
                                             active=True),
                 lambda: agents.reset_password(claire, plain.id, "Table-verte-2026"),
                 lambda: agents.unlock_agent(claire, plain.id)):
        with pytest.raises(PermissionDenied):
            call()
