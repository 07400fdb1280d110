"""A terminal for other modules' tests: scripted outcomes, no socket."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterable

from ems_desktop.terminal.client import (
    MESSAGES_FR,
    REFUND_ACCEPTED_FR,
    CardTerminal,
    Outcome,
    TerminalRequest,
    TerminalResult,
    failed_result,
)

FAKE_MASKED_PAN = "497011######1029"
FAKE_MERCHANT_CONTRACT = "1234567"
_REASON_CODES = {
    Outcome.REFUSED: "04",
    Outcome.ABANDONED: "11",
    Outcome.TERMINAL_TIMEOUT: "08",
    Outcome.FORMAT_ERROR: "09",
    Outcome.NOT_DONE: "05",
}


class FakeTerminal(CardTerminal):
    """Answers each transaction with the next scripted outcome (``default`` once the script is spent).

    A script entry is an :class:`Outcome` (a plausible result is built for it) or a ready
    :class:`TerminalResult`. Every request is kept in ``requests``.
    """

    def __init__(self, script: Iterable[Outcome | TerminalResult] = (), *,
                 default: Outcome = Outcome.ACCEPTED, reachable: bool = True, delay_s: float = 0.0) -> None:
        self.script: deque[Outcome | TerminalResult] = deque(script)
        self.default = default
        self.reachable = reachable
        self.delay_s = delay_s
        self.requests: list[TerminalRequest] = []
        self._transactions = 0

    def then(self, *entries: Outcome | TerminalResult) -> FakeTerminal:
        """Append outcomes to the script; returns self for chaining."""
        self.script.extend(entries)
        return self

    async def ping(self) -> bool:
        return self.reachable

    async def transact(self, request: TerminalRequest) -> TerminalResult:
        self.requests.append(request)
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        entry = self.script.popleft() if self.script else self.default
        if isinstance(entry, TerminalResult):
            return entry
        return self.result_for(entry, request)

    def result_for(self, outcome: Outcome, request: TerminalRequest) -> TerminalResult:
        if outcome is Outcome.ACCEPTED:
            self._transactions += 1
            return TerminalResult(
                outcome=outcome, amount_cents=request.amount_cents,
                message_fr=REFUND_ACCEPTED_FR if request.kind == "refund" else MESSAGES_FR[outcome],
                request_sent=True, masked_pan=FAKE_MASKED_PAN,
                authorisation=f"{100000 + self._transactions:06d}",
                merchant_contract=FAKE_MERCHANT_CONTRACT, card_application="001", read_mode="C",
                transaction_number=f"{self._transactions:06d}")
        return failed_result(request, outcome, request_sent=outcome is not Outcome.UNREACHABLE,
                             reason_code=_REASON_CODES.get(outcome))
