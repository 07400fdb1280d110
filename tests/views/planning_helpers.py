"""The Planning tab as its tests open it, and a family in a season whose holidays no package knows."""

from __future__ import annotations

import datetime as dt

from ems_desktop.services import catalog, enrollment, families
from ems_desktop.views.planning_tab import PlanningTab
from tests.helpers import group_id


def open_tab(qtbot, state, family) -> PlanningTab:
    tab = PlanningTab(state)
    qtbot.addWidget(tab)
    tab.show()
    with qtbot.waitSignal(tab.loaded):
        tab.set_family(family.id)
    return tab


def petit_in_2031(ctx) -> families.FamilyView:
    """On 01/06/2031, a 2031/2032 season (one group, 7/11 ans Escalade), whose school holidays the
    packages do not know, and the Petits' Noé enrolled in it."""
    ctx.clock.current = dt.datetime(2031, 6, 1, 12, 0, tzinfo=dt.UTC)
    catalog.import_catalog(ctx, (
        "saison;zone;code_dispositif;dispositif;libelle_facture;type;debut;fin;groupe;activite;age_min;age_max;"
        "regle_age;places;jour;heure_debut;heure_fin;lieu;tarif;tarifs_qf\n"
        "2031/2032;A;EMS-2031-T1;EMS année 2031/2032 1er trimestre;EMS 2031/2032 1er trim.;trimestre;"
        "17/09/2031;10/12/2031;7/11 ans Escalade;Escalade;7;11;age;12;mercredi;13:30;16:30;Gymnase;40,00;\n"))
    petit = families.create_family(ctx, families.FamilyInput(
        name="Petit", guardians=(families.GuardianInput("Jo", "Petit", is_payer=True),),
        children=(families.ChildInput("Noé", "Petit", dt.date(2022, 5, 5)),)))
    enrollment.enroll(ctx, petit.children[0].id, group_id(ctx, "EMS-2031-T1", "7/11 ans Escalade"))
    return petit
