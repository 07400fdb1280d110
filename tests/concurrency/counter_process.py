"""A counter in a process of its own, driven by a test over its standard input: one JSON command
per line, one JSON answer per line. A command may name a pause point: the process stops there,
inside its transaction (after it read what it checks, before it writes), says so, and waits for
"go" — so a test can force another counter to act in between.

Usage: python -m tests.concurrency.counter_process DATABASE_URL AGENT_ID COUNTER_ID
"""

from __future__ import annotations

import json
import os
import sys
import uuid

from ems_desktop.database.engine import Database
from ems_desktop.rules.sepa import earliest_collection_date
from ems_desktop.services import catalog_admin, checkout, corrections, debit_runs, enrollment
from ems_desktop.services.checkout import Tender
from ems_desktop.services.context import Actor, ServiceContext, UnitOfWork
from ems_desktop.services.errors import DomainError
from tests.helpers import real_time_on_the_seed_day

# Where a transaction may be held: (module, function) whose return is the moment to pause.
PAUSE_POINTS = {
    "enroll_counted": (enrollment, "availability"),       # places counted, enrollment not written
    "checkout_counted": (checkout, "availability"),       # an expired hold's group counted
    "checkout_checked": (checkout, "plan_tenders"),       # everything checked, nothing written
    "number_taken": (checkout, "take_number"),            # the invoice's number taken, not committed
    "credit_checked": (corrections, "_refund"),           # the line checked, no credit note written
    "outbox_sealed": (UnitOfWork, "seal_outbox"),          # the operation written, nothing committed
    "capacity_counted": (catalog_admin, "_places_taken"),  # a group's places counted, capacity not written
    "debit_owed_read": (debit_runs, "_owed"),             # families locked, what they owe read, nothing written
    "debit_file_built": (debit_runs, "pain008"),          # payments, debits and mandates written, not committed
    "reject_recorded": (debit_runs, "_reject"),           # a debit reversed, not committed
}


def say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def armed(module, name: str, point: str):
    original = getattr(module, name)
    state = {"armed": True}

    def pausing(*args, **kwargs):
        result = original(*args, **kwargs)
        if state["armed"]:  # once: a retry after a conflict runs straight through
            state["armed"] = False
            say({"paused": point})
            if sys.stdin.readline().strip() != "go":
                raise SystemExit("expected go")
        return result

    setattr(module, name, pausing)
    return lambda: setattr(module, name, original)


def run(ctx: ServiceContext, command: dict):
    op, a = command["op"], command.get("args", {})
    if "counter_id" in a:
        ctx = ctx.as_actor(Actor(ctx.actor.agent_id, uuid.UUID(a["counter_id"])))
    if op == "enroll":
        view = enrollment.enroll(ctx, uuid.UUID(a["child_id"]), uuid.UUID(a["group_id"]))
        return {"enrollment_id": str(view.id), "status": view.status}
    if op == "checkout":
        tenders = [Tender(mode, amount, cheque_number=number) for mode, amount, number in a.get("tenders", [])]
        result = checkout.checkout_enrollments(ctx, uuid.UUID(a["checkout_id"]), uuid.UUID(a["family_id"]),
                                               [uuid.UUID(i) for i in a["enrollment_ids"]], tenders)
        return {"invoice_number": result.invoice_number, "paid_cents": result.paid_cents,
                "receipts": [p.receipt_number for p in result.payments]}
    if op == "pay_balance":
        tenders = [Tender(mode, amount, cheque_number=number) for mode, amount, number in a["tenders"]]
        result = checkout.pay_balance(ctx, uuid.UUID(a["family_id"]), tenders, request_id=uuid.UUID(a["request_id"]))
        return {"paid_cents": result.paid_cents, "receipts": [p.receipt_number for p in result.payments]}
    if op == "credit_note":
        corrected = corrections.cancel_paid_enrollment(ctx, uuid.UUID(a["enrollment_id"]),
                                                       reason="Départ de la famille",
                                                       refund_mode=a.get("refund_mode", "cash"))
        return {"credit_note_number": corrected.credit_note_number, "refund_cents": corrected.refund_cents}
    if op == "set_capacity":  # Fichier › Catalogue…, by the administrator ``agent_id``
        admin = ctx.as_actor(Actor(uuid.UUID(a["agent_id"]), ctx.actor.counter_id))
        group = catalog_admin.group_input_of(admin, uuid.UUID(a["group_id"]), capacity=str(a["capacity"]))
        catalog_admin.save_group(admin, uuid.UUID(a["offer_id"]), uuid.UUID(a["group_id"]), group)
        return {"capacity": a["capacity"]}
    if op == "debit_run":  # Fichier › Prélèvements SEPA…, by the régisseur
        run = debit_runs.build_debit_run(ctx, uuid.UUID(a["run_id"]), earliest_collection_date(ctx.today()),
                                         [uuid.UUID(i) for i in a["invoice_ids"]])
        return {"reference": run.reference, "count": run.item_count, "total_cents": run.total_cents}
    if op == "bank_return":
        returned = debit_runs.import_bank_return(ctx, "retour.csv", a["csv"].encode())
        return {"rejected": len(returned.rejected), "already_known": returned.already_known}
    if op == "ping":
        return {}
    raise ValueError(f"unknown op {op}")


def main(url: str, agent_id: str, counter_id: str) -> None:
    ctx = ServiceContext(Database(url), actor=Actor(uuid.UUID(agent_id), uuid.UUID(counter_id)),
                         clock=real_time_on_the_seed_day(),  # the parent test's clock
                         outbox=os.environ.get("EMS_TESTS_OUTBOX") == "1")  # a counter that syncs
    say({"ready": True})
    for line in sys.stdin:
        command = json.loads(line)
        restore = armed(*PAUSE_POINTS[command["pause"]], command["pause"]) if command.get("pause") else None
        try:
            say({"ok": True, "result": run(ctx, command)})
        except DomainError as refused:
            say({"ok": False, "domain": True, "error": type(refused).__name__, "message": refused.message})
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            say({"ok": False, "domain": False, "error": type(exc).__name__, "message": str(exc)[:500]})
        finally:
            if restore is not None:
                restore()


if __name__ == "__main__":
    main(*sys.argv[1:])
