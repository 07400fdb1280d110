"""Building blocks shared by the dossier form (views/family_form.py) and its sections
(views/family_household.py, family_guardians.py, family_children.py, family_health.py): a field
whose error line keeps its room, a caption above a field, the four-column grid the sections line
up on, the watch that checks a field when the agent leaves it, and the sections made of blocks
one under another (BlockSection, and the list of blocks they and the pickup list keep)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import parse_date
from ems_desktop.views.widgets import ErrorLabel, FieldWithError

SECTION_STYLE = "color: #1f3a5f;"
CAPTION_STYLE = "color: #333;"
DATE_PLACEHOLDER = "jj/mm/aaaa"
REQUIRED_MARK = " *"  # after the caption of a field the service refuses empty (see families.validate)
SECTION_SPACING = 8  # between a section's title, its blocks and its "Ajouter…" button


class SteadyErrorLabel(ErrorLabel):
    """An ErrorLabel that keeps its room: one line even while empty, and, once a longer message
    was shown, that height until the dossier is reloaded. A message appearing or being corrected
    never moves the fields under the agent's mouse."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.reset_room()

    def show_message(self, message: str) -> None:
        if not message and self.isVisible():
            self.setMinimumHeight(max(self.minimumHeight(), self.height()))
        super().show_message(message)

    def reset_room(self) -> None:
        """Back to one line (another dossier: nothing on screen to keep in place)."""
        self.setMinimumHeight(self.fontMetrics().lineSpacing())


class SteadyField(FieldWithError):
    """A FieldWithError whose error line is a SteadyErrorLabel."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        plain = self.error
        self.error = SteadyErrorLabel(self)
        column = self.layout()
        assert column is not None  # FieldWithError lays its field and error out in a column
        column.replaceWidget(plain, self.error)
        plain.deleteLater()


def line(placeholder: str = "", name: str = "") -> QLineEdit:
    edit = QLineEdit()
    if placeholder:
        edit.setPlaceholderText(placeholder)
    if name:
        edit.setObjectName(name)
    return edit


def text_box(lines: int = 2) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines + 14
    box.setFixedHeight(height)
    return box


def cell(caption: str, field: QWidget, required: bool = False, buddy: QWidget | None = None) -> QWidget:
    """A caption above a field (reads well in a narrow column, the error goes under the field);
    a required field's caption ends with " *". ``buddy``: the input the caption's shortcut reaches,
    when it is not the field itself (the first of two dates, the line of a date field)."""
    cell = QWidget()
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    label = QLabel(caption + (REQUIRED_MARK if required else ""))
    label.setObjectName("caption")
    label.setStyleSheet(CAPTION_STYLE)
    if buddy is None:
        buddy = field.field if isinstance(field, FieldWithError) else field
    label.setBuddy(buddy)
    layout.addWidget(label)
    layout.addWidget(field)
    layout.addStretch(1)
    return cell


def grid(columns: int = 4) -> QGridLayout:
    """The sections' grid: equal columns (two grid columns of four line up with one of two)."""
    layout = QGridLayout()
    layout.setHorizontalSpacing(10)
    layout.setVerticalSpacing(2)  # each field already keeps a line under it for its error
    for column in range(columns):
        layout.setColumnStretch(column, 1)
    return layout


