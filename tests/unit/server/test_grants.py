"""Monitor grant tokens: the documented format, and every way verification must fail."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server.grants import GrantPayload, InvalidGrantError, b64url, sign_grant, verify_grant

KEY = Ed25519PrivateKey.generate()
PAYLOAD = GrantPayload(iss="cc-server", sup="sup1", agent="agent1", call_id="c-1", mode="whisper", exp=2_000,
                       nonce="ab" * 16)


def test_token_is_base64url_json_and_signature_over_the_payload_bytes() -> None:
    token = sign_grant(KEY, PAYLOAD)
    head, sig = token.split(".")
    assert "=" not in token
    body = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
    assert json.loads(body) == {"iss": "cc-server", "sup": "sup1", "agent": "agent1", "call_id": "c-1",
                                "mode": "whisper", "exp": 2000, "nonce": "ab" * 16}
    assert body == json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    KEY.public_key().verify(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)), body)


def test_a_good_grant_verifies() -> None:
    got = verify_grant(KEY.public_key(), sign_grant(KEY, PAYLOAD), now=1_000, issuer="cc-server", agent="agent1",
                       call_id="c-1")
    assert got == PAYLOAD


def _forged_mode() -> str:
    sig = sign_grant(KEY, PAYLOAD).split(".")[1]
    return b64url(PAYLOAD.to_bytes().replace(b"whisper", b"barge")) + "." + sig


@pytest.mark.parametrize(("token", "kwargs", "reason"), [
    (sign_grant(KEY, PAYLOAD), {"now": 2_000}, "expired"),
    (sign_grant(Ed25519PrivateKey.generate(), PAYLOAD), {"now": 0}, "signature"),
    (_forged_mode(), {"now": 0}, "signature"),
    (sign_grant(KEY, PAYLOAD), {"now": 0, "agent": "agent2"}, "agent"),
    (sign_grant(KEY, PAYLOAD), {"now": 0, "call_id": "c-2"}, "call"),
    (sign_grant(KEY, PAYLOAD), {"now": 0, "issuer": "evil"}, "issuer"),
    ("only-one-part", {"now": 0}, "two"),
    ("a.b.c", {"now": 0}, "two"),
    ("!!!.???", {"now": 0}, "base64"),
])
def test_bad_grants_are_refused(token: str, kwargs: dict[str, object], reason: str) -> None:
    with pytest.raises(InvalidGrantError, match=reason):
        verify_grant(KEY.public_key(), token, **kwargs)  # type: ignore[arg-type]


def test_signed_garbage_payload_is_malformed_not_a_crash() -> None:
    body = b'{"iss": 1}'
    token = b64url(body) + "." + b64url(KEY.sign(body))
    with pytest.raises(InvalidGrantError, match="malformed"):
        verify_grant(KEY.public_key(), token, now=0)
