"""Monitor grants: compact tokens signed with the server's Ed25519 key.

Format (what a softphone verifies offline with ``server_public_key`` from provisioning)::

    token   = base64url(payload_bytes) + "." + base64url(signature)
    payload_bytes = UTF-8 JSON, keys sorted, no whitespace:
        {"agent": "<agent username>", "call_id": "<call uuid>", "exp": <unix seconds, int>,
         "iss": "<server issuer>", "mode": "listen"|"whisper"|"barge",
         "nonce": "<32 hex chars>", "sup": "<supervisor username>"}
    signature = Ed25519(private key, payload_bytes)   (64 bytes)

base64url is RFC 4648 section 5 without ``=`` padding. The signature covers the exact
payload bytes carried in the token, so a verifier decodes the first part, checks the
signature over those bytes, then parses the JSON and checks ``iss``, ``agent`` (itself),
``call_id`` (a call it has), ``mode`` and ``exp`` (not in the past); it should remember
``nonce`` until ``exp`` to refuse a replay. The one verifier is the softphone's
(softphone/supervise/grant.py): the server only signs.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@dataclass(frozen=True)
class GrantPayload:
    iss: str
    sup: str
    agent: str
    call_id: str
    mode: str
    exp: int
    nonce: str

    def to_bytes(self) -> bytes:
        data = {"iss": self.iss, "sup": self.sup, "agent": self.agent, "call_id": self.call_id,
                "mode": self.mode, "exp": self.exp, "nonce": self.nonce}
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def new_nonce() -> str:
    return secrets.token_hex(16)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_grant(key: Ed25519PrivateKey, payload: GrantPayload) -> str:
    body = payload.to_bytes()
    return f"{b64url(body)}.{b64url(key.sign(body))}"
