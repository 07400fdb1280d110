"""The core never imports the GUI: only views/ and the entry point may import PySide6."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ems_desktop"
ALLOWED = {PACKAGE / "__main__.py"}


def qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [f"{path.name}:{node.lineno} {n}" for n in names
                  if n.split(".")[0] in ("PySide6", "shiboken6", "qasync", "PyQt5", "PyQt6")]
    return found


def test_nothing_outside_views_imports_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if PACKAGE / "views" in path.parents or path in ALLOWED:
            continue
        offenders += qt_imports(path)
    assert offenders == []


def test_the_check_itself_sees_qt_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import os\nfrom PySide6.QtWidgets import QWidget\ndef f():\n    import qasync\n", encoding="utf-8")
    assert qt_imports(probe) == ["probe.py:2 PySide6.QtWidgets", "probe.py:4 qasync"]


def test_views_never_open_a_database_session():
    """Screens call services (which own the transaction); they never open a session themselves."""
    offenders = []
    for path in (PACKAGE / "views").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in (".reading(", ".db.session(", "sessionmaker", "from sqlalchemy import", "from sqlalchemy.orm"):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    assert offenders == []
