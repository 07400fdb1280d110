"""The fake terminal that other modules' tests use."""

from __future__ import annotations

from ems_desktop.terminal import CardTerminal, FakeTerminal, Outcome, TerminalRequest, TerminalResult
from tests.terminal.terminal_helpers import run


def test_fake_plays_its_script_then_the_default():
    custom = TerminalResult(Outcome.IN_DOUBT, 100, "à vérifier", True)
    fake = FakeTerminal([Outcome.REFUSED, custom, Outcome.UNREACHABLE])
    assert isinstance(fake, CardTerminal)

    async def scenario():
        request = TerminalRequest(100, "debit", "F1")
        return [await fake.transact(request) for _ in range(4)], await fake.ping()

    results, reachable = run(scenario())
    assert [r.outcome for r in results] == [Outcome.REFUSED, Outcome.IN_DOUBT, Outcome.UNREACHABLE, Outcome.ACCEPTED]
    assert results[0].reason_code == "04" and results[0].message_fr == "Carte refusée"
    assert results[1] is custom
    assert results[2].request_sent is False
    accepted = results[3]
    assert accepted.masked_pan == "497011######1029" and accepted.authorisation and accepted.amount_cents == 100
    assert len(fake.requests) == 4 and reachable


def test_outcome_families():
    assert Outcome.ACCEPTED.is_accepted and not Outcome.ACCEPTED.is_final_failure
    assert Outcome.IN_DOUBT.is_in_doubt and not Outcome.IN_DOUBT.is_final_failure
    for outcome in (Outcome.REFUSED, Outcome.ABANDONED, Outcome.TERMINAL_TIMEOUT, Outcome.FORMAT_ERROR,
                    Outcome.NOT_DONE, Outcome.UNREACHABLE):
        assert outcome.is_final_failure and not outcome.is_accepted and not outcome.is_in_doubt
