"""The search results as a Qt table model: plain frozen rows, replaced whole on each search.

Every text and sort key is worked out once when the rows arrive, and the model sorts itself (a
header click) on those keys: painting and sorting only read lists, with no proxy model between
the view and the rows, so filling the table stays well within a frame while the agent types."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ems_desktop.money import format_cents
from ems_desktop.services.search import FamilySearchRow

FAMILY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DUE_COLOR = QColor("#b3261e")
ARCHIVED_COLOR = QColor("#8a8a8a")
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# A paint asks each visible cell for about ten roles; those the model answers are these.
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, _FOREGROUND, _FONT, FAMILY_ID_ROLE})


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
        self._sort_column: int | None = None  # None: in the order the search gave them
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: list[FamilySearchRow]) -> None:
        self.beginResetModel()
        self._set(list(rows))
        self.endResetModel()

    def _set(self, rows: list[FamilySearchRow]) -> None:
        amounts = {cents: format_cents(cents) for cents in {row.balance_due_cents for row in rows}}  # most are 0,00 €
        texts, keys = [], []
        for row in rows:
            children = row.children_label
            texts.append((row.name + (self._archived_suffix if row.archived else ""), children, row.phone,
                          amounts[row.balance_due_cents], row.reference, row.payer, row.email))
            keys.append((row.name.lower(), children.lower(), row.phone, row.balance_due_cents, row.reference,
                         row.payer.lower(), row.email.lower()))
        order = list(range(len(rows)))
        if self._sort_column is not None:
            column = self._sort_column
            # Stable: equal keys keep the search's order (by name, then reference).
            order.sort(key=lambda i: keys[i][column], reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._rows = [rows[i] for i in order]
        self._texts = [texts[i] for i in order]
        self._sort_keys = [keys[i] for i in order]

    def keep_search_order(self) -> None:
        """Rows in the search's order (by name, a reference or a number typed whole first) until
        a header is clicked."""
        self._sort_column = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the rows by that column's key (names without case, amounts as numbers)."""
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self._set(self._rows)
        self.layoutChanged.emit()

    def row_at(self, row: int) -> FamilySearchRow:
        return self._rows[row]

    def column_texts(self, column: int) -> list[str]:
        """Every text of a column as shown, to size it without asking each cell."""
        return [texts[column] for texts in self._texts]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt's name)
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == self.BALANCE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index, role=_DISPLAY):
        # Asked some thousand times a paint: the common questions first, answered from lists.
        if role not in _ANSWERED:
            return None
        row_number = index.row()
        if not 0 <= row_number < len(self._rows):
            return None
        column = index.column()
        if role == _DISPLAY:
            return self._texts[row_number][column]
        row = self._rows[row_number]
        if role == _ALIGNMENT:
            return _RIGHT if column == self.BALANCE else None
        if role == _FOREGROUND:
            if column == self.BALANCE and row.balance_due_cents > 0:
                return DUE_COLOR  # an archived family that still owes money shows it
            return ARCHIVED_COLOR if row.archived else None
        if role == _FONT:
            return self._italic if row.archived else None
        if role == _TOOLTIP:
            # The whole text of a cell cut short by a narrow column, and why a row is grey.
            text = self._texts[row_number][column]
            if row.archived:
                return f"{text}\n{self._archived_note}" if text else self._archived_note
            return text or None
        return row.id  # FAMILY_ID_ROLE
