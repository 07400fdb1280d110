"""A replica's status bar says how it stands with the town's server, and « Couper la liaison avec
le serveur » (Affichage) works offline on purpose."""

from __future__ import annotations

import datetime as dt

from ems_desktop.services import families
from ems_desktop.sync.runner import SyncStatus
from ems_desktop.views.main_window import MainWindow


class FakeSync:
    def __init__(self) -> None:
        self.status = SyncStatus()
        self.cuts: list[bool] = []
        self.status_listeners: list = []

    def cut_link(self, cut: bool) -> None:
        self.cuts.append(cut)


def test_the_status_bar_says_online_offline_since_when_and_what_waits(qtbot, app_state):
    state = app_state
    state.context.outbox = True
    state.sync = FakeSync()
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    label = window.sync_label
    assert label.isVisible() and window.cut_link_action.isVisible()
    state.signals.sync_status.emit(SyncStatus(online=True))
    qtbot.waitUntil(lambda: label.text() == "En ligne")
    # 12:42 in Paris (UTC+2 in June); two actions made while offline wait in the outbox.
    offline = SyncStatus(online=False, offline_since=dt.datetime(2017, 6, 21, 10, 42, tzinfo=dt.UTC))
    state.signals.sync_status.emit(offline)
    qtbot.waitUntil(lambda: label.text() == "Hors ligne depuis 12:42")
    families.create_family(state.context, families.FamilyInput(
        name="Petit", guardians=(families.GuardianInput("Anne", "Petit", is_payer=True),), children=()))
    families.create_family(state.context, families.FamilyInput(
        name="Grand", guardians=(families.GuardianInput("Luc", "Grand", is_payer=True),), children=()))
    qtbot.waitUntil(lambda: label.text() == "Hors ligne depuis 12:42 — 2 opérations en attente")
    assert "#b3261e" in label.styleSheet()
    state.signals.sync_status.emit(SyncStatus(online=True, syncing=True, pending=2))
    qtbot.waitUntil(lambda: label.text() == "Synchronisation…")
    state.signals.sync_status.emit(SyncStatus(refused="Guichet inconnu ou révoqué : il doit être inscrit à nouveau."))
    qtbot.waitUntil(lambda: label.text().startswith("Synchronisation arrêtée : Guichet inconnu ou révoqué"))
    # The menu cuts the link and gives it back.
    window.cut_link_action.trigger()
    window.cut_link_action.trigger()
    assert state.sync.cuts == [True, False]


def test_a_counter_alone_shows_no_sync_and_no_link_to_cut(qtbot, app_state):
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.show()
    assert not window.sync_label.isVisible() and not window.cut_link_action.isVisible()
