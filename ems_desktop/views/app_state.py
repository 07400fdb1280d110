"""What every screen of a logged-in counter needs: the services' context (with the agent and
the counter), the database worker, and the change announcements as a Qt signal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from sqlalchemy.exc import OperationalError

from ems_desktop.local_settings import LocalSettings
from ems_desktop.services.agents import AgentView, CounterView
from ems_desktop.services.changes import Change
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.worker import DatabaseWorker
from ems_desktop.terminal.client import CardTerminal
from ems_desktop.terminal.simulator import TerminalSimulator

if TYPE_CHECKING:  # loaded with the sender itself, once the window opens
    from ems_desktop.services.message_sender import MessageSender
    from ems_desktop.sync.runner import SyncLoop


class ChangeSignals(QObject):
    """Re-emits the services' change announcements on the GUI thread (queued across threads)."""

    changed = Signal(object)  # list[Change]
    database_reachable = Signal(bool, str)  # reachable, detail (for the status bar)

    sync_status = Signal(object)  # SyncStatus, from the sync threads

    def relay(self, changes: list[Change]) -> None:
        self.changed.emit(changes)


@dataclass
class AppState:
    context: ServiceContext
    worker: DatabaseWorker
    agent: AgentView
    counter: CounterView
    local: LocalSettings
    signals: ChangeSignals
    terminal: CardTerminal | None = None        # the counter's card terminal (or its simulator)
    simulator: TerminalSimulator | None = None  # set when no real terminal is configured
    sync: SyncLoop | None = None                # the background sync of a replica
    mailer: MessageSender | None = None         # the e-mails' sender

    async def call(self, function, /, *args, **kwargs):
        """Run a service function on the database worker with this counter's context.

        A database that cannot be reached is reported on ``signals.database_reachable`` (the
        status bar shows it) and the error goes on to the caller."""
        try:
            result = await self.worker.run(function, self.context, *args, **kwargs)
        except OperationalError as lost:
            self._set_reachable(False, str(lost.orig or lost)[:200])
            raise
        self._set_reachable(True, "")
        return result

    @property
    def terminal_label(self) -> str:
        if self.simulator is not None:
            return f"simulateur (127.0.0.1:{self.simulator.port})"
        terminal = self.terminal
        return f"{getattr(terminal, 'host', '?')}:{getattr(terminal, 'port', '?')}" if terminal else "aucun"

    def _set_reachable(self, reachable: bool, detail: str) -> None:
        if reachable != getattr(self, "_reachable", True):
            self._reachable = reachable
            self.signals.database_reachable.emit(reachable, detail)
