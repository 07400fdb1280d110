"""« Relances… »: the overdue invoices listed oldest first with what each still owes, the number of
days changed, a letter printed (its reminder shown in the list at once), the e-mail button greyed out
for a family without an address, the empty state, and the buttons greyed out for a plain agent."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pdfplumber
from PySide6.QtCore import Qt
from sqlalchemy import select

from ems_desktop.models import JournalEntry
from ems_desktop.services import families
from ems_desktop.views.reminders_dialog import OverdueModel, RemindersDialog
from tests.helpers import add_invoice, configure_mail

TODAY = dt.date(2017, 6, 21)  # the test clock's date
LINE = "EMS 2016/2017 3ème trim."  # the line of the invoices written directly


def family(state, name: str, email: str = ""):
    return families.create_family(state.context, families.FamilyInput(
        name=name, address_line1="3 rue des Lilas", postal_code="73200", city="Albertville",
        guardians=(families.GuardianInput("Claire", name, is_payer=True, email=email),),
        children=(families.ChildInput("Léo", name, dt.date(2010, 2, 14)),)))


def overdue(state):
    roux = family(state, "Roux")
    morel = family(state, "Morel", email="claire.morel@example.fr")
    add_invoice(state.context, roux.id, "A01-F000001", TODAY - dt.timedelta(days=90), label=LINE)
    add_invoice(state.context, morel.id, "A01-F000002", TODAY - dt.timedelta(days=45), cents=2500, label=LINE)
    add_invoice(state.context, morel.id, "A01-F000003", TODAY - dt.timedelta(days=10), cents=1500, label=LINE)
    return roux, morel


def opened(qtbot, state) -> RemindersDialog:
    dialog = RemindersDialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.summary.text()) or not dialog.empty.isHidden(), timeout=10_000)
    return dialog


def cells(dialog, row: int) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


def test_the_list_fewer_days_and_a_letter_printed(qtbot, app_state, monkeypatch):
    roux, morel = overdue(app_state)
    dialog = opened(qtbot, app_state)
    assert dialog.days.value() == 30 and dialog.days.suffix() == " jours"
    assert dialog.model.rowCount() == 2
    assert cells(dialog, 0) == ["A01-F000001", "23/03/2017", f"Roux ({roux.reference})", "40,00\xa0€", "90", "—"]
    assert cells(dialog, 1) == ["A01-F000002", "07/05/2017", f"Morel ({morel.reference})", "25,00\xa0€", "45", "—"]
    due = dialog.model.index(0, OverdueModel.DUE)
    assert dialog.model.data(due, Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignRight
                                                                            | Qt.AlignmentFlag.AlignVCenter)
    assert dialog.summary.text() == "2 factures en retard, pour un total de 65,00\xa0€ restant dû"
    assert not dialog.letter_button.isEnabled() and not dialog.email_button.isEnabled()  # nothing chosen yet

    # Fewer days: the more recent invoice comes in.
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.days.setValue(5)
    assert [c[0] for c in (cells(dialog, r) for r in range(3))] == ["A01-F000001", "A01-F000002", "A01-F000003"]
    assert dialog.summary.text() == "3 factures en retard, pour un total de 80,00\xa0€ restant dû"

    # The Roux family has no e-mail address: a letter only.
    dialog.select_invoices([dialog.model.row_at(0).invoice_id])
    assert dialog.letter_button.isEnabled() and dialog.letter_button.text() == "Imprimer la lettre de relance"
    assert not dialog.email_button.isEnabled()
    assert dialog.email_button.toolTip() == ("Pas d'adresse e-mail dans le dossier de la famille Roux : imprimez la "
                                             "lettre de relance.")
    monkeypatch.setattr(dialog, "open_file", lambda path: False)
    with qtbot.waitSignal(dialog.action_done, timeout=10_000) as said:
        qtbot.mouseClick(dialog.letter_button, Qt.MouseButton.LeftButton)
    assert said.args[0].startswith("Lettre de relance A01-F000001 enregistrée (aucun lecteur PDF ne l'a ouverte) : ")
    assert dialog.message.plain.endswith("— Ouvrir le dossier")
    assert dialog.last_saved.name == "Lettre de relance A01-F000001.pdf"
    with pdfplumber.open(dialog.last_saved) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Objet : relance — facture n° A01-F000001" in text and "3 rue des Lilas" in text
    # The reminder is in the journal, and in the list at once; the invoice stays chosen.
    with app_state.context.reading() as s:
        assert s.scalars(select(JournalEntry.changes).where(JournalEntry.action == "reminded")).all() == [
            {"channel": "letter", "number": "A01-F000001", "family_id": str(roux.id), "due_cents": 4000}]
    assert cells(dialog, 0)[OverdueModel.LAST] == "21/06/2017 (courrier)"
    assert dialog.model.data(dialog.model.index(0, OverdueModel.LAST), Qt.ItemDataRole.ToolTipRole) == \
        "1 relance envoyée"
    assert dialog.selected_ids() == [dialog.model.row_at(0).invoice_id]

    # Two families chosen: one PDF, a letter each; the Morel family has an address.
    dialog.select_invoices([dialog.model.row_at(1).invoice_id, dialog.model.row_at(2).invoice_id])
    assert dialog.letter_button.text() == "Imprimer les lettres de relance (2)"
    assert dialog.email_button.isEnabled() and dialog.email_button.text() == "Relancer par e-mail (2)"
    with qtbot.waitSignal(dialog.action_done, timeout=10_000) as said:
        qtbot.mouseClick(dialog.letter_button, Qt.MouseButton.LeftButton)
    assert said.args[0].startswith("2 lettres de relance réunies dans un PDF (aucun lecteur PDF ne l'a ouvert) : ")
    assert dialog.last_saved.name == "Lettres de relance du 21-06-2017 (2 factures).pdf"
    with pdfplumber.open(dialog.last_saved) as pdf:
        assert len(pdf.pages) == 2
    assert [cells(dialog, r)[OverdueModel.LAST] for r in range(3)] == ["21/06/2017 (courrier)"] * 3


def test_nothing_overdue_says_so(qtbot, app_state):
    roux = family(app_state, "Roux")
    add_invoice(app_state.context, roux.id, "A01-F000001", TODAY - dt.timedelta(days=10), label=LINE)
    dialog = opened(qtbot, app_state)
    assert dialog.stack.currentWidget() is dialog.empty and dialog.summary.text() == ""
    assert dialog.empty.text() == ("Aucune facture émise avant le 22/05/2017 ne reste à payer : rien à relancer.\n"
                                   "Diminuez le nombre de jours pour voir les factures plus récentes.")
    assert not dialog.letter_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.days.setValue(9)
    assert dialog.stack.currentWidget() is dialog.table and dialog.model.rowCount() == 1


def test_an_error_of_the_service_is_said_in_the_dialog(qtbot, app_state):
    roux, morel = overdue(app_state)
    dialog = opened(qtbot, app_state)
    invoice_id = dialog.model.row_at(1).invoice_id
    dialog.select_invoices([invoice_id])
    # Paid meanwhile at another counter (its payment not announced here): the letter is refused.
    from ems_desktop.models import Payment, PaymentAllocation

    with app_state.context.unit_of_work() as uow:
        payment = Payment(family_id=morel.id, received_at=app_state.context.now(), mode="cash", amount_cents=2500)
        payment.allocations.append(PaymentAllocation(invoice_id=invoice_id, amount_cents=2500))
        uow.session.add(payment)
    with qtbot.waitSignal(dialog.action_done, timeout=10_000) as said:
        qtbot.mouseClick(dialog.letter_button, Qt.MouseButton.LeftButton)
    assert said.args[0] == "La facture A01-F000002 est réglée : il n'y a plus rien à relancer."
    assert dialog.message.isVisible() and dialog.message.plain == said.args[0]


def test_a_plain_agent_sees_the_list_but_cannot_remind(qtbot, app_state):
    overdue(app_state)
    desk = dataclasses.replace(app_state, agent=dataclasses.replace(app_state.agent, roles=("agent",),
                                                                    is_admin=False))
    dialog = opened(qtbot, desk)
    dialog.select_invoices([dialog.model.row_at(0).invoice_id])
    for button in (dialog.letter_button, dialog.email_button):
        assert not button.isEnabled() and button.toolTip() == "Réservé au régisseur et à l'administrateur"


def test_facturation_opens_the_reminders(qtbot, app_state):
    from ems_desktop.views.facturation_tab import FacturationTab

    overdue(app_state)
    tab = FacturationTab(app_state)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.reminders_button.isEnabled() and tab.reminders_button.text() == "Relances…"
    qtbot.mouseClick(tab.reminders_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.reminders_dialog.model.rowCount() == 2, timeout=10_000)
    assert tab.reminders_dialog.isVisible()
    tab.reminders_dialog.reject()


def test_a_reminder_by_e_mail(qtbot, app_state):
    from tests.ports import free_port

    overdue(app_state)
    configure_mail(app_state.context, free_port())
    dialog = opened(qtbot, app_state)
    dialog.select_invoices([dialog.model.row_at(1).invoice_id])  # the Morel family has an address
    assert dialog.email_button.isEnabled()
    with qtbot.waitSignal(dialog.action_done, timeout=10_000) as said:
        qtbot.mouseClick(dialog.email_button, Qt.MouseButton.LeftButton)
    assert said.args[0] == "Relance par e-mail de la facture A01-F000002 confiée à la messagerie."
    assert cells(dialog, 1)[OverdueModel.LAST] == "21/06/2017 (e-mail)"
    assert cells(dialog, 0)[OverdueModel.LAST] == "—"