def section_title(text: str) -> QLabel:
    """« Famille », « Responsables », « Enfants »: larger, bold, in the form's blue."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setStyleSheet(SECTION_STYLE)
    label.setContentsMargins(0, 6, 0, 0)
    return label


def left(widget: QWidget) -> QHBoxLayout:
    """A button on the left of its row."""
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


def text(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


def set_text(widget: QLineEdit | QPlainTextEdit, value: str) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value or "")
    else:
        widget.setText(value or "")


def read_date(typed: str) -> tuple[dt.date | None, str | None]:
    """A date as typed (jj/mm/aaaa): the date, or why it cannot be read; (None, None) when empty."""
    if not typed.strip():
        return None, None
    try:
        return parse_date(typed), None
    except ValueError:
        return None, QCoreApplication.translate("FamilyForm", "« %1 » n'est pas une date valide (jj/mm/aaaa).") \
            .replace("%1", typed.strip())


def relayout(widget: QWidget, *filled: QWidget) -> None:
    """Blocks were added to or removed from ``widget``: its new size reaches the layouts of the
    sections and blocks around it at once (else each nested widget waits for the next turn of the
    event loop). ``filled``: the blocks of a dossier just opened, shown at once rather than at the
    next turn, so that the form opens laid out, never with its blocks squashed for a moment."""
    if widget.isVisible():
        for block in filled:
            if not block.isVisible():
                block.show()  # Qt lays out the visible ancestors of a widget it shows
    while not widget.isWindow():
        parent = widget.parentWidget()
        if parent is None or parent.layout() is None:
            break
        widget.updateGeometry()
        widget = parent


def watch(field: FieldWithError, check: Callable[[str], str | None] | None,
          changed: Callable[[FieldWithError], None], edit: QLineEdit | None = None) -> None:
    """The field's message goes as soon as its value changes (``changed``); ``check`` runs again
    when the agent leaves the field and its message, if any, shows under it."""
    if edit is None:
        assert isinstance(field.field, QLineEdit)  # the fields watched are one-line fields
        edit = field.field
    edit.textChanged.connect(lambda _text: changed(field))
    if check is not None:
        edit.editingFinished.connect(lambda: field.error.show_message(check(edit.text()) or ""))


def drop_block(blocks: list, layout: QVBoxLayout, block: QWidget) -> None:
    """``block`` out of its list and its layout, hidden at once (its deletion waits for the event loop)."""
    blocks.remove(block)
    layout.removeWidget(block)
    block.hide()
    block.deleteLater()


def blocks_tab_chain(blocks: list, last: QWidget) -> list[QWidget]:
    """The Tab order through the blocks, each block's own, then ``last`` (the « Ajouter… » button)."""
    chain: list[QWidget] = []
    for block in blocks:
        chain += block.tab_chain()
    return chain + [last]


class BlockSection(QWidget):
    """« Responsables », « Enfants »: the section's title, its own message, its blocks one under
    another and the button that adds one. A block has an ``edited`` signal, a ``remove_button``,
    ``set_number``, ``snapshot`` and ``tab_chain``; the subclass makes the blocks (``_add_block``,
    which calls ``_attach``) and says what removing one means (``_on_remove``)."""

    edited = Signal()                # a value changed, a block or a row was added or removed
    rows_changed = Signal()          # a block or a row was added or removed (the tab order follows)
    show_requested = Signal(object)  # a widget to scroll into view (the block just added)

    blocks: list[Any]  # never rebound: the form keeps it (child_blocks, guardian_blocks)

    def __init__(self, title: str, error_name: str, add_text: str, add_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blocks = []
        self.blocks_layout = QVBoxLayout()
        self.blocks_layout.setSpacing(8)
        self.error = ErrorLabel()
        self.error.setObjectName(error_name)
        self.add_button = QPushButton(add_text)
        self.add_button.setObjectName(add_name)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SECTION_SPACING)
        column.addWidget(section_title(title))
        column.addWidget(self.error)
        column.addLayout(self.blocks_layout)
        column.addLayout(left(self.add_button))

    def snapshot(self) -> tuple:
        return tuple(block.snapshot() for block in self.blocks)

    def tab_chain(self) -> list[QWidget]:
        return blocks_tab_chain(self.blocks, self.add_button)

    def _attach(self, block: Any) -> None:
        """A new block, last: in the list and the layout, its edits and its « Retirer » wired."""
        self.blocks.append(block)
        self.blocks_layout.addWidget(block)
        block.edited.connect(self.edited)
        block.remove_button.clicked.connect(lambda: self._on_remove(block))

    def _on_remove(self, block: Any) -> None:
        raise NotImplementedError

    def _drop(self, block: Any) -> None:
        drop_block(self.blocks, self.blocks_layout, block)
        relayout(self)

    def _renumber(self) -> None:
        for number, block in enumerate(self.blocks, 1):
            block.set_number(number)
        self.rows_changed.emit()
