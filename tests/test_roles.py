"""Roles are rules of the services: every service that needs a role is called by an agent of each
role, and refused exactly when the role does not allow it — whatever the buttons show. A
deactivated account is refused everywhere."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import update

from ems_desktop.models import Agent
from ems_desktop.paths import CATALOGS
from ems_desktop.services import (
    agents,
    card_payments,
    cash,
    catalog,
    checkout,
    corrections,
    journal,
    permissions,
    planning,
    settings,
)
from ems_desktop.services.checkout import Tender
from ems_desktop.services.errors import DomainError
from ems_desktop.services.permissions import ADMINISTRATEUR, AGENT, REGISSEUR, PermissionDenied
from tests.helpers import acting_as

NOBODY = uuid.uuid4()  # ids that exist nowhere: an allowed call gets past the role and is refused later


def _settings(ctx):
    current = settings.load_settings(ctx, ctx.actor.counter_id)
    return settings.save_settings(ctx, ctx.actor.counter_id, dataclasses.replace(current, regie_name="Régie EMS"))


# service, what calling it does, the roles that may
SERVICES = [
    ("save_settings", _settings, {ADMINISTRATEUR}),
    ("create_agent", lambda ctx: agents.create_agent(ctx, login=f"a.{uuid.uuid4().hex[:6]}", display_name="Alex Martin",
                                                     password="Velo-rouge-73"), {ADMINISTRATEUR}),
    ("open_cash_session", lambda ctx: cash.open_cash_session(ctx, 0), {AGENT, REGISSEUR, ADMINISTRATEUR}),
    ("close_cash_session", lambda ctx: cash.close_cash_session(ctx, NOBODY, {"cash": 0, "cheque": 0, "card": 0}),
     {REGISSEUR}),
    ("settle", lambda ctx: card_payments.settle(ctx, NOBODY, accepted=False), {REGISSEUR}),
    ("cancel_paid_enrollment", lambda ctx: corrections.cancel_paid_enrollment(
        ctx, NOBODY, reason="Départ", refund_mode="cash"), {REGISSEUR}),
    ("complete_card_refund", lambda ctx: corrections.complete_card_refund(ctx, NOBODY), {REGISSEUR}),
    ("complete_card_checkout", lambda ctx: checkout.complete_card_checkout(ctx, NOBODY), {REGISSEUR}),
    ("keep_card_debit_as_credit", lambda ctx: checkout.keep_card_debit_as_credit(ctx, NOBODY), {REGISSEUR}),
    ("refund_family_credit", lambda ctx: checkout.refund_family_credit(ctx, NOBODY, 100, "cash"), {REGISSEUR}),
    ("checkout_enrollments", lambda ctx: checkout.checkout_enrollments(ctx, uuid.uuid4(), NOBODY, [NOBODY],
                                                                       [Tender("cash", 100)]), {AGENT, REGISSEUR}),
    ("pay_balance", lambda ctx: checkout.pay_balance(ctx, NOBODY, [Tender("cash", 100)]), {AGENT, REGISSEUR}),
    ("import_catalog", lambda ctx: catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv"), {ADMINISTRATEUR}),
    ("add_closure", lambda ctx: planning.add_closure(ctx, dt.date(2017, 11, 15), dt.date(2017, 11, 15), "Grève"),
     {ADMINISTRATEUR}),
    ("add_holiday_period", lambda ctx: planning.add_holiday_period(ctx, "A", "Vacances d'hiver", dt.date(2032, 2, 14),
                                                                   dt.date(2032, 3, 1)), {ADMINISTRATEUR}),
    ("cancel_session", lambda ctx: planning.cancel_session(ctx, NOBODY, dt.date(2017, 11, 15), "Pluie"),
     {ADMINISTRATEUR}),
    ("restore_session", lambda ctx: planning.restore_session(ctx, NOBODY, dt.date(2017, 11, 15)), {ADMINISTRATEUR}),
    ("check_cancellation", lambda ctx: planning.check_cancellation(ctx, NOBODY, dt.date(2017, 11, 15), "Pluie"),
     {ADMINISTRATEUR}),
    ("verify_journal", lambda ctx: journal.verify_journal(ctx), {ADMINISTRATEUR, REGISSEUR}),
]


@pytest.mark.parametrize("role", [AGENT, REGISSEUR, ADMINISTRATEUR])
def test_each_service_with_each_role(ctx, role):
    acting, _ = acting_as(ctx, role)
    verdicts = {}
    for name, call, _allowed in SERVICES:
        try:
            call(acting)
            verdicts[name] = "done"
        except PermissionDenied as refused:
            assert ": action réservée au rôle" in refused.message, refused.message
            verdicts[name] = "refused"
        except DomainError:
            verdicts[name] = "past the role"  # refused for another reason (the ids exist nowhere)
    assert {name for name, verdict in verdicts.items() if verdict == "refused"} == \
        {name for name, _, allowed in SERVICES if role not in allowed}, verdicts


def test_the_refusal_says_which_role_may(ctx):
    acting, _ = acting_as(ctx, AGENT)
    with pytest.raises(PermissionDenied) as refused:
        corrections.cancel_paid_enrollment(acting, NOBODY, reason="Départ", refund_mode="cash")
    assert refused.value.message == ("L'annulation d'une inscription payée (avoir) : action réservée au rôle "
                                     "régisseur — demandez à un collègue qui l'a, ou à l'administrateur de vous le "
                                     "donner.")


def test_a_role_taken_away_or_a_deactivated_account_counts_at_once(ctx):
    acting, agent = acting_as(ctx, REGISSEUR)
    cash.open_cash_session(acting, 0)
    with ctx.unit_of_work() as uow:  # another counter's administrator changes the account meanwhile
        uow.session.execute(update(Agent).where(Agent.id == agent.id).values(roles=[AGENT]))
    with pytest.raises(PermissionDenied):
        card_payments.settle(acting, NOBODY, accepted=False)
    with ctx.unit_of_work() as uow:
        uow.session.execute(update(Agent).where(Agent.id == agent.id).values(active=False))
    with pytest.raises(PermissionDenied) as refused:
        checkout.pay_balance(acting, NOBODY, [Tender("cash", 100)])
    assert "désactivé" in refused.value.message


def test_roles_are_checked_before_anything_is_written(ctx):
    from sqlalchemy import func, select

    from ems_desktop.models import CashSession

    acting, _ = acting_as(ctx, AGENT)
    opened = cash.open_cash_session(acting, 0)
    with pytest.raises(PermissionDenied):
        cash.close_cash_session(acting, opened.id, {"cash": 0, "cheque": 0, "card": 0})
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(CashSession).where(CashSession.closed_at.is_(None))) == 1


def test_roles_have_french_names():
    assert permissions.roles_text([REGISSEUR, ADMINISTRATEUR]) == "régisseur ou administrateur"


def test_money_services_retry_once_after_a_lost_race():
    """The services that move money run again once when their transaction lost a race (a
    decorator easily slips off when a function is added above it)."""
    from ems_desktop.services import checkout, corrections, enrollment

    for service in (corrections.cancel_paid_enrollment, corrections.complete_card_refund,
                    checkout.checkout_enrollments, checkout.pay_balance, enrollment.enroll, enrollment.choose_group):
        assert hasattr(service, "__wrapped__"), f"{service.__name__} lost retry_on_conflict"
