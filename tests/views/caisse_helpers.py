"""The Caisse tab as its tests open it, and what the database counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from ems_desktop.models import Invoice, Payment
from ems_desktop.views.caisse_tab import CaisseTab


def open_tab(qtbot, state, family, ids) -> CaisseTab:
    tab = CaisseTab(state)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_checkout(family.id, ids)
    qtbot.waitUntil(lambda: tab.due_cents == 12000 and len(tab.rows) == 1)
    return tab


def pay_in_cash(qtbot, tab: CaisseTab) -> None:
    """The one row in cash, « Payer » clicked, the checkout's result in."""
    tab.rows[0].mode_combo.setCurrentIndex(1)
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None)


def counts(ctx):
    with ctx.reading() as s:
        return s.scalar(select(func.count()).select_from(Invoice)), s.scalar(select(func.count()).select_from(Payment))
