"""The family dossier form (right-hand side of the Dossiers tab): the household, its guardians,
its children and who may pick them up.

The form is the dossier's frame: its title, the three sections that hold the fields
(views/family_household.py « Famille », views/family_guardians.py « Responsables »,
views/family_children.py « Enfants », whose blocks hold views/family_health.py), the message above
the buttons, and the dossier's actions (Enregistrer, Archiver, Prélèvements…, Messagerie…,
Inscrire…).

Everything goes through the services on the database worker (``state.call``); the form only
holds plain values. Each field is checked when the agent leaves it, with the same pure rules the
service applies; on save, every refusal of the service is shown under its field and nothing is
written. A child being added whose names and birth date already exist in another dossier is
announced before saving (probably the same child: open that dossier instead).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import qasync
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ems_desktop.dates import format_date
from ems_desktop.rules import family as rules
from ems_desktop.services import families
from ems_desktop.services.errors import ValidationFailed
from ems_desktop.views.app_state import AppState
from ems_desktop.views.async_tools import dialog_result
from ems_desktop.views.family_children import ChildrenSection
from ems_desktop.views.family_fields import SteadyErrorLabel
from ems_desktop.views.family_guardians import GuardiansSection
from ems_desktop.views.family_household import HouseholdSection
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel, FieldWithError

ARCHIVED_STYLE = "background: #fde7e4; color: #8c1d18; border: 1px solid #e8b4ae; border-radius: 3px; padding: 1px 6px;"
SAVED_STYLE = "color: #1b6e2d;"
UNSAVED_STYLE = "color: #7a5b00;"


class _DuplicateChildBox(QMessageBox):
    """« Enfant déjà connu »: its three answers, by name."""

    open_button: QPushButton
    save_anyway_button: QPushButton
    cancel_button: QPushButton


class _ArchiveBox(QMessageBox):
    """« Archiver le dossier »: its two answers, by name."""

    archive_button: QPushButton
    cancel_button: QPushButton


class FamilyForm(QWidget):
    # The form's scrolling area keeps the name the tests and the dossiers tab reach it by, over
    # QWidget.scroll(), a method the form never calls.
    scroll: QScrollArea  # type: ignore[assignment]  # shadows QWidget.scroll() on purpose (see above)

    saved = Signal(object)                  # FamilyView, after a create or an update
    open_family_requested = Signal(object)  # family UUID (from the duplicate-child warning)
    enroll_requested = Signal(object)       # family UUID
    archived_changed = Signal(object)       # family UUID

    FAMILY_KEYS = HouseholdSection.KEYS

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._view: families.FamilyView | None = None
        self._baseline: tuple | None = None
        self._populating = False
        self._busy = False
        self._load_serial = 0
        self.duplicate_dialog: QMessageBox | None = None

        # Header (outside the scroll area: always visible).
        self.title_label = QLabel()
        self.title_label.setObjectName("family_title")
        self.title_label.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1f3a5f;")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.archived_label = QLabel(self.tr("Archivé"))
        self.archived_label.setObjectName("archived_badge")
        self.archived_label.setStyleSheet(ARCHIVED_STYLE)
        self.archived_label.setToolTip(self.tr("Ce dossier n'apparaît dans la recherche que si « Inclure les "
                                               "dossiers archivés » est coché ; ses factures sont gardées."))
        self.archived_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("form_status")
        # Under the fields, above the buttons: a message appearing there never moves a field.
        self.error = ErrorLabel()
        self.error.setObjectName("form_error")
        self._general_errors: list[str] = []  # the service's refusals that belong to no field
        self._save_refused = False  # the last "Enregistrer" was refused (fields shown in red)
        self.archive_dialog: QMessageBox | None = None
        header = QHBoxLayout()
        header.addWidget(self.title_label)
        header.addWidget(self.archived_label, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addStretch(1)
        header.addWidget(self.status_label)

        # --- the sections ------------------------------------------------------------------
        self.household_section = HouseholdSection()
        family_name = self.household_section.family_name
        self.guardians_section = GuardiansSection(family_name)
        self.children_section = ChildrenSection(self._today, family_name)
        # Where the Dossiers tab and the tests reach the sections' widgets.
        self.edits = self.household_section.edits
        self.fields = self.household_section.fields
        self.required_legend = self.household_section.required_legend
        self.guardian_blocks = self.guardians_section.blocks
        self.guardians_error = self.guardians_section.error
        self.add_guardian_button = self.guardians_section.add_button
        self.child_blocks = self.children_section.blocks
        self.children_error = self.children_section.error
        self.add_child_button = self.children_section.add_button

        content = QWidget()
        content.setObjectName("family_form_content")
        body = QVBoxLayout(content)
        body.setContentsMargins(10, 4, 10, 10)
        body.setSpacing(8)
        body.addWidget(self.household_section)
        body.addWidget(self.guardians_section)
        body.addWidget(self.children_section)
        body.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setObjectName("family_form_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)

        # --- Buttons -----------------------------------------------------------------------
        self.save_button = QPushButton(self.tr("Enregistrer"))
        self.save_button.setObjectName("save_family")
        self.save_button.setToolTip(self.tr("Enregistrer le dossier (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.save_button.setStyleSheet("font-weight: 600; padding: 4px 14px;")
        self.revert_button = QPushButton(self.tr("Annuler les modifications"))
        self.revert_button.setObjectName("revert_family")
        self.archive_button = QPushButton(self.tr("Archiver le dossier"))
        self.archive_button.setObjectName("archive_family")
        self.enroll_button = QPushButton(self.tr("Inscrire aux activités…"))
        self.enroll_button.setObjectName("enroll_family")
        self.mandates_button = QPushButton(self.tr("Prélèvements…"))
        self.mandates_button.setObjectName("family_mandates")
        self.mandates_button.setToolTip(self.tr("Les mandats de prélèvement SEPA de la famille"))
        self.messages_button = QPushButton(self.tr("Messagerie…"))
        self.messages_button.setObjectName("family_messages")
        self.messages_button.setToolTip(self.tr("Les e-mails envoyés à la famille (factures, avoirs, relances) et "
                                                "où ils en sont"))
        self.messages_button.clicked.connect(self._on_messages)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.archive_button.clicked.connect(self._on_archive)
        self.enroll_button.clicked.connect(self._on_enroll)
        self.mandates_button.clicked.connect(self._on_mandates)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.mandates_button)
        buttons.addWidget(self.messages_button)
        buttons.addWidget(self.enroll_button)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self,
                                       context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self.save)

        bar = QFrame()
        bar.setFrameShape(QFrame.Shape.HLine)
        bar.setStyleSheet("color: #ccc;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(bar)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self._wire_sections()
        self.new_family()

    def _wire_sections(self) -> None:
        for section in (self.household_section, self.guardians_section, self.children_section):
            section.edited.connect(self._on_edited)
        for section in (self.guardians_section, self.children_section):
            section.rows_changed.connect(self._update_tab_order)
            section.show_requested.connect(self.scroll.ensureWidgetVisible)
        self.household_section.lines["name"].editingFinished.connect(self._fill_new_last_names)

    # --- public interface -------------------------------------------------------------------
    @property
    def family_id(self) -> uuid.UUID | None:
        return self._view.id if self._view is not None else None

    @property
    def view(self) -> families.FamilyView | None:
        """The dossier as last read or saved (None for a new one)."""
        return self._view

    def has_unsaved_changes(self) -> bool:
        return self._baseline is not None and self._snapshot() != self._baseline

    def new_family(self) -> None:
        """An empty dossier: one payer guardian and one child ready to be filled in."""
        self._load_serial += 1
        self._view = None
        self._populate(None)
        self.edits["name"].setFocus()

    async def load(self, family_id: uuid.UUID) -> None:
        """Show the dossier ``family_id`` (read on the database worker)."""
        self._load_serial += 1
        serial = self._load_serial

        def refused(text: str) -> None:
            if serial == self._load_serial:
                self._show_general_error(text)

        done = await ServiceOp(self.state, families.get_family, family_id).errors_to(refused).run()
        if not done.ok or serial != self._load_serial:
            return  # refused, or another dossier was asked for meanwhile
        self._view = done.value
        self._populate(done.value)

    # --- filling the form -------------------------------------------------------------------
    def _populate(self, view: families.FamilyView | None) -> None:
        self._populating = True
        try:
            self._clear_errors()
            self.status_label.clear()
            self.household_section.set_value(view)
            self.guardians_section.set_value(view.guardians if view is not None else None)
            self.children_section.set_value(view.children if view is not None else None)
        finally:
            self._populating = False
        for field in self._all_fields():
            if isinstance(field.error, SteadyErrorLabel):  # every field of the dossier's sections
                field.error.reset_room()
        self._update_tab_order()
        self._update_header()
        self._baseline = self._snapshot()
        self._on_edited()
        self.scroll.verticalScrollBar().setValue(0)

    def _update_header(self) -> None:
        view = self._view
        if view is None:
            self.title_label.setText(self.tr("Nouveau dossier"))
        else:
            self.title_label.setText(self.tr("Dossier %1").replace("%1", view.reference))
        archived = bool(view and view.archived)
        self.archived_label.setVisible(archived)
        self.archive_button.setText(self.tr("Désarchiver le dossier") if archived else self.tr("Archiver le dossier"))
        self.archive_button.setToolTip(
            self.tr("Le dossier revient dans la recherche habituelle ; ses enfants peuvent être inscrits.")
            if archived else self.tr("Le dossier n'apparaîtra plus dans la recherche habituelle ; ses factures "
                                     "sont gardées."))
        self.archive_button.setEnabled(view is not None and not self._busy)
        self.enroll_button.setEnabled(view is not None and not archived)
        self.mandates_button.setEnabled(view is not None)
        self.messages_button.setEnabled(view is not None)
        self.enroll_button.setToolTip(self.tr("Désarchivez le dossier pour inscrire ses enfants.") if archived
                                      else self.tr("Inscrire les enfants de cette famille aux activités"))

    def _snapshot(self) -> tuple:
        return (self.household_section.snapshot(), self.guardians_section.snapshot(),
                self.children_section.snapshot())

    def _on_edited(self, *_args) -> None:
        if self._populating:
            return
        self._refresh_summary()
        dirty = self.has_unsaved_changes()
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.status_label.setStyleSheet(UNSAVED_STYLE)
            self.status_label.setText(self.tr("Modifications non enregistrées"))
        elif self.status_label.text() == self.tr("Modifications non enregistrées"):
            self.status_label.clear()

    # --- what the sections do not do alone ------------------------------------------------------
    def _update_tab_order(self) -> None:
        """Tab goes through the dossier as it reads: row by row, left to right, block by block,
        then the buttons (the grids are filled in another order than they show)."""
        if self._populating:
            return  # once, at the end of _populate
        chain: list[QWidget] = (self.household_section.tab_chain() + self.guardians_section.tab_chain()
                                + self.children_section.tab_chain())
        chain += [self.save_button, self.revert_button, self.archive_button, self.enroll_button]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def _fill_new_last_names(self) -> None:
        """In a new dossier, the family name is the likely last name of its first people."""
        name = self.household_section.lines["name"].text().strip()
        if self._view is not None or not name or rules.name_problem(name):
            return
        self.guardians_section.fill_last_names(name)
        self.children_section.fill_last_names(name)

    def _today(self) -> dt.date:
        return self.state.context.today()

    # --- collecting and showing errors -----------------------------------------------------
    def collect(self) -> tuple[families.FamilyInput, dict[str, str]]:
        """The dossier as typed, and the fields that cannot even be read (dates, quotient)."""
        household, problems = self.household_section.collect()
        children, child_problems = self.children_section.collect()
        data = families.FamilyInput(guardians=self.guardians_section.value(), children=children, **household)
        return data, {**problems, **child_problems}

    def _clear_errors(self) -> None:
        self._general_errors = []
        self._save_refused = False
        self.error.clear_message()
        self.guardians_error.clear_message()
        self.children_error.clear_message()
        for field in self._all_fields():
            field.error.clear_message()

    def _all_fields(self) -> list[FieldWithError]:
        return (self.household_section.all_fields() + self.guardians_section.all_fields()
                + self.children_section.all_fields())

    def error_label_for(self, key: str) -> ErrorLabel:
        """Where the message of an error key goes ("children.1.birth_date" → under that field)."""
        parts = key.split(".")
        places: tuple[ErrorLabel | None, ...] = (self.guardians_section.error_label_for(parts),
                                                 self.children_section.error_label_for(parts))
        if len(parts) == 1:
            places = (self.household_section.error_label_for(key), *places)
        return next((label for label in places if label is not None), self.error)

    def _show_errors(self, errors: dict[str, str]) -> None:
        general = []
        first = None
        for key, message in errors.items():
            label = self.error_label_for(key)
            if label is self.error:
                general.append(message)
            else:
                label.show_message(message)
                first = first or label
        self._general_errors = general
        self._save_refused = first is not None
        self._refresh_summary()
        if first is not None:
            self.scroll.ensureWidgetVisible(first.parentWidget() or first)

    def _show_general_error(self, text: str) -> None:
        """A refusal that belongs to no field: alone above the buttons."""
        self._general_errors = [text]
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        """The message above the buttons: the refusals that belong to no field, and "corrigez les
        champs signalés en rouge" after a refused save, while a field still shows its message."""
        red = self._save_refused and any(label.text() for label in [self.guardians_error, self.children_error]
                  + [field.error for field in self._all_fields()])
        summary = [self.tr("Le dossier n'est pas enregistré : corrigez les champs signalés en rouge.")] if red else []
        self.error.show_message("\n".join(self._general_errors + summary))

    # --- actions -----------------------------------------------------------------------------
    @qasync.asyncSlot()
    async def save(self) -> None:
        if self._busy:
            return
        self._clear_errors()
        if self._view is not None and not self.has_unsaved_changes():
            self.status_label.setStyleSheet(SAVED_STYLE)
            self.status_label.setText(self.tr("Aucune modification à enregistrer."))
            return
        data, problems = self.collect()
        if problems:
            # Unreadable values: show them with everything else that is wrong, save nothing.
            others = families.validate(data, self._today())
            self._show_errors({**problems, **{k: v for k, v in others.items() if k not in problems}})
            return
        serial = self._load_serial
        self._set_busy(True)
        try:
            if not await self._confirm_new_children(data):
                return
            op = (ServiceOp(self.state, families.create_family, data) if self._view is None
                  else ServiceOp(self.state, families.update_family, self._view.id, data))
            # A ValidationFailed goes under the fields of the sections (_show_errors), answered here.
            done = await op.errors_to(self._show_general_error).letting_through(ValidationFailed).run()
        except ValidationFailed as invalid:
            self._show_errors(invalid.errors)
            return
        finally:
            self._set_busy(False)
        if not done.ok:
            return
        view = done.value
        if serial != self._load_serial:
            self.saved.emit(view)  # another dossier was opened meanwhile: leave it on screen
            return
        self._load_serial += 1
        self._view = view
        self._populate(view)
        self.status_label.setStyleSheet(SAVED_STYLE)
        self.status_label.setText(self.tr("Dossier enregistré."))
        self.saved.emit(view)

    async def _confirm_new_children(self, data: families.FamilyInput) -> bool:
        """False when the agent chose not to save (open the other dossier, or cancel), or the check
        was refused (its message shown above the buttons)."""
        found: list[tuple[families.ChildInput, families.SameChild]] = []
        for child in data.children:
            if child.id is None and child.first_name.strip() and child.last_name.strip() and child.birth_date:
                done = await (ServiceOp(self.state, families.same_child_elsewhere, child.first_name.strip(),
                                        child.last_name.strip(), child.birth_date, self.family_id)
                              .errors_to(self._show_general_error).letting_through(ValidationFailed).run())
                if not done.ok:
                    return False
                found += [(child, match) for match in done.value]
        if not found:
            return True
        lines = []
        for child, match in found:
            born = {"F": self.tr("née le %1"), "M": self.tr("né le %1")}.get(child.sex, self.tr("né(e) le %1"))
            born = born.replace("%1", format_date(child.birth_date))
            lines.append(self.tr("%1, %2, existe déjà dans le dossier %3 (%4).")
                         .replace("%1", match.child_name).replace("%2", born)
                         .replace("%3", match.reference).replace("%4", match.family_name))
        if self.duplicate_dialog is not None:
            self.duplicate_dialog.deleteLater()
        box = _DuplicateChildBox(QMessageBox.Icon.Warning, self.tr("Enfant déjà connu"), "\n".join(lines),
                                 QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("duplicate_child_dialog")
        box.setInformativeText(self.tr("C'est sans doute le même enfant : ouvrez plutôt son dossier, "
                                       "ou enregistrez quand même s'il s'agit d'un homonyme."))
        box.open_button = box.addButton(self.tr("Ouvrir ce dossier"), QMessageBox.ButtonRole.ActionRole)
        box.save_anyway_button = box.addButton(self.tr("Enregistrer quand même"), QMessageBox.ButtonRole.AcceptRole)
        box.cancel_button = box.addButton(self.tr("Annuler"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(box.open_button)
        box.setEscapeButton(box.cancel_button)
        self.duplicate_dialog = box
        await dialog_result(box)
        clicked = box.clickedButton()
        if clicked is box.open_button:
            self.open_family_requested.emit(found[0][1].family_id)
            return False
        return clicked is box.save_anyway_button

    def revert(self) -> None:
        """Back to the dossier as last saved (or an empty one for a new dossier)."""
        if self._busy:
            return
        self._populate(self._view)

    @qasync.asyncSlot()
    async def _on_archive(self) -> None:
        if self._view is None or self._busy:
            return
        if not self._view.archived and not await self._confirm_archive(self._view):
            return
        self._set_busy(True)
        try:
            done = await (ServiceOp(self.state, families.set_archived, self._view.id, not self._view.archived)
                          .errors_to(self._show_general_error).run())
        finally:
            self._set_busy(False)
        if not done.ok:
            return
        view = done.value
        if self._view is None or self._view.id != view.id:
            self.archived_changed.emit(view.id)  # another dossier was opened meanwhile
            return
        # Only the archived state changes: what the agent is typing stays in the fields.
        self._view = dataclasses.replace(self._view, archived=view.archived)
        self._update_header()
        self.status_label.setStyleSheet(SAVED_STYLE)
        self.status_label.setText(self.tr("Dossier archivé.") if view.archived
                                  else self.tr("Dossier désarchivé : il revient dans la recherche."))
        self.archived_changed.emit(view.id)

    async def _confirm_archive(self, view: families.FamilyView) -> bool:
        """Archiving hides the dossier from the usual search: the agent says so knowingly."""
        box = _ArchiveBox(QMessageBox.Icon.Question, self.tr("Archiver le dossier"),
                          self.tr("Archiver le dossier %1 de la famille %2 ?").replace("%1", view.reference)
                          .replace("%2", view.name), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("archive_dialog")
        box.setInformativeText(self.tr("Il disparaîtra de la recherche habituelle : pour le retrouver, cochez "
                                       "« Inclure les dossiers archivés » sous le champ de recherche. Ses "
                                       "factures et ses règlements sont gardés, et il pourra être désarchivé."))
        box.archive_button = box.addButton(self.tr("Archiver"), QMessageBox.ButtonRole.AcceptRole)
        box.cancel_button = box.addButton(self.tr("Annuler"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(box.cancel_button)
        box.setEscapeButton(box.cancel_button)
        if self.archive_dialog is not None:
            self.archive_dialog.deleteLater()
        self.archive_dialog = box
        await dialog_result(box)
        return box.clickedButton() is box.archive_button and self._view is not None and self._view.id == view.id

    def _on_enroll(self) -> None:
        if self._view is not None:
            self.enroll_requested.emit(self._view.id)

    @qasync.asyncSlot()
    async def _on_mandates(self) -> None:
        """« Prélèvements… »: the family's SEPA mandates (views/mandates_dialog.py)."""
        from ems_desktop.views.async_tools import dialog_result
        from ems_desktop.views.mandates_dialog import MandatesDialog

        view = self._view
        if view is None:
            return
        payer = next((g for g in view.guardians if g.is_payer), None)
        payer_name = f"{payer.first_name} {payer.last_name}".strip() if payer else ""
        dialog = MandatesDialog(self.state, view.id, view.name, payer_name, self)
        self.mandates_dialog = dialog  # tests reach it here
        await dialog_result(dialog)

    @qasync.asyncSlot()
    async def _on_messages(self) -> None:
        """« Messagerie… »: the e-mails sent to the family and where they stand (views/messages_dialog.py)."""
        from ems_desktop.views.async_tools import dialog_result
        from ems_desktop.views.messages_dialog import MessagesDialog

        view = self._view
        if view is None:
            return
        dialog = MessagesDialog(self.state, view.id, view.name, self)
        self.messages_dialog = dialog  # tests reach it here
        await dialog_result(dialog)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.archive_button.setEnabled(not busy and self._view is not None)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
