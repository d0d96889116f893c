"""RFC 4475 torture messages and malformed traffic against our engine process while it is
registered (UDP and TCP accounts) and in a call with baresip.

Pass: the process lives; OPTIONS are answered within 200 ms throughout (a watcher pings every
50 ms); valid messages get sensible answers, invalid ones 400 or silence; the call in progress
is not disturbed (no CallEnded, audio still flows both ways); no Call object leaks.
"""

from __future__ import annotations

import random
import time

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from tests.integration.hardening.expectations import EXPECTED, problems
from tests.integration.hardening.rig import AGENT_HZ, MAIN_CALL, TortureRig
from tests.integration.sip.conftest import CUSTOMER_HZ
from tests.support.tones import read_wav, tone_present, window
from tests.support.torture import OptionsWatcher, SlowLoris, WatchReport, send_tcp, send_udp, status_codes
from tests.torture.corpus import load_all
from tests.torture.mutate import oversized, truncations

pytestmark = pytest.mark.integration
STALL_LIMIT_S = 0.2
# UDP is paced at about 1000 datagrams/s: unpaced bursts overflow the socket's receive buffer
# and drop the watcher's pings with them (loss, not a stall; bench torture_msgs_per_s finds the rate)
UDP_GAP_S = 0.001
SLOW_INVITE = (b"INVITE sip:agent2@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKslow\r\n"
               b"Max-Forwards: 70\r\nFrom: <sip:slow@127.0.0.1>;tag=1\r\nTo: <sip:agent2@127.0.0.1>\r\n"
               b"Call-ID: slowloris\r\nCSeq: 1 INVITE\r\nX-Pad: " + b"z" * 400 + b"\r\n")


def assert_healthy(rig: TortureRig, report: WatchReport) -> None:
    assert rig.died() == [] and rig.peer.link.alive, "the engine process died"
    assert report.pings >= 20, report
    assert report.stalls == [], f"OPTIONS not answered within {STALL_LIMIT_S * 1000:.0f} ms: {report.stalls[:10]}"
    assert report.answered == report.pings, report.summary()
    assert rig.main_call_ended() == [], "the call in progress was disturbed"


def test_rfc4475_and_malformed_traffic_during_a_call(rig: TortureRig) -> None:
    messages = load_all()
    assert len(messages) == 49
    before = rig.stats()
    assert before.calls == 1
    mark = rig.peer.events.mark()
    lorises = [SlowLoris(rig.tcp_port, SLOW_INVITE, interval_s=0.02).start() for _ in range(3)]
    answers: dict[str, list[int]] = {}
    cases = 0
    with OptionsWatcher(rig.udp_port, limit_s=STALL_LIMIT_S, control_port=rig.kamailio.port) as watcher:
        # over TCP first: the answers come back on the connection. The RFC reuses branch
        # z9hG4bKkdjuw in 22 messages and PJSIP matches server transactions on branch and method
        # only (not sent-by, RFC 3261 17.2.3): the messages with a required answer go first.
        for message in sorted(messages, key=lambda m: m.name not in EXPECTED):
            answers[message.name] = status_codes(send_tcp(message.data, rig.tcp_port, wait_s=0.25))
            cases += 1
        for message in messages:  # the same over UDP (answers go to the Via host: robustness only)
            send_udp(message.data, rig.udp_port, wait_s=UDP_GAP_S)
            cases += 1
        for message in messages:
            for cut in truncations(message.data):
                send_udp(cut, rig.udp_port, wait_s=UDP_GAP_S)
                cases += 1
            send_tcp(message.data[:len(message.data) // 2], rig.tcp_port, close_after_s=0.02)
            cases += 1
        big = oversized(messages[0].data)  # a 64 KB header
        oversize_tcp = status_codes(send_tcp(big, rig.tcp_port, wait_s=0.3))
        send_udp(oversized(messages[0].data, 65_000 - len(messages[0].data)), rig.udp_port, wait_s=0)
        cases += 2
        garbage = random.Random(4475)
        for _ in range(200):
            send_udp(garbage.randbytes(garbage.randrange(1, 1500)), rig.udp_port, wait_s=UDP_GAP_S)
            cases += 1
        for _ in range(10):
            send_tcp(garbage.randbytes(garbage.randrange(1, 4000)), rig.tcp_port, close_after_s=0.05)
            cases += 1
        time.sleep(1.0)
        for loris in lorises:
            loris.stop()
        cases += len(lorises)
    report = watcher.report
    print(f"torture: {cases} cases; OPTIONS watch: {report.summary()}")
    assert_healthy(rig, report)
    assert all(loris.sent > 100 for loris in lorises), "the slow-loris connections were cut early"
    assert not any(code >= 500 for code in oversize_tcp), oversize_tcp
    wrong = [problem for message in messages for problem in problems(message, answers[message.name])]
    assert wrong == [], "\n".join(wrong)
    rang = rig.rang()
    assert rang, "no torture INVITE rang: the valid ones should have"
    settled = rig.settle(before.calls)
    assert settled.calls == before.calls, f"Call objects leaked: {settled} (before: {before})"
    assert settled.media_ports == before.media_ports, f"media ports leaked: {settled} (before: {before})"
    registrations = [e for e in rig.peer.events.events[mark:] if isinstance(e, ev.RegistrationChanged)]
    assert registrations == [], f"the torture disturbed a registration: {registrations}"
    check_call_still_carries_audio(rig)


def check_call_still_carries_audio(rig: TortureRig) -> None:
    time.sleep(1.5)  # talk a little after the storm
    rig.peer.send(c.Hangup(call_id=MAIN_CALL))
    ended = rig.peer.events.wait_for(ev.CallEnded, lambda e: e.call_id == MAIN_CALL)
    rig.customer.wait_event("CALL_CLOSED")
    heard, rate = read_wav(rig.peer.recording(MAIN_CALL))
    tail = window(heard, rate, max(0.0, len(heard) / rate - 1.5), len(heard) / rate - 0.2)
    assert tone_present(tail, rate, CUSTOMER_HZ), "the agent no longer hears the customer"
    time.sleep(0.3)
    customer_heard, crate = read_wav(rig.customer.recordings("dec")[-1])
    ctail = window(customer_heard, crate, max(0.0, len(customer_heard) / crate - 1.5),
                   len(customer_heard) / crate - 0.2)
    assert tone_present(ctail, crate, AGENT_HZ), "the customer no longer hears the agent"
    assert ended.duration_s > 3
    assert rig.stats().calls == 0
