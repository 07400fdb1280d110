"""What a plain agent sees: the régisseur's actions (credit notes, refunds, closing the till,
settling card payments in suspense) are not offered — the services refuse them anyway."""

from __future__ import annotations

from ems_desktop.services import agents, cash
from ems_desktop.views.application import build_state
from ems_desktop.views.caisse_tab import CaisseTab


def test_a_plain_agent_is_not_offered_the_regisseurs_actions(qtbot, app_state, tmp_path):
    from ems_desktop.local_settings import LocalSettings

    plain = agents.create_agent(app_state.context, login="l.petit", display_name="Léa Petit", password="Velo-rouge-73",
                                roles=["agent"])
    state = build_state(app_state.context, app_state.worker, plain, app_state.counter,
                        LocalSettings(tmp_path / "guichet.json"))
    cash.open_cash_session(state.context, 0)
    tab = CaisseTab(state)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.session is not None)
    tab.set_open_family(app_state.agent.id)  # any family id: only the buttons' state matters here
    assert not tab.close_button.isVisible()
    assert not tab.correction_button.isEnabled() and not tab.credit_refund_button.isEnabled()
    assert tab.balance_button.isEnabled()  # taking payments is the agent's job
