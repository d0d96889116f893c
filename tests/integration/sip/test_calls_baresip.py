"""Calls between our engine (registered to Kamailio) and baresip, with audio asserted both ways."""

from __future__ import annotations

import time

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.values import CallState, Direction, EndReason, RegistrationState
from tests.integration.sip.conftest import AGENT_HZ, CUSTOMER_HZ, InProcessAgent, account
from tests.support.baresip import Baresip
from tests.support.kamailio import Kamailio
from tests.support.tones import read_wav, tone_present, window

pytestmark = pytest.mark.integration


def test_register_call_out_and_hear_both_ways(kamailio: Kamailio, customer: Baresip, agent: InProcessAgent) -> None:
    reg = agent.register(account(kamailio))
    assert reg.state is RegistrationState.REGISTERED, reg
    assert reg.code == 200
    agent.engine.submit(c.Dial(account_id="agent1", target="customer", call_id="call-out-1"))
    started = agent.events.wait_for(ev.OutgoingCallStarted)
    assert started.remote.user == "customer"
    answered = agent.events.wait_for(ev.CallAnswered, lambda e: e.call_id == "call-out-1")
    assert answered.direction is Direction.OUTBOUND
    agent.events.wait_for(ev.CallMediaChanged, lambda e: e.active)
    customer.wait_event("CALL_ESTABLISHED")
    time.sleep(2.0)
    agent.engine.submit(c.Hangup(call_id="call-out-1"))
    ended = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == "call-out-1")
    assert ended.reason is EndReason.HANGUP_LOCAL
    assert 1.5 < ended.duration_s < 5
    customer.wait_event("CALL_CLOSED")
    heard, rate = read_wav(agent.audio.recording_path("call-out-1"))
    assert tone_present(window(heard, rate, 0.5), rate, CUSTOMER_HZ), "the agent did not hear the customer"
    assert not tone_present(window(heard, rate, 0.5), rate, AGENT_HZ, 0.05), "the agent hears itself"
    time.sleep(0.3)
    customer_heard, crate = read_wav(customer.recordings("dec")[-1])
    assert tone_present(window(customer_heard, crate, 0.5), crate, AGENT_HZ), "the customer did not hear the agent"


def test_incoming_call_rings_then_answer_and_remote_hangup(kamailio: Kamailio, customer: Baresip,
                                                          agent: InProcessAgent) -> None:
    agent.register(account(kamailio))
    customer.command("dial", f"sip:agent1@{kamailio.address}")
    rang = agent.events.wait_for(ev.IncomingCallRang)
    assert rang.remote.user == "customer"
    assert rang.account_id == "agent1"
    agent.events.wait_for(ev.CallStateChanged, lambda e: e.state is CallState.RINGING_IN)
    agent.engine.submit(c.Answer(call_id=rang.call_id))
    agent.events.wait_for(ev.CallAnswered, lambda e: e.call_id == rang.call_id)
    customer.wait_event("CALL_ESTABLISHED")
    time.sleep(1.0)
    customer.command("hangup")
    ended = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == rang.call_id)
    assert ended.reason is EndReason.HANGUP_REMOTE
