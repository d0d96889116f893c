"""Off-nominal calls: busy, unreachable, CANCEL while ringing, DTMF, hold/resume with audio, leaks."""

from __future__ import annotations

import socket
import time

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.values import AutoAnswer, CallState, DtmfMethod, EndReason
from tests.integration.sip.conftest import AGENT_HZ, CUSTOMER_HZ, InProcessAgent, account
from tests.support.baresip import Baresip
from tests.support.kamailio import USERS, Kamailio
from tests.support.net import sip_ping
from tests.support.tones import read_wav, tone_present, window

pytestmark = pytest.mark.integration


@pytest.fixture
def manual_customer(kamailio: Kamailio, customer_wav: object, tmp_path: object) -> Baresip:
    peer = Baresip(tmp_path, customer_wav, user="customer", password=USERS["customer"],  # type: ignore[arg-type]
                   registrar=kamailio.address, answermode="manual")
    peer.start()
    yield peer  # type: ignore[misc]
    peer.stop()


def test_unknown_callee_is_unreachable(kamailio: Kamailio, agent: InProcessAgent) -> None:
    agent.register(account(kamailio))
    agent.engine.submit(c.Dial(account_id="agent1", target="nobody", call_id="c-404"))
    ended = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == "c-404")
    assert ended.reason is EndReason.UNREACHABLE and ended.code == 404


def test_busy_callee(kamailio: Kamailio, manual_customer: Baresip, agent: InProcessAgent) -> None:
    agent.register(account(kamailio))
    agent.engine.submit(c.Dial(account_id="agent1", target="customer", call_id="c-busy"))
    agent.events.wait_for(ev.CallStateChanged, lambda e: e.state is CallState.RINGING_OUT)
    manual_customer.wait_event("CALL_INCOMING")
    manual_customer.command("hangup")  # baresip rejects a ringing call with 486 Busy Here
    ended = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == "c-busy")
    assert ended.reason is EndReason.BUSY, ended


def test_we_cancel_while_it_rings(kamailio: Kamailio, manual_customer: Baresip, agent: InProcessAgent) -> None:
    agent.register(account(kamailio))
    agent.engine.submit(c.Dial(account_id="agent1", target="customer", call_id="c-cancel"))
    manual_customer.wait_event("CALL_INCOMING")
    agent.engine.submit(c.Hangup(call_id="c-cancel"))
    ended = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == "c-cancel")
    assert ended.reason is EndReason.HANGUP_LOCAL
    manual_customer.wait_event("CALL_CLOSED")


def test_caller_cancels_while_we_ring_is_a_missed_call(kamailio: Kamailio, customer: Baresip,
                                                       agent: InProcessAgent) -> None:
    agent.register(account(kamailio))
    customer.command("dial", f"sip:agent1@{kamailio.address}")
    rang = agent.events.wait_for(ev.IncomingCallRang)
    time.sleep(0.3)
    customer.command("hangup")
    ended = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == rang.call_id)
    assert ended.reason is EndReason.CANCELLED


def test_reject_incoming(kamailio: Kamailio, customer: Baresip, agent: InProcessAgent) -> None:
    agent.register(account(kamailio))
    customer.command("dial", f"sip:agent1@{kamailio.address}")
    rang = agent.events.wait_for(ev.IncomingCallRang)
    agent.engine.submit(c.Reject(call_id=rang.call_id, code=603))
    ended = agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == rang.call_id)
    assert ended.reason is EndReason.REJECTED
    customer.wait_event("CALL_CLOSED")


def test_dtmf_both_ways_and_hold_resume_keep_audio(kamailio: Kamailio, customer: Baresip,
                                                   agent: InProcessAgent) -> None:
    agent.register(account(kamailio, auto_answer=AutoAnswer.ALL))
    customer.command("dial", f"sip:agent1@{kamailio.address}")
    rang = agent.events.wait_for(ev.IncomingCallRang)
    assert rang.auto_answer
    call_id = rang.call_id
    agent.events.wait_for(ev.CallAnswered, lambda e: e.call_id == call_id)
    customer.wait_event("CALL_ESTABLISHED")
    time.sleep(0.5)
    for key in "12#":
        customer.command("sndcode", key)
        time.sleep(0.25)
    digits = [agent.events.wait_for(ev.DtmfReceived, lambda e, k=k: e.digit == k).digit for k in "12#"]
    assert digits == ["1", "2", "#"]
    agent.engine.submit(c.SendDtmf(call_id=call_id, digits="59"))
    customer.wait_event("CALL_DTMF_START")
    agent.engine.submit(c.SendDtmf(call_id=call_id, digits="7", method=DtmfMethod.SIP_INFO))
    agent.engine.submit(c.Hold(call_id=call_id))
    agent.events.wait_for(ev.CallHeld, lambda e: e.call_id == call_id and not e.by_remote)
    agent.events.wait_for(ev.CallStateChanged, lambda e: e.state is CallState.HELD)
    time.sleep(0.5)
    agent.engine.submit(c.Resume(call_id=call_id))
    agent.events.wait_for(ev.CallResumed, lambda e: e.call_id == call_id)
    time.sleep(1.5)
    agent.engine.submit(c.Hangup(call_id=call_id))
    agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == call_id)
    heard, rate = read_wav(agent.audio.recording_path(call_id))  # recorded since the resume
    assert tone_present(window(heard, rate, 0.4), rate, CUSTOMER_HZ), "no customer audio after resume"
    customer.wait_event("CALL_CLOSED")
    time.sleep(0.3)
    customer_heard, crate = read_wav(customer.recordings("dec")[-1])
    assert tone_present(window(customer_heard, crate, len(customer_heard) / crate - 1.2), crate, AGENT_HZ), \
        "the customer does not hear the agent after resume"


