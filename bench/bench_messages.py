"""E-mails to families (``python -m bench.run messages``): 200 invoices e-mailed — each queued (its
duplicata rendered to PDF, the message filled from its template and stored in the outbox, one
transaction) then sent by the outbox to a local SMTP server (aiosmtpd on 127.0.0.1, in this
process), as the counter's sender does: each message marked « sending » and committed, handed to
the server, marked « sent ».

Figures per message, median and 95th percentile. Floors, measured in the same run on the same
messages: for the queue, the invoice's PDF rendered from its data already read (the part of the
work no outbox can avoid); for the send, smtplib alone handing the same pre-built message to the
same server over one connection. Then the process's own peak memory (VmHWM: ``ru_maxrss`` would
count the parent's).

The database is a fresh SQLite file of 200 families with an invoice each, not the large dataset:
queueing reads one invoice, one family and the settings by key, and the outbox holds only what
this counter wrote, so neither figure depends on the size of the town (the dataset stays
untouched: this benchmark writes).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import shutil
import smtplib
import tempfile
import time
import uuid
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path

from bench.harness import Figure, median, peak_memory_mb, percentile

MESSAGES = 200
QUEUE_TARGET_MS = 100.0  # the agent's « Envoyer par e-mail », answered from the database worker
SEND_TARGET_MS = 50.0    # per message, in the background, to a server on the counter's network
PEAK_TARGET_MB = 250.0



def _invoiced_families(ctx, count: int) -> list[uuid.UUID]:
    """``count`` families with an e-mail address, each with one invoice of one enrollment."""
    from sqlalchemy import select

    from ems_desktop.models import ActivityGroup, Offer
    from ems_desktop.paths import CATALOGS
    from ems_desktop.services import catalog, checkout, enrollment, families

    catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv")
    with ctx.db.session() as s:  # room for every child: the benchmark measures e-mails, not places
        group = s.scalar(select(ActivityGroup).join(Offer).where(
            Offer.code == "EMS-2017-T1", ActivityGroup.label == "7/11 ans VTT ou initiation bowling"))
        group.capacity, group_id = 9999, group.id
    invoices = []
    for n in range(count):
        name = "Dupont-" + "".join(chr(ord("a") + n // 26 ** k % 26) for k in (2, 1, 0)).capitalize()  # Dupont-Aab…
        family = families.create_family(ctx, families.FamilyInput(
            name=name, email=f"famille{n:03d}@example.fr",
            guardians=(families.GuardianInput("Claire", name, is_payer=True),),
            children=(families.ChildInput("Lise", name, dt.date(2009, 2, 14)),)))
        enrolled = enrollment.enroll(ctx, family.children[0].id, group_id)
        invoice_id = checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, [enrolled.id], []).invoice_id
        assert invoice_id is not None, "an enrollment checked out is invoiced"
        invoices.append(invoice_id)
    return invoices


def run() -> list[Figure]:
    from ems_desktop.database.engine import Database, sqlite_url
    from ems_desktop.database.migrate import upgrade
    from ems_desktop.reports import render_invoice
    from ems_desktop.services import agents, mail_settings, messages
    from ems_desktop.services.context import Actor, ServiceContext
    from ems_desktop.services.documents import invoice_document
    from tests.mail_server import MailServer

    folder = Path(tempfile.mkdtemp(prefix="ems-bench-messages-"))
    database = Database(sqlite_url(folder / "messages.sqlite3"))
    server = MailServer()
    server.start()
    try:
        upgrade(database.engine)
        now = dt.datetime(2017, 6, 21, 13, 0, tzinfo=dt.UTC)  # the seed's day: its catalog is open
        base = ServiceContext(database, clock=lambda: now)
        agent, counter = agents.first_run(base, counter_name="Accueil", number_prefix="A01",
                                          display_name="Claire Martin", login="c.martin", password="Velo-rouge-73",
                                          confirmation="Velo-rouge-73")
        ctx = base.as_actor(Actor(agent.id, counter.id))
        mail_settings.save_mail_settings(ctx, dataclasses.replace(
            mail_settings.load_mail_settings(ctx), smtp_host="127.0.0.1", smtp_port=server.port, smtp_starttls=False,
            sender="ems@ville-albertville.fr"))
        invoices = _invoiced_families(ctx, MESSAGES)

        # Queue: each message (render + persist), interleaved with its floor (the same PDF alone).
        queue_ms, render_ms = [], []
        for invoice_id in invoices:
            document = invoice_document(ctx, invoice_id, duplicate=True)
            start = time.perf_counter()
            render_invoice(document)
            render_ms.append((time.perf_counter() - start) * 1000.0)
            start = time.perf_counter()
            messages.queue_invoice_email(ctx, invoice_id)
            queue_ms.append((time.perf_counter() - start) * 1000.0)

        # Send: the outbox's round, timed per message (from one claim to the next).
        sender = base.as_actor(Actor(counter_id=counter.id))
        smtp = dataclasses.replace(messages.smtp_settings(sender), timeout=10.0)
        claims: list[float] = []

        def db_call(function, *args):
            if function is messages._claim_next:
                claims.append(time.perf_counter())
            return function(*args)

        report = messages.send_due_messages(sender, smtp, now, db_call=db_call)
        send_ms = [(b - a) * 1000.0 for a, b in itertools.pairwise(claims)]
        assert report.sent == MESSAGES and len(server.inbox.messages) == MESSAGES, (report, len(server.inbox.messages))

        # Floor: smtplib alone, the same pre-built message (a queued one, PDF attached), one connection.
        invoice_pdf = render_invoice(invoice_document(ctx, invoices[0], duplicate=True))
        built = messages.build_email(messages._Claimed(uuid.uuid4(), "famille000@example.fr", "Facture A01-F000001",
                                                       "Bonjour,", "Facture A01-F000001.pdf", invoice_pdf, now), smtp)
        raw = built.as_bytes(policy=SMTP_POLICY)  # as send_message writes it: CRLF line ends
        floor_ms = []
        connection = smtplib.SMTP("127.0.0.1", server.port, timeout=10.0)
        try:
            for _ in range(MESSAGES):
                start = time.perf_counter()
                connection.sendmail(smtp.sender, ["famille000@example.fr"], raw)
                floor_ms.append((time.perf_counter() - start) * 1000.0)
        finally:
            connection.quit()
        peak = peak_memory_mb()
    finally:
        server.stop()
        database.dispose()
        shutil.rmtree(folder, ignore_errors=True)

    return [
        Figure(f"e-mail queued: duplicata PDF + outbox, per message (median of {MESSAGES})", median(queue_ms),
               QUEUE_TARGET_MS, p95=percentile(queue_ms, 95)),
        Figure("  floor: the invoice's PDF alone", median(render_ms), None, p95=percentile(render_ms, 95)),
        Figure(f"e-mail sent by the outbox to a local SMTP server, per message (median of {MESSAGES})",
               median(send_ms), SEND_TARGET_MS, p95=percentile(send_ms, 95)),
        Figure("  floor: smtplib alone, the same message on one connection", median(floor_ms), None,
               p95=percentile(floor_ms, 95)),
        Figure("peak memory of the messages benchmark (VmHWM)", peak, PEAK_TARGET_MB, unit="MB"),
    ]
