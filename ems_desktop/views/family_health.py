"""A child's health and authorisations, in the child's block of the dossier form
(views/family_children.py): « Santé » and « Allergies », « Droit à l'image » and « Peut partir
seul », and the people allowed to pick the child up.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ems_desktop.rules import family as rules
from ems_desktop.services import families
from ems_desktop.views.family_fields import (
    CAPTION_STYLE,
    REQUIRED_MARK,
    SteadyField,
    blocks_tab_chain,
    cell,
    drop_block,
    grid,
    line,
    relayout,
    text_box,
    watch,
)
from ems_desktop.views.widgets import ErrorLabel, FieldWithError


class Health(NamedTuple):
    """What « Santé » and « Allergies » hold (``families.ChildInput``'s fields of the same names)."""

    health_notes: str
    allergies: str


class Permissions(NamedTuple):
    """What the authorisations' boxes say (``families.ChildInput``'s fields of the same names)."""

    photo_allowed: bool
    may_leave_alone: bool


class HealthFields(QWidget):
    """« Santé » and « Allergies », side by side (each as wide as two columns of the child's grid)."""

    edited = Signal()  # a value changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.health_notes = text_box(2)
        self.health_notes.setObjectName("child_health_notes")
        self.health_notes.setPlaceholderText(self.tr("Traitement, PAI, asthme…"))
        self.allergies = text_box(2)
        self.allergies.setObjectName("child_allergies")
        self.allergies.setPlaceholderText(self.tr("Aliments, médicaments, piqûres…"))
        self.fields: dict[str, FieldWithError] = {
            "health_notes": SteadyField(self.health_notes),
            "allergies": SteadyField(self.allergies),
        }
        layout = grid(2)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(cell(self.tr("Santé"), self.fields["health_notes"]), 0, 0)
        layout.addWidget(cell(self.tr("Allergies"), self.fields["allergies"]), 0, 1)
        self.setLayout(layout)
        for box, field in zip((self.health_notes, self.allergies), self.fields.values(), strict=True):
            box.textChanged.connect(lambda field=field: self._field_changed(field))

    def _field_changed(self, field: FieldWithError) -> None:
        field.error.clear_message()
        self.edited.emit()

    def set_value(self, health: Health) -> None:
        self.health_notes.setPlainText(health.health_notes)
        self.allergies.setPlainText(health.allergies)

    def value(self) -> Health:
        return Health(self.health_notes.toPlainText(), self.allergies.toPlainText())


class Authorisations(QWidget):
    """« Droit à l'image » and « Peut partir seul », one under the other."""

    edited = Signal()  # a box was ticked or unticked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo_allowed = QCheckBox(self.tr("Droit à l'image"))
        self.photo_allowed.setToolTip(self.tr("Les responsables autorisent les photos de l'enfant pendant "
                                              "les activités"))
        self.may_leave_alone = QCheckBox(self.tr("Peut partir seul"))
        self.may_leave_alone.setToolTip(self.tr("L'enfant peut quitter l'activité sans être accompagné"))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.photo_allowed)
        column.addWidget(self.may_leave_alone)
        self.photo_allowed.toggled.connect(lambda _on: self.edited.emit())
        self.may_leave_alone.toggled.connect(lambda _on: self.edited.emit())

    def set_value(self, permissions: Permissions) -> None:
        self.photo_allowed.setChecked(permissions.photo_allowed)
        self.may_leave_alone.setChecked(permissions.may_leave_alone)

    def value(self) -> Permissions:
        return Permissions(self.photo_allowed.isChecked(), self.may_leave_alone.isChecked())


