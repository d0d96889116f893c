from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from softphone import secrets, settings
from softphone.domain.values import AccountSettings, DialPlan, Secret, SrtpPolicy, Transport


@pytest.fixture
def memory_keyring() -> Iterator[secrets.MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = secrets.MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_settings_round_trip_without_the_password(tmp_path: Path) -> None:
    account = AccountSettings(account_id="a1", username="agent1", domain="pbx", password=Secret("s3cr3t-pw"),
                              registrar="sip:pbx", transport=Transport.TLS, srtp=SrtpPolicy.MANDATORY,
                              dial_plan=DialPlan(default_region="GR", prefix_rewrites=(("0", "+30"),)))
    file = tmp_path / "settings.json"
    settings.save(settings.AppSettings(accounts=(account,), server_url="https://cc.example"), file)
    assert "s3cr3t-pw" not in file.read_text()
    loaded = settings.load(file)
    assert loaded.accounts[0].password is None
    assert loaded.accounts[0] == AccountSettings(**{**account.__dict__, "password": None})
    assert loaded.server_url == "https://cc.example"


def test_corrupted_settings_are_kept_aside(tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    file.write_text("{not json")
    assert settings.load(file) == settings.AppSettings()
    assert [p.name.startswith("settings.json.corrupt-") for p in tmp_path.iterdir()] == [True]


def test_passwords_go_to_the_keyring(memory_keyring: secrets.MemoryKeyring) -> None:
    secrets.save_password("a1", Secret("pw-123456"))
    assert secrets.load_password("a1") == Secret("pw-123456")
    secrets.delete_password("a1")
    assert secrets.load_password("a1") is None


def test_no_secure_store_is_a_clear_error() -> None:
    previous = keyring.get_keyring()
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(secrets.NoSecureStoreError, match="no secure password store"):
            secrets.save_password("a1", Secret("x"))
    finally:
        keyring.set_keyring(previous)
