"""Backups in the window: Fichier › Sauvegarder maintenant and Fichier › Restaurer une sauvegarde…
(administrateurs), the daily backup at start and the one after a cash-session closing (the status
bar says they run; a failure opens a warning), and the restart after a restore.

The copy, the checks and the restore run on the database worker (``services.backups``); these
screens only wait for them, with "Sauvegarde en cours…" showing."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import qasync
import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ems_desktop import config
from ems_desktop.database.backup import BackupInfo, RestoreInfo, size_text
from ems_desktop.services import backups, permissions
from ems_desktop.services.errors import DomainError
from ems_desktop.views.app_state import AppState
from ems_desktop.views.async_tools import dialog_result
from ems_desktop.views.file_dialogs import ask_file
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import ErrorLabel

if TYPE_CHECKING:
    from ems_desktop.views.main_window import MainWindow

log = logging.getLogger(__name__)

WARNING_STYLE = "color: #8a1c14;"


def _configured(state: AppState) -> str:
    return state.local.get(config.BACKUP_FOLDER)


def _tr(text: str) -> str:
    return QApplication.translate("Backups", text)


def _alive(widget: QWidget | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


def _failure_text(error: BaseException) -> str:
    if isinstance(error, DomainError):
        return error.message
    return (_tr("erreur inattendue (%1), détaillée dans le journal de l'application.")
            .replace("%1", type(error).__name__))


# --- automatic backups: at start, after a closing -------------------------------------------------------

async def _automatic(state: AppState, widget: QWidget, function, running: str, done: str, failed: str):
    """Run an automatic backup on the database worker; the window's status bar says it runs and where
    the copy went; a failure opens a warning (never silent: the base is not copied)."""
    if not backups.is_local_file(state.context):
        return None  # PostgreSQL: the service informatique's pg_dump
    window = widget.window() if _alive(widget) else None
    bar = window.statusBar() if isinstance(window, QMainWindow) else None
    if bar is not None:
        bar.showMessage(running)
    try:
        info = await state.call(function, _configured(state))
    except Exception as error:  # noqa: BLE001 - said to the agent and logged, never lost in a task
        log.error("sauvegarde automatique non faite : %s", error, exc_info=not isinstance(error, DomainError))
        if bar is not None and _alive(bar):
            bar.clearMessage()
        if _alive(widget):
            box = QMessageBox(QMessageBox.Icon.Warning, _tr("Sauvegarde non faite"),
                              failed.replace("%1", _failure_text(error)), QMessageBox.StandardButton.Ok,
                              widget.window())
            box.setObjectName("backup_failed")
            detail = getattr(error, "detail", "")
            if detail:
                box.setDetailedText(detail)
            widget.backup_failed_box = box  # type: ignore[attr-defined]  # any widget: tests reach the box here
            box.open()
        return None
    if bar is not None and _alive(bar):
        if info is None:
            bar.clearMessage()
        else:
            bar.showMessage(done.replace("%1", info.path.name), 15_000)
    return info


def backup_after_closing(state: AppState, widget: QWidget) -> asyncio.Task:
    """After a cash session was closed: a copy of the base, on the database worker (not awaited)."""
    return asyncio.ensure_future(_automatic(
        state, widget, backups.backup_after_closing,
        _tr("Sauvegarde de la base après la clôture de caisse en cours…"),
        _tr("Sauvegarde après la clôture de caisse faite et vérifiée : %1"),
        _tr("La sauvegarde de la base après la clôture de caisse a échoué.\n\n%1\n\nLa clôture, elle, est bien "
            "enregistrée. Prévenez l'administrateur : tant que ce n'est pas réglé, la base n'est pas copiée.")))


def start_daily_backup(window: QWidget) -> asyncio.Task | None:
    """At start, once the window shows: the day's backup unless one was taken today."""
    actions = getattr(window, "backups", None)
    return actions.start_daily() if actions is not None else None


def exit_code(window: QWidget) -> int:
    """What the application returns once its window closed: EXIT_RESTART after a restore, else 0."""
    try:
        asked = bool(getattr(getattr(window, "backups", None), "restart_requested", False))
    except RuntimeError:  # the window's C++ side is gone: nothing was asked of it
        asked = False
    return backups.EXIT_RESTART if asked else 0


# --- the menu -------------------------------------------------------------------------------------------

def add_backup_actions(window: MainWindow, menu) -> BackupActions:
    """Fichier › Sauvegarder maintenant and Fichier › Restaurer une sauvegarde… in ``menu``."""
    return BackupActions(window, menu)


