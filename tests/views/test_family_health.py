"""A child's health and authorisations in the dossier form: « Santé » and « Allergies », the two
authorisations, and the people allowed to pick the child up; what each gives back to the child's
block, and the messages under the pickups' fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ems_desktop.services.families import PickupInput
from ems_desktop.views.family_health import Authorisations, Health, HealthFields, Permissions, PickupList
from tests.views.form_helpers import W, leave, shown as show_at

LEFT = Qt.MouseButton.LeftButton
MONIQUE = PickupInput("Monique Berthier", "grand-mère", "04 79 37 00 11")
JEAN = PickupInput("Jean-Noël Lefèvre", "voisin")


def shown(qtbot, widget: W) -> W:
    return show_at(qtbot, widget, 700, 200)


def test_health_notes_and_allergies_are_shown_and_given_back(qtbot):
    health = shown(qtbot, HealthFields())
    captions = {label.buddy(): label.text() for label in health.findChildren(QLabel) if label.buddy()}
    assert captions == {health.health_notes: "Santé", health.allergies: "Allergies"}
    assert health.health_notes.placeholderText() == "Traitement, PAI, asthme…"
    health.set_value(Health("Asthme : Ventoline dans le sac.", "Arachide"))
    assert health.value() == Health("Asthme : Ventoline dans le sac.", "Arachide")

    # A message under a box (from the service) goes as soon as the text changes.
    health.fields["allergies"].error.show_message("Trop long.")
    with qtbot.waitSignal(health.edited):
        health.allergies.setPlainText("Arachide, kiwi")
    assert health.fields["allergies"].error.text() == ""
    assert health.value().allergies == "Arachide, kiwi"


def test_the_authorisations_are_shown_and_given_back(qtbot):
    boxes = shown(qtbot, Authorisations())
    assert (boxes.photo_allowed.text(), boxes.may_leave_alone.text()) == ("Droit à l'image", "Peut partir seul")
    assert boxes.value() == Permissions(False, False)
    boxes.set_value(Permissions(photo_allowed=True, may_leave_alone=False))
    assert boxes.photo_allowed.isChecked() and not boxes.may_leave_alone.isChecked()
    with qtbot.waitSignal(boxes.edited):
        boxes.may_leave_alone.click()
    assert boxes.value() == Permissions(True, True)


def test_no_one_else_then_people_added_and_removed(qtbot):
    pickups = shown(qtbot, PickupList())
    assert pickups.rows == [] and pickups.value() == ()
    assert pickups.no_pickup_label.text() == "Personne d'autre que les responsables."
    assert pickups.no_pickup_label.isVisibleTo(pickups) and not pickups.header.isVisibleTo(pickups)

    with qtbot.waitSignal(pickups.edited), qtbot.waitSignal(pickups.rows_changed):
        qtbot.mouseClick(pickups.add_button, LEFT)
    [row] = pickups.rows
    assert pickups.header.isVisibleTo(pickups) and not pickups.no_pickup_label.isVisibleTo(pickups)
    assert [label.text() for label in pickups.header.findChildren(QLabel)] == ["Prénom et nom *", "Lien", "Téléphone"]
    row.edits["full_name"].setText("Monique Berthier")
    row.edits["relationship"].setText("grand-mère")
    row.edits["phone"].setText("04 79 37 00 11")
    assert pickups.value() == (MONIQUE,)

    pickups.set_value((MONIQUE, JEAN))
    assert pickups.value() == (MONIQUE, JEAN) and len(pickups.rows) == 2
    assert pickups.tab_chain()[-1] is pickups.add_button
    with qtbot.waitSignal(pickups.edited):
        qtbot.mouseClick(pickups.rows[0].remove_button, LEFT)
    assert pickups.value() == (JEAN,)
    qtbot.mouseClick(pickups.rows[0].remove_button, LEFT)
    assert pickups.rows == [] and pickups.no_pickup_label.isVisibleTo(pickups)


def test_a_pickup_s_fields_are_checked_when_the_agent_leaves_them(qtbot):
    pickups = shown(qtbot, PickupList())
    pickups.set_value((MONIQUE, JEAN))
    row = pickups.rows[1]
    leave(qtbot, row.edits["full_name"], "  ")
    assert row.fields["full_name"].error.text() == "Le nom de la personne autorisée est obligatoire."
    leave(qtbot, row.edits["phone"], "99")
    assert row.fields["phone"].error.text() == "« 99 » n'est pas un numéro de téléphone français (ex. 06 12 34 56 78)."
    leave(qtbot, row.edits["relationship"], "")
    assert row.fields["relationship"].error.text() == ""  # the lien may stay empty
    with qtbot.waitSignal(pickups.edited):
        row.edits["phone"].setText("06 11 22 33 44")
    assert row.fields["phone"].error.text() == ""

    # Where the service's messages go: under the field of that person.
    assert pickups.error_label_for(1, "full_name") is row.fields["full_name"].error
    assert pickups.error_label_for(2, "full_name") is None and pickups.error_label_for(0, "age") is None
    assert len(pickups.all_fields()) == 6
