"""reject_non_registrar=True: INVITEs that did not come from our registrar are refused (403) and
never ring, including the RFC 4475 ones; the same INVITE from the registrar's address rings."""

from __future__ import annotations

import itertools
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain import events as ev
from tests.integration.hardening.rig import TortureRig
from tests.support.kamailio import Kamailio
from tests.support.torture import send_tcp, send_udp, status_codes
from tests.torture.corpus import load_all

pytestmark = pytest.mark.integration
STRANGER = "127.0.0.2"
_CSEQ = itertools.count(1000)  # in-dialog requests need rising CSeq numbers (a lower one gets 500)


def invite(port: int, source: str, transport: str, n: int) -> bytes:
    body = (b"v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n"
            b"m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")
    head = (f"INVITE sip:agent1@127.0.0.1:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/{transport} {source}:9;branch=z9hG4bKpolicy{n}x{time.monotonic_ns()};rport\r\n"
            f"Max-Forwards: 70\r\nFrom: \"Stranger\" <sip:stranger@{source}>;tag=s{n}\r\n"
            f"To: <sip:agent1@127.0.0.1>\r\nCall-ID: policy-{n}-{time.monotonic_ns()}\r\nCSeq: 1 INVITE\r\n"
            f"Contact: <sip:stranger@{source}:9>\r\nContent-Type: application/sdp\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


@pytest.fixture
def strict(tmp_path: Path, kamailio: Kamailio, long_customer_wav: Path) -> Iterator[TortureRig]:
    target = TortureRig(tmp_path, kamailio, long_customer_wav, in_call=False, reject_non_registrar=True)
    try:
        target.start()
        yield target
    finally:
        target.stop()


def test_invites_from_a_stranger_are_refused_and_never_ring(strict: TortureRig) -> None:
    udp = [status_codes(reply) for reply in
           send_udp(invite(strict.udp_port, STRANGER, "UDP", 1), strict.udp_port, source=STRANGER, wait_s=1.0)]
    tcp = status_codes(send_tcp(invite(strict.tcp_port, STRANGER, "TCP", 2), strict.tcp_port, source=STRANGER,
                                wait_s=1.0))
    torture = {m.name: status_codes(send_tcp(m.data, strict.tcp_port, source=STRANGER, wait_s=0.25))
               for m in load_all() if m.method == "INVITE"}
    codes = [code for reply in udp for code in reply]
    assert 403 in codes and 180 not in codes, udp
    assert 403 in tcp and 180 not in tcp, tcp
    for name, answer in torture.items():
        assert 180 not in answer and 200 not in answer, (name, answer)
    assert sum(403 in answer for answer in torture.values()) >= 2, torture
    time.sleep(0.5)
    assert strict.rang() == [], "an INVITE from a stranger rang"
    assert strict.settle(0).calls == 0
    # the control: the registrar's own address is trusted, the same INVITE rings there
    # (with a display name that is not UTF-8: the event must still carry valid Unicode)
    control = invite(strict.tcp_port, "127.0.0.1", "TCP", 3).replace(b'"Stranger"', b'"Str\xffnger"')
    ok = status_codes(send_tcp(control, strict.tcp_port, wait_s=1.0))
    assert 180 in ok, ok
    rang = strict.peer.events.wait_for(ev.IncomingCallRang, timeout=5)
    assert rang.remote.display_name == "Str\ufffdnger", rang.remote
    assert strict.settle(0).calls == 0


def dialog_of_main_call(log_text: str) -> tuple[str, str, str]:
    """(Call-ID, our tag, the customer's tag) of the main call, from the engine's SIP trace."""
    invite = log_text[log_text.index("INVITE sip:customer@"):]
    call_id = re.search(r"Call-ID: (\S+)", invite)
    ours = re.search(r"From: [^\n]*;tag=([^\s;>]+)", invite)
    answer = log_text[log_text.index("SIP/2.0 200 Answering"):]
    theirs = re.search(r"To: [^\n]*;tag=([^\s;>]+)", answer)
    assert call_id and ours and theirs
    return call_id.group(1), ours.group(1), theirs.group(1)


def replacing_invite(port: int, source: str, dialog: tuple[str, str, str]) -> bytes:
    call_id, ours, theirs = dialog
    body = (f"v=0\r\no=- 1 1 IN IP4 {source}\r\ns=-\r\nc=IN IP4 {source}\r\nt=0 0\r\n"
            "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n").encode()
    head = (f"INVITE sip:agent1@127.0.0.1:{port};transport=tcp SIP/2.0\r\n"
            f"Via: SIP/2.0/TCP {source}:9;branch=z9hG4bKrepl{time.monotonic_ns()};rport\r\n"
            f"Max-Forwards: 70\r\nFrom: <sip:intruder@{source}>;tag=i{time.monotonic_ns()}\r\n"
            f"To: <sip:agent1@127.0.0.1>\r\nCall-ID: replace-{time.monotonic_ns()}\r\nCSeq: 1 INVITE\r\n"
            f"Contact: <sip:intruder@{source}:9;transport=tcp>\r\n"
            f"Replaces: {call_id};to-tag={ours};from-tag={theirs}\r\n"
            f"Content-Type: application/sdp\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def test_a_stranger_cannot_take_over_the_call_with_replaces(tmp_path: Path, kamailio: Kamailio,
                                                             long_customer_wav: Path) -> None:
    rig = TortureRig(tmp_path, kamailio, long_customer_wav, reject_non_registrar=True, log_level=logging.DEBUG)
    try:
        rig.start()
        time.sleep(0.3)
        dialog = dialog_of_main_call((tmp_path / "peer-agent1.log").read_text(errors="replace"))
        refused = status_codes(send_tcp(replacing_invite(rig.tcp_port, STRANGER, dialog), rig.tcp_port,
                                        source=STRANGER, wait_s=1.0))
        time.sleep(0.5)
        assert 200 not in refused and 403 in refused, refused
        assert rig.main_call_ended() == [] and rig.peer.events.of_type(ev.CallReplaced) == []
        assert rig.stats().calls == 1
        # the control: the same request through the registrar's address is an attended transfer
        accepted = status_codes(send_tcp(replacing_invite(rig.tcp_port, "127.0.0.1", dialog), rig.tcp_port,
                                         wait_s=1.0))
        assert 200 in accepted, accepted
        rig.peer.events.wait_for(ev.CallReplaced, timeout=5)
    finally:
        rig.stop()


def in_dialog(method: str, port: int, source: str, dialog: tuple[str, str, str], extra: str = "") -> bytes:
    call_id, ours, theirs = dialog
    return (f"{method} sip:agent1@127.0.0.1:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {source}:9;branch=z9hG4bKdlg{time.monotonic_ns()};rport\r\n"
            f"Max-Forwards: 70\r\nFrom: <sip:customer@127.0.0.1>;tag={theirs}\r\n"
            f"To: <sip:agent1@127.0.0.1>;tag={ours}\r\nCall-ID: {call_id}\r\nCSeq: {next(_CSEQ)} "
            f"{method}\r\nContact: <sip:intruder@{source}:9>\r\n{extra}Content-Length: 0\r\n\r\n").encode()


def test_a_stranger_cannot_transfer_the_call_away_with_refer(tmp_path: Path, kamailio: Kamailio,
                                                              long_customer_wav: Path) -> None:
    rig = TortureRig(tmp_path, kamailio, long_customer_wav, reject_non_registrar=True, log_level=logging.DEBUG)
    try:
        rig.start()
        time.sleep(0.3)
        dialog = dialog_of_main_call((tmp_path / "peer-agent1.log").read_text(errors="replace"))
        refer = in_dialog("REFER", rig.udp_port, STRANGER, dialog, f"Refer-To: <sip:bob@{kamailio.address}>\r\n")
        codes = [code for reply in send_udp(refer, rig.udp_port, source=STRANGER, wait_s=1.0)
                 for code in status_codes(reply)]
        time.sleep(0.5)
        assert 202 not in codes and 403 in codes, codes
        assert rig.peer.events.of_type(ev.CallTransferredAway) == [], "a stranger transferred the call away"
        assert rig.main_call_ended() == [] and rig.stats().calls == 1
        # the control: the far end's REFER through the registrar's address is a blind transfer
        refer = in_dialog("REFER", rig.udp_port, "127.0.0.1", dialog, f"Refer-To: <sip:bob@{kamailio.address}>\r\n")
        codes = [code for reply in send_udp(refer, rig.udp_port, wait_s=1.0) for code in status_codes(reply)]
        assert 202 in codes, codes
        rig.peer.events.wait_for(ev.CallTransferredAway, timeout=5)
    finally:
        rig.stop()


def test_a_stranger_cannot_redirect_the_media_with_a_reinvite(tmp_path: Path, kamailio: Kamailio,
                                                              long_customer_wav: Path) -> None:
    rig = TortureRig(tmp_path, kamailio, long_customer_wav, reject_non_registrar=True, log_level=logging.DEBUG)
    try:
        rig.start()
        time.sleep(0.3)
        dialog = dialog_of_main_call((tmp_path / "peer-agent1.log").read_text(errors="replace"))

        def reinvite(source: str) -> list[int]:
            body = (f"v=0\r\no=- 2 {time.monotonic_ns() % 10**6} IN IP4 {source}\r\ns=-\r\nc=IN IP4 {source}\r\n"
                    "t=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n").encode()
            head = in_dialog("INVITE", rig.udp_port, source, dialog,
                             f"Content-Type: application/sdp\r\nContent-Length: {len(body)}\r\n")
            message = head.replace(b"Content-Length: 0\r\n", b"") + body
            codes = [code for reply in send_udp(message, rig.udp_port, source=source, wait_s=1.0)
                     for code in status_codes(reply)]
            if codes and codes[-1] >= 300:  # ACK the refusal (same branch and CSeq), as a real UA does
                ack = head.split(b"\r\nContent-Type")[0].replace(b"INVITE sip:", b"ACK sip:", 1)
                ack = re.sub(rb"CSeq: (\d+) INVITE", rb"CSeq: \1 ACK", ack) + b"\r\nContent-Length: 0\r\n\r\n"
                send_udp(ack, rig.udp_port, source=source, wait_s=0.05)
            return codes

        refused = reinvite(STRANGER)
        assert 200 not in refused and refused, refused  # answered, and not with our media
        time.sleep(0.5)
        assert rig.main_call_ended() == [] and rig.stats().calls == 1
        assert 200 in reinvite("127.0.0.1"), "the control re-INVITE via the registrar's address was refused"
    finally:
        rig.stop()
