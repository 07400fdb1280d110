"""Entry point: ``ems-desktop`` or ``python -m ems_desktop``.

  --demo            open the demo database (created on first start)
  --database URL    any SQLAlchemy URL (default: EMS_DATABASE_URL, else ems.sqlite3 in the
                    user data folder)
"""

from __future__ import annotations

import argparse
import os
import sys

from ems_desktop import __version__


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ems-desktop", description="Guichet de l'École Municipale des Sports")
    parser.add_argument("--demo", action="store_true", help="ouvrir la base de démonstration")
    parser.add_argument("--database", metavar="URL", help="URL SQLAlchemy de la base (sinon EMS_DATABASE_URL)")
    parser.add_argument("--version", action="version", version=f"EMS Desktop {__version__}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    os.environ["QT_API"] = "pyside6"  # qasync must not pick another Qt binding
    from ems_desktop.views.application import run_application

    return run_application(database_url=arguments.database, demo=arguments.demo)


if __name__ == "__main__":
    sys.exit(main())
