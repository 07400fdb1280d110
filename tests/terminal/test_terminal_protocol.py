"""The Caisse-AP codec: fields, completeness, garbage; card number helpers."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from ems_desktop.terminal import protocol as p
from ems_desktop.terminal.cards import luhn_is_valid, mask_card_number

tags = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
values = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)
messages = st.dictionaries(tags, values, min_size=1, max_size=12)


def test_encodes_tag_length_value_with_cz_first():
    data = p.encode({"CB": "12000", "CZ": "0300", "CE": "978"})
    assert data == b"CZ0040300CB00512000CE003978"


def test_request_fields_hold_the_mandatory_tags():
    fields = p.request_fields(5, refund=True)
    assert fields["CB"] == "05" and fields["CD"] == "1" and fields["CE"] == "978" and fields["BA"] == "0"
    assert len(fields["CJ"]) == 12
    assert p.parse_message(p.encode(fields), p.REQUEST_TAGS) == fields


def test_answer_is_complete_only_with_its_status():
    echo_only = p.encode({"CZ": "0300", "CB": "00012000"})
    assert p.parse_message(echo_only) is None  # whole fields, but no AE yet
    assert p.parse_message(echo_only + b"AE00210") == {"CZ": "0300", "CB": "00012000", "AE": "10"}


def test_field_cut_in_the_middle_is_incomplete():
    assert p.parse_message(b"CZ0040300AE0021") is None
    assert p.parse_message(b"CZ0040300AE00") is None
    assert p.parse_message(b"") is None


def test_empty_value_is_read_and_written():
    data = p.encode({"CZ": "0300", "AE": "01", "AF": "11", "CB": ""})
    assert b"CB000" in data
    assert p.parse_message(data)["CB"] == ""


@pytest.mark.parametrize("garbage", [
    b"cz0040300",            # lower-case tag
    b"CZ0a40300",            # letter in the length
    b"CZ004030\xe9",         # non-ASCII
    b"CZ0040300AE002\x001",  # control character in a value
    b"12345",                # digits where a tag belongs
    b"CZ0040300CZ0040300",   # a tag twice
])
def test_garbage_raises_without_quoting_the_bytes(garbage):
    with pytest.raises(p.ProtocolError) as caught:
        p.parse_message(garbage)
    assert "0300" not in str(caught.value)


def test_encode_rejects_bad_fields():
    for bad in ({"C1": "x"}, {"CB": "é"}, {"CB": "x" * 1000}, {"cb": "1"}):
        with pytest.raises(p.ProtocolError):
            p.encode(bad)


def test_padded_amounts_read_as_integers():
    assert p.read_amount("000000012000") == 12000
    assert p.read_amount("") is None and p.read_amount("12a") is None and p.read_amount(None) is None
    with pytest.raises(ValueError):
        p.format_amount(10**12)


@given(messages)
def test_encode_then_parse_gives_the_fields_back(fields):
    assert p.parse_message(p.encode(fields), required=fields.keys()) == fields


@given(messages)
def test_every_strict_prefix_is_incomplete_not_garbage(fields):
    data = p.encode(fields)
    for end in range(len(data)):
        # Requiring every tag of the message: no prefix may pass for the whole message.
        assert p.parse_message(data[:end], required=fields.keys()) is None
        # And no prefix is ever taken for garbage.
        p.scan_fields(data[:end])


@given(messages)
def test_prefixes_cut_inside_a_field_are_incomplete_whatever_is_required(fields):
    data = p.encode(fields)
    boundaries = set()
    position = 0
    for value in p.scan_fields(data)[0].values():
        position += 5 + len(value)
        boundaries.add(position)
    for end in range(1, len(data)):
        if end not in boundaries:
            assert p.parse_message(data[:end], required=()) is None


@pytest.mark.parametrize("amount", [0, -1, -12000, p.MAX_AMOUNT_CENTS + 1, 10**15])
def test_request_fields_refuse_amounts_the_amount_field_cannot_hold(amount):
    # Zero used to become CB "00", a request for nothing; negative and 13-digit amounts are
    # refused too, before any byte is built.
    with pytest.raises(ValueError):
        p.request_fields(amount, refund=False)


@pytest.mark.parametrize("amount", [True, 12.5, "12000", None])
def test_request_fields_want_integer_cents(amount):
    with pytest.raises(TypeError):
        p.request_fields(amount, refund=False)


def test_request_fields_cover_the_whole_amount_range():
    assert p.request_fields(1, refund=False)["CB"] == "01"
    assert p.request_fields(p.MAX_AMOUNT_CENTS, refund=True)["CB"] == "999999999999"


@pytest.mark.parametrize("options", [{"currency": "EUR"}, {"currency": "9780"}, {"protocol_id": "12"},
                                     {"till": ""}])
def test_request_fields_refuse_a_configuration_that_makes_a_malformed_request(options):
    with pytest.raises(ValueError):
        p.request_fields(1000, refund=False, **options)


def test_scan_message_stops_at_the_next_message():
    first = p.encode({"CZ": "0300", "AE": "11"})
    second = p.encode({"CZ": "0300", "AE": "10", "CB": "12000"})
    scan = p.scan_message(first + second)
    assert scan.fields == {"CZ": "0300", "AE": "11"} and scan.end == len(first)
    assert scan.next_started and scan.over and not scan.whole
    assert p.scan_message(first + b"CZ").next_started  # even a bare tag starts the next message
    whole = p.scan_message(second)
    assert whole.whole and whole.over and not whole.next_started and whole.end == len(second)
    cut = p.scan_message(second[:-2])
    assert not cut.over and cut.end == len(second) - len("CB00512000")
    with pytest.raises(p.ProtocolError):
        p.parse_message(first + second)  # one message holding CZ twice is still garbage


def test_a_cz_out_of_place_is_a_boundary_only_on_demand():
    data = b"AE00210CZ0040300CB00512000"
    lenient = p.scan_message(data)
    assert lenient.fields == {"AE": "10", "CZ": "0300", "CB": "12000"} and lenient.whole
    strict = p.scan_message(data, any_later_cz=True)
    assert strict.fields == {"AE": "10"} and strict.next_started and strict.end == len(b"AE00210")
    assert not p.scan_message(b"CZ0040300AE00210", any_later_cz=True).next_started  # CZ first: no boundary


@given(messages, messages)
def test_scan_message_splits_two_messages_whatever_their_fields(first, second):
    data_first = p.encode({**first, "CZ": "0300"})
    data_second = p.encode({**second, "CZ": "0300"})
    scan = p.scan_message(data_first + data_second)
    assert scan.fields == {**first, "CZ": "0300"} and scan.next_started and scan.end == len(data_first)


def test_luhn():
    for number in ("4970110000001029", "5100010000000114", "4970110000000401", "4970110000000021"):
        assert luhn_is_valid(number)
    assert not luhn_is_valid("4970110000001028")
    assert not luhn_is_valid("49701100")
    assert not luhn_is_valid("4970 1100 0000 1029")


def test_masking_keeps_at_most_first_six_and_last_four():
    assert mask_card_number("4970110000001029") == "497011######1029"
    assert mask_card_number("497011######1029") == "497011######1029"
    assert mask_card_number("************1029") == "************1029"
    assert mask_card_number("4970110000######") == "497011##########"
