from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from softphone.domain.commands import ConfigureAccount, Dial
from softphone.domain.events import IncomingCallRang
from softphone.domain.values import AccountSettings, RemoteIdentity, Secret, Transport
from softphone.domain.wire import WireError, decode, encode


def test_round_trip_keeps_nested_values_and_secrets() -> None:
    settings = AccountSettings(account_id="a1", username="agent1", domain="pbx.example",
                               password=Secret("s3cret"), registrar="sip:pbx.example", transport=Transport.TLS)
    message = ConfigureAccount(settings=settings)
    back = decode(encode(message))
    assert back == message
    assert isinstance(back, ConfigureAccount)
    assert back.settings.password is not None and back.settings.password.reveal() == "s3cret"


def test_remote_identity_round_trip() -> None:
    event = IncomingCallRang(call_id="c", account_id="a",
                             remote=RemoteIdentity(uri="sip:x@y", display_name="Γιώργος",
                                                   headers=(("X-Customer-Id", "42"),)))
    assert decode(encode(event)) == event


def test_foreign_classes_are_refused() -> None:
    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("pwned",))

    with pytest.raises(WireError, match="refusing"):
        decode(pickle.dumps(Evil()))
    with pytest.raises(WireError, match="not a domain message"):
        decode(pickle.dumps({"a": 1}))


def test_secret_never_shows_in_repr() -> None:
    dial = ConfigureAccount(settings=AccountSettings(account_id="a", username="u", domain="d",
                                                     password=Secret("hunter22")))
    assert "hunter22" not in repr(dial)
    assert "hunter22" not in str(dial.settings)


@given(st.binary(max_size=300))
def test_garbage_bytes_raise_wire_error(data: bytes) -> None:
    try:
        message = decode(data)
    except WireError:
        return
    assert isinstance(message, (Dial,)) or message is not None
