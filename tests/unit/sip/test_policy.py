from __future__ import annotations

import itertools

import pytest

from softphone.domain.values import DialPlan, Direction, EndReason, Transport
from softphone.sip.config import codec_priorities
from softphone.sip.policy import (
    DialError,
    end_reason,
    host_of,
    is_trusted_source,
    normalize_number,
    registration_reason,
    request_uri,
    resolve_hosts,
)

GR = DialPlan(default_region="GR")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("210 123 4567", "sip:+302101234567@pbx"),
        ("+30 (210) 123-4567", "sip:+302101234567@pbx"),
        ("0030 210 1234567", "sip:+302101234567@pbx"),
        ("tel:+302101234567", "sip:+302101234567@pbx"),
        ("callto://+302101234567", "sip:+302101234567@pbx"),
        ("agent2", "sip:agent2@pbx"),
        ("bob@other.example", "sip:bob@other.example"),
        ("sip:carol@h:5070", "sip:carol@h:5070"),
        ("*222101", "sip:*222101@pbx"),
        ("101", "sip:101@pbx"),
    ],
)
def test_request_uri(typed: str, expected: str) -> None:
    assert request_uri(typed, "pbx", GR) == expected


def test_transport_param_and_outside_line() -> None:
    assert request_uri("agent2", "pbx", GR, Transport.TLS) == "sip:agent2@pbx;transport=tls"
    plan = DialPlan(default_region="US", e164=False, outside_line_prefix="9")
    assert normalize_number("555-0100", plan) == "95550100"
    rewrite = DialPlan(default_region="GR", prefix_rewrites=(("0", "+30"),), e164=False)
    assert normalize_number("02101234567", rewrite) == "+302101234567"


@pytest.mark.parametrize("bad", ["", "   ", "bob@", "@host", "hello world!", "<b>x</b>"])
def test_bad_targets_say_why(bad: str) -> None:
    with pytest.raises(DialError):
        request_uri(bad, "pbx", GR)


def test_registration_reasons_are_human() -> None:
    assert registration_reason(401, "Unauthorized") == "wrong user name or password"
    assert "unreachable" in registration_reason(408, "Request Timeout")
    assert "403" in registration_reason(403, "Forbidden")
    assert registration_reason(503, "Service Unavailable", "Connection refused").startswith("registrar unreachable")
    assert registration_reason(0, "", "SSL certificate verify failed").startswith("TLS failure")
    assert registration_reason(599, "Odd") == "registration failed: 599 Odd"


def test_end_reason_table() -> None:
    out, inb = Direction.OUTBOUND, Direction.INBOUND
    assert end_reason(out, 200, answered=True, hung_up_locally=True) is EndReason.HANGUP_LOCAL
    assert end_reason(inb, 200, answered=True, hung_up_locally=False) is EndReason.HANGUP_REMOTE
    assert end_reason(out, 486, answered=False, hung_up_locally=False) is EndReason.BUSY
    assert end_reason(out, 408, answered=False, hung_up_locally=False) is EndReason.NO_ANSWER
    assert end_reason(out, 404, answered=False, hung_up_locally=False) is EndReason.UNREACHABLE
    assert end_reason(out, 487, answered=False, hung_up_locally=True) is EndReason.HANGUP_LOCAL
    assert end_reason(inb, 487, answered=False, hung_up_locally=False) is EndReason.CANCELLED
    assert end_reason(inb, 486, answered=False, hung_up_locally=True, rejected_locally=True) is EndReason.REJECTED
    assert end_reason(out, 200, answered=True, hung_up_locally=True, transferred=True) is EndReason.TRANSFERRED
    assert end_reason(inb, 403, answered=False, hung_up_locally=True, refused=True) is EndReason.REFUSED


def test_end_reason_is_total() -> None:
    for direction, code, answered, local, rejected, transferred, refused in itertools.product(
        Direction, (0, 180, 200, 403, 404, 408, 480, 486, 487, 500, 503, 603, 699), *([(False, True)] * 5)
    ):
        result = end_reason(direction, code, answered=answered, hung_up_locally=local, rejected_locally=rejected,
                            transferred=transferred, refused=refused)
        assert isinstance(result, EndReason)
        if answered and not (transferred or refused):
            assert result in (EndReason.HANGUP_LOCAL, EndReason.HANGUP_REMOTE)


def test_trusted_sources() -> None:
    assert host_of("sip:pbx.example:5060;transport=tcp") == "pbx.example"
    assert host_of("sip:u@[::1]:5060") == "::1"
    trusted = resolve_hosts(["127.0.0.1", "", "localhost"])
    assert is_trusted_source("127.0.0.1", trusted)
    assert not is_trusted_source("10.9.9.9", trusted)
    assert not is_trusted_source("garbage", trusted)


def test_codec_priorities_follow_preference_and_disable_the_rest() -> None:
    available = ["speex/16000/1", "PCMU/8000/1", "PCMA/8000/1", "G722/16000/1"]
    prio = codec_priorities(available, ("G722/16000", "PCMU/8000"))
    assert prio["G722/16000/1"] > prio["PCMU/8000/1"] > 0
    assert prio["speex/16000/1"] == 0 and prio["PCMA/8000/1"] == 0
    assert all(v > 0 for v in codec_priorities(available, ("opus/48000",)).values())
