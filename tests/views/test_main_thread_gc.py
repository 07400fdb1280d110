"""Cycles are freed on the GUI thread only: a thread that allocates a lot (the database worker, a
printing thread) never runs the collector, which could free a Qt object there."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject

from ems_desktop.views.main_thread_gc import MainThreadGarbageCollector, collect_if_due


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_cycles_made_on_a_worker_thread_are_freed_on_the_gui_thread(qapp, qasync_loop):
    owner = QObject()
    MainThreadGarbageCollector(owner)
    assert not gc.isenabled()
    gc.collect()
    freed_on = []
    watched = []

    def worker():
        first = Node()
        watched.append(weakref.ref(first, lambda _: freed_on.append(threading.current_thread().name)))
        del first
        for _ in range(gc.get_threshold()[0] * 3):  # well past the threshold: the collector would run
            Node()

    thread = threading.Thread(target=worker, name="ems-db-like")
    thread.start()
    thread.join()
    assert watched[0]() is not None and freed_on == []  # nothing collected on the worker
    assert gc.get_count()[0] > gc.get_threshold()[0]  # a collection is due…
    collect_if_due()  # …and done here, on the GUI thread
    assert watched[0]() is None and freed_on == [threading.current_thread().name]


def test_the_start_ups_objects_are_set_aside_and_a_later_window_s_garbage_still_goes():
    """After set_start_up_aside() a full collection no longer looks at what existed then; what
    became garbage since (a window closed at a lock) is freed at the next setting aside."""
    from ems_desktop.views.main_thread_gc import set_start_up_aside

    kept = Node()
    old_window = Node()
    gone = weakref.ref(old_window)
    try:
        set_start_up_aside()
        assert gc.get_freeze_count() > 0
        del old_window
        gc.collect()
        assert gone() is not None  # set aside: not looked at by a collection…
        set_start_up_aside()  # …until the next log-in's first screen
        assert gone() is None and kept.me is kept
    finally:
        gc.unfreeze()
