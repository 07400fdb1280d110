"""The conflicts the town's server recorded while applying the counters' operations (a place
no longer free, a group over capacity, a child enrolled twice, a dossier edited at two counters, a
document number out of sequence), as every counter sees them on its Accueil, and their resolution
by a régisseur or an administrateur (journaled, and sent to the server like any action)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from ems_desktop.models import Counter, Family
from ems_desktop.models.sync import ConflictKind, SyncConflict
from ems_desktop.services import permissions
from ems_desktop.services.context import ServiceContext, retry_on_conflict
from ems_desktop.services.errors import NotFound, ValidationFailed

KIND_LABELS = {
    ConflictKind.OVER_CAPACITY: "Groupe en surnombre",
    ConflictKind.WAITING_LIST_FALLBACK: "Passée en liste d'attente",
    ConflictKind.DUPLICATE_ENROLLMENT: "Inscription en double",
    ConflictKind.CONCURRENT_EDIT: "Dossier modifié à deux guichets",
    ConflictKind.NUMBER_GAP: "Numérotation à vérifier",
    ConflictKind.OVERPAYMENT: "Facture payée deux fois",
    ConflictKind.DUPLICATE_MANDATE: "Deux mandats de prélèvement",
}
ADVICE = {
    ConflictKind.OVER_CAPACITY: "Augmentez la capacité du groupe (administrateur), changez l'enfant de groupe, "
                                "ou faites un avoir et remboursez.",
    ConflictKind.WAITING_LIST_FALLBACK: "Prévenez la famille : l'enfant est sur la liste d'attente, rien n'a été "
                                        "encaissé pour cette place.",
    ConflictKind.DUPLICATE_ENROLLMENT: "Vérifiez le dossier ; si la famille a payé deux fois, faites un avoir et "
                                       "remboursez-la.",
    ConflictKind.CONCURRENT_EDIT: "Ouvrez le dossier et vérifiez les champs cités (les deux valeurs sont dans le "
                                  "détail).",
    ConflictKind.NUMBER_GAP: "Signalez-le au régisseur : un document de ce guichet manque ou a été émis deux fois.",
    ConflictKind.OVERPAYMENT: "Le trop-perçu reste au crédit de la famille : remboursez-le à la Caisse ou gardez-le "
                              "pour une prochaine inscription, selon son choix.",
    ConflictKind.DUPLICATE_MANDATE: "Vérifiez avec la famille le compte à prélever : le mandat arrivé second est "
                                     "gardé, révoqué ; enregistrez-le de nouveau après avoir révoqué l'autre si "
                                     "c'est lui le bon.",
}


@dataclass(frozen=True)
class ConflictView:
    id: uuid.UUID
    kind: str
    kind_label: str
    message: str
    advice: str
    created_at: dt.datetime
    counter_name: str
    family_id: uuid.UUID | None
    family_label: str


def open_conflicts(ctx: ServiceContext) -> list[ConflictView]:
    """The conflicts still to be dealt with, oldest first."""
    with ctx.reading() as s:
        rows = s.execute(select(SyncConflict, Counter.name, Family.name, Family.reference)
                         .outerjoin(Counter, Counter.id == SyncConflict.origin_counter_id)
                         .outerjoin(Family, Family.id == SyncConflict.family_id)
                         .where(SyncConflict.status == "open").order_by(SyncConflict.created_at)).all()
        return [ConflictView(c.id, c.kind, KIND_LABELS.get(c.kind, c.kind), c.message, ADVICE.get(c.kind, ""),
                             c.created_at, counter or "", c.family_id,
                             f"{family} ({reference})" if family else "")
                for c, counter, family, reference in rows]


@retry_on_conflict
def resolve_conflict(ctx: ServiceContext, conflict_id: uuid.UUID, resolution: str) -> None:
    """Mark a conflict dealt with, saying what was done (régisseur or administrateur)."""
    resolution = resolution.strip()
    if not resolution:
        raise ValidationFailed({"resolution": "Dites en quelques mots ce qui a été fait."})
    if len(resolution) > 500:
        raise ValidationFailed({"resolution": "500 caractères au plus."})
    with ctx.unit_of_work() as uow:
        permissions.require_role(uow.session, ctx.actor, permissions.REGISSEUR, permissions.ADMINISTRATEUR,
                                 what="Traiter un conflit de synchronisation")
        conflict = uow.session.get(SyncConflict, conflict_id)
        if conflict is None:
            raise NotFound("Ce conflit n'existe pas (ou plus).")
        if conflict.status != "open":
            return
        conflict.status = "resolved"
        conflict.resolved_at = uow.now
        conflict.resolved_by_id = ctx.actor.agent_id
        conflict.resolution = resolution
        uow.record("sync_conflict", conflict.id, "resolved", {"kind": conflict.kind, "resolution": resolution})
        uow.touch("sync_conflict", conflict.id)
        uow.emit("conflict.resolve", {"conflict_id": conflict.id, "resolution": resolution,
                                      "resolved_at": uow.now, "resolved_by_id": ctx.actor.agent_id})
