"""The file dialogs Qt draws itself are in French, with readable columns (issue: « Look in: »,
« Files of type: », « Folder » and a cut date column were left in English / unreadable)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QHeaderView, QLabel, QTreeView

from ems_desktop.views.file_dialogs import file_dialog


def drawn_by_qt(dialog: QFileDialog) -> QFileDialog:
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    return dialog


def test_the_file_dialog_speaks_french(qtbot, qasync_loop, tmp_path):
    (tmp_path / "catalogues").mkdir()
    dialog = drawn_by_qt(file_dialog(None, "Importer un catalogue", str(tmp_path), "Catalogue CSV (*.csv)"))
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [label.text().replace("&", "") for label in dialog.findChildren(QLabel) if label.text()]
    assert "Voir dans\xa0:" in labels
    assert "Nom de fichier\xa0:" in labels
    assert "Fichiers de type\xa0:" in labels
    assert not any(word in " ".join(labels) for word in ("Look in", "Files of type", "File name"))

    view = dialog.findChild(QTreeView, "treeView")
    model = view.model()
    headers = [model.headerData(c, view.header().orientation()) for c in range(model.columnCount())]
    assert headers == ["Nom", "Taille", "Type", "Dernière modification"]
    qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 1)
    folder_type = model.index(0, 2, view.rootIndex()).data()
    assert folder_type == "Dossier"


def test_the_date_column_fits_its_dates(qtbot, qasync_loop, tmp_path):
    dialog = drawn_by_qt(file_dialog(None, "Choisir", str(tmp_path), "Tous les fichiers (*)", save=True,
                                     default_suffix="csv", suggested_name="journal.csv"))
    qtbot.addWidget(dialog)
    header = dialog.findChild(QTreeView, "treeView").header()
    assert header.sectionResizeMode(3) == QHeaderView.ResizeMode.ResizeToContents
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert dialog.defaultSuffix() == "csv"
