"""Screen-pop benchmarks on real calls through Kamailio, both engines in their own processes (as shipped).

- ``screenpop_card_ms_p50`` / ``screenpop_card_ms_p99``: INVITE received by the agent's engine
  (``IncomingCallRang.at``, taken in the engine process inside ``onIncomingCall``) -> the card's
  data published in the app process (``CustomerFound.at``), headless. The stand-in lookup server
  (tests/integration/screenpop/lookup_server.py, its own process, SQLite with 1M customers, 1000
  with --quick) answers over loopback HTTP. Every call comes from a different number (no cache hit).
- ``ring_shown_ms_dead_server``: INVITE received by the engine -> the app's ringing subscriber runs
  (the place where the GUI bridge would show the ring), with the lookup server not answering at all
  (a socket that accepts connections and never replies), lookups of earlier calls still hanging; p50.
  Extra field ``p99`` and ``invite_sent_p50`` (from the caller's INVITE, through Kamailio).
"""

from __future__ import annotations

import random
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.common import Result
from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.app_events import CustomerFound, CustomerLookupFailed, CustomerNotFound
from softphone.domain.hub import EventHub, EventRecorder
from softphone.domain.messages import Event
from softphone.domain.values import AccountSettings, RegistrationState, Secret
from softphone.engine.config import EngineConfig
from softphone.engine.link import EngineLink
from softphone.screenpop.client import LookupClient
from softphone.screenpop.service import ScreenPopService
from softphone.screenpop.settings import ScreenPopSettings
from tests.integration.screenpop.lookup_server import LookupProcess, create_synthetic_db
from tests.support.kamailio import USERS, Kamailio

METRICS = ("screenpop_card_ms_p50", "screenpop_card_ms_p99", "ring_shown_ms_dead_server",
           "screenpop_card_painted_ms_p50", "screenpop_card_painted_ms_p99")
TOKEN = "bench-token"
OUTCOMES = (CustomerFound, CustomerNotFound, CustomerLookupFailed)


def _settings(kam: Kamailio, user: str) -> AccountSettings:
    return AccountSettings(account_id=user, username=user, domain=kam.address, password=Secret(USERS[user]),
                           registrar=kam.uri, bind_address="127.0.0.1", codecs=("PCMU/8000",))


class _Phone:
    def __init__(self, kam: Kamailio, user: str) -> None:
        self.hub = EventHub()
        self.events = EventRecorder()
        self.hub.subscribe(self.events)
        self.link = EngineLink(self.hub.publish, EngineConfig())
        self.link.start()
        self.link.send(c.ConfigureAccount(settings=_settings(kam, user)))
        reg = self.events.wait_for(ev.RegistrationChanged, lambda e: e.state is not RegistrationState.REGISTERING,
                                   timeout=15)
        if reg.state is not RegistrationState.REGISTERED:
            raise RuntimeError(f"{user} did not register: {reg}")


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _call(caller: _Phone, agent: _Phone, number: str, wait_outcome: bool) -> tuple[ev.IncomingCallRang, Event | None]:
    call_id = f"b-{random.getrandbits(64):x}"
    mark, caller_mark = agent.events.mark(), caller.events.mark()
    headers = (("P-Asserted-Identity", f"<sip:{number}@carrier.example>"),)
    caller.link.send(c.Dial(account_id="customer", target="agent1", call_id=call_id, headers=headers))
    rang = agent.events.wait_for(ev.IncomingCallRang, timeout=10, after=mark)
    outcome = None
    if wait_outcome:
        outcome = agent.events.wait_for(Event, lambda e: isinstance(e, OUTCOMES) and e.call_id == rang.call_id,
                                        timeout=10, after=mark)
    agent.link.send(c.Reject(call_id=rang.call_id))
    caller.events.wait_for(ev.CallEnded, lambda e: e.call_id == call_id, timeout=10, after=caller_mark)
    return rang, outcome


def _card_times(caller: _Phone, agent: _Phone, base_url: str, count: int, customers: int) -> list[float]:
    settings = ScreenPopSettings(api_base=base_url, default_region="GR", timeout_s=1.5)
    service = ScreenPopService(agent.hub, settings, LookupClient(base_url, lambda: TOKEN))
    service.start()
    times: list[float] = []
    try:
        _call(caller, agent, "+302100000000", wait_outcome=True)  # warm-up: TCP connection, imports
        for index in random.sample(range(1, customers), count):
            rang, outcome = _call(caller, agent, f"+30210{index:07d}", wait_outcome=True)
            if not isinstance(outcome, CustomerFound):
                raise RuntimeError(f"customer {index} not found: {outcome}")
            times.append((outcome.at - rang.at) * 1000)
    finally:
        service.stop()
    return times


def _for_call(call_id: str) -> Callable[[ev.CallEnded], bool]:
    return lambda event: event.call_id == call_id


