"""Account policies with real parties: SRTP, ICE, auto-answer by header, BYE during a transfer,
a UDP registrar restarted mid-shift (its location table is gone: the refresh re-registers)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.values import AutoAnswer, EndReason, RegistrationState, SrtpPolicy
from tests.integration.sip.conftest import AGENT_HZ, InProcessAgent, account
from tests.support.baresip import Baresip
from tests.support.kamailio import Kamailio
from tests.support.peer import EnginePeer
from tests.support.tones import read_wav, tone_present, window

pytestmark = pytest.mark.integration


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[EnginePeer]:
    engine = EnginePeer(tmp_path, "agent2", 900.0).start()
    yield engine
    engine.stop()


@pytest.mark.parametrize(("ours", "theirs", "connects"), [
    (SrtpPolicy.MANDATORY, SrtpPolicy.OPTIONAL, True),
    (SrtpPolicy.MANDATORY, SrtpPolicy.OFF, False),
    (SrtpPolicy.OPTIONAL, SrtpPolicy.OFF, True),
])
def test_srtp_policy(kamailio: Kamailio, agent: InProcessAgent, peer: EnginePeer, ours: SrtpPolicy,
                     theirs: SrtpPolicy, connects: bool) -> None:
    agent.register(account(kamailio, srtp=ours))
    peer.register(account(kamailio, "agent2", srtp=theirs, auto_answer=AutoAnswer.ALL))
    agent.engine.submit(c.Dial(account_id="agent1", target="agent2", call_id="srtp"))
    if not connects:
        ended = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == "srtp")
        assert ended.reason in (EndReason.REFUSED, EndReason.FAILED), ended
        assert ended.code in (488, 606), ended
        return
    agent.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == "srtp" and e.active)
    rang = peer.events.wait_for(ev.IncomingCallRang)
    time.sleep(1.0)
    agent.engine.submit(c.Hangup(call_id="srtp"))
    peer.events.wait_for(ev.CallEnded)
    heard, rate = read_wav(peer.recording(rang.call_id))
    assert tone_present(window(heard, rate, 0.3), rate, AGENT_HZ)


def test_ice_call_connects_with_audio(kamailio: Kamailio, agent: InProcessAgent, peer: EnginePeer) -> None:
    agent.register(account(kamailio, ice=True))
    peer.register(account(kamailio, "agent2", ice=True, auto_answer=AutoAnswer.ALL))
    agent.engine.submit(c.Dial(account_id="agent1", target="agent2", call_id="ice"))
    agent.events.wait_for(ev.CallMediaChanged, lambda e: e.active)
    rang = peer.events.wait_for(ev.IncomingCallRang)
    time.sleep(1.2)
    agent.engine.submit(c.Hangup(call_id="ice"))
    peer.events.wait_for(ev.CallEnded)
    heard, rate = read_wav(peer.recording(rang.call_id))
    assert tone_present(window(heard, rate, 0.5), rate, AGENT_HZ)


def test_auto_answer_only_when_the_invite_asks(kamailio: Kamailio, agent: InProcessAgent, peer: EnginePeer) -> None:
    agent.register(account(kamailio, auto_answer=AutoAnswer.HEADER))
    peer.register(account(kamailio, "agent2"))
    peer.send(c.Dial(account_id="agent2", target="agent1", call_id="plain"))
    plain = agent.events.wait_for(ev.IncomingCallRang)
    assert not plain.auto_answer
    time.sleep(0.5)
    assert agent.events.of_type(ev.CallAnswered) == []
    peer.send(c.Hangup(call_id="plain"))
    agent.events.wait_for(ev.CallEnded)
    mark = agent.events.mark()
    peer.send(c.Dial(account_id="agent2", target="agent1", call_id="auto",
                     headers=(("Call-Info", "<sip:pbx>;answer-after=0"), ("X-Customer-Id", "42"))))
    auto = agent.events.wait_for(ev.IncomingCallRang, after=mark)
    assert auto.auto_answer and auto.remote.header("X-Customer-Id") == "42"
    agent.events.wait_for(ev.CallAnswered, after=mark)
    peer.send(c.Hangup(call_id="auto"))
    agent.events.wait_for(ev.CallEnded, after=mark)


def test_far_end_hangs_up_during_a_transfer(kamailio: Kamailio, customer: Baresip, agent: InProcessAgent,
                                            peer: EnginePeer) -> None:
    agent.register(account(kamailio))
    peer.register(account(kamailio, "agent2"))  # rings, never answers
    agent.engine.submit(c.Dial(account_id="agent1", target="customer", call_id="xfer"))
    agent.events.wait_for(ev.CallMediaChanged, lambda e: e.active)
    customer.wait_event("CALL_ESTABLISHED")
    agent.engine.submit(c.BlindTransfer(call_id="xfer", target="agent2"))
    peer.events.wait_for(ev.IncomingCallRang)
    customer.command("hangup")  # baresip drops the call it is placing for the transfer, then ours
    customer.command("hangup")
    peer.events.wait_for(ev.CallEnded, timeout=15)
    progress = agent.events.of_type(ev.TransferProgressed)
    assert progress and not any(p.succeeded for p in progress)
    if not agent.events.of_type(ev.CallEnded):
        agent.engine.submit(c.Hangup(call_id="xfer"))
    ended = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == "xfer")
    assert ended.reason in (EndReason.HANGUP_REMOTE, EndReason.HANGUP_LOCAL), ended
    agent.engine.submit(c.ReportStats())
    assert agent.events.wait_for(ev.EngineStats).calls == 0


def test_udp_registrar_restart_is_healed_by_the_refresh(tmp_path_factory: pytest.TempPathFactory,
                                                        agent: InProcessAgent, customer_wav: Path) -> None:
    registrar = Kamailio(tmp_path_factory.mktemp("kam-udp"))
    registrar.start()
    try:
        assert agent.register(account(registrar, expiry_s=5)).state is RegistrationState.REGISTERED
        registrar.restart()  # in-memory location table lost: calls to agent1 would be 404 now
        mark = agent.events.mark()
        agent.events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED,
                              after=mark, timeout=15)
        caller = Baresip(tmp_path_factory.mktemp("caller"), customer_wav, user="customer",
                         password="customerpw", registrar=registrar.address)
        caller.start()
        try:
            caller.command("dial", f"sip:agent1@{registrar.address}")
            agent.events.wait_for(ev.IncomingCallRang, after=mark)
        finally:
            caller.stop()
    finally:
        registrar.stop()


def test_no_answer_and_outbound_proxy(kamailio: Kamailio, agent: InProcessAgent, peer: EnginePeer) -> None:
    """Registered through an outbound proxy; the callee lets it ring out (480): NO_ANSWER."""
    reg = agent.register(account(kamailio, outbound_proxy=f"sip:{kamailio.address}"))
    assert reg.state is RegistrationState.REGISTERED
    peer.register(account(kamailio, "agent2"))
    agent.engine.submit(c.Dial(account_id="agent1", target="agent2", call_id="ring-out"))
    rang = peer.events.wait_for(ev.IncomingCallRang)
    peer.send(c.Reject(call_id=rang.call_id, code=480))
    ended = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == "ring-out")
    assert ended.reason is EndReason.NO_ANSWER and ended.code == 480, ended
