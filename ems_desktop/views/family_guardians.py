"""« Responsables », the second section of the dossier form (views/family_form.py): one block
per guardian (names, lien, téléphones, e-mail), exactly one of them the payer, at least one kept.

Each field is checked when the agent leaves it, with the rules the service applies.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.rules import family as rules
from ems_desktop.services import families
from ems_desktop.views.family_fields import BlockSection, SteadyField, cell, grid, line, relayout, watch
from ems_desktop.views.widgets import ErrorLabel, FieldWithError


class GuardianBlock(QGroupBox):
    """Prénom, nom, lien, téléphones, e-mail and the "Payeur" radio of one guardian."""

    edited = Signal()  # a value changed, or the payer radio

    KEYS = ("first_name", "last_name", "relationship", "phone_mobile", "phone_work", "email")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits = {
            "first_name": line("", "guardian_first_name"),
            "last_name": line("", "guardian_last_name"),
            "relationship": line(self.tr("mère, père, tuteur…"), "guardian_relationship"),
            "phone_mobile": line(self.tr("ex. 06 12 34 56 78"), "guardian_phone_mobile"),
            "phone_work": line("", "guardian_phone_work"),
            "email": line(self.tr("ex. prenom.nom@exemple.fr"), "guardian_email"),
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

        layout = grid()
        layout.addWidget(cell(self.tr("Prénom"), self.fields["first_name"], required=True), 0, 0)
        layout.addWidget(cell(self.tr("Nom"), self.fields["last_name"], required=True), 0, 1)
        layout.addWidget(cell(self.tr("Lien avec l'enfant"), self.fields["relationship"]), 0, 2)
        layout.addWidget(actions, 0, 3)
        layout.addWidget(cell(self.tr("Portable"), self.fields["phone_mobile"]), 1, 0)
        layout.addWidget(cell(self.tr("Téléphone travail"), self.fields["phone_work"]), 1, 1)
        layout.addWidget(cell(self.tr("E-mail"), self.fields["email"]), 1, 2, 1, 2)
        self.setLayout(layout)

        checks: dict[str, Callable[[str], str | None] | None] = {
            "first_name": lambda t: rules.name_problem(t, self.tr("Le prénom")),
            "last_name": lambda t: rules.name_problem(t, self.tr("Le nom")),
            "relationship": None,
            "phone_mobile": rules.phone_problem,
            "phone_work": rules.phone_problem,
            "email": rules.email_problem,
        }
        for key, check in checks.items():
            watch(self.fields[key], check, self._field_changed)
        self.payer_radio.toggled.connect(lambda _on: self.edited.emit())

    def _field_changed(self, field: FieldWithError) -> None:
        field.error.clear_message()
        self.edited.emit()

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

    def tab_chain(self) -> list[QWidget]:
        g = self.edits
        return [g["first_name"], g["last_name"], g["relationship"], self.payer_radio, self.remove_button,
                g["phone_mobile"], g["phone_work"], g["email"]]


class GuardiansSection(BlockSection):
    """The « Responsables » title, the section's own message (no payer…), the blocks and
    « Ajouter un responsable ». Exactly one block is the payer; the last one cannot be removed."""

    blocks: list[GuardianBlock]  # never rebound: the form keeps it as guardian_blocks

    def __init__(self, family_name: Callable[[], str], parent: QWidget | None = None) -> None:
        """``family_name``: the household's name as typed, the likely last name of a new guardian."""
        super().__init__(self.tr("Responsables"), "guardians_error", self.tr("Ajouter un responsable"),
                         "add_guardian", parent)
        self._family_name = family_name
        self.payer_group = QButtonGroup(self)
        self.payer_group.setExclusive(True)
        self.add_button.clicked.connect(self.add_guardian)

    # --- values ---------------------------------------------------------------------------------
    def set_value(self, guardians: tuple[families.GuardianInput, ...] | None) -> None:
        """These guardians (None, a new dossier: one empty block, the payer)."""
        for block in list(self.blocks):
            self._drop(block)
        if guardians is None:
            self._add_block().payer_radio.setChecked(True)
            relayout(self, *self.blocks)
            return
        for guardian in guardians:
            self._add_block().set_value(guardian)
        if self.payer_group.checkedButton() is None and self.blocks:
            self.blocks[0].payer_radio.setChecked(True)
        relayout(self, *self.blocks)

    def value(self) -> tuple[families.GuardianInput, ...]:
        return tuple(block.value() for block in self.blocks)

    def fill_last_names(self, name: str) -> None:
        """The family name into the blocks whose last name is still empty."""
        for block in self.blocks:
            if not block.edits["last_name"].text().strip():
                block.edits["last_name"].setText(name)

    def all_fields(self) -> list[FieldWithError]:
        return [field for block in self.blocks for field in block.fields.values()]

    def error_label_for(self, parts: list[str]) -> ErrorLabel | None:
        """Where the message of an error key goes (["guardians"], ["guardians", "1", "email"]);
        None when there is no such place."""
        if parts == ["guardians"]:
            return self.error
        try:
            if parts[0] == "guardians" and len(parts) == 3:
                return self.blocks[int(parts[1])].fields[parts[2]].error
        except (KeyError, IndexError, ValueError):
            pass
        return None

    # --- blocks ---------------------------------------------------------------------------------
    def add_guardian(self) -> None:
        """« Ajouter un responsable »: a block with the family's name, the payer if none is."""
        self.error.clear_message()
        block = self._add_block()
        if not block.edits["last_name"].text():
            block.edits["last_name"].setText(self._family_name())
        if self.payer_group.checkedButton() is None:
            block.payer_radio.setChecked(True)
        self.edited.emit()
        block.edits["first_name"].setFocus()
        self.show_requested.emit(block)

    def _add_block(self) -> GuardianBlock:
        block = GuardianBlock()
        self._attach(block)
        self.payer_group.addButton(block.payer_radio)
        block.payer_radio.toggled.connect(lambda _on: self.error.clear_message())
        relayout(self)
        self._renumber()
        return block

    def _on_remove(self, block: GuardianBlock) -> None:
        self.error.clear_message()
        was_payer = block.payer_radio.isChecked()
        self._drop(block)
        if was_payer and self.blocks:
            self.blocks[0].payer_radio.setChecked(True)
        self._renumber()
        self.edited.emit()

    def _drop(self, block: GuardianBlock) -> None:
        self.payer_group.removeButton(block.payer_radio)
        super()._drop(block)

    def _renumber(self) -> None:
        several = len(self.blocks) > 1
        for block in self.blocks:
            block.remove_button.setEnabled(several)
            block.remove_button.setToolTip(self.tr("Retirer ce responsable du dossier") if several
                                           else self.tr("Un dossier garde au moins un responsable."))
        super()._renumber()
