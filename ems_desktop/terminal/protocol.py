"""Caisse-AP over IP: the message codec.

A message is a run of fields ``TAG LEN VALUE``: two upper-case letters, the value's length as
three decimal digits, then the value, all printable ASCII. ``CZ`` (version ``0300``) comes
first. There is no frame marker and no total length, so a reader accumulates bytes and asks
:func:`parse_message` after each piece.

When is a message complete? Only the content can tell. :func:`parse_message` calls a message
complete once the bytes so far form whole fields (no field cut in the middle) AND the tags that
make the message meaningful are present: the status ``AE`` for an answer (the default), the
mandatory request tags (:data:`REQUEST_TAGS`) for a request. A field boundary alone is not
enough: answers arrive in pieces and a piece often ends exactly between two fields.

The client then waits, up to its deadline, for the fields the status requires, and gives the
optional ones an idle wait (see :mod:`.client`). ``CZ`` first is written on every message but
not demanded of an answer: rejecting a terminal's answer over field order would turn a payment
into a doubt. A second ``CZ``, though, starts the next message (:func:`scan_message`): two
messages may share a read.

The standard says values are 1–999 characters, but terminals echo an empty ``CB`` on an
abandon, so the codec reads and writes empty values (length ``000``) too.

Errors never quote the bytes they found: a misbehaving terminal could have sent a full card
number, which must not end up in a log or an exception message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PROTOCOL_VERSION = "0300"
# Placeholder protocol identifier (12 characters); the real value is given by the terminal's
# configuration and can be set on the client.
DEFAULT_PROTOCOL_ID = "000000000001"
CURRENCY_EURO = "978"
MAX_VALUE_LENGTH = 999
FIELD_HEADER_LENGTH = 5  # tag (2) + length (3)

# Request tags.
TAG_VERSION = "CZ"
TAG_PROTOCOL_ID = "CJ"
TAG_TILL = "CA"
TAG_AMOUNT = "CB"
TAG_KIND = "CD"
TAG_CURRENCY = "CE"
TAG_ANSWER_MODE = "BA"

# Answer tags (the answer also echoes CA, CB, CD, CE).
TAG_STATUS = "AE"
TAG_REASON = "AF"
TAG_CARD_NUMBER = "AA"
TAG_EXPIRY = "AB"
TAG_AUTHORISATION = "AC"
TAG_AID = "AI"
TAG_CARD_APPLICATION = "CC"
TAG_READ_MODE = "CI"
TAG_MERCHANT_CONTRACT = "CG"
TAG_PRIVATE_DATA = "CF"

KIND_DEBIT = "0"
KIND_REFUND = "1"
ANSWER_AT_END = "0"
ANSWER_AT_ONCE = "1"

STATUS_DONE = "10"
STATUS_NOT_DONE = "01"
STATUS_TAKEN_INTO_ACCOUNT = "11"

REASON_REFUSED = "04"
REASON_FORBIDDEN = "05"
REASON_ABANDONED = "06"
REASON_INPUT_TIMEOUT = "08"
REASON_FORMAT_ERROR = "09"
REASON_ABANDONED_BY_OPERATOR = "11"
REASON_CURRENCY_NOT_SUPPORTED = "13"

CARD_APPLICATION_CB_CONTACT = "001"
CARD_APPLICATION_AMEX = "002"
CARD_APPLICATION_CB_CONTACTLESS = "00B"

REQUEST_TAGS = frozenset({TAG_VERSION, TAG_PROTOCOL_ID, TAG_TILL, TAG_AMOUNT, TAG_KIND, TAG_CURRENCY})
ANSWER_TAGS = frozenset({TAG_STATUS})

MAX_AMOUNT_CENTS = 10**12 - 1  # CB holds at most 12 digits


class ProtocolError(ValueError):
    """Bytes that can never become a valid Caisse-AP message."""


def _is_tag(text: str) -> bool:
    return len(text) == 2 and all("A" <= ch <= "Z" for ch in text)


def _is_value(text: str) -> bool:
    return all(" " <= ch <= "~" for ch in text)


def encode(fields: Mapping[str, str] | Iterable[tuple[str, str]]) -> bytes:
    """Fields to bytes; ``CZ`` is moved first when present. Raises ProtocolError on bad input."""
    pairs = list(fields.items() if isinstance(fields, Mapping) else fields)
    pairs.sort(key=lambda pair: pair[0] != TAG_VERSION)  # stable: only CZ moves
    seen: set[str] = set()
    parts = []
    for tag, value in pairs:
        if not isinstance(tag, str) or not _is_tag(tag):
            raise ProtocolError("a tag is two upper-case ASCII letters")
        if tag in seen:
            raise ProtocolError(f"tag {tag} given twice")
        seen.add(tag)
        if not isinstance(value, str) or not _is_value(value):
            raise ProtocolError(f"value of {tag} must be printable ASCII text")
        if len(value) > MAX_VALUE_LENGTH:
            raise ProtocolError(f"value of {tag} is longer than {MAX_VALUE_LENGTH} characters")
        parts.append(f"{tag}{len(value):03d}{value}")
    return "".join(parts).encode("ascii")


def scan_fields(buffer: bytes | bytearray) -> tuple[dict[str, str], bool]:
    """Read the whole fields at the start of ``buffer``.

    Returns the fields read and whether the buffer ended exactly on a field boundary (False: the
    last field is cut, more bytes are needed). Raises ProtocolError on bytes that no continuation
    can repair.
    """
    scan = _scan(buffer, split=False)
    return scan.fields, scan.whole


@dataclass(frozen=True)
class MessageScan:
    """The first message found at the start of a buffer (see :func:`scan_message`)."""

    fields: dict[str, str]
    end: int            # offset just past the message's last whole field
    whole: bool         # the buffer ends exactly on a field boundary (nothing cut)
    next_started: bool  # a second ``CZ`` field: another message begins at ``end``

    @property
    def over(self) -> bool:
        """No field of this message is cut in the middle: it is whole or another message follows."""
        return self.whole or self.next_started


def scan_message(buffer: bytes | bytearray, *, any_later_cz: bool = False) -> MessageScan:
    """Like :func:`scan_fields`, but stops before a second ``CZ`` field.

    Every message holds one ``CZ`` (written first), so a second one starts the next message: two
    messages can arrive in one read (a provisional status and the final answer, two requests).
    A ``CZ`` elsewhere than first is not a boundary by itself (an answer is not refused over field
    order) unless ``any_later_cz``: then any ``CZ`` after the first field starts the next message.
    Raises ProtocolError on bytes that no continuation can repair.
    """
    return _scan(buffer, split=True, any_later_cz=any_later_cz)


def _scan(buffer: bytes | bytearray, *, split: bool, any_later_cz: bool = False) -> MessageScan:
    try:
        text = bytes(buffer).decode("ascii")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"non-ASCII byte at offset {exc.start}") from None
    fields: dict[str, str] = {}
    position = 0
    end = len(text)
    while position < end:
        tag = text[position:position + 2]
        if not all("A" <= ch <= "Z" for ch in tag):
            raise ProtocolError(f"invalid tag at offset {position}")
        length_text = text[position + 2:position + FIELD_HEADER_LENGTH]
        if not all("0" <= ch <= "9" for ch in length_text):
            raise ProtocolError(f"invalid length at offset {position + 2}")
        if split and tag == TAG_VERSION and fields and (any_later_cz or TAG_VERSION in fields):
            return MessageScan(fields, position, False, True)
        if position + FIELD_HEADER_LENGTH > end:
            return MessageScan(fields, position, False, False)
        value_start = position + FIELD_HEADER_LENGTH
        value = text[value_start:value_start + int(length_text)]
        if not _is_value(value):
            raise ProtocolError(f"control character in the value of {tag}")
        if value_start + int(length_text) > end:
            return MessageScan(fields, position, False, False)
        if tag in fields:
            raise ProtocolError(f"tag {tag} appears twice")
        fields[tag] = value
        position = value_start + int(length_text)
    return MessageScan(fields, position, True, False)


def parse_message(buffer: bytes | bytearray, required: Iterable[str] = ANSWER_TAGS) -> dict[str, str] | None:
    """The message's fields, or None while more bytes are needed.

    Complete means: whole fields and every tag of ``required`` present (``AE`` by default, for
    answers; pass :data:`REQUEST_TAGS` for requests). Raises ProtocolError on garbage.
    """
    fields, whole = scan_fields(buffer)
    if not whole or not fields:
        return None
    if any(tag not in fields for tag in required):
        return None
    return fields


def format_amount(amount_cents: int) -> str:
    """Cents as the CB field: at least 2 digits, at most 12."""
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise TypeError("amount must be integer cents")
    if not 0 <= amount_cents <= MAX_AMOUNT_CENTS:
        raise ValueError("amount out of the range a terminal accepts")
    return f"{amount_cents:02d}"


def read_amount(text: str | None) -> int | None:
    """CB field to cents (leading zeros allowed); None when empty or not a number."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 12:
        return None
    return int(text)


