"""The family dossier form: typed, saved, read back; checked field by field in French; the
duplicate-child warning; archiving; what may and may not be removed."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import func, select

from ems_desktop.dates import age_on, format_date
from ems_desktop.models import Family
from ems_desktop.models.journal import JournalEntry
from ems_desktop.services import families
from ems_desktop.services.families import ChildInput, FamilyInput, GuardianInput, PickupInput
from ems_desktop.views.family_form import FamilyForm

LEFT = Qt.MouseButton.LeftButton


# --- helpers -----------------------------------------------------------------------------------

def make_form(qtbot, app_state) -> FamilyForm:
    form = FamilyForm(app_state)
    qtbot.addWidget(form)
    form.resize(800, 700)
    form.show()
    return form


def load(qtbot, form: FamilyForm, family_id: uuid.UUID) -> None:
    task = asyncio.ensure_future(form.load(family_id))
    qtbot.waitUntil(task.done)
    task.result()


def save(qtbot, form: FamilyForm) -> families.FamilyView:
    with qtbot.waitSignal(form.saved) as blocker:
        qtbot.mouseClick(form.save_button, LEFT)
    return blocker.args[0]


def journal_entries(app_state, family_id: uuid.UUID) -> list[str]:
    """The journal's actions on a family, oldest first."""
    with app_state.context.reading() as s:
        return list(s.scalars(select(JournalEntry.action).where(JournalEntry.entity_id == family_id)
                              .order_by(JournalEntry.recorded_at, JournalEntry.chain_seq)))


def family_count(app_state) -> int:
    with app_state.context.reading() as s:
        return s.scalar(select(func.count()).select_from(Family))


def today(app_state) -> dt.date:
    return app_state.context.now().date()


def years_ago(app_state, years: int, days: int = 40) -> dt.date:
    """A birth date giving a child ``years`` years today (whatever year the tests run)."""
    now = today(app_state)
    return now.replace(year=now.year - years, day=min(now.day, 28)) - dt.timedelta(days=days)


