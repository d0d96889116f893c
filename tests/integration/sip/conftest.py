"""Real peers for the SIP engine tests: Kamailio, baresip, our engine in-process or as a process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.audio.filebackend import FileAudioBackend
from softphone.domain.commands import ConfigureAccount
from softphone.domain.events import EngineStarted, RegistrationChanged
from softphone.domain.hub import EventRecorder
from softphone.domain.values import AccountSettings, RegistrationState, Secret
from softphone.sip.engine import EngineThread
from tests.support.baresip import Baresip
from tests.support.kamailio import USERS, Kamailio
from tests.support.tones import write_tone_wav

CUSTOMER_HZ = 700.0
AGENT_HZ = 1000.0


@pytest.fixture(scope="module")
def kamailio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kamailio]:
    server = Kamailio(tmp_path_factory.mktemp("kamailio"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def customer_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tone_wav(tmp_path_factory.mktemp("wav") / "customer_700.wav", CUSTOMER_HZ, 30)


@pytest.fixture
def customer(kamailio: Kamailio, customer_wav: Path, tmp_path: Path) -> Iterator[Baresip]:
    peer = Baresip(tmp_path, customer_wav, user="customer", password=USERS["customer"], registrar=kamailio.address)
    peer.start()
    yield peer
    peer.stop()


def account(
    kamailio: Kamailio, user: str = "agent1", password: str | None = None, **overrides: object
) -> AccountSettings:
    fields: dict[str, object] = dict(
        account_id=user, username=user, domain=kamailio.address, password=Secret(password or USERS[user]),
        registrar=kamailio.uri, bind_address="127.0.0.1", retry_min_s=0.5, retry_max_s=2.0,
        codecs=("PCMU/8000",),
    )
    fields.update(overrides)
    return AccountSettings(**fields)  # type: ignore[arg-type]


class InProcessAgent:
    """Our EngineThread in this process with a tone as microphone and per-call recordings."""

    def __init__(self, record_dir: Path, tone_hz: float = AGENT_HZ) -> None:
        self.events = EventRecorder()
        self.audio = FileAudioBackend(tone_hz=tone_hz, record_dir=record_dir)
        self.engine = EngineThread(self.events, self.audio)

    def start(self) -> None:
        self.engine.start()
        self.events.wait_for(EngineStarted, timeout=10)

    def register(self, settings: AccountSettings, timeout: float = 10) -> RegistrationChanged:
        mark = self.events.mark()
        self.engine.submit(ConfigureAccount(settings=settings))
        return self.events.wait_for(
            RegistrationChanged,
            lambda e: e.account_id == settings.account_id
            and e.state in (RegistrationState.REGISTERED, RegistrationState.LOCAL, RegistrationState.FAILED),
            timeout=timeout, after=mark)


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[InProcessAgent]:
    agent = InProcessAgent(tmp_path / "agent-rec")
    agent.start()
    yield agent
    assert agent.engine.stop(timeout=5), "the engine did not stop"
