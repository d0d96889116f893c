"""The agent is told why a TLS server was refused: another host's certificate, self-signed, unknown CA."""

from __future__ import annotations

from softphone.sip.policy import registration_reason, tls_refusal_reason


def test_identity_mismatch_names_both_hosts() -> None:
    text = tls_refusal_reason(frozenset({"identity"}), "127.0.0.1", ("other.example.com",))
    assert text == "TLS refused: the server's certificate is for another host (other.example.com), not 127.0.0.1"


def test_self_signed_and_unknown_issuer() -> None:
    text = tls_refusal_reason(frozenset({"untrusted"}), "10.0.0.1", ("10.0.0.1",), issuer="10.0.0.1",
                              self_signed=True)
    assert "not trusted" in text and "self-signed" in text and "pin" in text
    text = tls_refusal_reason(frozenset({"untrusted", "validity"}), "h", ("h",), issuer="Evil CA")
    assert "Evil CA" in text and "expired" in text and "self-signed" not in text


def test_nothing_specific_still_says_tls() -> None:
    assert tls_refusal_reason(frozenset(), "h", ()).startswith("TLS refused:")
    # the generic fallback when no verification detail is known stays as it was
    assert registration_reason(503, "", "SSL certificate verification error").startswith("TLS failure")
