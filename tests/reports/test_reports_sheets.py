"""Cash-session closing report and attendance sheet; and the layering rule of reports/."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ems_desktop.reports import render_attendance_sheet, render_cash_session_report
from ems_desktop.reports.data import (
    MODE_ANCV,
    MODE_CARD,
    MODE_CASH,
    MODE_CHEQUE,
    AttendanceRow,
    AttendanceSheet,
    CashSessionReport,
    ModeTotal,
    SessionPayment,
)
from tests.reports.report_samples import TRICKY_FAMILY, TRICKY_PAYER

UTC = dt.UTC


def _report(issuer, payments=3):
    return CashSessionReport(
        issuer=issuer,
        counter="Guichet 1",
        agent="Mme Martin",
        opened_at=dt.datetime(2017, 9, 6, 7, 0, tzinfo=UTC),
        closed_at=dt.datetime(2017, 9, 6, 16, 5, tzinfo=UTC),
        opening_float_cents=15000,
        modes=(ModeTotal(MODE_CARD, 2, 8000, 8000), ModeTotal(MODE_CASH, 1, 4000, 3500),
               ModeTotal(MODE_CHEQUE, 0, 0, 0), ModeTotal(MODE_ANCV, 0, 0, 0)),
        payments=tuple(SessionPayment(dt.datetime(2017, 9, 6, 8 + i // 60, i % 60, tzinfo=UTC), f"R01-2017-{i:06d}",
                                      TRICKY_FAMILY if i == 0 else TRICKY_PAYER,
                                      MODE_CASH if i == 2 else MODE_CARD, 4000, "242426")
                       for i in range(payments)),
        regisseur="M. Durand",
    )


def test_cash_session_report(issuer, read_pdf):
    pdf = read_pdf(render_cash_session_report(_report(issuer)))
    text = pdf.text
    assert "CLÔTURE DE CAISSE" in text
    assert "Guichet 1" in text and "Mme Martin" in text
    assert "06/09/2017 à 09:00" in text and "06/09/2017 à 18:05" in text   # Paris time
    assert "Fonds de caisse à l'ouverture : 150,00 €" in text
    assert re.search(r"CARTE BANCAIRE\s+2\s+80,00 €\s+80,00 €\s+0,00 €", text)
    assert re.search(r"ESPÈCES\s+1\s+40,00 €\s+35,00 €\s+-5,00 €", text)
    assert re.search(r"Total\s+3\s+120,00 €\s+115,00 €\s+-5,00 €", text)
    assert "L'agent" in text and "Le régisseur" in text and "M. Durand" in text
    assert text.count("Date et signature") == 2
    assert "Détail des règlements (3)" in text
    assert TRICKY_FAMILY in text
    assert "page 1 / 1" in text
    assert "DUPLICATA" not in text


def test_long_cash_session_report_pages(issuer, read_pdf):
    pdf = read_pdf(render_cash_session_report(_report(issuer, payments=80)))
    total = len(pdf.pages)
    assert total >= 2
    for number, page in enumerate(pdf.pages, start=1):
        assert f"page {number} / {total}" in page
    assert pdf.text.count("R01-2017-0000") == 80


def _sheet(issuer):
    return AttendanceSheet(
        group_label="7/11 ans VTT ou initiation bowling",
        offer_label="EMS année 2017/2018 1er trimestre",
        session_date=dt.date(2017, 9, 20),
        start_time=dt.time(14, 0),
        end_time=dt.time(16, 0),
        place="Gymnase du Val des Roses",
        rows=(
            AttendanceRow("Lise-Roxelane", 8, "", ("Mme Dupont (mère)",), False, "06 12 34 56 78"),
            AttendanceRow(TRICKY_PAYER, 9, "Allergie arachide – PAI, stylo d'adrénaline dans le sac",
                          ("M. Çelik",), True, "06 98 76 54 32"),
        ),
        issuer=issuer,
    )


def test_attendance_sheet_flags_health_notes(issuer, read_pdf):
    pdf = read_pdf(render_attendance_sheet(_sheet(issuer)))
    width, height = pdf.sizes[0]
    assert width > height                                  # landscape
    text = pdf.text
    assert "FEUILLE DE PRÉSENCE" in text
    assert "7/11 ans VTT ou initiation bowling" in text
    assert "EMS année 2017/2018 1er trimestre" in text
    assert "mercredi 20/09/2017" in text and "14:00 – 16:00" in text
    assert "Gymnase du Val des Roses" in text
    assert "Intervenant :" in text
    assert text.count("⚠ SANTÉ") == 1                      # only the child with a note
    flagged_line = next(line for line in text.splitlines() if "⚠ SANTÉ" in line)
    assert TRICKY_PAYER in flagged_line
    assert "Allergie arachide" in text
    assert "Mme Dupont (mère)" in text and "M. Çelik" in text
    assert "06 98 76 54 32" in text
    assert "Document confidentiel" in text
    assert "page 1 / 1" in text


def test_reports_do_not_import_qt_or_the_database():
    folder = Path(__file__).resolve().parents[2] / "ems_desktop" / "reports"
    for source in folder.glob("*.py"):
        code = source.read_text(encoding="utf-8")
        assert "PySide6" not in code, source
        assert "sqlalchemy" not in code.lower(), source
