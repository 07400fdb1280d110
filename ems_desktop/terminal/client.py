"""The card terminal as the checkout sees it, and its Caisse-AP over IP implementation.

The checkout only knows :class:`CardTerminal`. Every result says whether the money was taken
(``accepted``), certainly not taken (``final_failure``: safe to try again) or maybe taken
(``in_doubt``: the request left but no usable answer came back; the agent checks the terminal's
ticket before anything else).

Reading an answer: bytes are accumulated until they parse as whole fields holding the status
``AE`` (see :mod:`.protocol`). Because a piece can end exactly between two fields, a complete
answer still missing the fields its status usually carries (echoes, card number, authorisation
on success; the reason on failure) is given a short idle grace for the rest to arrive; the
socket is never waited on to close (terminals keep it open). The whole exchange is bounded by a
deadline and the answer by a size cap.
"""

from __future__ import annotations

import abc
import asyncio
import enum
import logging
from dataclasses import dataclass
from typing import Literal

from ems_desktop.terminal import protocol as p
from ems_desktop.terminal.cards import mask_card_number

log = logging.getLogger(__name__)

Kind = Literal["debit", "refund"]


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    REFUSED = "refused"
    ABANDONED = "abandoned"
    TERMINAL_TIMEOUT = "terminal_timeout"
    FORMAT_ERROR = "format_error"
    NOT_DONE = "not_done"          # not done, for another reason
    UNREACHABLE = "unreachable"    # request not sent: safe to retry
    IN_DOUBT = "in_doubt"          # request sent, no usable answer: money maybe taken

    @property
    def is_accepted(self) -> bool:
        return self is Outcome.ACCEPTED

    @property
    def is_in_doubt(self) -> bool:
        return self is Outcome.IN_DOUBT

    @property
    def is_final_failure(self) -> bool:
        """The money was certainly not taken."""
        return not (self.is_accepted or self.is_in_doubt)


@dataclass(frozen=True)
class TerminalRequest:
    amount_cents: int
    kind: Kind
    reference: str  # our payment's reference, for the logs

    def __post_init__(self) -> None:
        if isinstance(self.amount_cents, bool) or not isinstance(self.amount_cents, int):
            raise TypeError("amount must be integer cents")
        if not 0 < self.amount_cents <= p.MAX_AMOUNT_CENTS:
            raise ValueError("the amount must be positive and at most 12 digits")
        if self.kind not in ("debit", "refund"):
            raise ValueError("kind is 'debit' or 'refund'")


@dataclass(frozen=True)
class TerminalResult:
    outcome: Outcome
    amount_cents: int
    message_fr: str
    request_sent: bool
    masked_pan: str | None = None
    authorisation: str | None = None
    merchant_contract: str | None = None
    card_application: str | None = None
    read_mode: str | None = None
    transaction_number: str | None = None
    reason_code: str | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome.is_accepted

    @property
    def in_doubt(self) -> bool:
        return self.outcome.is_in_doubt

    @property
    def final_failure(self) -> bool:
        return self.outcome.is_final_failure


TO_CHECK = " : paiement à vérifier sur le ticket du terminal"
MESSAGES_FR = {
    Outcome.ACCEPTED: "Paiement accepté",
    Outcome.REFUSED: "Carte refusée",
    Outcome.ABANDONED: "Paiement abandonné sur le terminal",
    Outcome.TERMINAL_TIMEOUT: "Délai de saisie dépassé sur le terminal",
    Outcome.FORMAT_ERROR: "Le terminal n'a pas compris la demande (erreur de format)",
    Outcome.NOT_DONE: "Paiement non effectué par le terminal",
    Outcome.UNREACHABLE: "Le terminal est injoignable : vérifiez qu'il est allumé et branché, puis réessayez",
    Outcome.IN_DOUBT: "Le terminal ne répond pas" + TO_CHECK,
}
REFUND_ACCEPTED_FR = "Remboursement accepté"
NOT_DONE_REASONS_FR = {
    p.REASON_FORBIDDEN: "Opération interdite par le terminal",
    p.REASON_CURRENCY_NOT_SUPPORTED: "Devise non acceptée par le terminal",
}
REASON_OUTCOMES = {
    p.REASON_REFUSED: Outcome.REFUSED,
    p.REASON_ABANDONED: Outcome.ABANDONED,
    p.REASON_ABANDONED_BY_OPERATOR: Outcome.ABANDONED,
    p.REASON_INPUT_TIMEOUT: Outcome.TERMINAL_TIMEOUT,
    p.REASON_FORMAT_ERROR: Outcome.FORMAT_ERROR,
}
# Fields an answer of this status normally carries: worth a short wait if a piece lacks them.
EXPECTED_WITH_STATUS = {
    p.STATUS_DONE: (p.TAG_AMOUNT, p.TAG_CURRENCY, p.TAG_CARD_NUMBER, p.TAG_AUTHORISATION),
    p.STATUS_NOT_DONE: (p.TAG_REASON,),
}


