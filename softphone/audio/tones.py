"""Call-progress tones, ringer and DTMF feedback as int16 sample generators (stdlib only, no IO).

A ``ToneSpec`` is one or two frequencies and a cadence of (on_ms, off_ms) pairs, repeated
or played once. A ``ToneGenerator`` synthesises each "on" part of one period once, as int16
bytes (cached per spec, rate and volume), and then renders block by block by slicing those
bytes: inside a PortAudio callback a block is a couple of slice copies, no trigonometry.
Phase is continuous within each "on" part; a repeated tone restarts its "on" part at the same
phase every period (after a silence, so without a click).
"""

from __future__ import annotations

import functools
import math
import threading
from array import array
from dataclasses import dataclass
from fractions import Fraction

from softphone.audio.backend import Tone
from softphone.audio.levels import Pcm, mix_into

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


def _repeat_length(spec: ToneSpec, rate: int) -> int:
    """The fewest samples after which the waveform repeats exactly (0: none within a second).

    Each frequency f repeats after the denominator of f / rate samples (440 Hz at 16 kHz:
    every 400), the warble after that of warble / rate; the whole after their lcm."""
    rates = list(spec.freqs)
    if spec.warble_hz and len(spec.freqs) == 2:
        rates.append(spec.warble_hz)
    exact = [Fraction(f).limit_denominator(1000) for f in rates]
    if exact != [Fraction(f) for f in rates]:  # not a simple fraction of a hertz
        return 0
    length = math.lcm(*((f / rate).denominator for f in exact))
    return length if length <= rate else 0


def _synthesise(spec: ToneSpec, rate: int, start: int, count: int, scale: float) -> bytes:
    """Samples ``start`` .. ``start + count`` of the tone (no cadence) as int16 bytes."""
    repeat = _repeat_length(spec, rate)
    if repeat and repeat < count:  # compute one repetition, then tile it
        one = _synthesise_samples(spec, rate, start, repeat, scale)
        return (one * (count // repeat + 1))[:2 * count]
    return _synthesise_samples(spec, rate, start, count, scale)


def _synthesise_samples(spec: ToneSpec, rate: int, start: int, count: int, scale: float) -> bytes:
    freqs = spec.freqs
    w = [2.0 * math.pi * f / rate for f in freqs]
    if spec.warble_hz and len(freqs) == 2:
        flip = 2.0 * spec.warble_hz / rate  # half-periods of the warble per sample
        samples = [math.sin(w[int(i * flip) % 2] * i) for i in range(start, start + count)]
    else:
        norm = 1.0 / len(freqs)
        samples = [sum(math.sin(wf * i) for wf in w) * norm for i in range(start, start + count)]
    amplitude = 32767.0 * scale
    return array("h", [max(-32768, min(32767, round(y * amplitude))) for y in samples]).tobytes()


@functools.lru_cache(maxsize=32)
def _segments(spec: ToneSpec, rate: int, volume: float) -> tuple[int, tuple[tuple[int, bytes], ...]]:
    """One period in samples and its "on" parts as (first sample, int16 bytes)."""
    period = max(spec.period_ms * rate // 1000, 1)
    scale = spec.level * volume
    parts = []
    at = 0
    for on, off in spec.cadence:
        n_on, n_off = on * rate // 1000, off * rate // 1000
        n_on = min(n_on, period - at)
        if n_on > 0 and scale > 0:
            parts.append((at, _synthesise(spec, rate, at, n_on, scale)))
        at += n_on + n_off
    return period, tuple(parts)


class ToneGenerator:
    """Renders a ToneSpec at ``rate``; ``done`` when a one-shot tone has finished."""

    def __init__(self, spec: ToneSpec, rate: int, volume: float = 1.0) -> None:
        self.spec = spec
        self.rate = rate
        self.volume = volume
        self._pos = 0  # samples rendered so far
        self._period, self._parts = _segments(spec, rate, float(volume))
        self.done = False

    def render(self, n: int) -> bytearray:
        """The next ``n`` samples as int16 bytes (silence once done)."""
        out = bytearray(2 * n)
        pos = self._pos
        self._pos += n
        period = self._period
        if not self.spec.repeat and pos >= period:
            self.done = True
            return out
        view = memoryview(out)
        i = 0
        while i < n:
            p = pos + i
            if self.spec.repeat:
                p %= period
            elif p >= period:
                break
            take = min(n - i, period - p)  # up to the end of this period
            for start, wave in self._parts:
                a, b = max(p, start), min(p + take, start + len(wave) // 2)
                if a < b:
                    view[2 * (i + a - p):2 * (i + b - p)] = wave[2 * (a - start):2 * (b - start)]
            i += take
        return out


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

    def mix_into(self, out: Pcm) -> None:
        """Add the tone to ``out`` (a writable int16 buffer, in place, clipped)."""
        with self._lock:
            gen = self._gen
            if gen is None:
                return
            n = memoryview(out).nbytes // 2
            y = gen.render(n)
            if gen.done:
                self._gen = None
                return
        mix_into(out, y)
