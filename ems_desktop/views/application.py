"""Start-up: Qt in French on a qasync loop, the database opened (and upgraded) on the database
worker, first-run or log-in, then the main window.

The database is opened before Qt and the screens are imported (``begin_start``) on the database
worker, while this thread imports the interface; the file's full check (``PRAGMA quick_check``, 0.6 s
at 50,000 families, up to a minute at 200,000 on a counter just switched on) goes on in the
background during the log-in, and a damaged file stops the counter with a blocking dialog. Hence the
imports inside the functions below: this module itself loads only what opening the database needs."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ems_desktop import config
from ems_desktop.database.engine import default_database_url, demo_database_url
from ems_desktop.local_settings import LocalSettings, LocalSettingsUnreadable
from ems_desktop.logging_setup import setup_logging
from ems_desktop.services.bootstrap import CannotOpenDatabase, open_database
from ems_desktop.services.worker import DatabaseWorker

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from ems_desktop.services.context import ServiceContext
    from ems_desktop.views.app_state import AppState
    from ems_desktop.views.errors import ErrorReporter

log = logging.getLogger(__name__)


@dataclass
class Start:
    """What the start-up began before Qt and the screens were imported (``begin_start``)."""

    local: LocalSettings | None = None
    unreadable: LocalSettingsUnreadable | None = None  # this counter's settings file cannot be used
    worker: DatabaseWorker | None = None
    opening: Future | None = None  # the ServiceContext, opened on the database worker


def begin_start(url: str) -> Start:
    """This counter's settings read (before the database is touched: a counter unsure of its
    terminal does not start), then the database opened on the database worker; meanwhile this
    thread goes on loading the application."""
    try:
        local = LocalSettings()
    except LocalSettingsUnreadable as unreadable:
        return Start(unreadable=unreadable)
    worker = DatabaseWorker()
    # DatabaseWorker.run needs an event loop, hence Qt: a start-up thread hands the opening to the
    # worker and waits for it.
    handing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ems-start")
    opening = handing.submit(worker.run_blocking, _open, url)
    handing.shutdown(wait=False)
    # What the opening needs after the check, loaded here meanwhile and in the order it needs them:
    # Alembic (~100 ms) for the upgrade, the models, the services' context.
    import ems_desktop.database.migrate  # noqa: F401  (loaded here meanwhile, see above)
    import ems_desktop.models  # noqa: F401  (loaded here meanwhile, see above)
    import ems_desktop.services.context  # noqa: F401  (loaded here meanwhile, see above)
    return Start(local=local, worker=worker, opening=opening)


def load_interface() -> None:
    """Qt and the screens, imported while the database worker checks the file. The automatic
    collector stops first (its ~270 collections during the start-up's imports cost ~90 ms):
    MainThreadGarbageCollector collects on the GUI thread once the application runs."""
    gc.disable()
    import ems_desktop.views  # noqa: F401  (first: PySide6's source scan replaced, views/pyside_source_scan.py)

    # isort: split
    import qasync  # noqa: F401  (loaded now, used once the window runs)

    from ems_desktop.views import errors, main_thread_gc, main_window  # noqa: F401  (loaded now, used later)


def make_qt_application() -> QApplication:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ems_desktop.paths import RESOURCES
    from ems_desktop.views.i18n import install_french

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)  # the counter's application is a widgets one
    app.setApplicationName("EMS Desktop")
    app.setOrganizationName("EMS")
    icon = RESOURCES / "icons" / "ems.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_french(app)
    return app


def _open(url: str) -> ServiceContext:
    # The file's full check goes on in the background while the agent logs in (writes wait for it).
    database = open_database(url, check_in_background=True)
    from ems_desktop.services.context import ServiceContext  # loaded meanwhile by begin_start

    return ServiceContext(database)


async def sign_in(context: ServiceContext, worker: DatabaseWorker, local: LocalSettings, demo: bool = False):
    """First-run dialog on an empty database, else the log-in dialog. None if the agent quits."""
    from PySide6.QtWidgets import QApplication

    from ems_desktop.services import agents
    from ems_desktop.services.demo import DEMO_LOGIN, DEMO_PASSWORD
    from ems_desktop.views.async_tools import dialog_result
    from ems_desktop.views.login import FirstRunDialog, LoginDialog

    if await worker.run(agents.needs_first_run, context):
        first_run = FirstRunDialog(setup=lambda **values: worker.run(agents.first_run, context, **values))
        if await dialog_result(first_run) != FirstRunDialog.DialogCode.Accepted:
            return None
        return first_run.agent, first_run.counter
    counters = await worker.run(agents.list_counters, context)
    if context.outbox and local.get(config.COUNTER_ID):
        # A replica works for the counter it was installed as: its operations go in that counter's stream.
        counters = [c for c in counters if str(c.id) == local.get(config.COUNTER_ID)] or counters
    dialog = LoginDialog(
        authenticate=lambda login, password: worker.run(agents.authenticate, context, login, password),
        counters=counters, preferred_counter_id=local.get(config.COUNTER_ID),
        last_login=local.get(config.LAST_LOGIN) or (DEMO_LOGIN if demo else ""), database_label=context.db.describe(),
        hint=(QApplication.translate("LoginDialog",
                                     "Démonstration : identifiant «\u00a0%1\u00a0», mot de passe «\u00a0%2\u00a0».")
              .replace("%1", DEMO_LOGIN).replace("%2", DEMO_PASSWORD.replace("-", "\u2011"))) if demo else "",
    )
    if await dialog_result(dialog) != LoginDialog.DialogCode.Accepted:
        return None
    agent, counter = dialog.agent, dialog.counter
    assert agent is not None and counter is not None  # an accepted log-in has both
    if agent.must_change_password:
        # A provisional password given by an administrator: a new one before anything else.
        from ems_desktop.services.context import Actor
        from ems_desktop.views.agents_dialog import ChangePasswordDialog

        acting = context.as_actor(Actor(agent_id=agent.id, counter_id=counter.id))
        change = ChangePasswordDialog(lambda current, new, confirmation: worker.run(
            agents.change_own_password, acting, current, new, confirmation))
        change.setObjectName("change_password")
        if await dialog_result(change) != ChangePasswordDialog.DialogCode.Accepted:
            return None
    return agent, counter


def build_state(context: ServiceContext, worker: DatabaseWorker, agent, counter, local: LocalSettings,
                terminal=None, simulator=None, sync=None, mailer=None) -> AppState:
    from ems_desktop.services.context import Actor
    from ems_desktop.views.app_state import AppState, ChangeSignals

    acting = context.as_actor(Actor(agent_id=agent.id, counter_id=counter.id))
    signals = ChangeSignals()
    acting.bus.subscribe(signals.relay)
    if sync is not None:
        sync.status_listeners.append(signals.sync_status.emit)
    if mailer is not None:  # the network back (the sync online again, the base reachable again): e-mails go at once
        signals.database_reachable.connect(lambda reachable, _detail: mailer.network_seen(reachable, "database"))
        if sync is not None:
            sync.status_listeners.append(lambda status: mailer.network_seen(status.online, "sync"))
    return AppState(context=acting, worker=worker, agent=agent, counter=counter, local=local, signals=signals,
                    terminal=terminal, simulator=simulator, sync=sync, mailer=mailer)


def start_mailer(context: ServiceContext, worker: DatabaseWorker, counter, local: LocalSettings):
    """The sender of this counter's e-mails to families, on a thread of its own (the SMTP talk never
    runs on the window's thread); its database steps run on the database worker. Woken by every
    message queued; otherwise it looks at the outbox when the next message is due, every minute at
    most. Messages a crash left « sending » go out again first."""
    from ems_desktop.services.context import Actor
    from ems_desktop.services.message_sender import MessageSender

    mailer = MessageSender(context.as_actor(Actor(counter_id=counter.id)), lambda: local.get(config.SMTP_PASSWORD),
                           db_call=worker.run_blocking)
    context.bus.subscribe(mailer.on_changes)
    mailer.start()
    return mailer


def start_sync(context: ServiceContext, worker: DatabaseWorker, counter, local: LocalSettings):
    """The background sync of a replica whose server is configured (None otherwise): it pushes after
    each commit and pulls by long-poll; its database steps run on the database worker."""
    url, token = local.get(config.SYNC_SERVER_URL), local.get(config.SYNC_TOKEN)
    if not context.outbox or not url or not token:
        return None
    from ems_desktop.services.context import Actor
    from ems_desktop.sync.client import tls_verification
    from ems_desktop.sync.runner import SyncLoop

    sync = SyncLoop(context.as_actor(Actor(counter_id=counter.id)), url, token,
                    db_call=worker.run_blocking, verify=tls_verification(local.get(config.SYNC_CA_FILE)))
    context.bus.subscribe(lambda _changes: sync.committed())
    sync.start()
    log.info("synchronisation avec %s démarrée", url)
    return sync


async def start_terminal(local: LocalSettings, demo_database: bool):
    """(terminal, simulator) as this counter's settings say: a real terminal at its address
    ("tpe"), the built-in simulator on 127.0.0.1 ("simulateur"; it speaks the same Caisse-AP
    protocol, so the same client drives both), or nothing configured — then the simulator on the
    demonstration database only, and no terminal at all anywhere else (the Caisse says so and takes
    no card). The simulator's approvals are no money: outside the demonstration database the card
    payment service refuses them."""
    from ems_desktop.terminal.client import CaisseApIpTerminal
    from ems_desktop.terminal.simulator import TerminalSimulator

    mode = local.get(config.TERMINAL_MODE)
    if mode == config.TERMINAL_REAL:
        host = local.get(config.TERMINAL_HOST)
        if not host:
            log.warning("TPE sans adresse dans %s : aucun terminal", local.path)
            return None, None
        return CaisseApIpTerminal(host, local.get(config.TERMINAL_PORT)), None
    if mode == config.TERMINAL_SIMULATOR or demo_database:
        if mode == config.TERMINAL_SIMULATOR and not demo_database:
            log.warning("simulateur de TPE choisi sur une base réelle : aucun paiement par carte ne passera")
        simulator = TerminalSimulator(port=0)
        await simulator.start()
        return CaisseApIpTerminal("127.0.0.1", simulator.port), simulator
    return None, None


# The exit codes of a start refused because the database, or this counter's settings file, cannot
# be used.
EXIT_DATABASE_UNUSABLE = 2
EXIT_LOCAL_SETTINGS_UNREADABLE = 3


async def refuse_to_start(message: str, detail: str = "", *, title: str = "",
                          name: str = "database_unusable", code: int = EXIT_DATABASE_UNUSABLE) -> int:
    """A blocking French dialog saying why the counter cannot start and what to do; then the
    application ends with a non-zero exit code (never "continue working" on a damaged base)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ems_desktop.views.async_tools import dialog_result

    title = title or QApplication.translate("Startup", "Base de données inutilisable")
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Close)
    box.setObjectName(name)
    if detail:
        box.setDetailedText(detail)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    await dialog_result(box)
    return code


