"""Offline grant verification: every refusal reason, the nonce cache, compatibility with the server."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from server.grants import GrantPayload, sign_grant
from softphone.domain.values import MonitorMode
from softphone.supervise.grant import GrantRefusedError, GrantVerifier, NonceCache, load_public_key

NOW = 1_800_000_000.0
KEY = Ed25519PrivateKey.generate()
PEM = KEY.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


def token(key: Ed25519PrivateKey = KEY, **overrides: object) -> str:
    fields: dict[str, object] = dict(iss="srv", sup="sup1", agent="agent7", call_id="call-1", mode="whisper",
                                     exp=int(NOW) + 60, nonce="n" * 32)
    fields.update(overrides)
    return sign_grant(key, GrantPayload(**fields))  # type: ignore[arg-type]


def verifier(**kwargs: object) -> GrantVerifier:
    return GrantVerifier.from_pem(PEM, "agent7", issuer="srv", clock=lambda: NOW, **kwargs)


def test_a_valid_grant() -> None:
    grant = verifier().verify(token(), {"call-1"})
    assert grant.mode is MonitorMode.WHISPER and grant.sup == "sup1" and grant.call_id == "call-1"


@pytest.mark.parametrize(("make", "reason"), [
    (lambda: "", "no grant"),
    (lambda: "abc", "malformed grant"),
    (lambda: "a.b.c", "malformed grant"),
    (lambda: "!!.??", "malformed grant (not base64url)"),
    (lambda: token(key=Ed25519PrivateKey.generate()), "bad signature"),
    (lambda: token().split(".")[0] + "." + token(nonce="m" * 32).split(".")[1], "bad signature"),
    (lambda: token(exp=int(NOW)), "expired grant"),
    (lambda: token(agent="agent8"), "grant for another agent"),
    (lambda: token(call_id="call-2"), "grant for a call this phone does not have"),
    (lambda: token(iss="evil"), "grant from another issuer"),
    (lambda: token(mode="spy"), "malformed grant payload"),
])
def test_refusals(make: object, reason: str) -> None:
    with pytest.raises(GrantRefusedError) as info:
        verifier().verify(make(), {"call-1"})  # type: ignore[operator]
    assert str(info.value) == reason


def test_disallowed_mode() -> None:
    with pytest.raises(GrantRefusedError, match="barge is not allowed"):
        verifier(allowed_modes=("listen", "whisper")).verify(token(mode="barge"), {"call-1"})


def test_replay_is_refused_and_the_nonce_is_only_spent_by_a_valid_grant() -> None:
    check = verifier()
    with pytest.raises(GrantRefusedError):
        check.verify(token(agent="agent8"), {"call-1"})  # refused: nonce not spent
    check.verify(token(), {"call-1"})
    with pytest.raises(GrantRefusedError, match="replayed grant"):
        check.verify(token(), {"call-1"})


def test_nonce_cache_forgets_expired_nonces() -> None:
    cache = NonceCache()
    cache.add("a", 100)
    cache.add("b", 200)
    cache.purge(150)
    assert "a" not in cache and "b" in cache


def test_the_server_key_format_loads() -> None:
    assert load_public_key(PEM).public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode() == PEM
    with pytest.raises(ValueError):
        load_public_key("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
