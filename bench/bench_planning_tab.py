"""Planning: session dates of a whole season through the service (about 200 groups, holiday data
and exceptions read from the database, nothing cached), and painting a month of the calendar with
its marks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bench.harness import Figure, french_qt_app, median, timings_ms
from ems_desktop.models import ActivityGroup, Offer, Season
from ems_desktop.services.bootstrap import open_database
from ems_desktop.services.context import ServiceContext
from ems_desktop.services.planning import season_schedules


def run() -> list[Figure]:
    from bench.dataset import ensure_dataset

    database = open_database(f"sqlite:///{ensure_dataset()}")
    ctx = ServiceContext(database)
    with ctx.reading() as s:
        season_id = s.scalar(select(Season.id).order_by(Season.starts_on.desc()))
        assert season_id is not None, "the dataset has seasons"
        groups = s.scalar(select(func.count()).select_from(ActivityGroup).join(Offer)
                          .where(Offer.season_id == season_id))

    def cold() -> None:
        ctx.cache.clear()
        season_schedules(ctx, season_id)

    dates = timings_ms(cold, repeat=30)
    database.dispose()
    return [
        Figure(f"session dates of a whole season ({groups} groups, cold, median)", median(dates), 50.0),
        Figure("paint a month of the planning calendar with its marks (median)", median(_paint()), 16.0),
    ]


def _paint() -> list[float]:
    french_qt_app()
    from PySide6.QtGui import QPixmap

    from ems_desktop.views.planning_tab import CANCELLED, CONFIRMED, PENDING, PlanningCalendar

    calendar = PlanningCalendar()
    calendar.resize(800, 520)
    first = dt.date(2026, 9, 16)
    marks = {first + dt.timedelta(days=7 * i): [CONFIRMED, PENDING] for i in range(12)}
    marks[first + dt.timedelta(days=14)] = [CANCELLED]
    # The text at the foot of the cells too: the activity, or why a Wednesday has no session.
    notes = {day: ("VTT ou initiation bowling", False) for day in marks}
    notes[dt.date(2026, 10, 21)] = ("Vacances de la Toussaint", True)
    calendar.set_marks(marks, {day: "7/11 ans VTT ou initiation bowling" for day in marks}, notes)
    calendar.setCurrentPage(2026, 10)
    pixmap = QPixmap(calendar.size())
    return timings_ms(lambda: calendar.render(pixmap), repeat=60, warmup=5)