async def run_counter(url: str, demo: bool, reporter: ErrorReporter, start: Start | None = None) -> int:
    """The counter's life: the database opened (``start``, begun by the caller, or here), log-in,
    the main window until the agent quits; the exit code."""
    start = start or begin_start(url)
    from PySide6.QtWidgets import QApplication

    if start.unreadable is not None:
        unreadable = start.unreadable
        log.error("démarrage refusé : %s (%s)", unreadable, unreadable.detail)
        return await refuse_to_start(str(unreadable), unreadable.detail,
                                     title=QApplication.translate("Startup", "Paramètres du poste illisibles"),
                                     name="local_settings_unreadable", code=EXIT_LOCAL_SETTINGS_UNREADABLE)
    local, worker, opening = start.local, start.worker, start.opening
    assert local is not None and worker is not None and opening is not None  # set once the settings were read
    try:
        try:
            context = await asyncio.wrap_future(opening)
        except CannotOpenDatabase as refused:
            log.error("démarrage refusé : %s (%s)", refused, refused.detail)
            return await refuse_to_start(str(refused), refused.detail)
        # The counter's life runs beside the file's background check: a damaged file ends it, at
        # the log-in or in the main window, with the same blocking dialog as at the start.
        life = asyncio.ensure_future(_counter_life(context, worker, local, demo, reporter))
        verdict = asyncio.ensure_future(_integrity_problem(context))
        await asyncio.wait([life, verdict], return_when=asyncio.FIRST_COMPLETED)
        if not life.done() and verdict.result() is None:
            await asyncio.wait([life])  # sound: the verdict has no more to say
        if life.done():
            verdict.cancel()
            return life.result()
        damaged = verdict.result()
        for widget in QApplication.topLevelWidgets():  # the log-in or the main window: nothing more is done there
            widget.hide()
        life.cancel()
        await asyncio.wait([life])
        log.error("poste arrêté : %s (%s)", damaged, damaged.detail)
        return await refuse_to_start(str(damaged), damaged.detail)
    finally:
        worker.shutdown()


