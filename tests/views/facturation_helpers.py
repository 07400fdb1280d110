"""The Facturation tab as its tests and the documents' tests open it."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber

from ems_desktop.paths import CATALOGS
from ems_desktop.services import cash, catalog, enrollment
from ems_desktop.views.facturation_tab import FacturationTab
from tests.helpers import SEED_GROUPS, group_id, make_family


def seed_family(qtbot, ctx):
    """The seed's family and its three 2017/2018 enrollments, as pending enrollments."""
    catalog.import_catalog_file(ctx, CATALOGS / "2017-2018.csv")
    family = make_family(ctx)
    ids = [enrollment.enroll(ctx, family.children[0].id, group_id(ctx, *g)).id for g in SEED_GROUPS]
    cash.open_cash_session(ctx, 5000)
    return family, ids


class RecordingFacturationTab(FacturationTab):
    """The tab with a stand-in PDF reader that records what it was given (``opened``) and says whether it
    opened it (``reader_opens``): no real reader is ever launched by the tests."""

    def __init__(self, state, reader_opens: bool) -> None:
        super().__init__(state)
        self.opened: list[Path] = []
        self.reader_opens = reader_opens

    def open_file(self, path: Path) -> bool:
        self.opened.append(path)
        return self.reader_opens


def make_tab(qtbot, state, reader: bool = False) -> RecordingFacturationTab:
    """The tab, with a stand-in PDF reader that says whether it opened the file (``reader``)."""
    tab = RecordingFacturationTab(state, reader)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return tab


def open_family(qtbot, tab, family_id) -> None:
    with qtbot.waitSignal(tab.history_loaded):
        tab.set_family(family_id)


def pdf_text(path: Path) -> str:
    """The text of a saved PDF, its pages one after the other."""
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)
