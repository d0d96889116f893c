"""A private PulseAudio server for the audio tests: one per session, health-checked before
every test (restarted if it died), stopped at the end. Import ``pulse`` from other areas'
conftest files with ``from tests.integration.audio.conftest import pulse_session, pulse``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.pulse import PulseServer, pulse_available


class PulseSession:
    """The session's server; ``ensure`` restarts it (same topology) if it died."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.generation = 0
        self.server = self._start()

    def _start(self) -> PulseServer:
        self.generation += 1
        server = PulseServer(self.root / f"pulse{self.generation}")
        server.start()
        server.export_env()
        # the machine's own devices, the fallback for any headset: speakers and a built-in mic
        server.add_headset("laptop", "Laptop")
        server.set_default_sink("laptop_spk")
        server.set_default_source("laptop_mic")
        return server

    def ensure(self) -> PulseServer:
        if not self.server.alive():
            self.server.stop()
            self.server.restore_env()
            self.server = self._start()
        return self.server

    def close(self) -> None:
        self.server.stop()
        self.server.restore_env()


@pytest.fixture(scope="session")
def pulse_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseSession]:
    missing = pulse_available()
    if missing:
        pytest.fail(f"PulseAudio is needed for the audio tests: {missing}")
    session = PulseSession(tmp_path_factory.mktemp("pulse"))
    try:
        yield session
    finally:
        session.close()


@pytest.fixture
def pulse(pulse_session: PulseSession) -> Iterator[PulseServer]:
    """The live server (checked before the test and after it: a dead server fails the test)."""
    server = pulse_session.ensure()
    yield server
    assert server.alive(), f"PulseAudio died during the test: {server.log_tail()}"