async def _integrity_problem(context: ServiceContext):
    """None once the file is known sound, or the DatabaseUnusable its background check found."""
    from ems_desktop.database.integrity import DatabaseUnusable

    check = context.db.integrity
    if check is None:
        return None
    try:
        await asyncio.wrap_future(check.verdict)
    except DatabaseUnusable as damaged:
        return damaged
    except asyncio.CancelledError:
        if check.verdict.cancelled():  # the check was stopped: the counter is closing
            return None
        raise
    return None


async def _once_sound(context: ServiceContext, then) -> None:
    """``then()`` once the background check found the file sound (at once without a check)."""
    if await _integrity_problem(context) is None:
        then()


async def _counter_life(context: ServiceContext, worker: DatabaseWorker, local: LocalSettings, demo: bool,
                        reporter: ErrorReporter) -> int:
    """Log-in, then the main window until the agent quits (or locks and another agent logs in)."""
    from PySide6.QtWidgets import QApplication

    from ems_desktop.services import card_payments, settings
    from ems_desktop.services.context import Actor
    from ems_desktop.services.demo import ensure_demo
    from ems_desktop.views import backup_dialogs
    from ems_desktop.views.main_window import MainWindow

    if demo:
        # Not in the opening: it may import services that this thread is importing meanwhile.
        await worker.run(ensure_demo, context)
    context.outbox = local.get(config.SYNC_ROLE) == config.SYNC_COUNTER  # a replica writes its outbox
    # The demonstration's database (also a replica of it, make demo-sync): the log-in's hint, the simulator.
    demo_database = await worker.run(settings.is_demo, context)
    signed_in = await sign_in(context, worker, local, demo or demo_database)
    if signed_in is None:
        return 0
    agent, counter = signed_in
    local.set(config.COUNTER_ID, str(counter.id))
    local.set(config.LAST_LOGIN, agent.login)
    local.save()
    log.info("agent %s connecté au guichet %s", agent.login, counter.number_prefix)
    # This counter's card payments interrupted by a crash are found in doubt before anything else.
    await worker.run(card_payments.recover_interrupted, context.as_actor(Actor(agent.id, counter.id)))
    # The simulator on the demonstration database (the mark ensure_demo writes; the card payment
    # service reads the same mark to accept the simulator's approvals), or where asked for.
    terminal, simulator = await start_terminal(local, demo_database=demo_database)
    sync = start_sync(context, worker, counter, local)
    mailer = start_mailer(context, worker, counter, local)
    journal_check = daily_backup = None
    try:
        window = MainWindow(build_state(context, worker, agent, counter, local, terminal, simulator, sync, mailer))
        reporter._parent = lambda: window
        window.show()
        window.activateWindow()  # the keyboard goes to the counter's window once the log-in closes
        # Once a day, on the database worker; once the file is known sound (a copy of a damaged file
        # is no backup, and both read the whole file).
        daily_backup = asyncio.ensure_future(_once_sound(context, lambda: backup_dialogs.start_daily_backup(window)))
        # The journal's hash chains, verified in the background (reads only, on a thread of its own): a
        # broken link is written to the log and shown to the agent; the counter goes on working. It
        # starts once the first screen shows its data: seconds of Python on a large base (4 s of CPU at
        # 50,000 families) would otherwise share the GIL with that first screen.
        journal_check = asyncio.ensure_future(check_journal_after_first_screen(lambda: window, context))
        while True:
            closed, locked = asyncio.Event(), asyncio.Event()
            window.destroyed.connect(closed.set)
            window.closed.connect(closed.set)
            window.lock_requested.connect(locked.set)
            app = QApplication.instance()
            assert isinstance(app, QApplication)
            app.lastWindowClosed.connect(closed.set)
            await asyncio.wait([asyncio.ensure_future(closed.wait()), asyncio.ensure_future(locked.wait())],
                               return_when=asyncio.FIRST_COMPLETED)
            if not locked.is_set():
                break
            # Changer d'agent / verrouiller: the window hides behind the log-in dialog.
            window.hide()
            signed_in = await sign_in(context, worker, local, demo)
            if signed_in is None:
                window.close()
                break
            if (signed_in[0].id, signed_in[1].id) == (agent.id, counter.id):
                window.show()  # the same agent comes back: the window as it was
                window.activateWindow()
                continue
            if signed_in[1].id != counter.id:  # another counter's e-mails: its own sender
                mailer.stop(wait=False)
                mailer = start_mailer(context, worker, signed_in[1], local)
            agent, counter = signed_in
            log.info("agent %s connecté au guichet %s", agent.login, counter.number_prefix)
            window.close()
            window.deleteLater()
            window = MainWindow(build_state(context, worker, agent, counter, local, terminal, simulator, sync, mailer))
            reporter._parent = lambda: window  # noqa: B023  # late binding meant: the window of the moment
            window.show()
            window.activateWindow()
        return backup_dialogs.exit_code(window)  # backups.EXIT_RESTART after a restore
    finally:
        for task in (journal_check, daily_backup):
            if task is not None:
                task.cancel()
        if sync is not None:
            sync.stop(wait=False)  # its threads end on their own (a long-poll may take a moment)
        mailer.stop(wait=False)  # a message cut mid-way goes again at the next start (same Message-ID)
        if simulator is not None:
            await simulator.stop()