class PickupRow(QWidget):
    """A person allowed to pick the child up: name, lien, téléphone."""

    edited = Signal()  # a value changed

    KEYS = ("full_name", "relationship", "phone")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits = {
            "full_name": line(self.tr("Prénom et nom"), "pickup_full_name"),
            "relationship": line(self.tr("Lien (grand-mère, voisin…)"), "pickup_relationship"),
            "phone": line(self.tr("Téléphone"), "pickup_phone"),
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
        watch(self.fields["full_name"], self._name_problem, self._field_changed)
        watch(self.fields["relationship"], None, self._field_changed)
        watch(self.fields["phone"], rules.phone_problem, self._field_changed)

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

    def _name_problem(self, typed: str) -> str | None:
        if not typed.strip():
            return self.tr("Le nom de la personne autorisée est obligatoire.")
        return None

    def _field_changed(self, field: FieldWithError) -> None:
        field.error.clear_message()
        self.edited.emit()

    def set_value(self, pickup: families.PickupInput) -> None:
        for key in self.KEYS:
            self.edits[key].setText(getattr(pickup, key))

    def value(self) -> families.PickupInput:
        return families.PickupInput(**{key: self.edits[key].text() for key in self.KEYS})

    def snapshot(self) -> tuple:
        return tuple(self.edits[key].text() for key in self.KEYS)

    def tab_chain(self) -> list[QWidget]:
        return [self.edits["full_name"], self.edits["relationship"], self.edits["phone"], self.remove_button]


class PickupList(QWidget):
    """« Personnes autorisées à venir le chercher »: one row per person, « Ajouter une personne »
    (``footer`` keeps room on its right for the block's own button)."""

    edited = Signal()        # a value changed, a person was added or removed
    rows_changed = Signal()  # a person was added or removed (the tab order follows)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PickupRow] = []  # never rebound: the child's block keeps it as pickup_rows
        self.rows_box = QVBoxLayout()
        self.rows_box.setContentsMargins(0, 0, 0, 0)
        self.rows_box.setSpacing(4)
        self.no_pickup_label = QLabel(self.tr("Personne d'autre que les responsables."))
        self.no_pickup_label.setStyleSheet("color: #666;")
        self.add_button = QPushButton(self.tr("Ajouter une personne"))
        self.add_button.setObjectName("add_pickup")
        self.add_button.clicked.connect(self.add_person)

        title = QLabel(self.tr("Personnes autorisées à venir le chercher"))
        title.setStyleSheet("font-weight: 600;")
        self.footer = QHBoxLayout()
        self.footer.addWidget(self.add_button)
        self.footer.addStretch(1)
        self.header = PickupRow.header()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.header)
        layout.addLayout(self.rows_box)
        layout.addWidget(self.no_pickup_label)
        layout.addLayout(self.footer)
        self.update_hint()

    def update_hint(self) -> None:
        """« Personne d'autre que les responsables. » while the list is empty, the captions otherwise."""
        self.no_pickup_label.setVisible(not self.rows)
        self.header.setVisible(bool(self.rows))
        relayout(self)

    def set_value(self, pickups: tuple[families.PickupInput, ...]) -> None:
        for row in list(self.rows):
            self._drop(row)
        for pickup in pickups:
            self._add_row().set_value(pickup)
        relayout(self, *self.rows)

    def value(self) -> tuple[families.PickupInput, ...]:
        return tuple(row.value() for row in self.rows)

    def snapshot(self) -> tuple:
        return tuple(row.snapshot() for row in self.rows)

    def all_fields(self) -> list[FieldWithError]:
        return [field for row in self.rows for field in row.fields.values()]

    def error_label_for(self, index: int, key: str) -> ErrorLabel | None:
        """Under field ``key`` of the ``index``-th person (None when there is no such field)."""
        try:
            return self.rows[index].fields[key].error
        except (KeyError, IndexError):
            return None

    def tab_chain(self) -> list[QWidget]:
        return blocks_tab_chain(self.rows, self.add_button)

    def add_person(self) -> None:
        """« Ajouter une personne »: an empty row, the cursor in its name."""
        row = self._add_row()
        self.rows_changed.emit()
        self.edited.emit()
        row.edits["full_name"].setFocus()

    def _add_row(self) -> PickupRow:
        row = PickupRow()
        self.rows.append(row)
        self.rows_box.addWidget(row)
        row.edited.connect(self.edited)
        row.remove_button.clicked.connect(lambda: self._on_remove(row))
        self.update_hint()
        return row

    def _on_remove(self, row: PickupRow) -> None:
        self._drop(row)
        self.rows_changed.emit()
        self.edited.emit()

    def _drop(self, row: PickupRow) -> None:
        drop_block(self.rows, self.rows_box, row)
        self.update_hint()
