"""Fichier › Agents…: an administrator creates an agent (a weak password refused beside its field),
gives a role, resets a password; the agent then must choose a new one."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ems_desktop.services import agents
from ems_desktop.services.context import Actor
from ems_desktop.views.agents_dialog import AgentsDialog, ChangePasswordDialog


def test_an_administrator_manages_the_agents(qtbot, app_state):
    dialog = AgentsDialog(app_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)  # the first-run administrator
    assert dialog.table.item(0, 2).text() == "Agent d'accueil, Régisseur, Administrateur"

    dialog.new_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "edit_dialog", None) is not None and dialog.edit_dialog.isVisible())
    edit = dialog.edit_dialog
    edit.login_edit.setText("l.petit")
    edit.name_edit.setText("Léa Petit")
    edit.password_edit.setText("azertyuiop")
    edit.ok_button.click()
    qtbot.waitUntil(lambda: edit.fields["password"].error.isVisible())
    assert "trop courant" in edit.fields["password"].error.text()
    edit.password_edit.setText("Table-verte-2026")
    edit.role_boxes["regisseur"].setChecked(True)
    edit.ok_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    petit = next(i for i, r in enumerate(dialog.rows) if r.login == "l.petit")
    assert dialog.table.item(petit, 2).text() == "Agent d'accueil, Régisseur"

    dialog.table.selectRow(petit)
    dialog.reset_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "reset_dialog", None) is not None and dialog.reset_dialog.isVisible())
    dialog.reset_dialog.password_edit.setText("Lune-bleue-jeudi")
    dialog.reset_dialog.ok_button.click()
    qtbot.waitUntil(lambda: "mot de passe à changer" in dialog.table.item(petit, 3).text())


def test_a_provisional_password_is_changed_at_log_in(qtbot, app_state):
    ctx = app_state.context
    created = agents.create_agent(ctx, login="l.petit", display_name="Léa Petit", password="Table-verte-2026")
    agents.reset_password(ctx, created.id, "Lune-bleue-jeudi")
    acting = ctx.as_actor(Actor(created.id, ctx.actor.counter_id))

    async def change(current, new, confirmation):
        return await app_state.worker.run(agents.change_own_password, acting, current, new, confirmation)

    dialog = ChangePasswordDialog(change)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.edits["current_password"].setText("Lune-bleue-jeudi")
    dialog.edits["new_password"].setText("Soleil-vert-2027")
    dialog.edits["confirmation"].setText("Soleil-vert-2028")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.fields["confirmation"].error.isVisible())
    dialog.edits["confirmation"].setText("Soleil-vert-2027")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert not agents.authenticate(ctx, "l.petit", "Soleil-vert-2027").must_change_password
