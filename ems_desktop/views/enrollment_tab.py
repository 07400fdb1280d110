"""The Inscriptions tab: the open family's grid (a child per row, an offer per column, a group
per cell) and the pay-now recap below it."""

from __future__ import annotations

import uuid

import qasync
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from ems_desktop.services import enrollment as enrollment_service
from ems_desktop.services import grid as grid_service
from ems_desktop.services.errors import DomainError, GroupFull
from ems_desktop.views.app_state import AppState
from ems_desktop.views.async_tools import dialog_result
from ems_desktop.views.widgets import ErrorLabel, SeasonChooser

GROUP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Changes after which the grid and the recap are read again (besides "places" of shown groups).
PLACES_AFFECTING = ("family", "invoice", "group", "offer", "season")
STATUS_LABELS = {
    EnrollmentStatus.PENDING: "à payer",
    EnrollmentStatus.CONFIRMED: "confirmée",
    EnrollmentStatus.WAITING: "liste d'attente",
}


class GroupCombo(QComboBox):
    """One cell of the grid: the groups of an offer for one child."""

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
            if not choice.allowed:
                text = f"{choice.label} — {choice.reason}"
            else:
                text = f"{choice.label} — {choice.places.label} — {format_cents(choice.price_cents)}"
            if choice.group_id == current_id:
                text = f"{choice.label} ({STATUS_LABELS.get(cell.current.status, cell.current.status)})"
            item = QStandardItem(text)
            item.setData(choice.group_id, GROUP_ID_ROLE)
            item.setToolTip(choice.reason or f"{choice.schedule}\n{choice.places.label}")
            if not choice.allowed and choice.group_id != current_id:
                item.setEnabled(False)
            model.appendRow(item)
        self.setModel(model)
        self.view().setMinimumWidth(520)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.select_group(current_id)
        if cell.current and cell.current.status == EnrollmentStatus.CONFIRMED:
            self.setEnabled(False)
            self.setToolTip(self.tr("Inscription facturée : pour la changer, établissez un avoir (onglet Caisse)."))
        elif cell.current:
            self.setToolTip(self.tr("%1 : %2").replace("%1", cell.current.group_label)
                            .replace("%2", STATUS_LABELS.get(cell.current.status, "")))
        status = cell.current.status if cell.current else ""
        colours = {EnrollmentStatus.PENDING: "#fff4d6", EnrollmentStatus.CONFIRMED: "#dff3e4",
                   EnrollmentStatus.WAITING: "#fde2e1"}
        if status in colours:
            # Colour the cell only: the open list keeps plain, readable colours.
            self.setStyleSheet(f"QComboBox {{ background: {colours[status]}; }} "
                               "QComboBox QAbstractItemView { background: white; color: black; }")

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
        return self.model().item(row).isEnabled()


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
        self._busy = False

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
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(230)
        self.table.verticalHeader().setDefaultSectionSize(38)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.error = ErrorLabel()
        self.error.setObjectName("grid_error")
        legend = QLabel(self.tr("Jaune : en attente de paiement (place réservée) · Vert : confirmée · "
                                "Rose : liste d'attente. Les groupes hors tranche d'âge sont grisés avec la raison."))
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

    # --- loading ----------------------------------------------------------------------------
    @qasync.asyncSlot(object)
    async def set_family(self, family_id) -> None:
        self.family_id = family_id
        await self.season_combo.ensure_loaded(self.state)
        await self.refresh()
        self.stack.setCurrentIndex(1)

    def select_season(self, label: str) -> None:
        self.season_combo.select(label)

    @qasync.asyncSlot(int)
    async def _on_season_changed(self, _index: int) -> None:
        if self.family_id is not None:
            await self.refresh()

    async def refresh(self) -> None:
        if self.family_id is None or self.season_combo.currentData() is None:
            return
        grid, recap = await self.state.worker.run(self._load, self.family_id, self.season_combo.currentData())
        self._show_grid(grid)
        self._show_recap(recap)

    def _load(self, family_id, season_id):
        return (grid_service.enrollment_grid(self.state.context, family_id, season_id),
                enrollment_service.pay_now_recap(self.state.context, family_id))

    def _show_grid(self, grid: grid_service.EnrollmentGrid) -> None:
        self.grid = grid
        self.title.setText(self.tr("Famille %1").replace("%1", grid.family_name))
        self.table.clear()
        self.combos.clear()
        self.table.setRowCount(len(grid.children))
        self.table.setColumnCount(len(grid.offers))
        self.table.setHorizontalHeaderLabels([o.short_label for o in grid.offers])
        for column, offer in enumerate(grid.offers):
            item = self.table.horizontalHeaderItem(column)
            item.setToolTip(f"{offer.label}\n{offer.starts_on:%d/%m/%Y} – {offer.ends_on:%d/%m/%Y}")
        self.table.setVerticalHeaderLabels([f"{c.first_name} ({c.age} ans)" for c in grid.children])
        for row in range(len(grid.children)):
            self.table.verticalHeaderItem(row).setToolTip(
                self.tr("Âge au %1, début de la saison").replace("%1", f"{grid.season.starts_on:%d/%m/%Y}"))
        for row, child in enumerate(grid.children):
            for column, offer in enumerate(grid.offers):
                combo = GroupCombo(grid.cell(child.id, offer.id), child.first_name)
                combo.setObjectName(f"cell_{row}_{column}")
                combo.activated.connect(lambda index, c=combo: self._on_choice(c, index))
                self.combos[(child.id, offer.id)] = combo
                self.table.setCellWidget(row, column, combo)
        if not grid.children:
            self.error.show_message(self.tr("Cette famille n'a pas encore d'enfant : ajoutez-en un dans son dossier."))
        self.grid_loaded.emit()

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
            remove.clicked.connect(lambda _checked=False, e=line.enrollment_id: self._remove(e))
            self.recap_table.setCellWidget(row, 4, remove)
        self.summary.setText(recap.summary() if recap else "")
        self.checkout_button.setEnabled(bool(lines))
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
        try:
            await self.state.call(enrollment_service.choose_group, cell.child_id, cell.offer_id, group_id)
        except GroupFull as full:
            if await self._confirm_waiting_list(full.message):
                try:
                    await self.state.call(enrollment_service.choose_group, cell.child_id, cell.offer_id, group_id,
                                          waiting_list=True)
                except DomainError as refused:
                    self._refuse(combo, refused)
            else:
                combo.select_group(cell.current.group_id if cell.current else None)
        except DomainError as refused:
            self._refuse(combo, refused)
        # A change refreshes every open grid through its announcement (see _on_changes).

    def _refuse(self, combo: GroupCombo, refused: DomainError) -> None:
        combo.select_group(combo.cell.current.group_id if combo.cell.current else None)
        self.error.show_message(refused.message)

    async def _confirm_waiting_list(self, question: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Groupe complet"), question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Inscrire sur liste d'attente"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Ne pas inscrire"))
        self.waiting_list_box = box
        return await dialog_result(box) == QMessageBox.StandardButton.Yes

    @qasync.asyncSlot()
    async def _remove(self, enrollment_id: uuid.UUID) -> None:
        try:
            await self.state.call(enrollment_service.cancel_enrollment, enrollment_id, "Retirée du récapitulatif")
        except DomainError as refused:
            self.error.show_message(refused.message)

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
