"""The sync service over HTTP: a counter enrols with a one-time code, pushes its day, is refused
once revoked; the service killed at the worst moments of a push loses nothing and applies nothing
twice when the counter pushes again."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ems_desktop.models import AppliedOp, Invoice, OutboxOp, Payment
from ems_desktop.services import families
from ems_desktop.services.context import Actor
from ems_desktop.services.permissions import PermissionDenied
from ems_desktop.sync.client import SyncClient, SyncRefused, SyncUnavailable, enrol_counter, tls_verification
from ems_desktop.sync.outbox import pending_count
from ems_desktop.sync.server import auth
from ems_desktop.sync.server.app import create_app
from ems_desktop.sync.server.apply import stream_position
from tests.ports import free_port, wait_for_port
from tests.sync.server_process import start_service
from tests.sync.town import count, offline_sale

ROOT = Path(__file__).resolve().parents[2]


def test_a_counter_enrols_once_pushes_its_day_and_is_refused_once_revoked(town):
    http = TestClient(create_app(town.server))
    code = auth.issue_enrolment_code(town.server, town.a.actor.counter_id)
    counter_id, token = enrol_counter(http, code.lower())  # typed in lower case, still read
    assert counter_id == town.a.actor.counter_id
    with pytest.raises(SyncRefused, match="déjà utilisé ou expiré"):
        enrol_counter(http, code)  # a code works once
    with town.server.reading() as s:  # only hashes are kept
        assert token not in json.dumps([str(v) for v in s.execute(select(*auth.CounterCredential.__table__.c)).one()])

    family, _, _ = offline_sale(town.a)
    client = SyncClient(town.a, http, token)
    report = client.push()
    assert (report.sent, report.acked) == (6, 6) and pending_count(town.a, counter_id) == 0
    assert count(town.server, Invoice) == 1
    hello = http.post("/v1/hello", json={"protocol": 1, "head_seq": 6},
                      headers={"Authorization": f"Bearer {token}"}).json()
    assert hello["stream"]["last_seq"] == 6 and hello["stream"]["state"] == "ok"

    assert http.post("/v1/ops", json={"ops": []}, headers={"Authorization": "Bearer forged"}).status_code == 401
    auth.revoke_counter(town.server, counter_id)
    families.set_archived(town.a, family.id, True)
    with pytest.raises(SyncRefused, match="révoqué"):
        client.push()
    assert pending_count(town.a, counter_id) == 1  # kept for when the counter is enrolled again


def test_only_an_administrator_issues_codes_and_revokes(town):
    from ems_desktop.services import agents

    agent = town.a.actor.agent_id  # c.martin: agent and régisseur
    as_agent = town.server.as_actor(Actor(agent_id=agent, counter_id=town.a.actor.counter_id))
    with pytest.raises(PermissionDenied, match="administrateur"):
        auth.issue_enrolment_code(as_agent, town.a.actor.counter_id)
    with pytest.raises(PermissionDenied, match="administrateur"):
        auth.revoke_counter(as_agent, town.a.actor.counter_id)
    admin = agents.create_agent(town.server, login="admin", display_name="Admin", password="Velo-rouge-73",
                                roles=["administrateur"])
    as_admin = town.server.as_actor(Actor(agent_id=admin.id, counter_id=town.a.actor.counter_id))
    assert len(auth.issue_enrolment_code(as_admin, town.a.actor.counter_id)) == 14


@pytest.mark.parametrize("stop", ["inside:6", "applied:3"])
def test_the_service_killed_mid_push_loses_nothing_and_applies_nothing_twice(town, stop):
    url = town.server.db.engine.url.render_as_string(hide_password=False)
    # Enrolled on the town's clock of the test (the service process runs on the real one).
    token = auth.enrol(town.server, auth.issue_enrolment_code(town.server, town.a.actor.counter_id)).token
    offline_sale(town.a)
    process, base_url = start_service(url, stop)
    try:
        with httpx.Client(base_url=base_url, timeout=30) as http:
            client = SyncClient(town.a, http, token)
            failures = []
            pushing = threading.Thread(target=lambda: _push_expecting_failure(client, failures))
            pushing.start()
            assert json.loads(process.stdout.readline()) == {"stopped": stop}
            process.send_signal(signal.SIGKILL)
            process.wait()
            pushing.join(30)
            assert failures and isinstance(failures[0], SyncUnavailable)
    finally:
        process.kill()
    # Killed inside op 6's transaction: nothing of the checkout on the server. Killed after op 3's
    # commit: 1–3 are there, and the counter, which never got the response, still waits for them.
    applied = 5 if stop.startswith("inside") else 3
    assert count(town.server, AppliedOp) == applied and count(town.server, Invoice) == 0
    assert pending_count(town.a, town.a.actor.counter_id) == 6

    process, base_url = start_service(url)
    try:
        with httpx.Client(base_url=base_url, timeout=30) as http:
            report = SyncClient(town.a, http, token).push()
    finally:
        process.kill()
    replayed = [o["seq"] for o in report.outcomes if o.get("replayed")]
    assert replayed == list(range(1, applied + 1)) and report.acked == 6
    assert count(town.server, AppliedOp) == 6 and count(town.server, Invoice) == 1
    assert count(town.server, Payment) == 2 and pending_count(town.a, town.a.actor.counter_id) == 0
    with town.a.reading() as s:
        assert s.scalar(select(func.count()).select_from(OutboxOp).where(OutboxOp.outcome.is_(None))) == 0


def _push_expecting_failure(client: SyncClient, failures: list) -> None:
    try:
        client.push()
    except Exception as exc:  # noqa: BLE001 (the test checks which)
        failures.append(exc)


def test_a_counter_restored_from_an_old_backup_stops_before_sending(town, tmp_path):
    """The server has applied three operations of A; A's database comes back from a backup made
    after the first two: its hello says so, and it sends nothing (its next numbers would clash)."""
    import sqlite3

    from ems_desktop.database.engine import Database, sqlite_url
    from ems_desktop.services import cash, enrollment
    from ems_desktop.services.context import ServiceContext
    from tests.helpers import SEED_GROUPS, group_id, make_family
    from tests.sync.town import durand

    http = TestClient(create_app(town.server))
    token = auth.enrol(town.server, auth.issue_enrolment_code(town.server, town.a.actor.counter_id)).token
    cash.open_cash_session(town.a, 5000)
    make_family(town.a)
    backup = tmp_path / "backup.sqlite3"
    source = sqlite3.connect(town.a.db.engine.url.database)
    with sqlite3.connect(backup) as copy:
        source.backup(copy)  # the counter's backup, taken after two operations
    source.close()
    _, child_id = durand(town.a)
    enrollment.enroll(town.a, child_id, group_id(town.a, *SEED_GROUPS[0]))
    assert SyncClient(town.a, http, token).push().acked == 3
    restored = ServiceContext(db=Database(sqlite_url(backup)), clock=town.a.clock, outbox=True).as_actor(town.a.actor)
    try:
        with pytest.raises(SyncRefused, match="sa base n'en connaît que 2 : elle vient sans doute d'une ancienne"):
            SyncClient(restored, http, token).push()
        make_family(restored, name="Petit")  # work done on the restored database: another op n° 3
        with pytest.raises(SyncRefused, match="L'opération n° 3 de ce poste n'est pas celle que le serveur a reçue"):
            SyncClient(restored, http, token).push()
        assert count(town.server, AppliedOp) == 3
        # Nothing was sent: the server's stream for A is intact, A itself goes on.
        assert stream_position(town.server, town.a.actor.counter_id)[2] == "ok"
    finally:
        restored.db.dispose()


def test_the_service_speaks_tls_when_given_a_certificate(town, tmp_path):
    """``ems-sync-server serve --certfile --keyfile``: the counter trusts the town's authority
    (``sync.ca_file``) and talks HTTPS; a plain HTTP request gets nowhere."""
    import trustme

    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1")
    cert, key, ca = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    certificate.cert_chain_pems[0].write_to_path(cert)
    certificate.private_key_pem.write_to_path(key)
    authority.cert_pem.write_to_path(ca)
    token = auth.enrol(town.server, auth.issue_enrolment_code(town.server, town.a.actor.counter_id)).token
    url = town.server.db.engine.url.render_as_string(hide_password=False)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ems_desktop.sync.server.cli", "serve", "--database", url,
                                "--port", str(port), "--certfile", str(cert), "--keyfile", str(key)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        offline_sale(town.a)
        with httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=tls_verification(str(ca)), timeout=30) as https:
            assert SyncClient(town.a, https, token).push().acked == 6
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as plain, pytest.raises(SyncUnavailable):
            SyncClient(town.a, plain, token).hello()
        # No town authority: the service's certificate is not trusted.
        with (httpx.Client(base_url=f"https://127.0.0.1:{port}", timeout=5) as untrusted,
              pytest.raises(SyncUnavailable)):
            SyncClient(town.a, untrusted, token).hello()
    finally:
        process.kill()
        process.wait()
