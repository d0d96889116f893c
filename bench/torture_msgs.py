"""``torture_msgs_per_s``: how fast the engine can be fed malformed SIP while it still answers
OPTIONS within 200 ms (the stall check), registered and in a call with baresip.

The engine runs as a process (as shipped). Mutated RFC 4475 messages are sent over UDP at a
rising rate (100, 200, 400 ... msgs/s, 5 s per step; --quick: 2 steps of 1 s) while a watcher
pings the engine (and Kamailio as a control, to tell machine load from engine stalls) every
50 ms. The value is the highest achieved rate of a step with no stall, every ping answered and
the call still up. It doubles as the long fuzz run: if the engine dies, the inputs sent just
before are saved under tests/torture/regressions/ and the run stops.
"""

from __future__ import annotations

import random
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import Result
from tests.integration.hardening.fuzzing import Feeder
from tests.integration.hardening.rig import TortureRig
from tests.support.kamailio import Kamailio
from tests.support.tones import write_tone_wav
from tests.support.torture import OptionsWatcher, WatchReport
from tests.torture.corpus import load_all

METRICS = ("torture_msgs_per_s",)
LIMIT_S = 0.2


def _step(rig: TortureRig, feeder: Feeder, rate: int, seconds: float, rng: random.Random) -> tuple[float, WatchReport]:
    bases = [m.data for m in load_all()]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, \
            OptionsWatcher(rig.udp_port, limit_s=LIMIT_S, control_port=rig.kamailio.port) as watcher:
        started = time.monotonic()
        sent = 0
        while (elapsed := time.monotonic() - started) < seconds:
            due = int(elapsed * rate) + 1
            while sent < due:
                data = feeder.mutated(rng.choice(bases), rng.randrange(2**32), rng.randint(1, 3))
                feeder.recent.append(("udp", data))
                try:
                    sock.sendto(data, ("127.0.0.1", rig.udp_port))
                except OSError:
                    pass
                sent += 1
            time.sleep(0.002)
        achieved = sent / (time.monotonic() - started)
        time.sleep(0.3)
    return achieved, watcher.report


def run(quick: bool) -> Iterator[Result]:
    rates = [100, 400] if quick else [100, 200, 400, 800, 1600, 3200, 6400]
    seconds = 1.0 if quick else 5.0
    with tempfile.TemporaryDirectory(prefix="bench-torture-") as tmp:
        work = Path(tmp)
        kam = Kamailio(work / "kamailio")
        kam.start()
        rig = TortureRig(work, kam, write_tone_wav(work / "customer.wav", 700.0, 60 + len(rates) * seconds * 2))
        try:
            rig.start()
            feeder = Feeder(rig.udp_port, rig.tcp_port, lambda: rig.peer.link.alive)
            rng = random.Random(4475)
            best, total = 0.0, 0
            steps: list[dict[str, object]] = []
            for rate in rates:
                achieved, report = _step(rig, feeder, rate, seconds, rng)
                total += int(achieved * seconds)
                alive = rig.peer.link.alive and not rig.died()
                ok = alive and not report.stalls and report.answered == report.pings and not rig.main_call_ended()
                steps.append({"rate": rate, "achieved": round(achieved), "ok": ok, "max_ms": round(report.max_ms, 1),
                              "stalls": len(report.stalls)})
                if not alive:
                    saved = feeder.save_crash()
                    steps[-1]["crash_saved"] = [p.name for p in saved]
                    break
                if not ok:
                    break
                best = achieved
            yield Result("torture_msgs_per_s", best, "msgs/s", total,
                         {"steps": steps, "stall_limit_ms": LIMIT_S * 1000})
        finally:
            rig.stop()
            kam.stop()
