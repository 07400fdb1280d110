"""The Inscriptions tab: the open family's grid (a child per row, an offer per column, a group
per cell) and the pay-now recap below it."""

from __future__ import annotations

import uuid

import qasync
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import to_local
from ems_desktop.models.enrollment import EnrollmentStatus
from ems_desktop.money import format_cents
from ems_desktop.rules.holds import time_left_label
from ems_desktop.rules.period import PeriodProgress
from ems_desktop.services import enrollment as enrollment_service, grid as grid_service
from ems_desktop.services.errors import GroupFull
from ems_desktop.views.app_state import AppState
from ems_desktop.views.async_tools import dialog_result
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel, SeasonChooser

GROUP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Changes after which the grid and the recap are read again (besides "places" of shown groups);
# "planning": a cancelled or added session changes the sessions left of a trimester.
PLACES_AFFECTING = ("family", "invoice", "group", "offer", "season", "planning")
# A cell's colours by enrollment status: background, then a dark text that stays readable on it.
STATUS_COLOURS = {
    EnrollmentStatus.PENDING: ("#fff4d6", "#5c4300"),
    EnrollmentStatus.CONFIRMED: ("#dff3e4", "#17491f"),
    EnrollmentStatus.WAITING: ("#fde2e1", "#7d1a16"),
}
OVER_COLOURS = ("#e8e8e8", "#444444")       # an offer that is over: no longer offered
UNDER_WAY_COLOUR = "#7a4f00"                # a trimester under way: sessions left, full price
CELL_WIDTH = 250  # the longest group names of the catalogs fit ("7/11 ans VTT ou initiation bowling")
CELL_HEIGHT = 58


