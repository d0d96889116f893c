"""Passwords (argon2id via argon2-cffi) and bearer tokens (random, stored only as sha256).

``SOFTPHONE_SERVER_PASSWORD_PROFILE=cheapest`` makes new hashes cheap: for test suites
only (the parameters travel inside each hash, so verification works with any profile).
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@functools.cache
def _hasher() -> PasswordHasher:
    if os.environ.get("SOFTPHONE_SERVER_PASSWORD_PROFILE") == "cheapest":
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    # verifying against this keeps "no such user" as slow as "wrong password" (no user enumeration by timing)
    return _hasher().hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
