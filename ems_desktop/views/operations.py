"""One way for a screen to run a service call: ``ServiceOp``.

A screen's action is always the same dance — clear the old messages, disable the control that
started it, run the service on the database worker, show a ValidationFailed's messages under their
fields and a DomainError's in the screen's message area, give the controls back — and this class
does it once::

    done = await (ServiceOp(self.state, mandates.revoke_mandate, mandate.id, self.reason.text())
                  .disabling(self.revoke_button)
                  .errors_to(self.message, {"reason": self.reason_field.error})
                  .run())
    if not done.ok:
        return

A reading that a newer one replaces (a list refreshed while the agent types) takes a
``LatestOnly``: when an older reading comes back after a newer one started, it shows nothing and
its outcome says ``stale``::

    done = await ServiceOp(self.state, journal.search_journal, **filters).latest_of(self.readings).run()
    if done.ok:
        self.model.set_rows(done.value)

Anything unexpected (a bug, a lost database) is not swallowed: the controls are given back and
the exception goes on to the application's error reporter, which logs it and tells the agent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.views.widgets import show_errors


@dataclass(frozen=True)
class Outcome:
    """What a ServiceOp did: ``ok`` and the service's result, or the French refusal it met, or
    ``stale`` when a newer reading of the same LatestOnly started meanwhile (nothing was shown)."""

    ok: bool
    value: Any = None
    error: DomainError | None = None
    stale: bool = False

    @property
    def refusal(self) -> str:
        """The refusal's French text ("" when the call went through)."""
        return self.error.message if self.error is not None else ""


class LatestOnly:
    """The readings of one part of a screen, of which only the newest may be shown."""

    def __init__(self) -> None:
        self._newest = 0

    def begin(self) -> int:
        self._newest += 1
        return self._newest

    def is_newest(self, ticket: int) -> bool:
        return ticket == self._newest

    def drop(self) -> None:
        """Readings under way are outdated (the screen moved on to another family, say)."""
        self._newest += 1


class _SaidBy:
    """A message area that is a function taking the French text (``self._show_empty``, say)."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say

    def show_message(self, text: str) -> None:
        self.say(text)

    def clear_message(self) -> None:
        pass


class ServiceOp:
    def __init__(self, state, function: Callable, /, *args, **kwargs) -> None:
        self.state = state
        self.function, self.args, self.kwargs = function, args, kwargs
        self.controls: tuple = ()
        self.message = None
        self.fields: dict = {}
        self.busy_label = None
        self.busy_text = ""
        self.passing: tuple[type[DomainError], ...] = ()
        self.latest: LatestOnly | None = None

    def disabling(self, *controls) -> ServiceOp:
        """Controls disabled while the call runs (the button that started it, at least)."""
        self.controls = controls
        return self

    def errors_to(self, message, fields: dict | None = None) -> ServiceOp:
        """Where refusals go: each field's ErrorLabel by its key, the rest (and every
        DomainError) to ``message`` — anything with ``show_message``/``clear_message``, or a
        function taking the French text."""
        if not hasattr(message, "show_message"):
            message = _SaidBy(message)
        self.message, self.fields = message, dict(fields or {})
        return self

    def quietly(self) -> ServiceOp:
        """Refusals are shown nowhere: the caller reads ``Outcome.error`` (to put it in a message
        box, say), or has nothing to say (a dossier that cannot be read is simply not offered)."""
        return self.errors_to(_SaidBy(lambda _text: None))

    def latest_of(self, readings: LatestOnly) -> ServiceOp:
        """Only the newest of ``readings`` is shown; an older one coming back later is dropped."""
        self.latest = readings
        return self

    def letting_through(self, *errors: type[DomainError]) -> ServiceOp:
        """Refusals the caller answers itself (a question to confirm, e.g. NeedsConfirmation)."""
        self.passing = errors
        return self

    def showing(self, label, text: str) -> ServiceOp:
        """A line saying the work is under way (« Préparation… »), cleared when it ends."""
        self.busy_label, self.busy_text = label, text
        return self

    def _clear(self) -> None:
        for error in self.fields.values():
            error.clear_message()
        if self.message is not None:
            self.message.clear_message()

    async def run(self) -> Outcome:
        self._clear()
        enabled = [control.isEnabled() for control in self.controls]
        for control in self.controls:
            control.setEnabled(False)
        if self.busy_label is not None:
            self.busy_label.setText(self.busy_text)
        ticket = self.latest.begin() if self.latest is not None else 0
        try:
            value = await self.state.call(self.function, *self.args, **self.kwargs)
        except ValidationFailed as invalid:
            if self._outdated(ticket):
                return Outcome(False, error=invalid, stale=True)
            if self.message is None or isinstance(invalid, self.passing):
                raise
            show_errors(invalid, self.fields, self.message)
            return Outcome(False, error=invalid)
        except DomainError as refused:
            if self._outdated(ticket):
                return Outcome(False, error=refused, stale=True)
            if self.message is None or isinstance(refused, self.passing):
                raise
            # A refusal about one field (DomainError.field) goes under it.
            self.fields.get(getattr(refused, "field", None), self.message).show_message(refused.message)
            return Outcome(False, error=refused)
        finally:
            if self.busy_label is not None:
                self.busy_label.setText("")
            for control, was_enabled in zip(self.controls, enabled, strict=True):
                control.setEnabled(was_enabled)
        if self._outdated(ticket):
            return Outcome(False, value, stale=True)
        return Outcome(True, value)

    def _outdated(self, ticket: int) -> bool:
        return self.latest is not None and not self.latest.is_newest(ticket)
