"""``ems-desktop --self-test``: does this installation work, packaged or not? In a temporary folder
(the user's data untouched): a database created and migrated, the demonstration's catalog and
families built (school holidays, prices), a ticket and an invoice rendered (reportlab, the fonts),
a card payment through the terminal simulator on loopback, the main window opened offscreen and
closed (Qt, its French translations). One French line per step; exit 0 when all passed, else 1
with what failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path


class Steps:
    """Runs the steps in order, says each one, stops at the first that fails."""

    def __init__(self, out=None) -> None:
        self.out = out or sys.stdout
        self.failed: list[str] = []

    def run(self, label: str, step: Callable[[], object]) -> bool:
        if self.failed:
            return False
        started = time.perf_counter()
        try:
            detail = step()
        except Exception as exc:  # noqa: BLE001 - the self-test reports whatever broke
            self.failed.append(label)
            self.say(f"ÉCHEC  {label} : {type(exc).__name__}: {exc}")
            self.say("".join(traceback.format_exception(exc)).rstrip())
            return False
        elapsed = (time.perf_counter() - started) * 1000
        self.say(f"ok     {label} ({elapsed:.0f} ms){f' — {detail}' if detail else ''}")
        return True

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)


def run_self_test(out=None) -> int:
    steps = Steps(out)
    with tempfile.TemporaryDirectory(prefix="ems-self-test-") as folder:
        root = Path(folder)
        # Everything this run writes stays in the temporary folder.
        os.environ["EMS_DATA_DIR"] = str(root / "donnees")
        os.environ["EMS_CONFIG_DIR"] = str(root / "config")
        os.environ["EMS_LOG_DIR"] = str(root / "journaux")
        os.environ.pop("EMS_DATABASE_URL", None)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ["QT_API"] = "pyside6"
        state: dict = {}

        def database():
            from ems_desktop.database.engine import sqlite_url
            from ems_desktop.database.migrate import current_revision
            from ems_desktop.services.bootstrap import open_database
            from ems_desktop.services.context import ServiceContext

            state["context"] = ServiceContext(open_database(sqlite_url(root / "auto-test.sqlite3")))
            return f"schéma {current_revision(state['context'].db.engine)}"

        def demonstration():
            from ems_desktop.services import grid
            from ems_desktop.services.demo import ensure_demo

            ensure_demo(state["context"])
            seasons = grid.list_seasons(state["context"])
            return f"{len(seasons)} saisons, catalogue et familles de démonstration"

        def sessions():
            from ems_desktop.services import grid, planning

            season = grid.list_seasons(state["context"])[-1]
            schedules = planning.season_schedules(state["context"], season.id)
            held = sum(len(s.held_days) for s in schedules.values())
            if not held:
                raise RuntimeError("aucune séance calculée : données des vacances scolaires absentes ?")
            return f"{held} séances de {season.label} (vacances zone {season.holiday_zone})"

        def documents():
            from sqlalchemy import select

            from ems_desktop.models import Invoice, Payment
            from ems_desktop.reports import render_invoice, render_ticket
            from ems_desktop.services import documents as docs

            ctx = state["context"]
            with ctx.reading() as s:
                invoice_id = s.scalar(select(Invoice.id).limit(1))
                payment_id = s.scalar(select(Payment.id).limit(1))
            invoice = render_invoice(docs.invoice_document(ctx, invoice_id))
            ticket = render_ticket(docs.ticket_document(ctx, payment_id))
            if not (invoice.startswith(b"%PDF") and ticket.startswith(b"%PDF")):
                raise RuntimeError("les PDF rendus ne sont pas des PDF")
            return f"facture {len(invoice)} octets, ticket {len(ticket)} octets"

        def card_payment():
            import asyncio

            from ems_desktop.terminal.client import CaisseApIpTerminal, TerminalRequest
            from ems_desktop.terminal.simulator import TEST_CARDS, TerminalSimulator

            async def pay():
                async with TerminalSimulator(port=0, auto_card=TEST_CARDS[0].number) as simulator:
                    terminal = CaisseApIpTerminal("127.0.0.1", simulator.port)
                    return await terminal.transact(TerminalRequest(100, "debit", "auto-test"))

            result = asyncio.run(pay())
            if not result.accepted:
                raise RuntimeError(f"paiement non accepté : {result.message_fr}")
            return f"1,00 € accepté par le simulateur ({result.masked_pan})"

        def main_window():
            from ems_desktop.local_settings import LocalSettings
            from ems_desktop.services import agents
            from ems_desktop.services.demo import DEMO_LOGIN, DEMO_PASSWORD
            from ems_desktop.services.worker import DatabaseWorker
            from ems_desktop.views.application import build_state, counter_event_loop
            from ems_desktop.views.main_window import MainWindow

            ctx = state["context"]
            agent = agents.authenticate(ctx, DEMO_LOGIN, DEMO_PASSWORD)
            counter = agents.list_counters(ctx)[0]
            loop = counter_event_loop()
            worker = DatabaseWorker()

            async def show() -> str:
                import asyncio

                from ems_desktop.views.i18n import qt_speaks_french

                # Qt's own French (its buttons), from the translations shipped with it.
                if not qt_speaks_french():
                    raise RuntimeError("traductions françaises de Qt absentes (ses boutons restent en anglais)")
                window = MainWindow(build_state(ctx, worker, agent, counter, LocalSettings()))
                window.show()
                await asyncio.wait_for(window.ready(), 30)
                title = window.windowTitle()
                tabs = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
                window.close()
                return f"« {title} », onglets {', '.join(tabs)}, boutons de Qt en français"

            try:
                with loop:
                    return loop.run_until_complete(show())
            finally:
                worker.shutdown()

        steps.run("base de données créée et mise à jour", database)
        steps.run("catalogue et familles de démonstration", demonstration)
        steps.run("séances d'une saison (vacances scolaires et jours fériés)", sessions)
        steps.run("facture et ticket en PDF", documents)
        steps.run("paiement par carte avec le simulateur de TPE", card_payment)
        steps.run("fenêtre principale ouverte puis fermée", main_window)
        if "context" in state:
            state["context"].db.dispose()
    if steps.failed:
        steps.say(f"Auto-test : ÉCHEC ({', '.join(steps.failed)}).")
        return 1
    steps.say("Auto-test : tout fonctionne.")
    return 0