def check_amount(amount_cents: int) -> int:
    """The amount of a payment or refund request: integer cents, from 1 to :data:`MAX_AMOUNT_CENTS`.

    TypeError for anything but an int (bool included), ValueError for zero, a negative amount or
    one that does not fit the 12 digits of ``CB``: such a request must never be built.
    """
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise TypeError("amount must be integer cents")
    if not 0 < amount_cents <= MAX_AMOUNT_CENTS:
        raise ValueError("the amount must be positive and at most 12 digits of cents")
    return amount_cents


def request_fields(amount_cents: int, *, refund: bool, till: str = "01",
                   protocol_id: str = DEFAULT_PROTOCOL_ID, currency: str = CURRENCY_EURO) -> dict[str, str]:
    """The fields of a payment (or refund) request asking for an answer at end of transaction.

    Refuses (ValueError, TypeError for a non-integer amount) anything that would make a malformed
    request: see :func:`check_amount`; a protocol id other than 12 characters; a currency other
    than 3 digits; an empty till number.
    """
    check_amount(amount_cents)
    if not isinstance(protocol_id, str) or len(protocol_id) != 12:
        raise ValueError("the Caisse-AP protocol id is 12 characters")
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isascii() and currency.isdigit()):
        raise ValueError("the currency is an ISO 4217 numeric code (3 digits)")
    if not isinstance(till, str) or not till:
        raise ValueError("the till number must not be empty")
    return {
        TAG_VERSION: PROTOCOL_VERSION,
        TAG_PROTOCOL_ID: protocol_id,
        TAG_TILL: till,
        TAG_AMOUNT: format_amount(amount_cents),
        TAG_KIND: KIND_REFUND if refund else KIND_DEBIT,
        TAG_CURRENCY: currency,
        TAG_ANSWER_MODE: ANSWER_AT_END,
    }
