"""Small builders shared by tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ems_desktop.models import ActivityGroup, Offer
from ems_desktop.services import families
from ems_desktop.services.context import ServiceContext


# The seed's three groups for Lise-Roxelane (1er, 2ème, 3ème trimestre 2017/2018).
SEED_GROUPS = (("EMS-2017-T1", "7/11 ans VTT ou initiation bowling"), ("EMS-2017-T2", "7/10 ans Tir à l'arc"),
               ("EMS-2017-T3", "9/11 ans Roller"))


def make_family(ctx: ServiceContext, name: str = "Berthier", children=(("Lise-Roxelane", dt.date(2009, 2, 14)),),
                quotient: int | None = None, **extra) -> families.FamilyView:
    return families.create_family(ctx, families.FamilyInput(
        name=name,
        guardians=(families.GuardianInput("Claire", name, is_payer=True, phone_mobile="06 12 34 56 78"),),
        children=tuple(families.ChildInput(first, name, birth) for first, birth in children),
        quotient=quotient, **extra,
    ))


def group_id(ctx: ServiceContext, offer_code: str, label: str):
    with ctx.reading() as s:
        return s.scalar(select(ActivityGroup.id).join(Offer).where(Offer.code == offer_code, ActivityGroup.label == label))


def ticket_time_of(ctx, attempt_id) -> str:
    """The time the terminal prints on its ticket: that of the request (Paris), hh:mm."""
    from ems_desktop.dates import to_local
    from ems_desktop.services import card_payments

    attempt = card_payments.get_attempt(ctx, attempt_id)
    return f"{to_local(attempt.sent_at or attempt.created_at):%H:%M}"


# Tests whose processes must agree on the time (holds expire in real minutes) run on real time moved
# back to the seed's day, so the 2017/2018 catalog's trimesters are still open (a finished
# trimester takes no enrollment). The shift is whole days, computed once and handed to the child
# processes through the environment so every process reads the same clock.
SHIFT_ENV = "EMS_TESTS_CLOCK_SHIFT_DAYS"


def seed_day_shift() -> "dt.timedelta":
    import datetime as dt
    import os

    if SHIFT_ENV not in os.environ:
        os.environ[SHIFT_ENV] = str((dt.datetime.now(dt.timezone.utc).date() - dt.date(2017, 6, 21)).days)
    return dt.timedelta(days=int(os.environ[SHIFT_ENV]))


def real_time_on_the_seed_day():
    """A clock ticking in real time, on the seed's day (21/06/2017 or so)."""
    import datetime as dt

    shift = seed_day_shift()
    return lambda: dt.datetime.now(dt.timezone.utc) - shift


def fake_lp(tmp_path, monkeypatch, answer: str = "request id is Accueil-1"):
    """CUPS' ``lp`` replaced by a stand-in on the PATH that writes its arguments, one a line, to the
    returned file and answers ``answer``."""
    import stat

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "lp.log"
    lp = bin_dir / "lp"
    lp.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {log}\necho "{answer}"\n')
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bin_dir))
    return log


def damage_an_index_page(path) -> None:
    """A SQLite file left readable, but the root page of one of the families' indexes claims 65,535
    cells: only a full integrity check notices."""
    import sqlite3

    connection = sqlite3.connect(path)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'families' "
                              "ORDER BY name LIMIT 1").fetchone()[0]
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size + 3)
        f.write(b"\xff\xff")
