"""``audio_underruns_60s`` and ``cpu_in_call_pct``: a 60 s call while the app is busy.

The agent process runs the PortAudio bridge on a virtual headset; a separate "app" process
keeps a core busy rendering and querying (JSON, SQLite, string formatting), as the real app
process would next to the media engine. Counted after the call settled: ring underruns
(tx + rx: the metric), PortAudio's own under/overflow flags, trims, the longest gap of the
pjmedia clock, and the dropouts heard through the virtual devices (the far end's 600 Hz at
the headset speaker, the microphone's 1000 Hz at the far end). ``cpu_in_call_pct`` is the
engine (agent) process's CPU during the call, in % of one core. ``--quick``: 5 s.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from bench.audio_common import RATE, ROOT, make_realtime, pulse_with_headset
from bench.audio_harness import Peer
from bench.common import Result
from softphone.audio.levels import tone_dropouts

METRICS = ("audio_underruns_60s", "cpu_in_call_pct")

BUSY_APP = """
import json, sqlite3, time
db = sqlite3.connect(":memory:")
db.execute("create table calls(id integer primary key, who text, notes text)")
db.executemany("insert into calls(who, notes) values (?, ?)", [(f"caller {i}", "x" * 200) for i in range(20000)])
end = time.monotonic() + float(__import__("sys").argv[1])
while time.monotonic() < end:
    rows = db.execute("select * from calls where who like '%7%' order by notes desc").fetchall()
    page = json.dumps([{"id": r[0], "who": r[1], "notes": r[2]} for r in rows])
    html = "".join(f"<tr><td>{r[0]}</td><td>{r[1]}</td></tr>" for r in rows)
    json.loads(page)
"""


def _tone(freq: float, seconds: float, rate: int = 48000) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * freq * t) * 8000).astype(np.int16)


def measure(seconds: float, ptime: int = 20, tuning: str = "") -> dict[str, Any]:
    with pulse_with_headset() as (pulse, headset), tempfile.TemporaryDirectory(prefix="underruns-") as tmp:
        far = Peer("customer", ROOT, tone_hz=600, record_dir=str(Path(tmp) / "far"), ptime=ptime)
        agent = Peer("agent", ROOT, mic=headset.mic, speaker=headset.speaker, ptime=ptime, tuning=tuning or None)
        app = None
        try:
            agent.send("dial", uri=far.uri)
            agent.wait("media", lambda m: m["active"], timeout=15)
            t_media = float(far.wait("media", lambda m: m["active"], timeout=15)["t"])
            player = pulse.play(headset.mic_feed, _tone(1000.0, seconds + 6.0))
            assert pulse.proc is not None
            simulated = [make_realtime(pid) for pid in (pulse.proc.pid, player.pid, far.proc.pid)]
            app = subprocess.Popen([sys.executable, "-c", BUSY_APP, str(seconds + 5)], cwd=ROOT)
            time.sleep(3.0)
            agent.send("reset_stats")
            t0 = time.monotonic()
            with pulse.recording(headset.speaker_monitor) as heard:
                time.sleep(seconds)
            t1 = time.monotonic()
            stats = agent.stats()
            agent.send("hangup")
            far.wait("call", lambda m: m["state"] == "DISCONNECTED", timeout=10)
            player.kill()
            time.sleep(0.3)
            with wave.open(str(next((Path(tmp) / "far").glob("*.wav")))) as w:
                far_audio = np.frombuffer(w.readframes(w.getnframes()), np.int16)
        finally:
            if app is not None:
                app.kill()
                app.wait()
            agent.close()
            far.close()
    segment = far_audio[int((t0 - t_media + 0.5) * RATE):int((t1 - t_media) * RATE)]
    return {
        "underruns": stats["tx"]["underruns"] + stats["rx"]["underruns"],
        "cpu_pct": float(stats["cpu_pct"]),
        "tx_underruns": stats["tx"]["underruns"], "rx_underruns": stats["rx"]["underruns"],
        "trims": stats["tx"]["trims"] + stats["rx"]["trims"],
        "drift_trims": stats["tx"]["drift_trims"] + stats["rx"]["drift_trims"],
        "stretches": stats["tx"].get("stretches", 0) + stats["rx"].get("stretches", 0),
        "portaudio_output_underflows": stats["output_underflows"],
        "portaudio_input_overflows": stats["input_overflows"],
        "clock_max_gap_ms": max(stats["mic_port"]["max_gap_ms"], stats["speaker_port"]["max_gap_ms"]),
        "dropouts_heard_at_speaker": tone_dropouts(heard[0][RATE // 5:].tobytes(), RATE, 600.0),
        "dropouts_heard_at_far_end": tone_dropouts(segment.tobytes(), RATE, 1000.0),
        "seconds": seconds,
        "underruns_at_s": sorted(round(t - t0, 1) for t in [*stats["tx"]["underrun_times"],
                                                             *stats["rx"]["underrun_times"]]),
        "simulated_hardware_realtime": all(simulated),
    }


def run(quick: bool) -> Iterator[Result]:
    row = measure(5.0 if quick else 60.0)
    extra = {k: (round(v, 1) if isinstance(v, float) else v) for k, v in row.items() if k not in ("underruns",)}
    yield Result("audio_underruns_60s", float(row["underruns"]), "count", 1, {"goal": 0, "load": "busy app process",
                                                                               **extra})
    yield Result("cpu_in_call_pct", row["cpu_pct"], "%", 1, {"process": "engine (agent UA with the bridge)",
                                                             "codec": "G722"})
