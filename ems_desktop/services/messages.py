"""E-mails to families: an invoice, a credit note or a reminder with its PDF, through the town's
SMTP server, by this counter's outbox (models/messages.py).

Queueing (an agent's action, one transaction): the family's address and the SMTP settings are
checked, the template filled, the PDF rendered, and the whole message stored, state « waiting ».
Nothing is sent in that transaction: a message written while the network is down waits.

Sending (``send_due_messages``, on a thread of its own in the application): for each message due,
one committed transaction marks it « sending » (with a lease: a message still « sending » when the
lease is over was interrupted — a crash, a hung connection — and is due again), then the server is
spoken to, then one transaction records the outcome: « sent »; or back to « waiting » with
attempts + 1 and the next try after a back-off (1, 5, 15, then every 60 minutes: the network is
down, the server answers 4xx, the connection dropped mid-message); or « failed » with the reason
in French (the server refused the message for good, 5xx) — the agent may « Renvoyer » it.

Each message carries ``Message-ID: <its id@ems-desktop>``, the same at every try. The outbox
never sends a message the server acknowledged; a connection lost after the message's end but
before the server's acknowledgement makes it try again, and the family's mail server may then
receive it twice — with one Message-ID, which mail programs use to show it once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import smtplib
import socket
import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime as rfc2822_date, formataddr
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, defer

from ems_desktop import config
from ems_desktop.dates import format_date, to_local
from ems_desktop.models import CreditNote, Family, Guardian, Invoice, MessageKind, MessageState, OutgoingMessage
from ems_desktop.money import format_cents
from ems_desktop.services import permissions
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import DomainError, NotFound
from ems_desktop.services.mail_settings import KIND_PLACEHOLDERS, Template, fill, read_mail_settings, template_problems
from ems_desktop.services.settings import read_shared

if TYPE_CHECKING:
    from ems_desktop.reports.data import InvoiceDocument

log = logging.getLogger(__name__)

MESSAGE_ID_DOMAIN = "ems-desktop"
# Minutes before the next try after the 1st, 2nd, 3rd… temporary failure (then the last one, for ever:
# a message is never dropped because the network stayed down).
BACKOFF_MINUTES = (1, 5, 15, 60)
# A message « sending » longer than this was interrupted (crash, hung connection): due again.
SENDING_LEASE = dt.timedelta(minutes=2)
SMTP_TIMEOUT = 30.0
WHAT = "L'envoi de documents par e-mail"
_SENDERS = (permissions.AGENT, permissions.REGISSEUR, permissions.ADMINISTRATEUR)


@dataclass(frozen=True)
class SmtpSettings:
    """How this counter reaches the town's SMTP server (shared settings, the password local)."""

    host: str
    port: int = 587
    starttls: bool = True
    user: str = ""
    password: str = field(default="", repr=False)  # never in a log line
    sender: str = ""
    sender_name: str = ""
    timeout: float = SMTP_TIMEOUT
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)  # tests: their own CA

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)


def smtp_settings(ctx: ServiceContext, password: str = "") -> SmtpSettings:
    """The shared SMTP settings, with this counter's password (from its local settings)."""
    with ctx.reading() as s:
        mail = read_mail_settings(s)
        return SmtpSettings(host=mail.smtp_host, port=mail.smtp_port, starttls=mail.smtp_starttls,
                            user=mail.smtp_user, password=password, sender=mail.sender,
                            sender_name=read_shared(s, config.REGIE_NAME))


@dataclass(frozen=True)
class MessageView:
    id: uuid.UUID
    family_id: uuid.UUID
    kind: str
    kind_label: str          # « Facture », « Avoir », « Relance »
    document_number: str
    recipient: str
    subject: str
    state: str
    attempts: int
    created_at: dt.datetime
    sent_at: dt.datetime | None
    next_attempt_at: dt.datetime
    last_error: str
    status_text: str         # « Envoyé le 21/06/2017 à 15:05 », « En attente (nouvel essai à 14:05) … », « Échec : … »

    @property
    def message_id(self) -> str:
        return message_id_of(self.id)

    @property
    def can_resend(self) -> bool:
        return self.state == MessageState.FAILED


