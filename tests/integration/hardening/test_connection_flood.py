"""120 idle TCP connections to the engine's SIP-TCP listener: the engine lives, keeps answering
OPTIONS over UDP, still sets up a call; once the flood is gone TCP works again.

Found here: PJSIP keeps about 60 such connections (its ioqueue's handle limit) and refuses new
TCP connections while they stay open: inbound SIP over TCP is starved for as long as an
attacker holds them (UDP, media and existing connections are not affected). Not fixable from
the engine (PJSIP compile-time limits); see the hardening report.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from tests.integration.hardening.rig import TortureRig
from tests.support.kamailio import Kamailio
from tests.support.torture import OptionsWatcher, options, send_tcp, status_codes

pytestmark = pytest.mark.integration
FLOOD = 120


@pytest.fixture
def idle_rig(tmp_path: Path, kamailio: Kamailio, long_customer_wav: Path) -> Iterator[TortureRig]:
    target = TortureRig(tmp_path, kamailio, long_customer_wav, in_call=False)
    try:
        target.start()
        yield target
    finally:
        target.stop()


def test_tcp_connection_flood(idle_rig: TortureRig) -> None:
    rig = idle_rig
    held: list[socket.socket] = []
    try:
        with OptionsWatcher(rig.udp_port, control_port=rig.kamailio.port) as watcher:
            for _ in range(FLOOD):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.settimeout(2)
                try:
                    sock.connect(("127.0.0.1", rig.tcp_port))
                except OSError:
                    sock.close()
                    break
                held.append(sock)
            time.sleep(0.5)
            rig.peer.send(c.Dial(account_id="agent1", target="customer", call_id="during-flood"))
            rig.peer.events.wait_for(ev.CallAnswered, lambda e: e.call_id == "during-flood", timeout=10)
            rig.peer.send(c.Hangup(call_id="during-flood"))
            rig.peer.events.wait_for(ev.CallEnded, lambda e: e.call_id == "during-flood")
        assert rig.died() == [] and rig.peer.link.alive
        assert watcher.report.stalls == [] and watcher.report.answered == watcher.report.pings, \
            watcher.report.summary()
    finally:
        for sock in held:
            with contextlib.suppress(OSError):
                sock.close()
    time.sleep(1.0)
    message, _ = options(rig.tcp_port, 9, transport="TCP")
    assert 200 in status_codes(send_tcp(message, rig.tcp_port, wait_s=1.0)), "TCP did not recover after the flood"
    assert rig.settle(0).calls == 0
