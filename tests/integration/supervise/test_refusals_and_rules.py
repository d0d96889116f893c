"""Refused monitor calls leak nothing; the session follows the customer call (hold, end)."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server.grants import GrantPayload, new_nonce, sign_grant
from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.monitor import ConfigureMonitor, MonitorJoined, MonitorLeft, MonitorRefused, RenewMonitorGrant
from softphone.domain.values import AutoAnswer
from tests.integration.sip.conftest import account
from tests.integration.supervise.conftest import AGENT_HZ, CUSTOMER_HZ, ISSUER, SUPERVISOR_HZ, Floor, heard
from tests.support.kamailio import Kamailio
from tests.support.peer import EnginePeer
from tests.support.tones import read_wav, tone_present, window

pytestmark = pytest.mark.integration


def _forged(call_id: str) -> str:
    payload = GrantPayload(iss=ISSUER, sup="supervisor", agent="agent1", call_id=call_id, mode="barge",
                           exp=int(time.time() + 60), nonce=new_nonce())
    return sign_grant(Ed25519PrivateKey.generate(), payload)


def _tampered(grant: str) -> str:
    """The same signature over a payload that says barge instead of listen."""
    body, signature = grant.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["mode"] = "barge"
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode() + "." + signature


CASES: dict[str, tuple[Callable[[Floor, str], str | None], str]] = {
    "no grant": (lambda f, call: "", "no grant"),
    "garbage": (lambda f, call: "not-a-grant", "malformed grant"),
    "bad signature": (lambda f, call: _forged(call), "bad signature"),
    "tampered": (lambda f, call: _tampered(f.signer.grant(call, "listen")), "bad signature"),
    "expired": (lambda f, call: f.signer.grant(call, "barge", exp_in=-5), "expired grant"),
    "other agent": (lambda f, call: f.signer.grant(call, "barge", agent="agent2"), "grant for another agent"),
    "other call": (lambda f, call: f.signer.grant("a-call-we-do-not-have", "barge"),
                   "grant for a call this phone does not have"),
    "other issuer": (lambda f, call: f.signer.grant(call, "barge", iss="evil"), "grant from another issuer"),
}


def _refused(floor: Floor, grant: str, reason: str) -> None:
    mark_agent, mark_sup = floor.agent.events.mark(), floor.supervisor.events.mark()
    sup_call = floor.monitor(grant)
    refused = floor.agent.events.wait_for(MonitorRefused, after=mark_agent)
    assert refused.reason == reason and refused.supervisor == "supervisor"
    ended = floor.supervisor.events.wait_for(ev.CallEnded, lambda e: e.call_id == sup_call, after=mark_sup)
    assert ended.code == 403, ended
    media = [e for e in floor.supervisor.events.of_type(ev.CallMediaChanged) if e.call_id == sup_call]
    assert media == [], "a refused monitor call got media"
    assert not floor.supervisor.recording(sup_call).exists(), "audio reached the refused supervisor"
    assert not [e for e in floor.agent.events.events[mark_agent:]
                if isinstance(e, (ev.IncomingCallRang, MonitorJoined))], "a refused monitor call rang or joined"
    if grant:
        assert grant not in repr(refused)


@pytest.mark.parametrize("case", list(CASES))
def test_invalid_grant_is_refused_with_403_and_no_audio(floor: Floor, case: str) -> None:
    agent_call, _customer_call, _start = floor.customer_call()
    make, reason = CASES[case]
    grant = make(floor, agent_call)
    assert grant is not None
    _refused(floor, grant, reason)


def test_replayed_grant_is_refused(floor: Floor) -> None:
    agent_call, _customer_call, _start = floor.customer_call()
    grant = floor.signer.grant(agent_call, "listen")
    mark = floor.agent.events.mark()
    first = floor.monitor(grant)
    floor.agent.events.wait_for(MonitorJoined, after=mark)
    floor.supervisor.send(c.Hangup(call_id=first))
    left = floor.agent.events.wait_for(MonitorLeft, after=mark)
    assert left.reason == "the supervisor left"
    _refused(floor, grant, "replayed grant")


def test_invalid_mode_change_keeps_the_mode(floor: Floor) -> None:
    agent_call, customer_call, customer_start = floor.customer_call()
    mark = floor.agent.events.mark()
    sup_call = floor.monitor(floor.signer.grant(agent_call, "listen"))
    floor.agent.events.wait_for(MonitorJoined, after=mark)
    floor.supervisor.send(RenewMonitorGrant(call_id=sup_call, grant=floor.signer.grant(agent_call, "barge",
                                                                                        agent="agent2")))
    refused = floor.agent.events.wait_for(MonitorRefused, after=mark)
    assert refused.reason == "grant for another agent"
    begin = time.time() + 0.3
    time.sleep(1.8)
    end = time.time() - 0.2
    floor.agent.engine.submit(c.Hangup(call_id=agent_call))
    floor.customer.events.wait_for(ev.CallEnded, lambda e: e.call_id == customer_call)
    floor.supervisor.events.wait_for(ev.CallEnded, lambda e: e.call_id == sup_call)
    assert heard(floor.customer.recording(customer_call), customer_start, begin, end) == {AGENT_HZ}


def test_on_hold_the_supervisor_hears_the_agent_only(floor: Floor) -> None:
    agent_call, customer_call, _start = floor.customer_call()
    mark = floor.agent.events.mark()
    sup_call = floor.monitor(floor.signer.grant(agent_call, "barge"))
    floor.agent.events.wait_for(MonitorJoined, after=mark)
    sup_start = floor.supervisor.events.wait_for(ev.CallMediaChanged,
                                                 lambda e: e.call_id == sup_call and e.active).at
    time.sleep(1.0)
    floor.agent.engine.submit(c.Hold(call_id=agent_call))
    floor.agent.events.wait_for(ev.CallHeld, lambda e: e.call_id == agent_call, after=mark)
    held_begin = time.time() + 0.5
    time.sleep(1.8)
    held_end = time.time() - 0.2
    floor.agent.engine.submit(c.Resume(call_id=agent_call))
    floor.agent.events.wait_for(ev.CallResumed, lambda e: e.call_id == agent_call, after=mark)
    resumed_begin = time.time() + 0.6
    time.sleep(1.8)
    resumed_end = time.time() - 0.2
    floor.agent.engine.submit(c.Hangup(call_id=agent_call))
    left = floor.agent.events.wait_for(MonitorLeft, after=mark)
    assert left.reason == "the monitored call ended"
    floor.supervisor.events.wait_for(ev.CallEnded, lambda e: e.call_id == sup_call)
    recording = floor.supervisor.recording(sup_call)
    assert heard(recording, sup_start, held_begin, held_end) == {AGENT_HZ}
    assert heard(recording, sup_start, resumed_begin, resumed_end) == {AGENT_HZ, CUSTOMER_HZ}
    assert SUPERVISOR_HZ not in heard(recording, sup_start, held_begin, resumed_end)
    # the customer's port was re-created on resume: barge reaches it again (its recording restarted then)
    samples, rate = read_wav(floor.customer.recording(customer_call))
    tail = window(samples, rate, len(samples) / rate - 1.4, len(samples) / rate - 0.2)
    assert {hz for hz in (AGENT_HZ, SUPERVISOR_HZ, CUSTOMER_HZ) if tone_present(tail, rate, hz)} == {
        AGENT_HZ, SUPERVISOR_HZ}


def test_the_supervisor_holding_and_resuming_keeps_the_whisper(floor: Floor) -> None:
    """The supervisor's port on the agent's phone is re-created by hold/resume: the bridge rewires it."""
    agent_call, customer_call, customer_start = floor.customer_call()
    agent_start = floor.agent.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == agent_call and e.active).at
    mark = floor.agent.events.mark()
    sup_call = floor.monitor(floor.signer.grant(agent_call, "whisper"))
    floor.agent.events.wait_for(MonitorJoined, after=mark)
    floor.supervisor.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == sup_call and e.active)
    sup_mark = floor.supervisor.events.mark()
    floor.supervisor.send(c.Hold(call_id=sup_call))
    floor.supervisor.events.wait_for(ev.CallHeld, lambda e: e.call_id == sup_call, after=sup_mark)
    time.sleep(0.5)
    floor.supervisor.send(c.Resume(call_id=sup_call))
    floor.supervisor.events.wait_for(ev.CallResumed, lambda e: e.call_id == sup_call, after=sup_mark)
    begin = time.time() + 0.6
    time.sleep(2.0)
    end = time.time() - 0.2
    floor.agent.engine.submit(c.Hangup(call_id=agent_call))
    floor.customer.events.wait_for(ev.CallEnded, lambda e: e.call_id == customer_call)
    floor.supervisor.events.wait_for(ev.CallEnded, lambda e: e.call_id == sup_call)
    assert heard(floor.agent.audio.recording_path(agent_call), agent_start, begin, end) == {CUSTOMER_HZ,
                                                                                          SUPERVISOR_HZ}
    assert heard(floor.customer.recording(customer_call), customer_start, begin, end) == {AGENT_HZ}
    samples, rate = read_wav(floor.supervisor.recording(sup_call))  # restarted at resume: its tail
    tail = window(samples, rate, len(samples) / rate - 1.4, len(samples) / rate - 0.2)
    assert {hz for hz in (AGENT_HZ, SUPERVISOR_HZ, CUSTOMER_HZ) if tone_present(tail, rate, hz)} == {
        AGENT_HZ, CUSTOMER_HZ}


def test_the_session_ends_when_the_agent_transfers_the_call(floor: Floor, kamailio: Kamailio,
                                                            workdir: Path) -> None:
    agent2 = EnginePeer(workdir, "agent2", 1300.0).start()
    try:
        agent2.register(account(kamailio, "agent2", auto_answer=AutoAnswer.ALL))
        agent_call, _customer_call, _start = floor.customer_call()
        mark = floor.agent.events.mark()
        sup_call = floor.monitor(floor.signer.grant(agent_call, "whisper"))
        floor.agent.events.wait_for(MonitorJoined, after=mark)
        floor.agent.engine.submit(c.BlindTransfer(call_id=agent_call, target="agent2"))
        assert floor.agent.events.wait_for(ev.TransferProgressed, lambda e: e.final, timeout=15).succeeded
        left = floor.agent.events.wait_for(MonitorLeft, after=mark)
        assert left.reason == "the monitored call was transferred"
        floor.supervisor.events.wait_for(ev.CallEnded, lambda e: e.call_id == sup_call)
        agent2.events.wait_for(ev.CallAnswered)
        agent2.send(c.HangupAll())
    finally:
        agent2.stop()


def test_a_phone_without_a_usable_key_refuses_every_monitor_call(floor: Floor) -> None:
    mark = floor.agent.events.mark()
    floor.agent.engine.submit(ConfigureMonitor(agent="agent1", server_public_key_pem="not a key"))
    failed = floor.agent.events.wait_for(ev.CommandFailed, lambda e: e.command == "ConfigureMonitor", after=mark)
    assert "public key" in failed.reason
    try:
        agent_call, _customer_call, _start = floor.customer_call()
        _refused(floor, floor.signer.grant(agent_call, "listen"), "this phone takes no monitor calls (not configured)")
    finally:
        floor.agent.engine.submit(ConfigureMonitor(agent="agent1", server_public_key_pem=floor.signer.public_pem,
                                                   issuer=ISSUER))