def message_id_of(message_id: uuid.UUID) -> str:
    return f"<{message_id}@{MESSAGE_ID_DOMAIN}>"


def _at(moment: dt.datetime, now: dt.datetime) -> str:
    """« à 14:05 » today (Paris), « le 22/06/2017 à 14:05 » another day."""
    local = to_local(moment)
    return f"à {local:%H:%M}" if local.date() == to_local(now).date() else f"le {local:%d/%m/%Y à %H:%M}"


def status_text(m: OutgoingMessage, now: dt.datetime) -> str:
    if m.state == MessageState.SENT:
        assert m.sent_at is not None  # set with the sent state
        return f"Envoyé le {to_local(m.sent_at):%d/%m/%Y à %H:%M}"
    if m.state == MessageState.FAILED:
        return f"Échec : {_after_colon(m.last_error)}"
    if m.state == MessageState.SENDING:
        return "Envoi en cours…"
    if not m.attempts:
        return "En attente d'envoi"
    return f"En attente (nouvel essai {_at(m.next_attempt_at, now)}) : {_after_colon(m.last_error)}"


def _after_colon(sentence: str) -> str:
    """« Le serveur refuse… » said after a colon: « le serveur refuse… »."""
    return sentence[:1].lower() + sentence[1:] if sentence[1:2].islower() else sentence


def _view(m: OutgoingMessage, now: dt.datetime) -> MessageView:
    return MessageView(m.id, m.family_id, m.kind, MessageKind.LABELS[m.kind], m.document_number, m.recipient,
                       m.subject, m.state, m.attempts, m.created_at, m.sent_at, m.next_attempt_at, m.last_error,
                       status_text(m, now))


def messages_of_family(ctx: ServiceContext, family_id: uuid.UUID) -> list[MessageView]:
    """The family's e-mails, newest first (the Messagerie of the dossier), wherever written."""
    now = ctx.now()
    with ctx.reading() as s:
        rows = s.scalars(select(OutgoingMessage).options(defer(OutgoingMessage.attachment))
                         .where(OutgoingMessage.family_id == family_id)
                         .order_by(OutgoingMessage.created_at.desc(), OutgoingMessage.id))
        return [_view(m, now) for m in rows]


def get_message(ctx: ServiceContext, message_id: uuid.UUID) -> MessageView:
    with ctx.reading() as s:
        m = s.get(OutgoingMessage, message_id, options=[defer(OutgoingMessage.attachment)])
        if m is None:
            raise NotFound("Ce message n'existe pas (ou plus).")
        return _view(m, ctx.now())


# --- Queueing ---------------------------------------------------------------------------------------

def family_address(session: Session, family: Family) -> str:
    """Where the family's documents go: the payer's e-mail, else the dossier's, else another
    guardian's; "" when the dossier has none."""
    guardians = list(session.scalars(select(Guardian).where(Guardian.family_id == family.id)
                                     .order_by(Guardian.is_payer.desc(), Guardian.position)))
    payer = [g.email for g in guardians if g.is_payer]
    others = [g.email for g in guardians if not g.is_payer]
    for address in (*payer, family.email, *others):
        if address and address.strip():
            found: str = address.strip()
            return found
    return ""


def recipient_of_family(ctx: ServiceContext, family_id: uuid.UUID) -> str:
    """Where the family's e-mails would go now ("" when its dossier has no address)."""
    with ctx.reading() as s:
        family = s.get(Family, family_id)
        if family is None:
            raise NotFound("Ce dossier famille n'existe pas (ou plus).")
        return family_address(s, family)


def _no_address(family: Family) -> DomainError:
    return DomainError(f"Le dossier de la famille {family.name} n'a pas d'adresse e-mail : ajoutez-la au dossier "
                       "(celle du responsable payeur, ou celle de la famille) pour lui envoyer ses documents.",
                       field="email")


