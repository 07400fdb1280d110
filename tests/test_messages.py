"""E-mails to families through the counter's outbox, against a local SMTP server (aiosmtpd): the
template filled, the right PDF attached; stored before sending (a message written with the server
down goes when it is back); back-off; a connection cut in the middle of a message retried and
received once; a message left « sending » by a crash sent again with the same Message-ID; a
refusal for good said in French and sent again by the agent; roles; templates' placeholders."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import uuid
from types import SimpleNamespace

import pdfplumber
import pytest
from sqlalchemy import select

from ems_desktop.models import JournalEntry, MessageState, OutgoingMessage
from ems_desktop.services import agents, checkout, corrections, mail_settings, messages
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.services.mail_settings import Template
from ems_desktop.services.permissions import PermissionDenied
from tests.helpers import MAIL_SENDER, SEED_GROUPS, configure_mail, group_id, make_family
from tests.mail_server import MailServer
from tests.ports import free_port

ADDRESS = "claire.berthier@example.fr"


def smtp(ctx, port: int) -> messages.SmtpSettings:
    return dataclasses.replace(messages.smtp_settings(ctx), port=port, timeout=5.0)


@pytest.fixture
def invoiced(agent_ctx):
    """The seed's family (with an e-mail address) and its invoice of 120,00 €, to be paid."""
    from ems_desktop.services import enrollment

    family = make_family(agent_ctx, email=ADDRESS)
    ids = [enrollment.enroll(agent_ctx, family.children[0].id, group_id(agent_ctx, *g)).id for g in SEED_GROUPS]
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [])
    return family, result, ids


def send(ctx, port, clock) -> messages.SendReport:
    return messages.send_due_messages(ctx, smtp(ctx, port), clock.current)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def stored(ctx, message_id):
    """The outbox's row as stored (its columns, read in one session)."""
    with ctx.reading() as s:
        m = s.get(OutgoingMessage, message_id)
        return SimpleNamespace(**{c.key: getattr(m, c.key) for c in OutgoingMessage.__table__.columns})


def test_an_invoice_is_received_with_its_template_filled_and_its_pdf(agent_ctx, invoiced, server, clock):
    family, result, _ids = invoiced
    configure_mail(agent_ctx, server.port)
    queued = messages.queue_invoice_email(agent_ctx, result.invoice_id)
    assert queued.state == MessageState.WAITING and queued.recipient == ADDRESS
    assert queued.status_text == "En attente d'envoi" and queued.kind_label == "Facture"
    assert server.inbox.messages == []  # queued only: nothing goes in the agent's transaction

    report = send(agent_ctx, server.port, clock)
    assert (report.sent, report.retried, report.failed, report.next_due) == (1, 0, 0, None)
    [received] = server.inbox.messages
    assert received["Message-ID"] == f"<{queued.id}@ems-desktop>"
    assert received["To"] == ADDRESS and MAIL_SENDER in received["From"]
    assert received["Subject"] == f"Facture {result.invoice_number} — ALBERTVILLE ACCUEIL LOISIRS SPORT CULTUR"
    body = received.get_body(("plain",)).get_content()
    assert f"la facture {result.invoice_number} du 21/06/2017 (famille Berthier), d'un montant de 120,00\xa0€" in body
    assert "Reste à payer : 120,00\xa0€, avant le 21/07/2017" in body and "{" not in body
    [attachment] = list(received.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"Facture {result.invoice_number}.pdf"
    text = pdf_text(attachment.get_content())
    assert result.invoice_number in text and "DUPLICATA" in text and "120,00" in text

    [view] = messages.messages_of_family(agent_ctx, family.id)
    assert view.state == MessageState.SENT and view.status_text == "Envoyé le 21/06/2017 à 15:00"
    with agent_ctx.reading() as s:
        actions = [e.action for e in s.scalars(select(JournalEntry).where(JournalEntry.entity == "message")
                                                .order_by(JournalEntry.recorded_at, JournalEntry.chain_seq))]
    assert actions == ["queued", "sent"]
    from ems_desktop.services.journal import search_journal

    said = [row.what for row in search_journal(agent_ctx.as_actor(Actor(None, agent_ctx.actor.counter_id)))
            if row.entity == "message"]
    subject = received["Subject"]
    assert said == [f"E-mail « {subject} » envoyé à {ADDRESS}",
                    f"E-mail « {subject} » à {ADDRESS} mis en file d'envoi — famille Berthier"]


def test_a_credit_note_and_a_reminder(agent_ctx, till, server, clock):
    from ems_desktop.services import enrollment

    family = make_family(agent_ctx, email=ADDRESS)
    ids = [enrollment.enroll(agent_ctx, family.children[0].id, group_id(agent_ctx, *g)).id for g in SEED_GROUPS]
    result = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, ids, [Tender("cash", 5000)])
    note = corrections.cancel_paid_enrollment(agent_ctx, ids[2], reason="Déménagement", refund_mode="credit")
    configure_mail(agent_ctx, server.port)
    credit = messages.queue_credit_note_email(agent_ctx, note.credit_note_id)
    reminder = messages.queue_reminder_email(agent_ctx, result.invoice_id)
    assert isinstance(reminder, messages.MessageView) and reminder.kind_label == "Relance"
    assert send(agent_ctx, server.port, clock).sent == 2

    [got_credit] = server.inbox.by_message_id(credit.message_id)
    assert got_credit["Subject"].startswith(f"Avoir {note.credit_note_number} — ")
    assert (f"établi en correction de la facture {result.invoice_number}"
            in got_credit.get_body(("plain",)).get_content())
    [pdf] = list(got_credit.iter_attachments())
    assert pdf.get_filename() == f"Avoir {note.credit_note_number}.pdf"
    assert note.credit_note_number in pdf_text(pdf.get_content())

    [got_reminder] = server.inbox.by_message_id(reminder.message_id)
    assert got_reminder["Subject"].startswith(f"Relance : facture {result.invoice_number}")
    body = got_reminder.get_body(("plain",)).get_content()
    assert "il reste 30,00\xa0€ à payer ; l'échéance était le 21/07/2017" in body  # 120 − 50 paid − 40 credited
    [pdf] = list(got_reminder.iter_attachments())
    text = pdf_text(pdf.get_content())
    assert result.invoice_number in text and "DUPLICATA" in text


