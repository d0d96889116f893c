"""Offline verification of the server's monitor grants (format: server/grants.py).

``token = base64url(payload JSON) + "." + base64url(Ed25519 signature over those bytes)``;
payload ``iss sup agent call_id mode exp nonce``. ``GrantVerifier.verify`` checks, in this
order: shape, signature (the server's public key from provisioning), payload, mode (known
and allowed), expiry, issuer, agent (this agent), call (a call this phone has), and the nonce
(each grant is used once: a replay is refused until the grant would have expired anyway).
A failed check raises ``GrantRefusedError`` whose message never contains the token.
``cryptography`` (~12 MB in the media engine) loads with the first key, not at start-up.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from softphone.domain.values import MonitorMode

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class GrantRefusedError(ValueError):
    """The grant is missing, malformed, forged, expired, replayed or not for us."""


@dataclass(frozen=True)
class Grant:
    iss: str
    sup: str
    agent: str
    call_id: str
    mode: MonitorMode
    exp: int
    nonce: str


def _b64url_decode(text: str) -> bytes:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise GrantRefusedError("malformed grant (not base64url)") from exc


def load_public_key(pem: str) -> Ed25519PublicKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    key = load_pem_public_key(pem.encode())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the server's public key is not an Ed25519 key")
    return key


def decode_grant(public_key: Ed25519PublicKey, token: str) -> Grant:
    """Shape, signature and payload only (no expiry, agent, call or nonce check)."""
    from cryptography.exceptions import InvalidSignature

    token = token.strip()
    if not token:
        raise GrantRefusedError("no grant")
    parts = token.split(".")
    if len(parts) != 2 or len(token) > 4096:
        raise GrantRefusedError("malformed grant")
    body, signature = _b64url_decode(parts[0]), _b64url_decode(parts[1])
    try:
        public_key.verify(signature, body)
    except InvalidSignature:
        raise GrantRefusedError("bad signature") from None
    try:
        data = json.loads(body)
        return Grant(iss=str(data["iss"]), sup=str(data["sup"]), agent=str(data["agent"]),
                     call_id=str(data["call_id"]), mode=MonitorMode(str(data["mode"])), exp=int(data["exp"]),
                     nonce=str(data["nonce"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise GrantRefusedError("malformed grant payload") from exc


@dataclass
class NonceCache:
    """Nonces seen, kept until their grant's expiry (then a replay would be refused as expired)."""

    seen: dict[str, int] = field(default_factory=dict)

    def purge(self, now: float) -> None:
        for nonce in [n for n, exp in self.seen.items() if exp <= now]:
            del self.seen[nonce]

    def __contains__(self, nonce: object) -> bool:
        return nonce in self.seen

    def add(self, nonce: str, exp: int) -> None:
        self.seen[nonce] = exp


@dataclass
class GrantVerifier:
    public_key: Ed25519PublicKey
    agent: str
    issuer: str = ""
    allowed_modes: tuple[str, ...] = ("listen", "whisper", "barge")
    clock: Callable[[], float] = time.time
    leeway_s: float = 0.0
    nonces: NonceCache = field(default_factory=NonceCache)

    @classmethod
    def from_pem(cls, pem: str, agent: str, **kwargs: object) -> GrantVerifier:
        return cls(load_public_key(pem), agent, **kwargs)  # type: ignore[arg-type]

    def verify(self, token: str, calls: Container[str]) -> Grant:
        """Check everything and consume the nonce; ``calls``: the call UUIDs this phone has."""
        grant = decode_grant(self.public_key, token)
        now = self.clock()
        if grant.mode.value not in self.allowed_modes:
            raise GrantRefusedError(f"{grant.mode.value} is not allowed")
        if grant.exp + self.leeway_s <= now:
            raise GrantRefusedError("expired grant")
        if self.issuer and grant.iss != self.issuer:
            raise GrantRefusedError("grant from another issuer")
        if grant.agent != self.agent:
            raise GrantRefusedError("grant for another agent")
        if grant.call_id not in calls:
            raise GrantRefusedError("grant for a call this phone does not have")
        self.nonces.purge(now)
        if grant.nonce in self.nonces:
            raise GrantRefusedError("replayed grant")
        self.nonces.add(grant.nonce, grant.exp)
        return grant
