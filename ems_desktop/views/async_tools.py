"""Awaiting dialogs from coroutines (qasync) without a nested exec() loop."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QDialog


async def dialog_result(dialog: QDialog) -> int:
    """Open ``dialog`` (window-modal) and wait until it is accepted or rejected."""
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(code: int) -> None:
        if not future.done():
            future.set_result(code)

    dialog.finished.connect(finished)
    # QDialog's open(), window-modal, for every dialog: PySide6's QPrintDialog.open() wants a
    # (receiver, member) pair.
    QDialog.open(dialog)
    try:
        return await future
    finally:
        dialog.finished.disconnect(finished)
