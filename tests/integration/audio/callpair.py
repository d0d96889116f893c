"""An agent (PortAudio bridge on virtual devices) calling a customer (tone + recorder)."""

from __future__ import annotations

import contextlib
import time
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.audio_harness import Peer
from softphone.audio.levels import goertzel_power
from tests.support.pulse import PulseServer, make_realtime

ROOT = Path(__file__).resolve().parents[3]
CUSTOMER_HZ = 600.0  # what the customer says (arrives at the agent's speaker)
AGENT_HZ = 1000.0  # what the agent's microphone hears (arrives at the customer)
RATE = 16000


def sine(freq: float, seconds: float, rate: int = 48000, amplitude: int = 8000) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * freq * t) * amplitude).astype(np.int16)


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), np.int16), w.getframerate()


def band_power(x: np.ndarray, freq: float, rate: int = RATE) -> float:
    return goertzel_power(x, rate, freq)


def windows_with_tone(x: np.ndarray, freq: float, rate: int = RATE, window_ms: int = 50,
                      min_power: float = 1e-4) -> np.ndarray:
    """Per window: True where ``freq`` is clearly present."""
    win = rate * window_ms // 1000
    m = len(x) // win
    return np.array([goertzel_power(x[i * win:(i + 1) * win], rate, freq) > min_power for i in range(m)])


@dataclass
class CallPair:
    agent: Peer
    customer: Peer
    record_dir: Path
    t_media: float = 0.0

    def dial(self) -> None:
        self.agent.send("dial", uri=self.customer.uri, call_id="call-1")
        self.agent.wait("media", lambda m: m["active"], timeout=15)
        self.t_media = float(self.customer.wait("media", lambda m: m["active"], timeout=15)["t"])

    def hangup_and_recording(self) -> np.ndarray:
        """Hang up; the customer's recording of the whole call (16 kHz int16)."""
        self.agent.send("hangup")
        self.customer.wait("call", lambda m: m["state"] == "DISCONNECTED", timeout=10)
        path = next(self.record_dir.glob("*.wav"))
        deadline = time.monotonic() + 5
        while True:
            try:
                x, rate = read_wav(path)
                if len(x):
                    break
            except (wave.Error, EOFError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the customer's recording {path} is not complete")
            time.sleep(0.1)
        assert rate == RATE
        return x

    def at(self, t: float) -> int:
        """Sample index in the customer's recording of monotonic time ``t``."""
        return max(0, int((t - self.t_media) * RATE))


@contextlib.contextmanager
def call_pair(pulse: PulseServer, tmp_path: Path, **agent_options: Any) -> Iterator[CallPair]:
    record_dir = tmp_path / "customer"
    customer = Peer("customer", ROOT, tone_hz=CUSTOMER_HZ, record_dir=str(record_dir))
    make_realtime(customer.proc.pid)  # the far end stands in for a remote phone: never starved
    agent: Peer | None = None
    try:
        agent = Peer("agent", ROOT, **agent_options)
        yield CallPair(agent, customer, record_dir)
    finally:
        if agent is not None:
            agent.close()
        customer.close()


def wait_for_tone(pulse: PulseServer, source: str, freq: float, since: float, timeout: float) -> float:
    """Record ``source`` in 0.5 s pieces until ``freq`` fills one; seconds from ``since`` to then."""
    while time.monotonic() - since < timeout:
        with pulse.recording(source) as piece:
            time.sleep(0.5)
        if len(piece[0]) > RATE // 4 and windows_with_tone(piece[0], freq).mean() > 0.75:
            return time.monotonic() - since
    raise AssertionError(f"no {freq} Hz on {source} within {timeout} s")
