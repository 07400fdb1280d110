"""Started as a fresh process by bench_startup: opens the application on a database the way
``ems-desktop`` does (views/application.py: the database opened on its worker while Qt and the
screens load), logs the demo agent in, shows the main window and waits until the first tab's data
are painted (``MainWindow.ready``).

Prints one line: ``READY <ms since the process was launched> <its own peak memory in MB> <CPU ms
of all its threads>``.
"""

from __future__ import annotations

import os
import sys
import time

# Set by bench_startup just before it launches the process (time.time_ns()): the start-up then
# includes the interpreter's own, at a finer grain than /proc's clock ticks.
LAUNCHED_VARIABLE = "EMS_PROBE_LAUNCHED_NS"


def elapsed_ms() -> float:
    """Milliseconds since this process was launched."""
    launched = os.environ.get(LAUNCHED_VARIABLE)
    if launched:
        return (time.time_ns() - int(launched)) / 1e6
    with open("/proc/self/stat") as stat:  # run by hand: since the process was created
        start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as uptime:
        uptime_s = float(uptime.read().split()[0])
    return (uptime_s - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000.0


def peak_memory_mb() -> float:
    """This process's own peak resident memory (VmHWM). ``ru_maxrss`` would not do: Linux carries
    it over from the parent through fork and exec. The same as harness.peak_memory_mb, kept here:
    importing the harness (statistics, about 16 ms) would count in the start-up this probe times."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> int:
    url = sys.argv[1]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_API"] = "pyside6"
    # As run_application: the database is being opened before Qt and the screens are imported.
    from ems_desktop.logging_setup import setup_logging
    from ems_desktop.views.application import begin_start, load_interface

    setup_logging()
    start = begin_start(url)
    worker, opening, local = start.worker, start.opening, start.local
    # All three are set unless this counter's settings file could not be read (then nothing started).
    assert worker is not None and opening is not None and local is not None, start.unreadable
    load_interface()
    import asyncio

    from ems_desktop.services import agents
    from ems_desktop.views.application import build_state, counter_event_loop
    from ems_desktop.views.main_window import MainWindow

    loop = counter_event_loop()

    async def start_up() -> None:
        context = await asyncio.wrap_future(opening)
        # The log-in dialog's work, without the dialog.
        agent = await worker.run(agents.authenticate, context, "demo", "ems-demo")
        counter = (await worker.run(agents.list_counters, context))[0]
        window = MainWindow(build_state(context, worker, agent, counter, local))
        window.show()
        await window.ready()  # painted (no processEvents() here: re-entered, it loses qasync's callbacks)
        print(f"READY {elapsed_ms():.1f} {peak_memory_mb():.1f} {time.process_time() * 1000:.1f}", flush=True)
        window.close()
        # The other tabs' first reads may still be on their way: stopped before the loop closes.
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        if others:
            await asyncio.wait(others, timeout=5)
        worker.shutdown()

    with loop:
        loop.run_until_complete(start_up())
    return 0


if __name__ == "__main__":
    sys.exit(main())
