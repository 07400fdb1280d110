"""The Caisse-AP client against the simulator and scripted servers, over real loopback sockets."""

from __future__ import annotations

import asyncio
import logging

import pytest

from ems_desktop.terminal import protocol as p
from ems_desktop.terminal.client import Outcome, TerminalRequest
from tests.terminal.terminal_helpers import (
    CB_ACCEPTED,
    CB_REFUSED,
    CB_WALKS_AWAY,
    FULL_TEST_NUMBERS,
    MASTERCARD_ACCEPTED,
    ScriptedTerminal,
    answer_bytes,
    client_for,
    closed_port,
    debit,
    run,
    running_simulator,
    transact_with,
)


def test_cb_card_accepted():
    async def scenario():
        async with running_simulator(merchant_contract="7654321") as sim:
            result = await transact_with(sim, lambda s: s.present_card(CB_ACCEPTED))
            assert sim.history[0].answered
            return result

    result = run(scenario())
    assert result.outcome is Outcome.ACCEPTED and result.accepted and not result.in_doubt
    assert result.message_fr == "Paiement accepté"
    assert result.amount_cents == 12000
    assert result.masked_pan == "497011######1029"
    assert result.card_application == "001" and result.read_mode == "C"
    assert result.merchant_contract == "7654321"
    assert len(result.authorisation) == 6 and result.authorisation.isdigit()
    assert result.transaction_number == "000001"
    assert result.request_sent


def test_mastercard_accepted_contactless():
    result = run(running_and(lambda s: s.present_card(MASTERCARD_ACCEPTED)))
    assert result.outcome is Outcome.ACCEPTED
    assert result.masked_pan == "510001######0114"
    assert result.card_application == "00B" and result.read_mode == "L"


def test_refund_accepted():
    request = TerminalRequest(4000, "refund", "AVOIR-1")
    result = run(running_and(lambda s: s.present_card(CB_ACCEPTED), request=request))
    assert result.outcome is Outcome.ACCEPTED and result.message_fr == "Remboursement accepté"


def test_card_refused():
    result = run(running_and(lambda s: s.present_card(CB_REFUSED)))
    assert result.outcome is Outcome.REFUSED and result.final_failure
    assert result.reason_code == "04" and result.message_fr == "Carte refusée"
    assert result.masked_pan is None


@pytest.mark.parametrize("reason", ["11", "06"])
def test_abandon_on_the_terminal_with_empty_amount_echo(reason):
    async def scenario():
        async with running_simulator() as sim:
            result = await transact_with(sim, lambda s: s.abandon(reason))
            return result

    result = run(scenario())
    assert result.outcome is Outcome.ABANDONED and result.final_failure
    assert result.reason_code == reason
    assert result.message_fr == "Paiement abandonné sur le terminal"


def test_abandon_answer_really_echoes_an_empty_amount():
    async def scenario():
        async with running_simulator() as sim:
            reader, writer = await asyncio.open_connection("127.0.0.1", sim.port)
            writer.write(p.encode(p.request_fields(12000, refund=False)))
            await sim.wait_for_request(1.0)
            sim.abandon()
            data = bytearray()
            while (answer := p.parse_message(data)) is None or "CE" not in answer:
                data += await asyncio.wait_for(reader.read(4096), 1.0)
            writer.close()
            return answer

    answer = run(scenario())
    assert answer["AE"] == "01" and answer["AF"] == "11" and answer["CB"] == ""


def test_terminal_input_timeout():
    result = run(running_and(lambda s: s.terminal_timeout()))
    assert result.outcome is Outcome.TERMINAL_TIMEOUT and result.final_failure
    assert result.reason_code == "08"
    assert result.message_fr == "Délai de saisie dépassé sur le terminal"


@pytest.mark.parametrize("customer", [lambda s: s.walk_away(), lambda s: s.present_card(CB_WALKS_AWAY)])
def test_no_answer_within_the_deadline_is_in_doubt(customer):
    async def scenario():
        async with running_simulator() as sim:
            loop = asyncio.get_running_loop()
            started = loop.time()
            result = await transact_with(sim, customer, deadline_s=0.5)
            return result, loop.time() - started, sim.history[0]

    result, elapsed, finished = run(scenario())
    assert result.outcome is Outcome.IN_DOUBT and result.in_doubt and result.request_sent
    assert result.message_fr == "Le terminal ne répond pas : paiement à vérifier sur le ticket du terminal"
    assert 0.4 <= elapsed < 1.5
    assert not finished.answered


def test_unreachable_terminal_is_safe_to_retry():
    async def scenario():
        terminal = client_for(closed_port(), deadline_s=1.0)
        return await terminal.transact(debit()), await terminal.ping()

    result, answers = run(scenario())
    assert result.outcome is Outcome.UNREACHABLE and result.final_failure
    assert result.request_sent is False
    assert "injoignable" in result.message_fr
    assert answers is False


def test_ping_sees_a_listening_terminal():
    async def scenario():
        async with running_simulator() as sim:
            return await client_for(sim.port).ping()

    assert run(scenario()) is True


def test_connection_closed_mid_way_is_in_doubt():
    result = run(running_and(lambda s: s.present_card(CB_ACCEPTED), close_before_answer=True))
    assert result.outcome is Outcome.IN_DOUBT and result.request_sent
    assert "Connexion au terminal perdue" in result.message_fr


