"""Every setting in one typed registry: key, default, type, description, and where it lives.

Shared settings (the town, the régie, the hold duration…) live in the database, so every counter
sees the same; per-counter ones (the terminal's address, the printers) live in a local file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")

SHARED = "shared"
LOCAL = "local"


@dataclass(frozen=True)
class SettingDef(Generic[T]):
    key: str
    default: T
    type: type
    description: str
    scope: str = SHARED
    choices: tuple = ()  # the only values allowed, when the setting is a choice

    def coerce(self, value: Any) -> T:
        if value is None:
            return self.default
        if self.type is bool:
            return cast(T, bool(value))
        return self.type(value)


REGISTRY: dict[str, SettingDef] = {}


def _define(key: str, default: T, type_: type, description: str, scope: str = SHARED,
            choices: tuple = ()) -> SettingDef[T]:
    definition = SettingDef(key, default, type_, description, scope, choices)
    REGISTRY[key] = definition
    return definition


# --- Shared (database) -------------------------------------------------------------------------
TOWN_NAME = _define("town.name", "Ville d'Albertville", str, "Nom de la collectivité")
TOWN_ADDRESS = _define("town.address", "12 cours de l'Hôtel de Ville\n73200 Albertville", str, "Adresse postale")
TOWN_SIRET = _define("town.siret", "217 300 116 00017", str, "SIRET de la collectivité")
TOWN_LOGO = _define("town.logo", "", str, "Chemin du logo imprimé sur les documents")
REGIE_NAME = _define("regie.name", "ALBERTVILLE ACCUEIL LOISIRS SPORT CULTUR", str, "Nom de la régie de recettes")
HOLD_MINUTES = _define("enrollment.hold_minutes", 120, int,
                       "Durée pendant laquelle une inscription non payée garde sa place (minutes)")
# The town's SEPA creditor identifier (ICS), given by its bank: printed on every mandate.
SEPA_CREDITOR_ID = _define("sepa.creditor_id", "FR00ZZZ000000", str,
                           "Identifiant créancier SEPA (ICS) de la régie, donné par la banque")
# The régie's account, credited by the direct-debit runs (pain.008's creditor account).
SEPA_CREDITOR_IBAN = _define("sepa.creditor_iban", "", str, "IBAN du compte de la régie crédité par les prélèvements")
SEPA_CREDITOR_BIC = _define("sepa.creditor_bic", "", str, "BIC de la banque de la régie")
CARD_RETRY_BLOCK_MINUTES = _define("payment.card_retry_block_minutes", 30, int,
                                   "Délai avant de repayer par carte après une erreur (minutes)")
# E-mails to families (services/messages.py): the town's SMTP server, and the texts the
# administrator edits, with placeholders such as {famille} (services/mail_settings.py lists them).
SMTP_HOST = _define("smtp.host", "", str, "Serveur d'envoi des e-mails (SMTP) de la ville ; vide : pas d'envoi")
SMTP_PORT = _define("smtp.port", 587, int, "Port du serveur SMTP (587 avec STARTTLS, 25 sans)")
SMTP_STARTTLS = _define("smtp.starttls", True, bool, "Chiffrer la connexion au serveur SMTP (STARTTLS)")
SMTP_USER = _define("smtp.user", "", str, "Compte sur le serveur SMTP (vide : sans authentification)")
SMTP_SENDER = _define("smtp.sender", "", str, "Adresse d'expédition des e-mails aux familles")
MAIL_INVOICE_SUBJECT = _define("mail.invoice.subject", "Facture {numero} — {regie}", str,
                               "Objet de l'e-mail d'une facture")
MAIL_INVOICE_BODY = _define("mail.invoice.body", (
    "Bonjour,\n\nVeuillez trouver ci-joint la facture {numero} du {date} (famille {famille}), d'un montant de "
    "{montant}.\nReste à payer : {reste}, avant le {echeance}, au guichet de l'École Municipale des Sports.\n\n"
    "Cordialement,\n{regie}"), str, "Texte de l'e-mail d'une facture")
MAIL_CREDIT_NOTE_SUBJECT = _define("mail.credit_note.subject", "Avoir {numero} — {regie}", str,
                                   "Objet de l'e-mail d'un avoir")
MAIL_CREDIT_NOTE_BODY = _define("mail.credit_note.body", (
    "Bonjour,\n\nVeuillez trouver ci-joint l'avoir {numero} du {date} (famille {famille}), d'un montant de "
    "{montant}, établi en correction de la facture {facture}.\n\nCordialement,\n{regie}"), str,
    "Texte de l'e-mail d'un avoir")
MAIL_REMINDER_SUBJECT = _define("mail.reminder.subject", "Relance : facture {numero} — {regie}", str,
                                "Objet de l'e-mail de relance")
MAIL_REMINDER_BODY = _define("mail.reminder.body", (
    "Bonjour,\n\nSauf erreur de notre part, la facture {numero} du {date} (famille {famille}) n'est pas "
    "entièrement réglée : il reste {reste} à payer ; l'échéance était le {echeance}.\nVous en trouverez un "
    "duplicata ci-joint. Elle se règle au guichet de l'École Municipale des Sports.\n\nSi vous l'avez réglée "
    "entre-temps, merci de ne pas tenir compte de ce message.\n\nCordialement,\n{regie}"), str,
    "Texte de l'e-mail de relance")

# --- Local (per counter) -----------------------------------------------------------------------
COUNTER_ID = _define("counter.id", "", str, "Guichet de ce poste (identifiant)", LOCAL)
LAST_LOGIN = _define("login.last", "", str, "Dernier identifiant connecté sur ce poste", LOCAL)
# The terminal of this counter, said explicitly: a real one at terminal.host/terminal.port, the
# built-in simulator, or none configured (then the simulator starts on the demonstration database
# only; elsewhere the counter takes no card). A file of before this setting that names a host means
# "tpe" (see LocalSettings).
TERMINAL_REAL = "tpe"
TERMINAL_SIMULATOR = "simulateur"
TERMINAL_NONE = ""
TERMINAL_MODES = (TERMINAL_REAL, TERMINAL_SIMULATOR, TERMINAL_NONE)
TERMINAL_MODE = _define("terminal.mode", TERMINAL_NONE, str,
                        "TPE de ce poste : « tpe » (adresse et port ci-dessous), « simulateur » (démonstration) "
                        "ou vide (aucun ; le simulateur sur la base de démonstration)", LOCAL, TERMINAL_MODES)
TERMINAL_HOST = _define("terminal.host", "", str, "Adresse IP du TPE (mode « tpe »)", LOCAL)
TERMINAL_PORT = _define("terminal.port", 8888, int, "Port Caisse-AP du TPE (mode « tpe »)", LOCAL)
RECEIPT_PRINTER = _define("printer.receipt", "", str, "Imprimante de tickets ESC/POS (tcp://hôte:port ou usb)", LOCAL)
RECEIPT_CODEPAGE = _define("printer.receipt_codepage", "CP858", str,
                           "Page de codes de l'imprimante de tickets (CP858 : accents et €)", LOCAL,
                           ("CP858", "CP1252", "ISO_8859-15", "CP850", "CP437"))
# Where this counter's SQLite backups go (empty: « sauvegardes » in the user data folder). Better on a
# second disk or a network share: a copy on the same disk dies with it.
BACKUP_FOLDER = _define("backup.folder", "", str, "Dossier des sauvegardes de la base SQLite (vide : « sauvegardes » "
                        "dans le dossier des données ; de préférence un second disque ou un partage réseau)", LOCAL)
# How this counter stands with the town's server: alone (its own database, or a PostgreSQL shared
# on the network), or synchronised (its database is a replica: each user action is also written
# as an operation in its outbox, for the sync service; see docs/SYNC.md).
SYNC_STANDALONE = "autonome"
SYNC_COUNTER = "synchronise"
SYNC_ROLE = _define("sync.role", SYNC_STANDALONE, str,
                    "Ce poste : « autonome » ou « synchronise » (réplique du serveur de la ville, "
                    "opérations en attente d'envoi)", LOCAL, (SYNC_STANDALONE, SYNC_COUNTER))
SYNC_SERVER_URL = _define("sync.server_url", "", str, "Adresse du service de synchronisation de la ville "
                          "(https://serveur:8443)", LOCAL)
# The counter's token, given by the server at enrolment (kept in this private file, never logged).
SYNC_TOKEN = _define("sync.token", "", str, "Jeton de ce poste auprès du service de synchronisation", LOCAL)
SYNC_CA_FILE = _define("sync.ca_file", "", str, "Certificat de l'autorité du serveur (PEM), si elle n'est pas "
                       "reconnue par le système", LOCAL)
# The SMTP account's password: in this counter's private file (0600), never in the shared database
# (every counter and the town's server read it) and never logged. See README « Messagerie ».
SMTP_PASSWORD = _define("smtp.password", "", str, "Mot de passe du compte SMTP (sur ce poste seulement)", LOCAL)
