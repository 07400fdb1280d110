"""Printed documents as PDF bytes: ticket (80 mm roll), invoice and credit note (A4), cash-session
closing report, attendance sheet. Fed plain frozen dataclasses (``reports.data``); no database,
no Qt. Printing the bytes is someone else's job."""

from ems_desktop.reports.attendance import render_attendance_sheet
from ems_desktop.reports.cash_session import render_cash_session_report
from ems_desktop.reports.credit_note import render_credit_note
from ems_desktop.reports.debit_run import render_debit_run
from ems_desktop.reports.invoice import RenderCancelled, render_invoice, render_invoices_batch
from ems_desktop.reports.mandate import render_mandate
from ems_desktop.reports.ticket import render_ticket

__all__ = [
    "RenderCancelled",
    "render_attendance_sheet",
    "render_cash_session_report",
    "render_credit_note",
    "render_debit_run",
    "render_invoice",
    "render_mandate",
    "render_invoices_batch",
    "render_ticket",
]
