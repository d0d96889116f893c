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
``nonce`` until ``exp`` to refuse a replay. ``verify_grant`` below is that check.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

MODES = ("listen", "whisper", "barge")


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


class InvalidGrantError(ValueError):
    """The token is malformed, forged, expired or not for this agent/call."""


def new_nonce() -> str:
    return secrets.token_hex(16)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidGrantError("not base64url") from exc


def sign_grant(key: Ed25519PrivateKey, payload: GrantPayload) -> str:
    body = payload.to_bytes()
    return f"{b64url(body)}.{b64url(key.sign(body))}"


def verify_grant(public_key: Ed25519PublicKey, token: str, *, now: float, issuer: str | None = None,
                 agent: str | None = None, call_id: str | None = None) -> GrantPayload:
    """Check signature, expiry and (when given) issuer, agent and call; return the payload."""
    parts = token.split(".")
    if len(parts) != 2:
        raise InvalidGrantError("a grant has two dot-separated parts")
    body, signature = b64url_decode(parts[0]), b64url_decode(parts[1])
    try:
        public_key.verify(signature, body)
    except InvalidSignature as exc:
        raise InvalidGrantError("bad signature") from exc
    try:
        data = json.loads(body)
        payload = GrantPayload(iss=str(data["iss"]), sup=str(data["sup"]), agent=str(data["agent"]),
                               call_id=str(data["call_id"]), mode=str(data["mode"]), exp=int(data["exp"]),
                               nonce=str(data["nonce"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidGrantError("malformed payload") from exc
    if payload.mode not in MODES:
        raise InvalidGrantError(f"unknown mode {payload.mode!r}")
    if payload.exp <= now:
        raise InvalidGrantError("expired")
    for name, wanted, actual in (("issuer", issuer, payload.iss), ("agent", agent, payload.agent),
                                 ("call", call_id, payload.call_id)):
        if wanted is not None and wanted != actual:
            raise InvalidGrantError(f"grant is for another {name}")
    return payload