_NOT_CONFIGURED = ("L'envoi d'e-mails n'est pas configuré : un administrateur indique le serveur d'envoi de la ville "
                   "et l'adresse d'expédition dans Fichier › Messagerie (e-mails)….")


def _check_before_rendering(ctx: ServiceContext, family_id: uuid.UUID, kind: str) -> Template:
    """The refusals that need no PDF: the role, the family's address, the server, the template."""
    with ctx.reading() as s:
        permissions.require_role(s, ctx.actor, *_SENDERS, what=WHAT)
        family = s.get(Family, family_id)
        if family is None:
            raise NotFound("Ce dossier famille n'existe pas (ou plus).")
        if not family_address(s, family):
            raise _no_address(family)
        mail = read_mail_settings(s)
        if not mail.configured:
            raise DomainError(_NOT_CONFIGURED)
        template = mail.templates[kind]
        if template_problems(kind, template):
            raise DomainError(f"Le modèle de l'e-mail ({MessageKind.LABELS[kind].lower()}) est invalide : un "
                              "administrateur le corrige dans Fichier › Messagerie (e-mails)….")
        return template


def _invoice_values(document: InvoiceDocument, family_name: str) -> dict[str, str]:
    return {"famille": family_name, "numero": document.number, "date": format_date(document.issue_date),
            "montant": format_cents(document.total_cents), "reste": format_cents(max(0, document.balance_due_cents)),
            "echeance": format_date(document.due_date), "regie": document.issuer.regie}


def _queue(ctx: ServiceContext, kind: str, family_id: uuid.UUID, document_id: uuid.UUID, number: str,
           values: dict[str, str], template: Template, pdf: bytes, attachment_name: str) -> MessageView:
    values = {name: values[name] for name in KIND_PLACEHOLDERS[kind]}
    subject = " ".join(fill(template.subject, values).split())[:250]
    body = fill(template.body, values)
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, *_SENDERS, what=WHAT)
        family = s.get_one(Family, family_id)
        recipient = family_address(s, family)
        if not recipient:  # removed from the dossier meanwhile
            raise _no_address(family)
        message = OutgoingMessage(
            id=uuid.uuid4(), family_id=family_id, kind=kind, document_id=document_id, document_number=number,
            recipient=recipient, subject=subject, body=body, attachment_name=attachment_name, attachment=pdf,
            state=MessageState.WAITING, attempts=0, next_attempt_at=uow.now, last_error="", created_at=uow.now,
            sent_at=None, agent_id=uow.actor.agent_id, counter_id=uow.actor.counter_id)
        s.add(message)
        s.flush()
        uow.record("message", message.id, "queued", {
            "family_id": family_id, "kind": kind, "document_number": number, "recipient": recipient,
            "subject": subject, "message_id": message_id_of(message.id)})
        return _view(message, uow.now)


def _attachment_name(what: str, number: str) -> str:
    return f"{what} {number}.pdf"


def queue_invoice_email(ctx: ServiceContext, invoice_id: uuid.UUID) -> MessageView:
    """The invoice (a duplicata: the original was handed over when it was issued) e-mailed to its family."""
    return _queue_invoice(ctx, invoice_id, MessageKind.INVOICE)


def queue_reminder_email(ctx: ServiceContext, invoice_id: uuid.UUID) -> MessageView:
    """A reminder of an invoice not fully paid, its duplicata attached (the reminder template)."""
    return _queue_invoice(ctx, invoice_id, MessageKind.REMINDER)


def _queue_invoice(ctx: ServiceContext, invoice_id: uuid.UUID, kind: str) -> MessageView:
    from ems_desktop.reports import render_invoice
    from ems_desktop.services.documents import invoice_document

    with ctx.reading() as s:
        invoice = s.get(Invoice, invoice_id)
        if invoice is None:
            raise NotFound("Cette facture n'existe pas.")
        family_id, family_name = invoice.family_id, s.get_one(Family, invoice.family_id).name
    template = _check_before_rendering(ctx, family_id, kind)
    document = invoice_document(ctx, invoice_id, duplicate=True)
    pdf = render_invoice(document)
    return _queue(ctx, kind, family_id, invoice_id, document.number, _invoice_values(document, family_name),
                  template, pdf, _attachment_name("Facture", document.number))


