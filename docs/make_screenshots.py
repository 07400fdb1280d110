"""The README's screenshots, taken again: the demonstration database built in a temporary folder,
the main window at 1366×768 (the counters' screen) drawn off screen, each tab in a working state.

    .venv/bin/python docs/make_screenshots.py          (every tab)
    .venv/bin/python docs/make_screenshots.py --sync   (a replica offline, with a conflict to deal with)

Nothing of the user's folders is touched (data and settings live in the temporary folder).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
WORK = Path(tempfile.mkdtemp(prefix="ems-screenshots-"))
os.environ["EMS_DATA_DIR"] = str(WORK)
os.environ["EMS_CONFIG_DIR"] = str(WORK / "config")
os.environ.pop("EMS_DATABASE_URL", None)
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests' / 'offscreen-screen.json'}"
sys.path.insert(0, str(ROOT))

import qasync  # noqa: E402  (after the environment above)
from PySide6.QtCore import Qt  # noqa: E402
from sqlalchemy import select  # noqa: E402

from ems_desktop.database.engine import demo_database_url  # noqa: E402
from ems_desktop.local_settings import LocalSettings  # noqa: E402
from ems_desktop.models import ActivityGroup, Family, Offer, Season  # noqa: E402
from ems_desktop.services import agents, checkout, enrollment  # noqa: E402
from ems_desktop.services.bootstrap import open_database  # noqa: E402
from ems_desktop.services.context import ServiceContext  # noqa: E402
from ems_desktop.services.demo import DEMO_LOGIN, DEMO_PASSWORD, ensure_demo  # noqa: E402
from ems_desktop.services.errors import DomainError  # noqa: E402
from ems_desktop.services.worker import DatabaseWorker  # noqa: E402
from ems_desktop.views.application import build_state, make_qt_application, start_terminal  # noqa: E402

app = make_qt_application()
loop = qasync.QEventLoop(app, already_running=True)
asyncio.set_event_loop(loop)
asyncio.events._set_running_loop(loop)


def pump(seconds: float = 0.5) -> None:
    """Let the window and the database worker work (a script, not a test: waiting is fine)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def run(coroutine):
    task = asyncio.ensure_future(coroutine)
    while not task.done():
        pump(0.05)
    return task.result()


def shot(widget, name: str) -> None:
    pump(0.8)
    widget.grab().save(str(OUT / name))
    print("docs/screenshots/" + name)


def family_named(ctx, name: str):
    from ems_desktop.services import families

    with ctx.reading() as s:
        family_id = s.scalar(select(Family.id).where(Family.name == name))
    return families.get_family(ctx, family_id)


def enroll_in_trimesters(ctx, family) -> list[uuid.UUID]:
    """Each child of ``family`` in the first group of their age in each trimester of 2026/2027."""
    with ctx.reading() as s:
        season_id = s.scalar(select(Season.id).where(Season.label == "2026/2027"))
        groups = s.execute(select(ActivityGroup.id, ActivityGroup.age_min, ActivityGroup.age_max, Offer.starts_on,
                                  Offer.code).join(Offer)
                           .where(Offer.season_id == season_id, Offer.kind == "trimester")
                           .order_by(Offer.position, ActivityGroup.position)).all()
        children = [(c.id, c.birth_date) for c in family.children]
    enrolled = []
    for child_id, born in children:
        taken = set()
        for group_id, low, high, starts_on, code in groups:
            age = starts_on.year - born.year - ((starts_on.month, starts_on.day) < (born.month, born.day))
            if code in taken or not low <= age <= high:
                continue
            try:
                enrolled.append(enrollment.enroll(ctx, child_id, group_id).id)
                taken.add(code)
            except DomainError:
                continue
    return enrolled


