"""The card payment state machine over real loopback sockets, through the terminal simulator:
every outcome and fault ends in a defined, recorded state; nothing is charged twice."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket

import pytest

from ems_desktop.models import AttemptState
from ems_desktop.services import card_payments as cp
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.terminal.client import CaisseApIpTerminal
from ems_desktop.terminal.fake import FakeTerminal
from ems_desktop.terminal.simulator import TerminalSimulator
from tests.helpers import make_family, ticket_time_of

VISA_OK = "4970110000001029"
MASTERCARD_OK = "5100010000000114"
REFUSED = "4970110000000401"
KEY = cp.lines_key(["enrollment-1", "enrollment-2", "enrollment-3"])


@pytest.fixture
def family(ctx):
    return make_family(ctx)



def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, timeout=30))


async def charge_through(ctx, family_id, simulator: TerminalSimulator, customer=None, *, deadline_s=5.0,
                         amount=12000):
    """Start the simulator, charge ``amount`` through a real client, let ``customer`` act on the
    terminal once the request has arrived."""
    async with simulator:
        terminal = CaisseApIpTerminal("127.0.0.1", simulator.port, deadline_s=deadline_s, connect_timeout_s=2)
        runner = cp.CardPaymentRunner(ctx, terminal)
        task = asyncio.ensure_future(runner.charge(family_id, KEY, amount))
        if customer is not None:
            await simulator.wait_for_request(timeout=10)
            customer(simulator)
        return await task


@pytest.mark.parametrize("card, application", [(VISA_OK, "001"), (MASTERCARD_OK, "00B")])
def test_accepted_card_is_recorded_with_authorisation_and_masked_number(ctx, family, card, application):
    attempt = run(charge_through(ctx, family.id, TerminalSimulator(), lambda sim: sim.present_card(card)))
    assert attempt.state == AttemptState.ACCEPTED and attempt.accepted
    assert attempt.masked_pan == f"{card[:6]}######{card[-4:]}"
    assert len(attempt.authorisation) == 6 and attempt.merchant_contract and attempt.transaction_number
    assert attempt.card_application == application
    with pytest.raises(cp.CardChargeBlocked) as blocked:
        cp.open_attempt(ctx, family.id, KEY, 12000)
    assert "ne faites pas payer une seconde fois" in blocked.value.message


def test_refused_card_can_be_retried_at_once_with_another_card(ctx, family):
    attempt = run(charge_through(ctx, family.id, TerminalSimulator(), lambda sim: sim.present_card(REFUSED)))
    assert attempt.state == AttemptState.REFUSED and attempt.retry_blocked_until is None
    again = run(charge_through(ctx, family.id, TerminalSimulator(), lambda sim: sim.present_card(VISA_OK)))
    assert again.state == AttemptState.ACCEPTED


@pytest.mark.parametrize("action, outcome", [("abandon", "ABANDONED"), ("terminal_timeout", "TERMINAL_TIMEOUT")])
def test_abandon_or_terminal_timeout_blocks_card_for_30_minutes(ctx, family, action, outcome):
    attempt = run(charge_through(ctx, family.id, TerminalSimulator(), lambda sim: getattr(sim, action)()))
    assert (attempt.state, attempt.outcome) == (AttemptState.FAILED, outcome)
    assert attempt.retry_blocked_until == ctx.now() + dt.timedelta(minutes=30)
    with pytest.raises(cp.CardChargeBlocked) as blocked:
        cp.open_attempt(ctx, family.id, KEY, 12000)
    assert "ne peuvent être repayées par carte qu'à partir de" in blocked.value.message
    assert "(dans 30 min)" in blocked.value.message
    ctx.clock.advance(minutes=29)
    with pytest.raises(cp.CardChargeBlocked):
        cp.open_attempt(ctx, family.id, KEY, 12000)
    ctx.clock.advance(minutes=1, seconds=1)
    assert cp.open_attempt(ctx, family.id, KEY, 12000).state == AttemptState.REQUESTED


def test_a_printed_failure_lifts_the_block(ctx, family):
    attempt = run(charge_through(ctx, family.id, TerminalSimulator(), lambda sim: sim.abandon()))
    cp.confirm_failure_printed(ctx, attempt.id)
    assert cp.open_attempt(ctx, family.id, KEY, 12000).state == AttemptState.REQUESTED


def test_no_answer_within_the_deadline_is_in_doubt_and_blocks_until_settled(ctx, family):
    attempt = run(charge_through(ctx, family.id, TerminalSimulator(), lambda sim: sim.walk_away(), deadline_s=0.5))
    assert attempt.state == AttemptState.IN_DOUBT
    assert "ticket du terminal" in attempt.message
    with pytest.raises(cp.CardChargeBlocked) as blocked:
        cp.open_attempt(ctx, family.id, KEY, 12000)
    assert "à vérifier" in blocked.value.message
    assert [a.id for a in cp.attempts_needing_attention(ctx)] == [attempt.id]

    with pytest.raises(ValidationFailed) as missing:
        cp.settle(ctx, attempt.id, accepted=True)
    assert missing.value.errors["authorisation"].startswith("Saisissez le numéro d'autorisation")
    settled = cp.settle(ctx, attempt.id, accepted=True, authorisation="A1B2C3",
                        ticket_time=ticket_time_of(ctx, attempt.id), card_last_digits="1029")
    assert settled.state == AttemptState.ACCEPTED and settled.masked_pan == "############1029"
    with pytest.raises(DomainError):
        cp.settle(ctx, attempt.id, accepted=False)
    # Settled as accepted, it waits for its checkout to be recorded (the Accueil does it next).
    assert [(a.id, a.state) for a in cp.attempts_needing_attention(ctx)] == [(attempt.id, AttemptState.ACCEPTED)]


def test_settled_as_failed_frees_the_lines(ctx, family):
    attempt = run(charge_through(ctx, family.id, TerminalSimulator(), lambda sim: sim.walk_away(), deadline_s=0.3))
    cp.settle(ctx, attempt.id, accepted=False)
    assert cp.open_attempt(ctx, family.id, KEY, 12000).state == AttemptState.REQUESTED


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_terminal_sends_nothing_and_blocks_nothing(ctx, family):
    async def go():
        terminal = CaisseApIpTerminal("127.0.0.1", closed_port(), connect_timeout_s=1)
        return await cp.CardPaymentRunner(ctx, terminal).charge(family.id, KEY, 12000)

    attempt = run(go())
    assert attempt.state == AttemptState.UNREACHABLE and attempt.retry_blocked_until is None
    assert cp.open_attempt(ctx, family.id, KEY, 12000).state == AttemptState.REQUESTED


@pytest.mark.parametrize("fault", [
    {"close_before_answer": True},
    {"send_garbage": True},
    {"oversize": True},
    {"answer_amount_override": 4000},
])
def test_faults_after_sending_are_in_doubt(ctx, family, fault):
    attempt = run(charge_through(ctx, family.id, TerminalSimulator(**fault), lambda sim: sim.present_card(VISA_OK)))
    assert attempt.state == AttemptState.IN_DOUBT
    assert attempt.masked_pan in ("", "497011######1029")


def test_an_answer_in_many_small_pieces_is_accepted(ctx, family):
    simulator = TerminalSimulator(chunk_size=3, chunk_delay_s=0.01)
    attempt = run(charge_through(ctx, family.id, simulator, lambda sim: sim.present_card(VISA_OK)))
    assert attempt.state == AttemptState.ACCEPTED


def test_asking_twice_for_the_same_attempt_sends_one_request(ctx, family):
    terminal = FakeTerminal(delay_s=0.05)

    async def go():
        runner = cp.CardPaymentRunner(ctx, terminal)
        attempt = await asyncio.to_thread(cp.open_attempt, ctx, family.id, KEY, 12000)
        return await asyncio.gather(runner.send(attempt.id), runner.send(attempt.id))

    first, second = run(go())
    assert len(terminal.requests) == 1
    assert {first.state, second.state} <= {AttemptState.ACCEPTED, AttemptState.SENT}
    assert cp.get_attempt(ctx, first.id).state == AttemptState.ACCEPTED


def test_a_crash_before_sending_cancels_and_after_sending_puts_in_doubt(ctx, family, clock):
    never_sent = cp.open_attempt(ctx, family.id, cp.lines_key(["a"]), 4000)
    sent = cp.open_attempt(ctx, family.id, cp.lines_key(["b"]), 4000)
    assert cp.mark_sent(ctx, sent.id) is True
    assert cp.mark_sent(ctx, sent.id) is False  # the same attempt is never sent twice
    # A restart within the terminal's deadline: the answer may still come, the sent one waits.
    assert {a.id: a.state for a in cp.recover_interrupted(ctx)} == {never_sent.id: AttemptState.CANCELLED}
    assert cp.mark_sent(ctx, never_sent.id) is False  # cancelled: nothing can send it any more
    with pytest.raises(DomainError) as young:
        cp.settle(ctx, sent.id, accepted=False)
    assert "attend encore la réponse du terminal" in young.value.message
    clock.advance(seconds=cp.STALE_AFTER.total_seconds())
    assert {a.id: a.state for a in cp.recover_interrupted(ctx)} == {sent.id: AttemptState.IN_DOUBT}
    assert cp.recover_interrupted(ctx) == []


def test_start_up_of_another_counter_leaves_a_running_payment_alone(ctx, family, clock):
    """Counter B starts while counter A waits for its terminal: A's attempt is not touched, and
    the terminal's "accepted" is recorded with its authorisation when it comes."""
    from ems_desktop.services import agents
    from ems_desktop.services.context import Actor
    from ems_desktop.terminal.client import Outcome, TerminalResult

    running = cp.open_attempt(ctx, family.id, KEY, 12000)
    assert cp.mark_sent(ctx, running.id)
    counter_b = agents.create_counter(ctx, code="GYM", name="Accueil Gymnase", number_prefix="B02")
    clock.advance(hours=2)  # even an old attempt of another counter is not this counter's to recover
    assert cp.recover_interrupted(ctx.as_actor(Actor(None, counter_b.id))) == []
    answer = TerminalResult(Outcome.ACCEPTED, 12000, "Paiement accepté", True, masked_pan="497011######1029",
                            authorisation="A1B2C3", merchant_contract="1234567", card_application="001")
    recorded = cp.record_answer(ctx, running.id, answer)
    assert recorded.accepted and recorded.authorisation == "A1B2C3" and recorded.merchant_contract == "1234567"