class BackupActions(QObject):
    def __init__(self, window: MainWindow, menu) -> None:
        super().__init__(window)
        self.window = window
        self.state: AppState = window.state
        self.restart_requested = False
        self.progress_dialog: BackupProgressDialog | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.message_box: QMessageBox | None = None
        self.daily_task: asyncio.Task | None = None
        admin = self.state.agent.has(permissions.ADMINISTRATEUR)
        self.backup_action = QAction(self.tr("&Sauvegarder maintenant"), window)
        self.backup_action.setObjectName("backup_now")
        self.backup_action.triggered.connect(lambda _checked=False: self.backup_now())
        self.restore_action = QAction(self.tr("&Restaurer une sauvegarde…"), window)
        self.restore_action.setObjectName("restore_backup")
        self.restore_action.triggered.connect(lambda _checked=False: self.open_restore())
        for action in (self.backup_action, self.restore_action):
            action.setEnabled(admin)
            if not admin:
                action.setToolTip(self.tr("Réservé aux administrateurs"))
            menu.addAction(action)

    def _inform(self, title: str, text: str, icon=QMessageBox.Icon.Information) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("backup_message")
        self.message_box = box
        box.open()
        return box

    @qasync.asyncSlot()
    async def backup_now(self) -> None:
        if not backups.is_local_file(self.state.context):
            self._inform(self.tr("Sauvegarder maintenant"), backups.ON_POSTGRESQL)
            return
        dialog = BackupProgressDialog(self.window)
        self.progress_dialog = dialog
        dialog.open()
        try:
            info = await self.state.call(backups.backup_now, _configured(self.state))
        except Exception as error:  # noqa: BLE001 - shown in the dialog, logged
            log.error("sauvegarde à la demande non faite : %s", error, exc_info=not isinstance(error, DomainError))
            if _alive(dialog):
                dialog.show_failure(_failure_text(error), getattr(error, "detail", ""))
            return
        if _alive(dialog):
            dialog.show_success(info)

    @qasync.asyncSlot()
    async def open_restore(self) -> None:
        if not backups.is_local_file(self.state.context):
            self._inform(self.tr("Restaurer une sauvegarde"), backups.ON_POSTGRESQL)
            return
        def refused(text: str) -> None:
            self._inform(self.tr("Restaurer une sauvegarde"), text, QMessageBox.Icon.Warning)

        found = await ServiceOp(self.state, backups.list_backups, _configured(self.state)).errors_to(refused).run()
        if not found.ok:
            return
        folder = await ServiceOp(self.state, backups.backup_folder, _configured(self.state)).errors_to(refused).run()
        if not folder.ok:
            return
        dialog = RestoreDialog(self.state, found.value, folder.value, self.window)
        self.restore_dialog = dialog
        if await dialog_result(dialog) != QDialog.DialogCode.Accepted or dialog.info is None:
            return
        info = dialog.info
        text = self.tr("La sauvegarde « %1 » est remise en service (schéma mis à niveau).\n\nLa base remplacée est "
                       "gardée dans :\n%2\n\nL'application va redémarrer : reconnectez-vous, puis vérifiez les "
                       "dernières opérations.").replace("%1", info.restored_from.name) \
            .replace("%2", str(info.replaced_copy or "—"))
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Sauvegarde restaurée"), text,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("restored")
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Redémarrer"))
        self.message_box = box
        await dialog_result(box)  # whatever the button: the old base's engine must not go on
        self.request_restart()

    def request_restart(self) -> None:
        """The application ends with EXIT_RESTART and ``run_application`` starts it again."""
        self.restart_requested = True
        QApplication.closeAllWindows()

    def start_daily(self) -> asyncio.Task:
        self.daily_task = asyncio.ensure_future(_automatic(
            self.state, self.window, backups.daily_backup,
            self.tr("Sauvegarde quotidienne de la base en cours…"),
            self.tr("Sauvegarde quotidienne faite et vérifiée : %1"),
            self.tr("La sauvegarde quotidienne de la base a échoué.\n\n%1\n\nVous pouvez travailler, mais prévenez "
                    "l'administrateur : tant que ce n'est pas réglé, la base n'est pas copiée.")))
        return self.daily_task


# --- Sauvegarder maintenant -----------------------------------------------------------------------------

