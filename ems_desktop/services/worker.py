"""One worker thread for all database work (SQLite has one writer; one thread also keeps every
session on one thread). The GUI awaits results without ever blocking its event loop."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class DatabaseWorker:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ems-db")
        self._thread_ids: set[int] = set()

    async def run(self, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``function(*args, **kwargs)`` on the database thread and await its result
        (exceptions are raised here, in the caller's coroutine)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(self._call, function, *args, **kwargs))

    def _call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        self._thread_ids.add(threading.get_ident())
        return function(*args, **kwargs)

    def run_blocking(self, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """For start-up code that has no loop yet: same thread, waits for the result."""
        future: Future[T] = self._executor.submit(self._call, function, *args, **kwargs)
        return future.result()

    def thread_ids(self) -> set[int]:
        return set(self._thread_ids)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
