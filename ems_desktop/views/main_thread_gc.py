"""Python's cycle collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed: the
database worker, a printing thread. If the cycle it frees holds a Qt object (a widget, a dialog, a
signal relay), Qt destroys that object on the wrong thread, which can abort the application. So the
automatic collector is switched off and this timer does its work on the GUI thread, with the same
thresholds, a few times a second (a check costs a microsecond when nothing is due).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 500


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
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(collect_if_due)
        self._timer.start(CHECK_EVERY_MS)
