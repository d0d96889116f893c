"""Real calls for screen-pop: Kamailio, a caller (our engine in its own process, adding
P-Asserted-Identity and X-Customer-Id with Dial(headers=...)) or SIPp, our engine in-process
as the agent's phone on an EventHub, and the stand-in lookup server in its own process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.hub import EventHub, EventRecorder
from softphone.domain.values import AccountSettings, RegistrationState, Secret
from softphone.screenpop.client import LookupClient
from softphone.screenpop.service import ScreenPopService
from softphone.screenpop.settings import ScreenPopSettings
from softphone.sip.engine import EngineThread
from tests.integration.screenpop.lookup_server import LookupProcess, create_db
from tests.support.kamailio import USERS, Kamailio
from tests.support.peer import EnginePeer

CALLER_NAME = "Γιώργος Παπαδόπουλος"
TOKEN = "test-token"
CUSTOMERS: list[dict[str, object]] = [
    {"customer_id": "C-1001", "phone": "+302109999999", "name": "Μαρία Κωνσταντίνου", "company": "ACME",
     "tier": "gold", "language": "el", "notes": ["VIP"]},
    {"customer_id": "C-2001", "phone": "+302101234567", "name": "Γιώργος Παπαδόπουλος", "language": "el"},
    {"customer_id": "C-3001", "phone": "+302105555555", "name": "Eleni A."},
    {"customer_id": "C-3002", "phone": "+302105555555", "name": "Kostas A."},
]


def settings_for(kam: Kamailio, user: str, **extra: object) -> AccountSettings:
    fields: dict[str, object] = dict(account_id=user, username=user, domain=kam.address, password=Secret(USERS[user]),
                                     registrar=kam.uri, bind_address="127.0.0.1", codecs=("PCMU/8000",),
                                     retry_min_s=0.5, retry_max_s=2.0)
    fields.update(extra)
    return AccountSettings(**fields)  # type: ignore[arg-type]


class AgentPhone:
    """Our engine in this process publishing to an EventHub, as the app would."""

    def __init__(self) -> None:
        self.hub = EventHub()
        self.events = EventRecorder()
        self.hub.subscribe(self.events)
        self.engine = EngineThread(self.hub.publish)

    def start(self, settings: AccountSettings) -> None:
        self.engine.start()
        self.events.wait_for(ev.EngineStarted, timeout=15)
        self.engine.submit(c.ConfigureAccount(settings=settings))
        reg = self.events.wait_for(ev.RegistrationChanged, lambda e: e.state is not RegistrationState.REGISTERING,
                                   timeout=15)
        assert reg.state is RegistrationState.REGISTERED, reg


@pytest.fixture(scope="module")
def kamailio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kamailio]:
    server = Kamailio(tmp_path_factory.mktemp("kamailio"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def agent(kamailio: Kamailio) -> Iterator[AgentPhone]:
    phone = AgentPhone()
    phone.start(settings_for(kamailio, "agent1"))
    yield phone
    assert phone.engine.stop(timeout=5), "the engine did not stop"


@pytest.fixture(scope="module")
def caller(kamailio: Kamailio, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EnginePeer]:
    peer = EnginePeer(tmp_path_factory.mktemp("caller"), "customer", tone_hz=700.0).start()
    try:
        peer.register(settings_for(kamailio, "customer", display_name=CALLER_NAME))
        yield peer
    finally:
        peer.stop()


@pytest.fixture(scope="module")
def customers_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_db(tmp_path_factory.mktemp("crm") / "customers.sqlite", CUSTOMERS)


@pytest.fixture
def lookup_server(customers_db: Path) -> Iterator[LookupProcess]:
    server = LookupProcess(customers_db, TOKEN).start()
    yield server
    server.stop()


def start_screenpop(agent: AgentPhone, base_url: str, timeout_s: float = 1.5) -> ScreenPopService:
    settings = ScreenPopSettings(api_base=base_url, default_region="GR", timeout_s=timeout_s)
    service = ScreenPopService(agent.hub, settings, LookupClient(base_url, lambda: TOKEN, timeout_s=timeout_s))
    service.start()
    return service