def main() -> None:
    context = ServiceContext(open_database(demo_database_url()))
    ensure_demo(context)
    agent = agents.authenticate(context, DEMO_LOGIN, DEMO_PASSWORD)
    counter = agents.list_counters(context)[0]
    local = LocalSettings()
    terminal, simulator = run(start_terminal(local, demo_database=True))
    state = build_state(context, DatabaseWorker(), agent, counter, local, terminal, simulator)
    ctx = state.context

    from ems_desktop.views.main_window import MainWindow

    window = MainWindow(state)
    window.resize(1366, 768)
    window.show()
    pump(1.5)
    window.tabs.setCurrentWidget(window.accueil)
    shot(window, "accueil.png")

    family = family_named(ctx, "Boulanger")
    ids = enroll_in_trimesters(ctx, family)
    window.tabs.setCurrentWidget(window.dossiers)
    window.dossiers.search_edit.setText("boul")
    pump(1)
    run(window.dossiers.open_family(family.id))
    shot(window, "dossiers.png")

    window.tabs.setCurrentWidget(window.enrollments)
    shot(window, "inscriptions.png")

    window.caisse.set_checkout(family.id, ids)
    window.tabs.setCurrentWidget(window.caisse)
    pump(1.5)
    cheque = window.caisse.rows[0]
    cheque.mode_combo.setCurrentIndex(cheque.mode_combo.findData("cheque"))
    due = window.caisse.due_cents
    cheque.amount_edit.setText(f"{(due - 5000) // 100},00")
    cheque.cheque_number.setText("4512399")
    cheque.cheque_bank.setText("Crédit Agricole des Savoie")
    window.caisse.add_row("ancv", 5000).cheque_number.setText("123456 à 123460")
    shot(window, "caisse.png")

    tenders = [checkout.Tender("cheque", due - 5000, "4512399", "Crédit Agricole des Savoie"),
               checkout.Tender("ancv", 5000, "123456 à 123460")]
    window.caisse.clear()
    paid = checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids, tenders)
    # The checkout's one ticket (cheque and ANCV together) as a PDF beside the screenshots.
    from ems_desktop.services import documents

    ticket = documents.checkout_ticket_pdf(ctx, [p.id for p in paid.payments])
    (WORK / "ticket.pdf").write_bytes(ticket)
    print(f"ticket PDF: {WORK / 'ticket.pdf'} (docs/screenshots/ticket.png is its page, e.g. with pdftoppm)")
    window.tabs.setCurrentWidget(window.planning)
    pump(1)
    children = window.planning.child_combo
    children.setCurrentIndex(max(0, children.findText("Isaac", flags=Qt.MatchFlag.MatchStartsWith)))
    pump(1)
    # The month of the next sessions, a Wednesday selected.
    window.planning.calendar.setCurrentPage(2027, 1)
    shot(window, "planning.png")
    window.tabs.setCurrentWidget(window.facturation)
    pump(1.5)
    shot(window, "facturation.png")
    window.close()
    if simulator is not None:
        run(simulator.stop())


def sync_screenshot() -> None:
    """The Accueil of a counter working offline: its status bar, and a conflict the server recorded."""
    import datetime as dt

    from ems_desktop.models.sync import ConflictKind, SyncConflict
    from ems_desktop.sync.runner import SyncStatus
    from ems_desktop.views.main_window import MainWindow

    context = ServiceContext(open_database(demo_database_url()))
    ensure_demo(context)
    context.outbox = True
    agent = agents.authenticate(context, DEMO_LOGIN, DEMO_PASSWORD)
    counter = agents.list_counters(context)[0]
    state = build_state(context, DatabaseWorker(), agent, counter, LocalSettings())
    now = dt.datetime.now(dt.UTC)
    family = family_named(state.context, "Boulanger")
    with context.db.session() as s:
        s.add(SyncConflict(id=uuid.uuid4(), kind=ConflictKind.OVER_CAPACITY, status="open", entity="enrollment",
                           family_id=family.id, origin_counter_id=counter.id, created_at=now - dt.timedelta(minutes=7),
                           message="7/11 ans Escalade : 17 inscrit(s) pour 16 place(s) — inscription de Hugo "
                                   "Boulanger payée hors ligne (B01-F000213).", details={}, resolution=""))
    window = MainWindow(state)
    window.resize(1366, 768)
    window.show()
    pump(1.5)
    state.signals.sync_status.emit(SyncStatus(online=False, offline_since=now - dt.timedelta(minutes=38)))
    window.tabs.setCurrentWidget(window.accueil)
    shot(window, "accueil-sync.png")
    window.close()


if __name__ == "__main__":
    sync_screenshot() if "--sync" in sys.argv else main()
