"""Transfers and the local conference with real parties: baresip and our engine in other processes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.values import AutoAnswer, EndReason
from tests.integration.sip.conftest import AGENT_HZ, CUSTOMER_HZ, InProcessAgent, account
from tests.support.baresip import Baresip
from tests.support.kamailio import Kamailio
from tests.support.peer import EnginePeer
from tests.support.tones import read_wav, tone_present, window

pytestmark = pytest.mark.integration
AGENT2_HZ = 900.0
AGENT3_HZ = 1300.0


@pytest.fixture
def agent2(kamailio: Kamailio, tmp_path: Path) -> Iterator[EnginePeer]:
    peer = EnginePeer(tmp_path, "agent2", AGENT2_HZ).start()
    peer.register(account(kamailio, "agent2", auto_answer=AutoAnswer.ALL))
    yield peer
    peer.stop()


@pytest.fixture
def agent3(kamailio: Kamailio, tmp_path: Path) -> Iterator[EnginePeer]:
    peer = EnginePeer(tmp_path, "agent3", AGENT3_HZ).start()
    peer.register(account(kamailio, "agent3", auto_answer=AutoAnswer.ALL))
    yield peer
    peer.stop()


def _talk(agent: InProcessAgent, target: str, call_id: str) -> None:
    agent.engine.submit(c.Dial(account_id="agent1", target=target, call_id=call_id))
    agent.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == call_id and e.active)


def test_blind_transfer_customer_to_agent2(kamailio: Kamailio, customer: Baresip, agent: InProcessAgent,
                                           agent2: EnginePeer) -> None:
    agent.register(account(kamailio))
    _talk(agent, "customer", "to-customer")
    customer.wait_event("CALL_ESTABLISHED")
    agent.engine.submit(c.BlindTransfer(call_id="to-customer", target="agent2"))
    done = agent.events.wait_for(ev.TransferProgressed, lambda e: e.final, timeout=15)
    assert done.succeeded, done
    ended = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == "to-customer")
    assert ended.reason is EndReason.TRANSFERRED
    rang = agent2.events.wait_for(ev.IncomingCallRang, timeout=10)
    assert rang.remote.user == "customer"
    agent2.events.wait_for(ev.CallMediaChanged, lambda e: e.active)
    time.sleep(1.5)
    agent2.send(c.Hangup(call_id=rang.call_id))
    agent2.events.wait_for(ev.CallEnded)
    heard, rate = read_wav(agent2.recording(rang.call_id))
    assert tone_present(window(heard, rate, 0.3), rate, CUSTOMER_HZ), "agent2 does not hear the customer"


def test_we_are_transferred_by_the_far_end(kamailio: Kamailio, customer: Baresip, agent: InProcessAgent,
                                           agent2: EnginePeer) -> None:
    agent.register(account(kamailio, auto_answer=AutoAnswer.ALL))
    customer.command("dial", f"sip:agent1@{kamailio.address}")
    first = agent.events.wait_for(ev.IncomingCallRang)
    agent.events.wait_for(ev.CallMediaChanged, lambda e: e.active)
    customer.wait_event("CALL_ESTABLISHED")
    customer.command("transfer", f"sip:agent2@{kamailio.address}")
    away = agent.events.wait_for(ev.CallTransferredAway, timeout=10)
    assert away.call_id == first.call_id and "agent2" in away.target
    agent.events.wait_for(ev.CallAnswered, lambda e: e.call_id == away.new_call_id)
    agent.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == away.new_call_id and e.active)
    original = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == first.call_id)
    assert original.reason is EndReason.TRANSFERRED
    time.sleep(1.5)
    agent.engine.submit(c.Hangup(call_id=away.new_call_id))
    agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == away.new_call_id)
    heard, rate = read_wav(agent.audio.recording_path(away.new_call_id))
    assert tone_present(window(heard, rate, 0.3), rate, AGENT2_HZ), "we do not hear agent2 after the transfer"


def test_attended_transfer_between_engine_peers(kamailio: Kamailio, agent: InProcessAgent, agent2: EnginePeer,
                                                agent3: EnginePeer) -> None:
    agent.register(account(kamailio))
    _talk(agent, "agent2", "with-2")
    agent.engine.submit(c.Hold(call_id="with-2"))
    agent.events.wait_for(ev.CallHeld, lambda e: e.call_id == "with-2")
    _talk(agent, "agent3", "with-3")
    agent.engine.submit(c.AttendedTransfer(call_id="with-2", consult_call_id="with-3"))
    assert agent.events.wait_for(ev.TransferProgressed, lambda e: e.final, timeout=15).succeeded
    for call_id in ("with-2", "with-3"):
        agent.events.wait_for(ev.CallEnded, lambda e, i=call_id: e.call_id == i, timeout=10)
    replaced = agent3.events.wait_for(ev.CallReplaced, timeout=10)
    assert replaced.remote is not None and replaced.remote.user == "agent2"
    agent3.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == replaced.new_call_id and e.active)
    time.sleep(1.5)
    agent3.send(c.Hangup(call_id=replaced.new_call_id))
    agent3.events.wait_for(ev.CallEnded, lambda e: e.call_id == replaced.new_call_id)
    heard, rate = read_wav(agent3.recording(replaced.new_call_id))
    assert tone_present(window(heard, rate, 0.3), rate, AGENT2_HZ), "agent3 does not hear agent2"
    assert not tone_present(window(heard, rate, 0.3), rate, AGENT_HZ, 0.02), "agent1 is still in the call"


def test_local_three_way_conference(kamailio: Kamailio, customer: Baresip, agent: InProcessAgent,
                                    agent2: EnginePeer) -> None:
    agent.register(account(kamailio))
    _talk(agent, "customer", "conf-customer")
    customer.wait_event("CALL_ESTABLISHED")
    _talk(agent, "agent2", "conf-agent2")  # dialing holds the customer
    agent.events.wait_for(ev.CallHeld, lambda e: e.call_id == "conf-customer")
    agent.engine.submit(c.Merge(call_ids=("conf-customer", "conf-agent2")))
    conference = agent.events.wait_for(ev.ConferenceChanged, lambda e: len(e.call_ids) == 2)
    assert set(conference.call_ids) == {"conf-customer", "conf-agent2"}
    agent.events.wait_for(ev.CallResumed, lambda e: e.call_id == "conf-customer")
    rang = agent2.events.wait_for(ev.IncomingCallRang)
    time.sleep(2.0)
    agent2.send(c.Hangup(call_id=rang.call_id))
    agent2.events.wait_for(ev.CallEnded)
    heard, rate = read_wav(agent2.recording(rang.call_id))
    tail = window(heard, rate, len(heard) / rate - 1.5)
    assert tone_present(tail, rate, CUSTOMER_HZ), "agent2 does not hear the customer in the conference"
    assert tone_present(tail, rate, AGENT_HZ), "agent2 does not hear agent1 in the conference"
    agent.events.wait_for(ev.ConferenceChanged, lambda e: e.call_ids == ())
    agent.engine.submit(c.Hangup(call_id="conf-customer"))
    agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == "conf-customer")


def test_conference_every_party_hears_the_others(kamailio: Kamailio, agent: InProcessAgent, agent2: EnginePeer,
                                                 agent3: EnginePeer) -> None:
    """baresip restarts its recording on re-INVITE, so the far ends here are our own engines."""
    agent.register(account(kamailio))
    _talk(agent, "agent2", "c2")
    _talk(agent, "agent3", "c3")
    agent.engine.submit(c.Merge(call_ids=("c2", "c3")))
    agent.events.wait_for(ev.CallResumed, lambda e: e.call_id == "c2")
    agent.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == "c2" and e.active)
    time.sleep(3.0)  # the tail of each recording (last 1.5 s) is all conference
    agent.engine.submit(c.HangupAll())
    for call_id in ("c2", "c3"):
        agent.events.wait_for(ev.CallEnded, lambda e, i=call_id: e.call_id == i)
    heard2 = agent2.events.wait_for(ev.CallEnded).call_id
    heard3 = agent3.events.wait_for(ev.CallEnded).call_id
    samples2, rate = read_wav(agent2.recording(heard2))
    samples3, _ = read_wav(agent3.recording(heard3))
    tail2 = window(samples2, rate, len(samples2) / rate - 1.5)
    tail3 = window(samples3, rate, len(samples3) / rate - 1.5)
    assert tone_present(tail2, rate, AGENT_HZ) and tone_present(tail2, rate, AGENT3_HZ), "agent2 misses someone"
    assert tone_present(tail3, rate, AGENT_HZ) and tone_present(tail3, rate, AGENT2_HZ), "agent3 misses someone"
    heard1, rate1 = read_wav(agent.audio.recording_path("c3"))
    assert tone_present(window(heard1, rate1, 0.5), rate1, AGENT3_HZ)
