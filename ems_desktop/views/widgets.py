"""Small widgets shared by the screens: a field with its error message right under it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QLineEdit, QTableWidget, QVBoxLayout, QWidget

ERROR_STYLE = "color: #b3261e;"


class ErrorLabel(QLabel):
    """A red message under a field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))
        if message:
            QTimer.singleShot(0, self._fit_window)

    def clear_message(self) -> None:
        self.show_message("")

    def _fit_window(self) -> None:
        fit_dialog(self.window())


def fit_to_screen(window, width: int, height: int) -> None:
    """``width`` × ``height`` when the screen has room, else the screen's available space (a
    counter's 1366×768) less a margin for the window's frame."""
    from PySide6.QtGui import QGuiApplication

    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width, height = min(width, available.width() - 40), min(height, available.height() - 60)
    window.resize(width, height)


def fit_dialog(window) -> None:
    """A small dialog grows to show every line of a message that just changed (a wrapped second
    line was cut off, or overlapped the next field); a main window is never resized."""
    from PySide6.QtWidgets import QDialog

    if not isinstance(window, QDialog):
        return
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = max(window.width(), layout.minimumSize().width())
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
    needed = max(needed, layout.totalMinimumSize().height())
    if needed > window.height() or width > window.width():
        window.resize(width, max(needed, window.height()))


class AmountEdit(QLineEdit):
    """An amount typed in euros ("180", "180,50"), right-aligned. Coming into the field (Tab or a
    click) selects what it holds, so the agent's first key replaces a proposed amount instead of
    adding to it ("120,00" then typing 180 gives 180, never "120,00180")."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText("0,00")
        self.editingFinished.connect(self._tidy)

    def _tidy(self) -> None:
        """« 124 » becomes « 124,00 » once typed, like the amounts beside it; an unreadable text is
        left as typed (its message says why)."""
        from ems_desktop.money import AmountError, format_cents, parse_amount

        try:
            cents = parse_amount(self.text())
        except AmountError:
            return
        tidy = format_cents(cents, with_symbol=False)
        if cents >= 0 and tidy != self.text():
            self.setText(tidy)

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().focusInEvent(event)
        # After the click that brought the focus has placed the cursor: select then.
        QTimer.singleShot(0, self.selectAll)


class FieldWithError(QWidget):
    """Puts an ErrorLabel under any input widget."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.error)


def show_errors(invalid, fields: dict, fallback: ErrorLabel) -> None:
    """A service's ValidationFailed shown where each value was typed: ``fields`` maps an error key
    to the ErrorLabel under its field; keys without a field go to ``fallback``."""
    for key, message in invalid.errors.items():
        fields.get(key, fallback).show_message(message)


def disable_choice(combo: QComboBox, index: int) -> None:
    """Grey out one choice of a combo box (its model is Qt's standard one)."""
    model = combo.model()
    assert isinstance(model, QStandardItemModel), "a QComboBox's own model"
    item = model.item(index)
    if item is not None:
        item.setEnabled(False)


def action_buttons(dialog, ok_text: str, on_ok, cancel_text: str):
    """A dialog's two buttons: ``ok_text`` runs ``on_ok`` (which accepts the dialog once its work
    is done), ``cancel_text`` rejects it. Returns the button box and the OK button."""
    from PySide6.QtWidgets import QDialogButtonBox

    buttons = QDialogButtonBox()
    ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok_button


def close_buttons(dialog, close_text: str):
    """A dialog's one « Fermer » button (in the place of the platform's Close), which rejects it."""
    from PySide6.QtWidgets import QDialogButtonBox

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText(close_text)
    buttons.rejected.connect(dialog.reject)
    return buttons


def rows_table(headers: list[str], name: str) -> QTableWidget:
    """A table of rows to read and pick from (its lines filled by the screen): the column
    headers, no row numbers, nothing editable, a click selecting the whole line. The screen adds
    its selection mode, column widths and the rest."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return table


EMPTY_STATE_STYLE = "color: #555; font-size: 11pt;"


def empty_state(text: str = "") -> QLabel:
    """What a screen shows in the place of its list while there is nothing to list (or nothing
    read yet): centred, wrapped, larger and grey, named "empty_state" for the tests."""
    label = QLabel(text)
    label.setObjectName("empty_state")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet(EMPTY_STATE_STYLE)
    return label


class SeasonChooser(QComboBox):
    """The seasons to choose from, read once (and again after a catalog import), the season the
    counter works on today chosen first. Shared by the Inscriptions and Planning tabs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("season")
        self.seasons: list = []

    async def ensure_loaded(self, state) -> None:
        if self.seasons:
            return
        from ems_desktop.services import grid

        self.seasons = await state.worker.run(grid.list_seasons, state.context)
        self.blockSignals(True)
        self.clear()
        for season in self.seasons:
            self.addItem(season.label, season.id)
        current = grid.current_season(self.seasons, state.context.today())
        if current is not None:
            self.setCurrentIndex(self.seasons.index(current))
        self.blockSignals(False)

    def forget(self) -> None:
        """A season was imported: the list is read again at the next ``ensure_loaded``."""
        self.seasons = []
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)

    def select(self, label: str) -> None:
        index = self.findText(label)
        if index >= 0:
            self.setCurrentIndex(index)


# The régie's work (debit runs, reminders): its screens are greyed out for the others, saying why
# (the services refuse them anyway).
REGIE_ONLY = "Réservé au régisseur et à l'administrateur"


def is_regie(agent) -> bool:
    from ems_desktop.services import permissions

    return agent is not None and (agent.has(permissions.REGISSEUR) or agent.has(permissions.ADMINISTRATEUR))


def regie_action(window, menu, text: str, name: str, open_screen):
    """A menu entry of the régie's: ``open_screen(window, state)`` when triggered; greyed out, with
    its reason, for an agent without the régisseur's or the administrator's role."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication

    action = QAction(QApplication.translate("MainWindow", text), window)
    action.setObjectName(name)
    allowed = is_regie(window.state.agent)
    action.setEnabled(allowed)
    if not allowed:
        action.setToolTip(QApplication.translate("MainWindow", REGIE_ONLY))
    action.triggered.connect(lambda: open_screen(window, window.state))
    menu.addAction(action)
    return action
