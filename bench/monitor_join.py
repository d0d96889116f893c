"""Supervisor monitoring: how long from "Whisper" to hearing the call, on loopback.

- ``monitor_join_ms``: the supervisor's console handles StartMonitor(whisper) (t0) -> the
  supervisor hears the call: grant fetch from the real server (HTTP, Ed25519 signature,
  audit row), the call to the agent through Kamailio with the grant header, the agent's
  offline verification and silent answer, the bridge wiring, and the first 10 ms of the
  agent's or customer's tone in the supervisor's recording (so the jitter buffer counts too).
  Median of 10 joins (3 quick). Every party is our engine in a process of its own (as shipped).
- ``monitor_media_ms``: t0 -> the supervisor's call has media (the signalling part of the above).
"""

from __future__ import annotations

import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Result, median_result
from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.hub import EventRecorder
from softphone.domain.messages import Event
from softphone.domain.monitor import LeaveMonitor, MonitorJoined, MonitorLeft, MonitorPolicy, StartMonitor
from softphone.domain.values import AccountSettings, AutoAnswer, MonitorMode, Secret
from softphone.engine.config import AudioSpec, EngineConfig
from softphone.engine.link import EngineLink
from softphone.supervise.client import MonitorClient
from softphone.supervise.console import SupervisorConsole
from tests.integration.server.live import LiveServer
from tests.support.kamailio import USERS, Kamailio
from tests.support.tones import read_wav, tone_level

METRICS = ("monitor_join_ms", "monitor_media_ms")
CUSTOMER_HZ, AGENT_HZ, SUPERVISOR_HZ = 500.0, 700.0, 900.0


class _Peer:
    """Our engine in a process; its events are recorded and handed to ``listeners``."""

    def __init__(self, workdir: Path, name: str, tone_hz: float) -> None:
        self.events = EventRecorder()
        self.listeners: list[Callable[[Event], None]] = []
        self.record_dir = workdir / name
        self.link = EngineLink(self._on_event, EngineConfig(audio=AudioSpec(kind="file", tone_hz=tone_hz,
                                                                            record_dir=self.record_dir),
                                                            log_file=workdir / f"{name}.log"))
        self.link.start()

    def _on_event(self, event: Event) -> None:
        self.events(event)
        for listener in list(self.listeners):
            listener(event)

    def register(self, kam: Kamailio, user: str, **extra: object) -> None:
        fields: dict[str, object] = dict(account_id=user, username=user, domain=kam.address,
                                         password=Secret(USERS[user]), registrar=kam.uri, bind_address="127.0.0.1",
                                         codecs=("PCMU/8000",))
        fields.update(extra)
        mark = self.events.mark()
        self.link.send(c.ConfigureAccount(settings=AccountSettings(**fields)))  # type: ignore[arg-type]
        self.events.wait_for(ev.RegistrationChanged, lambda e: e.state.value == "registered", after=mark)


def hearing_onset_s(path: Path, frame_s: float = 0.01, threshold: float = 0.02) -> float | None:
    """Seconds into a recording until the agent's or the customer's tone is first heard."""
    samples, rate = read_wav(path)
    size = int(frame_s * rate)
    for start in range(0, len(samples) - size, size):
        frame = samples[start:start + size]
        if max(tone_level(frame, rate, AGENT_HZ), tone_level(frame, rate, CUSTOMER_HZ)) >= threshold:
            return start / rate
    return None


def _media_of(call_id: str) -> Callable[[ev.CallMediaChanged], bool]:
    return lambda event: event.call_id == call_id and event.active


def run(quick: bool) -> Iterator[Result]:
    with tempfile.TemporaryDirectory(prefix="bench-monitor-") as tmp:
        work = Path(tmp)
        kam = Kamailio(work / "kamailio")
        kam.start()
        server = LiveServer.sqlite(work / "server")
        server.add_user("agent1", role="agent", teams=["floor"], extension="agent1")
        server.add_user("supervisor", role="supervisor", teams=["floor"])
        server.start()
        peers: list[_Peer] = []
        try:
            customer, agent, sup = (_Peer(work, "customer", CUSTOMER_HZ), _Peer(work, "agent", AGENT_HZ),
                                    _Peer(work, "supervisor", SUPERVISOR_HZ))
            peers = [customer, agent, sup]
            customer.register(kam, "customer", auto_answer=AutoAnswer.ALL)
            agent.register(kam, "agent1")
            sup.register(kam, "supervisor")
            with server.client("agent1") as http:
                policy = MonitorPolicy.from_provisioning(http.get("/api/v1/provisioning").json())
            command = policy.configure_agent("agent1")
            assert command is not None
            agent.link.send(command)
            customer_call = str(uuid.uuid4())
            agent.link.send(c.Dial(account_id="agent1", target="customer", call_id=customer_call))
            agent.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == customer_call and e.active)
            with server.client("agent1") as http:
                http.post("/api/v1/agent-states", headers={"Idempotency-Key": str(uuid.uuid4())},
                          json={"state": "on_call", "at": datetime.now(UTC).isoformat(),
                                "call_id": customer_call}).raise_for_status()
            token = server.login("supervisor")
            app_events = EventRecorder()
            console = SupervisorConsole(client=MonitorClient(server.url, lambda: token), send=sup.link.send,
                                        publish=app_events, account_id="supervisor", supervisor="supervisor",
                                        policy=policy)
            sup.listeners.append(console.on_event)
            joins: list[float] = []
            media: list[float] = []
            for _ in range(3 if quick else 10):
                mark, sup_mark = app_events.mark(), sup.events.mark()
                t0 = time.time()
                console.handle(StartMonitor(agent="agent1", mode=MonitorMode.WHISPER))
                joined = app_events.wait_for(MonitorJoined, after=mark)
                call_id = console.sessions[joined.session_id].call_id
                active = sup.events.wait_for(ev.CallMediaChanged, _media_of(call_id), after=sup_mark)
                time.sleep(1.0)
                console.handle(LeaveMonitor(session_id=joined.session_id))
                app_events.wait_for(MonitorLeft, after=mark)
                time.sleep(0.2)
                onset = hearing_onset_s(sup.record_dir / f"{call_id}.wav")
                if onset is None:
                    raise RuntimeError("the supervisor never heard the call")
                media.append((active.at - t0) * 1000)
                joins.append((active.at + onset - t0) * 1000)
            yield median_result("monitor_join_ms", joins, "ms")
            yield median_result("monitor_media_ms", media, "ms")
        finally:
            for peer in peers:
                peer.link.stop()
            server.close()
            kam.stop()