def test_a_late_answer_to_an_attempt_in_doubt_is_recorded(ctx, family, clock):
    from ems_desktop.terminal.client import Outcome, TerminalResult

    accepted = TerminalResult(Outcome.ACCEPTED, 12000, "Paiement accepté", True, masked_pan="497011######1029",
                              authorisation="A1B2C3")
    attempt = cp.open_attempt(ctx, family.id, KEY, 12000)
    cp.mark_sent(ctx, attempt.id)
    clock.advance(seconds=cp.STALE_AFTER.total_seconds())
    cp.recover_interrupted(ctx)
    late = cp.record_answer(ctx, attempt.id, accepted)
    assert late.accepted and late.authorisation == "A1B2C3"
    # Settled as failed from a ticket misread, then the terminal says it was accepted: the
    # terminal is right, the money waits on the Accueil to be recorded.
    other = cp.open_attempt(ctx, family.id, cp.lines_key(["autre"]), 4000)
    cp.mark_sent(ctx, other.id)
    clock.advance(seconds=cp.STALE_AFTER.total_seconds())
    cp.settle(ctx, other.id, accepted=False)
    assert cp.record_answer(ctx, other.id, accepted).accepted
    assert other.id in [a.id for a in cp.attempts_needing_attention(ctx)]


def test_an_attempt_in_doubt_blocks_any_charge_that_includes_one_of_its_lines(ctx, family):
    async def go():
        runner = cp.CardPaymentRunner(ctx, FakeTerminal(default=Outcome.IN_DOUBT))
        return await runner.charge(family.id, cp.lines_key(["ski"]), 4000, lines=["ski"])

    from ems_desktop.terminal.client import Outcome
    assert run(go()).in_doubt
    with pytest.raises(cp.CardChargeBlocked):
        cp.open_attempt(ctx, family.id, cp.lines_key(["ski", "aquatique"]), 5500, lines=["ski", "aquatique"])
    # Lines of the family that the attempt did not touch can still be paid by card.
    assert cp.open_attempt(ctx, family.id, cp.lines_key(["aquatique"]), 1500, lines=["aquatique"]).state == "requested"


