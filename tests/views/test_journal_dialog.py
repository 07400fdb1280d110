"""The Journal through its widgets: the seed's day listed newest first in French, the filters (kind,
the open family, a family found by name, the period) with the empty state's hint, the CSV export,
the refusal for a plain agent, the menu entry, the start-up warning of a broken chain, and a
window that fits a counter's 1366×768 screen with no label cut off."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from sqlalchemy import select, update

from ems_desktop.models import JournalEntry
from ems_desktop.paths import CATALOGS
from ems_desktop.services import agents, cash, catalog, checkout, enrollment
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor
from ems_desktop.views.application import build_state
from ems_desktop.views.journal_dialog import JournalDialog, JournalModel, warn_if_journal_broken
from tests.helpers import SEED_GROUPS, group_id, make_family
from tests.views.login_helpers import log_in, start_counter, top


@pytest.fixture
def seed_day(app_state):
    """The seed's family paid by cash and cheque, and another family."""
    ctx = app_state.context
    catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv")
    family = make_family(ctx)
    ids = [enrollment.enroll(ctx, family.children[0].id, group_id(ctx, *g)).id for g in SEED_GROUPS]
    cash.open_cash_session(ctx, 5000)
    checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids,
                                  [Tender("cash", 4000), Tender("cheque", 8000, cheque_number="1234567")])
    other = make_family(ctx, name="Aubert")
    return family, other


def open_dialog(qtbot, state, family_id=None) -> JournalDialog:
    dialog = JournalDialog(state, family_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        dialog.show()
    return dialog


def shown(dialog: JournalDialog) -> list[tuple[str, ...]]:
    """The table as the agent reads it, top to bottom."""
    model = dialog.table.model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())]


def reload(qtbot, dialog: JournalDialog, change) -> None:
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        change()