def test_mute_silences_the_far_end(kamailio: Kamailio, customer: Baresip, agent: InProcessAgent) -> None:
    agent.register(account(kamailio, auto_answer=AutoAnswer.ALL))
    customer.command("dial", f"sip:agent1@{kamailio.address}")
    call_id = agent.events.wait_for(ev.IncomingCallRang).call_id
    agent.events.wait_for(ev.CallMediaChanged, lambda e: e.active)
    customer.wait_event("CALL_ESTABLISHED")
    time.sleep(1.0)
    agent.engine.submit(c.Mute(call_id=call_id, muted=True))
    assert agent.events.wait_for(ev.CallMuted).muted
    time.sleep(1.5)
    customer.command("hangup")
    agent.events.wait_for(ev.CallEnded)
    customer.wait_event("CALL_CLOSED")
    time.sleep(0.3)
    heard, rate = read_wav(customer.recordings("dec")[-1])
    total = len(heard) / rate
    assert tone_present(window(heard, rate, 0.3, 1.0), rate, AGENT_HZ), "the agent was not heard before mute"
    assert not tone_present(window(heard, rate, total - 1.0, total), rate, AGENT_HZ, 0.01), "mute leaked audio"


def _raw_invite(agent_port: int, source_ip: str, sdp: str) -> bytes:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((source_ip, 0))
        port = sock.getsockname()[1]
        body = sdp.replace("\n", "\r\n")
        message = (
            f"INVITE sip:agent1@127.0.0.1:{agent_port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {source_ip}:{port};branch=z9hG4bK-{port}-x;rport\r\n"
            "Max-Forwards: 70\r\n"
            f"From: \"Scanner\" <sip:100@{source_ip}>;tag=scan{port}\r\n"
            f"To: <sip:agent1@127.0.0.1:{agent_port}>\r\n"
            f"Call-ID: scan-{port}@{source_ip}\r\nCSeq: 1 INVITE\r\n"
            f"Contact: <sip:100@{source_ip}:{port}>\r\nContent-Type: application/sdp\r\n"
            f"Content-Length: {len(body.encode())}\r\n\r\n{body}"
        )
        sock.sendto(message.encode(), ("127.0.0.1", agent_port))
        sock.settimeout(3)
        final = b""
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            try:
                data, _ = sock.recvfrom(65535)
            except TimeoutError:
                break
            status = int(data.split(b" ", 2)[1])
            if status >= 200:
                final = data
                break
        return final


GOOD_SDP = """v=0
o=- 1 1 IN IP4 127.0.0.2
s=-
c=IN IP4 127.0.0.2
t=0 0
m=audio 40000 RTP/AVP 0
a=rtpmap:0 PCMU/8000
"""


def _agent_port(reg: ev.RegistrationChanged) -> int:
    return int(reg.contact.rsplit(":", 1)[1].split(";")[0])


def test_invite_not_from_the_registrar_is_refused(kamailio: Kamailio, agent: InProcessAgent) -> None:
    reg = agent.register(account(kamailio))
    final = _raw_invite(_agent_port(reg), "127.0.0.2", GOOD_SDP)
    assert final.startswith(b"SIP/2.0 403"), final[:80]
    assert agent.events.of_type(ev.IncomingCallRang) == []
    agent.engine.submit(c.ReportStats())
    assert agent.events.wait_for(ev.EngineStats).calls == 0


def test_malformed_sdp_is_answered_and_the_engine_lives(kamailio: Kamailio, agent: InProcessAgent) -> None:
    reg = agent.register(account(kamailio, reject_non_registrar=False))
    port = _agent_port(reg)
    for sdp in ("v=0\nthis is not sdp\n", "v=0\no=- 1 1 IN IP4\nm=audio notaport RTP/AVP 0\n", "\x00\xff" * 20):
        final = _raw_invite(port, "127.0.0.1", sdp)
        assert final[:12] in (b"SIP/2.0 400 ", b"SIP/2.0 488 ", b"SIP/2.0 500 ", b""), final[:60]
        assert sip_ping(port, timeout=2) < 0.5
    time.sleep(0.5)
    agent.engine.submit(c.ReportStats())
    stats = agent.events.wait_for(ev.EngineStats)
    assert stats.calls == 0


def test_twenty_calls_in_a_row_leak_nothing(kamailio: Kamailio, customer: Baresip, agent: InProcessAgent) -> None:
    agent.register(account(kamailio))
    agent.engine.submit(c.ReportStats())
    before = agent.events.wait_for(ev.EngineStats)
    for n in range(20):
        call_id = f"loop-{n}"
        agent.engine.submit(c.Dial(account_id="agent1", target="customer", call_id=call_id))
        agent.events.wait_for(ev.CallMediaChanged, lambda e, i=call_id: e.call_id == i and e.active)
        agent.engine.submit(c.Hangup(call_id=call_id))
        agent.events.wait_for(ev.CallEnded, lambda e, i=call_id: e.call_id == i)
    time.sleep(0.3)
    mark = agent.events.mark()
    agent.engine.submit(c.ReportStats())
    after = agent.events.wait_for(ev.EngineStats, after=mark)
    assert after.calls == 0
    assert after.media_ports == before.media_ports, (before, after)
    assert len(agent.events.of_type(ev.CallEnded)) == 20
