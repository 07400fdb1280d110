"""A card terminal simulator speaking Caisse-AP over IP on loopback.

It receives a request from the till, shows it as the pending transaction and waits for the
person playing the customer: :meth:`TerminalSimulator.present_card`, :meth:`~TerminalSimulator.abandon`
(red key), :meth:`~TerminalSimulator.walk_away` (no answer at all, connection left open) or
:meth:`~TerminalSimulator.terminal_timeout` (input timeout). The customer gives a full test
number; the simulator only ever sends, logs or shows its masked form (first 6 / last 4).

Test cards (from public test-card lists; the outcomes are ours):

=====================  ====================================================================
4970110000001029       accepted — CB (Visa) read by chip: CC ``001``, CI ``C``
5100010000000114       accepted — Mastercard co-badged CB, contactless: CC ``00B``, CI ``L``
4970110000000401       refused: AE ``01`` AF ``04``
4970110000000021       no answer: the customer walks away, the connection stays open
any other Luhn-valid   accepted as CB by chip
Luhn failure           refused by :meth:`present_card` (``CardNumberError``), nothing sent
=====================  ====================================================================

An accepted answer carries AE ``10``, the echoes CA CB CD CE (CB zero-padded to 8 digits like
a real terminal), AA masked number, AB a made-up expiry, AC a 6-digit authorisation, AI the
AID, CC card application, CI read mode (``C`` chip, ``L`` contactless: our own codes), CG the
merchant contract (7 digits) and the transaction number in CF. An abandon answers AF ``11``
(or ``06``) with an empty CB echo.

Fault injection (attributes, settable at any time): ``chunk_size`` / ``chunk_delay_s`` (answer
in pieces), ``answer_amount_override``, ``answer_currency_override``, ``send_garbage``,
``oversize``, ``close_before_answer`` (first field only, then the connection drops).
``auto_card`` (+ ``auto_delay_s``) makes it answer by itself with that card.

Hooks: :meth:`on_request` / :meth:`on_finished` register plain callables, called on the
asyncio loop; :meth:`wait_for_request` / :meth:`wait_for_finished` are for coroutines.

Console: ``python -m ems_desktop.terminal.simulator --port 8888``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import enum
import logging
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from ems_desktop.terminal import protocol as p
from ems_desktop.terminal.cards import digits_only, luhn_is_valid, mask_card_number

log = logging.getLogger(__name__)

DEFAULT_PORT = 8888
DEFAULT_MERCHANT_CONTRACT = "1234567"
ECHOED_AMOUNT_DIGITS = 8
MAX_REQUEST_BYTES = 16_384
REQUEST_IDLE_S = 1.0
OVERSIZE_FILLER_FIELDS = 40  # ~40 kB of extra fields before the status


class Behaviour(enum.Enum):
    ACCEPT = "accept"
    REFUSE = "refuse"
    WALK_AWAY = "walk_away"


@dataclass(frozen=True)
class CardProfile:
    """What the terminal reads from a card, the number already masked."""

    masked_number: str
    behaviour: Behaviour
    card_application: str
    aid: str
    read_mode: str
    network: str


@dataclass(frozen=True)
class TestCard:
    number: str
    label_fr: str
    behaviour: Behaviour
    card_application: str = p.CARD_APPLICATION_CB_CONTACT
    aid: str = "A0000000421010"  # CB
    read_mode: str = "C"
    network: str = "CB"

    def profile(self) -> CardProfile:
        return CardProfile(mask_card_number(self.number), self.behaviour, self.card_application,
                           self.aid, self.read_mode, self.network)


TEST_CARDS = (
    TestCard("4970110000001029", "Carte CB acceptée", Behaviour.ACCEPT),
    TestCard("5100010000000114", "Mastercard acceptée (sans contact)", Behaviour.ACCEPT,
             card_application=p.CARD_APPLICATION_CB_CONTACTLESS, aid="A0000000041010",
             read_mode="L", network="Mastercard"),
    TestCard("4970110000000401", "Carte refusée", Behaviour.REFUSE),
    TestCard("4970110000000021", "Pas de réponse (le client s'en va)", Behaviour.WALK_AWAY),
)
_TEST_CARDS_BY_NUMBER = {card.number: card for card in TEST_CARDS}


class CardNumberError(ValueError):
    """A typed card number the terminal rejects; the message is French and never quotes it."""


class NoPendingTransaction(RuntimeError):
    """A customer action while no payment is waiting."""


class SimulatorState(enum.Enum):
    STOPPED = "Simulateur arrêté"
    IDLE = "En attente d'une demande de la caisse"
    WAITING_CARD = "Paiement en attente : présentez la carte"


@dataclass(frozen=True)
class PendingTransaction:
    sequence: int
    amount_cents: int
    kind: str  # "debit" | "refund"
    till: str
    currency: str


@dataclass(frozen=True)
class FinishedTransaction:
    pending: PendingTransaction
    summary_fr: str
    answered: bool  # False: no answer went out (walk away, dropped connection, till gone)
    status: str | None = None
    reason: str | None = None
    masked_pan: str | None = None
    transaction_number: str | None = None


@dataclass(frozen=True)
class _Action:
    kind: str  # "card" | "abandon" | "walk_away" | "timeout"
    card: CardProfile | None = None
    reason: str | None = None


def card_profile(number: str) -> CardProfile:
    """The profile of a Luhn-valid number: its test card, or an accepted CB card."""
    known = _TEST_CARDS_BY_NUMBER.get(number)
    if known:
        return known.profile()
    return CardProfile(mask_card_number(number), Behaviour.ACCEPT, p.CARD_APPLICATION_CB_CONTACT,
                       "A0000000421010", "C", "CB")


def check_card_number(number: str) -> str:
    """The digits of a typed card number; CardNumberError (French) when the terminal would reject it."""
    digits = digits_only(number or "")
    if not digits or not digits.isdigit() or not 12 <= len(digits) <= 19:
        raise CardNumberError("Saisissez un numéro de carte de 12 à 19 chiffres.")
    if not luhn_is_valid(digits):
        raise CardNumberError("Numéro de carte invalide : la clé de contrôle (Luhn) est fausse.")
    return digits


class TerminalSimulator:
    """A Caisse-AP terminal on 127.0.0.1 driven by the person playing the customer."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1", *,
                 merchant_contract: str = DEFAULT_MERCHANT_CONTRACT,
                 auto_card: str | None = None, auto_delay_s: float = 0.0,
                 chunk_size: int | None = None, chunk_delay_s: float = 0.0,
                 answer_amount_override: int | None = None, answer_currency_override: str | None = None,
                 send_garbage: bool = False, oversize: bool = False, close_before_answer: bool = False,
                 seed: int | None = None) -> None:
        if not (len(merchant_contract) == 7 and merchant_contract.isdigit()):
            raise ValueError("the merchant contract number is 7 digits")
        if auto_card is not None:
            check_card_number(auto_card)
        self.host = host
        self.requested_port = port
        self.merchant_contract = merchant_contract
        self.auto_card = auto_card
        self.auto_delay_s = auto_delay_s
        self.chunk_size = chunk_size
        self.chunk_delay_s = chunk_delay_s
        self.answer_amount_override = answer_amount_override
        self.answer_currency_override = answer_currency_override
        self.send_garbage = send_garbage
        self.oversize = oversize
        self.close_before_answer = close_before_answer
        self.pending: PendingTransaction | None = None
        self.history: list[FinishedTransaction] = []
        self.answers_sent = 0
        self._random = random.Random(seed)
        self._server: asyncio.base_events.Server | None = None
        self._decision: asyncio.Future[_Action] | None = None
        self._one_at_a_time: asyncio.Lock | None = None
        self._changed: asyncio.Event | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._sequence = 0
        self._transaction_counter = 0
        self._request_listeners: list[Callable[[PendingTransaction], None]] = []
        self._finished_listeners: list[Callable[[FinishedTransaction], None]] = []
        self._change_listeners: list[Callable[[], None]] = []

    def __repr__(self) -> str:
        return f"TerminalSimulator(port={self.port}, state={self.state.name})"

    # --- life cycle -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None or not self._server.sockets:
            return self.requested_port
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    @property
    def state(self) -> SimulatorState:
        if self.pending is not None:
            return SimulatorState.WAITING_CARD
        return SimulatorState.IDLE if self._server is not None else SimulatorState.STOPPED

    async def start(self) -> None:
        self._one_at_a_time = asyncio.Lock()
        self._changed = asyncio.Event()
        self._server = await asyncio.start_server(self._serve_connection, self.host, self.requested_port)
        log.info("Terminal simulator listening on %s:%s", self.host, self.port)
        self._notify_changed()

    async def stop(self) -> None:
        if self._server is None:
            return
        self._server.close()
        # Closing the sockets lets each connection's handler end by itself; cancel any laggard.
        for writer in list(self._writers):
            writer.close()
        if self._connections:
            _, laggards = await asyncio.wait(set(self._connections), timeout=1.0)
            for task in laggards:
                task.cancel()
            await asyncio.gather(*laggards, return_exceptions=True)
        await self._server.wait_closed()
        self._server = None
        self.pending = None
        self._notify_changed()
        log.info("Terminal simulator stopped")

    async def __aenter__(self) -> TerminalSimulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # --- hooks ------------------------------------------------------------------------------

    def on_request(self, listener: Callable[[PendingTransaction], None]) -> None:
        self._request_listeners.append(listener)

    def on_finished(self, listener: Callable[[FinishedTransaction], None]) -> None:
        self._finished_listeners.append(listener)

    def on_change(self, listener: Callable[[], None]) -> None:
        """Called after any change of state (request, customer action, end, start/stop)."""
        self._change_listeners.append(listener)

    def remove_listener(self, listener: Callable[..., None]) -> None:
        for listeners in (self._request_listeners, self._finished_listeners, self._change_listeners):
            while listener in listeners:
                listeners.remove(listener)

    async def wait_for_request(self, timeout: float = 5.0) -> PendingTransaction:
        await self._wait_until(lambda: self.pending is not None, timeout)
        assert self.pending is not None
        return self.pending

    async def wait_for_finished(self, count: int = 1, timeout: float = 5.0) -> FinishedTransaction:
        """The ``count``-th finished transaction since start, once it has finished."""
        await self._wait_until(lambda: len(self.history) >= count, timeout)
        return self.history[count - 1]

    async def _wait_until(self, condition: Callable[[], bool], timeout: float | None) -> None:
        async def waiting() -> None:
            while not condition():
                assert self._changed is not None, "start the simulator first"
                await self._changed.wait()
        await asyncio.wait_for(waiting(), timeout)

    def _notify_changed(self) -> None:
        # Wake every waiter, then arm a new event for the next change.
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()
        _call_each(self._change_listeners)

    # --- the customer -----------------------------------------------------------------------

    def present_card(self, number: str) -> CardProfile:
        """The customer presents a card. CardNumberError (nothing sent) if the terminal rejects it."""
        self._require_pending()
        profile = card_profile(check_card_number(number))
        kind = "walk_away" if profile.behaviour is Behaviour.WALK_AWAY else "card"
        self._decide(_Action(kind, card=profile))
        return profile

    def abandon(self, reason: str = p.REASON_ABANDONED_BY_OPERATOR) -> None:
        """The red key: AE 01 with AF 11 (or 06), CB echoed empty."""
        if reason not in (p.REASON_ABANDONED_BY_OPERATOR, p.REASON_ABANDONED):
            raise ValueError("an abandon answers reason 11 or 06")
        self._require_pending()
        self._decide(_Action("abandon", reason=reason))

    def walk_away(self) -> None:
        """The customer leaves: no answer at all, the connection stays open."""
        self._require_pending()
        self._decide(_Action("walk_away"))

    def terminal_timeout(self) -> None:
        """Nobody typed anything in time: AE 01 AF 08."""
        self._require_pending()
        self._decide(_Action("timeout", reason=p.REASON_INPUT_TIMEOUT))

    def _require_pending(self) -> None:
        if self.pending is None or self._decision is None or self._decision.done():
            raise NoPendingTransaction("Aucun paiement en attente sur le terminal.")

    def _decide(self, action: _Action) -> None:
        assert self._decision is not None
        self._decision.set_result(action)
        self.pending = None
        self._notify_changed()

    # --- the till's side --------------------------------------------------------------------

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        self._writers.add(writer)
        # Bytes read but not used yet, and the request last served: what arrives after a request
        # is complete may still belong to it (a late optional BA) and must not be taken for a
        # new request, which would get a second answer.
        buffer = bytearray()
        served: dict[str, str] | None = None
        try:
            while True:
                try:
                    fields = await self._read_request(reader, buffer, served)
                except p.ProtocolError as exc:
                    log.warning("Simulator: unreadable request (%s)", exc)
                    await self._write(writer, p.encode(self._not_done({}, p.REASON_FORMAT_ERROR)))
                    return
                if fields is None:
                    return
                served = fields
                assert self._one_at_a_time is not None
                async with self._one_at_a_time:
                    keep_open = await self._transaction(fields, reader, writer)
                if not keep_open:
                    return
        except (ConnectionError, OSError) as exc:
            log.info("Simulator: connection lost (%s)", type(exc).__name__)
        except asyncio.CancelledError:
            # Only stop() cancels a handler; ending quietly keeps asyncio's stream callback from
            # reporting the cancellation as an error (Python 3.11).
            pass
        finally:
            self._connections.discard(task)
            self._writers.discard(writer)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _read_request(self, reader: asyncio.StreamReader, buffer: bytearray,
                            served: dict[str, str] | None) -> dict[str, str] | None:
        """The next request's fields; None when the till closed the connection.

        ``buffer`` holds the connection's bytes not used yet and keeps what follows the request.
        A request is complete once its mandatory fields are there. Whole fields arriving after it,
        up to the next ``CZ`` (which starts a request), that share no tag with the request just
        served (``served``) are the rest of that request, typically its optional ``BA``: they are
        ignored, so each request gets exactly one answer.
        """
        while True:
            if served is not None:
                rest = p.scan_message(buffer, any_later_cz=True)
                if rest.over and rest.fields and p.TAG_VERSION not in rest.fields \
                        and rest.fields.keys().isdisjoint(served.keys()):
                    log.info("Simulator: late field(s) %s of the request already served, ignored",
                             " ".join(rest.fields))
                    del buffer[:rest.end]
                    continue
            scan = p.scan_message(buffer)
            if scan.over and scan.fields.keys() >= p.REQUEST_TAGS:
                del buffer[:scan.end]
                return scan.fields
            if scan.next_started:
                raise p.ProtocolError("request without its mandatory fields")
            # Whole fields but a mandatory tag missing: a short wait for it, then a format error.
            whole = bool(buffer) and scan.whole
            try:
                chunk = await asyncio.wait_for(reader.read(4096), REQUEST_IDLE_S if whole else None)
            except TimeoutError:
                raise p.ProtocolError("request without its mandatory fields") from None
            if not chunk:
                return None
            buffer += chunk
            if len(buffer) > MAX_REQUEST_BYTES:
                raise p.ProtocolError("request too large")

    async def _transaction(self, fields: dict[str, str], reader: asyncio.StreamReader,
                           writer: asyncio.StreamWriter) -> bool:
        """Serve one request; False when the connection must end afterwards."""
        amount = p.read_amount(fields[p.TAG_AMOUNT])
        kind_code = fields[p.TAG_KIND]
        if amount is None or len(fields[p.TAG_AMOUNT]) < 2 or kind_code not in (p.KIND_DEBIT, p.KIND_REFUND):
            log.warning("Simulator: request with a bad amount or kind")
            await self._write(writer, p.encode(self._not_done(fields, p.REASON_FORMAT_ERROR)))
            return True
        if fields[p.TAG_CURRENCY] != p.CURRENCY_EURO:
            await self._write(writer, p.encode(self._not_done(fields, p.REASON_CURRENCY_NOT_SUPPORTED)))
            return True
        self._sequence += 1
        pending = PendingTransaction(self._sequence, amount, "refund" if kind_code == p.KIND_REFUND else "debit",
                                     fields[p.TAG_TILL], fields[p.TAG_CURRENCY])
        loop = asyncio.get_running_loop()
        self._decision = loop.create_future()
        self.pending = pending
        log.info("Simulator: %s of %d cents requested by till %s", pending.kind, amount, pending.till)
        _call_each(self._request_listeners, pending)
        self._notify_changed()
        if self.auto_card is not None:
            if self.auto_delay_s > 0:
                loop.call_later(self.auto_delay_s, self._auto_present, pending)
            else:
                self._auto_present(pending)

        till_gone = asyncio.ensure_future(_until_closed(reader))
        try:
            waited: set[asyncio.Future[Any]] = {self._decision, till_gone}
            await asyncio.wait(waited, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            till_gone.cancel()
            raise
        if not self._decision.done():
            # The till hung up (its deadline passed) before the customer did anything.
            self._decision.cancel()
            self.pending = None
            self._finish(FinishedTransaction(pending, "La caisse a abandonné la demande (aucune réponse)", False))
            return False
        action = self._decision.result()
        if action.kind == "walk_away":
            self._finish(FinishedTransaction(pending, "Le client est parti : aucune réponse envoyée", False,
                                             masked_pan=action.card.masked_number if action.card else None))
            await till_gone  # a terminal that never answers keeps the line open until the till leaves
            return False
        till_gone.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await till_gone
        return await self._answer(pending, fields, action, writer)

    def _auto_present(self, pending: PendingTransaction) -> None:
        if self.pending is pending and self.auto_card is not None:
            self.present_card(self.auto_card)

    async def _answer(self, pending: PendingTransaction, request: dict[str, str], action: _Action,
                      writer: asyncio.StreamWriter) -> bool:
        transaction_number = None
        card = action.card
        if action.kind == "card" and card is not None and card.behaviour is Behaviour.WALK_AWAY:
            raise AssertionError("walk-away cards are handled before answering")
        operation = "Remboursement" if pending.kind == "refund" else "Paiement"
        if action.kind == "card" and card is not None and card.behaviour is Behaviour.ACCEPT:
            self._transaction_counter += 1
            transaction_number = f"{self._transaction_counter:06d}"
            answer = self._accepted(request, pending, card, transaction_number)
            summary = f"{operation} accepté, carte {card.masked_number}"
            status, reason = p.STATUS_DONE, None
        elif action.kind == "card":
            assert card is not None
            answer = self._not_done(request, p.REASON_REFUSED)
            summary = f"Carte refusée ({card.masked_number})"
            status, reason = p.STATUS_NOT_DONE, p.REASON_REFUSED
        elif action.kind == "abandon":
            answer = self._not_done(request, action.reason or p.REASON_ABANDONED_BY_OPERATOR, empty_amount=True)
            summary = f"{operation} abandonné (touche rouge)"
            status, reason = p.STATUS_NOT_DONE, action.reason
        else:
            answer = self._not_done(request, p.REASON_INPUT_TIMEOUT)
            summary = "Délai de saisie dépassé"
            status, reason = p.STATUS_NOT_DONE, p.REASON_INPUT_TIMEOUT

        masked = card.masked_number if card else None
        if self.close_before_answer:
            await self._write(writer, p.encode([next(iter(answer.items()))]))
            self._finish(FinishedTransaction(pending, summary + " — connexion coupée avant la réponse", False,
                                             status, reason, masked, transaction_number))
            return False
        if self.send_garbage:
            await self._write(writer, b"CZ0040300AE\xff\x00#garbage#")
        else:
            await self._write(writer, p.encode(answer))
        self.answers_sent += 1
        log.info("Simulator: %s", summary)  # masked number only
        self._finish(FinishedTransaction(pending, summary, True, status, reason, masked, transaction_number))
        return True

    def _echoes(self, request: dict[str, str], *, empty_amount: bool = False) -> list[tuple[str, str]]:
        amount = p.read_amount(request.get(p.TAG_AMOUNT))
        if self.answer_amount_override is not None:
            amount = self.answer_amount_override
        amount_text = "" if empty_amount or amount is None else f"{amount:0{ECHOED_AMOUNT_DIGITS}d}"
        currency = self.answer_currency_override or request.get(p.TAG_CURRENCY, p.CURRENCY_EURO)
        return [(p.TAG_TILL, request.get(p.TAG_TILL, "01")), (p.TAG_AMOUNT, amount_text),
                (p.TAG_KIND, request.get(p.TAG_KIND, p.KIND_DEBIT)), (p.TAG_CURRENCY, currency)]

    def _head(self, status: str) -> list[tuple[str, str]]:
        head = [(p.TAG_VERSION, p.PROTOCOL_VERSION)]
        if self.oversize:
            # Filler before the status, so that a reader must take it all in to find AE.
            letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            head += [(f"X{letters[i % 26]}" if i < 26 else f"Y{letters[i - 26]}", "0" * p.MAX_VALUE_LENGTH)
                     for i in range(OVERSIZE_FILLER_FIELDS)]
        # Status early: a reader must not stop at the first field boundary after it.
        return head + [(p.TAG_STATUS, status)]

    def _accepted(self, request: dict[str, str], pending: PendingTransaction, card: CardProfile,
                  transaction_number: str) -> dict[str, str]:
        fields = self._head(p.STATUS_DONE) + self._echoes(request) + [
            (p.TAG_CARD_NUMBER, card.masked_number),
            (p.TAG_EXPIRY, "2912"),
            (p.TAG_AUTHORISATION, f"{self._random.randrange(1_000_000):06d}"),
            (p.TAG_AID, card.aid),
            (p.TAG_CARD_APPLICATION, card.card_application),
            (p.TAG_READ_MODE, card.read_mode),
            (p.TAG_MERCHANT_CONTRACT, self.merchant_contract),
            (p.TAG_PRIVATE_DATA, transaction_number),
        ]
        return dict(fields)

    def _not_done(self, request: dict[str, str], reason: str, *, empty_amount: bool = False) -> dict[str, str]:
        fields = self._head(p.STATUS_NOT_DONE) + [(p.TAG_REASON, reason)]
        if request:
            fields += self._echoes(request, empty_amount=empty_amount)
        return dict(fields)

    async def _write(self, writer: asyncio.StreamWriter, data: bytes) -> None:
        size = self.chunk_size or len(data) or 1
        for start in range(0, len(data), size):
            if start and self.chunk_delay_s:
                await asyncio.sleep(self.chunk_delay_s)
            writer.write(data[start:start + size])
            await writer.drain()

    def _finish(self, finished: FinishedTransaction) -> None:
        self.history.append(finished)
        _call_each(self._finished_listeners, finished)
        self._notify_changed()

    @property
    def last_finished(self) -> FinishedTransaction | None:
        return self.history[-1] if self.history else None


def _call_each(listeners: Sequence[Callable[..., None]], *args: object) -> None:
    # A faulty listener (a window, a test) must not break the terminal's connection.
    for listener in list(listeners):
        try:
            listener(*args)
        except Exception:
            log.exception("Simulator listener failed")


def _moved_on(simulator: TerminalSimulator, pending: PendingTransaction) -> bool:
    """Whether the simulator no longer waits on ``pending``."""
    return simulator.pending is not pending


async def _until_closed(reader: asyncio.StreamReader) -> None:
    """Returns when the peer closes; bytes sent meanwhile are ignored (the terminal is busy)."""
    try:
        while await reader.read(4096):
            log.info("Simulator: data received while busy, ignored")
    except (ConnectionError, OSError):
        return


# --- console ----------------------------------------------------------------------------------

async def _console(simulator: TerminalSimulator) -> None:
    from ems_desktop.money import format_cents

    await simulator.start()
    print(f"Simulateur de TPE à l'écoute sur {simulator.host}:{simulator.port} (Ctrl+C pour arrêter)")
    simulator.on_finished(lambda done: print(f"→ {done.summary_fr}", flush=True))
    try:
        while True:
            await simulator._wait_until(lambda: simulator.pending is not None, timeout=None)
            pending = simulator.pending
            assert pending is not None
            label = "Remboursement" if pending.kind == "refund" else "Paiement"
            print(f"\n{label} demandé : {format_cents(pending.amount_cents)}", flush=True)
            if simulator.auto_card is not None:
                await simulator._wait_until(partial(_moved_on, simulator, pending), timeout=None)
                continue
            while simulator.pending is pending:
                answer = (await asyncio.to_thread(
                    input, "Numéro de carte, « a » abandon, « p » le client s'en va, « t » délai dépassé : ")).strip()
                if simulator.pending is not pending:
                    print("Cette demande n'est plus en attente.", flush=True)
                    break
                try:
                    if answer.lower() == "a":
                        simulator.abandon()
                    elif answer.lower() == "p":
                        simulator.walk_away()
                    elif answer.lower() == "t":
                        simulator.terminal_timeout()
                    else:
                        simulator.present_card(answer)
                except CardNumberError as exc:
                    print(exc, flush=True)
                except NoPendingTransaction as exc:
                    print(exc, flush=True)
                    break
    finally:
        await simulator.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Simulateur de TPE Caisse-AP sur IP (boucle locale).")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--contract", default=DEFAULT_MERCHANT_CONTRACT,
                        help="numéro de contrat commerçant (7 chiffres)")
    parser.add_argument("--auto-card", default=None, help="répondre seul avec cette carte de test")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    simulator = TerminalSimulator(args.port, args.host, merchant_contract=args.contract, auto_card=args.auto_card)
    try:
        asyncio.run(_console(simulator))
    except (KeyboardInterrupt, EOFError):
        print("\nSimulateur arrêté.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