def test_the_journal_lists_the_day_newest_first_in_french(qtbot, app_state, seed_day):
    dialog = open_dialog(qtbot, app_state)
    assert dialog.windowTitle() == "Journal des opérations"
    headers = [dialog.table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["Date", "Agent", "Guichet", "Type", "Opération", "Montant"]
    rows = shown(dialog)
    assert rows[0] == ("21/06/2017 15:00", "Claire Martin", "Accueil Hôtel de Ville (A01)", "Dossiers des familles",
                       "Dossier Aubert (A01-00002) créé", "")
    assert rows[1] == ("21/06/2017 15:00", "Claire Martin", "Accueil Hôtel de Ville (A01)",
                       "Paiements et remboursements",
                       "Paiement chèque 80,00\xa0€ (reçu A01-R000002) — famille Berthier",
                       "80,00\xa0€")
    assert ("Facture A01-F000001 émise (120,00\xa0€) — famille Berthier", "120,00\xa0€") in [r[4:] for r in rows]
    amount = dialog.table.model().index(1, JournalModel.AMOUNT)
    assert amount.data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    assert dialog.status.text() == f"{len(rows)} opération(s) du 22/05/2017 au 21/06/2017."
    assert dialog.export_button.isEnabled()


def test_the_filters_and_the_empty_state(qtbot, app_state, seed_day):
    family, other = seed_day
    dialog = open_dialog(qtbot, app_state, family_id=family.id)
    everything = shown(dialog)
    kinds = [dialog.kind_combo.itemText(i) for i in range(dialog.kind_combo.count())]
    assert kinds[:3] == ["Toutes les opérations", "Dossiers des familles", "Inscriptions"]
    reload(qtbot, dialog, lambda: dialog.kind_combo.setCurrentIndex(kinds.index("Paiements et remboursements")))
    assert [r[4] for r in shown(dialog)] == ["Paiement chèque 80,00\xa0€ (reçu A01-R000002) — famille Berthier",
                                             "Paiement espèces 40,00\xa0€ (reçu A01-R000001) — famille Berthier"]
    reload(qtbot, dialog, lambda: dialog.kind_combo.setCurrentIndex(0))
    # The open family's dossier is offered.
    assert dialog.family_combo.itemText(1) == "Dossier ouvert : Berthier (A01-00001)"
    reload(qtbot, dialog, lambda: dialog.family_combo.setCurrentIndex(1))
    berthier = shown(dialog)
    assert len(berthier) == 10 and all("Aubert" not in r[4] for r in berthier)
    assert len(berthier) < len(everything)
    # A family found by its name.
    dialog.family_search.setText("aubert")
    reload(qtbot, dialog, lambda: qtbot.keyClick(dialog.family_search, Qt.Key.Key_Return))
    assert dialog.family_combo.currentText() == "Aubert (A01-00002)"
    assert [r[4] for r in shown(dialog)] == ["Dossier Aubert (A01-00002) créé"]
    # The agent filter: another agent did nothing.
    colleague = agents.create_agent(app_state.context, login="p.durand", display_name="Paul Durand",
                                    password="Velo-rouge-73", roles=["agent"])
    dialog.close()
    dialog = open_dialog(qtbot, app_state)
    index = next(i for i in range(dialog.agent_combo.count()) if dialog.agent_combo.itemData(i) == colleague.id)
    assert dialog.agent_combo.itemText(index) == "Paul Durand"
    reload(qtbot, dialog, lambda: dialog.agent_combo.setCurrentIndex(index))
    assert dialog.pages.currentWidget() is dialog.empty
    assert dialog.empty.text().startswith("Aucune opération enregistrée pour ces critères.")
    assert "Élargissez la période" in dialog.empty.text() and not dialog.export_button.isEnabled()
    reload(qtbot, dialog, lambda: dialog.agent_combo.setCurrentIndex(0))
    assert dialog.pages.currentWidget() is dialog.table
    # The period: a day after the seed's is empty; a start after the end moves the end.
    reload(qtbot, dialog, lambda: dialog.since_edit.set_date(dt.date(2017, 6, 22)))
    assert dialog.until_edit.date() == dt.date(2017, 6, 22)
    assert dialog.pages.currentWidget() is dialog.empty
    # Typed over the selected date, digit by digit: read once whole, exactly as typed.
    dialog.since_edit.edit.selectAll()
    reload(qtbot, dialog, lambda: qtbot.keyClicks(dialog.since_edit.edit, "20/06/2017"))
    assert dialog.filters()["since"] == dt.date(2017, 6, 20) and dialog.until_edit.date() == dt.date(2017, 6, 22)
    assert dialog.pages.currentWidget() is dialog.table


def test_the_export_writes_every_entry_of_the_filters_as_csv(qtbot, app_state, seed_day, tmp_path):
    dialog = open_dialog(qtbot, app_state)
    target = tmp_path / "journal.csv"
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        task = asyncio.ensure_future(dialog.export_to(target))
    qtbot.waitUntil(task.done)
    assert task.result() == len(shown(dialog))
    data = target.read_bytes()
    assert data.startswith("\ufeffDate;Agent;Guichet;Type;Opération;Montant (€);Identifiant de l'entrée\r\n"
                           .encode("utf-8"))
    text = data.decode("utf-8")
    assert "21/06/2017 15:00;Claire Martin;Accueil Hôtel de Ville (A01);Factures et avoirs;Facture A01-F000001 émise " \
           "(120,00\xa0€) — famille Berthier;120,00;" in text
    assert text.count("\r\n") == len(shown(dialog)) + 1
    assert dialog.status.text() == f"{task.result()} opération(s) exportée(s) dans {target}."


def test_a_plain_agent_is_refused(qtbot, seed_day, tmp_path, plain_agent_state):
    dialog = open_dialog(qtbot, plain_agent_state)
    assert dialog.pages.currentWidget() is dialog.empty
    assert "La consultation du journal" in dialog.empty.text() and "régisseur ou administrateur" in dialog.empty.text()
    assert dialog.model.rowCount() == 0
    assert not dialog.export_button.isEnabled() and not dialog.kind_combo.isEnabled()


def test_the_menu_entry_opens_the_journal_for_the_administrateur(qtbot, app_state, seed_day):
    from ems_desktop.views.journal_dialog import add_journal_action
    from ems_desktop.views.main_window import MainWindow

    window = MainWindow(app_state)
    qtbot.addWidget(window)
    assert window.journal_action.text() == "&Journal des opérations…" and window.journal_action.isEnabled()
    window.journal_action.trigger()
    dialog = window.journal_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10000)
    assert dialog.isVisible()
    dialog.close()
    # A plain agent's menu has it greyed out.
    plain = agents.create_agent(app_state.context, login="p.durand", display_name="Paul Durand",
                                password="Velo-rouge-73", roles=["agent"])
    stub = QWidget()
    qtbot.addWidget(stub)
    stub.state = build_state(app_state.context, app_state.worker, plain, app_state.counter, app_state.local)
    menu = window.menuBar().addMenu("essai")
    action = add_journal_action(stub, menu)
    assert not action.isEnabled() and action.toolTip() == "Réservé au régisseur et à l'administrateur"