def wrap_to_width(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """``text`` broken between words into lines no wider than ``width`` pixels (a longer word
    keeps a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [text]


class GroupCombo(QComboBox):
    """The group chooser of one cell: the groups of an offer for one child, each with its places
    left and price, or why the child cannot join it (shown disabled)."""

    focused = Signal()  # the table scrolls to the cell the keyboard reached

    def __init__(self, cell: grid_service.GridCell, child_name: str, parent=None) -> None:
        super().__init__(parent)
        self.cell = cell
        self.child_name = child_name
        model = QStandardItemModel(self)
        none_item = QStandardItem(self.tr("— Aucun groupe —"))
        none_item.setData(None, GROUP_ID_ROLE)
        model.appendRow(none_item)
        current_id = cell.current.group_id if cell.current else None
        for choice in cell.choices:
            if choice.group_id == current_id:
                # The chosen group shows its name only (its status is written under it), in bold.
                text = choice.label
            elif not choice.allowed:
                text = f"{choice.label} — {choice.reason}"
            else:
                text = f"{choice.label} — {choice.places_label} — {format_cents(choice.price_cents)}"
                if choice.progress.started:
                    text += f" — {choice.progress.notice}"
            item = QStandardItem(text)
            item.setData(choice.group_id, GROUP_ID_ROLE)
            details = [choice.schedule, grid_service.places_detail(choice.places)]
            if choice.progress.started and not choice.progress.over:
                details.append(self.tr("%1 : le tarif reste celui de la période entière.")
                               .replace("%1", choice.progress.notice))
            item.setToolTip(choice.reason or "\n".join(details))
            if choice.group_id == current_id:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            elif not choice.allowed:
                item.setEnabled(False)
            model.appendRow(item)
        self.setModel(model)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.select_group(current_id)
        confirmed = cell.current is not None and cell.current.status == EnrollmentStatus.CONFIRMED
        offered = any(choice.allowed for choice in cell.choices)
        # Invoiced: changed by a credit note only. Nothing to choose (offer over): nothing to open.
        self.setEnabled(not confirmed and (offered or cell.current is not None))
        if confirmed:
            # Locked but not inactive: the group's name stays dark, the status under it says why.
            palette = self.palette()
            for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
                palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#1a1a1a"))
            self.setPalette(palette)

    def select_group(self, group_id) -> None:
        for row in range(self.count()):
            if self.itemData(row, GROUP_ID_ROLE) == group_id:
                self.blockSignals(True)
                self.setCurrentIndex(row)
                self.blockSignals(False)
                return

    def group_index(self, label: str) -> int:
        """Row of the group whose label is ``label`` (tests and keyboard helpers)."""
        for row in range(1, self.count()):
            if self.itemText(row).startswith(label):
                return row
        return -1

    def item_enabled(self, row: int) -> bool:
        model = self.model()
        assert isinstance(model, QStandardItemModel)  # set in __init__
        item = model.item(row)
        assert item is not None, f"no group at row {row}"
        return item.isEnabled()

    # A choice enrolls the child at once. A closed QComboBox chooses on the wheel (the agent
    # scrolling the grid), on the arrow keys and on a typed letter: here the wheel scrolls the grid,
    # and the keys open the list (a letter goes to the list's search), where Enter chooses.
    def showPopup(self) -> None:  # noqa: N802 (Qt's name)
        # The open list is as wide as its longest line (places, price, reason), never cut; the
        # margin holds the list's frame, a scroll bar and the current group's bold. Measured when
        # the list opens: a family's grid has dozens of cells, the agent opens a few.
        metrics = self.view().fontMetrics()
        longest = max(metrics.horizontalAdvance(self.itemText(row)) for row in range(self.count()))
        self.view().setMinimumWidth(max(420, longest + 48))
        super().showPopup()

    def wheelEvent(self, event) -> None:
        event.ignore()

    def keyPressEvent(self, event) -> None:
        text = event.text()
        typed = bool(text) and text.isprintable() and not text.isspace()
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                           Qt.Key.Key_Home, Qt.Key.Key_End) or typed:
            self.showPopup()
            if typed:
                self.view().keyboardSearch(text)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.focused.emit()


class GridCellWidget(QFrame):
    """One cell of the grid: the group chooser and, under it, the enrollment's status in words
    (or the offer's state: sessions left, over); the whole status in its tooltip."""

    def __init__(self, cell: grid_service.GridCell, child_name: str, offer: grid_service.OfferColumn,
                 progress: PeriodProgress, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("grid_cell")
        self.combo = GroupCombo(cell, child_name)
        self.status = QLabel()
        self.status.setObjectName("cell_status")
        current = cell.current
        chosen = next((c for c in cell.choices if current and c.group_id == current.group_id), None)
        background, colour = "", "#555555"
        if current is not None:
            background, colour = STATUS_COLOURS.get(current.status, ("", "#1a1a1a"))
            self.status.setText(self._status_text(current))
        elif progress.over:
            background, colour = OVER_COLOURS
            self.status.setText(progress.notice)
        elif not any(choice.allowed for choice in cell.choices):
            self.status.setText(self.tr("Aucun groupe à son âge") if cell.choices else self.tr("Aucun groupe"))
        elif progress.started:
            colour = UNDER_WAY_COLOUR
            self.status.setText(progress.notice)
        self.status.setStyleSheet(f"color: {colour}; font-weight: 600;")
        if background:
            self.setStyleSheet(f"QFrame#grid_cell {{ background: {background}; }}")

        lines = [self.tr("%1 · %2").replace("%1", child_name).replace("%2", offer.short_label)]
        if current is not None:
            lines.append(self._status_sentence(current))
            if chosen is not None:
                lines.append(chosen.schedule)
            if current.status == EnrollmentStatus.CONFIRMED:
                lines.append(self.tr("Pour la changer, établissez un avoir (onglet Caisse)."))
        elif progress.over:
            lines.append(progress.refusal)
        elif not any(choice.allowed for choice in cell.choices):
            lines.extend(f"{choice.label} : {choice.reason}" for choice in cell.choices)
        else:
            lines.append(self.tr("Aucun groupe choisi : ouvrez la liste (flèche bas) pour en choisir un."))
        if progress.started and not progress.over:
            lines.append(self.tr("%1 : le tarif reste celui de la période entière.").replace("%1", progress.notice))
        tooltip = "\n".join(lines)
        for widget in (self, self.combo, self.status):
            widget.setToolTip(tooltip)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 2, 3, 2)
        layout.setSpacing(0)
        layout.addWidget(self.combo)
        layout.addWidget(self.status)
        if current is None and progress.over:
            self.combo.hide()  # nothing to choose any more: the cell only says why
            self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def _status_text(self, current: grid_service.CurrentEnrollment) -> str:
        """The short status under the group's name."""
        if current.status == EnrollmentStatus.CONFIRMED:
            return self.tr("✓ Confirmée (facturée)")
        if current.status == EnrollmentStatus.WAITING:
            return self.tr("Liste d'attente")
        if current.hold_expires_at is not None:
            return self.tr("À payer · réservée jusqu'à %1").replace("%1", f"{to_local(current.hold_expires_at):%H:%M}")
        return self.tr("À payer")

    def _status_sentence(self, current: grid_service.CurrentEnrollment) -> str:
        if current.status == EnrollmentStatus.CONFIRMED:
            return self.tr("%1 : inscription confirmée (facturée).").replace("%1", current.group_label)
        if current.status == EnrollmentStatus.WAITING:
            return self.tr("%1 : sur liste d'attente (le groupe est complet).").replace("%1", current.group_label)
        sentence = self.tr("%1 : à payer (récapitulatif ci-dessous)").replace("%1", current.group_label)
        if current.hold_expires_at is not None:
            sentence += self.tr(", place réservée jusqu'à %1").replace(
                "%1", f"{to_local(current.hold_expires_at):%H:%M}")
        return sentence + "."


class EnrollmentTab(QWidget):
    checkout_requested = Signal(object, object)  # family UUID, tuple of enrollment UUIDs
    grid_loaded = Signal()
    recap_loaded = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.family_id: uuid.UUID | None = None
        self.grid: grid_service.EnrollmentGrid | None = None
        self.recap: enrollment_service.PayNowRecap | None = None
        self.combos: dict[tuple[uuid.UUID, uuid.UUID], GroupCombo] = {}
        self.cells: dict[tuple[uuid.UUID, uuid.UUID], GridCellWidget] = {}
        self._cell_positions: dict[tuple[int, int], GridCellWidget] = {}  # (row, column) → cell
        self._busy = False
        self._focus_wanted = False  # focus_first() came before the grid: focus it once shown

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1f3a5f;")
        self.season_combo = SeasonChooser()
        self.season_combo.currentIndexChanged.connect(self._on_season_changed)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(QLabel(self.tr("Saison")))
        header.addWidget(self.season_combo)

        self.table = QTableWidget()
        self.table.setObjectName("enrollment_grid")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # The keyboard goes from cell to cell (Tab), not from item to item of an unselectable table.
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setTabKeyNavigation(False)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setDefaultSectionSize(CELL_WIDTH)
        # No eliding: Qt would elide the header's lines as one ("10/0…"); each header has its tooltip.
        columns.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setDefaultSectionSize(CELL_HEIGHT)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.error = ErrorLabel()
        self.error.setObjectName("grid_error")
        self.no_child = QLabel(self.tr("Cette famille n'a pas encore d'enfant : ajoutez-en un dans son dossier "
                                       "(onglet Dossiers)."))
        self.no_child.setObjectName("no_child")
        self.no_child.setStyleSheet("color: #555;")
        self.no_child.hide()
        legend = QLabel(self.tr("Chaque case dit où en est l'inscription : à payer (jaune, place réservée), "
                                "confirmée (vert), liste d'attente (rose). Les groupes hors tranche d'âge sont "
                                "grisés avec la raison. Survolez une case ou un dispositif pour le détail."))
        legend.setStyleSheet("color: #555;")
        legend.setWordWrap(True)

        # The pay-now recap.
        self.recap_box = QGroupBox(self.tr("Inscriptions en paiement immédiat"))
        self.recap_table = QTableWidget(0, 5)
        self.recap_table.setObjectName("recap")
        self.recap_table.setHorizontalHeaderLabels([self.tr("Dispositif"), self.tr("Enfant"), self.tr("Groupe"),
                                                    self.tr("Montant"), ""])
        self.recap_table.verticalHeader().hide()
        self.recap_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.recap_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.recap_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its « Retirer » buttons take the focus
        self.recap_table.setTabKeyNavigation(False)
        rh = self.recap_table.horizontalHeader()
        rh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3, 4):
            rh.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel()
        self.summary.setObjectName("recap_summary")
        self.summary.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.hold_label = QLabel()
        self.hold_label.setObjectName("hold_left")
        self.hold_label.setStyleSheet("color: #7a5b00;")
        self.hold_label.setWordWrap(True)
        self.checkout_button = QPushButton(self.tr("Encaisser"))
        self.checkout_button.setObjectName("checkout")
        self.checkout_button.setStyleSheet("font-weight: 600; padding: 6px 18px;")
        self.checkout_button.clicked.connect(self._on_checkout)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.hold_label)
        bottom.addWidget(self.checkout_button)
        recap_layout = QVBoxLayout(self.recap_box)
        recap_layout.addWidget(self.recap_table)
        recap_layout.addLayout(bottom)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(header)
        content_layout.addWidget(self.table, 2)
        content_layout.addWidget(self.no_child)
        content_layout.addWidget(self.error)
        content_layout.addWidget(legend)
        content_layout.addWidget(self.recap_box, 2)

        self.empty = QLabel(self.tr("Aucun dossier ouvert.\nOuvrez la famille dans l'onglet Dossiers (Ctrl+2) : "
                                    "ses enfants et les activités de la saison s'afficheront ici."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #555; font-size: 11pt;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        self._hold_timer = QTimer(self)
        self._hold_timer.setInterval(30_000)  # the countdown's minutes, not a data refresh
        self._hold_timer.timeout.connect(self._tick)
        self.state.signals.changed.connect(self._on_changes)
        self._show_recap(None)

    # --- focus ------------------------------------------------------------------------------
    def focus_first(self) -> None:
        """Called when the tab becomes current: the first cell where a group can be chosen (first
        child, first offer still offered); the season when there is none. A family still loading
        gets its focus once its grid is shown."""
        if self.family_id is None or self.grid is None or self.grid.family_id != self.family_id:
            # Called as the tab shows, often in the same turn as set_family: not read yet. Meanwhile
            # the tab holds the focus, so that nothing typed goes to the tab the agent left.
            self._focus_wanted = True
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._focus_wanted = False
        # The leftmost offer first (the trimesters come before the outings), then the first child
        # there: the grid never opens scrolled away from its first columns.
        cells = sorted(self._cell_positions.items(), key=lambda item: (item[0][1], item[0][0]))
        target = next((cell.combo for _position, cell in cells if cell.combo.isEnabled()), self.season_combo)
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def hideEvent(self, event) -> None:
        self._focus_wanted = False  # the agent went to another tab: no focus taken from there
        super().hideEvent(event)

    def _chain_tab_order(self) -> None:
        """Tab follows the screen: the season, the grid's cells row by row, the recap's « Retirer »
        buttons, « Encaisser »."""
        removes = [self.recap_table.cellWidget(row, 4) for row in range(self.recap_table.rowCount())]
        chain = [self.season_combo, *self.combos.values(), *(b for b in removes if b is not None),
                 self.checkout_button]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def _scroll_to(self, combo: GroupCombo) -> None:
        for (row, column), cell in self._cell_positions.items():
            if cell.combo is combo:
                self.table.scrollTo(self.table.model().index(row, column))
                return

    # --- loading ----------------------------------------------------------------------------
    @qasync.asyncSlot(object)
    async def set_family(self, family_id) -> None:
        if family_id != self.family_id:
            # What was said about the previous family does not concern this one.
            self.error.clear_message()
        self.family_id = family_id
        await self.season_combo.ensure_loaded(self.state)
        await self.refresh()
        self.stack.setCurrentIndex(1)
        if self._focus_wanted and self.isVisible():
            self.focus_first()

    def select_season(self, label: str) -> None:
        self.season_combo.select(label)

    @qasync.asyncSlot(int)
    async def _on_season_changed(self, _index: int) -> None:
        self.error.clear_message()  # a refusal about another season's offer
        if self.family_id is not None:
            await self.refresh()

    async def refresh(self) -> None:
        family_id, season_id = self.family_id, self.season_combo.currentData()
        if family_id is None or season_id is None:
            return
        grid, recap = await self.state.worker.run(self._load, family_id, season_id)
        if (family_id, season_id) != (self.family_id, self.season_combo.currentData()):
            return  # another family or season was chosen meanwhile: its own refresh shows it
        self._show_grid(grid)
        self._show_recap(recap)

    def _load(self, family_id, season_id):
        return (grid_service.enrollment_grid(self.state.context, family_id, season_id),
                enrollment_service.pay_now_recap(self.state.context, family_id))

    def _show_grid(self, grid: grid_service.EnrollmentGrid) -> None:
        # The cell the keyboard was on gets the focus back once the grid is rebuilt (asked of the
        # window: it knows its focused widget even while a popup or dialog is the active window).
        focused = self.window().focusWidget()
        focused_key = next((key for key, combo in self.combos.items() if combo is focused), None)
        self.grid = grid
        self.title.setText(self.tr("Famille %1").replace("%1", grid.family_name))
        self.table.clear()
        self.combos.clear()
        self.cells.clear()
        self._cell_positions.clear()
        self.table.setRowCount(len(grid.children))
        self.table.setColumnCount(len(grid.offers))
        for column, offer in enumerate(grid.offers):
            self.table.setHorizontalHeaderItem(column, self._offer_header(offer, grid.progress[offer.id]))
        self.table.setVerticalHeaderLabels([f"{c.first_name} ({c.age} ans)" for c in grid.children])
        for row in range(len(grid.children)):
            self.table.verticalHeaderItem(row).setToolTip(
                self.tr("Âge au %1, début de la saison").replace("%1", f"{grid.season.starts_on:%d/%m/%Y}"))
        for row, child in enumerate(grid.children):
            for column, offer in enumerate(grid.offers):
                widget = GridCellWidget(grid.cell(child.id, offer.id), child.first_name, offer, grid.progress[offer.id])
                combo = widget.combo
                combo.setObjectName(f"cell_{row}_{column}")
                combo.activated.connect(lambda index, c=combo: self._on_choice(c, index))
                combo.focused.connect(lambda c=combo: self._scroll_to(c))
                self.combos[(child.id, offer.id)] = combo
                self.cells[(child.id, offer.id)] = widget
                self._cell_positions[(row, column)] = widget
                self.table.setCellWidget(row, column, widget)
        self.no_child.setVisible(not grid.children)
        self._chain_tab_order()
        if focused_key is not None:
            keys = list(self.combos)
            # The same cell, else the next one that can still take a choice (it was just confirmed…).
            following = keys[keys.index(focused_key):] if focused_key in self.combos else keys
            target = next((self.combos[k] for k in following if self.combos[k].isEnabled()), None)
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.grid_loaded.emit()

    def _offer_header(self, offer: grid_service.OfferColumn, progress: PeriodProgress) -> QTableWidgetItem:
        """An offer's column header: its short name (wrapped), and under it what the agent must say
        about its period (sessions left, over); the full name, dates and price rule in its tooltip."""
        # Long names ("V - Parc aquatique Aix les bains 10/08/2017") go on several lines: the header
        # grows to the tallest one (Qt sizes headers by their explicit lines, not by word wrap).
        lines = wrap_to_width(offer.short_label, self.table.horizontalHeader().fontMetrics(), CELL_WIDTH - 16)
        if progress.notice:
            lines.append(progress.notice)
        item = QTableWidgetItem("\n".join(lines))
        tooltip = [offer.label, self.tr("Du %1 au %2").replace("%1", f"{offer.starts_on:%d/%m/%Y}")
                   .replace("%2", f"{offer.ends_on:%d/%m/%Y}")]
        if progress.over:
            tooltip.append(progress.refusal)
            item.setForeground(QColor(OVER_COLOURS[1]))
        elif progress.started:
            tooltip.append(self.tr("%1 : le tarif reste celui de la période entière.").replace("%1", progress.notice))
            item.setForeground(QColor(UNDER_WAY_COLOUR))
        item.setToolTip("\n".join(tooltip))
        return item

    def _show_recap(self, recap: enrollment_service.PayNowRecap | None) -> None:
        self.recap = recap
        lines = recap.lines if recap else ()
        self.recap_table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            values = (line.offer_label, line.child_name, line.group_label, format_cents(line.price_cents))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.recap_table.setItem(row, column, item)
            remove = QPushButton(self.tr("Retirer"))
            remove.setObjectName(f"remove_{row}")
            remove.setToolTip(self.tr("Retirer %1 de %2 : la place est libérée.").replace("%1", line.child_name)
                              .replace("%2", line.group_label))
            remove.clicked.connect(lambda _checked=False, e=line.enrollment_id: self._remove(e))
            self.recap_table.setCellWidget(row, 4, remove)
        self.summary.setText(recap.summary() if recap else "")
        self.checkout_button.setEnabled(bool(lines))
        self._chain_tab_order()
        self._tick()
        if lines:
            self._hold_timer.start()
        else:
            self._hold_timer.stop()
        self.recap_loaded.emit()

    def _tick(self) -> None:
        expiry = self.recap.earliest_expiry if self.recap else None
        if expiry is None:
            self.hold_label.setText(self.tr("Choisissez un groupe dans la grille pour l'ajouter ici."))
            return
        now = self.state.context.now()
        if expiry <= now:
            self.hold_label.setText(self.tr("Réservation expirée : places libérées."))
            self._refresh_soon()
            return
        self.hold_label.setText(self.tr("Places réservées jusqu'à %1 (encore %2)")
                                .replace("%1", f"{to_local(expiry):%H:%M}").replace("%2", time_left_label(expiry, now)))

    @qasync.asyncSlot()
    async def _refresh_soon(self) -> None:
        await self.refresh()

    # --- actions ----------------------------------------------------------------------------
    @qasync.asyncSlot()
    async def _on_choice(self, combo: GroupCombo, index: int) -> None:
        group_id = combo.itemData(index, GROUP_ID_ROLE)
        cell = combo.cell
        if cell.current and cell.current.group_id == group_id:
            return
        self.error.clear_message()

        def refused(text: str) -> None:
            self._refuse(combo, text)

        try:
            await (ServiceOp(self.state, enrollment_service.choose_group, cell.child_id, cell.offer_id, group_id)
                   .errors_to(refused).letting_through(GroupFull).run())
        except GroupFull as full:  # the agent is asked: the waiting list, or not at all
            if await self._confirm_waiting_list(full.message):
                await (ServiceOp(self.state, enrollment_service.choose_group, cell.child_id, cell.offer_id,
                                 group_id, waiting_list=True)
                       .errors_to(refused).run())
            else:
                combo.select_group(cell.current.group_id if cell.current else None)
        # A change refreshes every open grid through its announcement (see _on_changes).

    def _refuse(self, combo: GroupCombo, text: str) -> None:
        combo.select_group(combo.cell.current.group_id if combo.cell.current else None)
        self.error.show_message(text)

    async def _confirm_waiting_list(self, question: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Groupe complet"), question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Inscrire sur liste d'attente"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Ne pas inscrire"))
        self.waiting_list_box = box
        return await dialog_result(box) == QMessageBox.StandardButton.Yes

    @qasync.asyncSlot()
    async def _remove(self, enrollment_id: uuid.UUID) -> None:
        await (ServiceOp(self.state, enrollment_service.cancel_enrollment, enrollment_id, "Retirée du récapitulatif")
               .errors_to(self.error).run())

    def _on_checkout(self) -> None:
        if self.recap and self.recap.lines:
            self.checkout_requested.emit(self.family_id, tuple(line.enrollment_id for line in self.recap.lines))

    def _on_changes(self, changes) -> None:
        if any(c.entity == "season" for c in changes):
            self.season_combo.forget()
            if self.family_id is not None:
                self.set_family(self.family_id)
            return
        if self.family_id is None or self.grid is None:
            return
        shown_groups = {choice.group_id for cell in self.grid.cells.values() for choice in cell.choices}
        for change in changes:
            if change.entity == "places" and change.ids & shown_groups or change.entity in PLACES_AFFECTING:
                self._refresh_soon()
                return
