"""Installing a counter that syncs: enrolment with the one-time code, the replica built from the
server's snapshot (a new SQLite file, swapped in only once complete), and the counter's settings.

    ems-desktop --sync-install https://serveur:8443 K7QM-2XPA-9RTD [--database URL]
"""

from __future__ import annotations

import os
import ssl
from pathlib import Path

import httpx

from ems_desktop import config
from ems_desktop.database.engine import Database, sqlite_url
from ems_desktop.database.migrate import upgrade
from ems_desktop.local_settings import LocalSettings
from ems_desktop.sync.client import SyncUnavailable, enrol_counter
from ems_desktop.sync.snapshot import load_snapshot


def install_counter(server_url: str, code: str, database_path: Path, local: LocalSettings,
                    *, verify: bool | str | ssl.SSLContext = True, http: httpx.Client | None = None) -> int:
    """Enrol, build the replica at ``database_path`` (an existing file is kept until the new one is
    complete), and save the counter's sync settings; returns how many rows were loaded."""
    client = http or httpx.Client(base_url=server_url, timeout=httpx.Timeout(30.0, read=600.0), verify=verify)
    counter_id, token = enrol_counter(client, code)
    partial = database_path.with_name(database_path.name + ".installation")
    partial.unlink(missing_ok=True)
    db = Database(sqlite_url(partial))
    try:
        upgrade(db.engine)
        try:
            with client.stream("GET", "/v1/snapshot", headers={"Authorization": f"Bearer {token}"}) as response:
                if response.status_code != 200:
                    raise SyncUnavailable(f"Instantané refusé par le serveur ({response.status_code}).")
                loaded = load_snapshot(db, response.iter_lines())
        except httpx.HTTPError as exc:
            raise SyncUnavailable(f"Instantané interrompu : {exc.__class__.__name__}") from exc
    finally:
        db.dispose()
    os.replace(partial, database_path)
    local.set(config.SYNC_ROLE, config.SYNC_COUNTER)
    local.set(config.SYNC_SERVER_URL, server_url)
    local.set(config.SYNC_TOKEN, token)
    local.set(config.COUNTER_ID, str(counter_id))
    local.save()
    return loaded
