"""Started as a fresh process by bench_startup: opens the application on a database, logs in
the demo agent, shows the main window and reports when it is usable, and its peak memory.

Prints one line: ``READY <ms since the process started> <peak RSS in MB>``.
"""

from __future__ import annotations

import os
import sys
import time


def _process_age_ms() -> float:
    """Milliseconds since this process was created (interpreter start-up included)."""
    with open("/proc/self/stat") as stat:
        start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as uptime:
        uptime_s = float(uptime.read().split()[0])
    return (uptime_s - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000.0


def main() -> int:
    url = sys.argv[1]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_API"] = "pyside6"
    import asyncio
    import resource

    import qasync
    from PySide6.QtWidgets import QApplication

    from ems_desktop.local_settings import LocalSettings
    from ems_desktop.services import agents
    from ems_desktop.services.context import ServiceContext
    from ems_desktop.services.worker import DatabaseWorker
    from ems_desktop.views.application import _open, build_state, make_qt_application
    from ems_desktop.views.main_window import MainWindow

    app = make_qt_application()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def start() -> None:
        worker = DatabaseWorker()
        context: ServiceContext = await worker.run(_open, url, False)
        agent = await worker.run(agents.authenticate, context, "demo", "ems-demo")
        counter = (await worker.run(agents.list_counters, context))[0]
        window = MainWindow(build_state(context, worker, agent, counter, LocalSettings()))
        window.show()
        await getattr(window, "ready", asyncio.sleep)(0)  # the first screen's data, when it has some
        QApplication.processEvents()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        print(f"READY {_process_age_ms():.1f} {peak_mb:.1f}", flush=True)
        window.close()
        worker.shutdown()

    with loop:
        loop.run_until_complete(start())
    return 0


if __name__ == "__main__":
    sys.exit(main())
