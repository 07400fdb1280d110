"""The e-mails through the screens: « Envoyer par e-mail » in Facturation queues the invoice, the
dossier's « Messagerie… » follows it to « Envoyé le … » as the background sender (a thread, never
the window's) hands it to a local SMTP server; a refusal for good says why and « Renvoyer » sends it
again; the empty state says what to do; the administrator's templates refuse an unknown
placeholder under its field."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid

import pytest
from PySide6.QtCore import Qt

from ems_desktop import config
from ems_desktop.paths import CATALOGS
from ems_desktop.services import catalog, checkout, enrollment, mail_settings, messages
from ems_desktop.services.context import Actor
from ems_desktop.services.message_sender import MessageSender
from ems_desktop.views.facturation_tab import FacturationTab
from ems_desktop.views.family_form import FamilyForm
from ems_desktop.views.mail_settings_dialog import MailSettingsDialog
from ems_desktop.views.messages_dialog import MessagesDialog
from tests.helpers import SEED_GROUPS, group_id, make_family

LEFT = Qt.MouseButton.LeftButton
ADDRESS = "claire.berthier@example.fr"


pytestmark = pytest.mark.usefixtures("data_dir")   # documents saved under tmp_path (tests/views/conftest.py)


def configure(state, port: int) -> None:
    system = state.context.as_actor(Actor(None, state.counter.id))
    current = mail_settings.load_mail_settings(system)
    mail_settings.save_mail_settings(system, dataclasses.replace(
        current, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False, sender="ems@ville-albertville.fr"))


def invoiced_family(state, email: str = ADDRESS):
    ctx = state.context
    catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv")
    family = make_family(ctx, email=email)
    ids = [enrollment.enroll(ctx, family.children[0].id, group_id(ctx, *g)).id for g in SEED_GROUPS]
    return family, checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids, [])


@pytest.fixture
def sender(app_state, server):
    """The counter's sender, on its thread, its database steps on the database worker (as in the application)."""
    ctx = app_state.context.as_actor(Actor(counter_id=app_state.counter.id))
    mailer = MessageSender(ctx, lambda: "", db_call=app_state.worker.run_blocking, period=0.2,
                           settings=lambda: dataclasses.replace(
                               app_state.worker.run_blocking(messages.smtp_settings, ctx), timeout=5.0))
    yield mailer
    mailer.stop()


def open_messages(qtbot, state, family) -> MessagesDialog:
    dialog = MessagesDialog(state, family.id, family.name)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded):
        dialog.show()
    return dialog


def test_an_invoice_sent_from_facturation_is_followed_to_sent_in_the_messagerie(qtbot, app_state, server, sender):
    configure(app_state, server.port)
    family, result = invoiced_family(app_state)
    tab = FacturationTab(app_state)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    with qtbot.waitSignal(tab.history_loaded):
        tab.set_family(family.id)
    assert tab.email_button.isEnabled()
    with qtbot.waitSignal(tab.action_done) as said:
        qtbot.mouseClick(tab.email_button, LEFT)
    assert said.args[0] == (f"Facture {result.invoice_number} : e-mail à {ADDRESS} mis en file d'envoi ; il part dès "
                            "que le serveur de messagerie le prend (où il en est : Dossiers › Messagerie…).")

    dialog = open_messages(qtbot, app_state, family)
    assert dialog.address.text() == f"Les documents partent à {ADDRESS}."
    assert dialog.table.rowCount() == 1 and not dialog.empty.isVisible()
    assert dialog.table.item(0, 0).text() == "21/06/2017 15:00"
    assert dialog.table.item(0, 1).text() == f"Facture {result.invoice_number}"
    assert dialog.table.item(0, 4).text() == "En attente d'envoi"

    app_state.context.bus.subscribe(sender.on_changes)
    sender.start()  # the window's thread never speaks to the server: the sender's thread does
    qtbot.waitUntil(lambda: dialog.table.item(0, 4).text().startswith("Envoyé le"), timeout=10_000)
    assert dialog.table.item(0, 4).text() == "Envoyé le 21/06/2017 à 15:00"
    [received] = server.inbox.messages
    assert received["Message-ID"] == dialog.rows[0].message_id
    assert sender.ctx.actor.agent_id is None  # a system task of the counter


