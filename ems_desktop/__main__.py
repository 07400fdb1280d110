"""Entry point: ``ems-desktop`` or ``python -m ems_desktop``.

  --demo            open the demo database (created on first start); refused with --database
                    or EMS_DATABASE_URL (the demo's families would be written into that database)
  --database URL    any SQLAlchemy URL (default: EMS_DATABASE_URL, else ems.sqlite3 in the
                    user data folder)
  --verify-journal  verify the journal's hash chains of that database and exit, without a window:
                    0 intact, 1 with the first broken link of each chain, 2 database unusable
  --self-test       check the installation (packaged or not) in a temporary folder: database,
                    demonstration catalog, PDFs, a card payment on the simulator, the main window
                    offscreen; French lines, exit 0 when everything works
  --sync-install ADRESSE CODE
                    make this counter a replica of the town's sync service: enrol with the one-time
                    code, build the SQLite replica from the server's snapshot, save the settings; exit
"""

from __future__ import annotations

import argparse
import os
import sys

from ems_desktop import __version__
from ems_desktop.database.engine import ENV_DATABASE_URL


class _FrenchParser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = _FrenchParser(prog="ems-desktop", description="Guichet de l'École Municipale des Sports")
    parser.add_argument("--demo", action="store_true", help="ouvrir la base de démonstration")
    parser.add_argument("--database", metavar="URL", help="URL SQLAlchemy de la base (sinon EMS_DATABASE_URL)")
    parser.add_argument("--verify-journal", action="store_true",
                        help="vérifier le chaînage du journal de la base, puis quitter (code 0 : intact, 1 : altéré)")
    parser.add_argument("--sync-install", nargs=2, metavar=("ADRESSE", "CODE"),
                        help="installer ce poste comme réplique du service de synchronisation de la ville "
                             "(adresse du service, code d'inscription à usage unique), puis quitter")
    parser.add_argument("--self-test", action="store_true",
                        help="vérifier que l'installation fonctionne (base, documents, TPE simulé, fenêtre), "
                             "dans un dossier temporaire, puis quitter (code 0 : tout fonctionne)")
    parser.add_argument("--version", action="version", version=f"EMS Desktop {__version__}")
    arguments = parser.parse_args(argv)
    if arguments.demo and (arguments.database or os.environ.get(ENV_DATABASE_URL)):
        given = "--database" if arguments.database else ENV_DATABASE_URL  # not the URL: it may hold a password
        parser.error(f"--demo ouvre la base de démonstration : il ne se combine pas avec {given} (les familles de "
                     f"démonstration seraient écrites dans cette base). Retirez {given} pour la démonstration, ou "
                     "lancez sans --demo pour ouvrir cette base.")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    from ems_desktop.private_files import restrict_new_files

    restrict_new_files()  # personal data: whatever this process creates is its user's only (umask 077)
    if arguments.self_test:  # no window shown: the installation checked in a temporary folder
        from ems_desktop.self_test import run_self_test

        return run_self_test()
    if arguments.verify_journal:  # no window: the journal checked, French lines, an exit code
        return verify_journal(arguments)
    if arguments.sync_install:
        return sync_install(arguments)
    os.environ["QT_API"] = "pyside6"  # qasync must not pick another Qt binding
    from ems_desktop.views.application import run_application

    return run_application(database_url=arguments.database, demo=arguments.demo)


def verify_journal(arguments: argparse.Namespace) -> int:
    from ems_desktop.database.engine import default_database_url, demo_database_url
    from ems_desktop.services.journal import verify_database

    url = demo_database_url() if arguments.demo else (arguments.database or default_database_url())
    code, lines = verify_database(url)
    print("\n".join(lines), file=sys.stdout if code < 2 else sys.stderr, flush=True)
    return code


def sync_install(arguments: argparse.Namespace) -> int:
    from pathlib import Path

    from ems_desktop import config
    from ems_desktop.database.engine import user_data_dir
    from ems_desktop.local_settings import LocalSettings
    from ems_desktop.sync.client import SyncRefused, SyncUnavailable, tls_verification
    from ems_desktop.sync.install import install_counter

    url, code = arguments.sync_install
    database = arguments.database or os.environ.get(ENV_DATABASE_URL) or ""
    if database and not database.startswith("sqlite:///"):
        print("Une réplique est une base SQLite de ce poste : --database doit être une URL sqlite:///…",
              file=sys.stderr)
        return 2
    path = Path(database.removeprefix("sqlite:///")) if database else user_data_dir() / "ems.sqlite3"
    local = LocalSettings()
    try:
        rows = install_counter(url, code, path, local, verify=tls_verification(local.get(config.SYNC_CA_FILE)))
    except (SyncRefused, SyncUnavailable) as failed:
        print(f"Installation impossible : {failed}", file=sys.stderr)
        return 1
    print(f"Poste installé : {rows} lignes reçues du serveur dans {path}. Lancez ems-desktop normalement.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
