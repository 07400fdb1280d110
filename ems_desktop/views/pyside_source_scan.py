"""PySide6 asks of every module imported after it whether its source mentions "PySide6" (to know
which modules its ``__feature__`` switches apply to). It answers through ``inspect.getsource``,
which keeps the lines of each file in ``linecache`` for the life of the process: some 1,000 files
and 35 MB at the end of a working session (measured with tracemalloc in the application
benchmark), for a question asked once per module.

``install()`` answers the same question by reading the file's bytes, kept nowhere. Modules without
a ``.py`` file still go to PySide6's own answer. If a PySide6 release renames what is replaced,
nothing is changed and the application works as before.
"""

from __future__ import annotations

import linecache
import sys

_FEATURE_MODULES = ("shibokensupport.feature", "PySide6.support.feature")


def install() -> bool:
    """Replace PySide6's source scan (once); True if it was found and replaced."""
    import PySide6.QtCore  # noqa: F401  (loads the feature module)

    replaced = False
    for name in _FEATURE_MODULES:
        feature = sys.modules.get(name)
        if feature is None:
            continue
        upstream = getattr(feature, "_mod_uses_pyside", None)
        if upstream is None or getattr(upstream, "reads_bytes", False):
            continue
        feature._mod_uses_pyside = _reading_bytes(upstream)  # type: ignore[attr-defined]  # PySide6 private hook
        replaced = True
    if replaced:
        linecache.clearcache()  # what the scan kept until now (the modules imported before PySide6)
    return replaced


def _reading_bytes(upstream):
    def mentions_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return upstream(module)

    mentions_pyside.reads_bytes = True
    return mentions_pyside
