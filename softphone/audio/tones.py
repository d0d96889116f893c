"""Call-progress tones, ringer and DTMF feedback as sample generators (pure numpy, no IO).

A ``ToneSpec`` is one or two frequencies and a cadence of (on_ms, off_ms) pairs, repeated
or played once. A ``ToneGenerator`` renders it block by block with continuous phase (it
runs inside a PortAudio callback: numpy only, no allocation beyond one block).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from softphone.audio.backend import Tone

DTMF_ROWS = {"1": 697, "2": 697, "3": 697, "A": 697, "4": 770, "5": 770, "6": 770, "B": 770,
             "7": 852, "8": 852, "9": 852, "C": 852, "*": 941, "0": 941, "#": 941, "D": 941}
DTMF_COLS = {"1": 1209, "4": 1209, "7": 1209, "*": 1209, "2": 1336, "5": 1336, "8": 1336, "0": 1336,
             "3": 1477, "6": 1477, "9": 1477, "#": 1477, "A": 1633, "B": 1633, "C": 1633, "D": 1633}


@dataclass(frozen=True)
class ToneSpec:
    freqs: tuple[float, ...]
    cadence: tuple[tuple[int, int], ...]  # (on_ms, off_ms) pairs
    repeat: bool = True
    level: float = 0.25  # peak amplitude before the volume (0..1)
    warble_hz: float = 0.0  # ringer: alternate between the two freqs at this rate

    @property
    def period_ms(self) -> int:
        return sum(on + off for on, off in self.cadence)


# North-American / ITU-style defaults; a country plan could replace this table.
TONES: dict[Tone, ToneSpec] = {
    Tone.RINGER: ToneSpec((440.0, 480.0), ((2000, 4000),), level=0.35, warble_hz=20.0),
    Tone.RINGBACK: ToneSpec((440.0, 480.0), ((2000, 4000),)),
    Tone.BUSY: ToneSpec((480.0, 620.0), ((500, 500),)),
    Tone.CALL_WAITING: ToneSpec((440.0,), ((300, 9700),), level=0.2),
}
TEST_TONE = ToneSpec((1000.0,), ((1000, 0),), level=0.25)


def dtmf_spec(digit: str, ms: int = 120) -> ToneSpec:
    d = digit.upper()
    if d not in DTMF_ROWS:
        raise ValueError(f"not a DTMF digit: {digit!r}")
    return ToneSpec((float(DTMF_ROWS[d]), float(DTMF_COLS[d])), ((ms, 0),), repeat=False, level=0.2)


class ToneGenerator:
    """Renders a ToneSpec at ``rate``; ``done`` when a one-shot tone has finished."""

    def __init__(self, spec: ToneSpec, rate: int, volume: float = 1.0) -> None:
        self.spec = spec
        self.rate = rate
        self.volume = volume
        self._pos = 0  # samples rendered so far
        period = spec.period_ms * rate // 1000
        self._period = max(period, 1)
        self._gate = np.zeros(self._period, bool)
        at = 0
        for on, off in spec.cadence:
            n_on, n_off = on * rate // 1000, off * rate // 1000
            self._gate[at:at + n_on] = True
            at += n_on + n_off
        self.done = False

    def render(self, n: int) -> np.ndarray:
        """The next ``n`` samples as float32 in -1..1 (zeros once done)."""
        idx = np.arange(self._pos, self._pos + n)
        self._pos += n
        if not self.spec.repeat and idx[0] >= self._period:
            self.done = True
            return np.zeros(n, np.float32)
        t = idx / self.rate
        freqs = self.spec.freqs
        if self.spec.warble_hz and len(freqs) == 2:
            select = (np.floor(t * self.spec.warble_hz * 2) % 2).astype(bool)
            y = np.where(select, np.sin(2 * np.pi * freqs[1] * t), np.sin(2 * np.pi * freqs[0] * t))
        else:
            y = sum((np.sin(2 * np.pi * f * t) for f in freqs), np.zeros(n)) / len(freqs)
        pos = idx if not self.spec.repeat else idx % self._period
        gate = np.zeros(n, bool)
        inside = pos < self._period
        gate[inside] = self._gate[pos[inside]]
        return (y * gate * self.spec.level * self.volume).astype(np.float32)


class ToneSlot:
    """The tone playing on one stream; set from the engine thread, rendered in the callback."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gen: ToneGenerator | None = None

    def play(self, gen: ToneGenerator | None) -> None:
        with self._lock:
            self._gen = gen

    @property
    def active(self) -> bool:
        gen = self._gen
        return gen is not None and not gen.done

    def mix_into(self, out: np.ndarray) -> None:
        """Add the tone to ``out`` (int16, in place, clipped)."""
        with self._lock:
            gen = self._gen
            if gen is None:
                return
            y = gen.render(len(out))
            if gen.done:
                self._gen = None
        mixed = out.astype(np.float32) + y * 32767.0
        np.clip(mixed, -32768, 32767, out=mixed)
        out[:] = mixed.astype(np.int16)
