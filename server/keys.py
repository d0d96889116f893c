"""The server's key material, in files readable by the server's user only (0600):
an Ed25519 private key (signs monitor grants; its public half goes out in provisioning)
and a 256-bit data key (AES-GCM) that encrypts SIP passwords at rest."""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def load_or_create_signing_key(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            _write_private(path, pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return loaded


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_or_create_data_key(path: Path) -> bytes:
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            _write_private(path, AESGCM.generate_key(bit_length=256))
    data = path.read_bytes()
    if len(data) != 32:
        raise ValueError(f"{path} is not a 256-bit key")
    return data


@dataclass(frozen=True)
class ServerKeys:
    signing: Ed25519PrivateKey
    data_key: bytes

    @property
    def public_pem(self) -> str:
        return public_pem(self.signing.public_key())

    def encrypt(self, text: str) -> bytes:
        nonce = secrets.token_bytes(12)
        return nonce + AESGCM(self.data_key).encrypt(nonce, text.encode(), b"sip-password")

    def decrypt(self, blob: bytes) -> str:
        return AESGCM(self.data_key).decrypt(blob[:12], blob[12:], b"sip-password").decode()


def load_keys(private_key_path: Path, data_key_path: Path) -> ServerKeys:
    return ServerKeys(load_or_create_signing_key(private_key_path), load_or_create_data_key(data_key_path))
