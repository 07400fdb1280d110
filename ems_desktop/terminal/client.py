"""The card terminal as the checkout sees it, and its Caisse-AP over IP implementation.

The checkout only knows :class:`CardTerminal`. Every result says whether the money was taken
(``accepted``), certainly not taken (``final_failure``: safe to try again) or maybe taken
(``in_doubt``: the request left but no usable answer came back; the agent checks the terminal's
ticket before anything else).

Reading an answer: there is no frame marker, so bytes are accumulated until they form a
complete answer (see :mod:`.protocol` and :meth:`CaisseApIpTerminal._read_answer`): whole fields
holding the status ``AE``; every field the status requires (:data:`EXPECTED_WITH_STATUS`: on
success the amount and currency echoes, the card number and the authorisation), waited for up to
the deadline whatever pauses the terminal makes; and then either every optional field the result
keeps (:data:`OPTIONAL_WITH_STATUS`: card application, merchant contract, read mode, transaction
number, kind echo; the reason of a failure) or an idle wait of ``trailing_grace_s`` with nothing
more arriving. A pause, however short or long, never ends an answer that still lacks a required
field; an answer still lacking one at the deadline (or when the terminal hangs up) is in doubt.
The socket is never waited on to close (terminals keep it open). The whole exchange is bounded by
a deadline and the answer by a size cap.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
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
        p.check_amount(self.amount_cents)  # a request that does not fit CB is never built
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
# Fields an answer of this status must carry: waited for up to the deadline, whatever pauses the
# terminal makes; an answer still without them at the deadline (or at hang-up) is in doubt.
EXPECTED_WITH_STATUS = {
    p.STATUS_DONE: (p.TAG_AMOUNT, p.TAG_CURRENCY, p.TAG_CARD_NUMBER, p.TAG_AUTHORISATION),
}
# Fields the result keeps or checks but a terminal may leave out: once the expected fields are
# there, the answer is complete when these have all arrived too, or after an idle wait
# (``trailing_grace_s``) with nothing more arriving. A "not done" answer is certain without its
# reason, so the reason is optional: it only chooses the message.
OPTIONAL_WITH_STATUS = {
    p.STATUS_DONE: (p.TAG_CARD_APPLICATION, p.TAG_MERCHANT_CONTRACT, p.TAG_KIND, p.TAG_READ_MODE,
                    p.TAG_PRIVATE_DATA),
    p.STATUS_NOT_DONE: (p.TAG_REASON,),
}
INCOMPLETE_FR = "Réponse du terminal incomplète" + TO_CHECK


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
                 trailing_grace_s: float = 1.0) -> None:
        """``trailing_grace_s``: the idle wait for an answer's optional fields once its expected
        fields are there (it costs nothing when the terminal sends them all)."""
        # A misconfigured till, protocol id or currency is refused here, not at the first payment.
        p.encode(p.request_fields(1, refund=False, till=till, protocol_id=protocol_id, currency=currency))
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
        """The terminal's final answer (see the module's docstring for when it is complete)."""
        loop = asyncio.get_running_loop()
        buffer = bytearray()
        while True:
            try:
                scan = self._final_message(buffer)
            except p.ProtocolError as exc:
                raise _InDoubt(f"unreadable answer: {exc}", "Réponse du terminal illisible" + TO_CHECK) from None
            fields = scan.fields
            status = fields.get(p.TAG_STATUS) if scan.over else None
            missing: list[str] = []
            ready = False  # the status and every expected field are there: only optional ones may follow
            if status is not None:
                missing = [tag for tag in EXPECTED_WITH_STATUS.get(status, ()) if tag not in fields]
                if not missing:
                    optional = OPTIONAL_WITH_STATUS.get(status, ())
                    if scan.next_started or all(tag in fields for tag in optional):
                        return fields
                    ready = True
                elif scan.next_started:
                    raise _InDoubt(f"another message began before the answer's {', '.join(missing)}",
                                   INCOMPLETE_FR)
            remaining = deadline_at - loop.time()
            wait = min(remaining, self.trailing_grace_s) if ready else remaining
            try:
                if wait <= 0:
                    raise TimeoutError
                chunk = await asyncio.wait_for(reader.read(4096), wait)
            except TimeoutError:
                if ready:
                    return fields  # nothing more came: the optional fields missing are not sent
                if status is not None:
                    raise _InDoubt(f"answer with status {status} still without {', '.join(missing)} "
                                   "at the deadline", INCOMPLETE_FR) from None
                raise _InDoubt("no complete answer before the deadline", MESSAGES_FR[Outcome.IN_DOUBT]) from None
            except OSError as exc:
                raise _InDoubt(f"connection lost ({type(exc).__name__})",
                               "Connexion au terminal perdue" + TO_CHECK) from None
            if not chunk:
                if ready:
                    return fields
                if status is not None:
                    raise _InDoubt(f"connection closed, answer with status {status} still without "
                                   f"{', '.join(missing)}", INCOMPLETE_FR)
                raise _InDoubt("connection closed before a complete answer",
                               "Connexion au terminal perdue" + TO_CHECK)
            buffer += chunk
            if len(buffer) > self.max_answer_bytes:
                raise _InDoubt(f"answer larger than {self.max_answer_bytes} bytes",
                               "Réponse du terminal illisible" + TO_CHECK)

    @staticmethod
    def _final_message(buffer: bytearray) -> p.MessageScan:
        """The message at the start of ``buffer``, once provisional answers are dropped from it.

        A provisional answer (status ``11``, "request taken into account") announces the final
        one, which may share a read with it (each starts with its ``CZ``); a message without a
        status followed by another one is no answer either. Both are removed from ``buffer``.
        Raises ProtocolError.
        """
        while True:
            scan = p.scan_message(buffer)
            provisional = scan.over and scan.fields.get(p.TAG_STATUS) == p.STATUS_TAKEN_INTO_ACCOUNT
            status_less = scan.next_started and p.TAG_STATUS not in scan.fields
            if not (provisional or status_less):
                return scan
            if provisional:
                log.info("Terminal took the request into account; waiting for the end of the transaction")
            del buffer[:scan.end]

    def _interpret(self, request: TerminalRequest, fields: dict[str, str]) -> TerminalResult:
        status = fields[p.TAG_STATUS]
        if status == p.STATUS_DONE:
            return self._accepted(request, fields)
        if status == p.STATUS_NOT_DONE:
            reason = fields.get(p.TAG_REASON) or None
            outcome = REASON_OUTCOMES.get(reason, Outcome.NOT_DONE) if reason is not None else Outcome.NOT_DONE
            message = NOT_DONE_REASONS_FR.get(reason) if outcome is Outcome.NOT_DONE and reason is not None else None
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
    with contextlib.suppress(OSError, TimeoutError):
        await asyncio.wait_for(writer.wait_closed(), 1.0)
