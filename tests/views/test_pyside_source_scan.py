"""PySide6's question to every imported module (does its source mention PySide6?) is answered
without keeping the module's source in memory, with the same answer as PySide6's own."""

from __future__ import annotations

import linecache
import sys

import ems_desktop.views  # noqa: F401  (installs the scan)
from ems_desktop.views import pyside_source_scan


def feature_module():
    return sys.modules["shibokensupport.feature"]


def test_the_scan_is_replaced_once(monkeypatch):
    assert getattr(feature_module()._mod_uses_pyside, "reads_bytes", False)
    assert pyside_source_scan.install() is False  # already done: nothing wrapped twice


def test_modules_imported_afterwards_are_scanned_without_keeping_their_source(tmp_path, monkeypatch):
    (tmp_path / "ems_probe_qt_module.py").write_text("import PySide6.QtCore\nVALUE = 1\n", encoding="utf-8")
    (tmp_path / "ems_probe_plain_module.py").write_text("VALUE = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    # An import statement: PySide6 watches imports through builtins.__import__.
    import ems_probe_plain_module as plain  # type: ignore[import-not-found]  # written into tmp_path above
    import ems_probe_qt_module as qt_module  # type: ignore[import-not-found]  # written into tmp_path above

    try:
        kept = {name for name, entry in linecache.cache.items() if len(entry) > 1}
        assert qt_module.__file__ not in kept and plain.__file__ not in kept
        # PySide6's verdicts, as its own scan would give them: 0 "uses PySide6", -1 "ignore".
        verdicts = feature_module().pyside_feature_dict
        assert verdicts["ems_probe_qt_module"] == 0
        assert verdicts["ems_probe_plain_module"] == -1
    finally:
        for name in ("ems_probe_qt_module", "ems_probe_plain_module"):
            sys.modules.pop(name, None)
            feature_module().pyside_feature_dict.pop(name, None)


def test_a_module_without_a_source_file_gets_pysides_own_answer():
    upstream_calls = []

    def upstream(module):
        upstream_calls.append(module)
        return False

    scan = pyside_source_scan._reading_bytes(upstream)
    assert scan(sys) is False and upstream_calls == [sys]  # a built-in module: no file to read