def test_garbage_answer_is_in_doubt():
    result = run(running_and(lambda s: s.present_card(CB_ACCEPTED), send_garbage=True))
    assert result.outcome is Outcome.IN_DOUBT
    assert "illisible" in result.message_fr


def test_answer_in_many_small_pieces_with_pauses_is_accepted():
    result = run(running_and(lambda s: s.present_card(CB_ACCEPTED), chunk_size=3, chunk_delay_s=0.005))
    assert result.outcome is Outcome.ACCEPTED
    assert result.masked_pan == "497011######1029" and result.transaction_number == "000001"


def test_pieces_cut_on_field_boundaries_after_the_status_wait_for_the_rest():
    # The status arrives first and whole; the rest comes after a pause shorter than the grace.
    head = answer_bytes(AE="10")
    rest = p.encode({"CA": "01", "CB": "00012000", "CD": "0", "CE": "978",
                     "AA": "497011######1029", "AC": "123456"})

    async def scenario():
        async with ScriptedTerminal([head, rest], pause_s=0.05) as terminal:
            return await client_for(terminal.port).transact(debit())

    result = run(scenario())
    assert result.outcome is Outcome.ACCEPTED and result.authorisation == "123456"


def test_answer_for_another_amount_is_in_doubt():
    result = run(running_and(lambda s: s.present_card(CB_ACCEPTED), answer_amount_override=1200))
    assert result.outcome is Outcome.IN_DOUBT
    assert "autre montant" in result.message_fr


def test_answer_in_another_currency_is_in_doubt():
    result = run(running_and(lambda s: s.present_card(CB_ACCEPTED), answer_currency_override="840"))
    assert result.outcome is Outcome.IN_DOUBT
    assert "autre devise" in result.message_fr


def test_request_in_an_unsupported_currency_is_not_done():
    async def scenario():
        async with running_simulator() as sim:
            return await client_for(sim.port, currency="840").transact(debit())

    result = run(scenario())
    assert result.outcome is Outcome.NOT_DONE and result.reason_code == "13"
    assert result.message_fr == "Devise non acceptée par le terminal"


def test_oversize_answer_is_in_doubt():
    result = run(running_and(lambda s: s.present_card(CB_ACCEPTED), oversize=True))
    assert result.outcome is Outcome.IN_DOUBT
    assert "illisible" in result.message_fr


def test_twelve_digit_padded_amount_is_accepted():
    answer = answer_bytes(AE="10", CA="01", CB="000000012000", CD="0", CE="978",
                          AA="497011######1029", AC="654321", CG="1234567", CF="42")

    async def scenario():
        async with ScriptedTerminal([answer]) as terminal:
            result = await client_for(terminal.port).transact(debit())
            return result, terminal.requests[0]

    result, request = run(scenario())
    assert result.outcome is Outcome.ACCEPTED and result.transaction_number == "42"
    assert request["CB"] == "12000" and request["CD"] == "0" and request["CA"] == "01"


def test_full_card_number_from_a_terminal_is_masked_and_expiry_dropped(caplog):
    answer = answer_bytes(AE="10", CA="01", CB="12000", CD="0", CE="978",
                          AA=CB_ACCEPTED, AB="2912", AC="654321")

    async def scenario():
        async with ScriptedTerminal([answer]) as terminal:
            return await client_for(terminal.port).transact(debit())

    with caplog.at_level(logging.DEBUG):
        result = run(scenario())
    assert result.masked_pan == "497011######1029"
    assert CB_ACCEPTED not in repr(result) and "2912" not in repr(result)
    assert CB_ACCEPTED not in caplog.text


def test_provisional_status_is_followed_by_the_final_answer():
    provisional = answer_bytes(AE="11")
    final = answer_bytes(AE="01", AF="04", CA="01", CB="00012000", CD="0", CE="978")

    async def scenario():
        async with ScriptedTerminal([provisional, final], pause_s=0.05) as terminal:
            return await client_for(terminal.port).transact(debit())

    result = run(scenario())
    assert result.outcome is Outcome.REFUSED


def test_unknown_status_is_in_doubt():
    async def scenario():
        async with ScriptedTerminal([answer_bytes(AE="99")]) as terminal:
            return await client_for(terminal.port).transact(debit())

    assert run(scenario()).outcome is Outcome.IN_DOUBT


def test_no_full_test_card_number_in_the_logs_of_an_accepted_payment(caplog):
    with caplog.at_level(logging.DEBUG):
        result = run(running_and(lambda s: s.present_card(CB_ACCEPTED)))
        result_mc = run(running_and(lambda s: s.present_card(MASTERCARD_ACCEPTED)))
    assert result.accepted and result_mc.accepted
    assert "497011######1029" in caplog.text  # the masked form is logged…
    for number in FULL_TEST_NUMBERS:
        assert number not in caplog.text  # …never the full one


def test_request_validation():
    with pytest.raises(ValueError):
        TerminalRequest(0, "debit", "X")
    with pytest.raises(ValueError):
        TerminalRequest(100, "credit", "X")
    with pytest.raises(TypeError):
        TerminalRequest(1.5, "debit", "X")


async def running_and(customer, request=None, **simulator_options):
    async with running_simulator(**simulator_options) as sim:
        return await transact_with(sim, customer, request=request)
