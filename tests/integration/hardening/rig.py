"""The engine under attack: our engine as a process (as shipped), registered to Kamailio over
UDP (agent1) and TCP (agent2), in a call with a baresip customer; helpers to check on it."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.values import AccountSettings, Transport
from tests.integration.sip.conftest import account
from tests.support.baresip import Baresip
from tests.support.kamailio import USERS, Kamailio
from tests.support.peer import EnginePeer

MAIN_CALL = "main-call"
AGENT_HZ = 1000.0


def port_of(contact: str) -> int:
    match = re.search(r"@[^:;>]+:(\d+)", contact)
    assert match, contact
    return int(match.group(1))


class TortureRig:
    def __init__(self, workdir: Path, kamailio: Kamailio, customer_wav: Path, *, in_call: bool = True,
                 reject_non_registrar: bool = False, log_level: int | None = None) -> None:
        self.workdir, self.kamailio, self.in_call = workdir, kamailio, in_call
        self.customer = Baresip(workdir, customer_wav, user="customer", password=USERS["customer"],
                                registrar=kamailio.address)
        self.peer = EnginePeer(workdir, "agent1", AGENT_HZ)
        if log_level is not None:  # full PJSIP log (level 5: every SIP message) in peer-agent1.log
            self.peer.link.config = replace(self.peer.link.config, log_level=log_level, pj_log_level=5)
        self.reject_non_registrar = reject_non_registrar
        self.udp_port = 0
        self.tcp_port = 0
        self.handled: set[str] = set()

    def settings(self, user: str, transport: Transport = Transport.UDP) -> AccountSettings:
        return account(self.kamailio, user, transport=transport, reject_non_registrar=self.reject_non_registrar)

    def start(self) -> TortureRig:
        self.customer.start()
        self.peer.start()
        self.udp_port = port_of(self.peer.register(self.settings("agent1")).contact)
        self.tcp_port = port_of(self.peer.register(self.settings("agent2", Transport.TCP)).contact)
        if self.in_call:
            self.peer.send(c.Dial(account_id="agent1", target="customer", call_id=MAIN_CALL))
            self.peer.events.wait_for(ev.CallAnswered, lambda e: e.call_id == MAIN_CALL)
            self.peer.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == MAIN_CALL and e.active)
            self.customer.wait_event("CALL_ESTABLISHED")
        return self

    def stats(self) -> ev.EngineStats:
        mark = self.peer.events.mark()
        self.peer.send(c.ReportStats())
        return self.peer.events.wait_for(ev.EngineStats, after=mark, timeout=5)

    def rang(self) -> list[ev.IncomingCallRang]:
        return self.peer.events.of_type(ev.IncomingCallRang)

    def reject_ringing(self) -> int:
        """The torture INVITEs that rang are real ringing calls: decline them as an agent would."""
        rejected = 0
        ended = {e.call_id for e in self.peer.events.of_type(ev.CallEnded)}
        for rang in self.rang():
            if rang.call_id not in ended and rang.call_id not in self.handled:
                self.handled.add(rang.call_id)
                self.peer.send(c.Reject(call_id=rang.call_id, code=486))
                rejected += 1
        return rejected

    def settle(self, expected_calls: int, timeout: float = 10.0) -> ev.EngineStats:
        deadline = time.monotonic() + timeout
        while True:
            self.reject_ringing()
            stats = self.stats()
            if stats.calls == expected_calls or time.monotonic() > deadline:
                return stats
            time.sleep(0.2)

    def died(self) -> list[ev.EngineDied]:
        return self.peer.events.of_type(ev.EngineDied)

    def main_call_ended(self) -> list[ev.CallEnded]:
        return [e for e in self.peer.events.of_type(ev.CallEnded) if e.call_id == MAIN_CALL]

    def stop(self) -> None:
        try:
            self.peer.stop()
        finally:
            self.customer.stop()