def test_an_accepted_answer_with_odd_fields_is_recorded_all_the_same(ctx, family):
    """The card was debited: an over-long or garbled field of the terminal's answer is trimmed to
    what can be stored, never a reason to leave the money unrecorded."""
    from ems_desktop.terminal.client import Outcome, TerminalResult

    attempt = cp.open_attempt(ctx, family.id, KEY, 12000)
    assert cp.mark_sent(ctx, attempt.id)
    answer = TerminalResult(Outcome.ACCEPTED, 12000, "Paiement accepté", True, masked_pan="497011######1029",
                            authorisation="A" * 25 + "\x00", merchant_contract="1234567\x07", card_application="001",
                            transaction_number="9" * 60, reason_code="\x00" * 3)
    recorded = cp.record_answer(ctx, attempt.id, answer)
    assert recorded.accepted
    assert recorded.authorisation == "A" * 20 and recorded.merchant_contract == "1234567"
    assert recorded.transaction_number == "9" * 40


def test_settling_from_the_ticket_checks_what_was_typed(ctx, family, clock):
    attempt = cp.open_attempt(ctx, family.id, KEY, 12000)
    cp.mark_sent(ctx, attempt.id)
    clock.advance(seconds=cp.STALE_AFTER.total_seconds())
    with pytest.raises(ValidationFailed) as err:
        cp.settle(ctx, attempt.id, accepted=True, authorisation="12\x0034", ticket_time=ticket_time_of(ctx, attempt.id),
                  note="x" * 4001)
    assert set(err.value.errors) == {"authorisation", "note"}
    assert cp.get_attempt(ctx, attempt.id).state == AttemptState.SENT  # nothing saved


def test_settling_as_accepted_needs_the_time_on_the_terminals_ticket(ctx, family, clock):
    attempt = cp.open_attempt(ctx, family.id, KEY, 12000)
    cp.mark_sent(ctx, attempt.id)  # 21/06/2017 at 15:00 in Paris
    clock.advance(seconds=cp.STALE_AFTER.total_seconds())
    with pytest.raises(ValidationFailed) as missing:
        cp.settle(ctx, attempt.id, accepted=True, authorisation="A1B2C3")
    assert missing.value.errors == {"ticket_time": "Saisissez l'heure imprimée sur le ticket du terminal (hh:mm)."}
    with pytest.raises(ValidationFailed) as other_ticket:
        cp.settle(ctx, attempt.id, accepted=True, authorisation="A1B2C3", ticket_time="13h02")
    assert other_ticket.value.errors["ticket_time"] == ("Ce ticket de 13:02 n'est pas celui de ce paiement, envoyé au "
                                                        "terminal à 15:00 : retrouvez le bon ticket.")
    settled = cp.settle(ctx, attempt.id, accepted=True, authorisation="A1B2C3", ticket_time="15h01")
    assert settled.accepted and settled.settlement_note == "Accepté d'après le ticket du terminal de 15:01"