def queue_credit_note_email(ctx: ServiceContext, credit_note_id: uuid.UUID) -> MessageView:
    """The credit note (a duplicata) e-mailed to its family."""
    from ems_desktop.reports import render_credit_note
    from ems_desktop.services.documents import credit_note_document

    with ctx.reading() as s:
        note = s.get(CreditNote, credit_note_id)
        if note is None:
            raise NotFound("Cet avoir n'existe pas.")
        family_id, family_name = note.family_id, s.get_one(Family, note.family_id).name
    template = _check_before_rendering(ctx, family_id, MessageKind.CREDIT_NOTE)
    document = credit_note_document(ctx, credit_note_id, duplicate=True)
    pdf = render_credit_note(document)
    values = {"famille": family_name, "numero": document.number, "date": format_date(document.issue_date),
              "montant": format_cents(document.total_cents), "facture": document.invoice_number,
              "regie": document.issuer.regie}
    return _queue(ctx, MessageKind.CREDIT_NOTE, family_id, credit_note_id, document.number, values, template, pdf,
                  _attachment_name("Avoir", document.number))


def resend_message(ctx: ServiceContext, message_id: uuid.UUID) -> MessageView:
    """« Renvoyer » a message that failed for good: waiting again, to the dossier's address of now
    (it may have been corrected), the same message and Message-ID (it was never delivered)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, *_SENDERS, what=WHAT)
        m = s.scalar(select(OutgoingMessage).options(defer(OutgoingMessage.attachment))
                     .where(OutgoingMessage.id == message_id).with_for_update())
        if m is None:
            raise NotFound("Ce message n'existe pas (ou plus).")
        if m.state != MessageState.FAILED:
            raise DomainError("Seul un message en échec peut être renvoyé : celui-ci "
                              + ("est déjà parti." if m.state == MessageState.SENT else "attend son envoi."))
        family = s.get_one(Family, m.family_id)
        recipient = family_address(s, family)
        if not recipient:
            raise _no_address(family)
        if read_mail_settings(s).configured is False:
            raise DomainError(_NOT_CONFIGURED)
        previous = m.recipient
        m.recipient, m.state, m.attempts, m.last_error, m.next_attempt_at = (
            recipient, MessageState.WAITING, 0, "", uow.now)
        uow.record("message", m.id, "requeued", {"recipient": recipient, "previous_recipient": previous})
        return _view(m, uow.now)


# --- Sending ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Claimed:
    id: uuid.UUID
    recipient: str
    subject: str
    body: str
    attachment_name: str
    attachment: bytes
    created_at: dt.datetime


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0      # back to waiting (temporary failure)
    failed: int = 0       # refused for good
    next_due: dt.datetime | None = None  # the earliest waiting message after this round
    errors: list[str] = field(default_factory=list)


class _Temporary(Exception):
    """Try again later; ``connection`` False when the connection is still usable for the next message."""

    def __init__(self, reason: str, *, connection: bool = True) -> None:
        super().__init__(reason)
        self.reason, self.connection = reason, connection


class _Permanent(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _due(counter_id: uuid.UUID | None, now: dt.datetime) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return (OutgoingMessage.counter_id == counter_id, or_(
        (OutgoingMessage.state == MessageState.WAITING) & (OutgoingMessage.next_attempt_at <= now),
        # « sending » past its lease: interrupted (see SENDING_LEASE)
        (OutgoingMessage.state == MessageState.SENDING) & (OutgoingMessage.next_attempt_at <= now)))


def _claim_next(ctx: ServiceContext, now: dt.datetime, skip: frozenset[uuid.UUID]) -> _Claimed | None:
    """The next message due, marked « sending » and committed before the server is spoken to."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        query = (select(OutgoingMessage).where(*_due(ctx.actor.counter_id, now))
                 .order_by(OutgoingMessage.next_attempt_at, OutgoingMessage.created_at).limit(1))
        if skip:
            query = query.where(OutgoingMessage.id.not_in(list(skip)))
        if s.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)  # two processes of one counter: never the same
        m = s.scalar(query)
        if m is None:
            return None
        m.state, m.next_attempt_at = MessageState.SENDING, max(now, uow.now) + SENDING_LEASE
        uow.touch("message", m.id)
        return _Claimed(m.id, m.recipient, m.subject, m.body, m.attachment_name, m.attachment, m.created_at)


