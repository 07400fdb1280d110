"""RowsTableModel: the part every read-only list model of the screens shares (the journal's
entries, the overdue invoices) — its plain rows, its column headers, the columns aligned right.
What a cell shows stays in each model's ``data``."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

Row = TypeVar("Row")


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    """A list of plain (frozen) rows, one a line. The subclass sets ``_headers`` (translated, in
    its own context) and ``RIGHT_COLUMNS`` (amounts, counts), and answers ``data``."""

    RIGHT_COLUMNS: tuple[int, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._headers: list[str] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def row_of(self, index: QModelIndex | QPersistentModelIndex) -> Row | None:
        """The row an index of this model is on; None for an invalid index or a row no longer there."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in self.RIGHT_COLUMNS:
                return int(RIGHT)
        return None