def test_written_while_the_server_is_down_it_waits_with_back_off_then_goes_once(agent_ctx, invoiced, clock):
    _family, result, _ids = invoiced
    port = free_port()  # nothing listens there yet: the network is down
    configure_mail(agent_ctx, port)
    queued = messages.queue_invoice_email(agent_ctx, result.invoice_id)

    report = send(agent_ctx, port, clock)
    assert (report.sent, report.retried) == (0, 1)
    m = stored(agent_ctx, queued.id)
    assert m.state == MessageState.WAITING and m.attempts == 1
    assert m.next_attempt_at == clock.current + dt.timedelta(minutes=1)
    assert m.last_error.startswith(f"Le serveur de messagerie 127.0.0.1:{port} est injoignable")
    assert m.attachment and len(m.attachment) > 1000  # the whole message is kept, PDF included
    view = messages.get_message(agent_ctx, queued.id)
    assert view.status_text.startswith("En attente (nouvel essai à 15:01) : le serveur de messagerie")

    assert send(agent_ctx, port, clock).retried == 0  # not due yet: not tried
    clock.advance(minutes=1)
    send(agent_ctx, port, clock)
    m = stored(agent_ctx, queued.id)
    assert m.attempts == 2 and m.next_attempt_at == clock.current + dt.timedelta(minutes=5)
    assert [messages.backoff(n).seconds // 60 for n in (1, 2, 3, 4, 5, 9)] == [1, 5, 15, 60, 60, 60]

    server = MailServer(port=port)  # the network is back
    server.start()
    try:
        clock.advance(minutes=5)
        assert send(agent_ctx, port, clock).sent == 1
        clock.advance(hours=2)
        assert send(agent_ctx, port, clock).sent == 0
        assert len(server.inbox.by_message_id(queued.message_id)) == 1
        assert stored(agent_ctx, queued.id).attempts == 3
    finally:
        server.stop()


def test_a_message_waiting_for_the_network_goes_as_soon_as_the_network_is_back(agent_ctx, invoiced, clock):
    """Back-off is for a server that stays down; when the sync or the database says the network is
    back, the sender does not wait out the hour: the waiting message goes at once."""
    import threading

    from ems_desktop.services.message_sender import MessageSender

    _family, result, _ids = invoiced
    port = free_port()
    configure_mail(agent_ctx, port)
    queued = messages.queue_invoice_email(agent_ctx, result.invoice_id)
    for _ in range(4):  # four failures: the next try is an hour away
        clock.advance(hours=1)
        send(agent_ctx, port, clock)
    assert stored(agent_ctx, queued.id).next_attempt_at == clock.current + dt.timedelta(minutes=60)

    server = MailServer(port=port)
    server.start()
    sender = MessageSender(agent_ctx, lambda: "", period=3600, settings=lambda: smtp(agent_ctx, port))
    try:
        sender.start()
        rounds = threading.Event()
        for _ in range(200):  # the first round: the server answers, but the message is not due
            if sender.rounds >= 1:
                rounds.set()
                break
            threading.Event().wait(0.05)
        assert rounds.is_set() and server.inbox.by_message_id(queued.message_id) == []
        sender.network_seen(True)  # online all along: nothing changes
        sender.network_seen(False)  # the sync goes offline...
        sender.network_seen(True)  # ...and comes back
        for _ in range(200):
            if server.inbox.by_message_id(queued.message_id):
                break
            threading.Event().wait(0.05)
        assert len(server.inbox.by_message_id(queued.message_id)) == 1
        assert stored(agent_ctx, queued.id).state == MessageState.SENT
    finally:
        sender.stop()
        server.stop()


def test_the_network_is_back_only_when_every_source_sees_it_back(agent_ctx):
    from ems_desktop.services.message_sender import MessageSender

    sender = MessageSender(agent_ctx, lambda: "")
    sender.network_seen(False, "database")
    sender.network_seen(True, "sync")  # the sync answers, the base is still out of reach: not back
    assert not sender._network_back.is_set()
    sender.network_seen(False, "sync")
    sender.network_seen(True, "database")  # the base is back, the sync still offline: not back
    assert not sender._network_back.is_set()
    sender.network_seen(True, "sync")
    assert sender._network_back.is_set()


def test_a_connection_cut_in_the_middle_of_the_message_is_retried_and_received_once(agent_ctx, invoiced, server,
                                                                                      clock):
    _family, result, _ids = invoiced
    configure_mail(agent_ctx, server.port)
    queued = messages.queue_invoice_email(agent_ctx, result.invoice_id)
    server.inbox.drops_left = 1

    report = send(agent_ctx, server.port, clock)
    assert (report.sent, report.retried, server.inbox.dropped) == (0, 1, 1)
    m = stored(agent_ctx, queued.id)
    assert m.state == MessageState.WAITING and "coupée" in m.last_error
    assert server.inbox.messages == []

    clock.advance(minutes=1)
    assert send(agent_ctx, server.port, clock).sent == 1
    clock.advance(minutes=30)
    send(agent_ctx, server.port, clock)
    assert len(server.inbox.by_message_id(queued.message_id)) == 1
    assert len(server.inbox.messages) == 1


def test_a_message_left_sending_by_a_crash_goes_again_with_the_same_message_id(agent_ctx, invoiced, server, clock):
    _family, result, _ids = invoiced
    configure_mail(agent_ctx, server.port)
    queued = messages.queue_invoice_email(agent_ctx, result.invoice_id)
    claimed = messages._claim_next(agent_ctx, clock.current, frozenset())  # marked sending… then the counter dies
    assert claimed.id == queued.id and stored(agent_ctx, queued.id).state == MessageState.SENDING
    assert messages.get_message(agent_ctx, queued.id).status_text == "Envoi en cours…"

    assert messages.recover_interrupted_messages(agent_ctx) == 0  # within its lease: maybe another process's
    assert send(agent_ctx, server.port, clock).sent == 0
    clock.advance(minutes=3)  # the next start
    assert messages.recover_interrupted_messages(agent_ctx) == 1
    assert stored(agent_ctx, queued.id).state == MessageState.WAITING
    assert send(agent_ctx, server.port, clock).sent == 1
    [received] = server.inbox.messages
    assert received["Message-ID"] == f"<{queued.id}@ems-desktop>"


def test_a_recipient_refused_for_good_fails_in_french_then_is_sent_again(agent_ctx, invoiced, server, clock):
    from ems_desktop.services import families

    family, result, _ids = invoiced
    configure_mail(agent_ctx, server.port)
    server.inbox.refused[ADDRESS] = "550 5.1.1 Utilisateur inconnu"
    queued = messages.queue_invoice_email(agent_ctx, result.invoice_id)
    report = send(agent_ctx, server.port, clock)
    assert (report.sent, report.failed) == (0, 1)
    view = messages.get_message(agent_ctx, queued.id)
    assert view.state == MessageState.FAILED and view.can_resend
    assert view.status_text == (f"Échec : le serveur refuse l'adresse {ADDRESS} (550 5.1.1 Utilisateur inconnu) : "
                                "corrigez-la dans le dossier puis renvoyez.")
    clock.advance(hours=3)
    assert send(agent_ctx, server.port, clock).sent == 0  # failed: never tried again by itself

    # The agent corrects the address in the dossier, then « Renvoyer »: the same message, to the new address.
    current = families.get_family(agent_ctx, family.id)
    data = families.FamilyInput(
        name=current.name, email="c.berthier@example.fr",
        guardians=tuple(families.GuardianInput(g.first_name, g.last_name, is_payer=g.is_payer,
                                               phone_mobile=g.phone_mobile) for g in current.guardians),
        children=tuple(families.ChildInput(c.first_name, c.last_name, c.birth_date, id=c.id) for c in current.children))
    families.update_family(agent_ctx, family.id, data)
    again = messages.resend_message(agent_ctx, queued.id)
    assert again.state == MessageState.WAITING and again.recipient == "c.berthier@example.fr"
    with pytest.raises(DomainError, match="Seul un message en échec peut être renvoyé"):
        messages.resend_message(agent_ctx, queued.id)
    assert send(agent_ctx, server.port, clock).sent == 1
    [received] = server.inbox.messages
    assert received["To"] == "c.berthier@example.fr" and received["Message-ID"] == queued.message_id


def test_a_family_without_an_address_or_a_counter_without_a_server_is_refused(agent_ctx, invoiced, clock):
    _family, result, ids = invoiced
    with pytest.raises(DomainError, match="L'envoi d'e-mails n'est pas configuré : un administrateur"):
        messages.queue_invoice_email(agent_ctx, result.invoice_id)
    configure_mail(agent_ctx, free_port())
    family = make_family(agent_ctx, name="Roux", children=(("Léo", dt.date(2010, 5, 3)),))
    from ems_desktop.services import enrollment

    enrolled = enrollment.enroll(agent_ctx, family.children[0].id, group_id(agent_ctx, *SEED_GROUPS[0]))
    other = checkout.checkout_enrollments(agent_ctx, uuid.uuid4(), family.id, [enrolled.id], [])
    with pytest.raises(DomainError) as refused:
        messages.queue_invoice_email(agent_ctx, other.invoice_id)
    assert refused.value.message == ("Le dossier de la famille Roux n'a pas d'adresse e-mail : ajoutez-la au dossier "
                                     "(celle du responsable payeur, ou celle de la famille) pour lui envoyer ses "
                                     "documents.")
    with agent_ctx.reading() as s:
        assert s.scalars(select(OutgoingMessage.id)).all() == []


def test_roles(agent_ctx, invoiced, clock):
    _family, result, _ids = invoiced
    configure_mail(agent_ctx, free_port())
    system = agent_ctx.as_actor(Actor(None, agent_ctx.actor.counter_id))
    admin = agents.create_agent(system, login="a.admin", display_name="Alice Admin", password="Velo-vert-73-x",
                                roles=["administrateur"])
    as_admin = agent_ctx.as_actor(Actor(admin.id, agent_ctx.actor.counter_id))
    assert messages.queue_invoice_email(as_admin, result.invoice_id).state == MessageState.WAITING  # admins send too
    # Only an administrator changes the templates and the server, whatever the screen shows.
    current = mail_settings.load_mail_settings(agent_ctx)
    with pytest.raises(PermissionDenied, match="La modification de la messagerie : action réservée au rôle "
                                               "administrateur"):
        mail_settings.save_mail_settings(agent_ctx, current)
    # An account deactivated meanwhile sends nothing more, on any counter.
    agents.update_agent(as_admin, agent_ctx.actor.agent_id, display_name="Claire Martin", roles=["agent"], active=False)
    with pytest.raises(PermissionDenied, match="Ce compte d'agent est désactivé"):
        messages.queue_invoice_email(agent_ctx, result.invoice_id)


def test_an_unknown_placeholder_is_refused_under_its_field(ctx):
    current = mail_settings.load_mail_settings(ctx)
    templates = dict(current.templates)
    templates["invoice"] = Template("Facture {numéro}", "Bonjour {famille}, {montant:>10}")
    templates["credit_note"] = Template("Avoir {numero}", "Reste {reste} {")
    with pytest.raises(ValidationFailed) as refused:
        mail_settings.save_mail_settings(ctx, dataclasses.replace(current, templates=templates,
                                                                  sender="pas-une-adresse"))
    assert refused.value.errors == {
        "invoice.subject": "« {numéro} » n'est pas un champ connu pour ce message. Champs possibles : {famille}, "
                           "{numero}, {date}, {montant}, {reste}, {echeance}, {regie}.",
        "invoice.body": "« {montant:>10} » n'est pas un champ connu pour ce message. Champs possibles : {famille}, "
                        "{numero}, {date}, {montant}, {reste}, {echeance}, {regie}.",
        "credit_note.body": "Une accolade n'est pas refermée : un champ s'écrit entre accolades, ex. {famille} ; pour "
                            "écrire une accolade, doublez-la ({{ ou }}).",
        "sender": "« pas-une-adresse » n'est pas une adresse e-mail valide (ex. prenom.nom@exemple.fr).",
    }
    templates = dict(current.templates)
    templates["credit_note"] = Template("Avoir {numero}", "Reste {reste}")  # {reste}: not a credit note's
    with pytest.raises(ValidationFailed) as refused:
        mail_settings.save_mail_settings(ctx, dataclasses.replace(current, templates=templates))
    assert list(refused.value.errors) == ["credit_note.body"]
    saved = mail_settings.save_mail_settings(ctx, dataclasses.replace(
        current,
        templates={**current.templates, "invoice": Template("Votre facture {numero}", "{{Bonjour}} {famille}")}))
    assert saved.templates["invoice"] == Template("Votre facture {numero}", "{{Bonjour}} {famille}")
    assert mail_settings.fill(saved.templates["invoice"].body, {"famille": "Berthier"}) == "{Bonjour} Berthier"


def test_starttls_and_the_account_then_a_wrong_password_waits_with_its_reason(agent_ctx, invoiced, clock, tmp_path):
    """The town's server as it is usually set: STARTTLS on the submission port, an account. The
    test's own certificate authority (trustme) stands for the one the counter's system trusts."""
    import ssl

    import trustme
    from aiosmtpd.smtp import AuthResult, LoginPassword

    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            b"ems@ville-albertville.fr", b"mot-de-passe-du-poste")
        return AuthResult(success=ok, handled=False)  # not handled: the server answers 535 itself

    server = MailServer(tls_context=server_context, require_starttls=True, auth_required=True,
                        authenticator=authenticator)
    server.start()
    try:
        configure_mail(agent_ctx, server.port, smtp_starttls=True, smtp_user="ems@ville-albertville.fr")
        queued = messages.queue_invoice_email(agent_ctx, invoiced[1].invoice_id)
        settings = dataclasses.replace(messages.smtp_settings(agent_ctx, "mauvais"), timeout=5.0,
                                       ssl_context=client_context)
        assert "mauvais" not in repr(settings)  # never in a log line
        assert messages.send_due_messages(agent_ctx, settings, clock.current).retried == 1
        assert stored(agent_ctx, queued.id).last_error == (
            "Le serveur de messagerie refuse le compte « ems@ville-albertville.fr » ou son mot de passe "
            "(Fichier › Messagerie).")
        clock.advance(minutes=1)
        settings = dataclasses.replace(settings, password="mot-de-passe-du-poste")
        assert messages.send_due_messages(agent_ctx, settings, clock.current).sent == 1
        assert len(server.inbox.by_message_id(queued.message_id)) == 1
    finally:
        server.stop()
