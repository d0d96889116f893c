"""Three real parties for monitoring: a customer and a supervisor (our engine in processes of
their own, as shipped) and the agent (our engine in this process, FileAudioBackend: a 700 Hz
microphone and one WAV per call = what the agent hears), all through a real Kamailio.

Tones: customer 500 Hz, agent 700 Hz, supervisor 900 Hz. Grants are signed here with a test
key in the server's exact format (server/grants.py); test_live_server.py gets them from the
real server instead.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from server.grants import GrantPayload, new_nonce, sign_grant
from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.hub import EventRecorder
from softphone.domain.messages import Event
from softphone.domain.monitor import ConfigureMonitor
from softphone.domain.values import AutoAnswer
from softphone.engine.config import AudioSpec, EngineConfig
from softphone.engine.link import EngineLink
from tests.integration.sip.conftest import InProcessAgent, account
from tests.support.kamailio import Kamailio
from tests.support.peer import EnginePeer
from tests.support.tones import read_wav, tone_present, window

CUSTOMER_HZ = 500.0
AGENT_HZ = 700.0
SUPERVISOR_HZ = 900.0
ISSUER = "test-server"
HEADER = "X-Monitor-Grant"


@dataclass
class Signer:
    key: Ed25519PrivateKey

    @property
    def public_pem(self) -> str:
        return self.key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()

    def grant(self, call_id: str, mode: str = "listen", *, agent: str = "agent1", sup: str = "supervisor",
              exp_in: float = 60, nonce: str | None = None, iss: str = ISSUER) -> str:
        payload = GrantPayload(iss=iss, sup=sup, agent=agent, call_id=call_id, mode=mode,
                               exp=int(time.time() + exp_in), nonce=nonce or new_nonce())
        return sign_grant(self.key, payload)


@pytest.fixture(scope="module")
def kamailio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kamailio]:
    server = Kamailio(tmp_path_factory.mktemp("kamailio"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def signer() -> Signer:
    return Signer(Ed25519PrivateKey.generate())


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("monitor")


@pytest.fixture(scope="module")
def customer(kamailio: Kamailio, workdir: Path) -> Iterator[EnginePeer]:
    peer = EnginePeer(workdir, "customer", CUSTOMER_HZ).start()
    peer.register(account(kamailio, "customer", auto_answer=AutoAnswer.ALL))
    yield peer
    peer.stop()


class FanOut(EventRecorder):
    """Records events and hands each to the listeners too (e.g. ``SupervisorConsole.on_event``)."""

    def __init__(self) -> None:
        super().__init__()
        self.listeners: list[Callable[[Event], None]] = []

    def __call__(self, event: Event) -> None:
        super().__call__(event)
        for listener in list(self.listeners):
            listener(event)


class ListeningPeer(EnginePeer):
    """An EnginePeer whose events also reach listeners (the supervisor's console)."""

    def __init__(self, workdir: Path, name: str, tone_hz: float) -> None:
        super().__init__(workdir, name, tone_hz)
        self.events = FanOut()
        self.link = EngineLink(self.events, EngineConfig(audio=AudioSpec(kind="file", tone_hz=tone_hz,
                                                                         record_dir=self.record_dir),
                                                         log_file=workdir / f"peer-{name}.log"))


@pytest.fixture(scope="module")
def supervisor(kamailio: Kamailio, workdir: Path) -> Iterator[ListeningPeer]:
    peer = ListeningPeer(workdir, "supervisor", SUPERVISOR_HZ)
    peer.start()
    peer.register(account(kamailio, "supervisor"))
    yield peer
    peer.stop()


@pytest.fixture(scope="module")
def agent(kamailio: Kamailio, workdir: Path, signer: Signer) -> Iterator[InProcessAgent]:
    agent = InProcessAgent(workdir / "agent-rec", tone_hz=AGENT_HZ)
    agent.start()
    agent.engine.submit(ConfigureMonitor(agent="agent1", server_public_key_pem=signer.public_pem, issuer=ISSUER))
    agent.register(account(kamailio))
    yield agent
    assert agent.engine.stop(timeout=5), "the engine did not stop"


@dataclass
class Floor:
    """The three parties, one customer call at a time."""

    agent: InProcessAgent
    customer: EnginePeer
    supervisor: ListeningPeer
    signer: Signer

    def customer_call(self) -> tuple[str, str, float]:
        """The agent calls the customer: (agent's call id, customer's call id, customer media start time)."""
        call_id = str(uuid.uuid4())
        mark = self.customer.events.mark()
        self.agent.engine.submit(c.Dial(account_id="agent1", target="customer", call_id=call_id))
        self.agent.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == call_id and e.active)
        media = self.customer.events.wait_for(ev.CallMediaChanged, lambda e: e.active, after=mark)
        return call_id, media.call_id, media.at

    def monitor(self, grant: str | None, *, header: str = HEADER) -> str:
        """The supervisor calls agent1 with the grant header; returns the supervisor's call id."""
        call_id = str(uuid.uuid4())
        headers = ((header, grant),) if grant is not None else ()
        self.supervisor.send(c.Dial(account_id="supervisor", target="agent1", call_id=call_id, headers=headers))
        return call_id

    def end_all(self) -> None:
        self.agent.engine.submit(c.HangupAll())
        self.supervisor.send(c.HangupAll())
        self.customer.send(c.HangupAll())


@pytest.fixture
def floor(agent: InProcessAgent, customer: EnginePeer, supervisor: ListeningPeer, signer: Signer) -> Iterator[Floor]:
    floor = Floor(agent, customer, supervisor, signer)
    yield floor
    floor.end_all()
    time.sleep(0.3)


def heard(path: Path, start_at: float, begin: float, end: float) -> set[float]:
    """Which of the three tones a recording (started at wall time ``start_at``) holds between
    the wall times ``begin`` and ``end``."""
    samples, rate = read_wav(path)
    part = window(samples, rate, max(0.0, begin - start_at), max(0.0, end - start_at))
    assert len(part) > rate * 0.5, f"{path.name}: only {len(part) / rate:.2f} s in the window"
    return {hz for hz in (CUSTOMER_HZ, AGENT_HZ, SUPERVISOR_HZ) if tone_present(part, rate, hz)}
