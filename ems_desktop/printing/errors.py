"""The one error of the printing package."""

from __future__ import annotations

from pathlib import Path


class PrintingError(Exception):
    """A printer is missing, refused the job or failed. ``message`` is French, fit to show;
    ``saved_path`` is where the PDF was saved before printing was tried (if it was)."""

    def __init__(self, message: str, *, saved_path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.saved_path = saved_path

    def with_saved_path(self, path: Path) -> PrintingError:
        """The same error, saying where the PDF is kept."""
        return PrintingError(f"{self.message}\nLe document est enregistré en PDF : {path}", saved_path=path)
