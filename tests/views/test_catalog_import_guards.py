"""Fichier › Importer un catalogue: a file that would move a season to another holiday zone, or
leave a group with fewer places than it has taken, is refused in the window's message — named,
never applied silently."""

from __future__ import annotations

import datetime as dt

from ems_desktop.models import Enrollment, EnrollmentStatus
from ems_desktop.paths import CATALOGS
from ems_desktop.services import catalog, enrollment
from ems_desktop.views.main_window import MainWindow
from tests.helpers import group_id, make_family


def test_the_import_window_names_a_zone_change_and_a_capacity_too_small(qtbot, app_state, tmp_path):
    ctx = app_state.context
    catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv")
    family = make_family(ctx, "Perrin", children=(("Léa", dt.date(2008, 3, 1)), ("Hugo", dt.date(2009, 5, 2))))
    ids = [enrollment.enroll(ctx, child.id, group_id(ctx, "EMS-2017-T1", "7/11 ans Escalade")).id
           for child in family.children]
    with ctx.db.session() as s:
        for enrollment_id in ids:
            s.get(Enrollment, enrollment_id).status = EnrollmentStatus.CONFIRMED
    lines = (CATALOGS / "2017-2018.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(";age;12;mercredi;", ";age;1;mercredi;")
    changed = tmp_path / "catalogue-2017-2018.csv"
    changed.write_text("\n".join(line.replace("2017/2018;A;", "2017/2018;B;", 1) for line in lines) + "\n",
                       encoding="utf-8")

    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.import_catalog(str(changed))
    qtbot.waitUntil(lambda: getattr(window, "import_box", None) is not None and window.import_box.isVisible())
    shown = window.import_box.text()
    assert "rien n'a été importé" in shown
    assert ("Ligne 2, champ « places » : le groupe « 7/11 ans Escalade » (EMS année 2017/2018 1er trimestre) compte "
            "2 inscriptions confirmées : 1 place ne suffit pas (il en faut au moins 2).") in shown
    assert "Ligne 2, champ « zone » : la saison 2017/2018 est en zone A ; ce fichier la met en zone B." in shown
    window.import_box.close()
