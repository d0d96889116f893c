"""SIP engine benchmarks against a real Kamailio, the engine in its own process (as shipped).

- ``call_setup_ms``: INVITE sent -> CONFIRMED through Kamailio, auto-answering peer (our engine
  in another process), median of 20 calls (event timestamps taken inside the engine process).
- ``cpu_idle_pct`` / ``cpu_in_call_pct``: percent of one core used by the engine process over
  30 s, registered and idle / in one G722 call (tone source, no recording), from /proc.
- ``engine_shutdown_ms``: hang up, unregister, destroy, libDestroy, with an account registered
  and a call up, median of 5 (reported by the engine itself).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.common import Result, median_result
from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.hub import EventRecorder
from softphone.domain.values import AccountSettings, AutoAnswer, Secret
from softphone.engine.config import AudioSpec, EngineConfig
from softphone.engine.link import EngineLink
from tests.support.kamailio import USERS, Kamailio

METRICS = ("call_setup_ms", "cpu_idle_pct", "cpu_in_call_pct", "engine_shutdown_ms")


def _settings(kam: Kamailio, user: str, **extra: object) -> AccountSettings:
    fields: dict[str, object] = dict(account_id=user, username=user, domain=kam.address,
                                     password=Secret(USERS[user]), registrar=kam.uri, bind_address="127.0.0.1")
    fields.update(extra)
    return AccountSettings(**fields)  # type: ignore[arg-type]


class _Engine:
    def __init__(self, tone_hz: float) -> None:
        self.events = EventRecorder()
        self.link = EngineLink(self.events, EngineConfig(audio=AudioSpec(kind="file", tone_hz=tone_hz)))
        self.link.start()

    def register(self, settings: AccountSettings) -> None:
        mark = self.events.mark()
        self.link.send(c.ConfigureAccount(settings=settings))
        self.events.wait_for(ev.RegistrationChanged, lambda e: e.state.value == "registered", after=mark)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.link.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / 100.0  # utime + stime in clock ticks


def _for(call_id: str) -> Callable[[Any], bool]:
    return lambda event: bool(event.call_id == call_id)


def _cpu_pct(engine: _Engine, seconds: float) -> float:
    cpu0, wall0 = engine.cpu_seconds(), time.monotonic()
    time.sleep(seconds)
    return 100.0 * (engine.cpu_seconds() - cpu0) / (time.monotonic() - wall0)


def run(quick: bool) -> Iterator[Result]:
    with tempfile.TemporaryDirectory(prefix="bench-sip-") as tmp:
        kam = Kamailio(Path(tmp))
        kam.start()
        caller, callee = _Engine(1000.0), _Engine(700.0)
        try:
            g722 = ("G722/16000",)
            caller.register(_settings(kam, "agent1", codecs=g722))
            callee.register(_settings(kam, "agent2", codecs=g722, auto_answer=AutoAnswer.ALL))
            setups: list[float] = []
            for n in range(3 if quick else 20):
                call_id = f"bench-{n}"
                mark = caller.events.mark()
                caller.link.send(c.Dial(account_id="agent1", target="agent2", call_id=call_id))
                started = caller.events.wait_for(ev.OutgoingCallStarted, _for(call_id),
                                                 after=mark)
                answered = caller.events.wait_for(ev.CallAnswered, _for(call_id), after=mark)
                setups.append((answered.at - started.at) * 1000)
                caller.link.send(c.Hangup(call_id=call_id))
                caller.events.wait_for(ev.CallEnded, _for(call_id), after=mark)
            yield median_result("call_setup_ms", setups, "ms")
            seconds = 3.0 if quick else 30.0
            time.sleep(0.5)
            yield Result("cpu_idle_pct", _cpu_pct(caller, seconds), "%", 1, {"seconds": seconds})
            mark = caller.events.mark()
            caller.link.send(c.Dial(account_id="agent1", target="agent2", call_id="cpu-call"))
            media = caller.events.wait_for(ev.CallMediaChanged, lambda e: e.active, after=mark)
            time.sleep(0.5)
            yield Result("cpu_in_call_pct", _cpu_pct(caller, seconds), "%", 1,
                         {"seconds": seconds, "codec": media.codec})
        finally:
            caller.link.stop()
            callee.link.stop()
        shutdowns = [caller.events.wait_for(ev.EngineStopped).shutdown_ms]
        callee2 = _Engine(700.0)
        callee2.register(_settings(kam, "agent2", auto_answer=AutoAnswer.ALL))
        try:
            for n in range(1 if quick else 4):
                engine = _Engine(1000.0)
                engine.register(_settings(kam, "agent1"))
                engine.link.send(c.Dial(account_id="agent1", target="agent2", call_id=f"sd-{n}"))
                engine.events.wait_for(ev.CallAnswered)
                engine.link.stop()
                shutdowns.append(engine.events.wait_for(ev.EngineStopped).shutdown_ms)
        finally:
            callee2.link.stop()
            kam.stop()
        yield median_result("engine_shutdown_ms", shutdowns, "ms")
