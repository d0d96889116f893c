"""The whole core (engine process, store, sync) against the real server, Kamailio and baresip."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from softphone.secrets import MemoryKeyring
from tests.integration.server.live import LiveServer
from tests.integration.sip.conftest import customer, customer_wav, kamailio  # noqa: F401


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer.sqlite(tmp_path_factory.mktemp("server"))
    live.add_user("agent1", role="agent", teams=["support"])
    live.start()
    yield live
    live.close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOFTPHONE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"
