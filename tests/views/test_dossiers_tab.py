"""The Dossiers tab as a newcomer meets it: the search (archived dossiers on request, columns that
show a whole phone number), the focus where the agent types, the dossier form (required fields
marked, errors that do not move the fields, messages that go with their cause) and one open
family at a time."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QStyle

from ems_desktop.services import families
from ems_desktop.views.dossiers_tab import DossiersTab
from ems_desktop.views.family_table import ARCHIVED_COLOR, FamilySearchModel
from ems_desktop.views.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton
PHONE = "06 12 34 56 78"
EMAIL = "anne-sophie.bertholet-dumoulin@exemple.fr"


@pytest.fixture
def three(app_state):
    """Two families in use and one archived, all found by "bert"."""
    ctx = app_state.context

    def make(name, first, children, phone="", email=""):
        return families.create_family(ctx, families.FamilyInput(
            name=name, guardians=(families.GuardianInput(first, name, is_payer=True, phone_mobile=phone, email=email),),
            children=tuple(families.ChildInput(child, name, born) for child, born in children)))

    berthier = make("Berthier", "Claire", (("Lise-Roxelane", dt.date(2009, 2, 14)), ("Hugo", dt.date(2005, 6, 1))),
                    PHONE, "claire.berthier@exemple.fr")
    bertholet = make("Bertholet-Dumoulin", "Anne-Sophie", (("Maëlys", dt.date(2010, 1, 1)),), "07 11 22 33 44", EMAIL)
    berton = make("Berton", "Jo", (("Noé", dt.date(2011, 5, 5)),))
    families.set_archived(ctx, berton.id, True)
    return berthier, bertholet, berton


def make_tab(qtbot, app_state) -> DossiersTab:
    tab = DossiersTab(app_state)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)  # the counter's 1366×768 screen, less the window's tabs and menus
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def activate(qtbot, widget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def search(qtbot, tab: DossiersTab, text: str, rows: int) -> None:
    tab.search_edit.setText(text)
    qtbot.waitUntil(lambda: tab.model.rowCount() == rows and tab.search_edit.text() == tab._last_query)


def shown_names(tab: DossiersTab) -> list[str]:
    return [tab.table.model().index(r, FamilySearchModel.NAME).data() for r in range(tab.table.model().rowCount())]


def open_family(qtbot, tab: DossiersTab, family_id) -> bool:
    task = tab.open_family(family_id)
    qtbot.waitUntil(task.done)
    return task.result()


def new_dossier(qtbot, tab: DossiersTab) -> None:
    task = tab.new_family()
    qtbot.waitUntil(task.done)
    assert tab.form is not None and tab.right.currentWidget() is tab.form and tab.form.family_id is None


def top_left(widget, ancestor) -> QPoint:
    QApplication.sendPostedEvents()  # the layouts settle (no waiting: the pending layout requests run)
    return widget.mapTo(ancestor, QPoint(0, 0))


# --- archived dossiers ----------------------------------------------------------------------------

def test_archived_dossiers_are_found_only_with_the_box_and_shown_apart(qtbot, app_state, three):
    berthier, bertholet, berton = three
    tab = make_tab(qtbot, app_state)
    assert tab.include_archived.text() == "Inclure les dossiers archivés" and not tab.include_archived.isChecked()
    search(qtbot, tab, "bert", 2)
    assert shown_names(tab) == ["Berthier", "Bertholet-Dumoulin"]
    assert tab.status.text() == "2 familles"
    search(qtbot, tab, "berton", 0)
    assert "Aucune famille ne correspond à « berton »" in tab.hint.text()
    assert "« Inclure les dossiers archivés »" in tab.hint.text()

    with qtbot.waitSignal(tab.model.modelReset):
        tab.include_archived.setChecked(True)  # the search runs again by itself
    assert shown_names(tab) == ["Berton (archivé)"]
    search(qtbot, tab, "bert", 3)
    assert tab.status.text() == "3 familles (dont 1 archivée)"
    archived = tab.table.model().index(2, FamilySearchModel.NAME)
    assert archived.data() == "Berton (archivé)"
    assert archived.data(Qt.ItemDataRole.ForegroundRole) == ARCHIVED_COLOR
    assert archived.data(Qt.ItemDataRole.FontRole).italic()
    assert "Dossier archivé" in archived.data(Qt.ItemDataRole.ToolTipRole)
    in_use = tab.table.model().index(0, FamilySearchModel.NAME)
    assert in_use.data(Qt.ItemDataRole.ForegroundRole) is None and in_use.data(Qt.ItemDataRole.FontRole) is None

    with qtbot.waitSignal(tab.model.modelReset):
        tab.include_archived.setChecked(False)
    assert tab.model.rowCount() == 2
    assert "(archivé)" not in " ".join(shown_names(tab))


def test_archiving_from_the_tab_asks_then_the_dossier_leaves_the_usual_search(qtbot, app_state, three):
    berthier = three[0]
    tab = make_tab(qtbot, app_state)
    search(qtbot, tab, "berthier", 1)
    assert open_family(qtbot, tab, berthier.id)
    form = tab.form

    qtbot.mouseClick(form.archive_button, LEFT)
    qtbot.waitUntil(lambda: form.archive_dialog is not None and form.archive_dialog.isVisible())
    form.archive_dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not form.archive_dialog.isVisible())
    assert not families.get_family(app_state.context, berthier.id).archived
    assert tab.model.rowCount() == 1

    qtbot.mouseClick(form.archive_button, LEFT)
    qtbot.waitUntil(lambda: form.archive_dialog.isVisible())
    form.archive_dialog.archive_button.click()
    qtbot.waitUntil(lambda: tab.results.currentWidget() is tab.hint)  # the search ran again
    assert families.get_family(app_state.context, berthier.id).archived
    assert form.family_id == berthier.id and form.archived_label.isVisibleTo(form)  # still open


def test_an_archived_dossier_found_with_the_box_is_restored(qtbot, app_state, three):
    berton = three[2]
    tab = make_tab(qtbot, app_state)
    tab.include_archived.setChecked(True)
    search(qtbot, tab, "berton", 1)
    with qtbot.waitSignal(tab.family_opened) as opened:
        qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert opened.args == [berton.id]
    qtbot.waitUntil(lambda: tab.form.family_id == berton.id)
    assert tab.form.archive_button.text() == "Désarchiver le dossier"
    with qtbot.waitSignal(tab.form.archived_changed):
        qtbot.mouseClick(tab.form.archive_button, LEFT)
    assert not families.get_family(app_state.context, berton.id).archived
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and not tab.model.row_at(0).archived)
    with qtbot.waitSignal(tab.model.modelReset):
        tab.include_archived.setChecked(False)  # found again without the box
    assert shown_names(tab) == ["Berton"]


# --- columns ---------------------------------------------------------------------------------------

def test_the_results_model_is_a_well_behaved_qt_model(qtmodeltester, app_state, three):
    from ems_desktop.services.search import search_families

    model = FamilySearchModel()
    model.set_rows(search_families(app_state.context, "bert", include_archived=True))
    assert model.rowCount() == 3 and model.columnCount() == 7
    qtmodeltester.check(model)


def test_phone_numbers_and_emails_are_shown_whole(qtbot, app_state, three):
    tab = make_tab(qtbot, app_state)
    search(qtbot, tab, "bert", 2)
    table = tab.table
    metrics = table.fontMetrics()
    phone = FamilySearchModel.PHONE
    assert tab.table.model().index(0, phone).data() == PHONE
    # The text's room in a cell: the column less the style's margins on each side.
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    # Wide enough for the number, and in sight at 1366 px without scrolling.
    assert table.columnWidth(phone) - margin >= metrics.horizontalAdvance(PHONE)
    assert table.columnViewportPosition(phone) + table.columnWidth(phone) <= table.viewport().width()
    email = FamilySearchModel.EMAIL
    assert tab.table.model().index(1, email).data() == EMAIL
    assert table.columnWidth(email) - margin >= metrics.horizontalAdvance(EMAIL)
    # A children list longer than its column is cut with "…" and given whole in the tooltip.
    children = tab.table.model().index(0, FamilySearchModel.CHILDREN)
    assert children.data(Qt.ItemDataRole.ToolTipRole) == "Hugo (12 ans), Lise-Roxelane (8 ans)"
    assert not table.wordWrap()


# --- focus -----------------------------------------------------------------------------------------

def test_focus_first_puts_the_typed_letters_in_the_search(qtbot, app_state, three):
    tab = make_tab(qtbot, app_state)
    activate(qtbot, tab)
    tab.new_button.setFocus()
    tab.search_edit.setText("zzz")
    tab.focus_first()
    assert QApplication.focusWidget() is tab.search_edit and tab.search_edit.selectedText() == "zzz"
    qtbot.keyClicks(QApplication.focusWidget(), "berthi")  # replaces the old text
    assert tab.search_edit.text() == "berthi"
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.row_at(0).name == "Berthier")


def test_focus_first_goes_back_into_the_dossier_being_typed(qtbot, app_state, three):
    berthier = three[0]
    tab = make_tab(qtbot, app_state)
    activate(qtbot, tab)
    assert open_family(qtbot, tab, berthier.id)
    tab.focus_first()  # a dossier only read: the search field
    assert QApplication.focusWidget() is tab.search_edit
    city = tab.form.edits["city"]
    city.setFocus()
    qtbot.keyClicks(city, "Ugine")
    tab.search_edit.setFocus()  # elsewhere (another tab, in the window)
    tab.focus_first()
    assert QApplication.focusWidget() is city
    qtbot.keyClicks(QApplication.focusWidget(), "s")
    assert city.text() == "Ugines"


def test_ctrl_2_in_the_window_lets_the_agent_type_a_name_at_once(qtbot, app_state, three):
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    window.tabs.setCurrentIndex(0)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.dossiers
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.dossiers.search_edit)
    qtbot.keyClicks(QApplication.focusWidget(), "bertho")
    qtbot.waitUntil(lambda: window.dossiers.model.rowCount() == 1)


def test_tab_goes_through_the_dossier_in_screen_order(qtbot, app_state):
    tab = make_tab(qtbot, app_state)
    activate(qtbot, tab)
    new_dossier(qtbot, tab)
    form = tab.form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.edits["name"])
    e, guardian, child = form.edits, form.guardian_blocks[0], form.child_blocks[0]
    expected = [e["phone"], e["email"], e["address_line1"], e["address_line2"], e["postal_code"], e["city"],
                e["caf_number"], e["quotient"], e["notes"], e["quotient_valid_from"], e["quotient_valid_to"],
                guardian.edits["first_name"], guardian.edits["last_name"], guardian.edits["relationship"],
                guardian.payer_radio]
    visited = []
    for _ in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == expected
    child.first_name.setFocus()
    for widget in (child.last_name, child.birth_date, child.sex, child.school):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget


# --- the dossier form --------------------------------------------------------------------------------

def captions(form) -> dict:
    """Each field's caption, by the field it names (blocks of the previous dossier, hidden and
    waiting for deletion, left out)."""
    return {label.buddy(): label.text() for label in form.findChildren(QLabel)
            if label.buddy() is not None and label.isVisibleTo(form)}


def test_required_fields_are_marked_as_the_service_requires_them(qtbot, app_state):
    tab = make_tab(qtbot, app_state)
    new_dossier(qtbot, tab)
    form = tab.form
    qtbot.mouseClick(form.child_blocks[0].add_pickup_button, LEFT)
    assert form.required_legend.text() == "* champ obligatoire" and form.required_legend.isVisibleTo(form)
    # What the service refuses when left empty...
    data, _ = form.collect()
    refused_empty = set(families.validate(data, app_state.context.today()))
    assert refused_empty == {"name", "guardians.0.first_name", "guardians.0.last_name", "children.0.first_name",
                             "children.0.last_name", "children.0.birth_date", "children.0.pickups.0.full_name"}
    # ...is exactly what carries a "*".
    by_field = captions(form)
    starred = set()
    for key in refused_empty - {"children.0.pickups.0.full_name"}:
        field = form.error_label_for(key).parentWidget().field
        field = form.child_blocks[0].birth_date if key.endswith("birth_date") else field
        assert by_field[field].endswith(" *"), key
        starred.add(field)
    assert [text for field, text in by_field.items() if text.endswith("*") and field not in starred] == []
    assert by_field[form.edits["phone"]] == "Téléphone"
    pickup_header = form.child_blocks[0].pickups_header.findChildren(QLabel)
    assert [label.text() for label in pickup_header] == ["Prénom et nom *", "Lien", "Téléphone"]


def test_an_error_appearing_or_corrected_does_not_move_the_fields(qtbot, app_state):
    tab = make_tab(qtbot, app_state)
    new_dossier(qtbot, tab)
    form = tab.form
    content = form.scroll.widget()
    guardian = form.guardian_blocks[0]
    below = {"address": form.edits["address_line1"], "mobile": guardian.edits["phone_mobile"],
             "child": form.child_blocks[0].first_name}
    before = {key: top_left(widget, content) for key, widget in below.items()}

    form.edits["name"].setFocus()
    form.edits["name"].editingFinished.emit()  # left empty: one line of message
    guardian.edits["first_name"].editingFinished.emit()
    assert form.fields["name"].error.isVisibleTo(form)
    assert guardian.fields["first_name"].error.text() == "Le prénom est obligatoire."
    assert {key: top_left(widget, content) for key, widget in below.items()} == before

    # A long message may push the next row once; corrected, nothing moves back under the mouse.
    phone = form.edits["phone"]
    phone.setText("06")
    phone.editingFinished.emit()
    assert form.fields["phone"].error.isVisibleTo(form)
    pushed = top_left(below["address"], content)
    phone.setText(PHONE)
    phone.editingFinished.emit()
    assert form.fields["phone"].error.text() == ""
    assert top_left(below["address"], content) == pushed
    # The summary above the buttons takes no room from the fields either.
    top_of_scroll = top_left(form.scroll, form)
    form.save()
    qtbot.waitUntil(lambda: form.error.text() != "")
    assert top_left(form.scroll, form) == top_of_scroll


def test_messages_go_with_their_cause(qtbot, app_state):
    tab = make_tab(qtbot, app_state)
    new_dossier(qtbot, tab)
    form = tab.form
    form.save()  # everything empty
    summary = "Le dossier n'est pas enregistré : corrigez les champs signalés en rouge."
    qtbot.waitUntil(lambda: form.error.text() == summary)
    name_error = form.fields["name"].error
    assert name_error.text() == "Le nom de la famille est obligatoire."
    qtbot.keyClicks(form.edits["name"], "B")  # typing: the field's message goes at once
    assert name_error.text() == "" and not name_error.isVisibleTo(form)
    assert form.error.text() == summary  # other fields are still red
    guardian, child = form.guardian_blocks[0], form.child_blocks[0]
    for edit in (guardian.edits["first_name"], child.first_name):
        edit.setText("Claire")
    guardian.edits["last_name"].setText("Berthier")
    child.last_name.setText("Berthier")
    child.birth_date.setText("14/02/2009")
    assert form.error.text() == ""  # nothing red any more: the summary went too
    # Checking a field on leaving it says nothing about saving.
    form.edits["email"].setText("pas-un-mail")
    form.edits["email"].editingFinished.emit()
    assert form.fields["email"].error.text() != "" and form.error.text() == ""
    # The search's count and hint follow the search field.
    tab.search_edit.setText("zzz")
    qtbot.waitUntil(lambda: "zzz" in tab.hint.text())
    tab.search_edit.clear()
    qtbot.waitUntil(lambda: "zzz" not in tab.hint.text())
    assert tab.status.text() == ""


# --- one open family ---------------------------------------------------------------------------------

def test_open_family_from_outside_asks_before_dropping_typed_changes(qtbot, app_state, three):
    berthier, bertholet, _ = three
    tab = make_tab(qtbot, app_state)
    opened = []
    tab.family_opened.connect(opened.append)
    assert open_family(qtbot, tab, berthier.id) and opened == [berthier.id]
    # The same family again (e.g. the main window echoing it): nothing asked, nothing repeated.
    tab.form.edits["city"].setText("Ugine")
    assert open_family(qtbot, tab, berthier.id) and opened == [berthier.id]
    assert tab.form.edits["city"].text() == "Ugine"

    # Another family while changes are typed: the agent keeps them.
    task = tab.open_family(bertholet.id)
    qtbot.waitUntil(lambda: getattr(tab, "unsaved_box", None) is not None and tab.unsaved_box.isVisible())
    assert tab.unsaved_box.defaultButton() is tab.unsaved_box.button(QMessageBox.StandardButton.Cancel)
    tab.unsaved_box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(task.done)
    assert task.result() is False and opened == [berthier.id]
    assert tab.family_id == berthier.id and tab.form.edits["city"].text() == "Ugine"

    # ...or drops them: the other family is open, and announced once.
    task = tab.open_family(bertholet.id)
    qtbot.waitUntil(lambda: tab.unsaved_box.isVisible())
    tab.unsaved_box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(task.done)
    assert task.result() is True and opened == [berthier.id, bertholet.id]
    assert tab.family_id == bertholet.id and tab.form.edits["name"].text() == "Bertholet-Dumoulin"


def test_a_new_dossier_saved_becomes_the_open_family_and_an_update_is_not_reannounced(qtbot, app_state):
    tab = make_tab(qtbot, app_state)
    opened = []
    tab.family_opened.connect(opened.append)
    new_dossier(qtbot, tab)
    form = tab.form
    qtbot.waitUntil(lambda: tab.right.currentWidget() is form)
    form.edits["name"].setText("Roux")
    form.guardian_blocks[0].edits["first_name"].setText("Anne")
    form.guardian_blocks[0].edits["last_name"].setText("Roux")
    form.child_blocks[0].first_name.setText("Léo")
    form.child_blocks[0].last_name.setText("Roux")
    form.child_blocks[0].birth_date.setText("01/01/2010")
    with qtbot.waitSignal(form.saved) as saved:
        form.save()
    assert opened == [saved.args[0].id]
    form.edits["city"].setText("Ugine")
    with qtbot.waitSignal(form.saved):
        form.save()
    assert opened == [saved.args[0].id]


def test_a_missing_dossier_is_not_announced(qtbot, app_state):
    tab = make_tab(qtbot, app_state)
    opened = []
    tab.family_opened.connect(opened.append)
    assert open_family(qtbot, tab, uuid.uuid4()) is False
    assert opened == [] and tab.form.error.text() == "Ce dossier famille n'existe pas (ou plus)."


def test_a_reference_typed_whole_is_the_first_row_and_a_header_click_sorts(qtbot, app_state):
    """The search's order is kept (the reference typed whole first, though its name sorts last);
    a click on a column's header sorts by that column, amounts as numbers."""
    from ems_desktop.services import families as family_service
    from tests.helpers import make_family

    ctx = app_state.context
    for name in ("Abel", "Adam"):
        family_service.create_family(ctx, family_service.FamilyInput(
            name=name, guardians=(family_service.GuardianInput("Sam", name, is_payer=True,
                                                               email=f"a01-00003.{name.lower()}@example.fr"),),
            children=()))
    zola = make_family(ctx, "Zola")
    assert zola.reference == "A01-00003"
    tab = DossiersTab(app_state)
    qtbot.addWidget(tab)
    tab.search_edit.setText("a01-00003")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    assert shown_names(tab) == ["Zola", "Abel", "Adam"]
    assert tab.selected_family_id() == zola.id
    tab.table.sortByColumn(FamilySearchModel.NAME, Qt.SortOrder.DescendingOrder)
    assert shown_names(tab) == ["Zola", "Adam", "Abel"]
    tab.table.sortByColumn(FamilySearchModel.NAME, Qt.SortOrder.AscendingOrder)
    assert shown_names(tab) == ["Abel", "Adam", "Zola"]
