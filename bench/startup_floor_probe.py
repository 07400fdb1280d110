"""The floor of the start-up benchmark, measured in the same run as the application: a bare
PySide6 process showing a main window with six empty tabs. Nothing of the application is imported.

Prints one line: ``READY <ms since the process was launched> <its own peak memory in MB> <CPU ms
of all its threads>``.
"""

from __future__ import annotations

import os
import sys
import time

from bench.startup_probe import elapsed_ms, peak_memory_mb


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

    app = QApplication(sys.argv)
    window = QMainWindow()
    tabs = QTabWidget()
    for title in ("Accueil", "Dossiers", "Inscriptions", "Caisse", "Planning", "Facturation"):
        tabs.addTab(QWidget(), title)
    window.setCentralWidget(tabs)
    window.show()
    app.processEvents()
    print(f"READY {elapsed_ms():.1f} {peak_memory_mb():.1f} {time.process_time() * 1000:.1f}", flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
