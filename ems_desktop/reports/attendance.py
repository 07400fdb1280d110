"""The attendance sheet of one session of a group, for the instructor (A4 landscape).

Health notes and pick-up authorisations are printed here because the instructor needs them;
a row with a health note is flagged (⚠ SANTÉ, coloured cell) so it cannot be overlooked.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from ems_desktop.reports import a4
from ems_desktop.reports.data import AttendanceSheet
from ems_desktop.reports.layout import Block, Cell, Column, Part, Table, TextPen, draw_pages, paginate, wrap
from ems_desktop.reports.styles import (
    ACCENT,
    FONT,
    FONT_BOLD,
    HEALTH_FILL,
    HEALTH_RED,
    INK,
    MUTED,
    date_text,
    datetime_text,
    has_glyph,
    time_text,
)

__all__ = ["render_attendance_sheet"]

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
LEFT = 12 * mm
RIGHT = PAGE_WIDTH - 12 * mm
TOP = PAGE_HEIGHT - 12 * mm
WIDTH = RIGHT - LEFT

COLUMNS = (
    Column("N°", 9 * mm, "right"),
    Column("Enfant", 46 * mm),
    Column("Âge", 12 * mm, "center"),
    Column("Santé (allergies, traitements…)", 66 * mm),
    Column("Personnes autorisées à venir le chercher", 56 * mm),
    Column("Part seul", 15 * mm, "center"),
    Column("Tél. urgence", 27 * mm),
    Column("Présent", 16 * mm, "center"),
    Column("Départ (heure)", 26 * mm),
)

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
CONFIDENTIAL = ("Document confidentiel : les informations de santé et les autorisations sont "
                "réservées à l'encadrement de la séance. Ne pas afficher ; à détruire après usage.")


def _health_flag() -> str:
    return "\u26a0 SANTÉ" if has_glyph("\u26a0") and has_glyph("\u26a0", FONT_BOLD) else "(!) SANTÉ"


def _checkbox() -> str:
    return "\u2610" if has_glyph("\u2610") else "[   ]"


def _hours(sheet: AttendanceSheet) -> str:
    if sheet.start_time and sheet.end_time:
        return f"{time_text(sheet.start_time)} – {time_text(sheet.end_time)}"
    return time_text(sheet.start_time or sheet.end_time)


def draw_attendance_sheet(pen: TextPen, sheet: AttendanceSheet) -> int:
    date_label = f"{_WEEKDAYS[sheet.session_date.weekday()]} {date_text(sheet.session_date)}"
    flag = _health_flag()
    table = Table(COLUMNS, LEFT, size=8.5, header_size=7.5, padding=3)
    blocks: list[Block] = []
    for number, row in enumerate(sheet.rows, start=1):
        if row.health_notes.strip():
            health = Cell((Part(flag, bold=True, color=HEALTH_RED), Part(row.health_notes)), fill=HEALTH_FILL)
        else:
            health = Cell((Part("—", color=MUTED),))
        pickup = "\n".join(row.pickup_persons) if row.pickup_persons else "—"
        alone = Cell((Part("OUI", bold=True),)) if row.may_leave_alone else "NON"
        blocks.append(table.row((
            str(number),
            Cell((Part(row.child_name, bold=True),)),
            "" if row.age is None else f"{row.age} ans",
            health,
            pickup,
            alone,
            row.emergency_phone,
            _checkbox(),
            "",
        )))
    health_count = sum(1 for row in sheet.rows if row.health_notes.strip())
    summary = f"{len(sheet.rows)} enfant(s) inscrit(s)"
    if health_count:
        summary += f" – {health_count} avec une information de santé"

    def summary_draw(pen: TextPen, top: float) -> None:
        pen.text(LEFT, top - 14, summary, font=FONT_BOLD, size=9)
        pen.text(LEFT + 120 * mm, top - 14, "Présents : ........", size=9)
        pen.text(LEFT + 170 * mm, top - 14, "Signature de l'intervenant :", size=9)

    blocks.append(Block(24, summary_draw))

    # First-page header: measured here so the table starts right below it.
    instructor = sheet.instructor or ""
    info = [("Séance du", date_label), ("Horaires", _hours(sheet) or "—"), ("Lieu", sheet.place or "—")]
    confidential = wrap(CONFIDENTIAL, FONT, 7.5, WIDTH)
    first_top = TOP - 104 - len(confidential) * 9.5
    next_top = TOP - 36
    bottom = 12 * mm + 2 * 8 + 8
    pages = paginate(blocks, first_top, next_top, bottom)
    printed = f"Imprimée le {datetime_text(sheet.printed_at)}" if sheet.printed_at else ""

    def chrome(pen: TextPen, number: int, total: int) -> None:
        canvas = pen.canvas
        if number == 1:
            y = TOP - 16
            pen.text(LEFT, y, "FEUILLE DE PRÉSENCE", font=FONT_BOLD, size=16, color=ACCENT)
            if sheet.issuer is not None:
                pen.text(RIGHT, y, sheet.issuer.collectivite, font=FONT_BOLD, size=10, align="right")
                pen.text(RIGHT, y - 12, sheet.issuer.regie, size=7.5, align="right", color=MUTED)
            y -= 24
            pen.text(LEFT, y, sheet.group_label, font=FONT_BOLD, size=13)
            y -= 14
            pen.text(LEFT, y, sheet.offer_label, size=9.5, color=MUTED)
            y2 = TOP - 40
            for label, value in info:
                pen.text(LEFT + 150 * mm, y2, f"{label} :", size=9.5, color=MUTED)
                pen.text(LEFT + 172 * mm, y2, value, font=FONT_BOLD, size=9.5)
                y2 -= 13
            pen.text(LEFT + 150 * mm, y2, "Intervenant :", size=9.5, color=MUTED)
            if instructor:
                pen.text(LEFT + 172 * mm, y2, instructor, font=FONT_BOLD, size=9.5)
            else:
                canvas.setStrokeColor(MUTED)
                canvas.setDash(1, 2)
                canvas.line(LEFT + 172 * mm, y2 - 2, RIGHT, y2 - 2)
                canvas.setDash()
                canvas.setStrokeColor(INK)
            y = TOP - 98
            for line in confidential:
                pen.text(LEFT, y + 2, line, size=7.5, color=HEALTH_RED)
                y -= 9.5
        else:
            a4.draw_continuation_header(pen, None, f"{sheet.group_label} – {date_label} (suite)",
                                        sheet.offer_label, duplicate=False, left=LEFT, right=RIGHT, top=TOP)
        a4.draw_footer(pen, (), printed, number, total, left=LEFT, right=RIGHT)

    draw_pages(pen, pages, chrome)
    return len(pages)


def render_attendance_sheet(sheet: AttendanceSheet) -> bytes:
    """One session's attendance sheet, A4 landscape."""
    author = sheet.issuer.collectivite if sheet.issuer is not None else "EMS"
    return a4.render_pdf(lambda pen: draw_attendance_sheet(pen, sheet),
                         title=f"Présences {sheet.group_label} {date_text(sheet.session_date)}", author=author,
                         pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
