"""ServiceOp, the one way a screen runs a service call: the control disabled while it runs and
given back, a line saying it is under way, a refusal under its field or in the screen's message
area, anything unexpected passed on to the error reporter."""

from __future__ import annotations

import asyncio
import threading

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.views.operations import LatestOnly, ServiceOp
from ems_desktop.views.widgets import ErrorLabel


def run(qtbot, op):
    task = asyncio.ensure_future(op.run())
    qtbot.waitUntil(task.done, timeout=10_000)
    return task.result()


@pytest.fixture
def screen(qtbot):
    button, busy, message, field = QPushButton("Enregistrer"), QLabel(), ErrorLabel(), ErrorLabel()
    for widget in (button, busy, message, field):
        qtbot.addWidget(widget)
    return button, busy, message, field


def test_the_call_runs_on_the_worker_with_its_control_disabled_and_a_line_saying_so(qtbot, app_state, screen):
    button, busy, message, field = screen
    message.show_message("une erreur d'avant")
    started, release = threading.Event(), threading.Event()

    def service(ctx, a, b=0):
        started.set()
        release.wait(10)
        assert ctx is app_state.context and threading.current_thread() is not threading.main_thread()
        return a + b

    task = asyncio.ensure_future(ServiceOp(app_state, service, 40, b=2).disabling(button)
                                 .errors_to(message, {"name": field}).showing(busy, "Enregistrement…").run())
    qtbot.waitUntil(started.is_set)
    assert not button.isEnabled() and busy.text() == "Enregistrement…" and message.isHidden()
    release.set()
    qtbot.waitUntil(task.done)
    assert task.result().ok and task.result().value == 42
    assert button.isEnabled() and busy.text() == ""


def test_a_validation_failure_goes_under_its_field_and_the_rest_to_the_message_area(qtbot, app_state, screen):
    button, busy, message, field = screen

    def service(ctx):
        raise ValidationFailed({"name": "Le nom est obligatoire.", "other": "Autre chose ne va pas."})

    done = run(qtbot, ServiceOp(app_state, service).disabling(button).errors_to(message, {"name": field}))
    assert not done.ok and isinstance(done.error, ValidationFailed)
    assert field.text() == "Le nom est obligatoire." and not field.isHidden()
    assert message.text() == "Autre chose ne va pas." and button.isEnabled()


def test_a_refusal_goes_to_the_message_area_and_a_disabled_control_stays_so(qtbot, app_state, screen):
    button, busy, message, field = screen
    button.setEnabled(False)

    def service(ctx):
        raise DomainError("Cette famille ne doit rien.")

    done = run(qtbot, ServiceOp(app_state, service).disabling(button).errors_to(message))
    assert not done.ok and message.text() == "Cette famille ne doit rien." and not button.isEnabled()


def test_anything_unexpected_goes_on_to_the_error_reporter_with_the_control_given_back(qtbot, app_state, screen):
    button, busy, message, field = screen

    def service(ctx):
        raise RuntimeError("a bug")

    task = asyncio.ensure_future(ServiceOp(app_state, service).disabling(button).errors_to(message)
                                 .showing(busy, "…").run())
    qtbot.waitUntil(task.done)
    with pytest.raises(RuntimeError):
        task.result()
    assert button.isEnabled() and busy.text() == "" and message.isHidden()


def test_a_refusal_naming_its_field_goes_under_it_and_a_question_is_let_through(qtbot, app_state, screen):
    from ems_desktop.services.catalog_admin import NeedsConfirmation

    button, busy, message, field = screen

    def refused(ctx):
        raise DomainError("Ce code est déjà pris.", field="name")

    done = run(qtbot, ServiceOp(app_state, refused).errors_to(message, {"name": field}))
    assert not done.ok and field.text() == "Ce code est déjà pris." and message.isHidden()

    def question(ctx):
        raise NeedsConfirmation("3 enfants sont inscrits : continuer ?", confirm="confirm")

    task = asyncio.ensure_future(ServiceOp(app_state, question).disabling(button).errors_to(message)
                                 .letting_through(NeedsConfirmation).run())
    qtbot.waitUntil(task.done)
    with pytest.raises(NeedsConfirmation):
        task.result()
    assert button.isEnabled() and message.isHidden()


def test_an_older_reading_coming_back_after_a_newer_one_shows_nothing(qtbot, app_state) -> None:
    """Two readings of one list: the first, held on the worker, comes back after the second
    started; it says it is stale and its refusal is not shown; the newest is."""
    shown: list[str] = []
    started, release = threading.Event(), threading.Event()
    readings = LatestOnly()

    def slow(ctx):
        started.set()
        release.wait(10)
        raise DomainError("lecture ancienne")

    def quick(ctx):
        return ["ligne"]

    older = asyncio.ensure_future(ServiceOp(app_state, slow).errors_to(shown.append).latest_of(readings).run())
    qtbot.waitUntil(started.is_set)
    newer = asyncio.ensure_future(ServiceOp(app_state, quick).errors_to(shown.append).latest_of(readings).run())
    release.set()
    qtbot.waitUntil(lambda: older.done() and newer.done())
    assert older.result().stale and not older.result().ok
    assert newer.result().ok and newer.result().value == ["ligne"] and not newer.result().stale
    assert shown == []

    # The screen moves on (another family): a reading under way is dropped when it returns.
    started.clear()
    release.clear()

    def held(ctx):
        started.set()
        release.wait(10)
        return ["ligne"]

    dropped = asyncio.ensure_future(ServiceOp(app_state, held).latest_of(readings).run())
    qtbot.waitUntil(started.is_set)
    readings.drop()
    release.set()
    qtbot.waitUntil(dropped.done)
    assert dropped.result().stale and dropped.result().value == ["ligne"]


def test_a_refusal_can_go_to_a_function_taking_the_text(qtbot, app_state) -> None:
    shown: list[str] = []

    def refused(ctx):
        raise DomainError("Base de données indisponible.")

    done = run(qtbot, ServiceOp(app_state, refused).errors_to(shown.append))
    assert not done.ok and shown == ["Base de données indisponible."]


def test_a_quiet_call_shows_nothing_and_hands_the_refusal_back(qtbot, app_state, screen):
    button, busy, message, field = screen

    def refused(ctx):
        raise ValidationFailed({"name": "Le nom est obligatoire."})

    done = run(qtbot, ServiceOp(app_state, refused).disabling(button).quietly())
    assert not done.ok and done.error.errors == {"name": "Le nom est obligatoire."}
    assert done.refusal == "Le nom est obligatoire."
    assert message.isHidden() and field.isHidden() and button.isEnabled()
