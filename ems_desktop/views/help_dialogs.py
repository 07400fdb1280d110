"""Aide › Guide du guichet (F1) and Aide › Raccourcis clavier: what a new agent needs on day one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

GUIDE_HTML = """
<h2>Le guichet, pas à pas</h2>
<p>Une famille se présente au guichet pour inscrire ses enfants à l'École Municipale des Sports.</p>
<ol>
<li><b>Retrouver la famille</b> — <i>Dossiers</i> (Ctrl+2) : tapez quelques lettres du nom, d'un enfant,
du téléphone, de l'e-mail ou de la référence, puis Entrée pour ouvrir le dossier. Une famille inconnue :
« Nouvelle famille » (les champs marqués * sont obligatoires). La famille ouverte est rappelée en haut à
droite de la fenêtre, pour tous les onglets.</li>
<li><b>Inscrire chaque enfant</b> — <i>Inscriptions</i> (Ctrl+3) : pour chaque enfant et chaque trimestre,
choisissez un groupe de sa tranche d'âge ; les places restantes sont affichées. Une inscription non payée
réserve la place 2 heures.</li>
<li><b>Encaisser</b> — <i>Caisse</i> (Ctrl+4) : la caisse doit être ouverte (fond de caisse). Répartissez le
montant dû entre carte bancaire (sur le TPE), espèces (le rendu de monnaie est calculé), chèque et chèques
vacances ANCV, puis « Payer ». La facture est émise au paiement.</li>
<li><b>Remettre les documents</b> — « Imprimer le ticket » et « Imprimer la facture » : chaque document est
enregistré en PDF ; le message sous les boutons donne son emplacement et un lien « Ouvrir le dossier ».</li>
<li><b>Montrer le planning</b> — <i>Planning</i> (Ctrl+5) : les mercredis de chaque groupe, hors vacances
scolaires et jours fériés, et les feuilles de présence pour les éducateurs.</li>
</ol>
<h3>Corriger, rembourser</h3>
<p>Une facture émise ne se modifie pas : <i>Caisse</i> › « Avoir / remboursement… » établit un avoir sur
la famille ouverte, puis rembourse (sur la carte, en espèces, par chèque, ou en avoir sur le compte de
la famille). Les factures, avoirs
et tickets se réimpriment depuis <i>Facturation</i> (Ctrl+6), avec la mention DUPLICATA.</p>
<h3>En fin de journée</h3>
<p>« Clôturer la caisse » : comptez espèces, chèques et ANCV ; les écarts sont calculés et le rapport de
clôture se signe. Les rapports de clôture se réimpriment depuis la <i>Caisse</i>.</p>
<h3>Si le réseau ou le TPE ne répond plus</h3>
<p>L'<i>Accueil</i> (Ctrl+1) liste les paiements par carte à vérifier : ne reprenez jamais un paiement par
carte sans avoir regardé le ticket du TPE. Ctrl+L verrouille le poste quand vous vous absentez.</p>
"""


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    return buttons


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Guide du guichet"))
        self.text = QTextBrowser()
        self.text.setObjectName("guide")
        self.text.setHtml(GUIDE_HTML)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(_buttons(self))
        self.resize(720, 600)


class ShortcutsDialog(QDialog):
    def __init__(self, shortcuts: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Raccourcis clavier"))
        extra = [(self.tr("Ctrl+N"), self.tr("Dossiers : nouvelle famille")),
                 (self.tr("↓"), self.tr("Dossiers : de la recherche aux résultats")),
                 (self.tr("Entrée"), self.tr("Dossiers : ouvrir la famille choisie dans les résultats")),
                 (self.tr("Échap"), self.tr("Dossiers : effacer la recherche ; ailleurs, fermer une fenêtre de "
                                            "dialogue sans rien enregistrer")),
                 (self.tr("Alt+↓ ou F4"), self.tr("Dans un champ de date : ouvrir le calendrier"))]
        rows = shortcuts + extra
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcuts")
        self.table.setHorizontalHeaderLabels([self.tr("Touches"), self.tr("Action")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, what) in enumerate(rows):
            key_item = QTableWidgetItem(keys)
            key_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 0, key_item)
            self.table.setItem(row, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(_buttons(self))
        self.resize(600, 600)  # every row without scrolling
