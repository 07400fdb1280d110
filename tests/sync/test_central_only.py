"""On a counter that syncs, the catalog, the shared settings, the agents and the planning's
calendar change on the town's central database only: refused on the replica with a message saying
where to do it, and nothing saved (a pull would overwrite it)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ems_desktop.models import JournalEntry
from ems_desktop.paths import CATALOGS
from ems_desktop.services import agents, catalog, planning, settings
from ems_desktop.services.central import CentralDatabaseOnly
from tests.helpers import SEED_GROUPS, group_id


def test_administration_is_refused_on_a_replica_and_nothing_is_saved(agent_ctx):
    ctx = agent_ctx
    velo = group_id(ctx, *SEED_GROUPS[0])
    ctx.outbox = True  # from now on, this database is a counter's replica
    with ctx.reading() as s:
        before = s.scalar(select(func.count()).select_from(JournalEntry))
    wednesday = dt.date(2017, 10, 4)
    refused = {
        "Créer un guichet": lambda: agents.create_counter(ctx, code="GYM", name="Gymnase", number_prefix="B01"),
        "Créer un agent": lambda: agents.create_agent(ctx, login="j.dupont", display_name="Jean Dupont",
                                                      password="Velo-rouge-73"),
        "Modifier un agent": lambda: agents.update_agent(ctx, ctx.actor.agent_id, display_name="Claire",
                                                         roles=["agent"], active=True),
        "Donner un mot de passe provisoire": lambda: agents.reset_password(ctx, ctx.actor.agent_id, "Neige-blanche-42"),
        "Débloquer un agent": lambda: agents.unlock_agent(ctx, ctx.actor.agent_id),
        "Changer de mot de passe": lambda: agents.change_own_password(ctx, "Velo-rouge-73", "Neige-blanche-42",
                                                                      "Neige-blanche-42"),
        "Importer un catalogue": lambda: catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv"),
        "Annuler une séance": lambda: planning.cancel_session(ctx, velo, wednesday, "Neige"),
        "Rétablir une séance": lambda: planning.restore_session(ctx, velo, wednesday),
        "Ajouter une séance": lambda: planning.add_session(ctx, velo, dt.date(2017, 10, 7), "Rattrapage"),
        "Fermer des jours": lambda: planning.add_closure(ctx, wednesday, wednesday, "Travaux"),
        "Ajouter des vacances": lambda: planning.add_holiday_period(ctx, "A", "Pont", wednesday, wednesday),
        "Modifier les paramètres partagés": lambda: settings.save_settings(
            ctx, ctx.actor.counter_id, settings.load_settings(ctx, ctx.actor.counter_id)),
    }
    for what, action in refused.items():
        with pytest.raises(CentralDatabaseOnly) as error:
            action()
        assert error.value.message.startswith(f"{what} : sur un poste synchronisé, cela se fait sur la base "
                                              "centrale de la ville")
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(JournalEntry)) == before
    ctx.outbox = False  # the same on the central database (or a counter alone): allowed
    assert agents.create_counter(ctx, code="GYM", name="Gymnase", number_prefix="B01").number_prefix == "B01"
