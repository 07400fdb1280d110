"""A screen runs a service call one way, through views/operations.py's ServiceOp: no view wraps a
``state.call`` in its own ``try/except DomainError`` (or ValidationFailed) any more."""

from __future__ import annotations

import ast
from pathlib import Path

VIEWS = Path(__file__).resolve().parent.parent / "ems_desktop" / "views"
SERVICE_REFUSALS = {"DomainError", "ValidationFailed"}


def _caught_names(handler: ast.ExceptHandler) -> set[str]:
    caught = handler.type
    kinds = caught.elts if isinstance(caught, ast.Tuple) else [caught] if caught is not None else []
    return {kind.attr if isinstance(kind, ast.Attribute) else getattr(kind, "id", "") for kind in kinds}


def _calls_the_worker_itself(body: list[ast.stmt]) -> bool:
    """``await <anything>.call(...)``: the AppState's own way to the database worker."""
    for statement in body:
        for node in ast.walk(statement):
            if (isinstance(node, ast.Await) and isinstance(node.value, ast.Call)
                    and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == "call"):
                return True
    return False


def hand_written_service_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [f"{path.name}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Try) and _calls_the_worker_itself(node.body)
            and any(_caught_names(handler) & SERVICE_REFUSALS for handler in node.handlers)]


def test_no_view_catches_a_service_refusal_around_its_own_state_call():
    offenders = []
    for path in sorted(VIEWS.glob("*.py")):
        if path.name != "operations.py":
            offenders += hand_written_service_calls(path)
    assert offenders == []


def test_the_check_itself_sees_a_hand_written_call(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "async def save(self):\n"
        "    try:\n"
        "        await self.state.call(families.update_family, data)\n"
        "    except (errors.ValidationFailed, OSError):\n"
        "        pass\n"
        "    try:\n"
        "        await in_print_thread(save_pdf, data)\n"
        "    except DomainError:\n"
        "        pass\n", encoding="utf-8")
    assert hand_written_service_calls(probe) == ["probe.py:2"]
