"""The counter's start-up, from the log-in to the main window: this counter's card payments left
"sent" by a crash, past the terminal's deadline, are found in doubt; another counter's payment
under way is not touched."""

from __future__ import annotations

import datetime as dt

from ems_desktop.dates import utc_now
from ems_desktop.models import AttemptState, CardAttempt
from ems_desktop.services import agents, card_payments as cp
from ems_desktop.services.context import Actor
from tests.helpers import make_family
from tests.views.login_helpers import log_in, start_counter, top


def test_start_up_recovers_this_counters_stale_payment_only(qtbot, event_loop, tmp_path, counter_on_disk):
    from ems_desktop.views.main_window import MainWindow

    path, base, agent, here = counter_on_disk
    database = base.db
    there = agents.create_counter(base, code="GYM", name="Accueil Gymnase", number_prefix="B02")
    family = make_family(base.as_actor(Actor(agent.id, here.id)))
    ids = {}
    for counter, minutes_ago in ((here, 10), (there, 10), (here, 1)):
        ctx = base.as_actor(Actor(agent.id, counter.id))
        attempt = cp.open_attempt(ctx, family.id, cp.lines_key([str(counter.id), str(minutes_ago)]), 4000)
        cp.mark_sent(ctx, attempt.id)
        with base.unit_of_work() as uow:
            uow.session.get(CardAttempt, attempt.id).sent_at = utc_now() - dt.timedelta(minutes=minutes_ago)
        ids[(counter.number_prefix, minutes_ago)] = attempt.id

    task = start_counter(path, tmp_path / "log")
    log_in(qtbot, "c.martin", "Velo-rouge-73", counter_index=0)
    qtbot.waitUntil(lambda: top(MainWindow) is not None, timeout=15000)
    window = top(MainWindow)

    with database.read() as s:
        states = {key: s.get(CardAttempt, i).state for key, i in ids.items()}
    assert states == {("A01", 10): AttemptState.IN_DOUBT,   # this counter's, past the deadline
                      ("B02", 10): AttemptState.SENT,       # another counter's: its answer may still come
                      ("A01", 1): AttemptState.SENT}        # this counter's, still within the deadline
    window.close()
    task.cancel()
    qtbot.waitUntil(task.done, timeout=15000)
    database.dispose()
