"""The application shell: log-in, first run, main window tabs and shortcuts, French Qt dialogs,
the unexpected-error dialog, remembered geometry, settings."""

from __future__ import annotations

import asyncio
import logging

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from ems_desktop.local_settings import LocalSettings
from ems_desktop.models import Agent, Counter, JournalEntry
from ems_desktop.services import agents
from ems_desktop.services.context import ServiceContext
from ems_desktop.views.application import sign_in
from ems_desktop.views.errors import ErrorReporter
from ems_desktop.views.login import FirstRunDialog, LoginDialog
from ems_desktop.views.main_window import MainWindow
from ems_desktop.views.settings_dialog import SettingsDialog


@pytest.fixture
def admin_context(sqlite_database):
    context = ServiceContext(sqlite_database)
    agents.first_run(context, counter_name="Accueil", number_prefix="A01", display_name="Claire Martin",
                     login="c.martin", password="Velo-rouge-73", confirmation="Velo-rouge-73")
    return context


def login_dialog(context, worker):
    return LoginDialog(authenticate=lambda login, pw: worker.run(agents.authenticate, context, login, pw),
                       counters=agents.list_counters(context))


def typed_in(qtbot, dialog: LoginDialog, login: str, password: str) -> LoginDialog:
    """The dialog shown, ``login`` and ``password`` typed key by key, OK clicked."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.login_edit, login)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    return dialog


def test_good_password_opens_the_counter(qtbot, event_loop, admin_context, worker):
    dialog = typed_in(qtbot, login_dialog(admin_context, worker), "C.Martin", "Velo-rouge-73")
    qtbot.waitUntil(lambda: dialog.result() == LoginDialog.DialogCode.Accepted)
    assert dialog.agent.display_name == "Claire Martin" and dialog.agent.is_admin
    assert dialog.counter.number_prefix == "A01"


def test_wrong_password_is_refused_with_a_clear_message_and_nothing_else(qtbot, event_loop, admin_context, worker):
    with admin_context.reading() as s:
        journal_before = s.scalar(select(func.count()).select_from(JournalEntry))
    dialog = typed_in(qtbot, login_dialog(admin_context, worker), "c.martin", "mauvais")
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "Identifiant ou mot de passe incorrect."
    assert dialog.isVisible() and dialog.agent is None
    assert dialog.password_edit.text() == ""
    # An unknown login gets the very same message (never say which of the two was wrong).
    dialog.login_edit.setText("personne")
    dialog.password_edit.setText("Velo-rouge-73")
    dialog.error.clear_message()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "Identifiant ou mot de passe incorrect."
    with admin_context.reading() as s:  # both failures are in the journal, nothing else
        assert s.scalar(select(func.count()).select_from(JournalEntry)) == journal_before + 2
        assert sorted(s.scalars(select(JournalEntry.action).order_by(JournalEntry.recorded_at)
                                .offset(journal_before))) == ["failed", "login_failed"]


def test_first_run_on_an_empty_database(qtbot, event_loop, sqlite_database, worker, tmp_path) -> None:
    context = ServiceContext(sqlite_database)
    task = asyncio.ensure_future(sign_in(context, worker, LocalSettings(tmp_path / "g.json")))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FirstRunDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, FirstRunDialog)
    dialog.edits["counter_name"].setText("Accueil Hôtel de Ville")
    dialog.edits["display_name"].setText("Zoé N'Diaye")
    dialog.edits["login"].setText("z.ndiaye")
    dialog.edits["password"].setText("court")
    dialog.edits["password_confirmation"].setText("court")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.fields["password"].error.isVisible())
    assert dialog.fields["password"].error.text() == "Le mot de passe doit compter au moins 10 caractères."
    with context.reading() as s:
        assert s.scalar(select(func.count()).select_from(Counter)) == 0  # nothing half saved

    dialog.edits["password"].setText("Velo-rouge-73")
    dialog.edits["password_confirmation"].setText("motdepasse2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.fields["password_confirmation"].error.isVisible())
    assert dialog.fields["password_confirmation"].error.text() == "Les deux mots de passe ne sont pas identiques."

    dialog.edits["password_confirmation"].setText("Velo-rouge-73")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done)
    agent, counter = task.result()
    assert (agent.login, agent.is_admin, counter.name, counter.number_prefix) == (
        "z.ndiaye", True, "Accueil Hôtel de Ville", "A01")
    with context.reading() as s:
        assert s.scalar(select(func.count()).select_from(Agent)) == 1
    assert agents.authenticate(context, "z.ndiaye", "Velo-rouge-73").display_name == "Zoé N'Diaye"


def test_sign_in_shows_the_login_once_an_administrator_exists(qtbot, event_loop, admin_context, worker, tmp_path):
    task = asyncio.ensure_future(sign_in(admin_context, worker, LocalSettings(tmp_path / "g.json")))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), LoginDialog))
    dialog = QApplication.activeModalWidget()
    dialog.login_edit.setText("c.martin")
    dialog.password_edit.setText("Velo-rouge-73")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done)
    assert task.result()[0].login == "c.martin"


def test_tabs_switch_with_ctrl_1_to_6(qtbot, app_state):
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert [window.tabs.tabText(i) for i in range(6)] == [
        "Accueil", "Dossiers", "Inscriptions", "Caisse", "Planning", "Facturation"]
    for index in (2, 5, 0, 3, 4, 1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == index
    assert "Agent : Claire Martin" in window.agent_label.text()
    assert window.counter_label.text() == "Guichet : Accueil Hôtel de Ville (A01)"
    assert window.database_label.text().startswith("Base : SQLite — ")
    # Every tab holds its real screen now.
    from ems_desktop.views.placeholder import PlaceholderTab
    assert not any(isinstance(window.tabs.widget(i), PlaceholderTab) for i in range(6))


def test_geometry_and_tab_are_remembered(qtbot, app_state):
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.show()
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.setGeometry(30, 40, 1200, 700)  # the tests' screen is 1366×768
    window.tabs.setCurrentIndex(3)
    size = (window.width(), window.height())
    assert size == (1200, 700)
    window.close()
    again = MainWindow(app_state)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == size
    assert again.tabs.currentIndex() == 3


def test_qt_own_dialogs_speak_french(qtbot, event_loop):
    box = QMessageBox(QMessageBox.Icon.Question, "Titre", "Texte",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Annuler"
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Oui"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Save).text().replace("&", "") == "Enregistrer"
    assert buttons.button(QDialogButtonBox.StandardButton.Close).text().replace("&", "") == "Fermer"
    # The calendar's day and month names come from the French locale.
    assert QLocale().dayName(3, QLocale.FormatType.LongFormat) == "mercredi"
    assert QLocale().monthName(9) == "septembre"


def test_an_unexpected_error_is_shown_and_logged(qtbot, event_loop, tmp_path, caplog):
    reporter = ErrorReporter(tmp_path / "ems-desktop.log")
    try:
        raise ZeroDivisionError("division par zéro dans un calcul")
    except ZeroDivisionError as exc:
        with caplog.at_level(logging.ERROR):
            box = reporter.report(type(exc), exc, exc.__traceback__)
    qtbot.addWidget(box)
    qtbot.waitUntil(box.isVisible)
    assert box.windowTitle() == "Erreur inattendue"
    assert "vous pouvez continuer à travailler" in box.text()
    assert str(tmp_path / "ems-desktop.log") in box.informativeText()
    assert "ZeroDivisionError: division par zéro" in box.detailedText()
    assert any("ZeroDivisionError" in r.getMessage() for r in caplog.records)


def test_setup_logging_writes_a_rotating_file(tmp_path, monkeypatch):
    from logging.handlers import RotatingFileHandler

    from ems_desktop.logging_setup import setup_logging

    monkeypatch.setenv("EMS_LOG_DIR", str(tmp_path))
    path = setup_logging()
    try:
        logging.getLogger("ems_desktop.test").error("message de test")
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert "message de test" in path.read_text(encoding="utf-8")
        handler = next(h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)
                       and h.baseFilename == str(path))
        assert handler.maxBytes == 1_000_000 and handler.backupCount == 5
    finally:
        for h in [h for h in logging.getLogger().handlers if getattr(h, "baseFilename", None) == str(path)]:
            logging.getLogger().removeHandler(h)
            h.close()


def test_settings_are_validated_next_to_the_field_and_saved(qtbot, app_state):
    dialog = SettingsDialog(app_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert dialog.town_name.text() == "Ville d'Albertville"
    assert dialog.terminal_mode.currentData() == "" and not dialog.terminal_host.isEnabled()  # a new counter: none
    dialog.town_siret.setText("123")
    dialog.terminal_mode.setCurrentIndex(dialog.terminal_mode.findData("tpe"))
    assert dialog.terminal_host.isEnabled() and dialog.terminal_port.isEnabled()
    dialog.terminal_port.setText("99999")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.fields["town_siret"].error.isVisible())
    assert dialog.fields["town_siret"].error.text() == "Le SIRET compte 14 chiffres."
    assert dialog.fields["terminal_port"].error.text() == "Le port est un nombre de 1 à 65535 (8888 d'habitude)."
    assert dialog.fields["terminal_host"].error.text().startswith("Indiquez l'adresse IP du TPE")  # a TPE needs one
    assert dialog.isVisible()

    dialog.town_siret.setText("21730011600017")
    dialog.terminal_port.setText("8888")
    dialog.terminal_host.setText("192.168.1.50")
    dialog.town_name.setText("Ville de Moûtiers")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == SettingsDialog.DialogCode.Accepted)
    from ems_desktop import config
    from ems_desktop.services.settings import load_settings
    assert load_settings(app_state.context, app_state.counter.id).town_name == "Ville de Moûtiers"
    saved = LocalSettings(app_state.local.path)
    assert saved.get(config.TERMINAL_MODE) == "tpe" and saved.get(config.TERMINAL_HOST) == "192.168.1.50"
    assert saved.get(config.TERMINAL_PORT) == 8888


def test_status_bar_says_when_the_database_cannot_be_reached(qtbot, app_state):
    from sqlalchemy.exc import OperationalError

    window = MainWindow(app_state)
    qtbot.addWidget(window)

    def broken(_context):
        raise OperationalError("SELECT 1", {}, Exception("connexion refusée"))

    def fine(_context):
        return 1

    task = asyncio.ensure_future(app_state.call(broken))
    qtbot.waitUntil(task.done)
    assert isinstance(task.exception(), OperationalError)
    assert window.connection_label.text() == "● Base injoignable"
    assert "connexion refusée" in window.connection_label.toolTip()
    task = asyncio.ensure_future(app_state.call(fine))
    qtbot.waitUntil(task.done)
    assert window.connection_label.text() == "● Base joignable"


def test_built_in_simulator_window_comes_up_with_a_payment_request(qtbot, app_state):
    from ems_desktop.terminal.client import CaisseApIpTerminal, TerminalRequest
    from ems_desktop.terminal.simulator import TerminalSimulator

    simulator = TerminalSimulator()
    started = asyncio.ensure_future(simulator.start())
    qtbot.waitUntil(started.done)
    app_state.simulator = simulator
    app_state.terminal = CaisseApIpTerminal("127.0.0.1", simulator.port, deadline_s=10)
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    assert window.terminal_label.text() == f"TPE : simulateur (127.0.0.1:{simulator.port})"
    payment = asyncio.ensure_future(app_state.terminal.transact(TerminalRequest(12000, "debit", "test")))
    qtbot.waitUntil(lambda: getattr(window, "simulator_window", None) is not None
                    and window.simulator_window.isVisible())
    qtbot.addWidget(window.simulator_window)
    qtbot.waitUntil(lambda: "120,00" in window.simulator_window.amount_label.text())
    simulator.present_card("4970110000001029")
    qtbot.waitUntil(payment.done)
    assert payment.result().accepted
    stopped = asyncio.ensure_future(simulator.stop())
    qtbot.waitUntil(stopped.done)


def test_settings_show_each_seasons_holiday_zone(qtbot, app_state):
    from ems_desktop.paths import CATALOGS
    from ems_desktop.services import catalog

    catalog.import_catalog_file(app_state.context, CATALOGS / "2017-2018.csv")
    dialog = SettingsDialog(app_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert dialog.zones["2017/2018"].currentText() == "A"
    dialog.zones["2017/2018"].setCurrentText("B")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == SettingsDialog.DialogCode.Accepted)
    from ems_desktop.services.settings import load_settings
    assert load_settings(app_state.context, app_state.counter.id).season_zones == (("2017/2018", "B"),)


def test_an_administrator_imports_a_catalog_and_a_bad_file_is_refused(qtbot, app_state, tmp_path):
    from ems_desktop.paths import CATALOGS

    window = MainWindow(app_state)
    qtbot.addWidget(window)
    bad = tmp_path / "catalogue.csv"
    lines = (CATALOGS / "2026-2027.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(";7;11;", ";sept;11;")
    bad.write_text("\n".join(lines), encoding="utf-8")
    window.import_catalog(str(bad))
    qtbot.waitUntil(lambda: getattr(window, "import_box", None) is not None and window.import_box.isVisible())
    assert "Ligne 4, champ « age_min » : « sept » n'est pas un nombre entier" in window.import_box.text()
    assert "rien n'a été importé" in window.import_box.text()
    window.import_box.close()
    window.import_catalog(str(CATALOGS / "2026-2027.csv"))
    qtbot.waitUntil(lambda: window.import_box.isVisible() and "Catalogue importé" in window.import_box.text())
    assert "saison 2026/2027" in window.import_box.text() and "21 groupe(s) créés" in window.import_box.text()
