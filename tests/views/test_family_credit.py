"""Family credit in the Caisse: « Avoir famille » pays first and only the rest is asked for; a
family whose credit covers what it owes pays nothing; the credit is given back from « Rembourser
l'avoir… » with its receipt."""

from __future__ import annotations

import uuid

from ems_desktop.models import PaymentMode
from ems_desktop.services import cash, checkout, corrections
from ems_desktop.services.accounts import family_balance, family_credit
from ems_desktop.services.checkout import Tender
from ems_desktop.views.caisse_tab import CaisseTab


def test_credit_pays_first_and_is_refunded_from_the_caisse(qtbot, enrolled):
    state, family, ids = enrolled
    ctx = state.context
    cash.open_cash_session(ctx, 0)
    # 40,00 € paid then cancelled, kept on the account; the other two invoiced, to pay later.
    checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids[:1], [Tender("cash", 4000)])
    corrections.cancel_paid_enrollment(ctx, ids[0], reason="Blessure", refund_mode="credit")
    checkout.checkout_enrollments(ctx, uuid.uuid4(), family.id, ids[1:2], [])

    tab = CaisseTab(state)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_open_family(family.id)
    tab.set_family_balance(family.id)
    qtbot.waitUntil(lambda: tab.due_cents == 4000 and len(tab.rows) == 1)
    [row] = tab.rows
    assert row.mode == PaymentMode.ACCOUNT_CREDIT and row.amount_edit.text() == "40,00"
    assert row.mode_combo.currentText() == "Avoir famille"
    assert "Avoir de la famille : 40,00\xa0€" in tab.due_label.text()
    tab.pay_button.click()
    qtbot.waitUntil(lambda: tab.result is not None)
    assert family_balance(ctx, family.id).due_cents == 0 and family_credit(ctx, family.id) == 0
    assert cash.current_cash_session(ctx).total("cash").amount_cents == 4000  # no money moved

    # A new credit (the second enrollment cancelled), given back in cash.
    corrections.cancel_paid_enrollment(ctx, ids[1], reason="Déménagement", refund_mode="credit")
    tab.credit_refund_button.click()
    qtbot.waitUntil(lambda: getattr(tab, "credit_refund_dialog", None) is not None
                    and tab.credit_refund_dialog.isVisible())
    dialog = tab.credit_refund_dialog
    assert dialog.amount_edit.text() == "40,00"
    dialog.amount_edit.setText("50,00")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.amount_field.error.isVisible())
    assert dialog.amount_field.error.text() == "L'avoir de la famille est de 40,00\xa0€ : pas davantage à rembourser."
    dialog.amount_edit.setText("40,00")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "Avoir remboursé : 40,00\xa0€ (espèces)" in tab.info.text())
    assert family_credit(ctx, family.id) == 0 and family_balance(ctx, family.id).due_cents == 0
    assert cash.current_cash_session(ctx).total("cash").amount_cents == 0