def _mark_sent(ctx: ServiceContext, message_id: uuid.UUID, now: dt.datetime) -> None:
    with ctx.unit_of_work() as uow:
        m = uow.session.get_one(OutgoingMessage, message_id, options=[defer(OutgoingMessage.attachment)])
        m.state, m.sent_at, m.attempts, m.last_error = MessageState.SENT, max(now, uow.now), m.attempts + 1, ""
        uow.record("message", m.id, "sent", {"recipient": m.recipient, "subject": m.subject,
                                              "message_id": message_id_of(m.id), "attempts": m.attempts})


def backoff(attempts: int) -> dt.timedelta:
    """The pause after the ``attempts``-th failed try (1, 5, 15, then 60 minutes)."""
    return dt.timedelta(minutes=BACKOFF_MINUTES[min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1])


def _mark_retry(ctx: ServiceContext, message_id: uuid.UUID, reason: str, now: dt.datetime) -> None:
    with ctx.unit_of_work() as uow:
        m = uow.session.get_one(OutgoingMessage, message_id, options=[defer(OutgoingMessage.attachment)])
        m.attempts += 1
        m.state, m.last_error = MessageState.WAITING, reason[:500]
        m.next_attempt_at = max(now, uow.now) + backoff(m.attempts)
        uow.touch("message", m.id)


def _mark_failed(ctx: ServiceContext, message_id: uuid.UUID, reason: str, now: dt.datetime) -> None:
    with ctx.unit_of_work() as uow:
        m = uow.session.get_one(OutgoingMessage, message_id, options=[defer(OutgoingMessage.attachment)])
        m.attempts += 1
        m.state, m.last_error = MessageState.FAILED, reason[:500]
        uow.record("message", m.id, "failed", {"recipient": m.recipient, "reason": m.last_error,
                                                "attempts": m.attempts})


def _next_due(ctx: ServiceContext) -> dt.datetime | None:
    with ctx.reading() as s:
        return s.scalar(select(OutgoingMessage.next_attempt_at).where(
            OutgoingMessage.counter_id == ctx.actor.counter_id,
            OutgoingMessage.state.in_((MessageState.WAITING, MessageState.SENDING)))
            .order_by(OutgoingMessage.next_attempt_at).limit(1))


def retry_waiting_now(ctx: ServiceContext) -> int:
    """The network is back: this counter's messages waiting out a back-off after a failure are due
    at once, not in up to an hour. Returns how many."""
    now = ctx.now()
    with ctx.unit_of_work() as uow:
        waiting = list(uow.session.scalars(select(OutgoingMessage).options(defer(OutgoingMessage.attachment)).where(
            OutgoingMessage.counter_id == ctx.actor.counter_id, OutgoingMessage.state == MessageState.WAITING,
            OutgoingMessage.attempts > 0, OutgoingMessage.next_attempt_at > now)))
        for m in waiting:
            m.next_attempt_at = now
            uow.touch("message", m.id)
        return len(waiting)


def recover_interrupted_messages(ctx: ServiceContext) -> int:
    """At start: this counter's messages left « sending » by a crash go back to waiting, due at
    once, to go out with the same Message-ID. One still within its lease may be another process's
    of this counter, sending it right now: it is left alone (due again when the lease is over)."""
    now = ctx.now()
    with ctx.unit_of_work() as uow:
        stuck = list(uow.session.scalars(select(OutgoingMessage).options(defer(OutgoingMessage.attachment)).where(
            OutgoingMessage.counter_id == ctx.actor.counter_id, OutgoingMessage.state == MessageState.SENDING,
            OutgoingMessage.next_attempt_at <= now)))
        for m in stuck:
            m.state, m.next_attempt_at = MessageState.WAITING, now
            m.last_error = m.last_error or "Envoi interrompu (arrêt du poste) : le message repart."
            uow.touch("message", m.id)
        return len(stuck)