def test_a_refusal_is_said_and_renvoyer_sends_it_again(qtbot, app_state, server):
    configure(app_state, server.port)
    family, result = invoiced_family(app_state)
    server.inbox.refused[ADDRESS] = "550 5.1.1 Boîte inconnue"
    queued = messages.queue_invoice_email(app_state.context, result.invoice_id)
    ctx = app_state.context
    messages.send_due_messages(ctx, dataclasses.replace(messages.smtp_settings(ctx), timeout=5.0), ctx.now())

    dialog = open_messages(qtbot, app_state, family)
    assert dialog.table.item(0, 4).text().startswith(f"Échec : le serveur refuse l'adresse {ADDRESS}")
    assert not dialog.resend_button.isEnabled()  # nothing chosen yet
    dialog.table.selectRow(0)
    assert dialog.resend_button.isEnabled()
    assert queued.message_id in dialog.detail.text()
    del server.inbox.refused[ADDRESS]
    qtbot.mouseClick(dialog.resend_button, LEFT)
    qtbot.waitUntil(lambda: dialog.info.text() != "", timeout=10_000)
    assert dialog.info.text() == (f"Message remis en file d'envoi pour {ADDRESS} : il part dès que le serveur de "
                                  "messagerie le prend.")
    assert dialog.table.item(0, 4).text() == "En attente d'envoi" and not dialog.resend_button.isEnabled()


def test_the_empty_messagerie_says_what_to_do_and_a_family_without_address_is_told(qtbot, app_state):
    family = make_family(app_state.context)  # no e-mail address
    dialog = open_messages(qtbot, app_state, family)
    assert dialog.empty.isVisible() and not dialog.table.isVisible()
    assert "onglet Facturation (Ctrl+6)" in dialog.empty.text()
    assert "«\xa0Envoyer par e-mail\xa0»" in dialog.empty.text()
    assert dialog.address.text().startswith("Ce dossier n'a pas d'adresse e-mail")


def test_the_dossier_opens_its_messagerie(qtbot, app_state):
    family = make_family(app_state.context, email=ADDRESS)
    form = FamilyForm(app_state)
    qtbot.addWidget(form)
    form.resize(1300, 700)
    form.show()
    assert not form.messages_button.isEnabled()  # no dossier yet
    task = asyncio.ensure_future(form.load(family.id))
    qtbot.waitUntil(task.done)
    assert form.messages_button.isEnabled() and form.messages_button.text() == "Messagerie…"
    qtbot.mouseClick(form.messages_button, LEFT)
    qtbot.waitUntil(lambda: getattr(form, "messages_dialog", None) is not None
                    and form.messages_dialog.isVisible(), timeout=10_000)
    dialog = form.messages_dialog
    assert dialog.windowTitle() == "Messagerie — famille Berthier"
    qtbot.waitUntil(lambda: dialog.address.text() != "", timeout=10_000)
    dialog.reject()


def test_the_templates_refuse_an_unknown_placeholder_under_its_field(qtbot, app_state):
    dialog = MailSettingsDialog(app_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert dialog.subjects["invoice"].text() == "Facture {numero} — {regie}"
    dialog.host.setText("smtp.ville-albertville.fr")
    dialog.sender.setText("ems@ville-albertville.fr")
    dialog.password.setText("secret-du-poste")
    dialog.tabs.setCurrentIndex(0)
    dialog.bodies["reminder"].setPlainText("Bonjour {famile}")
    qtbot.mouseClick(dialog.save_button, LEFT)
    error = dialog.fields["reminder.body"].error
    qtbot.waitUntil(lambda: not error.isHidden(), timeout=10_000)
    assert error.text().startswith(
        "« {famile} » n'est pas un champ connu pour ce message. Champs possibles : {famille}")
    assert dialog.tabs.currentIndex() == 2  # the Relance tab, where the message is
    assert app_state.local.get(config.SMTP_PASSWORD) == ""  # nothing saved

    dialog.bodies["reminder"].setPlainText("Bonjour {famille}, il reste {reste}.")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    saved = mail_settings.load_mail_settings(app_state.context)
    assert saved.smtp_host == "smtp.ville-albertville.fr" and saved.configured
    assert saved.templates["reminder"].body == "Bonjour {famille}, il reste {reste}."
    assert app_state.local.get(config.SMTP_PASSWORD) == "secret-du-poste"  # this counter's file only
    assert "secret-du-poste" not in str(saved)


def test_the_network_back_is_told_to_the_sender(qtbot, app_state):
    """The base reachable again, or the sync online again: the e-mails' sender hears it (its waiting
    messages then go at once, tests/test_messages.py)."""
    from types import SimpleNamespace
    from unittest import mock

    from ems_desktop.sync.runner import SyncStatus
    from ems_desktop.views.application import build_state

    mailer, sync = mock.Mock(), SimpleNamespace(status_listeners=[])
    state = build_state(app_state.context, app_state.worker, app_state.agent, app_state.counter, app_state.local,
                        sync=sync, mailer=mailer)
    state.signals.database_reachable.emit(False, "connexion perdue")
    state.signals.database_reachable.emit(True, "")
    for listener in sync.status_listeners:
        listener(SyncStatus(online=True))
    assert mailer.network_seen.call_args_list == [mock.call(False, "database"), mock.call(True, "database"),
                                                  mock.call(True, "sync")]
