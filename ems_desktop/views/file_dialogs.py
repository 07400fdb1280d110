"""The file dialogs (open a catalogue, export the journal, choose a backup, save a sheet).

Where the desktop has its own dialog (Windows, macOS) it is used, in the system's language. Elsewhere
Qt draws one, in French thanks to views/i18n.py; its columns are sized to their content so the
dates of the « Dernière modification » column are readable, not cut to « 30/11/… ».
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QTreeView, QWidget

from ems_desktop.views.async_tools import dialog_result


def file_dialog(parent: QWidget | None, title: str, directory: str, name_filter: str, *,
                save: bool = False, default_suffix: str = "", suggested_name: str = "") -> QFileDialog:
    dialog = QFileDialog(parent, title, directory, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    if default_suffix:
        dialog.setDefaultSuffix(default_suffix)
    if suggested_name:
        dialog.selectFile(suggested_name)
    details = dialog.findChild(QTreeView, "treeView")  # absent when the system's dialog is used
    if details is not None:
        header = details.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    dialog.resize(900, 520)
    return dialog


async def ask_file(parent: QWidget | None, title: str, directory: str, name_filter: str, **options) -> str:
    """The chosen file's path, or "" when the agent cancels. No nested event loop."""
    dialog = file_dialog(parent, title, directory, name_filter, **options)
    if parent is not None:
        parent.file_dialog = dialog  # type: ignore[attr-defined]  # any widget: tests reach the open dialog here
    if await dialog_result(dialog) != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]
