"""The search results as a Qt table model: plain frozen rows, replaced whole on each search."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ems_desktop.money import format_cents
from ems_desktop.services.search import FamilySearchRow

FAMILY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class FamilySearchModel(QAbstractTableModel):
    # The columns an agent needs first come first (the results pane is narrow).
    NAME, CHILDREN, BALANCE, REFERENCE, PAYER, PHONE = range(6)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[FamilySearchRow] = []
        self._headers = [self.tr("Famille"), self.tr("Enfants"), self.tr("Restant dû"), self.tr("Référence"),
                         self.tr("Payeur"), self.tr("Téléphone")]

    def set_rows(self, rows: list[FamilySearchRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> FamilySearchRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == self.BALANCE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name + (self.tr(" (archivé)") if row.archived else ""), row.children_label,
                    format_cents(row.balance_due_cents), row.reference, row.payer, row.phone)[column]
        if role == SORT_ROLE:
            return (row.name.lower(), row.children_label.lower(), row.balance_due_cents, row.reference,
                    row.payer.lower(), row.phone)[column]
        if role == FAMILY_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.BALANCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.BALANCE and row.balance_due_cents > 0:
            from PySide6.QtGui import QColor
            return QColor("#b3261e")
        return None
