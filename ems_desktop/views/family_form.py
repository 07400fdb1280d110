"""The family dossier form (right-hand side of the Dossiers tab): the household, its guardians,
its children and who may pick them up.

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
from typing import Callable

import qasync
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.dates import age_on, format_date, parse_date
from ems_desktop.rules import family as rules
from ems_desktop.services import families
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.views.app_state import AppState
from ems_desktop.views.async_tools import dialog_result
from ems_desktop.views.widgets import ErrorLabel, FieldWithError

SECTION_STYLE = "color: #1f3a5f;"
CAPTION_STYLE = "color: #333;"
ARCHIVED_STYLE = "background: #fde7e4; color: #8c1d18; border: 1px solid #e8b4ae; border-radius: 3px; padding: 1px 6px;"
SAVED_STYLE = "color: #1b6e2d;"
UNSAVED_STYLE = "color: #7a5b00;"
LEGEND_STYLE = "color: #555;"
DATE_PLACEHOLDER = "jj/mm/aaaa"
SEXES = (("—", ""), ("F", "F"), ("M", "M"))
REQUIRED_MARK = " *"  # after the caption of a field the service refuses empty (see families.validate)


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
        self.layout().replaceWidget(plain, self.error)
        plain.deleteLater()


def _line(placeholder: str = "", name: str = "") -> QLineEdit:
    edit = QLineEdit()
    if placeholder:
        edit.setPlaceholderText(placeholder)
    if name:
        edit.setObjectName(name)
    return edit


def _text_box(lines: int = 2) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines + 14
    box.setFixedHeight(height)
    return box


def _cell(caption: str, field: QWidget, required: bool = False) -> QWidget:
    """A caption above a field (reads well in a narrow column, the error goes under the field);
    a required field's caption ends with " *"."""
    cell = QWidget()
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    label = QLabel(caption + (REQUIRED_MARK if required else ""))
    label.setObjectName("caption")
    label.setStyleSheet(CAPTION_STYLE)
    target = field.field if isinstance(field, FieldWithError) else field
    label.setBuddy(target)
    layout.addWidget(label)
    layout.addWidget(field)
    layout.addStretch(1)
    return cell


def _grid() -> QGridLayout:
    grid = QGridLayout()
    grid.setHorizontalSpacing(10)
    grid.setVerticalSpacing(2)  # each field already keeps a line under it for its error
    for column in range(4):
        grid.setColumnStretch(column, 1)
    return grid


def _text(widget: QWidget) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


def _set_text(widget: QWidget, value: str) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value or "")
    else:
        widget.setText(value or "")


# --- blocks: one guardian, one authorised pickup, one child -------------------------------------

class GuardianBlock(QGroupBox):
    """Prénom, nom, lien, téléphones, e-mail and the "Payeur" radio of one guardian."""

    KEYS = ("first_name", "last_name", "relationship", "phone_mobile", "phone_work", "email")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {
            "first_name": _line("", "guardian_first_name"),
            "last_name": _line("", "guardian_last_name"),
            "relationship": _line(self.tr("mère, père, tuteur…"), "guardian_relationship"),
            "phone_mobile": _line(self.tr("ex. 06 12 34 56 78"), "guardian_phone_mobile"),
            "phone_work": _line("", "guardian_phone_work"),
            "email": _line(self.tr("ex. prenom.nom@exemple.fr"), "guardian_email"),
        }
        self.fields = {key: SteadyField(edit) for key, edit in self.edits.items()}
        self.payer_radio = QRadioButton(self.tr("Payeur"))
        self.payer_radio.setToolTip(self.tr("Le responsable à qui sont adressées les factures"))
        self.remove_button = QPushButton(self.tr("Retirer"))
        self.remove_button.setToolTip(self.tr("Retirer ce responsable du dossier"))

        actions = QWidget()
        column = QVBoxLayout(actions)  # under an empty caption: level with the fields, not their error line
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(QLabel(" "))
        row = QHBoxLayout()
        row.addWidget(self.payer_radio)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        column.addLayout(row)
        column.addStretch(1)

        grid = _grid()
        grid.addWidget(_cell(self.tr("Prénom"), self.fields["first_name"], required=True), 0, 0)
        grid.addWidget(_cell(self.tr("Nom"), self.fields["last_name"], required=True), 0, 1)
        grid.addWidget(_cell(self.tr("Lien avec l'enfant"), self.fields["relationship"]), 0, 2)
        grid.addWidget(actions, 0, 3)
        grid.addWidget(_cell(self.tr("Portable"), self.fields["phone_mobile"]), 1, 0)
        grid.addWidget(_cell(self.tr("Téléphone travail"), self.fields["phone_work"]), 1, 1)
        grid.addWidget(_cell(self.tr("E-mail"), self.fields["email"]), 1, 2, 1, 2)
        self.setLayout(grid)

    def set_number(self, number: int) -> None:
        self.setTitle(self.tr("Responsable %1").replace("%1", str(number)))

    def set_value(self, guardian: families.GuardianInput) -> None:
        for key in self.KEYS:
            self.edits[key].setText(getattr(guardian, key))
        self.payer_radio.setChecked(guardian.is_payer)

    def value(self) -> families.GuardianInput:
        return families.GuardianInput(is_payer=self.payer_radio.isChecked(),
                                      **{key: self.edits[key].text() for key in self.KEYS})

    def snapshot(self) -> tuple:
        return tuple(self.edits[key].text() for key in self.KEYS) + (self.payer_radio.isChecked(),)


