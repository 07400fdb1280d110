"""The Planning tab as its tests open it."""

from __future__ import annotations

from ems_desktop.views.planning_tab import PlanningTab


def open_tab(qtbot, state, family) -> PlanningTab:
    tab = PlanningTab(state)
    qtbot.addWidget(tab)
    tab.show()
    with qtbot.waitSignal(tab.loaded):
        tab.set_family(family.id)
    return tab
