"""tls_ca_file "" means the system trust store: the engine hands PJSIP the system's CA bundle."""

from __future__ import annotations

from pathlib import Path

import pytest

from softphone.sip.config import system_ca_file


def test_ssl_cert_file_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "bundle.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    assert system_ca_file() == str(bundle)


def test_without_it_an_existing_system_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    found = system_ca_file()
    assert found and Path(found).is_file()
    assert "BEGIN CERTIFICATE" in Path(found).read_text(errors="replace")
