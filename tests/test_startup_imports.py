"""The start-up imports only what the first screen needs: the PDF renderer, the receipt printer's
driver, the password-strength estimator, the holiday data, the sync service and the test or
development libraries are imported when first used, never while the counter starts.

Checked in a fresh process that starts as ``ems-desktop`` does (views/application.py), logs in
through the log-in dialog and waits for the main window's first screen (``MainWindow.ready``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ems_desktop.database.engine import sqlite_url
from tests.helpers import first_run_database

ROOT = Path(__file__).resolve().parent.parent
NOT_AT_START_UP = ("reportlab", "escpos", "faker", "zxcvbn", "pdfplumber", "fastapi", "uvicorn", "httpx", "holidays",
                   "vacances_scolaires_france")

COUNTER_STARTS = textwrap.dedent("""
    import asyncio, os, sys
    os.environ["QT_API"] = "pyside6"
    import ems_desktop.__main__  # noqa: F401  (the entry point's own imports)
    from ems_desktop.logging_setup import setup_logging
    from ems_desktop.views.application import begin_start, load_interface

    url, watched = sys.argv[1], sys.argv[2].split(",")
    log_path = setup_logging()
    start = begin_start(url)  # then as run_application: Qt and the screens, while the worker opens the base
    load_interface()
    from PySide6.QtWidgets import QApplication
    from ems_desktop.views.application import counter_event_loop, run_counter
    from ems_desktop.views.errors import ErrorReporter
    from ems_desktop.views.login import LoginDialog
    from ems_desktop.views.main_window import MainWindow

    loop = counter_event_loop()

    async def shown(kind):
        for _ in range(3000):
            found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
            if found:
                return found[0]
            await asyncio.sleep(0.01)
        raise TimeoutError(kind.__name__)

    async def main():
        counter = asyncio.ensure_future(run_counter(url, False, ErrorReporter(log_path), start))
        login = await shown(LoginDialog)
        login.login_edit.setText("c.martin")
        login.password_edit.setText("Velo-rouge-73")
        login.ok_button.click()
        window = await shown(MainWindow)
        await asyncio.wait_for(window.ready(), 60)
        print("IMPORTED", ",".join(sorted(name for name in watched if name in sys.modules)), flush=True)
        window.close()
        await asyncio.wait_for(counter, 60)

    with loop:
        loop.run_until_complete(main())
""")


def test_the_counter_starts_without_the_packages_it_uses_later(migrated_template, tmp_path):
    path = tmp_path / "ems.sqlite3"
    first_run_database(migrated_template, path)[0].db.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EMS_CONFIG_DIR": str(tmp_path),
           "EMS_DATA_DIR": str(tmp_path), "EMS_LOG_DIR": str(tmp_path)}
    env.pop("EMS_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", COUNTER_STARTS, sqlite_url(path), ",".join(NOT_AT_START_UP)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(printed for printed in done.stdout.splitlines() if printed.startswith("IMPORTED"))
    imported = [name for name in line.removeprefix("IMPORTED").strip().split(",") if name]
    assert imported == [], f"imported while the counter starts: {', '.join(imported)}"
