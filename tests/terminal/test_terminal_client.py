"""The Caisse-AP client against the simulator and scripted servers, over real loopback sockets."""

from __future__ import annotations

import asyncio
import logging

import pytest

from ems_desktop.terminal import protocol as p
from ems_desktop.terminal.client import Outcome, TerminalRequest
from tests.terminal.terminal_helpers import (
    ACCEPTED_FIELDS,
    CB_ACCEPTED,
    CB_REFUSED,
    CB_WALKS_AWAY,
    FULL_TEST_NUMBERS,
    MASTERCARD_ACCEPTED,
    REFUSED_FIELDS,
    ScriptedTerminal,
    answer_bytes,
    client_for,
    closed_port,
    debit,
    run,
    running_simulator,
    split_after,
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


async def pause_after_each_field(fields, pause_s: float, **client_options):
    """For every field but the last, in turn: the answer pauses ``pause_s`` right after it.

    The scenarios run side by side; returns {index of the field before the pause: result}.
    """
    async def one(count):
        async with ScriptedTerminal(split_after(fields, count), pause_s=pause_s) as terminal:
            return await client_for(terminal.port, **client_options).transact(debit())

    counts = range(1, len(fields))
    results = await asyncio.gather(*(one(count) for count in counts))
    return {fields[count - 1][0]: result for count, result in zip(counts, results, strict=True)}


def test_accepted_answer_pausing_after_any_field_keeps_every_field():
    # 0.4 s is twice the old 0.2 s grace: after AC the contract (CG) and the card application (CC)
    # used to be dropped. Every pause position is tried, side by side.
    results = run(pause_after_each_field(ACCEPTED_FIELDS, pause_s=0.4))
    assert len(results) == len(ACCEPTED_FIELDS) - 1
    expected = (Outcome.ACCEPTED, "497011######1029", "654321", "7654321", "001", "C", "000042")
    wrong = {paused_after: summary for paused_after, result in results.items()
             if (summary := (result.outcome, result.masked_pan, result.authorisation, result.merchant_contract,
                             result.card_application, result.read_mode, result.transaction_number)) != expected}
    assert wrong == {}, "answers cut short by a pause after these fields"


def test_refused_answer_pausing_after_any_field_keeps_its_reason():
    results = run(pause_after_each_field(REFUSED_FIELDS, pause_s=0.4))
    wrong = {paused_after: (result.outcome, result.reason_code) for paused_after, result in results.items()
             if (result.outcome, result.reason_code) != (Outcome.REFUSED, "04")}
    assert wrong == {}


def test_required_fields_are_waited_for_whatever_the_idle_wait():
    # A client with a very short idle wait: the pause is 8 times longer, yet no answer is ended
    # before its required fields (amount and currency echoes, card number, authorisation).
    results = run(pause_after_each_field(ACCEPTED_FIELDS, pause_s=0.4, trailing_grace_s=0.05))
    expected = (Outcome.ACCEPTED, 12000, "497011######1029", "654321")
    wrong = {paused_after: summary for paused_after, result in results.items()
             if (summary := (result.outcome, result.amount_cents, result.masked_pan, result.authorisation)) != expected}
    assert wrong == {}


@pytest.mark.parametrize("hang_up", [False, True], ids=["line-kept-open", "hang-up"])
def test_accepted_answer_that_never_gets_its_authorisation_is_in_doubt(hang_up):
    # Status, echoes and card number, then nothing: no authorisation before the deadline.
    before_authorisation = ACCEPTED_FIELDS[:[tag for tag, _ in ACCEPTED_FIELDS].index("AC")]

    async def scenario():
        async with ScriptedTerminal([p.encode(before_authorisation)], hang_up=hang_up) as terminal:
            loop = asyncio.get_running_loop()
            started = loop.time()
            result = await client_for(terminal.port, deadline_s=0.5).transact(debit())
            return result, loop.time() - started

    result, elapsed = run(scenario())
    assert result.outcome is Outcome.IN_DOUBT and result.request_sent
    assert result.message_fr == "Réponse du terminal incomplète : paiement à vérifier sur le ticket du terminal"
    assert result.authorisation is None and result.masked_pan is None
    if hang_up:
        assert elapsed < 0.4  # nothing more can come: no need to wait for the deadline
    else:
        assert 0.45 <= elapsed < 1.5


def test_optional_fields_missing_are_waited_for_only_the_idle_wait():
    # No CC, CG, CI, CF: once the required fields are there, the answer ends after the idle wait.
    minimal = [(tag, value) for tag, value in ACCEPTED_FIELDS if tag not in ("CC", "CI", "CG", "CF")]

    async def scenario():
        async with ScriptedTerminal([p.encode(minimal)]) as terminal:
            loop = asyncio.get_running_loop()
            started = loop.time()
            result = await client_for(terminal.port, deadline_s=5.0, trailing_grace_s=0.1).transact(debit())
            return result, loop.time() - started

    result, elapsed = run(scenario())
    assert result.outcome is Outcome.ACCEPTED and result.authorisation == "654321"
    assert result.merchant_contract is None and result.card_application is None
    assert 0.1 <= elapsed < 1.0


def test_provisional_status_and_final_answer_in_one_read():
    # "Request taken into account" and the final answer can share a TCP segment: two CZ fields in
    # one buffer are two messages, not garbage.
    provisional = answer_bytes(AE="11", CA="01")
    final = answer_bytes(AE="01", AF="04", CA="01", CB="00012000", CD="0", CE="978")

    async def scenario():
        async with ScriptedTerminal([provisional + final]) as terminal:
            return await client_for(terminal.port).transact(debit())

    assert run(scenario()).outcome is Outcome.REFUSED


@pytest.mark.parametrize("order", ["CZ-inside", "no-CZ"])
def test_answer_with_cz_out_of_place_is_still_one_answer(order):
    # Only a second CZ starts another message: an answer is not split (nor refused) over order.
    fields = [pair for pair in ACCEPTED_FIELDS if pair[0] != "CZ"]
    data = b"".join(p.encode([pair]) for pair in fields)
    if order == "CZ-inside":
        data = data.replace(b"CB008", b"CZ0040300CB008")

    async def scenario():
        async with ScriptedTerminal([data]) as terminal:
            return await client_for(terminal.port).transact(debit())

    result = run(scenario())
    assert result.outcome is Outcome.ACCEPTED and result.merchant_contract == "7654321"


def test_answer_followed_by_another_message_ends_at_once():
    # A complete answer (no optional field) then the start of another message: no idle wait.
    minimal = [(tag, value) for tag, value in ACCEPTED_FIELDS if tag not in ("CC", "CI", "CG", "CF", "CD")]

    async def scenario():
        async with ScriptedTerminal([p.encode(minimal) + b"CZ0040300"]) as terminal:
            loop = asyncio.get_running_loop()
            started = loop.time()
            result = await client_for(terminal.port, trailing_grace_s=5.0).transact(debit())
            return result, loop.time() - started

    result, elapsed = run(scenario())
    assert result.outcome is Outcome.ACCEPTED and elapsed < 1.0


def test_largest_amount_goes_through_and_larger_ones_are_never_sent():
    largest = p.MAX_AMOUNT_CENTS  # 9 999 999 999,99 €: 12 digits of cents

    async def scenario():
        async with ScriptedTerminal([answer_bytes(AE="01", AF="05")]) as terminal:
            result = await client_for(terminal.port).transact(TerminalRequest(largest, "debit", "MAX"))
            return result, terminal.requests[0]

    result, request = run(scenario())
    assert request["CB"] == "999999999999" and result.outcome is Outcome.NOT_DONE
    for amount in (largest + 1, 10**15, 0, -1, -12000):
        with pytest.raises(ValueError):
            TerminalRequest(amount, "debit", "X")


def test_client_refuses_a_configuration_that_makes_malformed_requests():
    for options in ({"currency": "EUR"}, {"currency": "97"}, {"till": ""}, {"protocol_id": "1"},
                    {"till": "é"}):
        with pytest.raises(ValueError):
            client_for(1, **options)


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
