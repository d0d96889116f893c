"""Registration against a real Kamailio: success, wrong password, registrar down and restarted."""

from __future__ import annotations

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.values import RegistrationState, Transport
from tests.integration.sip.conftest import InProcessAgent, account
from tests.support.kamailio import Kamailio
from tests.support.net import free_port

pytestmark = pytest.mark.integration


def test_wrong_password_is_reported_and_retried_with_backoff(kamailio: Kamailio, agent: InProcessAgent) -> None:
    first = agent.register(account(kamailio, password="not-the-password"))
    assert first.state is RegistrationState.FAILED
    assert first.code == 401
    assert first.reason == "wrong user name or password"
    assert first.retry_in_s is not None and 0.5 <= first.retry_in_s <= 2.0
    retried = agent.events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.FAILED,
                                    after=agent.events.mark(), timeout=5)
    assert retried.code == 401


def test_registrar_down_then_up(tmp_path_factory: pytest.TempPathFactory, agent: InProcessAgent) -> None:
    registrar = Kamailio(tmp_path_factory.mktemp("kam-down"), port=free_port())
    # over TCP a dead registrar is known at once (connection refused); UDP waits out timer F (32 s)
    down = agent.register(account(registrar, transport=Transport.TCP), timeout=40)
    assert down.state is RegistrationState.FAILED
    assert down.code in (408, 503), down
    assert "unreachable" in down.reason
    registrar.start()
    try:
        up = agent.events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED,
                                   timeout=40)
        assert up.code == 200
    finally:
        registrar.stop()


def test_registrar_restarted_mid_shift_reregisters(tmp_path_factory: pytest.TempPathFactory,
                                                   agent: InProcessAgent) -> None:
    registrar = Kamailio(tmp_path_factory.mktemp("kam-restart"))
    registrar.start()
    try:
        settings = account(registrar, expiry_s=5, transport=Transport.TCP)
        assert agent.register(settings).state is RegistrationState.REGISTERED
        registrar.stop()
        mark = agent.events.mark()
        agent.engine.submit(c.ReRegister(account_id="agent1"))
        agent.events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.FAILED, after=mark,
                              timeout=40)
        registrar.start()  # same port, empty location table
        agent.events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED,
                              after=mark, timeout=40)
    finally:
        registrar.stop()


def test_network_change_reregisters(kamailio: Kamailio, agent: InProcessAgent) -> None:
    agent.register(account(kamailio))
    mark = agent.events.mark()
    agent.engine.submit(c.NetworkChanged())
    agent.events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED, after=mark,
                          timeout=15)


def test_two_accounts_at_once_and_removal(kamailio: Kamailio, agent: InProcessAgent) -> None:
    assert agent.register(account(kamailio, "agent1")).state is RegistrationState.REGISTERED
    assert agent.register(account(kamailio, "agent2")).state is RegistrationState.REGISTERED
    mark = agent.events.mark()
    agent.engine.submit(c.RemoveAccount(account_id="agent2"))
    gone = agent.events.wait_for(ev.RegistrationChanged, lambda e: e.account_id == "agent2", after=mark)
    assert gone.state is RegistrationState.UNREGISTERED
    agent.engine.submit(c.ReportStats())
    assert agent.events.wait_for(ev.EngineStats).accounts == 1
    agent.engine.submit(c.Dial(account_id="agent2", target="x"))
    failed = agent.events.wait_for(ev.CommandFailed)
    assert "agent2" in failed.reason
