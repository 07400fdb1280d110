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
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        else:
            continue
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
    probe.write_text("import os\nfrom PySide6.QtWidgets import QWidget\ndef f():\n    import qasync\n",
                     encoding="utf-8")
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



# --- the tests' own layout: fixtures in conftest files, shared code in plain modules ----------------

ROOT = PACKAGE.parent


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, by its full dotted name (``from a import b`` gives ``a`` and
    ``a.b``: b may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def imports_of_test_modules(path: Path) -> list[str]:
    """The test modules and conftest files ``path`` imports: a fixture shared by several test
    modules belongs in a conftest.py, a shared helper in a module that is neither."""
    found = []
    for line, name in imported_modules(path):
        parts = name.split(".")
        if parts[0] == "tests" and any(p.startswith("test_") or p == "conftest" for p in parts[1:]):
            found.append(f"{path.name}:{line} {name}")
    return sorted(set(found))


def test_no_module_imports_a_test_module_or_a_conftest():
    offenders = []
    for folder in ("tests", "bench", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            offenders += imports_of_test_modules(path)
    assert offenders == []


def test_the_check_itself_sees_imports_of_test_modules(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import os\nfrom tests.helpers import make_family\nfrom tests.sync.test_pull import town\n"
                     "def f():\n    from tests import test_roles\n    import tests.views.test_shell\n"
                     "from tests.conftest import FakeClock\nfrom tests.views.caisse_helpers import open_tab\n",
                     encoding="utf-8")
    assert imports_of_test_modules(probe) == [
        "probe.py:3 tests.sync.test_pull", "probe.py:3 tests.sync.test_pull.town", "probe.py:5 tests.test_roles",
        "probe.py:6 tests.views.test_shell", "probe.py:7 tests.conftest", "probe.py:7 tests.conftest.FakeClock"]


def test_the_shared_builders_import_without_pytest():
    """The benchmarks build their data with the tests' builders: those modules never pull pytest."""
    import subprocess
    import sys

    modules = ["tests.helpers", "tests.sync.town", "tests.concurrency.counters", "tests.network_printer",
               "tests.mail_server", "tests.pg_server", "tests.reports.report_samples"]
    probe = f"import sys\nfor m in {modules!r}:\n    __import__(m)\nprint('pytest' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
