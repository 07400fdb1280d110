"""``ems-sync-server``: the town's sync service, for its IT.

    ems-sync-server migrate   --database postgresql+psycopg://…
    ems-sync-server serve     --database … [--host 0.0.0.0] [--port 8443] [--certfile F --keyfile F]
    ems-sync-server enrol-code --database … --counter HDV     (prints a one-time code for that counter)
    ems-sync-server revoke    --database … --counter HDV
"""

from __future__ import annotations

import argparse
import logging
import sys
import uuid

from sqlalchemy import select

from ems_desktop.database.engine import Database
from ems_desktop.database.migrate import upgrade
from ems_desktop.models import Counter
from ems_desktop.services.context import ServiceContext


def _context(url: str) -> ServiceContext:
    return ServiceContext(db=Database(url))


def _counter_id(ctx: ServiceContext, code: str) -> uuid.UUID:
    with ctx.reading() as s:
        counter_id = s.scalar(select(Counter.id).where(Counter.code == code))
    if counter_id is None:
        sys.exit(f"Aucun guichet « {code} » sur ce serveur.")
    return counter_id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ems-sync-server", description="Service de synchronisation des guichets EMS.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("migrate", "serve", "enrol-code", "revoke"):
        command = commands.add_parser(name)
        command.add_argument("--database", required=True, help="URL de la base PostgreSQL de la ville")
        if name == "serve":
            command.add_argument("--host", default="127.0.0.1")
            command.add_argument("--port", type=int, default=8443)
            command.add_argument("--certfile", help="certificat TLS (PEM) : HTTPS")
            command.add_argument("--keyfile", help="clé privée du certificat (PEM)")
        if name in ("enrol-code", "revoke"):
            command.add_argument("--counter", required=True, help="code du guichet (ex. HDV)")
    args = parser.parse_args(argv)
    ctx = _context(args.database)
    if args.command == "migrate":
        upgrade(ctx.db.engine)
        print("Base à jour.")
    elif args.command == "enrol-code":
        from ems_desktop.sync.server.auth import issue_enrolment_code

        print(issue_enrolment_code(ctx, _counter_id(ctx, args.counter)))
    elif args.command == "revoke":
        from ems_desktop.sync.server.auth import revoke_counter

        print(f"{revoke_counter(ctx, _counter_id(ctx, args.counter))} accès révoqué(s).")
    else:
        import uvicorn

        from ems_desktop.sync.server.app import create_app

        logging.basicConfig(level=logging.INFO)
        uvicorn.run(create_app(ctx), host=args.host, port=args.port, ssl_certfile=args.certfile,
                    ssl_keyfile=args.keyfile, log_level="info")
    return 0


if __name__ == "__main__":
    sys.exit(main())
