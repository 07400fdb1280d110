"""Every setting in one typed registry: key, default, type, description, and where it lives.

Shared settings (the town, the régie, the hold duration…) live in the database, so every counter
sees the same; per-counter ones (the terminal's address, the printers) live in a local file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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
            return bool(value)
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
CARD_RETRY_BLOCK_MINUTES = _define("payment.card_retry_block_minutes", 30, int,
                                   "Délai avant de repayer par carte après une erreur (minutes)")

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
