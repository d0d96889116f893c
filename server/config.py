"""Server settings: command-line flags over environment variables over defaults.

``SOFTPHONE_SERVER_DB`` (SQLAlchemy URL), ``SOFTPHONE_SERVER_DATA`` (directory of the
SQLite file and the server's key files), ``SOFTPHONE_SERVER_TOKEN_TTL_S``,
``SOFTPHONE_SERVER_ISSUER`` (the ``iss`` of monitor grants).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    token_ttl_s: int = 12 * 3600
    issuer: str = "softphone-server"
    grant_ttl_s: int = 60
    idempotency_retention_days: int = 35  # the contract promises at least 30

    @property
    def private_key_path(self) -> Path:
        return self.data_dir / "server_ed25519.pem"

    @property
    def data_key_path(self) -> Path:
        return self.data_dir / "server_data.key"


def default_data_dir() -> Path:
    return Path(os.environ.get("SOFTPHONE_SERVER_DATA") or platformdirs.user_data_dir("softphone-server"))


def load_settings(database_url: str | None = None, data_dir: str | Path | None = None) -> Settings:
    directory = Path(data_dir) if data_dir else default_data_dir()
    url = database_url or os.environ.get("SOFTPHONE_SERVER_DB") or f"sqlite:///{directory / 'server.db'}"
    return Settings(
        database_url=url,
        data_dir=directory,
        token_ttl_s=int(os.environ.get("SOFTPHONE_SERVER_TOKEN_TTL_S") or 12 * 3600),
        issuer=os.environ.get("SOFTPHONE_SERVER_ISSUER", "softphone-server"),
    )
