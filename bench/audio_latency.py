"""``audio_added_latency_ms``: the bridge's own buffering, mic -> RTP plus RTP -> speaker.

A real call (agent with the PortAudio bridge on a virtual headset, far end echoing) carries
band-limited noise played into the virtual microphone. The bridge's four edges are tapped
with timestamps (PortAudio input callback, mic port, speaker port, PortAudio output
callback); each direction's delay is found by cross-correlating the audio at its two edges
(bit-exact through a ring) and subtracting the times of matching samples. Extras: PortAudio's
own reported stream latencies (driver + server buffering, not the bridge), and the round trip
from the input callback back to the output callback through the far end (includes RTP and
both jitter buffers).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from bench.audio_common import ROOT, exact_delays_ms, load_taps, noise, pulse_with_headset, roundtrip_ms
from bench.audio_harness import Peer
from bench.common import Result

METRICS = ("audio_added_latency_ms",)


def measure(windows: int, seconds: float, ptime: int = 20, tuning: str = "") -> list[dict[str, float]]:
    rows: list[dict[str, float]] = []
    with pulse_with_headset() as (pulse, headset), tempfile.TemporaryDirectory(prefix="taps-") as tmp:
        far = Peer("customer", ROOT, echo=True, ptime=ptime)
        agent = Peer("agent", ROOT, mic=headset.mic, speaker=headset.speaker, ptime=ptime, tuning=tuning or None)
        try:
            agent.send("dial", uri=far.uri)
            agent.wait("media", lambda m: m["active"], timeout=15)
            player = pulse.play(headset.mic_feed, noise(3.0 + windows * (seconds + 0.5) + 1.0))
            time.sleep(3.0)
            for i in range(windows):
                path = str(Path(tmp) / f"taps{i}.npz")
                agent.send("tap_start")
                time.sleep(seconds)
                start = agent.mark()
                agent.send("tap_dump", path=path)
                agent.wait("tapped", since=start)
                rows.append(analyse(path))
            stats = agent.stats()
            for row in rows:
                row["portaudio_in_ms"] = float(stats["input_latency_ms"])
                row["portaudio_out_ms"] = float(stats["output_latency_ms"])
            agent.send("hangup")
            player.kill()
        finally:
            agent.close()
            far.close()
    return rows


def analyse(path: str) -> dict[str, float]:
    taps = load_taps(path)

    def edge(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return taps[f"{name}_t"], taps[f"{name}_n"], taps[f"{name}_x"]

    tx = exact_delays_ms(edge("mic_in"), edge("mic_port"))
    rx = exact_delays_ms(edge("spk_port"), edge("spk_out"))
    return {"tx_ms": float(np.mean(tx)), "rx_ms": float(np.mean(rx)),
            "roundtrip_callbacks_ms": roundtrip_ms(edge("mic_in"), edge("spk_out"))}


def run(quick: bool) -> Iterator[Result]:
    rows = measure(windows=1 if quick else 3, seconds=2.0 if quick else 5.0)
    added = [r["tx_ms"] + r["rx_ms"] for r in rows]

    def med(key: str) -> float:
        return round(statistics.median(r[key] for r in rows), 1)

    yield Result("audio_added_latency_ms", statistics.median(added), "ms", len(added),
                 {"goal": 40, "tx_ring_ms": med("tx_ms"), "rx_ring_ms": med("rx_ms"),
                  "portaudio_in_ms": med("portaudio_in_ms"), "portaudio_out_ms": med("portaudio_out_ms"),
                  "roundtrip_callbacks_ms": med("roundtrip_callbacks_ms"), "codec": "G722"})
