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

Anything unexpected (a bug, a lost database) is not swallowed: the controls are given back and
the exception goes on to the application's error reporter, which logs it and tells the agent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.views.widgets import show_errors


@dataclass(frozen=True)
class Outcome:
    """What a ServiceOp did: ``ok`` and the service's result, or the French refusal it met."""

    ok: bool
    value: Any = None
    error: DomainError | None = None


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

    def disabling(self, *controls) -> ServiceOp:
        """Controls disabled while the call runs (the button that started it, at least)."""
        self.controls = controls
        return self

    def errors_to(self, message, fields: dict | None = None) -> ServiceOp:
        """Where refusals go: each field's ErrorLabel by its key, the rest (and every
        DomainError) to ``message`` — anything with ``show_message``/``clear_message``."""
        self.message, self.fields = message, dict(fields or {})
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
        try:
            value = await self.state.call(self.function, *self.args, **self.kwargs)
        except ValidationFailed as invalid:
            if self.message is None or isinstance(invalid, self.passing):
                raise
            show_errors(invalid, self.fields, self.message)
            return Outcome(False, error=invalid)
        except DomainError as refused:
            if self.message is None or isinstance(refused, self.passing):
                raise
            # A refusal about one field (DomainError.field) goes under it.
            self.fields.get(getattr(refused, "field", None), self.message).show_message(refused.message)
            return Outcome(False, error=refused)
        finally:
            if self.busy_label is not None:
                self.busy_label.setText("")
            for control, was_enabled in zip(self.controls, enabled):
                control.setEnabled(was_enabled)
        return Outcome(True, value)
