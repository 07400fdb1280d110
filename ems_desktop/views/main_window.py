"""The main window: six tabs, menus with shortcuts, a status bar saying who works where."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from ems_desktop import __version__
from ems_desktop.local_settings import config_dir
from ems_desktop.services import permissions
from ems_desktop.views.accueil_tab import AccueilTab
from ems_desktop.views.app_state import AppState
from ems_desktop.views.backup_dialogs import add_backup_actions
from ems_desktop.views.caisse_tab import CaisseTab
from ems_desktop.views.debit_runs_dialog import add_debit_runs_action
from ems_desktop.views.dossiers_tab import DossiersTab
from ems_desktop.views.enrollment_tab import EnrollmentTab
from ems_desktop.views.facturation_tab import FacturationTab
from ems_desktop.views.journal_dialog import add_journal_action
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.planning_tab import PlanningTab
from ems_desktop.views.reminders_dialog import add_reminders_action


def window_settings() -> QSettings:
    return QSettings(str(config_dir() / "fenetre.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    # Ctrl+L: the agent steps away; the application shows the log-in dialog (views/application.py).
    lock_requested = Signal()
    # Quitter (or the window's close button): the application ends, whatever else is open.
    closed = Signal()
    # The tab shown first has painted its first data (once): the start-up is over, see ready().
    first_screen_shown = Signal()
    TAB_KEYS = ("accueil", "dossiers", "inscriptions", "caisse", "planning", "facturation")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("EMS Desktop — %1").replace("%1", state.counter.name))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        # One family is open at a time, for every tab: its name stays in sight beside the tabs.
        self.open_family_label = QLabel(self.tr("Aucun dossier ouvert"))
        self.open_family_label.setObjectName("open_family")
        self.open_family_label.setStyleSheet("padding: 0 12px; color: #555;")
        self.tabs.setCornerWidget(self.open_family_label, Qt.Corner.TopRightCorner)
        self.tabs.currentChanged.connect(self._focus_current_tab)
        self._build_tabs()
        self._build_menus()
        self._build_status_bar()
        self._restore_geometry()
        # A screen that reads data when it is built says when it has shown them (its ``loaded``
        # signal); the others show what they have at once.
        self._first_screen_signal = getattr(self.tabs.currentWidget(), "loaded", None)
        self.first_screen_is_shown = self._first_screen_signal is None
        if self._first_screen_signal is not None:
            self._first_screen_signal.connect(self._first_screen_loaded)
        if state.simulator is not None:
            # A payment request brings the simulator's window up: someone must play the customer.
            state.simulator.on_request(lambda _pending: self.show_simulator())

    # --- tabs ----------------------------------------------------------------------------------
    def tab_titles(self) -> list[str]:
        return [self.tr("Accueil"), self.tr("Dossiers"), self.tr("Inscriptions"), self.tr("Caisse"),
                self.tr("Planning"), self.tr("Facturation")]

    def _build_tabs(self) -> None:
        """The six screens, in the order of the tabs: the first one's data are asked for first."""
        self.current_family_id = None
        self.accueil = AccueilTab(self.state)
        self.dossiers = DossiersTab(self.state)
        self.enrollments = EnrollmentTab(self.state)
        self.caisse = CaisseTab(self.state)
        self.planning = PlanningTab(self.state)
        self.facturation = FacturationTab(self.state)
        screens = (self.accueil, self.dossiers, self.enrollments, self.caisse, self.planning, self.facturation)
        for key, title, screen in zip(self.TAB_KEYS, self.tab_titles(), screens, strict=True):
            screen.setObjectName(f"tab_{key}")
            self.tabs.addTab(screen, title)
        self.accueil.open_caisse.connect(lambda: self.tabs.setCurrentIndex(self.TAB_KEYS.index("caisse")))
        self.dossiers.family_opened.connect(self._family_opened)
        self.facturation.family_requested.connect(self._family_requested)
        self.dossiers.enroll_requested.connect(self.show_enrollments)
        self.enrollments.checkout_requested.connect(self.show_checkout)
        self.caisse.balance_requested.connect(
            lambda: self.current_family_id and self.caisse.set_family_balance(self.current_family_id))

    def _family_opened(self, family_id) -> None:
        """The family opened in Dossiers is the open family of every tab (and of every dialog a
        tab opens: the Caisse's credit notes act on it)."""
        self.current_family_id = family_id
        self.enrollments.set_family(family_id)
        self.caisse.set_open_family(family_id)
        self.facturation.set_family(family_id)
        self.planning.set_family(family_id)
        self._show_open_family(family_id)

    @qasync.asyncSlot()
    async def _show_open_family(self, family_id) -> None:
        from ems_desktop.services import families

        read = await ServiceOp(self.state, families.get_family, family_id).quietly().run()
        if not read.ok or family_id != self.current_family_id:
            return  # unreadable (the label stays as it was), or another family was opened meanwhile
        family = read.value
        self.open_family_label.setText(self.tr("Famille ouverte : %1 (%2)").replace("%1", family.name)
                                       .replace("%2", family.reference))
        self.open_family_label.setStyleSheet("padding: 0 12px; font-weight: 600; color: #1a3d6d;")

    def _family_requested(self, family_id, _invoice_id=None) -> None:
        """Another tab (Facturation's search by invoice number) found a document of another family:
        that family is opened everywhere, through Dossiers (which asks before dropping unsaved
        changes), never in one tab alone."""
        if family_id == self.current_family_id:
            self.facturation.set_family(family_id)
            return
        opening = self.dossiers.open_family(family_id)
        if opening is not None:
            opening.add_done_callback(self._family_request_answered)

    def _family_request_answered(self, opening) -> None:
        """The agent kept the dossier being typed: the search's family is not opened anywhere,
        and Facturation says why (its invoice stays with the family open everywhere)."""
        if opening.cancelled() or opening.exception() is not None or opening.result():
            return
        self.facturation.family_not_opened()

    def _focus_current_tab(self, _index: int = -1) -> None:
        """Each tab puts the keyboard focus where the agent types first (the search field of
        Dossiers...), so no letter typed right after Ctrl+2 is lost."""
        tab = self.tabs.currentWidget()
        if hasattr(tab, "focus_first") and self.isVisible():
            tab.focus_first()

    def show_enrollments(self, family_id) -> None:
        self.enrollments.set_family(family_id)
        self.tabs.setCurrentIndex(self.TAB_KEYS.index("inscriptions"))

    def show_checkout(self, family_id, enrollment_ids) -> None:
        self.caisse.set_checkout(family_id, enrollment_ids)
        self.tabs.setCurrentIndex(self.TAB_KEYS.index("caisse"))

    # --- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        self.settings_action = QAction(self.tr("&Paramètres…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setEnabled(self.state.agent.is_admin)
        if not self.state.agent.is_admin:
            self.settings_action.setToolTip(self.tr("Réservé aux administrateurs"))
        self.settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(self.settings_action)
        self.mail_settings_action = QAction(self.tr("&Messagerie (e-mails)…"), self)
        self.mail_settings_action.setObjectName("mail_settings_action")
        self.mail_settings_action.setEnabled(self.state.agent.has(permissions.ADMINISTRATEUR))
        if not self.mail_settings_action.isEnabled():
            self.mail_settings_action.setToolTip(self.tr("Réservé aux administrateurs"))
        self.mail_settings_action.triggered.connect(self.open_mail_settings)
        file_menu.addAction(self.mail_settings_action)
        self.import_action = QAction(self.tr("&Importer un catalogue…"), self)
        self.import_action.setEnabled(self.state.agent.is_admin)
        self.import_action.triggered.connect(lambda: self.import_catalog())
        file_menu.addAction(self.import_action)
        self.catalog_action = QAction(self.tr("&Catalogue…"), self)
        self.catalog_action.setObjectName("catalog_action")
        self.catalog_action.setEnabled(self.state.agent.has(permissions.ADMINISTRATEUR))
        if not self.catalog_action.isEnabled():
            self.catalog_action.setToolTip(self.tr("Réservé aux administrateurs"))
        self.catalog_action.triggered.connect(self.open_catalog)
        file_menu.addAction(self.catalog_action)
        self.reminders_action = add_reminders_action(self, file_menu)  # Relances… (régisseur, administrateur)
        self.debit_runs_action = add_debit_runs_action(self, file_menu)  # Prélèvements SEPA… (the same)
        self.backups = add_backup_actions(self, file_menu)  # Sauvegarder maintenant, Restaurer…
        self.agents_action = QAction(self.tr("&Agents…"), self)
        self.agents_action.setEnabled(self.state.agent.has(permissions.ADMINISTRATEUR))
        if not self.agents_action.isEnabled():
            self.agents_action.setToolTip(self.tr("Réservé aux administrateurs"))
        self.agents_action.triggered.connect(self.open_agents)
        file_menu.addAction(self.agents_action)
        self.lock_action = QAction(self.tr("Changer d'agent / &verrouiller"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_requested.emit)
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quitter"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&Affichage"))
        self.tab_actions: list[QAction] = []
        for index, title in enumerate(self.tab_titles()):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(lambda _checked=False, i=index: self.tabs.setCurrentIndex(i))
            view_menu.addAction(action)
            self.tab_actions.append(action)

        self.simulator_action = QAction(self.tr("&Simulateur de TPE"), self)
        self.simulator_action.setShortcut(QKeySequence("Ctrl+T"))
        self.simulator_action.setEnabled(self.state.simulator is not None)
        self.simulator_action.triggered.connect(self.show_simulator)
        view_menu.addSeparator()
        view_menu.addAction(self.simulator_action)
        self.journal_action = add_journal_action(self, view_menu)  # Journal… (administrateur, régisseur)
        # A replica can work as if the network were down: to show the offline mode, or before a
        # planned outage. Its work waits in the outbox and goes when the link is back.
        self.cut_link_action = QAction(self.tr("&Couper la liaison avec le serveur"), self)
        self.cut_link_action.setCheckable(True)
        self.cut_link_action.setVisible(self.state.sync is not None)
        self.cut_link_action.toggled.connect(self.toggle_link)
        view_menu.addAction(self.cut_link_action)

        help_menu = self.menuBar().addMenu(self.tr("&Aide"))
        self.guide_action = QAction(self.tr("&Guide du guichet"), self)
        self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.triggered.connect(self.show_guide)
        help_menu.addAction(self.guide_action)
        self.shortcuts_action = QAction(self.tr("&Raccourcis clavier"), self)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        about = QAction(self.tr("À &propos d'EMS Desktop"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    @qasync.asyncSlot()
    async def open_agents(self) -> None:
        from ems_desktop.views.agents_dialog import AgentsDialog
        from ems_desktop.views.async_tools import dialog_result

        dialog = AgentsDialog(self.state, self)
        self.agents_dialog = dialog
        await dialog_result(dialog)

    @qasync.asyncSlot()
    async def open_mail_settings(self) -> None:
        """The town's SMTP server and the e-mails' texts (views/mail_settings_dialog.py)."""
        from ems_desktop.views.async_tools import dialog_result
        from ems_desktop.views.mail_settings_dialog import MailSettingsDialog

        dialog = MailSettingsDialog(self.state, self)
        self.mail_settings_dialog = dialog
        await dialog_result(dialog)

    @qasync.asyncSlot()
    async def open_catalog(self) -> None:
        from ems_desktop.views.async_tools import dialog_result
        from ems_desktop.views.catalog_dialog import CatalogDialog

        dialog = CatalogDialog(self.state, self)
        self.catalog_dialog = dialog
        await dialog_result(dialog)

    @qasync.asyncSlot()
    async def import_catalog(self, path: str | None = None) -> None:
        """Administrators: a season's catalog file (CSV, see README). Checked whole before
        anything is written; a refusal names the line and the field."""
        from ems_desktop.services import catalog
        from ems_desktop.views.file_dialogs import ask_file

        if path is None:
            path = await ask_file(self, self.tr("Importer un catalogue"), "", self.tr("Catalogue CSV (*.csv)"))
            if not path:
                return
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Importer un catalogue"))
        done = await ServiceOp(self.state, catalog.import_catalog_file, Path(path)).quietly().run()
        if not done.ok:  # the refusal names the line and the field
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(done.refusal)
        else:
            summary = done.value
            box.setIcon(QMessageBox.Icon.Information)
            box.setText(self.tr("Catalogue importé (saison %1) : %2 dispositif(s) et %3 groupe(s) créés, %4 groupe(s) "
                                "mis à jour.").replace("%1", ", ".join(summary.seasons))
                        .replace("%2", str(summary.offers_created)).replace("%3", str(summary.groups_created))
                        .replace("%4", str(summary.groups_updated)))
        self.import_box = box
        box.open()

    def show_simulator(self) -> None:
        """The built-in terminal's window, where the person at the counter plays the customer."""
        if self.state.simulator is None:
            return
        if getattr(self, "simulator_window", None) is None:
            from ems_desktop.views.simulator_window import TerminalSimulatorWindow

            self.simulator_window = TerminalSimulatorWindow(self.state.simulator)
        self.simulator_window.show()
        self.simulator_window.raise_()

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("À propos d'EMS Desktop"))
        box.setText(self.tr("<b>EMS Desktop %1</b><br>Le guichet de l'École Municipale des Sports.")
                    .replace("%1", __version__))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()

    def show_guide(self) -> None:
        from ems_desktop.views.help_dialogs import GuideDialog

        self.guide_dialog = GuideDialog(self)
        self.guide_dialog.show()

    def show_shortcuts(self) -> None:
        from ems_desktop.views.help_dialogs import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.shortcut_list(), self)
        self.shortcuts_dialog.show()

    def shortcut_list(self) -> list[tuple[str, str]]:
        """(keys, what they do) of every menu action with a shortcut, read from the menus
        themselves so the list never goes out of date."""
        found = []
        menus = (menu_action.menu() for menu_action in self.menuBar().actions())
        for menu in menus:
            if not isinstance(menu, QMenu):
                continue
            for action in menu.actions():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys:
                    found.append((keys, action.text().replace("&", "")))
        return found

    def open_settings(self) -> None:
        from ems_desktop.views.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.state, self)
        dialog.open()

    # --- status bar ----------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.agent_label = QLabel(self.tr("Agent : %1").replace("%1", self.state.agent.display_name))
        self.counter_label = QLabel(self.tr("Guichet : %1 (%2)").replace("%1", self.state.counter.name)
                                    .replace("%2", self.state.counter.number_prefix))
        # A long path is cut in its middle (the whole of it in the tooltip): the status bar keeps room
        # for the connection and the synchronisation.
        described = self.state.context.db.describe()
        shown = self.fontMetrics().elidedText(described, Qt.TextElideMode.ElideMiddle, 360)
        self.database_label = QLabel(self.tr("Base : %1").replace("%1", shown))
        self.database_label.setToolTip(described)
        self.terminal_label = QLabel(self.tr("TPE : %1").replace("%1", self.state.terminal_label))
        self.terminal_label.setStyleSheet("padding: 0 10px;")
        bar.addPermanentWidget(self.terminal_label)
        self.connection_label = QLabel()
        self.set_connection_state(True)
        self.state.signals.database_reachable.connect(self.set_connection_state)
        for label in (self.agent_label, self.counter_label, self.database_label):
            label.setStyleSheet("padding: 0 10px; border-right: 1px solid #c8ccd2;")
            bar.addWidget(label)
        bar.addPermanentWidget(self.connection_label)
        # A counter that syncs: how much of its work waits for the town's server.
        self.sync_label = QLabel()
        self.sync_label.setObjectName("sync_state")
        self.sync_label.setStyleSheet("padding: 0 10px;")
        self.sync_label.setVisible(self.state.context.outbox)
        bar.addPermanentWidget(self.sync_label)
        # The last SyncStatus of the background sync, if this counter has one (then its news as it comes).
        self._sync_status = self.state.sync.status if self.state.sync is not None else None
        if self.state.context.outbox:
            self.state.signals.changed.connect(lambda _changes: self.refresh_sync_state())
            self.state.signals.sync_status.connect(self._show_sync_status)
            self.refresh_sync_state()

    def _show_sync_status(self, status) -> None:
        self._sync_status = status
        self.cut_link_action.setChecked(status.link_cut)
        self.refresh_sync_state()

    @qasync.asyncSlot()
    async def refresh_sync_state(self) -> None:
        from ems_desktop.sync.outbox import pending_count

        waiting = await self.state.call(pending_count, self.state.counter.id)
        text, colour = self.sync_text(self._sync_status, waiting)
        self.sync_label.setText(text)
        self.sync_label.setStyleSheet(f"padding: 0 10px; color: {colour};")

    def sync_text(self, status, waiting: int) -> tuple[str, str]:
        """The status bar's words for the sync, and their colour."""
        from ems_desktop.dates import to_local

        pending = (self.tr("1 opération en attente") if waiting == 1 else
                   self.tr("%1 opérations en attente").replace("%1", str(waiting)))
        if status is None:  # a replica without a server configured: its work only waits
            if not waiting:
                return self.tr("Synchronisation : tout est envoyé"), "#1b7f3b"
            return self.tr("Synchronisation : %1 d'envoi").replace("%1", pending), "#7a5b00"
        if status.refused:
            return self.tr("Synchronisation arrêtée : %1").replace("%1", status.refused), "#b3261e"
        if not status.online:
            since = status.offline_since
            head = (self.tr("Hors ligne depuis %1").replace("%1", f"{to_local(since):%H:%M}") if since else
                    self.tr("Hors ligne"))
            return (f"{head} — {pending}" if waiting else head), "#b3261e"
        if status.syncing or waiting:
            return self.tr("Synchronisation…"), "#7a5b00"
        return self.tr("En ligne"), "#1b7f3b"

    def toggle_link(self, cut: bool) -> None:
        if self.state.sync is not None:
            self.state.sync.cut_link(cut)

    def set_connection_state(self, reachable: bool, detail: str = "") -> None:
        if reachable:
            self.connection_label.setText(self.tr("● Base joignable"))
            self.connection_label.setStyleSheet("color: #1b7f3b; padding-right: 12px;")
        else:
            self.connection_label.setText(self.tr("● Base injoignable"))
            self.connection_label.setStyleSheet("color: #b3261e; padding-right: 12px;")
        self.connection_label.setToolTip(detail)

    # --- geometry ------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = window_settings()
        geometry = settings.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            # First start: a counter works all day in this window, give it the whole screen.
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is not None:
                self.setGeometry(screen.availableGeometry())
            self.setWindowState(Qt.WindowState.WindowMaximized)
        tab = settings.value("main_window/tab", 0)
        self.tabs.setCurrentIndex(int(tab) if isinstance(tab, int | str) and str(tab).isdigit() else 0)

    # --- the first screen ----------------------------------------------------------------------
    def _first_screen_loaded(self) -> None:
        if self._first_screen_signal is not None:
            self._first_screen_signal.disconnect(self._first_screen_loaded)
        if self.isVisible():
            self.installEventFilter(self)  # the window's next paint shows the data: see eventFilter
        else:
            self._first_screen_painted()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self and event.type() == QEvent.Type.Paint:
            self.removeEventFilter(self)
            QTimer.singleShot(0, self, self._first_screen_painted)  # once the paint under way is over
        return super().eventFilter(watched, event)

    def _first_screen_painted(self) -> None:
        self.first_screen_is_shown = True
        self.first_screen_shown.emit()

    async def ready(self) -> None:
        """Returns once the tab shown first has painted its first data (at once if it was shown
        already): the end of the start-up, as the agent sees it."""
        if self.first_screen_is_shown:
            return
        shown = asyncio.get_running_loop().create_future()

        def done() -> None:
            if not shown.done():
                shown.set_result(None)

        self.first_screen_shown.connect(done)
        try:
            await shown
        finally:
            self.first_screen_shown.disconnect(done)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        QTimer.singleShot(0, self._focus_current_tab)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        settings = window_settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/tab", self.tabs.currentIndex())
        settings.sync()
        # The simulator's window (and any window of this counter) goes with the main window.
        simulator = getattr(self, "simulator_window", None)
        if simulator is not None:
            simulator.close()
        super().closeEvent(event)
        self.closed.emit()