# How long the journal's check waits for the first screen (a screen whose first read failed never says so).
FIRST_SCREEN_WAIT_S = 10.0


async def check_journal_after_first_screen(window, context):
    """Once the window of the moment (``window()``) shows its first screen's data (or after
    FIRST_SCREEN_WAIT_S): the start-up's objects set aside from the collector, then the
    journal's start-up check (``warn_if_journal_broken``)."""
    from ems_desktop.views.journal_dialog import warn_if_journal_broken
    from ems_desktop.views.main_thread_gc import set_start_up_aside

    with contextlib.suppress(TimeoutError, RuntimeError):  # RuntimeError: the window was deleted meanwhile
        await asyncio.wait_for(window().ready(), FIRST_SCREEN_WAIT_S)
    set_start_up_aside()
    return await warn_if_journal_broken(window, context)


def counter_event_loop():
    """The Qt application of a counter and its asyncio loop (qasync), as the counter runs them:
    the coroutine decides when the application ends, cycles are freed on the GUI thread only."""
    import qasync

    from ems_desktop.views.main_thread_gc import MainThreadGarbageCollector

    app = make_qt_application()
    app.setQuitOnLastWindowClosed(False)
    app.garbage_collector = MainThreadGarbageCollector(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    return loop


def run_application(*, database_url: str | None, demo: bool) -> int:
    log_path = setup_logging()
    if demo and database_url:  # the command line refuses it already (the demo would be written into that base)
        raise ValueError("--demo ouvre la base de démonstration, pas une base désignée")
    url = demo_database_url() if demo else (database_url or default_database_url())
    start = begin_start(url)
    load_interface()
    from ems_desktop.views.errors import ErrorReporter

    loop = counter_event_loop()
    reporter = ErrorReporter(log_path)
    reporter.install()
    with loop:
        code = loop.run_until_complete(run_counter(url, demo, reporter, start))
    from ems_desktop.services import backups
    restart = backups.restart_command(code)  # after a restore: the same command, started again
    if restart:
        backups.restart(restart)
    return code