def type_text(qtbot, edit, text: str) -> None:
    """Key presses carrying each character (QTest's keyClicks only knows ASCII: é, ç, ë need this)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(edit, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_and_leave(qtbot, edit, text: str) -> None:
    """Type like the agent, then Enter: the field is checked as when the agent leaves it."""
    edit.clear()
    type_text(qtbot, edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def create_berthier(app_state, birth: dt.date) -> families.FamilyView:
    return families.create_family(app_state.context, FamilyInput(
        name="Berthier",
        guardians=(GuardianInput("Claire", "Berthier", True, "mère", "06 12 34 56 78"),),
        children=(ChildInput("Lise-Roxelane", "Berthier", birth, sex="F", school="École Pierre Grange",
                             pickups=(PickupInput("Monique Berthier", "grand-mère", "04 79 37 00 11"),)),),
        address_line1="8 rue Gambetta", postal_code="73200", city="Albertville", quotient=820,
    ))


# --- create, read back, edit, read back ------------------------------------------------------

def test_a_new_dossier_typed_in_the_form_is_saved_and_every_field_reads_back(qtbot, app_state):
    form = make_form(qtbot, app_state)
    assert form.family_id is None and form.title_label.text() == "Nouveau dossier"
    assert len(form.guardian_blocks) == 1 and form.guardian_blocks[0].payer_radio.isChecked()
    assert len(form.child_blocks) == 1 and not form.has_unsaved_changes()
    assert not form.archive_button.isEnabled() and not form.enroll_button.isEnabled()

    e = form.edits
    type_and_leave(qtbot, e["name"], "N'Diaye")
    # In a new dossier the family name fills the empty last names of its first people.
    assert form.guardian_blocks[0].edits["last_name"].text() == "N'Diaye"
    assert form.child_blocks[0].last_name.text() == "N'Diaye"
    assert form.has_unsaved_changes() and form.revert_button.isEnabled()
    e["address_line1"].setText("12 rue de la République")
    e["address_line2"].setText("Bâtiment C")
    e["postal_code"].setText("73200")
    e["city"].setText("Albertville")
    e["phone"].setText("0479321020")
    e["email"].setText("famille.ndiaye@exemple.fr")
    e["caf_number"].setText("7654321")
    e["quotient"].setText("640")
    e["quotient_valid_from"].setText("01/01/2026")
    e["quotient_valid_to"].setText("31/12/2026")
    e["notes"].setPlainText("Préfère être appelée le matin.")

    zoe = form.guardian_blocks[0]
    type_text(qtbot, zoe.edits["first_name"], "Zoé")
    zoe.edits["relationship"].setText("mère")
    zoe.edits["phone_mobile"].setText("0612345678")
    zoe.edits["phone_work"].setText("+33 4 79 10 20 30")
    zoe.edits["email"].setText("zoe.ndiaye@exemple.fr")
    qtbot.mouseClick(form.add_guardian_button, LEFT)
    ahmed = form.guardian_blocks[1]
    assert ahmed.title() == "Responsable 2" and ahmed.edits["last_name"].text() == "N'Diaye"
    assert not ahmed.payer_radio.isChecked()
    ahmed.edits["first_name"].setText("Ahmed")
    ahmed.edits["last_name"].clear()
    type_text(qtbot, ahmed.edits["last_name"], "Çelik")
    ahmed.edits["relationship"].setText("beau-père")
    ahmed.payer_radio.click()
    assert ahmed.payer_radio.isChecked() and not zoe.payer_radio.isChecked()  # exactly one payer

    lise_birth = years_ago(app_state, 9)
    lise = form.child_blocks[0]
    lise.first_name.setText("Lise-Roxelane")
    type_and_leave(qtbot, lise.birth_date, format_date(lise_birth))
    assert lise.age_label.text() == f"{age_on(lise_birth, today(app_state))} ans" == "9 ans"
    assert lise.title() == "Enfant 1 (nouveau) — Lise-Roxelane N'Diaye"
    lise.sex.setCurrentIndex(lise.sex.findText("F"))
    lise.school.setText("École Pierre Grange")
    lise.health_notes.setPlainText("Asthme : Ventoline dans le sac.")
    lise.allergies.setPlainText("Arachide")
    lise.photo_allowed.setChecked(True)
    lise.may_leave_alone.setChecked(False)
    assert not lise.pickups_header.isVisibleTo(form)
    qtbot.mouseClick(lise.add_pickup_button, LEFT)
    assert lise.pickups_header.isVisibleTo(form)
    pickup = lise.pickup_rows[0]
    pickup.edits["full_name"].setText("Monique Berthier")
    pickup.edits["relationship"].setText("grand-mère")
    pickup.edits["phone"].setText("0479370011")

    elias_birth = years_ago(app_state, 12)
    qtbot.mouseClick(form.add_child_button, LEFT)
    elias = form.child_blocks[1]
    assert elias.last_name.text() == "N'Diaye"
    elias.first_name.setText("Élias")
    elias.birth_date.setText(format_date(elias_birth))
    elias.sex.setCurrentIndex(elias.sex.findText("M"))
    elias.may_leave_alone.setChecked(True)

    view = save(qtbot, form)
    assert view.reference == "A01-00001" and form.family_id == view.id
    assert form.title_label.text() == "Dossier A01-00001"
    assert form.status_label.text() == "Dossier enregistré."
    assert not form.has_unsaved_changes() and form.archive_button.isEnabled() and form.enroll_button.isEnabled()

    stored = families.get_family(app_state.context, view.id)
    assert (stored.name, stored.address_line1, stored.address_line2, stored.postal_code, stored.city) == (
        "N'Diaye", "12 rue de la République", "Bâtiment C", "73200", "Albertville")
    assert (stored.phone, stored.email, stored.caf_number, stored.quotient) == (
        "04 79 32 10 20", "famille.ndiaye@exemple.fr", "7654321", 640)
    assert (stored.quotient_valid_from, stored.quotient_valid_to) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert stored.notes == "Préfère être appelée le matin."
    assert stored.guardians == (
        GuardianInput("Zoé", "N'Diaye", False, "mère", "06 12 34 56 78", "04 79 10 20 30", "zoe.ndiaye@exemple.fr"),
        GuardianInput("Ahmed", "Çelik", True, "beau-père", "", "", ""),
    )
    by_name = {c.first_name: c for c in stored.children}
    assert set(by_name) == {"Lise-Roxelane", "Élias"}
    assert (by_name["Lise-Roxelane"].last_name, by_name["Lise-Roxelane"].birth_date) == ("N'Diaye", lise_birth)
    assert by_name["Lise-Roxelane"].pickups == (PickupInput("Monique Berthier", "grand-mère", "04 79 37 00 11"),)
    assert (by_name["Élias"].sex, by_name["Élias"].may_leave_alone, by_name["Élias"].photo_allowed) == (
        "M", True, False)

    # Read back in a fresh form: every field shows what was typed (phones as stored).
    again = make_form(qtbot, app_state)
    load(qtbot, again, view.id)
    assert again.family_id == view.id and not again.has_unsaved_changes()
    assert again.title_label.text() == "Dossier A01-00001" and not again.archived_label.isVisibleTo(again)
    values = {key: (w.toPlainText() if key == "notes" else w.text()) for key, w in again.edits.items()}
    assert values == {
        "name": "N'Diaye", "address_line1": "12 rue de la République", "address_line2": "Bâtiment C",
        "postal_code": "73200", "city": "Albertville", "phone": "04 79 32 10 20",
        "email": "famille.ndiaye@exemple.fr", "caf_number": "7654321", "quotient": "640",
        "quotient_valid_from": "01/01/2026", "quotient_valid_to": "31/12/2026",
        "notes": "Préfère être appelée le matin.",
    }
    assert [b.value() for b in again.guardian_blocks] == list(stored.guardians)
    assert [b.payer_radio.isChecked() for b in again.guardian_blocks] == [False, True]
    children = {b.first_name.text(): b for b in again.child_blocks}
    lise2, elias2 = children["Lise-Roxelane"], children["Élias"]
    assert (lise2.last_name.text(), lise2.birth_date.text(), lise2.age_label.text()) == (
        "N'Diaye", format_date(lise_birth), "9 ans")
    assert (lise2.sex.currentText(), lise2.school.text()) == ("F", "École Pierre Grange")
    assert (lise2.health_notes.toPlainText(), lise2.allergies.toPlainText()) == ("Asthme : Ventoline dans le sac.",
                                                                                 "Arachide")
    assert (lise2.photo_allowed.isChecked(), lise2.may_leave_alone.isChecked()) == (True, False)
    assert [r.value() for r in lise2.pickup_rows] == [PickupInput("Monique Berthier", "grand-mère", "04 79 37 00 11")]
    assert (elias2.sex.currentText(), elias2.birth_date.text(), elias2.age_label.text()) == (
        "M", format_date(elias_birth), "12 ans")
    assert (elias2.photo_allowed.isChecked(), elias2.may_leave_alone.isChecked()) == (False, True)
    assert elias2.pickup_rows == [] and elias2.no_pickup_label.isVisibleTo(again)

    # Edit, save, read back once more.
    again.edits["quotient"].setText("455")
    again.edits["quotient_valid_to"].clear()
    again.edits["address_line2"].clear()
    qtbot.mouseClick(again.guardian_blocks[1].remove_button, LEFT)  # the payer leaves: Zoé becomes payer
    assert len(again.guardian_blocks) == 1 and again.guardian_blocks[0].payer_radio.isChecked()
    assert not again.guardian_blocks[0].remove_button.isEnabled()  # at least one guardian stays
    lise2.pickup_rows[0].edits["phone"].setText("06 11 22 33 44")
    qtbot.mouseClick(lise2.add_pickup_button, LEFT)
    lise2.pickup_rows[1].edits["full_name"].setText("Jean-Noël Lefèvre")
    lise2.pickup_rows[1].edits["relationship"].setText("voisin")
    elias2.sex.setCurrentIndex(elias2.sex.findText("—"))
    elias2.school.setText("Collège Jean Moulin")
    lise2.photo_allowed.setChecked(False)
    assert again.has_unsaved_changes()
    edited = save(qtbot, again)
    assert edited.id == view.id and edited.reference == "A01-00001"
    assert family_count(app_state) == 1

    third = make_form(qtbot, app_state)
    load(qtbot, third, view.id)
    assert (third.edits["quotient"].text(), third.edits["quotient_valid_to"].text(),
            third.edits["address_line2"].text()) == ("455", "", "")
    assert [b.value() for b in third.guardian_blocks] == [
        GuardianInput("Zoé", "N'Diaye", True, "mère", "06 12 34 56 78", "04 79 10 20 30", "zoe.ndiaye@exemple.fr")]
    children = {b.first_name.text(): b for b in third.child_blocks}
    assert [r.value() for r in children["Lise-Roxelane"].pickup_rows] == [
        PickupInput("Monique Berthier", "grand-mère", "06 11 22 33 44"),
        PickupInput("Jean-Noël Lefèvre", "voisin", ""),
    ]
    assert not children["Lise-Roxelane"].photo_allowed.isChecked()
    assert (children["Élias"].sex.currentData(), children["Élias"].school.text()) == ("", "Collège Jean Moulin")


def test_ctrl_s_saves(qtbot, app_state):
    form = make_form(qtbot, app_state)
    with qtbot.waitActive(form):
        form.activateWindow()
    form.edits["name"].setText("Lefèvre")
    guardian = form.guardian_blocks[0]
    guardian.edits["first_name"].setText("Anne-Sophie")
    guardian.edits["last_name"].setText("Lefèvre")
    child = form.child_blocks[0]
    child.first_name.setText("Maëlys")
    child.last_name.setText("Lefèvre")
    child.birth_date.setText(format_date(years_ago(app_state, 8)))
    child.first_name.setFocus()
    with qtbot.waitSignal(form.saved) as blocker:
        qtbot.keyClick(child.first_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].children[0].first_name == "Maëlys"
    assert family_count(app_state) == 1


# --- checks next to the field ------------------------------------------------------------------

FUTURE = "future"
ADULT = "adult"


@pytest.mark.parametrize("where, typed, message", [
    ("name", "", "Le nom de la famille est obligatoire."),
    ("name", "Dupont2",
     "Le nom de la famille ne peut contenir que des lettres, espaces, traits d'union et apostrophes."),
    ("birth_date", "31/02/2010", "« 31/02/2010 » n'est pas une date valide (jj/mm/aaaa)."),
    ("birth_date", FUTURE, "La date de naissance est dans le futur."),
    ("birth_date", ADULT, "Cet enfant a plus de 18 ans : l'École Municipale des Sports accueille des mineurs."),
    ("guardian_email", "claire@exemple",
     "« claire@exemple » n'est pas une adresse e-mail valide (ex. prenom.nom@exemple.fr)."),
    ("family_email", "claire.exemple.fr",
     "« claire.exemple.fr » n'est pas une adresse e-mail valide (ex. prenom.nom@exemple.fr)."),
    ("guardian_phone", "06 12 34", "« 06 12 34 » n'est pas un numéro de téléphone français (ex. 06 12 34 56 78)."),
    ("family_phone", "12345678901", "« 12345678901 » n'est pas un numéro de téléphone français (ex. 06 12 34 56 78)."),
    ("quotient", "-20", "Le quotient familial ne peut pas être négatif."),
    ("quotient", "huit cents", "« huit cents » n'est pas un nombre entier (ex. 820)."),
    ("quotient", "820,5", "« 820,5 » n'est pas un nombre entier (ex. 820)."),
    ("quotient_valid_from", "1 janvier", "« 1 janvier » n'est pas une date valide (jj/mm/aaaa)."),
])
def test_each_field_is_checked_in_french_when_the_agent_leaves_it(qtbot, app_state, where, typed, message):
    form = make_form(qtbot, app_state)
    guardian, child = form.guardian_blocks[0], form.child_blocks[0]
    targets = {
        "name": (form.edits["name"], form.fields["name"]),
        "birth_date": (child.birth_date, child.fields["birth_date"]),
        "guardian_email": (guardian.edits["email"], guardian.fields["email"]),
        "family_email": (form.edits["email"], form.fields["email"]),
        "guardian_phone": (guardian.edits["phone_mobile"], guardian.fields["phone_mobile"]),
        "family_phone": (form.edits["phone"], form.fields["phone"]),
        "quotient": (form.edits["quotient"], form.fields["quotient"]),
        "quotient_valid_from": (form.edits["quotient_valid_from"], form.fields["quotient_valid_from"]),
    }
    edit, field = targets[where]
    if typed == FUTURE:
        typed = format_date(today(app_state) + dt.timedelta(days=30))
    elif typed == ADULT:
        typed = format_date(years_ago(app_state, 19))
    type_and_leave(qtbot, edit, typed)
    assert field.error.isVisibleTo(form) and field.error.text() == message
    if where == "birth_date":  # the age is shown when it explains the refusal
        assert child.age_label.text() == ("19 ans" if "18 ans" in message else "")
    # Once corrected, the message goes away.
    fixed = {"name": "Berthier", "birth_date": format_date(years_ago(app_state, 10)), "quotient": "820",
             "quotient_valid_from": "01/09/2026"}.get(where, "")
    if where.endswith("email"):
        fixed = "claire.berthier@exemple.fr"
    if where.endswith("phone"):
        fixed = "06 12 34 56 78"
    type_and_leave(qtbot, edit, fixed)
    assert not field.error.isVisibleTo(form) and field.error.text() == ""
    if where == "birth_date":
        assert child.age_label.text() == "10 ans"
    assert family_count(app_state) == 0


def test_the_end_of_the_quotient_validity_cannot_precede_its_start(qtbot, app_state):
    form = make_form(qtbot, app_state)
    type_and_leave(qtbot, form.edits["quotient_valid_from"], "01/09/2026")
    type_and_leave(qtbot, form.edits["quotient_valid_to"], "31/08/2026")
    assert form.fields["quotient_valid_to"].error.text() == "La fin de validité du quotient précède son début."
    type_and_leave(qtbot, form.edits["quotient_valid_to"], "31/08/2027")
    assert form.fields["quotient_valid_to"].error.text() == ""


def test_a_pickup_needs_a_name_and_a_french_phone(qtbot, app_state):
    form = make_form(qtbot, app_state)
    child = form.child_blocks[0]
    qtbot.mouseClick(child.add_pickup_button, LEFT)
    row = child.pickup_rows[0]
    type_and_leave(qtbot, row.edits["phone"], "079")
    assert row.fields["phone"].error.text() == "« 079 » n'est pas un numéro de téléphone français (ex. 06 12 34 56 78)."
    type_and_leave(qtbot, row.edits["full_name"], "")
    assert row.fields["full_name"].error.text() == "Le nom de la personne autorisée est obligatoire."
    qtbot.mouseClick(row.remove_button, LEFT)
    assert child.pickup_rows == [] and child.no_pickup_label.isVisibleTo(form)


def fill_valid_new_family(form: FamilyForm, app_state) -> None:
    name = form.edits["name"]
    assert isinstance(name, QLineEdit)  # the family's name is a one-line field
    name.setText("Martin")
    form.guardian_blocks[0].edits["first_name"].setText("Claire")
    form.guardian_blocks[0].edits["last_name"].setText("Martin")
    child = form.child_blocks[0]
    child.first_name.setText("Hugo")
    child.last_name.setText("Martin")
    child.birth_date.setText(format_date(years_ago(app_state, 10)))


def test_the_services_refusals_are_shown_under_their_fields_and_nothing_is_saved(qtbot, app_state):
    form = make_form(qtbot, app_state)
    fill_valid_new_family(form, app_state)
    # setText does not check the field: these reach the save, and the service refuses them.
    form.edits["name"].setText("")
    form.edits["quotient"].setText("-5")
    form.guardian_blocks[0].edits["email"].setText("claire@")
    form.guardian_blocks[0].edits["phone_work"].setText("01 02")
    qtbot.mouseClick(form.add_child_button, LEFT)
    second = form.child_blocks[1]
    second.first_name.setText("Léa")
    second.last_name.setText("Martin")
    second.birth_date.setText(format_date(years_ago(app_state, 25)))
    qtbot.mouseClick(second.add_pickup_button, LEFT)
    qtbot.mouseClick(second.add_pickup_button, LEFT)
    second.pickup_rows[0].edits["full_name"].setText("Paul Martin")
    second.pickup_rows[1].edits["full_name"].setText("Jeanne Martin")
    second.pickup_rows[1].edits["phone"].setText("99")

    qtbot.mouseClick(form.save_button, LEFT)
    qtbot.waitUntil(lambda: form.fields["name"].error.isVisibleTo(form))
    assert form.fields["name"].error.text() == "Le nom de la famille est obligatoire."
    assert form.fields["quotient"].error.text() == "Le quotient familial ne peut pas être négatif."
    guardian = form.guardian_blocks[0]
    assert guardian.fields["email"].error.text() == (
        "« claire@ » n'est pas une adresse e-mail valide (ex. prenom.nom@exemple.fr).")
    assert guardian.fields["phone_work"].error.text() == (
        "« 01 02 » n'est pas un numéro de téléphone français (ex. 06 12 34 56 78).")
    assert second.fields["birth_date"].error.text() == (
        "Cet enfant a plus de 18 ans : l'École Municipale des Sports accueille des mineurs.")
    assert second.pickup_rows[1].fields["phone"].error.text() == (
        "« 99 » n'est pas un numéro de téléphone français (ex. 06 12 34 56 78).")
    assert second.pickup_rows[0].fields["phone"].error.text() == ""
    assert form.child_blocks[0].fields["birth_date"].error.text() == ""
    assert form.error.text() == "Le dossier n'est pas enregistré : corrigez les champs signalés en rouge."
    assert form.family_id is None and form.save_button.isEnabled()
    assert family_count(app_state) == 0

    # Corrected, it saves; the old messages are gone.
    form.edits["name"].setText("Martin")
    form.edits["quotient"].setText("500")
    guardian.edits["email"].setText("claire.martin@exemple.fr")
    guardian.edits["phone_work"].setText("")
    second.birth_date.setText(format_date(years_ago(app_state, 14)))
    second.pickup_rows[1].edits["phone"].setText("0612345678")
    view = save(qtbot, form)
    assert family_count(app_state) == 1 and len(view.children) == 2
    assert form.error.text() == "" and not form.fields["name"].error.isVisibleTo(form)


def test_unreadable_dates_and_quotient_are_refused_with_the_other_problems_at_once(qtbot, app_state):
    form = make_form(qtbot, app_state)
    fill_valid_new_family(form, app_state)
    form.edits["name"].setText("")
    form.edits["quotient"].setText("beaucoup")
    form.edits["quotient_valid_to"].setText("32/01/2027")
    form.child_blocks[0].birth_date.setText("31/02/2010")
    qtbot.mouseClick(form.save_button, LEFT)
    qtbot.waitUntil(lambda: form.fields["quotient"].error.isVisibleTo(form))
    assert form.fields["quotient"].error.text() == "« beaucoup » n'est pas un nombre entier (ex. 820)."
    assert form.fields["quotient_valid_to"].error.text() == "« 32/01/2027 » n'est pas une date valide (jj/mm/aaaa)."
    assert form.child_blocks[0].fields["birth_date"].error.text() == (
        "« 31/02/2010 » n'est pas une date valide (jj/mm/aaaa).")
    assert form.fields["name"].error.text() == "Le nom de la famille est obligatoire."
    assert family_count(app_state) == 0


def test_every_error_key_of_the_service_has_its_place(qtbot, app_state):
    form = make_form(qtbot, app_state)
    qtbot.mouseClick(form.add_guardian_button, LEFT)
    qtbot.mouseClick(form.add_child_button, LEFT)
    child = form.child_blocks[1]
    qtbot.mouseClick(child.add_pickup_button, LEFT)
    qtbot.mouseClick(child.add_pickup_button, LEFT)
    assert form.error_label_for("name") is form.fields["name"].error
    assert form.error_label_for("quotient_valid_to") is form.fields["quotient_valid_to"].error
    assert form.error_label_for("guardians") is form.guardians_error
    assert form.error_label_for("guardians.1.email") is form.guardian_blocks[1].fields["email"].error
    assert form.error_label_for("children.1.birth_date") is child.fields["birth_date"].error
    assert form.error_label_for("children.1.sex") is child.fields["sex"].error
    assert form.error_label_for("children.1.pickups.1.phone") is child.pickup_rows[1].fields["phone"].error
    assert form.error_label_for("counter") is form.error
    assert form.error_label_for("children.7.first_name") is form.error


# --- the same child in another dossier ---------------------------------------------------------

def test_a_child_already_known_elsewhere_is_announced_before_saving(qtbot, app_state):
    birth = years_ago(app_state, 9)
    berthier = create_berthier(app_state, birth)
    form = make_form(qtbot, app_state)
    form.edits["name"].setText("Berthier-Roux")
    form.guardian_blocks[0].edits["first_name"].setText("Julien")
    form.guardian_blocks[0].edits["last_name"].setText("Roux")
    child = form.child_blocks[0]
    child.first_name.setText("lise-roxelane")  # typed without capitals: still the same child
    child.last_name.setText("BERTHIER")
    child.birth_date.setText(format_date(birth))
    child.sex.setCurrentIndex(child.sex.findText("F"))

    def warned():
        qtbot.mouseClick(form.save_button, LEFT)
        qtbot.waitUntil(lambda: form.duplicate_dialog is not None and form.duplicate_dialog.isVisible())
        return form.duplicate_dialog

    dialog = warned()
    assert dialog.text() == (f"Lise-Roxelane Berthier, née le {format_date(birth)}, existe déjà dans le dossier "
                             f"A01-00001 (Berthier).")
    assert [b.text() for b in (dialog.open_button, dialog.save_anyway_button, dialog.cancel_button)] == [
        "Ouvrir ce dossier", "Enregistrer quand même", "Annuler"]
    with qtbot.waitSignal(form.open_family_requested) as blocker:
        qtbot.mouseClick(dialog.open_button, LEFT)
    assert blocker.args == [berthier.id]
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert family_count(app_state) == 1 and form.family_id is None and form.has_unsaved_changes()

    dialog = warned()
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    qtbot.waitUntil(form.save_button.isEnabled)
    assert not dialog.isVisible() and family_count(app_state) == 1

    dialog = warned()
    with qtbot.waitSignal(form.saved) as blocker:
        qtbot.mouseClick(dialog.save_anyway_button, LEFT)
    assert blocker.args[0].reference == "A01-00002" and family_count(app_state) == 2

    # Once saved the child is no longer "being added": editing the dossier asks nothing.
    form.edits["city"].setText("Ugine")
    save(qtbot, form)
    assert form.duplicate_dialog is dialog and not dialog.isVisible()


def test_the_known_child_in_its_own_dossier_is_no_duplicate(qtbot, app_state):
    birth = years_ago(app_state, 9)
    berthier = create_berthier(app_state, birth)
    form = make_form(qtbot, app_state)
    load(qtbot, form, berthier.id)
    form.edits["city"].setText("Albertville Cedex")
    view = save(qtbot, form)
    assert view.city == "Albertville Cedex" and form.duplicate_dialog is None
    # A boy with a namesake's name but another birth date is not announced either.
    qtbot.mouseClick(form.add_child_button, LEFT)
    brother = form.child_blocks[-1]
    brother.first_name.setText("Noé")
    brother.birth_date.setText(format_date(years_ago(app_state, 6)))
    view = save(qtbot, form)
    assert form.duplicate_dialog is None and len(view.children) == 2


# --- archive, enroll, revert, what can be removed ----------------------------------------------

def archive_dialog_shown(qtbot, form: FamilyForm):
    qtbot.waitUntil(lambda: form.archive_dialog is not None and form.archive_dialog.isVisible())
    return form.archive_dialog


def test_archiving_asks_first_naming_the_family_and_how_to_find_it_again(qtbot, app_state):
    berthier = create_berthier(app_state, years_ago(app_state, 9))
    form = make_form(qtbot, app_state)
    load(qtbot, form, berthier.id)
    assert form.archive_button.text() == "Archiver le dossier" and not form.archived_label.isVisibleTo(form)

    # Refused: nothing is archived.
    qtbot.mouseClick(form.archive_button, LEFT)
    box = archive_dialog_shown(qtbot, form)
    assert box.text() == "Archiver le dossier A01-00001 de la famille Berthier ?"
    assert "disparaîtra de la recherche habituelle" in box.informativeText()
    assert "« Inclure les dossiers archivés »" in box.informativeText()
    assert box.defaultButton() is box.cancel_button
    box.cancel_button.click()
    qtbot.waitUntil(lambda: not box.isVisible())
    assert not families.get_family(app_state.context, berthier.id).archived
    assert not form.archived_label.isVisibleTo(form) and form.archive_button.text() == "Archiver le dossier"
    assert form.status_label.text() == ""

    # Accepted: archived.
    with qtbot.waitSignal(form.archived_changed) as blocker:
        qtbot.mouseClick(form.archive_button, LEFT)
        archive_dialog_shown(qtbot, form).archive_button.click()
    assert blocker.args == [berthier.id]
    assert families.get_family(app_state.context, berthier.id).archived
    assert form.archived_label.isVisibleTo(form) and form.archived_label.text() == "Archivé"
    assert form.title_label.text() == "Dossier A01-00001" and form.status_label.text() == "Dossier archivé."
    assert form.archive_button.text() == "Désarchiver le dossier" and not form.enroll_button.isEnabled()


def test_an_archived_dossier_is_restored_with_desarchiver(qtbot, app_state):
    berthier = create_berthier(app_state, years_ago(app_state, 9))
    families.set_archived(app_state.context, berthier.id, True)
    form = make_form(qtbot, app_state)
    load(qtbot, form, berthier.id)
    assert form.archived_label.isVisibleTo(form) and form.archive_button.text() == "Désarchiver le dossier"
    assert form.enroll_button.toolTip() == "Désarchivez le dossier pour inscrire ses enfants."
    form.archive_dialog = None
    # Bringing a dossier back hides nothing: no question asked.
    with qtbot.waitSignal(form.archived_changed):
        qtbot.mouseClick(form.archive_button, LEFT)
    assert form.archive_dialog is None
    assert not form.archived_label.isVisibleTo(form) and form.archive_button.text() == "Archiver le dossier"
    assert form.status_label.text() == "Dossier désarchivé : il revient dans la recherche."
    assert form.enroll_button.isEnabled()
    assert not families.get_family(app_state.context, berthier.id).archived
    entries = journal_entries(app_state, berthier.id)
    assert [e for e in entries if e in ("archived", "unarchived")] == ["archived", "unarchived"]


def test_enroll_button_asks_for_the_family(qtbot, app_state):
    berthier = create_berthier(app_state, years_ago(app_state, 9))
    form = make_form(qtbot, app_state)
    assert not form.enroll_button.isEnabled()
    load(qtbot, form, berthier.id)
    assert form.enroll_button.text() == "Inscrire aux activités…"
    with qtbot.waitSignal(form.enroll_requested) as blocker:
        qtbot.mouseClick(form.enroll_button, LEFT)
    assert blocker.args == [berthier.id]


def test_existing_children_stay_new_ones_can_be_removed(qtbot, app_state):
    berthier = create_berthier(app_state, years_ago(app_state, 9))
    form = make_form(qtbot, app_state)
    load(qtbot, form, berthier.id)
    assert form.child_blocks[0].remove_button.isHidden()
    assert form.child_blocks[0].title() == "Enfant 1 — Lise-Roxelane Berthier"
    qtbot.mouseClick(form.add_child_button, LEFT)
    added = form.child_blocks[1]
    assert not added.remove_button.isHidden() and added.title() == "Enfant 2 (nouveau) — Berthier"
    assert form.has_unsaved_changes()
    qtbot.mouseClick(added.remove_button, LEFT)
    assert len(form.child_blocks) == 1 and not form.has_unsaved_changes()


def test_revert_brings_back_the_saved_dossier(qtbot, app_state):
    berthier = create_berthier(app_state, years_ago(app_state, 9))
    form = make_form(qtbot, app_state)
    load(qtbot, form, berthier.id)
    assert not form.revert_button.isEnabled()
    form.edits["name"].setText("Bertier")
    form.child_blocks[0].pickup_rows[0].edits["phone"].setText("06")
    qtbot.mouseClick(form.add_guardian_button, LEFT)
    assert form.has_unsaved_changes() and form.revert_button.isEnabled()
    assert form.status_label.text() == "Modifications non enregistrées"
    qtbot.mouseClick(form.revert_button, LEFT)
    assert form.edits["name"].text() == "Berthier" and len(form.guardian_blocks) == 1
    assert form.child_blocks[0].pickup_rows[0].edits["phone"].text() == "04 79 37 00 11"
    assert not form.has_unsaved_changes() and not form.revert_button.isEnabled()
    assert form.status_label.text() == ""
    # For a new dossier, revert empties the form.
    form.new_family()
    form.edits["name"].setText("Durand")
    qtbot.mouseClick(form.revert_button, LEFT)
    assert form.edits["name"].text() == "" and form.family_id is None


def test_new_family_after_a_loaded_one_is_empty(qtbot, app_state):
    berthier = create_berthier(app_state, years_ago(app_state, 9))
    form = make_form(qtbot, app_state)
    load(qtbot, form, berthier.id)
    form.new_family()
    assert form.family_id is None and form.title_label.text() == "Nouveau dossier"
    assert form.edits["name"].text() == "" and form.edits["quotient"].text() == ""
    assert len(form.guardian_blocks) == 1 and form.guardian_blocks[0].edits["first_name"].text() == ""
    assert len(form.child_blocks) == 1 and form.child_blocks[0].child_id is None
    assert form.child_blocks[0].pickup_rows == []
    assert not form.has_unsaved_changes() and not form.archive_button.isEnabled()


def test_a_missing_dossier_is_said_in_french(qtbot, app_state):
    form = make_form(qtbot, app_state)
    load(qtbot, form, uuid.uuid4())
    assert form.error.text() == "Ce dossier famille n'existe pas (ou plus)." and form.family_id is None
