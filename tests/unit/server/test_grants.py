"""Monitor grant tokens: the documented format, verified by the softphone's verifier."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server.grants import GrantPayload, b64url, sign_grant
from softphone.supervise.grant import GrantRefusedError, decode_grant

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


def test_the_softphone_verifier_accepts_what_the_server_signs() -> None:
    # the one verifier is the softphone's (its refusals: tests/unit/supervise/test_grant.py)
    grant = decode_grant(KEY.public_key(), sign_grant(KEY, PAYLOAD))
    assert (grant.iss, grant.sup, grant.agent, grant.call_id, grant.mode.value, grant.exp, grant.nonce) == (
        PAYLOAD.iss, PAYLOAD.sup, PAYLOAD.agent, PAYLOAD.call_id, PAYLOAD.mode, PAYLOAD.exp, PAYLOAD.nonce)


def test_a_changed_payload_no_longer_matches_its_signature() -> None:
    sig = sign_grant(KEY, PAYLOAD).split(".")[1]
    forged = b64url(PAYLOAD.to_bytes().replace(b"whisper", b"barge")) + "." + sig
    with pytest.raises(GrantRefusedError, match="bad signature"):
        decode_grant(KEY.public_key(), forged)
