"""Sync conflicts on the Accueil: every counter lists what the server decided differently, with
what to do; a régisseur or an administrateur marks one dealt with (saying what was done), which is
journaled and sent to the server like any action; a plain agent cannot."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import select

from ems_desktop.models import JournalEntry, OutboxOp
from ems_desktop.models.sync import ConflictKind, SyncConflict
from ems_desktop.services import agents, sync_conflicts
from ems_desktop.services.context import Actor
from ems_desktop.services.errors import ValidationFailed
from ems_desktop.services.permissions import PermissionDenied
from ems_desktop.views.accueil_tab import AccueilTab


def _conflict(ctx, kind=ConflictKind.OVER_CAPACITY, message="7/10 ans Tir à l'arc : 17 inscrit(s) pour 16 place(s)"):
    with ctx.db.session() as s:
        conflict = SyncConflict(id=uuid.uuid4(), kind=kind, status="open", entity="enrollment", message=message,
                                details={}, created_at=dt.datetime(2017, 6, 21, 12, 0, tzinfo=dt.UTC),
                                origin_counter_id=ctx.actor.counter_id, resolution="")
        s.add(conflict)
    return conflict.id


def test_conflicts_are_listed_with_what_to_do_and_marked_dealt_with(qtbot, app_state):
    state = app_state
    state.context.outbox = True  # a replica: the resolution goes to the server too
    conflict_id = _conflict(state.context)
    tab = AccueilTab(state)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.conflicts_table.rowCount() == 1)
    assert tab.conflicts_box.isVisible()
    assert tab.conflicts_table.item(0, 1).text() == "Groupe en surnombre"
    what = tab.conflicts_table.item(0, 2).text()
    assert what.startswith("7/10 ans Tir à l'arc : 17 inscrit(s)") and "→ Augmentez la capacité" in what
    assert tab.conflicts_table.item(0, 3).text() == "Accueil Hôtel de Ville"
    # The row is as tall as its wrapped text at the columns' final widths, no taller.
    table = tab.conflicts_table
    qtbot.waitUntil(lambda: table.rowHeight(0) == table.sizeHintForRow(0))
    tab.conflicts_table.cellWidget(0, 4).click()
    qtbot.waitUntil(lambda: getattr(tab, "resolve_dialog", None) is not None and tab.resolve_dialog.isVisible())
    dialog = tab.resolve_dialog
    dialog.ok_button.click()  # nothing said: refused next to the field
    qtbot.waitUntil(lambda: dialog.resolution_field.error.isVisible())
    assert dialog.resolution_field.error.text() == "Dites en quelques mots ce qui a été fait."
    dialog.resolution.setText("Capacité portée à 17")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not tab.conflicts_box.isVisible())
    assert tab.message.text() == "Conflit marqué comme traité : Groupe en surnombre."
    with state.context.reading() as s:
        stored = s.get(SyncConflict, conflict_id)
        assert (stored.status, stored.resolution, stored.resolved_by_id) == ("resolved", "Capacité portée à 17",
                                                                             state.agent.id)
        assert s.scalar(select(JournalEntry.action).where(JournalEntry.entity_id == conflict_id)) == "resolved"
        op = s.scalar(select(OutboxOp).where(OutboxOp.op_type == "conflict.resolve"))
        assert op.payload["conflict_id"] == str(conflict_id)


def test_a_plain_agent_sees_conflicts_but_cannot_mark_them(qtbot, app_state):
    admin = app_state.context
    clerk = agents.create_agent(admin, login="j.dupont", display_name="Jean Dupont", password="Velo-rouge-73",
                                roles=["agent"])
    _conflict(admin, ConflictKind.WAITING_LIST_FALLBACK, "Le groupe était complet : liste d'attente.")
    as_clerk = admin.as_actor(Actor(agent_id=clerk.id, counter_id=admin.actor.counter_id))
    with pytest.raises(PermissionDenied, match="régisseur"):
        sync_conflicts.resolve_conflict(as_clerk, sync_conflicts.open_conflicts(admin)[0].id, "vu")
    app_state.agent = replace(app_state.agent, id=clerk.id, display_name="Jean Dupont", roles=("agent",))
    app_state.context = as_clerk
    tab = AccueilTab(app_state)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.conflicts_table.rowCount() == 1)
    assert "Prévenez la famille" in tab.conflicts_table.item(0, 2).text()
    button = tab.conflicts_table.cellWidget(0, 4)
    assert not button.isEnabled() and button.toolTip() == "À faire par le régisseur ou l'administrateur."


def test_an_empty_or_overlong_resolution_is_refused_and_nothing_saved(app_state):
    ctx = app_state.context
    conflict_id = _conflict(ctx)
    for text, message in (("  ", "Dites en quelques mots ce qui a été fait."), ("x" * 501, "500 caractères au plus.")):
        with pytest.raises(ValidationFailed) as refused:
            sync_conflicts.resolve_conflict(ctx, conflict_id, text)
        assert refused.value.errors == {"resolution": message}
    assert [c.id for c in sync_conflicts.open_conflicts(ctx)] == [conflict_id]
