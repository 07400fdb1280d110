"""« Famille », the first section of the dossier form (views/family_form.py): the household's
name, address, telephone, e-mail, CAF number, quotient and its validity, and notes.

Each field is checked when the agent leaves it, with the rules the service applies; the
section gives the form the values as typed and the ones that cannot even be read.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ems_desktop.dates import format_date
from ems_desktop.rules import family as rules
from ems_desktop.services import families
from ems_desktop.views.family_fields import (
    DATE_PLACEHOLDER,
    SECTION_SPACING,
    SteadyField,
    cell,
    grid,
    line,
    read_date,
    section_title,
    set_text,
    text,
    text_box,
    watch,
)
from ems_desktop.views.widgets import ErrorLabel, FieldWithError

LEGEND_STYLE = "color: #555;"
TEXT_KEYS = ("name", "address_line1", "address_line2", "postal_code", "city", "phone", "email", "caf_number",
             "notes")


class HouseholdSection(QWidget):
    """The « Famille » title (with the "* champ obligatoire" legend) and the household's fields."""

    edited = Signal()  # a value changed

    KEYS = ("name", "address_line1", "address_line2", "postal_code", "city", "phone", "email",
            "caf_number", "quotient", "quotient_valid_from", "quotient_valid_to", "notes")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The one-line fields by key, and every field (the notes last) as the form reads them.
        self.lines: dict[str, QLineEdit] = {
            "name": line("", "family_name"),
            "address_line1": line(self.tr("n° et rue"), "address_line1"),
            "address_line2": line(self.tr("bâtiment, lieu-dit…"), "address_line2"),
            "postal_code": line("", "postal_code"),
            "city": line("", "city"),
            "phone": line(self.tr("ex. 04 79 32 10 20"), "family_phone"),
            "email": line(self.tr("prenom.nom@exemple.fr"), "family_email"),
            "caf_number": line("", "caf_number"),
            "quotient": line(self.tr("ex. 820"), "quotient"),
            "quotient_valid_from": line(DATE_PLACEHOLDER, "quotient_valid_from"),
            "quotient_valid_to": line(DATE_PLACEHOLDER, "quotient_valid_to"),
        }
        self.notes = text_box(2)
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {**self.lines, "notes": self.notes}
        self.notes.setObjectName("family_notes")
        self.lines["postal_code"].setMaxLength(10)
        for key in ("quotient_valid_from", "quotient_valid_to"):
            self.lines[key].setMaxLength(10)
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

        box = QFrame()
        box.setObjectName("family_section")
        layout = grid()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(cell(self.tr("Nom de la famille"), self.fields["name"], required=True), 0, 0, 1, 2)
        layout.addWidget(cell(self.tr("Téléphone"), self.fields["phone"]), 0, 2)
        layout.addWidget(cell(self.tr("E-mail"), self.fields["email"]), 0, 3)
        layout.addWidget(cell(self.tr("Adresse"), self.fields["address_line1"]), 1, 0, 1, 2)
        layout.addWidget(cell(self.tr("Adresse (suite)"), self.fields["address_line2"]), 1, 2, 1, 2)
        layout.addWidget(cell(self.tr("Code postal"), self.fields["postal_code"]), 2, 0)
        layout.addWidget(cell(self.tr("Ville"), self.fields["city"]), 2, 1)
        layout.addWidget(cell(self.tr("N° allocataire CAF"), self.fields["caf_number"]), 2, 2)
        layout.addWidget(cell(self.tr("Quotient familial"), self.fields["quotient"]), 2, 3)
        validity_cell = cell(self.tr("Quotient valable"), validity, buddy=self.edits["quotient_valid_from"])
        layout.addWidget(validity_cell, 3, 2, 1, 2)
        layout.addWidget(cell(self.tr("Notes"), self.fields["notes"]), 3, 0, 1, 2)
        box.setLayout(layout)

        self.required_legend = QLabel(self.tr("* champ obligatoire"))
        self.required_legend.setObjectName("required_legend")
        self.required_legend.setStyleSheet(LEGEND_STYLE)
        title = QHBoxLayout()
        title.addWidget(section_title(self.tr("Famille")))
        title.addStretch(1)
        title.addWidget(self.required_legend, 0, Qt.AlignmentFlag.AlignBottom)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SECTION_SPACING)
        column.addLayout(title)
        column.addWidget(box)

        self._wire_fields()

    # --- values ---------------------------------------------------------------------------------
    def set_value(self, view: families.FamilyView | None) -> None:
        """The household of ``view`` (empty fields for a new dossier)."""
        for key, edit in self.edits.items():
            value = getattr(view, key) if view is not None else None
            if key == "quotient":
                value = "" if value is None else str(value)
            elif key.startswith("quotient_valid"):
                value = format_date(value)
            set_text(edit, value or "")

    def collect(self) -> tuple[dict, dict[str, str]]:
        """The household as typed (``families.FamilyInput``'s own fields), and the fields that
        cannot even be read (the quotient, its validity dates) with why."""
        problems: dict[str, str] = {}
        quotient, problem = self.read_quotient(self.lines["quotient"].text())
        if problem and quotient is None:
            problems["quotient"] = problem
        values: dict = {"quotient": quotient}
        for key in ("quotient_valid_from", "quotient_valid_to"):
            values[key], problem = read_date(self.lines[key].text())
            if problem:
                problems[key] = problem
        values.update({key: text(self.edits[key]) for key in TEXT_KEYS})
        return values, problems

    def family_name(self) -> str:
        return self.lines["name"].text().strip()

    def snapshot(self) -> tuple:
        return tuple(text(self.edits[key]) for key in self.KEYS)

    def all_fields(self) -> list[FieldWithError]:
        return list(self.fields.values())

    def error_label_for(self, key: str) -> ErrorLabel | None:
        """Where the message of an error key of the household goes (None: not one of its fields)."""
        field = self.fields.get(key)
        return field.error if field is not None else None

    def tab_chain(self) -> list[QWidget]:
        """The fields as they read: row by row, left to right."""
        return [self.edits[key] for key in ("name", "phone", "email", "address_line1", "address_line2",
                                            "postal_code", "city", "caf_number", "quotient", "notes",
                                            "quotient_valid_from", "quotient_valid_to")]

    # --- checking a field when the agent leaves it -------------------------------------------
    def _wire_fields(self) -> None:
        checks: dict[str, Callable[[str], str | None] | None] = {
            "name": lambda t: rules.name_problem(t, self.tr("Le nom de la famille")),
            "phone": rules.phone_problem,
            "email": rules.email_problem,
            "quotient": lambda t: self.read_quotient(t)[1],
            "quotient_valid_from": self._validity_problem,
            "quotient_valid_to": self._validity_problem,
        }
        for key, field in self.fields.items():
            check = checks.get(key)
            if isinstance(field.field, QPlainTextEdit):
                field.field.textChanged.connect(lambda field=field: self._field_changed(field))
            else:
                watch(field, check, self._field_changed)
        # Both validity dates are checked together (the end may not precede the start).
        self.lines["quotient_valid_from"].editingFinished.connect(self._check_validity_order)
        self.lines["quotient_valid_to"].editingFinished.connect(self._check_validity_order)
        self.lines["quotient_valid_from"].textChanged.connect(self._forget_validity_order)

    def _field_changed(self, field: FieldWithError) -> None:
        field.error.clear_message()
        self.edited.emit()

    def read_quotient(self, typed: str) -> tuple[int | None, str | None]:
        """The quotient as typed: the number and what is wrong with it ((None, None) when empty)."""
        compact = typed.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        if not compact:
            return None, None
        try:
            value = int(compact)
        except ValueError:
            return None, self.tr("« %1 » n'est pas un nombre entier (ex. 820).").replace("%1", typed.strip())
        return value, rules.quotient_problem(value)

    def _validity_problem(self, typed: str) -> str | None:
        return read_date(typed)[1]

    def _check_validity_order(self) -> None:
        start, start_problem = read_date(self.lines["quotient_valid_from"].text())
        end, end_problem = read_date(self.lines["quotient_valid_to"].text())
        if start_problem or end_problem:
            return
        error = self.fields["quotient_valid_to"].error
        if start and end and end < start:
            error.show_message(self.tr("La fin de validité du quotient précède son début."))
        else:
            error.clear_message()

    def _forget_validity_order(self) -> None:
        """The start changed: "the end precedes the start" (shown under the end) may be over."""
        error = self.fields["quotient_valid_to"].error
        if error.text() == self.tr("La fin de validité du quotient précède son début."):
            error.clear_message()
