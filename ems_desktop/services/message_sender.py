"""The counter's e-mails, sent in the background: one thread speaks to the SMTP server, never the
window's; its database steps go through ``db_call`` (in the application: the database worker,
the one thread that touches SQLite).

It starts by putting back the messages a crash left « sending » (services/messages.py), then sends
what is due, and sleeps until the next message is due, at most PERIOD seconds. ``wake()`` (a
message was queued, the settings changed) ends the sleep at once; ``network_seen(True)`` after
``network_seen(False)`` (the sync or the database reachable again) also makes the messages waiting
out a back-off due at once. Nothing is ever dropped: messages wait in the outbox until the server
has taken them or refused them for good.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from ems_desktop.services import messages
from ems_desktop.services.changes import Change
from ems_desktop.services.context import ServiceContext

log = logging.getLogger(__name__)

PERIOD = 60.0  # seconds between two looks at the outbox when nothing wakes the sender


class MessageSender:
    def __init__(self, ctx: ServiceContext, password: Callable[[], str], *, db_call: Callable[..., Any] | None = None,
                 period: float = PERIOD, settings: Callable[[], messages.SmtpSettings] | None = None) -> None:
        self.ctx = ctx
        self.counter_id: uuid.UUID | None = ctx.actor.counter_id
        self.period = period
        self._password = password  # read at each round: a password typed in the settings counts at once
        self._db_call = db_call or (lambda function, *args: function(*args))
        self._settings = settings or (lambda: self._db_call(messages.smtp_settings, self.ctx, self._password()))
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._network_back = threading.Event()  # set on a cut → back: the back-offs are cut short
        self._network_up: dict[str, bool] = {}  # what each source (the database, the sync) last saw
        self._thread: threading.Thread | None = None
        self.rounds = 0              # for tests: rounds finished
        self.last_report: messages.SendReport | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="ems-mail", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def network_seen(self, online: bool, source: str = "network") -> None:
        """What one source (the sync, the database worker) last saw of the network (any thread).
        When every source sees it up again after a cut, the messages waiting for it go at once."""
        was_up = all(self._network_up.values())
        self._network_up[source] = online
        if not was_up and all(self._network_up.values()):
            self._network_back.set()
            self._wake.set()

    def stop(self, wait: bool = True) -> None:
        self._stop.set()
        self._wake.set()
        if wait and self._thread is not None:
            self._thread.join(messages.SMTP_TIMEOUT + 5)

    def on_changes(self, changes: Iterable[Change]) -> None:
        """The change bus: a message queued or sent again (this counter's or another window's)."""
        if any(change.entity == "message" for change in changes):
            self._wake.set()

    def _run(self) -> None:
        check = getattr(self.ctx.db, "integrity", None)
        if check is not None:  # the start-up's check of the file first: its writes would wait for it on the worker
            try:
                check.verdict.result()
            except BaseException:  # noqa: BLE001 (damaged or stopped: the application ends; nothing is sent)
                return
        try:
            recovered = self._db_call(messages.recover_interrupted_messages, self.ctx)
            if recovered:
                log.info("%d e-mail(s) interrompu(s) par un arrêt du poste : renvoyé(s)", recovered)
        except BaseException:  # noqa: BLE001 (the sender must survive; the log says why)
            if self._stop.is_set():
                return
            log.exception("messagerie : reprise des envois interrompus impossible")
        while not self._stop.is_set():
            self._wake.clear()
            delay = self.period
            try:
                if self._network_back.is_set():
                    self._network_back.clear()
                    self._db_call(messages.retry_waiting_now, self.ctx)
                report = messages.send_due_messages(self.ctx, self._settings(), self.ctx.now(), db_call=self._db_call)
                self.last_report = report
                if report.sent or report.retried or report.failed:
                    log.info("messagerie : %d envoyé(s), %d à réessayer, %d en échec", report.sent, report.retried,
                             report.failed)
                if report.next_due is not None:
                    delay = min(self.period, max(1.0, (report.next_due - self.ctx.now()).total_seconds()))
            except BaseException:  # noqa: BLE001 (a round that fails is logged; the next one tries again)
                if self._stop.is_set():
                    return
                log.exception("messagerie : erreur pendant l'envoi")
            self.rounds += 1
            self._wake.wait(delay)
