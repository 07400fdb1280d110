"""``MainWindow.ready``: the end of the start-up as the agent sees it — the tab shown first has
painted its first data (the Accueil's card payments, holds and cash session; the Caisse's session),
or at once for a tab that reads nothing when it is built."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QEvent, QObject

from ems_desktop.views.main_window import MainWindow, window_settings


class Paints(QObject):
    """Counts the paint events of the widgets it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def opening_on(key: str) -> None:
    """The tab the next window opens on (where the last agent left)."""
    settings = window_settings()
    settings.setValue("main_window/tab", MainWindow.TAB_KEYS.index(key))
    settings.sync()


def test_ready_waits_for_the_first_tab_data_painted(qtbot, app_state):
    opening_on("accueil")
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    paints = Paints()
    window.accueil.session_label.installEventFilter(paints)
    painted_when_loaded = []
    window.accueil.loaded.connect(lambda: painted_when_loaded.append(paints.count))
    window.show()
    assert not window.first_screen_is_shown
    ready = asyncio.ensure_future(window.ready())
    qtbot.waitUntil(ready.done, timeout=15000)
    assert window.accueil.refreshed and window.first_screen_is_shown
    assert window.accueil.session_label.text().startswith("Aucune session de caisse ouverte")
    assert paints.count > painted_when_loaded[0]  # painted since its data came
    done_again = asyncio.ensure_future(window.ready())  # later calls return at once
    qtbot.waitUntil(done_again.done, timeout=1000)


def test_the_caisse_shown_first_is_ready_once_its_session_is_shown(qtbot, app_state):
    opening_on("caisse")
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.show()
    ready = asyncio.ensure_future(window.ready())
    qtbot.waitUntil(ready.done, timeout=15000)
    assert window.tabs.currentWidget() is window.caisse and window.caisse.open_button.isVisible()
    window.tabs.setCurrentIndex(0)  # the next windows open on the Accueil again


def test_a_first_tab_that_reads_nothing_is_ready_at_once(qtbot, app_state):
    opening_on("dossiers")
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    assert window.tabs.currentWidget() is window.dossiers and window.first_screen_is_shown
    window.tabs.setCurrentIndex(0)