def build_email(claimed: _Claimed, smtp: SmtpSettings) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((smtp.sender_name, smtp.sender)) if smtp.sender_name else smtp.sender
    message["To"] = claimed.recipient
    message["Subject"] = claimed.subject
    message["Date"] = rfc2822_date(claimed.created_at)
    message["Message-ID"] = message_id_of(claimed.id)
    message.set_content(claimed.body)
    message.add_attachment(claimed.attachment, maintype="application", subtype="pdf",
                           filename=claimed.attachment_name)
    return message


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
    return f"{exc.smtp_code} {' '.join(text.split())}"[:200]


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    try:
        connection = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    except TimeoutError:
        raise _Temporary(f"Le serveur de messagerie {smtp.host}:{smtp.port} ne répond pas (réseau coupé ?).",
                         connection=False) from None
    except socket.gaierror:
        raise _Temporary(f"Le serveur de messagerie « {smtp.host} » est introuvable (nom inconnu, ou réseau coupé).",
                         connection=False) from None
    except ConnectionRefusedError:
        raise _Temporary(f"Le serveur de messagerie {smtp.host}:{smtp.port} est injoignable : il refuse la connexion "
                         "(service arrêté, ou mauvais port).", connection=False) from None
    except (OSError, smtplib.SMTPException) as failed:
        log.info("connexion SMTP impossible : %s", _short(failed))
        raise _Temporary(f"Le serveur de messagerie {smtp.host}:{smtp.port} est injoignable (réseau coupé ?).",
                         connection=False) from None
    try:
        connection.ehlo()
        if smtp.starttls:
            try:
                connection.starttls(context=smtp.ssl_context or ssl.create_default_context())
            except smtplib.SMTPNotSupportedError:
                raise _Temporary("Le serveur de messagerie ne propose pas STARTTLS : vérifiez le port, ou décochez "
                                 "STARTTLS s'il s'agit d'un relais interne.", connection=False) from None
            except ssl.SSLError as refused:
                log.info("STARTTLS refusé : %s", _short(refused))
                why = ("son certificat n'est pas reconnu par ce poste"
                       if isinstance(refused, ssl.SSLCertVerificationError) else "vérifiez le port et STARTTLS")
                raise _Temporary(f"La connexion chiffrée au serveur de messagerie a échoué : {why}.",
                                 connection=False) from None
            connection.ehlo()
        if smtp.user:
            try:
                connection.login(smtp.user, smtp.password)
            except smtplib.SMTPAuthenticationError:
                raise _Temporary(f"Le serveur de messagerie refuse le compte « {smtp.user} » ou son mot de passe "
                                 "(Fichier › Messagerie).", connection=False) from None
    except _Temporary:
        _close_quietly(connection)
        raise
    except (OSError, smtplib.SMTPException) as failed:
        _close_quietly(connection)
        log.info("connexion SMTP coupée : %s", _short(failed))
        raise _Temporary("La connexion au serveur de messagerie a été coupée avant l'envoi.",
                         connection=False) from None
    return connection


def _short(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc)
    return (" ".join(str(exc).split()) or type(exc).__name__)[:160]


def _close(connection: smtplib.SMTP | None) -> None:
    if connection is None:
        return
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException):
        connection.close()


