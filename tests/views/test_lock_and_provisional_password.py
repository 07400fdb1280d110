"""Ctrl+L: the window hides behind the log-in dialog without closing the application; another
agent logs in and gets a window of their own. A provisional password is changed at log-in."""

from __future__ import annotations

from ems_desktop.services import agents
from tests.views.login_helpers import log_in, start_counter, top


def test_lock_then_another_agent_with_a_provisional_password(qtbot, event_loop, tmp_path, counter_on_disk):
    from ems_desktop.views.agents_dialog import ChangePasswordDialog
    from ems_desktop.views.main_window import MainWindow

    path, base, _, _ = counter_on_disk
    database = base.db
    petit = agents.create_agent(base, login="l.petit", display_name="Léa Petit", password="Table-verte-2026")
    agents.reset_password(base, petit.id, "Lune-bleue-jeudi")  # provisional: to change at log-in

    task = start_counter(path, tmp_path / "log")
    log_in(qtbot, "c.martin", "Velo-rouge-73")
    qtbot.waitUntil(lambda: top(MainWindow) is not None, timeout=15000)
    first = top(MainWindow)
    assert first.state.agent.login == "c.martin"

    first.lock_action.trigger()  # Ctrl+L
    qtbot.waitUntil(lambda: not first.isVisible())
    log_in(qtbot, "l.petit", "Lune-bleue-jeudi")
    qtbot.waitUntil(lambda: top(ChangePasswordDialog) is not None, timeout=15000)
    change = top(ChangePasswordDialog)
    change.edits["current_password"].setText("Lune-bleue-jeudi")
    change.edits["new_password"].setText("Soleil-vert-2027")
    change.edits["confirmation"].setText("Soleil-vert-2027")
    change.ok_button.click()
    qtbot.waitUntil(lambda: top(MainWindow) is not None and top(MainWindow).state.agent.login == "l.petit",
                    timeout=15000)
    second = top(MainWindow)
    assert not second.agents_action.isEnabled()  # a plain agent: no account management
    assert not agents.authenticate(base, "l.petit", "Soleil-vert-2027").must_change_password
    second.close()
    task.cancel()
    qtbot.waitUntil(task.done, timeout=15000)
    database.dispose()
