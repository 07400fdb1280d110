"""Fichier › Catalogue… as the administrator waits for it, on the dataset's three seasons of catalog:
the screen opened (every season's offers and groups read with their places taken and sessions, the
tree filled and painted), "Préparer la saison suivante…" reviewed (the plan computed, its table
painted), a group's places saved. Floors: the same rows read alone; the service calls alone.

Writes go to a copy of the dataset (bench/bench_app.py's snapshot)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select

from bench.harness import Figure, dataset_copy_acting_as, french_qt_app, median, percentile, timings_ms
from ems_desktop.models import ActivityGroup, Offer, PriceBand, Season


def run() -> list[Figure]:
    from ems_desktop.services import catalog_admin

    app = french_qt_app()
    with tempfile.TemporaryDirectory(prefix="ems-bench-catalog-") as folder:
        ctx = dataset_copy_acting_as(Path(folder), "catalogue.sqlite3", login="bench.admin",
                                     display_name="Administrateur du banc", password="Banc-essai-2026-catalogue",
                                     roles=["administrateur"])
        with ctx.reading() as s:
            groups = len(s.scalars(select(ActivityGroup.id)).all())
            seasons = s.scalars(select(Season).order_by(Season.starts_on)).all()
            last_season = seasons[-1].id

        def rows_alone() -> None:
            with ctx.reading() as s:
                s.execute(select(Season)).all()
                s.execute(select(Offer)).all()
                s.execute(select(ActivityGroup)).all()
                s.execute(select(PriceBand)).all()

        dialog = _catalog_dialog()

        def open_screen() -> None:
            ctx.cache.clear()
            dialog.seasons = catalog_admin.catalog_overview(ctx)
            dialog.season_combo.blockSignals(True)
            dialog.season_combo.clear()
            for season in dialog.seasons:
                dialog.season_combo.addItem(f"{season.label} — {season.status_label}", season.id)
            dialog.season_combo.setCurrentIndex(len(dialog.seasons) - 1)
            dialog.season_combo.blockSignals(False)
            dialog._show_season()
            dialog.repaint()

        opened = timings_ms(open_screen, repeat=20)

        def overview_alone() -> None:
            ctx.cache.clear()
            catalog_admin.catalog_overview(ctx)

        overview = timings_ms(overview_alone, repeat=20)
        floor = timings_ms(rows_alone, repeat=20)

        def review() -> None:
            from ems_desktop.views.catalog_dialog import NextSeasonDialog

            ctx.cache.clear()
            plan = catalog_admin.plan_next_season(ctx, last_season)
            # The screen's stand-in state, as the screen passes its own: only « Créer » (not clicked) uses it.
            shown = NextSeasonDialog(dialog.state, last_season, plan)
            shown.resize(1100, 560)
            shown.show()
            shown.repaint()
            shown.close()
            shown.deleteLater()
            app.processEvents()

        reviewed = timings_ms(review, repeat=10)
        with ctx.reading() as s:
            first_group = s.execute(select(ActivityGroup.id, ActivityGroup.offer_id).join(Offer)
                                    .where(Offer.season_id == last_season)).first()
        assert first_group is not None, "the dataset's last season has groups"
        group_id, offer_id = first_group
        capacities = iter(range(5_000, 9_999))  # above any group's places taken

        def save() -> None:
            data = catalog_admin.group_input_of(ctx, group_id, capacity=str(next(capacities)))
            catalog_admin.save_group(ctx, offer_id, group_id, data)

        saved = timings_ms(save, repeat=20)
        dialog.close()
        ctx.db.dispose()
    return [
        Figure(f"Catalogue opened: {len(seasons)} seasons, {groups} groups read with places and sessions, "
               "tree painted (median)", median(opened), 500.0, p95=percentile(opened, 95)),
        Figure("  the service alone (catalog_overview, median)", median(overview), None),
        Figure("  floor: the seasons', offers', groups' and bands' rows read alone (median)", median(floor), None),
        Figure("Préparer la saison suivante: plan and review table painted (median)", median(reviewed), 500.0,
               p95=percentile(reviewed, 95)),
        Figure("a group's places saved (journaled, announced; median)", median(saved), 100.0,
               p95=percentile(saved, 95)),
    ]


def _catalog_dialog():
    """The Catalogue screen without its worker: the benchmark fills it as ``reload`` does."""
    from unittest import mock

    from ems_desktop.views.catalog_dialog import CatalogDialog

    with mock.patch.object(CatalogDialog, "refresh"):
        dialog = CatalogDialog(mock.MagicMock())
    dialog.resize(1300, 720)
    dialog.show()
    return dialog
