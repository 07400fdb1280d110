"""Python's cycle collector, run on the GUI thread only; and the GUI thread's turn at the
interpreter when another thread runs Python.

The collector runs in whichever thread happens to allocate when a threshold is crossed: the
database worker, a printing thread. If the cycle it frees holds a Qt object (a widget, a dialog, a
signal relay), Qt destroys that object on the wrong thread, which can abort the application. So the
automatic collector is switched off and this timer does its work on the GUI thread, with the same
thresholds, a few times a second (a check costs a microsecond when nothing is due).
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 500
# How long a thread running Python (the database worker filling search results) keeps the
# interpreter before the GUI thread gets it back: Python's default is 5 ms, a third of a frame.
SWITCH_INTERVAL_S = 0.002


def set_start_up_aside() -> None:
    """Once the main window shows its first data: what the start-up built (modules, screens,
    caches: over a hundred thousand objects, kept for the session) leaves the collector's sight,
    so a full collection looks only at what was made since — milliseconds instead of ~60 ms of
    GUI thread now and then while the agent types. What an earlier window left (a log-in again
    after a lock) is collected first."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def collect_if_due() -> None:
    """What the automatic collector would have done by now: the oldest generation past its threshold."""
    thresholds, counts = gc.get_threshold(), gc.get_count()
    generation = next((g for g in (2, 1, 0) if counts[g] > thresholds[g]), None)
    if generation is not None:
        gc.collect(generation)


class MainThreadGarbageCollector(QObject):
    """Created on the GUI thread, for the application's life (kept by its parent)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(collect_if_due)
        self._timer.start(CHECK_EVERY_MS)