class PickupRow(QWidget):
    """A person allowed to pick the child up: name, lien, téléphone."""

    KEYS = ("full_name", "relationship", "phone")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {
            "full_name": _line(self.tr("Prénom et nom"), "pickup_full_name"),
            "relationship": _line(self.tr("Lien (grand-mère, voisin…)"), "pickup_relationship"),
            "phone": _line(self.tr("Téléphone"), "pickup_phone"),
        }
        self.fields = {key: SteadyField(edit) for key, edit in self.edits.items()}
        self.remove_button = QPushButton(self.tr("Retirer"))
        self.remove_button.setToolTip(self.tr("Retirer cette personne de la liste"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.fields["full_name"], 3, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.fields["relationship"], 2, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.fields["phone"], 2, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)

    @classmethod
    def header(cls) -> QWidget:
        """Column captions aligned on the rows (the placeholders vanish once a row is filled)."""
        header = QWidget()
        layout = QHBoxLayout(header)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for text, stretch in ((header.tr("Prénom et nom") + REQUIRED_MARK, 3), (header.tr("Lien"), 2),
                              (header.tr("Téléphone"), 2)):
            label = QLabel(text)
            label.setStyleSheet(CAPTION_STYLE)
            layout.addWidget(label, stretch)
        spacer = QWidget()  # as wide as the rows' "Retirer" button, so the captions sit over their fields
        spacer.setFixedSize(QPushButton(header.tr("Retirer")).sizeHint().width(), 0)
        layout.addWidget(spacer, 0)
        return header

    def set_value(self, pickup: families.PickupInput) -> None:
        for key in self.KEYS:
            self.edits[key].setText(getattr(pickup, key))

    def value(self) -> families.PickupInput:
        return families.PickupInput(**{key: self.edits[key].text() for key in self.KEYS})

    def snapshot(self) -> tuple:
        return tuple(self.edits[key].text() for key in self.KEYS)


class ChildBlock(QGroupBox):
    """One child: identity, birth date with the age, health, authorisations, pickups."""

    def __init__(self, today: Callable[[], dt.date], child_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.child_id = child_id
        self._today = today
        self._number = 1
        self.first_name = _line("", "child_first_name")
        self.last_name = _line("", "child_last_name")
        self.birth_date = _line(DATE_PLACEHOLDER, "child_birth_date")
        self.birth_date.setMaxLength(10)
        self.age_label = QLabel()
        self.age_label.setObjectName("child_age")
        self.age_label.setMinimumWidth(self.age_label.fontMetrics().horizontalAdvance("88 ans") + 4)
        self.sex = QComboBox()
        self.sex.setObjectName("child_sex")
        for label, value in SEXES:
            self.sex.addItem(label, value)
        self.sex.setToolTip(self.tr("F : fille, M : garçon, — : non renseigné"))
        self.school = _line(self.tr("ex. École Pierre Grange"), "child_school")
        self.health_notes = _text_box(2)
        self.health_notes.setObjectName("child_health_notes")
        self.health_notes.setPlaceholderText(self.tr("Traitement, PAI, asthme…"))
        self.allergies = _text_box(2)
        self.allergies.setObjectName("child_allergies")
        self.allergies.setPlaceholderText(self.tr("Aliments, médicaments, piqûres…"))
        self.photo_allowed = QCheckBox(self.tr("Droit à l'image"))
        self.photo_allowed.setToolTip(self.tr("Les responsables autorisent les photos de l'enfant pendant les activités"))
        self.may_leave_alone = QCheckBox(self.tr("Peut partir seul"))
        self.may_leave_alone.setToolTip(self.tr("L'enfant peut quitter l'activité sans être accompagné"))

        birth = QWidget()
        row = QHBoxLayout(birth)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.birth_date, 1)
        row.addWidget(self.age_label, 0)
        self.fields: dict[str, FieldWithError] = {
            "first_name": SteadyField(self.first_name),
            "last_name": SteadyField(self.last_name),
            "birth_date": SteadyField(birth),
            "sex": SteadyField(self.sex),
            "school": SteadyField(self.school),
            "health_notes": SteadyField(self.health_notes),
            "allergies": SteadyField(self.allergies),
        }
        birth_cell = _cell(self.tr("Né(e) le"), self.fields["birth_date"], required=True)
        birth_cell.findChild(QLabel).setBuddy(self.birth_date)

        checks = QWidget()
        column = QVBoxLayout(checks)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.photo_allowed)
        column.addWidget(self.may_leave_alone)

        self.pickup_rows: list[PickupRow] = []
        self.pickups_box = QVBoxLayout()
        self.pickups_box.setContentsMargins(0, 0, 0, 0)
        self.pickups_box.setSpacing(4)
        self.no_pickup_label = QLabel(self.tr("Personne d'autre que les responsables."))
        self.no_pickup_label.setStyleSheet("color: #666;")
        self.add_pickup_button = QPushButton(self.tr("Ajouter une personne"))
        self.add_pickup_button.setObjectName("add_pickup")
        self.remove_button = QPushButton(self.tr("Retirer cet enfant"))
        self.remove_button.setObjectName("remove_child")
        self.remove_button.setToolTip(self.tr("Cet enfant n'est pas encore enregistré : il peut être retiré."))

        pickups_title = QLabel(self.tr("Personnes autorisées à venir le chercher"))
        pickups_title.setStyleSheet("font-weight: 600;")
        footer = QHBoxLayout()
        footer.addWidget(self.add_pickup_button)
        footer.addStretch(1)
        footer.addWidget(self.remove_button)

        grid = _grid()
        grid.addWidget(_cell(self.tr("Prénom"), self.fields["first_name"], required=True), 0, 0)
        grid.addWidget(_cell(self.tr("Nom"), self.fields["last_name"], required=True), 0, 1)
        grid.addWidget(birth_cell, 0, 2)
        grid.addWidget(_cell(self.tr("Sexe"), self.fields["sex"]), 0, 3)
        grid.addWidget(_cell(self.tr("École"), self.fields["school"]), 1, 0, 1, 2)
        grid.addWidget(checks, 1, 2, 1, 2, Qt.AlignmentFlag.AlignBottom)
        grid.addWidget(_cell(self.tr("Santé"), self.fields["health_notes"]), 2, 0, 1, 2)
        grid.addWidget(_cell(self.tr("Allergies"), self.fields["allergies"]), 2, 2, 1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(pickups_title)
        self.pickups_header = PickupRow.header()
        layout.addWidget(self.pickups_header)
        layout.addLayout(self.pickups_box)
        layout.addWidget(self.no_pickup_label)
        layout.addLayout(footer)

        self.first_name.textChanged.connect(self._update_title)
        self.last_name.textChanged.connect(self._update_title)
        self.birth_date.textChanged.connect(self.update_age)
        # Only once in the block: shown while still without a parent, the button would open as a
        # window of its own and take the keyboard focus from the main window.
        self.remove_button.setVisible(child_id is None)

    # -- display ---------------------------------------------------------------------------
    def set_number(self, number: int) -> None:
        self._number = number
        self._update_title()

    def _update_title(self) -> None:
        name = f"{self.first_name.text().strip()} {self.last_name.text().strip()}".strip()
        title = self.tr("Enfant %1").replace("%1", str(self._number))
        if self.child_id is None:
            title += self.tr(" (nouveau)")
        self.setTitle(f"{title} — {name}" if name else title)

    def update_age(self) -> None:
        try:
            birth = parse_date(self.birth_date.text())
        except ValueError:
            self.age_label.clear()
            return
        today = self._today()
        if birth > today:
            self.age_label.clear()
            return
        years = age_on(birth, today)
        self.age_label.setText(self.tr("%1 an").replace("%1", str(years)) if years < 2
                               else self.tr("%1 ans").replace("%1", str(years)))

    def update_pickups_hint(self) -> None:
        self.no_pickup_label.setVisible(not self.pickup_rows)
        self.pickups_header.setVisible(bool(self.pickup_rows))

    # -- values ----------------------------------------------------------------------------
    def set_value(self, child: families.ChildView) -> None:
        self.first_name.setText(child.first_name)
        self.last_name.setText(child.last_name)
        self.birth_date.setText(format_date(child.birth_date))
        self.sex.setCurrentIndex(max(0, self.sex.findData(child.sex)))
        self.school.setText(child.school)
        self.health_notes.setPlainText(child.health_notes)
        self.allergies.setPlainText(child.allergies)
        self.photo_allowed.setChecked(child.photo_allowed)
        self.may_leave_alone.setChecked(child.may_leave_alone)

    def value(self, birth_date: dt.date | None) -> families.ChildInput:
        return families.ChildInput(
            first_name=self.first_name.text(), last_name=self.last_name.text(), birth_date=birth_date,
            sex=self.sex.currentData() or "", school=self.school.text(),
            health_notes=self.health_notes.toPlainText(), allergies=self.allergies.toPlainText(),
            photo_allowed=self.photo_allowed.isChecked(), may_leave_alone=self.may_leave_alone.isChecked(),
            pickups=tuple(row.value() for row in self.pickup_rows), id=self.child_id,
        )

    def snapshot(self) -> tuple:
        return (self.child_id, self.first_name.text(), self.last_name.text(), self.birth_date.text(),
                self.sex.currentIndex(), self.school.text(), self.health_notes.toPlainText(),
                self.allergies.toPlainText(), self.photo_allowed.isChecked(), self.may_leave_alone.isChecked(),
                tuple(row.snapshot() for row in self.pickup_rows))


# --- the form ---------------------------------------------------------------------------------

class FamilyForm(QWidget):
    saved = Signal(object)                  # FamilyView, after a create or an update
    open_family_requested = Signal(object)  # family UUID (from the duplicate-child warning)
    enroll_requested = Signal(object)       # family UUID
    archived_changed = Signal(object)       # family UUID

    FAMILY_KEYS = ("name", "address_line1", "address_line2", "postal_code", "city", "phone", "email",
                   "caf_number", "quotient", "quotient_valid_from", "quotient_valid_to", "notes")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._view: families.FamilyView | None = None
        self._baseline: tuple | None = None
        self._populating = False
        self._busy = False
        self._load_serial = 0
        self.duplicate_dialog: QMessageBox | None = None
        self.guardian_blocks: list[GuardianBlock] = []
        self.child_blocks: list[ChildBlock] = []
        self.payer_group = QButtonGroup(self)
        self.payer_group.setExclusive(True)

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

        # --- Famille -----------------------------------------------------------------------
        self.edits: dict[str, QWidget] = {
            "name": _line("", "family_name"),
            "address_line1": _line(self.tr("n° et rue"), "address_line1"),
            "address_line2": _line(self.tr("bâtiment, lieu-dit…"), "address_line2"),
            "postal_code": _line("", "postal_code"),
            "city": _line("", "city"),
            "phone": _line(self.tr("ex. 04 79 32 10 20"), "family_phone"),
            "email": _line(self.tr("prenom.nom@exemple.fr"), "family_email"),
            "caf_number": _line("", "caf_number"),
            "quotient": _line(self.tr("ex. 820"), "quotient"),
            "quotient_valid_from": _line(DATE_PLACEHOLDER, "quotient_valid_from"),
            "quotient_valid_to": _line(DATE_PLACEHOLDER, "quotient_valid_to"),
            "notes": _text_box(2),
        }
        self.edits["notes"].setObjectName("family_notes")
        self.edits["postal_code"].setMaxLength(10)
        for key in ("quotient_valid_from", "quotient_valid_to"):
            self.edits[key].setMaxLength(10)
        self.fields: dict[str, FieldWithError] = {key: SteadyField(edit) for key, edit in self.edits.items()}

        validity = QWidget()
        validity_row = QHBoxLayout(validity)
        validity_row.setContentsMargins(0, 0, 0, 0)
        for word, key in ((self.tr("du"), "quotient_valid_from"), (self.tr("au"), "quotient_valid_to")):
            label = QLabel(word)
            label.setBuddy(self.edits[key])
            label.setFixedHeight(self.edits[key].sizeHint().height())
            validity_row.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
            validity_row.addWidget(self.fields[key], 1, Qt.AlignmentFlag.AlignTop)

        family_box = QFrame()
        family_box.setObjectName("family_section")
        grid = _grid()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(_cell(self.tr("Nom de la famille"), self.fields["name"], required=True), 0, 0, 1, 2)
        grid.addWidget(_cell(self.tr("Téléphone"), self.fields["phone"]), 0, 2)
        grid.addWidget(_cell(self.tr("E-mail"), self.fields["email"]), 0, 3)
        grid.addWidget(_cell(self.tr("Adresse"), self.fields["address_line1"]), 1, 0, 1, 2)
        grid.addWidget(_cell(self.tr("Adresse (suite)"), self.fields["address_line2"]), 1, 2, 1, 2)
        grid.addWidget(_cell(self.tr("Code postal"), self.fields["postal_code"]), 2, 0)
        grid.addWidget(_cell(self.tr("Ville"), self.fields["city"]), 2, 1)
        grid.addWidget(_cell(self.tr("N° allocataire CAF"), self.fields["caf_number"]), 2, 2)
        grid.addWidget(_cell(self.tr("Quotient familial"), self.fields["quotient"]), 2, 3)
        validity_cell = _cell(self.tr("Quotient valable"), validity)
        validity_cell.findChild(QLabel).setBuddy(self.edits["quotient_valid_from"])
        grid.addWidget(validity_cell, 3, 2, 1, 2)
        grid.addWidget(_cell(self.tr("Notes"), self.fields["notes"]), 3, 0, 1, 2)
        family_box.setLayout(grid)

        # --- Responsables ------------------------------------------------------------------
        self.guardians_layout = QVBoxLayout()
        self.guardians_layout.setSpacing(8)
        self.guardians_error = ErrorLabel()
        self.guardians_error.setObjectName("guardians_error")
        self.add_guardian_button = QPushButton(self.tr("Ajouter un responsable"))
        self.add_guardian_button.setObjectName("add_guardian")
        self.add_guardian_button.clicked.connect(self._on_add_guardian)

        # --- Enfants -----------------------------------------------------------------------
        self.children_layout = QVBoxLayout()
        self.children_layout.setSpacing(8)
        self.children_error = ErrorLabel()
        self.children_error.setObjectName("children_error")
        self.add_child_button = QPushButton(self.tr("Ajouter un enfant"))
        self.add_child_button.setObjectName("add_child")
        self.add_child_button.clicked.connect(self._on_add_child)

        content = QWidget()
        content.setObjectName("family_form_content")
        body = QVBoxLayout(content)
        body.setContentsMargins(10, 4, 10, 10)
        body.setSpacing(8)
        self.required_legend = QLabel(self.tr("* champ obligatoire"))
        self.required_legend.setObjectName("required_legend")
        self.required_legend.setStyleSheet(LEGEND_STYLE)
        family_title = QHBoxLayout()
        family_title.addWidget(self._section(self.tr("Famille")))
        family_title.addStretch(1)
        family_title.addWidget(self.required_legend, 0, Qt.AlignmentFlag.AlignBottom)
        body.addLayout(family_title)
        body.addWidget(family_box)
        body.addWidget(self._section(self.tr("Responsables")))
        body.addWidget(self.guardians_error)
        body.addLayout(self.guardians_layout)
        body.addLayout(self._left(self.add_guardian_button))
        body.addWidget(self._section(self.tr("Enfants")))
        body.addWidget(self.children_error)
        body.addLayout(self.children_layout)
        body.addLayout(self._left(self.add_child_button))
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
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save,
                                       context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

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

        self._wire_family_fields()
        self.new_family()

    # --- small layout helpers ---------------------------------------------------------------
    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        label.setFont(font)
        label.setStyleSheet(SECTION_STYLE)
        label.setContentsMargins(0, 6, 0, 0)
        return label

    @staticmethod
    def _left(widget: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(widget)
        row.addStretch(1)
        return row

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
        try:
            view = await self.state.call(families.get_family, family_id)
        except DomainError as refused:
            if serial == self._load_serial:
                self._general_errors = [refused.message]
                self._refresh_summary()
            return
        if serial != self._load_serial:
            return  # another dossier was asked for meanwhile
        self._view = view
        self._populate(view)

    # --- filling the form -------------------------------------------------------------------
    def _populate(self, view: families.FamilyView | None) -> None:
        self._populating = True
        try:
            self._clear_errors()
            self.status_label.clear()
            for block in list(self.guardian_blocks):
                self._drop_guardian(block)
            for block in list(self.child_blocks):
                self._drop_child(block)
            for key, edit in self.edits.items():
                value = getattr(view, key) if view is not None else None
                if key == "quotient":
                    value = "" if value is None else str(value)
                elif key.startswith("quotient_valid"):
                    value = format_date(value)
                _set_text(edit, value or "")
            if view is None:
                self._add_guardian_block().payer_radio.setChecked(True)
                self._add_child_block(None)
            else:
                for guardian in view.guardians:
                    self._add_guardian_block().set_value(guardian)
                if self.payer_group.checkedButton() is None and self.guardian_blocks:
                    self.guardian_blocks[0].payer_radio.setChecked(True)
                for child in view.children:
                    block = self._add_child_block(child.id)
                    block.set_value(child)
                    for pickup in child.pickups:
                        self._add_pickup_row(block).set_value(pickup)
        finally:
            self._populating = False
        for field in self._all_fields():
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
        return (tuple(_text(self.edits[key]) for key in self.FAMILY_KEYS),
                tuple(block.snapshot() for block in self.guardian_blocks),
                tuple(block.snapshot() for block in self.child_blocks))

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

    # --- blocks -----------------------------------------------------------------------------
    def _on_add_guardian(self) -> None:
        self.guardians_error.clear_message()
        block = self._add_guardian_block()
        if not block.edits["last_name"].text():
            block.edits["last_name"].setText(self.edits["name"].text().strip())
        if self.payer_group.checkedButton() is None:
            block.payer_radio.setChecked(True)
        self._on_edited()
        block.edits["first_name"].setFocus()
        self.scroll.ensureWidgetVisible(block)

    def _add_guardian_block(self) -> GuardianBlock:
        block = GuardianBlock()
        self.guardian_blocks.append(block)
        self.guardians_layout.addWidget(block)
        self.payer_group.addButton(block.payer_radio)
        self._watch(block.fields["first_name"], lambda t: rules.name_problem(t, self.tr("Le prénom")))
        self._watch(block.fields["last_name"], lambda t: rules.name_problem(t, self.tr("Le nom")))
        self._watch(block.fields["relationship"], None)
        self._watch(block.fields["phone_mobile"], rules.phone_problem)
        self._watch(block.fields["phone_work"], rules.phone_problem)
        self._watch(block.fields["email"], rules.email_problem)
        block.payer_radio.toggled.connect(self._on_edited)
        block.payer_radio.toggled.connect(lambda _on: self.guardians_error.clear_message())
        block.remove_button.clicked.connect(lambda: self._on_remove_guardian(block))
        self._renumber()
        return block

    def _on_remove_guardian(self, block: GuardianBlock) -> None:
        self.guardians_error.clear_message()
        was_payer = block.payer_radio.isChecked()
        self._drop_guardian(block)
        if was_payer and self.guardian_blocks:
            self.guardian_blocks[0].payer_radio.setChecked(True)
        self._renumber()
        self._on_edited()

    def _drop_guardian(self, block: GuardianBlock) -> None:
        self.payer_group.removeButton(block.payer_radio)
        self.guardian_blocks.remove(block)
        self.guardians_layout.removeWidget(block)
        block.hide()
        block.deleteLater()

    def _on_add_child(self) -> None:
        self.children_error.clear_message()
        block = self._add_child_block(None)
        block.last_name.setText(self.edits["name"].text().strip())
        self._on_edited()
        block.first_name.setFocus()
        self.scroll.ensureWidgetVisible(block)

    def _add_child_block(self, child_id: uuid.UUID | None) -> ChildBlock:
        block = ChildBlock(self._today, child_id)
        self.child_blocks.append(block)
        self.children_layout.addWidget(block)
        self._watch(block.fields["first_name"], lambda t: rules.name_problem(t, self.tr("Le prénom")))
        self._watch(block.fields["last_name"], lambda t: rules.name_problem(t, self.tr("Le nom")))
        self._watch(block.fields["birth_date"], self._birth_date_problem, edit=block.birth_date)
        self._watch(block.fields["school"], None)
        block.sex.currentIndexChanged.connect(lambda _i: self._field_changed(block.fields["sex"]))
        block.health_notes.textChanged.connect(lambda: self._field_changed(block.fields["health_notes"]))
        block.allergies.textChanged.connect(lambda: self._field_changed(block.fields["allergies"]))
        block.photo_allowed.toggled.connect(self._on_edited)
        block.may_leave_alone.toggled.connect(self._on_edited)
        block.add_pickup_button.clicked.connect(lambda: self._on_add_pickup(block))
        block.remove_button.clicked.connect(lambda: self._on_remove_child(block))
        block.update_pickups_hint()
        self._renumber()
        return block

    def _on_remove_child(self, block: ChildBlock) -> None:
        if block.child_id is not None:
            return  # an enrolled or invoiced child stays in the dossier
        self.children_error.clear_message()
        self._drop_child(block)
        self._renumber()
        self._on_edited()

    def _drop_child(self, block: ChildBlock) -> None:
        self.child_blocks.remove(block)
        self.children_layout.removeWidget(block)
        block.hide()
        block.deleteLater()

    def _on_add_pickup(self, block: ChildBlock) -> None:
        row = self._add_pickup_row(block)
        self._update_tab_order()
        self._on_edited()
        row.edits["full_name"].setFocus()

    def _add_pickup_row(self, block: ChildBlock) -> PickupRow:
        row = PickupRow()
        block.pickup_rows.append(row)
        block.pickups_box.addWidget(row)
        self._watch(row.fields["full_name"], self._pickup_name_problem)
        self._watch(row.fields["relationship"], None)
        self._watch(row.fields["phone"], rules.phone_problem)
        row.remove_button.clicked.connect(lambda: self._on_remove_pickup(block, row))
        block.update_pickups_hint()
        return row

    def _on_remove_pickup(self, block: ChildBlock, row: PickupRow) -> None:
        block.pickup_rows.remove(row)
        block.pickups_box.removeWidget(row)
        row.hide()
        row.deleteLater()
        block.update_pickups_hint()
        self._update_tab_order()
        self._on_edited()

    def _renumber(self) -> None:
        for number, block in enumerate(self.guardian_blocks, 1):
            block.set_number(number)
            block.remove_button.setEnabled(len(self.guardian_blocks) > 1)
            block.remove_button.setToolTip(self.tr("Retirer ce responsable du dossier") if len(self.guardian_blocks) > 1
                                           else self.tr("Un dossier garde au moins un responsable."))
        for number, block in enumerate(self.child_blocks, 1):
            block.set_number(number)
        self._update_tab_order()

    def _update_tab_order(self) -> None:
        """Tab goes through the dossier as it reads: row by row, left to right, block by block,
        then the buttons (the grids are filled in another order than they show)."""
        if self._populating:
            return  # once, at the end of _populate
        e = self.edits
        chain: list[QWidget] = [e[key] for key in ("name", "phone", "email", "address_line1", "address_line2",
                                                    "postal_code", "city", "caf_number", "quotient", "notes",
                                                    "quotient_valid_from", "quotient_valid_to")]
        for guardian in self.guardian_blocks:
            g = guardian.edits
            chain += [g["first_name"], g["last_name"], g["relationship"], guardian.payer_radio,
                      guardian.remove_button, g["phone_mobile"], g["phone_work"], g["email"]]
        chain.append(self.add_guardian_button)
        for child in self.child_blocks:
            chain += [child.first_name, child.last_name, child.birth_date, child.sex, child.school,
                      child.photo_allowed, child.may_leave_alone, child.health_notes, child.allergies]
            for row in child.pickup_rows:
                chain += [row.edits["full_name"], row.edits["relationship"], row.edits["phone"], row.remove_button]
            chain += [child.add_pickup_button, child.remove_button]
        chain += [self.add_child_button, self.save_button, self.revert_button, self.archive_button,
                  self.enroll_button]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)

    # --- checking a field when the agent leaves it -------------------------------------------
    def _watch(self, field: FieldWithError, check: Callable[[str], str | None] | None,
               edit: QLineEdit | None = None) -> None:
        edit = edit or field.field
        # The message goes as soon as the value changes (checked again when the agent leaves).
        edit.textChanged.connect(lambda _text: self._field_changed(field))
        if check is not None:
            edit.editingFinished.connect(lambda: field.error.show_message(check(edit.text()) or ""))

    def _wire_family_fields(self) -> None:
        checks: dict[str, Callable[[str], str | None] | None] = {
            "name": lambda t: rules.name_problem(t, self.tr("Le nom de la famille")),
            "phone": rules.phone_problem,
            "email": rules.email_problem,
            "quotient": lambda t: self._read_quotient(t)[1],
            "quotient_valid_from": self._validity_problem,
            "quotient_valid_to": self._validity_problem,
        }
        for key, field in self.fields.items():
            check = checks.get(key)
            if isinstance(field.field, QPlainTextEdit):
                field.field.textChanged.connect(lambda field=field: self._field_changed(field))
            else:
                self._watch(field, check)
        self.edits["name"].editingFinished.connect(self._fill_new_last_names)
        # Both validity dates are checked together (the end may not precede the start).
        self.edits["quotient_valid_from"].editingFinished.connect(self._check_validity_order)
        self.edits["quotient_valid_to"].editingFinished.connect(self._check_validity_order)
        self.edits["quotient_valid_from"].textChanged.connect(self._forget_validity_order)

    def _field_changed(self, field: FieldWithError) -> None:
        field.error.clear_message()
        self._on_edited()

    def _forget_validity_order(self) -> None:
        """The start changed: "the end precedes the start" (shown under the end) may be over."""
        error = self.fields["quotient_valid_to"].error
        if error.text() == self.tr("La fin de validité du quotient précède son début."):
            error.clear_message()

    def _fill_new_last_names(self) -> None:
        """In a new dossier, the family name is the likely last name of its first people."""
        name = self.edits["name"].text().strip()
        if self._view is not None or not name or rules.name_problem(name):
            return
        for block in self.guardian_blocks:
            if not block.edits["last_name"].text().strip():
                block.edits["last_name"].setText(name)
        for block in self.child_blocks:
            if block.child_id is None and not block.last_name.text().strip():
                block.last_name.setText(name)

    def _today(self) -> dt.date:
        return self.state.context.today()

    def _read_date(self, text: str) -> tuple[dt.date | None, str | None]:
        if not text.strip():
            return None, None
        try:
            return parse_date(text), None
        except ValueError:
            return None, self.tr("« %1 » n'est pas une date valide (jj/mm/aaaa).").replace("%1", text.strip())

    def _read_quotient(self, text: str) -> tuple[int | None, str | None]:
        compact = text.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        if not compact:
            return None, None
        try:
            value = int(compact)
        except ValueError:
            return None, self.tr("« %1 » n'est pas un nombre entier (ex. 820).").replace("%1", text.strip())
        return value, rules.quotient_problem(value)

    def _birth_date_problem(self, text: str) -> str | None:
        birth, problem = self._read_date(text)
        return problem or rules.birth_date_problem(birth, self._today())

    def _validity_problem(self, text: str) -> str | None:
        return self._read_date(text)[1]

    def _check_validity_order(self) -> None:
        start, start_problem = self._read_date(self.edits["quotient_valid_from"].text())
        end, end_problem = self._read_date(self.edits["quotient_valid_to"].text())
        if start_problem or end_problem:
            return
        error = self.fields["quotient_valid_to"].error
        if start and end and end < start:
            error.show_message(self.tr("La fin de validité du quotient précède son début."))
        else:
            error.clear_message()

    def _pickup_name_problem(self, text: str) -> str | None:
        if not text.strip():
            return self.tr("Le nom de la personne autorisée est obligatoire.")
        return None

    # --- collecting and showing errors -----------------------------------------------------
    def collect(self) -> tuple[families.FamilyInput, dict[str, str]]:
        """The dossier as typed, and the fields that cannot even be read (dates, quotient)."""
        problems: dict[str, str] = {}
        quotient, problem = self._read_quotient(self.edits["quotient"].text())
        if problem and quotient is None:
            problems["quotient"] = problem
        dates = {}
        for key in ("quotient_valid_from", "quotient_valid_to"):
            dates[key], problem = self._read_date(self.edits[key].text())
            if problem:
                problems[key] = problem
        children = []
        for i, block in enumerate(self.child_blocks):
            birth, problem = self._read_date(block.birth_date.text())
            if problem:
                problems[f"children.{i}.birth_date"] = problem
            children.append(block.value(birth))
        text = {key: _text(self.edits[key]) for key in ("name", "address_line1", "address_line2", "postal_code",
                                                        "city", "phone", "email", "caf_number", "notes")}
        data = families.FamilyInput(
            guardians=tuple(block.value() for block in self.guardian_blocks), children=tuple(children),
            quotient=quotient, **dates, **text,
        )
        return data, problems

    def _clear_errors(self) -> None:
        self._general_errors = []
        self._save_refused = False
        self.error.clear_message()
        self.guardians_error.clear_message()
        self.children_error.clear_message()
        for field in self._all_fields():
            field.error.clear_message()

    def _all_fields(self) -> list[FieldWithError]:
        fields = list(self.fields.values())
        for block in self.guardian_blocks:
            fields += block.fields.values()
        for block in self.child_blocks:
            fields += block.fields.values()
            for row in block.pickup_rows:
                fields += row.fields.values()
        return fields

    def error_label_for(self, key: str) -> ErrorLabel:
        """Where the message of an error key goes ("children.1.birth_date" → under that field)."""
        parts = key.split(".")
        try:
            if len(parts) == 1:
                if key == "guardians":
                    return self.guardians_error
                if key == "children":
                    return self.children_error
                return self.fields[key].error
            index = int(parts[1])
            if parts[0] == "guardians" and len(parts) == 3:
                return self.guardian_blocks[index].fields[parts[2]].error
            if parts[0] == "children" and len(parts) == 3:
                return self.child_blocks[index].fields[parts[2]].error
            if parts[0] == "children" and len(parts) == 5 and parts[2] == "pickups":
                return self.child_blocks[index].pickup_rows[int(parts[3])].fields[parts[4]].error
        except (KeyError, IndexError, ValueError):
            pass
        return self.error

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
            self.scroll.ensureWidgetVisible(first.parentWidget())

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
            if self._view is None:
                view = await self.state.call(families.create_family, data)
            else:
                view = await self.state.call(families.update_family, self._view.id, data)
        except ValidationFailed as invalid:
            self._show_errors(invalid.errors)
            return
        except DomainError as refused:
            self._general_errors = [refused.message]
            self._refresh_summary()
            return
        finally:
            self._set_busy(False)
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
        """False when the agent chose not to save (open the other dossier, or cancel)."""
        found: list[tuple[families.ChildInput, families.SameChild]] = []
        for child in data.children:
            if child.id is None and child.first_name.strip() and child.last_name.strip() and child.birth_date:
                matches = await self.state.call(families.same_child_elsewhere, child.first_name.strip(),
                                                child.last_name.strip(), child.birth_date, self.family_id)
                found += [(child, match) for match in matches]
        if not found:
            return True
        lines = []
        for child, match in found:
            born = {"F": self.tr("née le %1"), "M": self.tr("né le %1")}.get(child.sex, self.tr("né(e) le %1"))
            lines.append(self.tr("%1, %2, existe déjà dans le dossier %3 (%4).")
                         .replace("%1", match.child_name).replace("%2", born.replace("%1", format_date(child.birth_date)))
                         .replace("%3", match.reference).replace("%4", match.family_name))
        if self.duplicate_dialog is not None:
            self.duplicate_dialog.deleteLater()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Enfant déjà connu"), "\n".join(lines),
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
            view = await self.state.call(families.set_archived, self._view.id, not self._view.archived)
        except DomainError as refused:
            self._general_errors = [refused.message]
            self._refresh_summary()
            return
        finally:
            self._set_busy(False)
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
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Archiver le dossier"),
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
