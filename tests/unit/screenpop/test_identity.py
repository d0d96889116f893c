"""Caller identity from the INVITE: customer id header, P-Asserted-Identity, From, withheld, E.164."""

from __future__ import annotations

import pytest

from softphone.domain.values import RemoteIdentity
from softphone.screenpop.identity import (
    CallerIdentity,
    caller_identity,
    clean_text,
    normalize_e164,
    split_header_values,
    uri_user_host,
)


def remote(from_header: str = "", pai: str = "", headers: tuple[tuple[str, str], ...] = (), uri: str = "",
           display: str = "") -> RemoteIdentity:
    return RemoteIdentity(uri=uri, display_name=display, from_header=from_header, p_asserted_identity=pai,
                          headers=headers)


@pytest.mark.parametrize(("raw", "region", "expected"), [
    ("+302101234567", "US", "+302101234567"),
    ("00302101234567", "GR", "+302101234567"),
    ("2101234567", "GR", "+302101234567"),
    ("210 123-4567", "gr", "+302101234567"),
    ("(202) 555-0143", "US", "+12025550143"),
    ("1001", "GR", ""),  # an extension is not a public number
    ("customer", "US", ""),  # letters are not a vanity number here
    ("", "US", ""),
    ("+", "US", ""),
])
def test_normalize_e164(raw: str, region: str, expected: str) -> None:
    assert normalize_e164(raw, region) == expected


def test_pai_wins_over_from() -> None:
    ident = caller_identity(remote('"Front desk" <sip:1001@pbx>;tag=1', '"Maria" <sip:+302101234567@carrier>'),
                            default_region="GR")
    assert ident == CallerIdentity("", "+302101234567", "+302101234567", "Maria", False)
    assert ident.lookup_key == ("phone", "+302101234567")


def test_from_is_used_without_pai_and_national_numbers_get_the_region() -> None:
    ident = caller_identity(remote('"Γιώργος Παπαδόπουλος" <sip:2101234567@pbx>;tag=9'), default_region="GR")
    assert ident.number_e164 == "+302101234567"
    assert ident.display_name == "Γιώργος Παπαδόπουλος"


def test_pai_with_sip_and_tel_values_takes_the_first_number() -> None:
    ident = caller_identity(remote("<sip:x@h>", "<sip:agent@pbx>, <tel:+12025550143>"), default_region="GR")
    assert ident.number_e164 == "+12025550143"


def test_pai_without_a_number_falls_back_to_from() -> None:
    ident = caller_identity(remote("<sip:+302101234567@h>", "<sip:trunk@carrier>"), default_region="GR")
    assert ident.number_e164 == "+302101234567"


def test_customer_id_header_wins_and_is_case_insensitive() -> None:
    ident = caller_identity(remote("<sip:+302101234567@h>", headers=(("x-customer-id", " C-42 "),)),
                            customer_id_headers=("X-Customer-Id",), default_region="GR")
    assert ident.customer_id == "C-42"
    assert ident.lookup_key == ("customer", "C-42")
    assert ident.number_e164 == "+302101234567"  # kept as the fallback


def test_first_provisioned_header_present_is_used() -> None:
    ident = caller_identity(remote("<sip:1@h>", headers=(("X-IVR-Account", "A-7"), ("X-Customer-Id", ""))),
                            customer_id_headers=("X-Customer-Id", "X-IVR-Account"))
    assert ident.customer_id == "A-7"


def test_customer_id_header_not_provisioned_is_ignored() -> None:
    ident = caller_identity(remote("<sip:+12025550143@h>", headers=(("X-Customer-Id", "C-1"),)),
                            customer_id_headers=("X-IVR-Account",))
    assert ident.customer_id == "" and ident.lookup_key == ("phone", "+12025550143")


@pytest.mark.parametrize("from_header", [
    '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=1',
    "<sip:anonymous@example.com>;tag=1",
    '"Restricted" <sip:restricted@pbx>',
    '"Withheld" <sip:pbx.example>',
    "<sip:user@anonymous.invalid>",
    "<sip:Unavailable@pbx>",
])
def test_withheld_callers_are_explicit_and_not_looked_up(from_header: str) -> None:
    ident = caller_identity(remote(from_header))
    assert ident.withheld
    assert ident.lookup_key is None
    assert ident.display_name == ""


def test_withheld_from_but_asserted_number_is_a_known_caller() -> None:
    ident = caller_identity(remote('"Anonymous" <sip:anonymous@anonymous.invalid>', "<sip:+12025550143@carrier>"))
    assert not ident.withheld and ident.number_e164 == "+12025550143"


def test_withheld_caller_with_ivr_customer_id_is_still_found() -> None:
    ident = caller_identity(remote("<sip:anonymous@anonymous.invalid>", headers=(("X-Customer-Id", "C-9"),)))
    assert ident.withheld and ident.lookup_key == ("customer", "C-9")


def test_sip_user_that_is_no_number_is_not_looked_up_and_not_withheld() -> None:
    ident = caller_identity(remote('"Alice" <sip:alice@pbx>'))
    assert ident == CallerIdentity("", "", "", "Alice", False)
    assert ident.lookup_key is None


def test_extension_is_looked_up_as_typed() -> None:
    ident = caller_identity(remote("<sip:1001@pbx>"), default_region="GR")
    assert ident.number_e164 == "" and ident.lookup_key == ("phone", "1001")


def test_outbound_identity_from_the_dialed_uri() -> None:
    ident = caller_identity(remote(uri="sip:+302101234567@127.0.0.1:5060", display=""), default_region="US")
    assert ident.number_e164 == "+302101234567"


def test_untrusted_text_becomes_one_plain_line() -> None:
    assert clean_text("a\r\nb\x00c\u202e  d") == "a b c d"
    ident = caller_identity(remote('"Evil\\"\u0007 <b>" <sip:+12025550143@h>'))
    assert ident.display_name == 'Evil" <b>'


def test_helpers() -> None:
    assert split_header_values('"A, B" <sip:1@h>, <tel:+1>') == ['"A, B" <sip:1@h>', "<tel:+1>"]
    assert uri_user_host("sips:%2B3021@h.example:5061;transport=tls") == ("+3021", "h.example")
    assert uri_user_host("tel:+302101234567;phone-context=x") == ("+302101234567", "")
