"""« Enfants », the third section of the dossier form (views/family_form.py): one block per child
(identity, birth date with the age, school, then the health and authorisations of
views/family_health.py). A child not saved yet may be removed; a saved one stays in the dossier.

Each field is checked when the agent leaves it, with the rules the service applies.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ems_desktop.dates import age_on, format_date, parse_date
from ems_desktop.rules import family as rules
from ems_desktop.services import families
from ems_desktop.views.family_fields import (
    DATE_PLACEHOLDER,
    BlockSection,
    SteadyField,
    cell,
    grid,
    line,
    read_date,
    relayout,
    watch,
)
from ems_desktop.views.family_health import Authorisations, Health, HealthFields, Permissions, PickupList
from ems_desktop.views.widgets import ErrorLabel, FieldWithError

SEXES = (("—", ""), ("F", "F"), ("M", "M"))


class ChildBlock(QGroupBox):
    """One child: identity, birth date with the age, health, authorisations, pickups."""

    edited = Signal()        # a value changed, a person allowed to pick the child up added or removed
    rows_changed = Signal()  # a person added or removed (the tab order follows)

    def __init__(self, today: Callable[[], dt.date], child_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.child_id = child_id
        self._today = today
        self._number = 1
        self.first_name = line("", "child_first_name")
        self.last_name = line("", "child_last_name")
        self.birth_date = line(DATE_PLACEHOLDER, "child_birth_date")
        self.birth_date.setMaxLength(10)
        self.age_label = QLabel()
        self.age_label.setObjectName("child_age")
        self.age_label.setMinimumWidth(self.age_label.fontMetrics().horizontalAdvance("88 ans") + 4)
        self.sex = QComboBox()
        self.sex.setObjectName("child_sex")
        for label, value in SEXES:
            self.sex.addItem(label, value)
        self.sex.setToolTip(self.tr("F : fille, M : garçon, — : non renseigné"))
        self.school = line(self.tr("ex. École Pierre Grange"), "child_school")
        self.health = HealthFields()
        self.authorisations = Authorisations()
        self.pickups = PickupList()
        # The health and authorisations' widgets, where the form and its tests have always found them.
        self.health_notes = self.health.health_notes
        self.allergies = self.health.allergies
        self.photo_allowed = self.authorisations.photo_allowed
        self.may_leave_alone = self.authorisations.may_leave_alone
        self.pickup_rows = self.pickups.rows
        self.pickups_header = self.pickups.header
        self.no_pickup_label = self.pickups.no_pickup_label
        self.add_pickup_button = self.pickups.add_button

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
            **self.health.fields,
        }
        birth_cell = cell(self.tr("Né(e) le"), self.fields["birth_date"], required=True, buddy=self.birth_date)

        self.remove_button = QPushButton(self.tr("Retirer cet enfant"))
        self.remove_button.setObjectName("remove_child")
        self.remove_button.setToolTip(self.tr("Cet enfant n'est pas encore enregistré : il peut être retiré."))
        self.pickups.footer.addWidget(self.remove_button)

        layout = grid()
        layout.addWidget(cell(self.tr("Prénom"), self.fields["first_name"], required=True), 0, 0)
        layout.addWidget(cell(self.tr("Nom"), self.fields["last_name"], required=True), 0, 1)
        layout.addWidget(birth_cell, 0, 2)
        layout.addWidget(cell(self.tr("Sexe"), self.fields["sex"]), 0, 3)
        layout.addWidget(cell(self.tr("École"), self.fields["school"]), 1, 0, 1, 2)
        layout.addWidget(self.authorisations, 1, 2, 1, 2, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self.health, 2, 0, 1, 4)
        column = QVBoxLayout(self)
        column.addLayout(layout)
        column.addWidget(self.pickups)

        self.first_name.textChanged.connect(self._update_title)
        self.last_name.textChanged.connect(self._update_title)
        self.birth_date.textChanged.connect(self.update_age)
        watch(self.fields["first_name"], lambda t: rules.name_problem(t, self.tr("Le prénom")), self._field_changed)
        watch(self.fields["last_name"], lambda t: rules.name_problem(t, self.tr("Le nom")), self._field_changed)
        watch(self.fields["birth_date"], self._birth_date_problem, self._field_changed, edit=self.birth_date)
        watch(self.fields["school"], None, self._field_changed)
        self.sex.currentIndexChanged.connect(lambda _i: self._field_changed(self.fields["sex"]))
        self.health.edited.connect(self.edited)
        self.authorisations.edited.connect(self.edited)
        self.pickups.edited.connect(self.edited)
        self.pickups.rows_changed.connect(self.rows_changed)
        # Only once in the block: shown while still without a parent, the button would open as a
        # window of its own and take the keyboard focus from the main window.
        self.remove_button.setVisible(child_id is None)

    def _field_changed(self, field: FieldWithError) -> None:
        field.error.clear_message()
        self.edited.emit()

    def _birth_date_problem(self, typed: str) -> str | None:
        birth, problem = read_date(typed)
        return problem or rules.birth_date_problem(birth, self._today())

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

    # -- values ----------------------------------------------------------------------------
    def set_value(self, child: families.ChildView) -> None:
        """The child as saved, the people allowed to pick them up included."""
        self.first_name.setText(child.first_name)
        self.last_name.setText(child.last_name)
        self.birth_date.setText(format_date(child.birth_date))
        self.sex.setCurrentIndex(max(0, self.sex.findData(child.sex)))
        self.school.setText(child.school)
        self.health.set_value(Health(child.health_notes, child.allergies))
        self.authorisations.set_value(Permissions(child.photo_allowed, child.may_leave_alone))
        self.pickups.set_value(child.pickups)

    def value(self, birth_date: dt.date | None) -> families.ChildInput:
        health, permissions = self.health.value(), self.authorisations.value()
        return families.ChildInput(
            first_name=self.first_name.text(), last_name=self.last_name.text(), birth_date=birth_date,
            sex=self.sex.currentData() or "", school=self.school.text(),
            health_notes=health.health_notes, allergies=health.allergies,
            photo_allowed=permissions.photo_allowed, may_leave_alone=permissions.may_leave_alone,
            pickups=self.pickups.value(), id=self.child_id,
        )

    def collect(self) -> tuple[families.ChildInput, str | None]:
        """The child as typed, and why the birth date cannot be read (None when it can)."""
        birth, problem = read_date(self.birth_date.text())
        return self.value(birth), problem

    def snapshot(self) -> tuple:
        return (self.child_id, self.first_name.text(), self.last_name.text(), self.birth_date.text(),
                self.sex.currentIndex(), self.school.text(), *self.health.value(),
                *self.authorisations.value(), self.pickups.snapshot())

    def all_fields(self) -> list[FieldWithError]:
        return list(self.fields.values()) + self.pickups.all_fields()

    def error_label_for(self, parts: list[str]) -> ErrorLabel | None:
        """Under one of its fields ([key]) or a pickup's (["pickups", "1", "phone"]); None when
        there is no such field."""
        try:
            if len(parts) == 1:
                return self.fields[parts[0]].error
            if len(parts) == 3 and parts[0] == "pickups":
                return self.pickups.error_label_for(int(parts[1]), parts[2])
        except (KeyError, ValueError):
            pass
        return None

    def tab_chain(self) -> list[QWidget]:
        return [self.first_name, self.last_name, self.birth_date, self.sex, self.school, self.photo_allowed,
                self.may_leave_alone, self.health_notes, self.allergies] + self.pickups.tab_chain() \
            + [self.remove_button]


class ChildrenSection(BlockSection):
    """The « Enfants » title, the section's own message, the blocks and « Ajouter un enfant »."""

    blocks: list[ChildBlock]  # never rebound: the form keeps it as child_blocks

    def __init__(self, today: Callable[[], dt.date], family_name: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        """``today``: the counter's date (ages, birth dates in the future); ``family_name``: the
        household's name as typed, the likely last name of a new child."""
        super().__init__(self.tr("Enfants"), "children_error", self.tr("Ajouter un enfant"), "add_child", parent)
        self._today = today
        self._family_name = family_name
        self.add_button.clicked.connect(self.add_child)

    # --- values ---------------------------------------------------------------------------------
    def set_value(self, children: tuple[families.ChildView, ...] | None) -> None:
        """These children (None, a new dossier: one empty block)."""
        for block in list(self.blocks):
            self._drop(block)
        if children is None:
            self._add_block(None)
        else:
            for child in children:
                self._add_block(child.id).set_value(child)
        relayout(self, *self.blocks)

    def collect(self) -> tuple[tuple[families.ChildInput, ...], dict[str, str]]:
        """The children as typed, and the birth dates that cannot be read ("children.1.birth_date")."""
        children = []
        problems: dict[str, str] = {}
        for i, block in enumerate(self.blocks):
            child, problem = block.collect()
            if problem:
                problems[f"children.{i}.birth_date"] = problem
            children.append(child)
        return tuple(children), problems

    def fill_last_names(self, name: str) -> None:
        """The family name into the new children whose last name is still empty."""
        for block in self.blocks:
            if block.child_id is None and not block.last_name.text().strip():
                block.last_name.setText(name)

    def all_fields(self) -> list[FieldWithError]:
        return [field for block in self.blocks for field in block.all_fields()]

    def error_label_for(self, parts: list[str]) -> ErrorLabel | None:
        """Where the message of an error key goes (["children"], ["children", "1", "birth_date"],
        ["children", "1", "pickups", "0", "phone"]); None when there is no such place."""
        if parts == ["children"]:
            return self.error
        try:
            if parts[0] == "children" and len(parts) in (3, 5):
                return self.blocks[int(parts[1])].error_label_for(parts[2:])
        except (IndexError, ValueError):
            pass
        return None

    # --- blocks ---------------------------------------------------------------------------------
    def add_child(self) -> None:
        """« Ajouter un enfant »: a new block with the family's name, the cursor in its first name."""
        self.error.clear_message()
        block = self._add_block(None)
        block.last_name.setText(self._family_name())
        self.edited.emit()
        block.first_name.setFocus()
        self.show_requested.emit(block)

    def _add_block(self, child_id: uuid.UUID | None) -> ChildBlock:
        block = ChildBlock(self._today, child_id)
        self._attach(block)
        block.rows_changed.connect(self.rows_changed)
        relayout(self)
        self._renumber()
        return block

    def _on_remove(self, block: ChildBlock) -> None:
        if block.child_id is not None:
            return  # an enrolled or invoiced child stays in the dossier
        self.error.clear_message()
        self._drop(block)
        self._renumber()
        self.edited.emit()
