"""« Responsables », the dossier form's guardians section: one block per guardian, exactly one
payer, at least one guardian kept; what it gives back to the form, and its messages under its
fields."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ems_desktop.services.families import GuardianInput
from ems_desktop.views.family_guardians import GuardianBlock, GuardiansSection
from tests.views.form_helpers import leave, shown

LEFT = Qt.MouseButton.LeftButton
CLAIRE = GuardianInput("Claire", "Berthier", False, "mère", "06 12 34 56 78", "04 79 10 20 30",
                       "claire.berthier@exemple.fr")
MARC = GuardianInput("Marc", "Berthier", True, "père")


def make_section(qtbot, family_name: str = "Berthier") -> GuardiansSection:
    return shown(qtbot, GuardiansSection(lambda: family_name), 800, 400)


def test_a_new_dossier_has_one_guardian_the_payer_who_cannot_be_removed(qtbot):
    section = make_section(qtbot)
    section.set_value(None)
    [block] = section.blocks
    assert block.title() == "Responsable 1" and block.payer_radio.isChecked()
    assert not block.remove_button.isEnabled()
    assert block.remove_button.toolTip() == "Un dossier garde au moins un responsable."
    assert section.value() == (GuardianInput("", "", True),)


def test_saved_guardians_are_shown_and_given_back_with_their_payer(qtbot):
    section = make_section(qtbot)
    section.set_value((CLAIRE, MARC))
    assert [block.title() for block in section.blocks] == ["Responsable 1", "Responsable 2"]
    assert section.blocks[0].edits["phone_work"].text() == "04 79 10 20 30"
    assert [block.payer_radio.isChecked() for block in section.blocks] == [False, True]
    assert section.value() == (CLAIRE, MARC)
    assert all(block.remove_button.isEnabled() for block in section.blocks)

    # Saved without a payer (an old dossier): the first guardian is shown as the payer.
    section.set_value((GuardianInput("Claire", "Berthier"), GuardianInput("Marc", "Berthier")))
    assert [block.payer_radio.isChecked() for block in section.blocks] == [True, False]


def test_adding_a_guardian_takes_the_family_name_and_exactly_one_stays_payer(qtbot):
    section = make_section(qtbot, family_name="N'Diaye")
    section.set_value(None)
    first = section.blocks[0]
    with qtbot.waitSignal(section.show_requested) as shown, qtbot.waitSignal(section.edited):
        qtbot.mouseClick(section.add_button, LEFT)
    second = section.blocks[1]
    assert shown.args == [second]
    assert second.title() == "Responsable 2" and second.edits["last_name"].text() == "N'Diaye"
    assert not second.payer_radio.isChecked() and first.remove_button.isEnabled()

    second.payer_radio.click()
    assert second.payer_radio.isChecked() and not first.payer_radio.isChecked()
    # The payer leaves: the first one left becomes the payer, and stays.
    with qtbot.waitSignal(section.edited):
        qtbot.mouseClick(second.remove_button, LEFT)
    assert section.blocks == [first] and first.payer_radio.isChecked() and not first.remove_button.isEnabled()

    # Only the empty last names take the family name.
    section.blocks[0].edits["last_name"].setText("Çelik")
    qtbot.mouseClick(section.add_button, LEFT)
    section.fill_last_names("Martin")
    assert [block.edits["last_name"].text() for block in section.blocks] == ["Çelik", "N'Diaye"]
    section.blocks[1].edits["last_name"].clear()
    section.fill_last_names("Martin")
    assert section.blocks[1].edits["last_name"].text() == "Martin"


def test_each_field_is_checked_when_the_agent_leaves_it(qtbot):
    block = GuardianBlock()
    qtbot.addWidget(block)
    block.show()
    errors = {key: field.error for key, field in block.fields.items()}
    leave(qtbot, block.edits["first_name"], "")
    assert errors["first_name"].text() == "Le prénom est obligatoire."
    leave(qtbot, block.edits["last_name"], "Berthier2")
    assert errors["last_name"].text() == (
        "Le nom ne peut contenir que des lettres, espaces, traits d'union et apostrophes.")
    leave(qtbot, block.edits["phone_mobile"], "06")
    assert errors["phone_mobile"].text() == "« 06 » n'est pas un numéro de téléphone français (ex. 06 12 34 56 78)."
    leave(qtbot, block.edits["email"], "claire")
    assert errors["email"].text() == "« claire » n'est pas une adresse e-mail valide (ex. prenom.nom@exemple.fr)."
    with qtbot.waitSignal(block.edited):
        block.edits["phone_mobile"].setText("06 12 34 56 78")
    assert errors["phone_mobile"].text() == "" and errors["email"].text() != ""


def test_the_service_s_messages_find_their_place(qtbot):
    section = make_section(qtbot)
    section.set_value((CLAIRE, MARC))
    assert section.error_label_for(["guardians"]) is section.error
    assert section.error_label_for(["guardians", "1", "email"]) is section.blocks[1].fields["email"].error
    for nowhere in (["guardians", "2", "email"], ["guardians", "1", "shoe_size"], ["guardians", "x", "email"],
                    ["children"], ["name"]):
        assert section.error_label_for(nowhere) is None, nowhere
    assert section.all_fields()[0] is section.blocks[0].fields["first_name"]
    assert len(section.all_fields()) == 12

    # The section's own message ("one payer…") goes when the payer changes or a guardian is added.
    section.error.show_message("Un seul responsable peut être payeur.")
    section.blocks[0].payer_radio.click()
    assert section.error.text() == ""
    section.error.show_message("Un seul responsable peut être payeur.")
    qtbot.mouseClick(section.add_button, LEFT)
    assert section.error.text() == ""
