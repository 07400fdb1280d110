"""French everywhere: Qt's own translations (buttons, calendar) and a French default locale.

Our source strings are French already and go through ``tr()``, so a future translation (or a
wording change) is a .ts/.qm file away. Qt's built-in dialogs need its ``qtbase_fr.qm``.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)


def install_french(app: QApplication) -> list[QTranslator]:
    QLocale.setDefault(FRENCH)
    translators = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(FRENCH, name, "_", folder):
            app.installTranslator(translator)
            translators.append(translator)
    return translators
