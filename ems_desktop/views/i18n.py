"""French everywhere: Qt's own translations (buttons, calendar) and a French default locale.

Our source strings are French already and go through ``tr()``, so a future translation (or a
wording change) is a .ts/.qm file away. Qt's built-in dialogs need its ``qtbase_fr.qm``.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)


# Texts Qt 6 moved to a context the French catalogue does not have yet ("Folder" in the file
# dialog's Type column): looked up in the context that still holds them.
CONTEXT_FALLBACKS = {"QAbstractFileIconProvider": ("QFileDialog", "QFileIconProvider")}


class MnemonicFallback(QTranslator):
    """Fills two gaps of Qt's French catalogue.

    Qt 6 gave some of its file dialog's labels a keyboard mnemonic ("&Look in:", "Files of
    &type:") while the French catalogue still holds them without one ("Look in:"): the dialog
    showed them in English. For a source text with a "&" that the catalogues miss, the text
    without it is looked up (the mnemonic is lost, the French is not)."""

    def __init__(self, catalogues: list[QTranslator], parent=None) -> None:
        super().__init__(parent)
        self.catalogues = catalogues

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D102 (Qt's name)
        # None, not "": an empty string would count as a translation and blank the label.
        if not source_text:
            return None
        if context in CONTEXT_FALLBACKS:
            return self._from_other_contexts(context, source_text, disambiguation, n)
        if "&" not in source_text:
            return None
        for catalogue in self.catalogues:
            if catalogue.translate(context, source_text, disambiguation, n):
                return None  # the catalogue has it as written: let Qt use it
        plain = source_text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        for catalogue in self.catalogues:
            found = catalogue.translate(context, plain, disambiguation, n)
            if found:
                return found
        return None

    def _from_other_contexts(self, context, source_text, disambiguation, n):
        for catalogue in self.catalogues:
            if catalogue.translate(context, source_text, disambiguation, n):
                return None
        for other in CONTEXT_FALLBACKS[context]:
            for catalogue in self.catalogues:
                found = catalogue.translate(other, source_text, disambiguation, n)
                if found:
                    return found
        return None

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False


def install_french(app: QApplication) -> list[QTranslator]:
    QLocale.setDefault(FRENCH)
    translators = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(FRENCH, name, "_", folder):
            app.installTranslator(translator)
            translators.append(translator)
    if translators:
        # Installed last, so asked first (Qt asks the most recent translator first).
        fallback = MnemonicFallback(list(translators), app)
        app.installTranslator(fallback)
        translators.append(fallback)
    return translators


def qt_speaks_french() -> bool:
    """Whether Qt's own texts (its buttons) come out in French: its translations were found."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