def _send(connection: smtplib.SMTP, smtp: SmtpSettings, claimed: _Claimed) -> None:
    message = build_email(claimed, smtp)
    try:
        refused = connection.send_message(message, from_addr=smtp.sender, to_addrs=[claimed.recipient])
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = exc.recipients.get(claimed.recipient, (550, b""))
        reason = f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}".strip()
        if code >= 500:
            raise _Permanent(f"Le serveur refuse l'adresse {claimed.recipient} ({reason[:160]}) : corrigez-la dans "
                             "le dossier puis renvoyez.") from None
        raise _Temporary(f"Le serveur diffère l'adresse {claimed.recipient} ({reason[:160]}).") from None
    except smtplib.SMTPSenderRefused as exc:
        # A setting to correct, not this message's fault: it waits for the administrator.
        raise _Temporary(f"Le serveur refuse l'adresse d'expédition {smtp.sender} ({_reply(exc)}) : vérifiez-la "
                         "dans Fichier › Messagerie.", connection=exc.smtp_code < 500) from None
    except smtplib.SMTPDataError as exc:
        if exc.smtp_code >= 500:
            raise _Permanent(f"Le serveur refuse le message ({_reply(exc)}).") from None
        raise _Temporary(f"Le serveur diffère le message ({_reply(exc)}).") from None
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code >= 500:
            raise _Permanent(f"Le serveur refuse le message ({_reply(exc)}).") from None
        raise _Temporary(f"Le serveur diffère le message ({_reply(exc)}).", connection=False) from None
    except (OSError, smtplib.SMTPException) as exc:  # SMTPServerDisconnected, a reset, a timeout…
        log.info("connexion SMTP coupée pendant l'envoi : %s", _short(exc))
        raise _Temporary("La connexion au serveur de messagerie a été coupée pendant l'envoi.",
                         connection=False) from None
    if refused:  # one recipient only: send_message raises when it is refused; kept for safety
        raise _Permanent(f"Le serveur refuse l'adresse {claimed.recipient}.")


def send_due_messages(ctx: ServiceContext, smtp_settings: SmtpSettings, now: dt.datetime, *,
                      db_call: Callable[..., Any] | None = None) -> SendReport:
    """Send this counter's messages due at ``now``, one by one, over one connection (each step is
    stamped with the context's clock when it is later: a long round's last message is sent later). Each is marked
    « sending » in its own committed transaction before the server is spoken to, then « sent »,
    « waiting » (a temporary failure: back-off) or « failed » (refused for good). A connection
    that cannot be made or is lost ends the round: the others wait for the next one.

    ``db_call(function, *args)`` runs the database steps (in the application: on the database
    worker); the SMTP talk stays on the caller's thread."""
    call = db_call or (lambda function, *args: function(*args))
    report = SendReport()
    if not smtp_settings.configured:
        report.next_due = call(_next_due, ctx)
        return report
    due = call(_next_due, ctx)
    if due is None or due > now:  # nothing to send: no write transaction at all
        report.next_due = due
        return report
    connection: smtplib.SMTP | None = None
    tried: set[uuid.UUID] = set()
    try:
        while True:
            claimed = call(_claim_next, ctx, now, frozenset(tried))
            if claimed is None:
                break
            tried.add(claimed.id)
            try:
                if connection is None:
                    connection = _connect(smtp_settings)
                _send(connection, smtp_settings, claimed)
            except _Permanent as refused:
                log.info("message %s refusé par le serveur : %s", claimed.id, refused.reason)
                call(_mark_failed, ctx, claimed.id, refused.reason, now)
                report.failed += 1
                report.errors.append(refused.reason)
            except _Temporary as later:
                log.info("message %s : nouvel essai plus tard (%s)", claimed.id, later.reason)
                call(_mark_retry, ctx, claimed.id, later.reason, now)
                report.retried += 1
                report.errors.append(later.reason)
                if not later.connection:
                    _close_quietly(connection)
                    connection = None
                    break
            else:
                call(_mark_sent, ctx, claimed.id, now)
                report.sent += 1
    finally:
        _close_quietly(connection)
    report.next_due = call(_next_due, ctx)
    return report


def _close_quietly(connection: smtplib.SMTP | None) -> None:
    with contextlib.suppress(Exception):  # closing a broken connection must not hide the round's outcome
        _close(connection)

