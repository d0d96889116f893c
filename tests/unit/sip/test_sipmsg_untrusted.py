"""An INVITE whose bytes are not UTF-8 (pjsua2 gives it as str with lone surrogates) still yields
a caller identity that is valid Unicode: it crosses the pipe, reaches SQLite and the UI."""

from __future__ import annotations

from softphone.sip.sipmsg import remote_identity

RAW = (b'INVITE sip:agent1@h SIP/2.0\r\nFrom: "Gr\xfc\xdf \xff" <sip:caller\xb3@example.com>;tag=1\r\n'
       b"X-Customer: \xc3\x28id\r\n\r\n").decode("utf-8", "surrogateescape")


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def test_identity_of_a_non_utf8_invite_is_valid_unicode() -> None:
    identity = remote_identity(RAW)
    fields = [identity.uri, identity.display_name, identity.user, identity.from_header,
              identity.p_asserted_identity] + [part for header in identity.headers for part in header]
    assert all(_encodable(field) for field in fields), fields
    assert identity.display_name.startswith("Gr\ufffd")  # bad bytes become U+FFFD, the rest is kept
    assert identity.header("X-Customer") == "\ufffd(id"