def failed_result(request: TerminalRequest, outcome: Outcome, *, request_sent: bool,
                  message_fr: str | None = None, reason_code: str | None = None) -> TerminalResult:
    """A result carrying no card data (anything but an acceptance)."""
    return TerminalResult(outcome=outcome, amount_cents=request.amount_cents,
                          message_fr=message_fr or MESSAGES_FR[outcome],
                          request_sent=request_sent, reason_code=reason_code)


class CardTerminal(abc.ABC):
    """What the checkout needs from a card terminal."""

    @abc.abstractmethod
    async def transact(self, request: TerminalRequest) -> TerminalResult:
        """Ask for a payment or a refund and wait for its end. Never raises for terminal trouble."""

    @abc.abstractmethod
    async def ping(self) -> bool:
        """Whether the terminal answers a connection right now."""


class _InDoubt(Exception):
    """No usable answer after the request left; ``detail`` is for the log, ``message_fr`` for the agent."""

    def __init__(self, detail: str, message_fr: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.message_fr = message_fr


class CaisseApIpTerminal(CardTerminal):
    """A terminal speaking Caisse-AP over a TCP socket; one connection per transaction."""

    def __init__(self, host: str, port: int, till: str = "01", protocol_id: str = p.DEFAULT_PROTOCOL_ID,
                 deadline_s: float = 180.0, max_answer_bytes: int = 16_384, *,
                 currency: str = p.CURRENCY_EURO, connect_timeout_s: float = 5.0,
                 trailing_grace_s: float = 0.2) -> None:
        if len(protocol_id) != 12:
            raise ValueError("the Caisse-AP protocol id is 12 characters")
        self.host = host
        self.port = port
        self.till = till
        self.protocol_id = protocol_id
        self.deadline_s = deadline_s
        self.max_answer_bytes = max_answer_bytes
        self.currency = currency
        self.connect_timeout_s = connect_timeout_s
        self.trailing_grace_s = trailing_grace_s

    def __repr__(self) -> str:
        return f"CaisseApIpTerminal({self.host!r}, {self.port}, till={self.till!r})"

    async def ping(self) -> bool:
        timeout = min(self.connect_timeout_s, self.deadline_s)
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), timeout)
        except (OSError, TimeoutError):
            return False
        await _close(writer)
        return True

    async def transact(self, request: TerminalRequest) -> TerminalResult:
        loop = asyncio.get_running_loop()
        deadline_at = loop.time() + self.deadline_s
        message = p.encode(p.request_fields(request.amount_cents, refund=request.kind == "refund",
                                            till=self.till, protocol_id=self.protocol_id,
                                            currency=self.currency))
        log.info("Terminal %s:%s: %s of %d cents, ref %s", self.host, self.port, request.kind,
                 request.amount_cents, request.reference)
        try:
            timeout = min(self.connect_timeout_s, self.deadline_s)
            reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), timeout)
        except (OSError, TimeoutError) as exc:
            log.warning("Terminal unreachable (ref %s): %s", request.reference, type(exc).__name__)
            return failed_result(request, Outcome.UNREACHABLE, request_sent=False)
        try:
            try:
                writer.write(message)
                await asyncio.wait_for(writer.drain(), max(0.0, deadline_at - loop.time()))
            except (OSError, TimeoutError) as exc:
                # Some bytes may have left: the terminal may be prompting for the card.
                raise _InDoubt(f"sending failed ({type(exc).__name__})",
                               "Connexion au terminal perdue" + TO_CHECK) from None
            fields = await self._read_answer(reader, deadline_at)
            result = self._interpret(request, fields)
        except _InDoubt as doubt:
            log.warning("Payment in doubt (ref %s): %s", request.reference, doubt.detail)
            result = failed_result(request, Outcome.IN_DOUBT, request_sent=True, message_fr=doubt.message_fr)
        finally:
            await _close(writer)
        log.info("Terminal result (ref %s): %s, card %s, reason %s", request.reference,
                 result.outcome.value, result.masked_pan, result.reason_code)
        return result

    async def _read_answer(self, reader: asyncio.StreamReader, deadline_at: float) -> dict[str, str]:
        loop = asyncio.get_running_loop()
        buffer = bytearray()
        answer: dict[str, str] | None = None
        while True:
            if answer is not None and all(tag in answer for tag in
                                          EXPECTED_WITH_STATUS.get(answer[p.TAG_STATUS], ())):
                return answer
            remaining = deadline_at - loop.time()
            wait = remaining if answer is None else min(remaining, self.trailing_grace_s)
            try:
                if wait <= 0:
                    raise TimeoutError
                chunk = await asyncio.wait_for(reader.read(4096), wait)
            except TimeoutError:
                if answer is not None:
                    return answer  # the rest never came: decide with what is there
                raise _InDoubt("no complete answer before the deadline", MESSAGES_FR[Outcome.IN_DOUBT]) from None
            except OSError as exc:
                raise _InDoubt(f"connection lost ({type(exc).__name__})",
                               "Connexion au terminal perdue" + TO_CHECK) from None
            if not chunk:
                if answer is not None:
                    return answer
                raise _InDoubt("connection closed before a complete answer",
                               "Connexion au terminal perdue" + TO_CHECK)
            buffer += chunk
            if len(buffer) > self.max_answer_bytes:
                raise _InDoubt(f"answer larger than {self.max_answer_bytes} bytes",
                               "Réponse du terminal illisible" + TO_CHECK)
            try:
                answer = p.parse_message(buffer)
            except p.ProtocolError as exc:
                raise _InDoubt(f"unreadable answer: {exc}", "Réponse du terminal illisible" + TO_CHECK) from None
            if answer is not None and answer[p.TAG_STATUS] == p.STATUS_TAKEN_INTO_ACCOUNT:
                # Provisional ("request taken into account"): the final answer follows.
                log.info("Terminal took the request into account; waiting for the end of the transaction")
                buffer.clear()
                answer = None

    def _interpret(self, request: TerminalRequest, fields: dict[str, str]) -> TerminalResult:
        status = fields[p.TAG_STATUS]
        if status == p.STATUS_DONE:
            return self._accepted(request, fields)
        if status == p.STATUS_NOT_DONE:
            reason = fields.get(p.TAG_REASON) or None
            outcome = REASON_OUTCOMES.get(reason, Outcome.NOT_DONE)
            message = NOT_DONE_REASONS_FR.get(reason) if outcome is Outcome.NOT_DONE else None
            if outcome is Outcome.NOT_DONE and message is None and reason:
                message = f"{MESSAGES_FR[Outcome.NOT_DONE]} (code {reason})"
            return failed_result(request, outcome, request_sent=True, message_fr=message, reason_code=reason)
        raise _InDoubt(f"unknown status {status!r}", "Réponse du terminal illisible" + TO_CHECK)

    def _accepted(self, request: TerminalRequest, fields: dict[str, str]) -> TerminalResult:
        echoed_amount = p.read_amount(fields.get(p.TAG_AMOUNT))
        if echoed_amount != request.amount_cents:
            raise _InDoubt(f"accepted answer for {echoed_amount} cents instead of {request.amount_cents}",
                           "Le terminal a répondu pour un autre montant" + TO_CHECK)
        if fields.get(p.TAG_CURRENCY) != self.currency:
            raise _InDoubt("accepted answer in another currency",
                           "Le terminal a répondu dans une autre devise" + TO_CHECK)
        expected_kind = p.KIND_REFUND if request.kind == "refund" else p.KIND_DEBIT
        if fields.get(p.TAG_KIND, expected_kind) != expected_kind:
            raise _InDoubt("accepted answer for another kind of transaction",
                           "Le terminal a répondu pour une autre opération" + TO_CHECK)
        card = fields.get(p.TAG_CARD_NUMBER)
        return TerminalResult(
            outcome=Outcome.ACCEPTED,
            amount_cents=request.amount_cents,
            message_fr=REFUND_ACCEPTED_FR if request.kind == "refund" else MESSAGES_FR[Outcome.ACCEPTED],
            request_sent=True,
            masked_pan=mask_card_number(card) if card else None,
            authorisation=fields.get(p.TAG_AUTHORISATION) or None,
            merchant_contract=fields.get(p.TAG_MERCHANT_CONTRACT) or None,
            card_application=fields.get(p.TAG_CARD_APPLICATION) or None,
            read_mode=fields.get(p.TAG_READ_MODE) or None,
            transaction_number=(fields.get(p.TAG_PRIVATE_DATA) or "").strip() or None,
        )  # AB (expiry) is deliberately not kept.


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    try:
        await asyncio.wait_for(writer.wait_closed(), 1.0)
    except (OSError, TimeoutError):
        pass