class BackupProgressDialog(QDialog):
    """« Sauvegarde en cours… » while the copy is made and checked, then where it went."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_progress")
        self.setWindowTitle(self.tr("Sauvegarder maintenant"))
        self.info: BackupInfo | None = None
        self.label = QLabel(self.tr("Sauvegarde en cours… La base est copiée dans le dossier des sauvegardes, "
                                    "puis vérifiée."))
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: SQLite copies in one step
        self.bar.setTextVisible(False)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Fermer"))
        self.close_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)

    def reject(self) -> None:
        if self.close_button.isEnabled():  # not while the copy runs (Échap included)
            super().reject()

    def show_success(self, info: BackupInfo) -> None:
        self.info = info
        self.bar.hide()
        self.label.setText(self.tr("Sauvegarde faite et vérifiée (%1) :\n%2\n\nLes %3 plus récentes sont gardées dans "
                                   "ce dossier.").replace("%1", size_text(info.size_bytes))
                           .replace("%2", str(info.path)).replace("%3", "30"))
        self.close_button.setEnabled(True)
        self.close_button.setFocus()

    def show_failure(self, message: str, detail: str = "") -> None:
        self.bar.hide()
        self.label.setText(self.tr("La sauvegarde n'a pas été faite."))
        self.error.show_message(message)
        self.error.setToolTip(detail)
        self.close_button.setEnabled(True)


# --- Restaurer une sauvegarde… --------------------------------------------------------------------------

class RestoreDialog(QDialog):
    """Choose a backup (the folder's, newest first, or any file), confirm, restore on the worker."""

    def __init__(self, state: AppState, found: list[BackupInfo], folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.folder = folder
        self.found = list(found)
        self.chosen: Path | None = None
        self.info: RestoreInfo | None = None
        self.setObjectName("restore_dialog")
        self.setWindowTitle(self.tr("Restaurer une sauvegarde"))

        intro = QLabel(self.tr("Choisissez la copie à remettre en service. Elle est d'abord vérifiée et mise à "
                               "niveau ; la base actuelle est ensuite gardée de côté dans le dossier des sauvegardes, "
                               "puis l'application redémarre."))
        intro.setWordWrap(True)
        self.folder_label = QLabel(self.tr("Dossier des sauvegardes : %1").replace("%1", str(folder)))
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setStyleSheet("color: #555;")

        self.table = QTableWidget(len(self.found), 3)
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Motif"), self.tr("Taille")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, info in enumerate(self.found):
            for column, text in enumerate((f"{info.taken_at:%d/%m/%Y %H:%M:%S}", info.reason_label,
                                           size_text(info.size_bytes))):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.itemSelectionChanged.connect(self._table_choice)
        self.table.setMinimumHeight(200)
        self.empty_label = QLabel(self.tr("Aucune sauvegarde dans ce dossier : choisissez un fichier."))
        self.empty_label.setVisible(not self.found)

        self.other_button = QPushButton(self.tr("Autre fichier…"))
        self.other_button.setObjectName("other_file")
        self.other_button.clicked.connect(self._ask_for_file)
        self.chosen_label = QLabel(self.tr("Aucune sauvegarde choisie."))
        self.chosen_label.setObjectName("chosen")
        self.chosen_label.setWordWrap(True)
        self.chosen_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.chosen_label, 1)
        choice_row.addWidget(self.other_button, 0, Qt.AlignmentFlag.AlignTop)

        warning = QLabel(self.tr("Attention : tout ce qui a été enregistré après cette copie (dossiers, inscriptions, "
                                 "encaissements, factures, clôtures) disparaît de la base, et les numéros de pièces "
                                 "émis depuis seront attribués à nouveau. Ne restaurez que si la base actuelle est "
                                 "inutilisable, en accord avec le régisseur ; la base remplacée reste gardée."))
        warning.setWordWrap(True)
        warning.setStyleSheet(WARNING_STYLE)
        self.confirm = QCheckBox(self.tr("J'ai compris : remplacer la base actuelle par cette sauvegarde."))
        self.confirm.setObjectName("confirm_restore")
        self.confirm.toggled.connect(self._update_button)

        self.progress_label = QLabel(self.tr("Restauration en cours… vérification de la sauvegarde, mise à niveau, "
                                             "mise de côté de la base actuelle."))
        self.progress_label.setWordWrap(True)
        self.progress_label.hide()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.hide()
        self.error = ErrorLabel()

        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(self.tr("Restaurer et redémarrer"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restore")
        self.cancel_button = self.buttons.addButton(self.tr("Annuler"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(choice_row)
        layout.addWidget(warning)
        layout.addWidget(self.confirm)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.running = False

    def _table_choice(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.choose(self.found[rows[0].row()].path, from_table=True)

    @qasync.asyncSlot()
    async def _ask_for_file(self) -> None:
        path = await ask_file(self, self.tr("Choisir une sauvegarde"), str(self.folder),
                              self.tr("Bases SQLite (*.sqlite3 *.sqlite *.db);;Tous les fichiers (*)"))
        if path:
            self.choose(Path(path))

    def choose(self, path: Path, *, from_table: bool = False) -> None:
        """The file to restore (a row of the table, or any file)."""
        self.chosen = Path(path)
        if not from_table:
            self.table.clearSelection()
        self.chosen_label.setText(self.tr("Sauvegarde choisie : %1").replace("%1", str(self.chosen)))
        self.error.clear_message()
        self._update_button()

    def _update_button(self) -> None:
        self.restore_button.setEnabled(self.chosen is not None and self.confirm.isChecked() and not self.running)

    def _set_running(self, running: bool) -> None:
        self.running = running
        for widget in (self.table, self.other_button, self.confirm, self.cancel_button):
            widget.setEnabled(not running)
        self.progress_label.setVisible(running)
        self.bar.setVisible(running)
        self._update_button()

    def reject(self) -> None:
        if not self.running:  # not in the middle of the switch (Échap included)
            super().reject()

    @qasync.asyncSlot()
    async def restore(self) -> None:
        if self.chosen is None or not self.confirm.isChecked() or self.running:
            return
        self.error.clear_message()
        self._set_running(True)
        try:
            self.info = await self.state.call(backups.restore_backup, self.chosen, _configured(self.state))
        except Exception as error:  # noqa: BLE001 - shown under the choice, logged
            log.error("restauration refusée : %s", error, exc_info=not isinstance(error, DomainError))
            if _alive(self):
                self._set_running(False)
                self.error.show_message(_failure_text(error))
                self.error.setToolTip(getattr(error, "detail", ""))
            return
        self.running = False
        self.accept()
