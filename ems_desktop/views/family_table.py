"""The search results as a Qt table model: plain frozen rows, replaced whole on each search.

Every text, sort key and colour is worked out once when the rows arrive, so painting and sorting
only read lists: filling the table stays well within a frame while the agent types."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ems_desktop.money import format_cents
from ems_desktop.services.search import FamilySearchRow

FAMILY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
DUE_COLOR = QColor("#b3261e")
ARCHIVED_COLOR = QColor("#8a8a8a")


class FamilySearchModel(QAbstractTableModel):
    # The columns an agent needs first come first (the results pane is narrow): who, which
    # children, the phone number the family confirms at the counter, what it owes.
    NAME, CHILDREN, PHONE, BALANCE, REFERENCE, PAYER, EMAIL = range(7)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[FamilySearchRow] = []
        self._texts: list[tuple[str, ...]] = []
        self._sort_keys: list[tuple] = []
        self._headers = [self.tr("Famille"), self.tr("Enfants"), self.tr("Téléphone"), self.tr("Restant dû"),
                         self.tr("Référence"), self.tr("Payeur"), self.tr("E-mail")]
        self._archived_suffix = self.tr(" (archivé)")
        self._archived_note = self.tr("Dossier archivé : ouvrez-le puis « Désarchiver le dossier » pour le reprendre.")
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_rows(self, rows: list[FamilySearchRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [(row.name + (self._archived_suffix if row.archived else ""), row.children_label, row.phone,
                        format_cents(row.balance_due_cents), row.reference, row.payer, row.email)
                       for row in self._rows]
        self._sort_keys = [(row.name.lower(), row.children_label.lower(), row.phone, row.balance_due_cents,
                            row.reference, row.payer.lower(), row.email.lower()) for row in self._rows]
        self.endResetModel()

    def row_at(self, row: int) -> FamilySearchRow:
        return self._rows[row]

    def column_texts(self, column: int) -> list[str]:
        """Every text of a column as shown, to size it without asking each cell."""
        return [texts[column] for texts in self._texts]

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
        row_number = index.row()
        if not 0 <= row_number < len(self._rows):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row_number][column]
        row = self._rows[row_number]
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole text of a cell cut short by a narrow column, and why a row is grey.
            text = self._texts[row_number][column]
            if row.archived:
                return f"{text}\n{self._archived_note}" if text else self._archived_note
            return text or None
        if role == SORT_ROLE:
            return self._sort_keys[row_number][column]
        if role == FAMILY_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.BALANCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.BALANCE and row.balance_due_cents > 0:
                return DUE_COLOR  # an archived family that still owes money shows it
            if row.archived:
                return ARCHIVED_COLOR
        if role == Qt.ItemDataRole.FontRole and row.archived:
            return self._italic
        return None