def _painted_times(caller: _Phone, agent: _Phone, base_url: str, count: int, customers: int) -> list[float]:
    """The same calls with the real main window (offscreen) on the agent's hub: INVITE received by
    the engine -> the ringing panel's customer card painted with the customer's name."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from ui.app import build_app
    from ui.bridge import QtBridge
    from ui.fake_core import FakeCore
    from ui.main_window import MainWindow

    app = build_app(["bench"])
    core = FakeCore(hub=agent.hub)
    bridge = QtBridge(core.hub, core.wrap_up_seconds)
    window = MainWindow(core, bridge)
    bridge.attach()
    window.show()
    painted: dict[str, float] = {}
    expected: dict[str, str] = {}
    label = window.ringing.customer.name

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if watched is label and event.type() == QEvent.Type.Paint:
                for name in list(expected):
                    if label.text() == name:
                        painted[expected.pop(name)] = time.time()
            return False

    watch = PaintWatch()
    label.installEventFilter(watch)
    settings = ScreenPopSettings(api_base=base_url, default_region="GR", timeout_s=1.5)
    service = ScreenPopService(agent.hub, settings, LookupClient(base_url, lambda: TOKEN))
    service.start()
    times: list[float] = []
    try:
        for index in random.sample(range(1, customers), count):
            mark = agent.events.mark()
            call_id = f"p-{random.getrandbits(64):x}"
            headers = (("P-Asserted-Identity", f"<sip:+30210{index:07d}@carrier.example>"),)
            caller.link.send(c.Dial(account_id="customer", target="agent1", call_id=call_id, headers=headers))
            deadline = time.monotonic() + 10
            rang: ev.IncomingCallRang | None = None
            while time.monotonic() < deadline:
                app.processEvents()
                found = [e for e in agent.events.events[mark:] if isinstance(e, CustomerFound)]
                if found and rang is None:
                    rang = agent.events.of_type(ev.IncomingCallRang)[-1]
                    expected[found[0].matches[0].name] = rang.call_id
                if rang is not None and rang.call_id in painted:
                    break
                time.sleep(0.0005)
            if rang is None or rang.call_id not in painted:
                raise RuntimeError("the customer card was not painted")
            times.append((painted[rang.call_id] - rang.at) * 1000)
            agent.link.send(c.Reject(call_id=rang.call_id))
            caller.events.wait_for(ev.CallEnded, _for_call(call_id), timeout=10)
            for _ in range(5):
                app.processEvents()
    finally:
        service.stop()
        bridge.detach()
        window.close()
        QApplication.processEvents()
    return times


def _ring_times(caller: _Phone, agent: _Phone, count: int) -> tuple[list[float], list[float]]:
    dead = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    dead.bind(("127.0.0.1", 0))
    dead.listen(64)  # accepts connections in the kernel, never reads or answers
    base_url = f"http://127.0.0.1:{dead.getsockname()[1]}"
    shown: dict[str, float] = {}
    lock = threading.Lock()

    def ring_shown(event: Event) -> None:
        if isinstance(event, ev.IncomingCallRang):
            with lock:
                shown[event.call_id] = time.time()

    settings = ScreenPopSettings(api_base=base_url, default_region="GR", timeout_s=1.5)
    service = ScreenPopService(agent.hub, settings, LookupClient(base_url, lambda: TOKEN))
    service.start()  # subscribed before the ring subscriber: if it held the ring up, we would see it
    sub = agent.hub.subscribe(ring_shown, types=(ev.IncomingCallRang,), name="ring-shown")
    from_invite: list[float] = []
    from_sent: list[float] = []
    try:
        for n in range(count):
            mark = caller.events.mark()
            rang, _ = _call(caller, agent, f"+3069{n:08d}", wait_outcome=False)
            started = caller.events.wait_for(ev.OutgoingCallStarted, after=mark)
            with lock:
                seen = shown[rang.call_id]
            from_invite.append((seen - rang.at) * 1000)
            from_sent.append((seen - started.at) * 1000)
    finally:
        agent.hub.unsubscribe(sub)
        service.stop()
        dead.close()
    return from_invite, from_sent


def run(quick: bool) -> Iterator[Result]:
    customers = 1000 if quick else 1_000_000
    calls = 5 if quick else 200
    with tempfile.TemporaryDirectory(prefix="bench-screenpop-") as tmp:
        db = create_synthetic_db(Path(tmp) / "customers.sqlite", customers)
        kam = Kamailio(Path(tmp))
        kam.start()
        server = LookupProcess(db, TOKEN).start()
        caller = agent = None
        try:
            caller, agent = _Phone(kam, "customer"), _Phone(kam, "agent1")
            card = _card_times(caller, agent, server.base_url, calls, customers)
            extra: dict[str, object] = {"customers": customers, "min": round(min(card), 3),
                                        "max": round(max(card), 3)}
            yield Result("screenpop_card_ms_p50", statistics.median(card), "ms", len(card), extra)
            yield Result("screenpop_card_ms_p99", _percentile(card, 0.99), "ms", len(card), extra)
            painted = _painted_times(caller, agent, server.base_url, 3 if quick else 100, customers)
            yield Result("screenpop_card_painted_ms_p50", statistics.median(painted), "ms", len(painted),
                         {"customers": customers, "max": round(max(painted), 3), "gui": "offscreen"})
            yield Result("screenpop_card_painted_ms_p99", _percentile(painted, 0.99), "ms", len(painted),
                         {"customers": customers})
            ring, sent = _ring_times(caller, agent, 5 if quick else 50)
            yield Result("ring_shown_ms_dead_server", statistics.median(ring), "ms", len(ring),
                         {"p99": round(_percentile(ring, 0.99), 3), "max": round(max(ring), 3),
                          "invite_sent_p50": round(statistics.median(sent), 3)})
        finally:
            for phone in (caller, agent):
                if phone is not None:
                    phone.link.stop()
            server.stop()
            kam.stop()
