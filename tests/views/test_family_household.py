"""« Famille », the dossier form's household section: what it shows of a saved dossier, what it
gives back to the form (values as typed, the fields that cannot be read), and its messages under
its fields when the agent leaves them."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtWidgets import QLabel

from ems_desktop.services import families
from ems_desktop.services.families import GuardianInput
from ems_desktop.views.family_household import HouseholdSection
from tests.views.form_helpers import leave, shown


def make_section(qtbot) -> HouseholdSection:
    return shown(qtbot, HouseholdSection(), 800, 300)


def berthier(**changes) -> families.FamilyView:
    view = families.FamilyView(
        id=uuid.uuid4(), reference="A01-00001", name="Berthier",
        guardians=(GuardianInput("Claire", "Berthier", True),), children=(),
        address_line1="8 rue Gambetta", address_line2="Bâtiment C", postal_code="73200", city="Albertville",
        phone="04 79 32 10 20", email="famille.berthier@exemple.fr", caf_number="7654321", quotient=820,
        quotient_valid_from=dt.date(2026, 1, 1), quotient_valid_to=dt.date(2026, 12, 31),
        notes="Préfère être appelée le matin.", archived=False,
    )
    return view if not changes else families.FamilyView(**{**view.__dict__, **changes})


def captions(section) -> dict:
    return {label.buddy(): label.text() for label in section.findChildren(QLabel) if label.buddy() is not None}


def test_a_saved_household_is_shown_in_french_and_given_back_as_typed(qtbot):
    section = make_section(qtbot)
    section.set_value(berthier())
    e = section.edits
    assert (e["name"].text(), e["city"].text(), e["quotient"].text()) == ("Berthier", "Albertville", "820")
    assert (e["quotient_valid_from"].text(), e["quotient_valid_to"].text()) == ("01/01/2026", "31/12/2026")
    assert e["notes"].toPlainText() == "Préfère être appelée le matin."

    values, problems = section.collect()
    assert problems == {}
    data = families.FamilyInput(guardians=(), **values)
    assert data == families.FamilyInput(
        name="Berthier", guardians=(), address_line1="8 rue Gambetta", address_line2="Bâtiment C",
        postal_code="73200", city="Albertville", phone="04 79 32 10 20", email="famille.berthier@exemple.fr",
        caf_number="7654321", quotient=820, quotient_valid_from=dt.date(2026, 1, 1),
        quotient_valid_to=dt.date(2026, 12, 31), notes="Préfère être appelée le matin.")
    assert section.family_name() == "Berthier"

    # A new dossier: every field empty, nothing unreadable; no quotient is None, not 0.
    before = section.snapshot()
    section.set_value(None)
    assert section.snapshot() != before and all(value == "" for value in section.snapshot())
    values, problems = section.collect()
    assert problems == {} and values["quotient"] is None and values["quotient_valid_from"] is None


def test_the_required_field_is_starred_and_the_legend_says_so(qtbot):
    section = make_section(qtbot)
    by_field = captions(section)
    assert by_field[section.edits["name"]] == "Nom de la famille *"
    assert by_field[section.edits["phone"]] == "Téléphone"
    assert [text for text in by_field.values() if text.endswith("*")] == ["Nom de la famille *"]
    assert section.required_legend.text() == "* champ obligatoire" and section.required_legend.isVisibleTo(section)


def test_each_field_is_checked_when_the_agent_leaves_it_and_the_message_goes_as_soon_as_it_changes(qtbot):
    section = make_section(qtbot)
    e, errors = section.edits, {key: field.error for key, field in section.fields.items()}

    leave(qtbot, e["name"], "")
    assert errors["name"].text() == "Le nom de la famille est obligatoire." and errors["name"].isVisibleTo(section)
    leave(qtbot, e["phone"], "06")
    assert errors["phone"].text() == "« 06 » n'est pas un numéro de téléphone français (ex. 06 12 34 56 78)."
    leave(qtbot, e["email"], "famille@")
    assert errors["email"].text() == (
        "« famille@ » n'est pas une adresse e-mail valide (ex. prenom.nom@exemple.fr).")
    leave(qtbot, e["quotient"], "huit cents")
    assert errors["quotient"].text() == "« huit cents » n'est pas un nombre entier (ex. 820)."
    leave(qtbot, e["quotient_valid_from"], "31/02/2026")
    assert errors["quotient_valid_from"].text() == "« 31/02/2026 » n'est pas une date valide (jj/mm/aaaa)."

    with qtbot.waitSignal(section.edited):
        e["phone"].setText("04 79 32 10 20")
    assert errors["phone"].text() == "" and errors["name"].text() == "Le nom de la famille est obligatoire."
    leave(qtbot, e["phone"], "04 79 32 10 20")
    assert errors["phone"].text() == ""

    # Unreadable values are given back to the form as problems, with the rest as typed.
    values, problems = section.collect()
    assert problems == {"quotient": "« huit cents » n'est pas un nombre entier (ex. 820).",
                        "quotient_valid_from": "« 31/02/2026 » n'est pas une date valide (jj/mm/aaaa)."}
    assert values["phone"] == "04 79 32 10 20" and values["quotient"] is None
    assert section.error_label_for("quotient") is errors["quotient"]
    assert section.error_label_for("guardians") is None and section.error_label_for("nowhere") is None


def test_the_quotient_s_validity_may_not_end_before_it_starts(qtbot):
    section = make_section(qtbot)
    e, end_error = section.edits, section.fields["quotient_valid_to"].error
    leave(qtbot, e["quotient_valid_from"], "01/09/2026")
    leave(qtbot, e["quotient_valid_to"], "31/08/2026")
    assert end_error.text() == "La fin de validité du quotient précède son début."
    # Changing the start may end the problem: its message goes at once.
    e["quotient_valid_from"].setText("01/01/2026")
    assert end_error.text() == ""
    leave(qtbot, e["quotient_valid_to"], "31/12/2026")
    assert end_error.text() == ""
    leave(qtbot, e["quotient"], "-3")
    assert section.fields["quotient"].error.text() == "Le quotient familial ne peut pas être négatif."
