"""What changes on the town's central database only.

On a counter that syncs (a replica), the catalog, the shared settings, the agents and counters, and
the planning's calendar (cancelled or added sessions, closures, holidays) are not operations the
counter sends: they are changed on the central database — from an administrator's workstation
connected to it directly — and reach every counter by the sync. Changed on a replica, they would
be overwritten by the next pull, so they are refused there, with a message saying where to do it.
"""

from __future__ import annotations

from ems_desktop.services.context import ServiceContext
from ems_desktop.services.errors import DomainError


class CentralDatabaseOnly(DomainError):
    pass


def require_central_database(ctx: ServiceContext, what: str) -> None:
    if ctx.outbox:
        raise CentralDatabaseOnly(
            f"{what} : sur un poste synchronisé, cela se fait sur la base centrale de la ville (poste "
            "administrateur relié directement au serveur) ; la modification arrive ensuite ici par la "
            "synchronisation.")
