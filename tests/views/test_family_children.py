"""« Enfants », the dossier form's children section: one block per child with the age beside the
birth date; what it gives back to the form (the children as typed, the birth dates that cannot be
read), its messages under its fields, and which children may be removed."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt

from ems_desktop.services.families import ChildInput, ChildView, PickupInput
from ems_desktop.views.family_children import ChildBlock, ChildrenSection
from tests.views.form_helpers import leave, shown

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date(2026, 9, 14)
MONIQUE = PickupInput("Monique Berthier", "grand-mère", "04 79 37 00 11")


def lise(**changes) -> ChildView:
    values = dict(id=uuid.uuid4(), first_name="Lise-Roxelane", last_name="Berthier", birth_date=dt.date(2017, 3, 2),
                  age=9, sex="F", school="École Pierre Grange", health_notes="Asthme", allergies="Arachide",
                  photo_allowed=True, may_leave_alone=False, pickups=(MONIQUE,))
    return ChildView(**{**values, **changes})


def make_section(qtbot, family_name: str = "Berthier") -> ChildrenSection:
    return shown(qtbot, ChildrenSection(lambda: TODAY, lambda: family_name), 800, 600)


def test_a_saved_child_is_shown_with_the_age_and_given_back_as_it_was(qtbot):
    section = make_section(qtbot)
    saved = lise()
    section.set_value((saved,))
    [block] = section.blocks
    assert block.title() == "Enfant 1 — Lise-Roxelane Berthier"
    assert (block.birth_date.text(), block.age_label.text()) == ("02/03/2017", "9 ans")
    assert (block.sex.currentText(), block.school.text()) == ("F", "École Pierre Grange")
    assert (block.health_notes.toPlainText(), block.allergies.toPlainText()) == ("Asthme", "Arachide")
    assert block.photo_allowed.isChecked() and not block.may_leave_alone.isChecked()
    assert [row.value() for row in block.pickup_rows] == [MONIQUE]
    # A saved child stays in the dossier: no "Retirer cet enfant".
    assert not block.remove_button.isVisibleTo(section)

    children, problems = section.collect()
    assert problems == {}
    assert children == (ChildInput("Lise-Roxelane", "Berthier", dt.date(2017, 3, 2), sex="F",
                                   school="École Pierre Grange", health_notes="Asthme", allergies="Arachide",
                                   photo_allowed=True, pickups=(MONIQUE,), id=saved.id),)

    baseline = section.snapshot()
    block.may_leave_alone.setChecked(True)
    assert section.snapshot() != baseline
    block.may_leave_alone.setChecked(False)
    assert section.snapshot() == baseline


def test_the_age_follows_the_birth_date_as_it_is_typed(qtbot):
    block = ChildBlock(lambda: TODAY)
    qtbot.addWidget(block)
    block.birth_date.setText("15/09/2024")
    assert block.age_label.text() == "1 an"
    block.birth_date.setText("14/09/2020")
    assert block.age_label.text() == "6 ans"
    block.birth_date.setText("14/09/20")
    assert block.age_label.text() == ""
    block.birth_date.setText("01/01/2027")  # not born yet: no age
    assert block.age_label.text() == ""


def test_a_new_child_takes_the_family_name_and_may_be_removed_until_saved(qtbot):
    section = make_section(qtbot, family_name="N'Diaye")
    section.set_value(None)
    first = section.blocks[0]
    assert first.title() == "Enfant 1 (nouveau)" and first.remove_button.isVisibleTo(section)
    with qtbot.waitSignal(section.show_requested) as shown, qtbot.waitSignal(section.edited):
        qtbot.mouseClick(section.add_button, LEFT)
    second = section.blocks[1]
    assert shown.args == [second]
    assert second.title() == "Enfant 2 (nouveau) — N'Diaye"

    with qtbot.waitSignal(section.edited):
        qtbot.mouseClick(first.remove_button, LEFT)
    assert section.blocks == [second] and second.title() == "Enfant 1 (nouveau) — N'Diaye"

    # The family name typed later goes into the new children's empty last names only.
    section.set_value((lise(),))
    qtbot.mouseClick(section.add_button, LEFT)
    section.blocks[1].last_name.clear()
    section.fill_last_names("Martin")
    assert [block.last_name.text() for block in section.blocks] == ["Berthier", "Martin"]


def test_each_field_is_checked_when_the_agent_leaves_it(qtbot):
    section = make_section(qtbot)
    section.set_value(None)
    block = section.blocks[0]
    errors = {key: field.error for key, field in block.fields.items()}
    leave(qtbot, block.first_name, "")
    assert errors["first_name"].text() == "Le prénom est obligatoire."
    leave(qtbot, block.birth_date, "")
    assert errors["birth_date"].text() == "La date de naissance est obligatoire (jj/mm/aaaa)."
    leave(qtbot, block.birth_date, "31/02/2018")
    assert errors["birth_date"].text() == "« 31/02/2018 » n'est pas une date valide (jj/mm/aaaa)."
    leave(qtbot, block.birth_date, "01/01/2027")
    assert errors["birth_date"].text() == "La date de naissance est dans le futur."
    with qtbot.waitSignal(section.edited):
        block.first_name.setText("Élias")
    assert errors["first_name"].text() == ""

    # An unreadable birth date is given back to the form as a problem of that child.
    qtbot.mouseClick(section.add_button, LEFT)
    section.blocks[1].birth_date.setText("2018")
    children, problems = section.collect()
    assert problems == {"children.1.birth_date": "« 2018 » n'est pas une date valide (jj/mm/aaaa)."}
    assert children[1].birth_date is None and children[0].birth_date == dt.date(2027, 1, 1)


def test_the_service_s_messages_find_their_place(qtbot):
    section = make_section(qtbot)
    section.set_value((lise(), lise(first_name="Élias", pickups=())))
    elias = section.blocks[1]
    qtbot.mouseClick(elias.add_pickup_button, LEFT)
    qtbot.mouseClick(elias.add_pickup_button, LEFT)
    assert section.error_label_for(["children"]) is section.error
    assert section.error_label_for(["children", "1", "allergies"]) is elias.fields["allergies"].error
    assert (section.error_label_for(["children", "1", "pickups", "1", "phone"])
            is elias.pickup_rows[1].fields["phone"].error)
    for nowhere in (["children", "2", "first_name"], ["children", "1", "pickups", "2", "phone"],
                    ["children", "1", "shoe_size"], ["children", "x", "first_name"], ["guardians"], ["name"]):
        assert section.error_label_for(nowhere) is None, nowhere
    # Every field of every child, its pickups included.
    assert len(section.all_fields()) == 2 * 7 + 3 * 3
