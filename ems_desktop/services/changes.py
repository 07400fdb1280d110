"""The change announcements: after each commit a service says what changed (entity kind + ids).

Qt-free: views subscribe through a small bridge that re-emits announcements as a Qt signal.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    entity: str   # "family", "enrollment", "places" (of groups), "group", "invoice", "payment"…
    ids: frozenset[uuid.UUID]


Listener = Callable[[list[Change]], None]


class ChangeBus:
    """Delivers the changes of one committed transaction to every subscriber, in one call."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, changes: list[Change]) -> None:
        if not changes:
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(changes)
