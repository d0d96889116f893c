"""ScreenPopService logic with a scripted directory (the real HTTP path is in tests/integration/screenpop)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from softphone.domain import events as ev
from softphone.domain.app_events import (
    CustomerFound,
    CustomerLookupFailed,
    CustomerLookupStarted,
    CustomerMatch,
    CustomerNotFound,
)
from softphone.domain.hub import EventHub, EventRecorder
from softphone.domain.values import Direction, EndReason, RemoteIdentity
from softphone.screenpop.client import LookupFailedError
from softphone.screenpop.service import ScreenPopService
from softphone.screenpop.settings import OpenOn, ScreenPopSettings

MARIA = CustomerMatch("C-1", "Maria")


class ScriptedDirectory:
    def __init__(self) -> None:
        self.phones: dict[str, tuple[CustomerMatch, ...]] = {}
        self.ids: dict[str, tuple[CustomerMatch, ...]] = {}
        self.calls: list[tuple[str, str]] = []
        self.gate: threading.Event | None = None
        self.failure = ""

    def by_phone(self, phone: str) -> tuple[CustomerMatch, ...]:
        return self._answer("phone", phone, self.phones)

    def by_customer_id(self, customer_id: str) -> tuple[CustomerMatch, ...]:
        return self._answer("customer", customer_id, self.ids)

    def _answer(self, kind: str, value: str, table: dict[str, tuple[CustomerMatch, ...]]) -> tuple[CustomerMatch, ...]:
        self.calls.append((kind, value))
        if self.gate is not None:
            self.gate.wait(10)
        if self.failure:
            raise LookupFailedError(self.failure)
        return table.get(value, ())


class Rig:
    def __init__(self, settings: ScreenPopSettings) -> None:
        self.hub = EventHub()
        self.events = EventRecorder()
        self.hub.subscribe(self.events)
        self.directory = ScriptedDirectory()
        self.opened: list[str] = []
        self.service = ScreenPopService(self.hub, settings, self.directory, open_url=self.opened.append)
        self.service.start()

    def ring(self, call_id: str, from_header: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.hub.publish(ev.IncomingCallRang(call_id=call_id, account_id="a", remote=RemoteIdentity(
            uri="", from_header=from_header, headers=headers)))


@pytest.fixture
def rig() -> Iterator[Rig]:
    r = Rig(ScreenPopSettings(default_region="GR", timeout_s=0.3))
    yield r
    if r.directory.gate is not None:
        r.directory.gate.set()
    r.service.stop()


def test_found_after_started(rig: Rig) -> None:
    rig.directory.phones["+302101234567"] = (MARIA,)
    rig.ring("c1", "<sip:2101234567@pbx>")
    found = rig.events.wait_for(CustomerFound, timeout=5)
    assert found.call_id == "c1" and found.matches == (MARIA,)
    started = rig.events.of_type(CustomerLookupStarted)
    assert started == [CustomerLookupStarted(call_id="c1", number_e164="+302101234567")]
    assert rig.events.events.index(started[0]) < rig.events.events.index(found)


def test_ring_is_never_held_up_and_a_slow_server_times_out(rig: Rig) -> None:
    rig.directory.gate = threading.Event()
    t0, wall0 = time.monotonic(), time.time()
    rig.ring("c1", "<sip:+302101234567@pbx>")
    assert time.monotonic() - t0 < 0.05  # publishing the ring only queues work
    failed = rig.events.wait_for(CustomerLookupFailed, timeout=5)
    assert failed.reason == "timed out"
    assert 0.25 < failed.at - wall0 < 2.0
    rig.directory.phones["+302101234567"] = (MARIA,)
    rig.directory.gate.set()  # the late answer publishes nothing for c1 but warms the cache
    time.sleep(0.3)
    assert rig.events.of_type(CustomerFound) == []
    rig.ring("c2", "<sip:+302101234567@pbx>")
    assert rig.events.wait_for(CustomerFound, timeout=5).call_id == "c2"
    assert len(rig.directory.calls) == 1


def test_answers_are_cached_failures_are_not(rig: Rig) -> None:
    rig.directory.failure = "server unreachable"
    rig.ring("c1", "<sip:+302101234567@pbx>")
    assert rig.events.wait_for(CustomerLookupFailed, timeout=5).reason == "server unreachable"
    rig.directory.failure = ""
    rig.ring("c2", "<sip:+302101234567@pbx>")
    rig.events.wait_for(CustomerNotFound, lambda e: e.call_id == "c2", timeout=5)
    rig.ring("c3", "<sip:+302101234567@pbx>")
    nf = rig.events.wait_for(CustomerNotFound, lambda e: e.call_id == "c3", timeout=5)
    assert nf.number_e164 == "+302101234567" and not nf.withheld
    assert len(rig.directory.calls) == 2


def test_withheld_caller_is_not_looked_up(rig: Rig) -> None:
    rig.ring("c1", '"Anonymous" <sip:anonymous@anonymous.invalid>')
    nf = rig.events.wait_for(CustomerNotFound, timeout=5)
    assert nf.withheld and nf.number_e164 == ""
    time.sleep(0.1)
    assert rig.events.of_type(CustomerLookupStarted) == [] and rig.directory.calls == []


def test_ivr_customer_id_wins_and_unknown_id_falls_back_to_the_number(rig: Rig) -> None:
    rig.directory.ids["C-1"] = (MARIA,)
    rig.ring("c1", "<sip:+302101234567@pbx>", (("X-Customer-Id", "C-1"),))
    assert rig.events.wait_for(CustomerFound, timeout=5).matches == (MARIA,)
    assert rig.directory.calls == [("customer", "C-1")]
    other = CustomerMatch("C-2", "Nikos")
    rig.directory.phones["+302107654321"] = (other,)
    rig.ring("c2", "<sip:+302107654321@pbx>", (("X-Customer-Id", "C-404"),))
    assert rig.events.wait_for(CustomerFound, lambda e: e.call_id == "c2", timeout=5).matches == (other,)
    assert rig.directory.calls[1:] == [("customer", "C-404"), ("phone", "+302107654321")]


def test_outbound_call_to_a_customer_pops_the_same_card(rig: Rig) -> None:
    rig.directory.ids["C-1"] = (MARIA,)
    rig.service.dialing_customer("o1", "C-1")
    rig.hub.publish(ev.OutgoingCallStarted(call_id="o1", account_id="a",
                                           remote=RemoteIdentity(uri="sip:+302101234567@pbx")))
    assert rig.events.wait_for(CustomerFound, timeout=5).call_id == "o1"
    rig.directory.phones["+302101111111"] = (MARIA,)
    rig.hub.publish(ev.OutgoingCallStarted(call_id="o2", account_id="a",
                                           remote=RemoteIdentity(uri="sip:2101111111@pbx")))
    assert rig.events.wait_for(CustomerFound, lambda e: e.call_id == "o2", timeout=5).matches == (MARIA,)


def test_lookup_again_after_a_failure(rig: Rig) -> None:
    rig.directory.failure = "server unreachable"
    rig.ring("c1", "<sip:+302101234567@pbx>")
    rig.events.wait_for(CustomerLookupFailed, timeout=5)
    rig.directory.failure = ""
    rig.directory.phones["+302101234567"] = (MARIA,)
    rig.service.lookup_again("c1")
    assert rig.events.wait_for(CustomerFound, timeout=5).call_id == "c1"


@pytest.mark.parametrize("open_on", [OpenOn.RING, OpenOn.ANSWER])
def test_crm_page_opens_once_on_ring_or_on_answer(open_on: OpenOn) -> None:
    r = Rig(ScreenPopSettings(default_region="GR", url_template="https://crm.example/c?p={e164}&call={call_id}",
                              open_on=open_on))
    try:
        r.ring("c1", "<sip:2101234567@pbx>")
        r.events.wait_for(CustomerNotFound, timeout=5)
        time.sleep(0.1)
        assert len(r.opened) == (1 if open_on is OpenOn.RING else 0)
        r.hub.publish(ev.CallAnswered(call_id="c1", direction=Direction.INBOUND))
        r.hub.publish(ev.CallAnswered(call_id="c1", direction=Direction.INBOUND))
        deadline = time.monotonic() + 5
        while not r.opened and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)
        assert r.opened == ["https://crm.example/c?p=%2B302101234567&call=c1"]
        r.hub.publish(ev.CallEnded(call_id="c1", reason=EndReason.HANGUP_REMOTE))
    finally:
        r.service.stop()


def test_withheld_caller_opens_no_crm_page() -> None:
    r = Rig(ScreenPopSettings(url_template="https://crm.example/c?p={e164}", open_on=OpenOn.RING))
    try:
        r.ring("c1", "<sip:anonymous@anonymous.invalid>")
        r.events.wait_for(CustomerNotFound, timeout=5)
        time.sleep(0.1)
        assert r.opened == []
    finally:
        r.service.stop()


def test_withheld_caller_with_an_unknown_ivr_id_stays_withheld(rig: Rig) -> None:
    rig.ring("c1", "<sip:anonymous@anonymous.invalid>", (("X-Customer-Id", "C-404"),))
    nf = rig.events.wait_for(CustomerNotFound, timeout=5)
    assert nf.withheld and rig.directory.calls == [("customer", "C-404")]


def test_lookup_again_bypasses_a_cached_not_found(rig: Rig) -> None:
    rig.ring("c1", "<sip:+302101234567@pbx>")
    rig.events.wait_for(CustomerNotFound, timeout=5)
    rig.directory.phones["+302101234567"] = (MARIA,)  # the agent created the customer
    rig.service.lookup_again("c1")
    assert rig.events.wait_for(CustomerFound, timeout=5).matches == (MARIA,)
    assert len(rig.directory.calls) == 2
