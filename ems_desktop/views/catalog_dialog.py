"""Fichier › Catalogue… (administrateurs): a season's offers and groups in a tree, the selected one
edited beside it; seasons created, opened, archived; prices by quotient familial; next season
prepared from this one after a review of its session counts; a season exported to a catalog file.

The rules live in services/catalog_admin.py; this screen shows their messages under the fields
(checked as each field is left) and asks before a change that touches enrolled children."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TypeVar

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ems_desktop.models import AgeRule, OfferKind, SeasonStatus
from ems_desktop.money import format_cents
from ems_desktop.services import catalog, catalog_admin
from ems_desktop.services.catalog_admin import (
    KIND_LABELS,
    WEEKDAYS,
    GroupInput,
    GroupView,
    NeedsConfirmation,
    OfferInput,
    OfferView,
    SeasonInput,
    SeasonView,
)
from ems_desktop.services.errors import ValidationFailed
from ems_desktop.views.app_state import AppState
from ems_desktop.views.async_tools import dialog_result
from ems_desktop.views.date_field import DateField
from ems_desktop.views.operations import ServiceOp
from ems_desktop.views.widgets import (
    AmountEdit,
    ErrorLabel,
    FieldWithError,
    action_buttons,
    close_buttons,
    fit_to_screen,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ID_ROLE = Qt.ItemDataRole.UserRole
DEFAULT = 1  # the prices table's column of the price without a valid quotient

_W = TypeVar("_W", bound=QWidget)


def _plain_amount(cents: int) -> str:
    return format_cents(cents, with_symbol=False)


async def _confirm(parent: QWidget, question: NeedsConfirmation) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, parent.tr("Confirmer la modification"), question.message,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("catalog_confirmation")
    box.button(QMessageBox.StandardButton.Yes).setText(parent.tr("Enregistrer quand même"))
    box.button(QMessageBox.StandardButton.No).setText(parent.tr("Annuler"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return await dialog_result(box) == QMessageBox.StandardButton.Yes


class _Editor(QWidget):
    """A form with one message under each field, its buttons, and a message line."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, FieldWithError] = {}
        self.message = ErrorLabel()
        self.save_button = QPushButton(self.tr("Enregistrer"))
        self.save_button.setDefault(True)
        self.archive_button = QPushButton(self.tr("Archiver"))
        self.delete_button = QPushButton(self.tr("Supprimer"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def add(self, key: str, label: str, widget: _W) -> _W:
        field = self.fields[key] = FieldWithError(widget)
        self.form.addRow(label, field)
        return widget

    def clear_messages(self) -> None:
        for field in self.fields.values():
            field.error.clear_message()
        self.message.clear_message()

    def show_field_problems(self, problems: dict[str, str], only: str | None = None) -> None:
        """The messages of the fields (all, or only the one just left)."""
        for key, field in self.fields.items():
            if only is None or key == only:
                field.error.show_message(problems.get(key, ""))

    def watch_leaving(self, key: str, widget: QWidget, check) -> None:
        """``check(key)`` once the field is left (its message shown or cleared)."""
        edit: QWidget = widget.edit if isinstance(widget, DateField) else widget
        if isinstance(edit, QLineEdit):
            edit.editingFinished.connect(lambda: check(key))
        elif isinstance(edit, QComboBox):
            edit.currentIndexChanged.connect(lambda _index: check(key))


class OfferEditor(_Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("offer_editor")
        self.code = self.add("code", self.tr("Code"), QLineEdit())
        self.code.setPlaceholderText(self.tr("ex. EMS-2027-T1"))
        self.label = self.add("label", self.tr("Libellé"), QLineEdit())
        self.invoice_label = self.add("invoice_label", self.tr("Libellé sur la facture"), QLineEdit())
        self.invoice_label.setPlaceholderText(self.tr("le libellé, s'il est vide"))
        self.kind = self.add("kind", self.tr("Type"), QComboBox())
        for kind in OfferKind.ALL:
            self.kind.addItem(self.tr(KIND_LABELS[kind]), kind)
        self.starts_on = self.add("starts_on", self.tr("Du"), DateField())
        self.ends_on = self.add("ends_on", self.tr("Au"), DateField())
        for key, widget in (("code", self.code), ("label", self.label), ("starts_on", self.starts_on),
                            ("ends_on", self.ends_on), ("kind", self.kind)):
            self.watch_leaving(key, widget, self.check_field)
        self.offer: OfferView | None = None

    def show_offer(self, offer: OfferView | None) -> None:
        self.offer = offer
        self.clear_messages()
        self.title.setText(self.tr("Nouveau dispositif") if offer is None else offer.label)
        self.code.setText(offer.code if offer else "")
        self.label.setText(offer.label if offer else "")
        self.invoice_label.setText(offer.invoice_label if offer else "")
        self.kind.setCurrentIndex(OfferKind.ALL.index(offer.kind) if offer else 0)
        for field, day in ((self.starts_on, offer.starts_on if offer else None),
                           (self.ends_on, offer.ends_on if offer else None)):
            field.edit.clear()
            if day is not None:
                field.set_date(day)
        self.archive_button.setText(self.tr("Réactiver") if offer and offer.archived else self.tr("Archiver"))
        self.archive_button.setEnabled(offer is not None)
        self.delete_button.setEnabled(offer is not None)

    def values(self) -> OfferInput:
        return OfferInput(code=self.code.text(), label=self.label.text(), invoice_label=self.invoice_label.text(),
                          kind=self.kind.currentData(), starts_on=self.starts_on.edit.text(),
                          ends_on=self.ends_on.edit.text())

    def check_field(self, key: str) -> None:
        self.show_field_problems(catalog_admin.offer_problems(self.values()), only=key)


class GroupEditor(_Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("group_editor")
        self.label = self.add("label", self.tr("Nom du groupe"), QLineEdit())
        self.label.setPlaceholderText(self.tr("ex. 7/11 ans Escalade"))
        self.activity = self.add("activity", self.tr("Activité"), QLineEdit())
        self.age_rule = self.add("age_rule", self.tr("Âge compté"), QComboBox())
        self.age_rule.addItem(self.tr("en années, au premier jour du dispositif"), AgeRule.AGE_AT_START)
        self.age_rule.addItem(self.tr("par années de naissance"), AgeRule.BIRTH_YEAR)
        self.age_from = QLineEdit()
        self.age_to = QLineEdit()
        ages = QWidget()
        row = QHBoxLayout(ages)
        row.setContentsMargins(0, 0, 0, 0)
        self.age_from_label, self.age_to_label = QLabel(), QLabel()
        for widget in (self.age_from_label, self.age_from, self.age_to_label, self.age_to):
            row.addWidget(widget)
        self.fields["age_to"] = FieldWithError(ages)
        self.fields["age_from"] = self.fields["age_to"]  # one line, one message for both ages
        self.form.addRow(self.tr("Tranche d'âge"), self.fields["age_to"])
        self.capacity = self.add("capacity", self.tr("Places"), QLineEdit())
        self.capacity.setAlignment(RIGHT)
        self.weekday = self.add("weekday", self.tr("Jour"), QComboBox())
        for number, day in enumerate(WEEKDAYS):
            self.weekday.addItem(day.capitalize(), number)
        self.start_time = self.add("start_time", self.tr("De"), QLineEdit())
        self.start_time.setPlaceholderText("13:30")
        self.end_time = self.add("end_time", self.tr("À"), QLineEdit())
        self.end_time.setPlaceholderText("16:30")
        self.place = self.add("place", self.tr("Lieu"), QLineEdit())
        self.price = self.add("price", self.tr("Tarif (sans quotient)"), AmountEdit())
        self.bands_hint = QLabel()
        self.bands_hint.setWordWrap(True)
        self.bands_hint.setStyleSheet("color: #555;")
        self.form.addRow("", self.bands_hint)
        self.taken = QLabel()
        self.form.addRow(self.tr("Inscrits"), self.taken)
        self.age_rule.currentIndexChanged.connect(lambda _i: self._age_labels())
        for key, widget in (("label", self.label), ("capacity", self.capacity), ("start_time", self.start_time),
                            ("end_time", self.end_time), ("price", self.price), ("age_from", self.age_from),
                            ("age_to", self.age_to)):
            self.watch_leaving(key, widget, self.check_field)
        self.group: GroupView | None = None
        self.offer: OfferView | None = None
        self._age_labels()

    def _age_labels(self) -> None:
        by_years = self.age_rule.currentData() == AgeRule.BIRTH_YEAR
        self.age_from_label.setText(self.tr("nés de") if by_years else self.tr("de"))
        self.age_to_label.setText(self.tr("à") if by_years else self.tr("à (ans)"))
        self.age_from.setPlaceholderText("2015" if by_years else "7")
        self.age_to.setPlaceholderText("2019" if by_years else "11")

    def show_group(self, offer: OfferView, group: GroupView | None) -> None:
        self.offer, self.group = offer, group
        self.clear_messages()
        self.title.setText(self.tr("Nouveau groupe de « %1 »").replace("%1", offer.label) if group is None
                           else group.label)
        self.label.setText(group.label if group else "")
        self.activity.setText(group.activity if group else "")
        self.age_rule.setCurrentIndex(1 if group and group.age_rule == AgeRule.BIRTH_YEAR else 0)
        first, last = catalog_admin.age_fields(group, offer.starts_on) if group else ("", "")
        self.age_from.setText(first)
        self.age_to.setText(last)
        self.capacity.setText(str(group.capacity) if group else "")
        self.weekday.setCurrentIndex(group.weekday if group else offer.starts_on.weekday())
        self.start_time.setText(f"{group.start_time:%H:%M}" if group else "")
        self.end_time.setText(f"{group.end_time:%H:%M}" if group else "")
        self.place.setText(group.place if group else "")
        self.price.setText(_plain_amount(group.price_cents) if group else "")
        self.bands_hint.setText(
            self.tr("Tarifs par quotient : %1 (bouton « Tarifs par quotient… »)").replace("%1", ", ".join(
                f"{b.quotient_min}–{b.quotient_max if b.quotient_max is not None else '…'} : "
                f"{format_cents(b.price_cents)}"
                for b in group.bands)) if group and group.bands else
            self.tr("Pas de tarif par quotient : tout le monde paie ce tarif (bouton « Tarifs par quotient… »)."))
        self.taken.setText(self.tr("%1 confirmé(s), %2 en attente de paiement").replace("%1", str(group.confirmed))
                           .replace("%2", str(group.held)) if group else "—")
        self.archive_button.setText(self.tr("Réactiver") if group and group.archived else self.tr("Archiver"))
        self.archive_button.setEnabled(group is not None)
        self.delete_button.setEnabled(group is not None and not group.ever_enrolled)
        self.delete_button.setToolTip(self.tr("Un groupe qui a eu des inscriptions ne se supprime pas : archivez-le.")
                                      if group is not None and group.ever_enrolled else "")

    def values(self) -> GroupInput:
        return GroupInput(label=self.label.text(), activity=self.activity.text(), age_rule=self.age_rule.currentData(),
                          age_from=self.age_from.text(), age_to=self.age_to.text(), capacity=self.capacity.text(),
                          weekday=self.weekday.currentData(), start_time=self.start_time.text(),
                          end_time=self.end_time.text(), place=self.place.text(), price=self.price.text())

    def check_field(self, key: str) -> None:
        problems = catalog_admin.group_problems(self.values(), self.offer.starts_on if self.offer else None)
        if key in ("age_from", "age_to"):  # one message line for the two ages
            self.fields["age_to"].error.show_message(problems.get("age_from") or problems.get("age_to", ""))
            return
        self.show_field_problems(problems, only=key)


class CatalogDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("catalog_dialog")
        self.setWindowTitle(self.tr("Catalogue des activités"))
        self.seasons: list[SeasonView] = []
        self.season_combo = QComboBox()
        self.season_combo.setObjectName("catalog_season")
        self.season_combo.setMinimumWidth(260)
        self.status_label = QLabel()
        self.new_season_button = QPushButton(self.tr("Nouvelle saison…"))
        self.next_season_button = QPushButton(self.tr("Préparer la saison suivante…"))
        self.status_button = QPushButton()
        self.prices_button = QPushButton(self.tr("Tarifs par quotient…"))
        self.export_button = QPushButton(self.tr("Exporter…"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Saison")))
        top.addWidget(self.season_combo)
        top.addWidget(self.status_label, 1)
        for button in (self.new_season_button, self.next_season_button):
            top.addWidget(button)
        actions = QHBoxLayout()
        for button in (self.status_button, self.prices_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.tree = QTreeWidget()
        self.tree.setObjectName("catalog_tree")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([self.tr("Dispositif / groupe"), self.tr("Période / horaire"), self.tr("Places"),
                                   self.tr("Séances / jours"), self.tr("Tarif")])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(lambda current, _previous: self._selected(current))
        self.new_offer_button = QPushButton(self.tr("Nouveau dispositif"))
        self.new_group_button = QPushButton(self.tr("Nouveau groupe"))
        self.empty_hint = QLabel(self.tr("Cette saison n'a encore aucun dispositif : « Nouveau dispositif » en crée "
                                         "un (un trimestre, un stage ou une sortie), puis « Nouveau groupe » ses "
                                         "groupes."))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #555;")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree)
        left_layout.addWidget(self.empty_hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_offer_button)
        buttons.addWidget(self.new_group_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)

        self.offer_editor = OfferEditor()
        self.group_editor = GroupEditor()
        self.nothing = QLabel(self.tr("Choisissez un dispositif ou un groupe dans la liste pour le modifier."))
        self.nothing.setWordWrap(True)
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.editors = QStackedWidget()
        for widget in (self.nothing, self.offer_editor, self.group_editor):
            self.editors.addWidget(widget)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.editors)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([800, 460])

        self.message = ErrorLabel()
        self.info = QLabel()
        self.info.setWordWrap(True)
        close = close_buttons(self, self.tr("Fermer"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.info)
        layout.addWidget(close)
        fit_to_screen(self, 1300, 720)

        self.season_combo.currentIndexChanged.connect(lambda _i: self._show_season())
        self.new_season_button.clicked.connect(self.new_season)
        self.next_season_button.clicked.connect(self.prepare_next_season)
        self.status_button.clicked.connect(self.change_status)
        self.prices_button.clicked.connect(self.edit_prices)
        self.export_button.clicked.connect(self.export_season)
        self.new_offer_button.clicked.connect(lambda: self._edit_offer(None))
        self.new_group_button.clicked.connect(self._new_group)
        self.offer_editor.save_button.clicked.connect(self.save_offer)
        self.offer_editor.archive_button.clicked.connect(self.archive_offer)
        self.offer_editor.delete_button.clicked.connect(self.delete_offer)
        self.group_editor.save_button.clicked.connect(self.save_group)
        self.group_editor.archive_button.clicked.connect(self.archive_group)
        self.group_editor.delete_button.clicked.connect(self.delete_group)
        self.refresh()

    # --- reading ---------------------------------------------------------------------------------------

    @property
    def season(self) -> SeasonView | None:
        index = self.season_combo.currentIndex()
        return self.seasons[index] if 0 <= index < len(self.seasons) else None

    @qasync.asyncSlot()
    async def refresh(self) -> None:
        await self.reload()

    async def reload(self, select_season: uuid.UUID | None = None, select_item: uuid.UUID | None = None) -> None:
        done = await ServiceOp(self.state, catalog_admin.catalog_overview).errors_to(self.message).run()
        self.seasons = done.value if done.ok else []
        wanted = select_season or (self.season.id if self.season else None)
        self.season_combo.blockSignals(True)
        self.season_combo.clear()
        for season in self.seasons:
            self.season_combo.addItem(f"{season.label} — {season.status_label}", season.id)
        ids = [s.id for s in self.seasons]
        if wanted in ids:
            self.season_combo.setCurrentIndex(ids.index(wanted))
        elif self.seasons:
            self.season_combo.setCurrentIndex(len(self.seasons) - 1)
        self.season_combo.blockSignals(False)
        self._show_season(select_item)

    def _show_season(self, select_item: uuid.UUID | None = None) -> None:
        season = self.season
        self.tree.clear()
        has_season = season is not None
        for button in (self.next_season_button, self.status_button, self.prices_button, self.export_button,
                       self.new_offer_button):
            button.setEnabled(has_season)
        if season is None:
            self.status_label.setText(self.tr("Aucune saison : « Nouvelle saison… » en crée une."))
            self.editors.setCurrentWidget(self.nothing)
            return
        self.status_label.setText(self.tr("Zone %1 · %2").replace("%1", season.holiday_zone)
                                  .replace("%2", season.status_label))
        self.status_button.setText({SeasonStatus.PREPARATION: self.tr("Ouvrir aux inscriptions"),
                                    SeasonStatus.OPEN: self.tr("Archiver la saison"),
                                    SeasonStatus.ARCHIVED: self.tr("Rouvrir la saison")}[season.status])
        selected = None
        for offer in season.offers:
            period = f"{offer.starts_on:%d/%m/%Y} – {offer.ends_on:%d/%m/%Y}"
            item = QTreeWidgetItem([offer.label + (self.tr(" (archivé)") if offer.archived else ""), period, "",
                                    "" if offer.sessions is None else str(offer.sessions), ""])
            item.setData(0, ID_ROLE, ("offer", offer.id))
            item.setToolTip(0, f"{offer.code} · {KIND_LABELS[offer.kind]}")
            self._align(item)
            self.tree.addTopLevelItem(item)
            if offer.id == select_item:
                selected = item
            for group in offer.groups:
                child = QTreeWidgetItem([
                    group.label + (self.tr(" (archivé)") if group.archived else ""),
                    f"{WEEKDAYS[group.weekday][:3]}. {group.start_time:%H:%M}–{group.end_time:%H:%M} "
                    f"· {group.age_text}",
                    f"{group.confirmed + group.held} / {group.capacity}",
                    "" if group.sessions is None else str(group.sessions),
                    format_cents(group.price_cents) + (" *" if group.bands else "")])
                child.setData(0, ID_ROLE, ("group", group.id))
                child.setToolTip(1, group.schedule)
                child.setToolTip(2, self.tr("%1 confirmé(s), %2 en attente de paiement, sur %3 places")
                                 .replace("%1", str(group.confirmed)).replace("%2", str(group.held))
                                 .replace("%3", str(group.capacity)))
                if group.bands:
                    child.setToolTip(4, self.tr("* tarif selon le quotient familial"))
                self._align(child)
                if group.archived or offer.archived:
                    for column in range(5):
                        child.setForeground(column, Qt.GlobalColor.gray)
                item.addChild(child)
                if group.id == select_item:
                    selected = child
            item.setExpanded(True)
        self.empty_hint.setVisible(not season.offers)
        self.tree.setVisible(bool(season.offers))
        if selected is not None:
            self.tree.setCurrentItem(selected)
        else:
            self.editors.setCurrentWidget(self.nothing)
            self.new_group_button.setEnabled(False)

    @staticmethod
    def _align(item: QTreeWidgetItem) -> None:
        for column in (2, 3, 4):
            item.setTextAlignment(column, RIGHT)

    def _find(self, kind: str, item_id: uuid.UUID):
        for offer in self.season.offers if self.season else ():
            if kind == "offer" and offer.id == item_id:
                return offer, None
            for group in offer.groups:
                if kind == "group" and group.id == item_id:
                    return offer, group
        return None, None

    def _selected(self, item: QTreeWidgetItem | None) -> None:
        self.message.clear_message()
        if item is None:
            self.editors.setCurrentWidget(self.nothing)
            self.new_group_button.setEnabled(False)
            return
        kind, item_id = item.data(0, ID_ROLE)
        offer, group = self._find(kind, item_id)
        self.new_group_button.setEnabled(offer is not None)
        if kind == "offer":
            self._edit_offer(offer)
        elif offer is not None:
            self.group_editor.show_group(offer, group)
            self.editors.setCurrentWidget(self.group_editor)

    def _edit_offer(self, offer: OfferView | None) -> None:
        self.offer_editor.show_offer(offer)
        self.editors.setCurrentWidget(self.offer_editor)
        self.offer_editor.code.setFocus()

    def _current_offer(self) -> OfferView | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        kind, item_id = item.data(0, ID_ROLE)
        return self._find(kind, item_id)[0]

    def _new_group(self) -> None:
        offer = self._current_offer()
        if offer is not None:
            self.group_editor.show_group(offer, None)
            self.editors.setCurrentWidget(self.group_editor)
            self.group_editor.label.setFocus()

    # --- saving ----------------------------------------------------------------------------------------

    async def _save(self, editor: _Editor, call, *args, **flags):
        """Run a change; a question about enrolled children is asked, then the change is sent again
        with its confirmation. The saved id, or None when refused or not confirmed."""
        while True:
            op = (ServiceOp(self.state, call, *args, **flags).disabling(editor.save_button)
                  .errors_to(editor.message, {k: f.error for k, f in editor.fields.items()})
                  .letting_through(NeedsConfirmation))
            try:
                done = await op.run()
            except NeedsConfirmation as question:
                if not await _confirm(self, question):
                    editor.message.show_message(self.tr("Rien n'a été enregistré."))
                    return None
                flags[question.confirm] = True
                continue
            return done.value if done.ok else None

    @qasync.asyncSlot()
    async def save_offer(self) -> None:
        editor, season = self.offer_editor, self.season
        if season is None:
            return
        offer_id = editor.offer.id if editor.offer else None
        saved = await self._save(editor, catalog_admin.save_offer, season.id, offer_id, editor.values())
        if saved is not None:
            await self.reload(select_item=saved)
            self.info.setText(self.tr("Dispositif enregistré."))

    @qasync.asyncSlot()
    async def save_group(self) -> None:
        editor = self.group_editor
        if editor.offer is None:
            return
        group_id = editor.group.id if editor.group else None
        saved = await self._save(editor, catalog_admin.save_group, editor.offer.id, group_id, editor.values())
        if saved is not None:
            await self.reload(select_item=saved)
            self.info.setText(self.tr("Groupe enregistré : les grilles d'inscription ouvertes sont à jour."))

    async def _simple(self, editor: _Editor, call, *args, done: str = "", select: uuid.UUID | None = None) -> None:
        if not (await ServiceOp(self.state, call, *args).errors_to(editor.message).run()).ok:
            return
        await self.reload(select_item=select)
        self.info.setText(done)

    @qasync.asyncSlot()
    async def archive_offer(self) -> None:
        offer = self.offer_editor.offer
        if offer is not None:
            await self._simple(self.offer_editor, catalog_admin.set_offer_archived, offer.id, not offer.archived,
                               done=self.tr("Dispositif réactivé.") if offer.archived else
                               self.tr("Dispositif archivé : plus aucune inscription ; l'historique reste."),
                               select=offer.id)

    @qasync.asyncSlot()
    async def delete_offer(self) -> None:
        offer = self.offer_editor.offer
        if offer is not None:
            await self._simple(self.offer_editor, catalog_admin.delete_offer, offer.id,
                               done=self.tr("Dispositif supprimé."))

    @qasync.asyncSlot()
    async def archive_group(self) -> None:
        group = self.group_editor.group
        if group is not None:
            await self._simple(self.group_editor, catalog_admin.set_group_archived, group.id, not group.archived,
                               done=self.tr("Groupe réactivé.") if group.archived else
                               self.tr("Groupe archivé : plus aucune inscription ; ses inscrits le restent."),
                               select=group.id)

    @qasync.asyncSlot()
    async def delete_group(self) -> None:
        group = self.group_editor.group
        if group is not None:
            await self._simple(self.group_editor, catalog_admin.delete_group, group.id,
                               done=self.tr("Groupe supprimé."))

    # --- seasons ---------------------------------------------------------------------------------------

    @qasync.asyncSlot()
    async def new_season(self) -> None:
        dialog = NewSeasonDialog(self.state, self)
        self.season_dialog = dialog
        if await dialog_result(dialog) == QDialog.DialogCode.Accepted:
            await self.reload(select_season=dialog.season_id)
            self.info.setText(self.tr("Saison %1 créée, en préparation.").replace("%1", dialog.label_edit.text()))

    @qasync.asyncSlot()
    async def prepare_next_season(self) -> None:
        season = self.season
        if season is None:
            return
        done = await ServiceOp(self.state, catalog_admin.plan_next_season, season.id).errors_to(self.message).run()
        if not done.ok:
            return
        plan = done.value
        dialog = NextSeasonDialog(self.state, season.id, plan, self)
        self.next_season_dialog = dialog
        if await dialog_result(dialog) == QDialog.DialogCode.Accepted:
            await self.reload(select_season=dialog.season_id)
            self.info.setText(self.tr("Saison %1 préparée : vérifiez-la, puis « Ouvrir aux inscriptions ».")
                              .replace("%1", plan.label))

    @qasync.asyncSlot()
    async def change_status(self) -> None:
        season = self.season
        if season is None:
            return
        target = {SeasonStatus.PREPARATION: SeasonStatus.OPEN, SeasonStatus.OPEN: SeasonStatus.ARCHIVED,
                  SeasonStatus.ARCHIVED: SeasonStatus.OPEN}[season.status]
        if not (await ServiceOp(self.state, catalog_admin.set_season_status, season.id, target)
                .errors_to(self.message).run()).ok:
            return
        await self.reload()
        self.info.setText({SeasonStatus.OPEN: self.tr("Saison %1 ouverte aux inscriptions : elle apparaît aux "
                                                      "guichets."),
                           SeasonStatus.ARCHIVED: self.tr("Saison %1 archivée.")}[target].replace("%1", season.label))

    @qasync.asyncSlot()
    async def edit_prices(self) -> None:
        season = self.season
        if season is None:
            return
        done = await ServiceOp(self.state, catalog_admin.season_prices, season.id).errors_to(self.message).run()
        if not done.ok:
            return
        prices = done.value
        dialog = SeasonPricesDialog(self.state, season, prices, self)
        self.prices_dialog = dialog
        if await dialog_result(dialog) == QDialog.DialogCode.Accepted:
            await self.reload()
            self.info.setText(self.tr("Tarifs de la saison %1 enregistrés (les inscriptions déjà faites gardent "
                                      "leur prix).").replace("%1", season.label))

    @qasync.asyncSlot()
    async def export_season(self, path: str | None = None) -> None:
        season = self.season
        if season is None:
            return
        if path is None:
            from ems_desktop.views.file_dialogs import ask_file

            path = await ask_file(self, self.tr("Exporter la saison"), "", self.tr("Catalogue CSV (*.csv)"),
                                  save=True, default_suffix="csv",
                                  suggested_name=f"catalogue-{season.label.replace('/', '-')}.csv")
            if not path:
                return
        done = await ServiceOp(self.state, catalog.export_season, season.id).errors_to(self.message).run()
        if not done.ok:
            return
        try:
            Path(path).write_text(done.value, encoding="utf-8")
        except OSError as failed:
            self.message.show_message(self.tr("Le fichier n'a pas pu être écrit : %1")
                                      .replace("%1", failed.strerror or str(failed)))
            return
        self.info.setText(self.tr("Saison %1 exportée dans %2 (format de l'import).").replace("%1", season.label)
                          .replace("%2", path))


class NewSeasonDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.season_id: uuid.UUID | None = None
        self.setWindowTitle(self.tr("Nouvelle saison"))
        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText(self.tr("ex. 2027/2028"))
        self.zone = QComboBox()
        for zone in ("A", "B", "C"):
            self.zone.addItem(self.tr("Zone %1").replace("%1", zone), zone)
        self.fields = {"label": FieldWithError(self.label_edit), "holiday_zone": FieldWithError(self.zone)}
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Saison"), self.fields["label"])
        form.addRow(self.tr("Vacances scolaires"), self.fields["holiday_zone"])
        hint = QLabel(self.tr("La saison est créée vide, en préparation : les guichets ne la voient qu'une fois "
                              "ouverte. Pour repartir de la saison en cours, préférez « Préparer la saison "
                              "suivante… »."))
        hint.setWordWrap(True)
        buttons, self.ok_button = action_buttons(self, self.tr("Créer"), self._on_ok, self.tr("Annuler"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    @qasync.asyncSlot()
    async def _on_ok(self) -> None:
        done = await (ServiceOp(self.state, catalog_admin.create_season,
                                SeasonInput(self.label_edit.text(), self.zone.currentData()))
                      .disabling(self.ok_button)
                      .errors_to(self.error, {k: f.error for k, f in self.fields.items()}).run())
        if done.ok:
            self.season_id = done.value
            self.accept()


class NextSeasonDialog(QDialog):
    """The review before anything is saved: each offer's new code, label, dates and session count."""

    def __init__(self, state: AppState, source_id: uuid.UUID, plan: catalog_admin.SeasonCopy,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.source_id = source_id
        self.season_id: uuid.UUID | None = None
        self.setObjectName("next_season_dialog")
        self.setWindowTitle(self.tr("Préparer la saison %1").replace("%1", plan.label))
        intro = QLabel(self.tr("La saison %1 sera créée en préparation à partir de %2 : mêmes dispositifs et groupes, "
                               "mêmes tarifs, dates décalées aux mêmes jours de la semaine ; les séances tiennent "
                               "compte des vacances scolaires %3 (zone %4). Rien n'est enregistré avant « Créer ».")
                       .replace("%1", plan.label).replace("%2", plan.source_label).replace("%3", plan.label)
                       .replace("%4", plan.holiday_zone))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(plan.offers), 6)
        self.table.setObjectName("next_season_offers")
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Dispositif"), self.tr("Du"), self.tr("Au"),
                                              self.tr("Groupes"), self.tr("Séances / jours (avant → après)")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, offer in enumerate(plan.offers):
            sessions = (f"{'?' if offer.sessions_before is None else offer.sessions_before} → "
                        f"{'?' if offer.sessions is None else offer.sessions}")
            for column, text in enumerate([offer.code, offer.label, f"{offer.starts_on:%d/%m/%Y}",
                                           f"{offer.ends_on:%d/%m/%Y}", str(offer.groups), sessions]):
                item = QTableWidgetItem(text)
                if column >= 4:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.error = ErrorLabel()
        if plan.problem:
            self.error.show_message(plan.problem)
        buttons, self.ok_button = action_buttons(self, self.tr("Créer la saison %1").replace("%1", plan.label),
                                                 self._on_ok, self.tr("Annuler"))
        self.ok_button.setEnabled(not plan.problem)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 1100, 560)

    @qasync.asyncSlot()
    async def _on_ok(self) -> None:
        done = await (ServiceOp(self.state, catalog_admin.create_next_season, self.source_id)
                      .disabling(self.ok_button).errors_to(self.error).run())
        if done.ok:
            self.season_id = done.value
            self.ok_button.setEnabled(False)
            self.accept()


class SeasonPricesDialog(QDialog):
    """The season's quotient bands (bounds shared by its groups) and each group's prices, with what
    three example families would pay for the selected group."""

    def __init__(self, state: AppState, season: SeasonView, prices: catalog_admin.SeasonPrices,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.season = season
        self.setObjectName("season_prices_dialog")
        self.setWindowTitle(self.tr("Tarifs par quotient familial — saison %1").replace("%1", season.label))
        self.groups = [(offer, group) for offer in season.offers for group in offer.groups]
        intro = QLabel(self.tr("Les tranches valent pour tous les groupes de la saison. Une case vide : le tarif sans "
                               "quotient s'applique. Les inscriptions déjà faites gardent leur prix."))
        intro.setWordWrap(True)
        self.bounds = QTableWidget(0, 2)
        self.bounds.setObjectName("quotient_bounds")
        self.bounds.setHorizontalHeaderLabels([self.tr("Quotient de"), self.tr("à (vide : sans limite)")])
        self.bounds.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.bounds.verticalHeader().hide()
        add, remove = QPushButton(self.tr("Ajouter une tranche")), QPushButton(self.tr("Retirer la tranche"))
        add.clicked.connect(lambda: self._add_band("", ""))
        remove.clicked.connect(self._remove_band)
        self.preview = QLabel()
        self.preview.setObjectName("price_preview")
        self.preview.setWordWrap(True)
        # Column 0: the group (read only); DEFAULT: its price without a valid quotient; then one per band.
        self.prices = QTableWidget(len(self.groups), DEFAULT + 1)
        self.prices.setObjectName("group_prices")
        self.prices.verticalHeader().hide()
        for row, (offer, group) in enumerate(self.groups):
            name = QTableWidgetItem(f"{offer.label.split(season.label)[-1].strip() or offer.label} · {group.label}")
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.prices.setItem(row, 0, name)
            self.prices.setItem(row, DEFAULT, self._price_item(group.price_cents))
        for low, high in prices.bounds:
            self._add_band(str(low), "" if high is None else str(high))
        for row, (_offer, group) in enumerate(self.groups):
            for index, cents in enumerate(prices.prices.get(group.id, (0, ()))[1]):
                self.prices.setItem(row, DEFAULT + 1 + index, self._price_item(cents))
        self.bounds.itemChanged.connect(lambda _item: self._headers())
        self.prices.currentCellChanged.connect(lambda *_args: self._preview())
        self.prices.itemChanged.connect(lambda _item: self._preview())
        self.error = ErrorLabel()
        bands_buttons = QHBoxLayout()
        bands_buttons.addWidget(add)
        bands_buttons.addWidget(remove)
        bands_buttons.addStretch(1)
        buttons, self.ok_button = action_buttons(self, self.tr("Enregistrer les tarifs"), self._on_ok,
                                                 self.tr("Annuler"))
        self.bounds.setMaximumHeight(150)
        bands = QHBoxLayout()
        bands.addWidget(self.bounds, 1)
        bands.addLayout(bands_buttons)
        bands.addStretch(2)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(bands)
        layout.addWidget(self.prices, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._headers()
        fit_to_screen(self, 1250, 640)
        if self.groups:
            self.prices.setCurrentCell(0, DEFAULT)
        self._preview()

    @staticmethod
    def _price_item(cents: int | None) -> QTableWidgetItem:
        item = QTableWidgetItem("" if cents is None else _plain_amount(cents))
        item.setTextAlignment(RIGHT)
        return item

    def _add_band(self, low: str, high: str) -> None:
        row = self.bounds.rowCount()
        self.bounds.blockSignals(True)
        self.bounds.insertRow(row)
        for column, text in enumerate((low, high)):
            item = QTableWidgetItem(text)
            item.setTextAlignment(RIGHT)
            self.bounds.setItem(row, column, item)
        self.bounds.blockSignals(False)
        self.prices.insertColumn(DEFAULT + 1 + row)
        for group_row in range(self.prices.rowCount()):
            self.prices.setItem(group_row, DEFAULT + 1 + row, self._price_item(None))
        self._headers()

    def _remove_band(self) -> None:
        row = self.bounds.currentRow()
        if row < 0:
            row = self.bounds.rowCount() - 1
        if row < 0:
            return
        self.bounds.removeRow(row)
        self.prices.removeColumn(DEFAULT + 1 + row)
        self._headers()

    def _text(self, table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""

    def _headers(self) -> None:
        labels = [self.tr("Groupe"), self.tr("Sans quotient")]
        for row in range(self.bounds.rowCount()):
            low, high = self._text(self.bounds, row, 0), self._text(self.bounds, row, 1)
            labels.append(self.tr("QF %1 à %2").replace("%1", low or "?").replace("%2", high) if high
                          else self.tr("QF %1 et plus").replace("%1", low or "?"))
        self.prices.setHorizontalHeaderLabels(labels)
        header = self.prices.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._preview()

    def _preview(self) -> None:
        row = max(self.prices.currentRow(), 0)
        if not self.groups:
            self.preview.setText(self.tr("Cette saison n'a pas encore de groupe."))
            return
        from ems_desktop.money import AmountError, parse_amount

        try:
            default = parse_amount(self._text(self.prices, row, DEFAULT) or "0")
            bands = []
            for index in range(self.bounds.rowCount()):
                text = self._text(self.prices, row, DEFAULT + 1 + index)
                if text.strip():
                    high = self._text(self.bounds, index, 1).strip()
                    bands.append((int(self._text(self.bounds, index, 0)), int(high) if high else None,
                                  parse_amount(text)))
        except (AmountError, ValueError):
            self.preview.setText(self.tr("Aperçu : corrigez d'abord les montants et les tranches."))
            return
        examples = catalog_admin.price_examples(default, bands)
        self.preview.setText(self.tr("Aperçu pour « %1 » : ").replace("%1", self.groups[row][1].label)
                             + " ; ".join(f"{who} : {price}" for who, price in examples) + ".")

    @qasync.asyncSlot()
    async def _on_ok(self) -> None:
        self.error.clear_message()
        bounds = [(self._text(self.bounds, row, 0), self._text(self.bounds, row, 1))
                  for row in range(self.bounds.rowCount())]
        prices = {group.id: (self._text(self.prices, row, DEFAULT),
                             [self._text(self.prices, row, DEFAULT + 1 + index) for index in range(len(bounds))])
                  for row, (_offer, group) in enumerate(self.groups)}
        try:
            # A ValidationFailed shows as one message, each line saying where it belongs (_describe).
            done = await (ServiceOp(self.state, catalog_admin.save_season_prices, self.season.id, bounds, prices)
                          .errors_to(self.error).letting_through(ValidationFailed).run())
        except ValidationFailed as invalid:
            self.error.show_message(self._describe(invalid))
            return
        if not done.ok:
            return
        self.accept()

    def _describe(self, invalid: ValidationFailed) -> str:
        """Each message with where it belongs: the band's line, or the group's name."""
        names = {str(group.id): group.label for _offer, group in self.groups}
        lines = []
        for key, message in invalid.errors.items():
            where = key.split(".")[0]
            if where.startswith("band") and where[4:].isdigit():
                lines.append(self.tr("Tranche %1 : %2").replace("%1", str(int(where[4:]) + 1)).replace("%2", message))
            elif where in names:
                lines.append(f"{names[where]} : {message}")
            else:
                lines.append(message)
        return "\n".join(lines)
