"""The e-mails' settings, shared by every counter (in the database): the town's SMTP server and
the French texts of the three kinds of message, with their placeholders. Changed by an
administrator only (the rule is here, not only on the menu), on the central database.

The SMTP account's password is not here: it stays in each counter's private settings file
(``config.SMTP_PASSWORD``), never in the shared database, never in the journal or the log.

A template is a text with placeholders between braces — « Facture {numero} — {regie} ». Only the
placeholders of its kind are accepted (a misspelt one would reach the families as typed), with the
French message of the field that holds it; ``{{`` and ``}}`` write a brace.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ems_desktop import config
from ems_desktop.config import SettingDef
from ems_desktop.models import MessageKind
from ems_desktop.rules.family import email_problem
from ems_desktop.rules.text import text_problem
from ems_desktop.services import permissions
from ems_desktop.services.central import require_central_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import ValidationFailed
from ems_desktop.services.settings import read_shared, write_shared

# What each placeholder is replaced with, as the settings dialog explains it.
PLACEHOLDERS = {
    "famille": "le nom de la famille",
    "numero": "le numéro du document",
    "date": "la date du document",
    "montant": "le montant du document",
    "reste": "ce qui reste à payer sur la facture",
    "echeance": "la date d'échéance de la facture",
    "facture": "le numéro de la facture corrigée par l'avoir",
    "regie": "le nom de la régie",
}
KIND_PLACEHOLDERS = {
    MessageKind.INVOICE: ("famille", "numero", "date", "montant", "reste", "echeance", "regie"),
    MessageKind.CREDIT_NOTE: ("famille", "numero", "date", "montant", "facture", "regie"),
    MessageKind.REMINDER: ("famille", "numero", "date", "montant", "reste", "echeance", "regie"),
}
TEMPLATE_SETTINGS = {
    MessageKind.INVOICE: (config.MAIL_INVOICE_SUBJECT, config.MAIL_INVOICE_BODY),
    MessageKind.CREDIT_NOTE: (config.MAIL_CREDIT_NOTE_SUBJECT, config.MAIL_CREDIT_NOTE_BODY),
    MessageKind.REMINDER: (config.MAIL_REMINDER_SUBJECT, config.MAIL_REMINDER_BODY),
}
SUBJECT_LIMIT = 200
BODY_LIMIT = 4000
WHAT = "La modification de la messagerie"
_HOST = re.compile(r"[A-Za-z0-9.-]+")


@dataclass(frozen=True)
class Template:
    subject: str
    body: str


@dataclass(frozen=True)
class MailSettings:
    smtp_host: str
    smtp_port: int
    smtp_starttls: bool
    smtp_user: str
    sender: str
    templates: dict[str, Template]  # by MessageKind

    @property
    def configured(self) -> bool:
        return bool(self.smtp_host.strip() and self.sender.strip())


def read_mail_settings(session: Session) -> MailSettings:
    return MailSettings(
        smtp_host=read_shared(session, config.SMTP_HOST), smtp_port=read_shared(session, config.SMTP_PORT),
        smtp_starttls=read_shared(session, config.SMTP_STARTTLS), smtp_user=read_shared(session, config.SMTP_USER),
        sender=read_shared(session, config.SMTP_SENDER),
        templates={kind: Template(read_shared(session, subject), read_shared(session, body))
                   for kind, (subject, body) in TEMPLATE_SETTINGS.items()})


def load_mail_settings(ctx: ServiceContext) -> MailSettings:
    with ctx.reading() as s:
        return read_mail_settings(s)


def placeholders_text(kind: str) -> str:
    """« {famille} (le nom de la famille), {numero} (…) … » for the dialog's hint."""
    return ", ".join(f"{{{name}}} ({PLACEHOLDERS[name]})" for name in KIND_PLACEHOLDERS[kind])


def _placeholder_problem(text: str, kind: str) -> str | None:
    allowed = KIND_PLACEHOLDERS[kind]
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return ("Une accolade n'est pas refermée : un champ s'écrit entre accolades, ex. {famille} ; pour "
                "écrire une accolade, doublez-la ({{ ou }}).")
    for _literal, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            if not name:
                shown = "{}"
            return (f"« {shown} » n'est pas un champ connu pour ce message. Champs possibles : "
                    + ", ".join(f"{{{a}}}" for a in allowed) + ".")
    return None


def template_problems(kind: str, template: Template) -> dict[str, str]:
    """The messages under the subject and the body of one kind's template (empty: all right)."""
    errors = {}
    subject, body = template.subject.strip(), template.body.strip()
    problem = text_problem(template.subject, SUBJECT_LIMIT) or _placeholder_problem(subject, kind)
    if problem or not subject:
        errors[f"{kind}.subject"] = problem or "L'objet de l'e-mail est obligatoire."
    problem = text_problem(template.body, BODY_LIMIT, multiline=True) or _placeholder_problem(body, kind)
    if problem or not body:
        errors[f"{kind}.body"] = problem or "Le texte de l'e-mail est obligatoire."
    return errors


def mail_settings_problems(data: MailSettings) -> dict[str, str]:
    errors = {}
    host = data.smtp_host.strip()
    if host and (not _HOST.fullmatch(host) or len(host) > 200):
        errors["smtp_host"] = "Serveur SMTP invalide : son nom ou son adresse IP, ex. smtp.ville-albertville.fr."
    if not 1 <= data.smtp_port <= 65535:
        errors["smtp_port"] = "Le port est un nombre de 1 à 65535 (587 d'habitude, 25 sans chiffrement)."
    problem = text_problem(data.smtp_user, 200)
    if problem:
        errors["smtp_user"] = problem
    sender = data.sender.strip()
    problem = text_problem(data.sender, 200) or email_problem(sender)
    if problem:
        errors["sender"] = problem
    elif host and not sender:
        errors["sender"] = "Indiquez l'adresse d'expédition (ex. ems@ville-albertville.fr) : les familles y répondent."
    for kind in MessageKind.ALL:
        errors.update(template_problems(kind, data.templates[kind]))
    return errors


def save_mail_settings(ctx: ServiceContext, data: MailSettings) -> MailSettings:
    """The SMTP server and the three templates (administrateur; on the central database)."""
    require_central_database(ctx, WHAT)
    errors = mail_settings_problems(data)
    if errors:
        raise ValidationFailed(errors)
    with ctx.unit_of_work() as uow:
        s = uow.session
        permissions.require_role(s, ctx.actor, permissions.ADMINISTRATEUR, what=WHAT)
        values: list[tuple[SettingDef[Any], object]] = [
            (config.SMTP_HOST, data.smtp_host.strip()), (config.SMTP_PORT, data.smtp_port),
            (config.SMTP_STARTTLS, data.smtp_starttls), (config.SMTP_USER, data.smtp_user.strip()),
            (config.SMTP_SENDER, data.sender.strip())]
        for kind, (subject, body) in TEMPLATE_SETTINGS.items():
            template = data.templates[kind]
            values += [(subject, template.subject.strip()), (body, template.body.strip())]
        changed: dict[str, object] = {}
        for definition, value in values:
            if read_shared(s, definition) != value:
                write_shared(s, definition, value)
                changed[definition.key] = value
        if changed:
            assert ctx.actor.counter_id is not None, "the messaging settings are changed at a counter"
            uow.record("settings", ctx.actor.counter_id, "mail_updated", changed)
    return load_mail_settings(ctx)


def fill(text: str, values: dict[str, str]) -> str:
    """The template with its placeholders replaced (it was checked when saved)."""
    return text.format_map(values)
