"""Builds the Qt application on a qasync loop and shows the main window."""

from __future__ import annotations

import asyncio
import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget

from ems_desktop.database.engine import default_database_url, demo_database_url
from ems_desktop.services.bootstrap import open_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.demo import ensure_demo


def run_application(*, database_url: str | None, demo: bool) -> int:
    import qasync

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("EMS Desktop")
    url = database_url or (demo_database_url() if demo else default_database_url())
    database = open_database(url)
    context = ServiceContext(database)
    if demo:
        ensure_demo(context)
    window = QMainWindow()
    window.setWindowTitle("EMS Desktop — Guichet de l'École Municipale des Sports")
    tabs = QTabWidget()
    for title in ("Accueil", "Dossiers", "Inscriptions", "Caisse", "Planning", "Facturation"):
        tabs.addTab(QLabel(f"{title} : bientôt disponible."), title)
    window.setCentralWidget(tabs)
    window.resize(1280, 760)
    window.show()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(_until_closed(app))
    database.dispose()
    return 0


async def _until_closed(app: QApplication) -> None:
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    await closed.wait()