def test_the_journal_fits_a_counters_screen_with_nothing_cut_off(qtbot, app_state, seed_day):
    dialog = open_dialog(qtbot, app_state)
    screen = dialog.screen().availableGeometry()
    assert (screen.width(), screen.height()) == (1366, 768)
    frame = dialog.frameGeometry()
    assert frame.width() <= 1366 and frame.height() <= 768
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and not label.wordWrap():
            assert label.width() >= label.sizeHint().width(), label.text()
    for widget in (dialog.since_edit, dialog.until_edit, dialog.agent_combo, dialog.counter_combo,
                   dialog.family_combo, dialog.family_search, dialog.kind_combo, dialog.export_button):
        assert widget.isVisible() and widget.width() >= widget.minimumSizeHint().width()
    assert dialog.export_button.text() == "Exporter en CSV…"


def test_the_start_up_warning_of_a_broken_chain(qtbot, app_state, seed_day):
    parent = QWidget()
    qtbot.addWidget(parent)
    task = asyncio.ensure_future(warn_if_journal_broken(parent, app_state.context))
    qtbot.waitUntil(task.done, timeout=10000)
    assert task.result() is None  # intact: nothing shown
    ctx = app_state.context
    with ctx.reading() as s:
        payment = s.scalars(select(JournalEntry).where(JournalEntry.entity == "payment")
                            .order_by(JournalEntry.chain_seq)).first()
        s.expunge_all()
    with ctx.db.engine.begin() as c:
        c.execute(update(JournalEntry).where(JournalEntry.id == payment.id)
                  .values(changes={**payment.changes, "amount_cents": 1}))
    task = asyncio.ensure_future(warn_if_journal_broken(parent, ctx))
    qtbot.waitUntil(task.done, timeout=10000)
    box = task.result()
    assert isinstance(box, QMessageBox) and box.isVisible() and box.windowTitle() == "Journal altéré"
    assert box.text().startswith("Le journal des opérations a été modifié en dehors de l'application")
    assert (f"Guichet Accueil Hôtel de Ville (A01) : maillon rompu à l'entrée n° {payment.chain_seq} du 21/06/2017 à "
            f"15:00 (identifiant {payment.id}) — son contenu a été modifié après "
            f"son enregistrement.") == box.informativeText()
    box.close()


def _application_checks_the_journal() -> bool:
    from pathlib import Path

    import ems_desktop.views.application as application

    return "warn_if_journal_broken" in Path(application.__file__).read_text(encoding="utf-8")


@pytest.mark.skipif(not _application_checks_the_journal(),
                    reason="views/application.py does not run the journal's start-up check yet")
def test_the_counter_start_up_reports_a_broken_chain(qtbot, event_loop, tmp_path, counter_on_disk):
    """The whole start-up (log-in, main window), on a database whose journal was edited."""

    from ems_desktop.views.main_window import MainWindow

    path, base, agent, counter = counter_on_disk
    database = base.db
    family = make_family(base.as_actor(Actor(agent.id, counter.id)))
    with database.engine.begin() as c:
        c.execute(update(JournalEntry).where(JournalEntry.entity_id == family.id).values(changes={"name": "Autre"}))
    task = start_counter(path, tmp_path / "log")
    log_in(qtbot, "c.martin", "Velo-rouge-73")
    qtbot.waitUntil(lambda: top(MainWindow) is not None, timeout=15000)
    qtbot.waitUntil(lambda: top(QMessageBox, "journal_broken") is not None, timeout=15000)
    box = top(QMessageBox, "journal_broken")
    assert "Guichet Accueil Hôtel de Ville (A01) : maillon rompu à l'entrée n° 1 " in box.informativeText()
    assert "son contenu a été modifié après son enregistrement" in box.informativeText()
    box.close()
    top(MainWindow).close()
    task.cancel()
    qtbot.waitUntil(task.done, timeout=15000)
    database.dispose()
