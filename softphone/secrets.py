"""Secrets (SIP passwords, the server token) live in the OS keyring, never in files or logs.

The product never falls back silently to a plaintext or "fail" keyring backend: if no secure
store exists, ``NoSecureStoreError`` says so and what to install.
"""

from __future__ import annotations

import sys

import keyring
import keyring.backend
import keyring.errors

from softphone.domain.values import Secret
from softphone.logsetup import register_secret

SERVICE = "softphone"
_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt.file")


class NoSecureStoreError(RuntimeError):
    """There is no secure place to keep passwords on this machine."""


def install_hint() -> str:
    if sys.platform.startswith("linux"):
        return ("install and unlock a Secret Service provider (GNOME Keyring: `sudo apt install gnome-keyring`, "
                "or KWallet) in your desktop session")
    if sys.platform == "darwin":
        return "the macOS Keychain should be available; check that the login keychain is unlocked"
    return "the Windows Credential Manager should be available; check your user profile"


def secure_backend() -> keyring.backend.KeyringBackend:
    backend = keyring.get_keyring()
    names = [type(backend).__module__] + [type(b).__module__ for b in getattr(backend, "backends", [])]
    usable = [n for n in names if not n.startswith(_INSECURE_MODULES) and "chainer" not in n]
    if not usable or type(backend).__module__.startswith(_INSECURE_MODULES):
        raise NoSecureStoreError(f"no secure password store is available ({type(backend).__name__}): "
                                 f"{install_hint()}")
    return backend


def _key(kind: str, name: str) -> str:
    return f"{kind}:{name}"


def save_password(account_id: str, password: Secret) -> None:
    register_secret(password.reveal())
    try:
        secure_backend().set_password(SERVICE, _key("sip", account_id), password.reveal())
    except keyring.errors.KeyringError as exc:
        raise NoSecureStoreError(f"could not save the password in the keyring: {exc}") from exc


def load_password(account_id: str) -> Secret | None:
    try:
        value = secure_backend().get_password(SERVICE, _key("sip", account_id))
    except keyring.errors.KeyringError as exc:
        raise NoSecureStoreError(f"could not read the password from the keyring: {exc}") from exc
    if value is None:
        return None
    register_secret(value)
    return Secret(value)


def delete_password(account_id: str) -> None:
    try:
        secure_backend().delete_password(SERVICE, _key("sip", account_id))
    except keyring.errors.PasswordDeleteError:
        pass


def save_token(server_url: str, token: Secret) -> None:
    register_secret(token.reveal())
    secure_backend().set_password(SERVICE, _key("token", server_url), token.reveal())


def load_token(server_url: str) -> Secret | None:
    value = secure_backend().get_password(SERVICE, _key("token", server_url))
    if value is None:
        return None
    register_secret(value)
    return Secret(value)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Process-memory keyring for tests and the demo: nothing is ever written anywhere. Never
    chosen automatically (negative priority): only ``keyring.set_keyring(MemoryKeyring())``."""

    priority = -1

    def __init__(self) -> None:
        super().__init__()
        self._values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._values.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)
