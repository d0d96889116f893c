"""16-bit PCM helpers in the standard library: peaks, gain, mixing, and Goertzel tone checks.

Samples are native-endian int16 in any buffer (``bytes``, ``bytearray``, ``memoryview``,
``array('h')``, or a PortAudio raw-stream buffer); ``pcm`` views one as a sequence of ints
without copying. The per-block helpers (peak, gain, mix) run in audio callbacks on 160-960
samples: builtins over a memoryview, one list comprehension at most. The analysis helpers
(RMS, Goertzel, dropouts) are for checks, tests and benchmarks.
"""

from __future__ import annotations

import math
import operator
import statistics
import sys
import time
from array import array
from typing import Union

# Anything with the buffer protocol holding int16 samples (numpy arrays too, in tests).
Pcm = Union[bytes, bytearray, memoryview, "array[int]"]

INT16_MIN = -32768
INT16_MAX = 32767


def pcm(x: Pcm) -> memoryview:
    """``x`` as a one-dimensional memoryview of int16 samples (no copy)."""
    view = memoryview(x)
    if view.format != "h" or view.ndim != 1:
        view = view.cast("B").cast("h")
    return view


def peak_level(x: Pcm) -> float:
    """Peak of int16 samples as 0..1."""
    values = pcm(x).tolist()  # one C loop; builtins over a list beat iterating the view
    if not values:
        return 0.0
    top, bottom = max(values), min(values)
    return (top if top > -bottom else -bottom) / 32768.0


# A sample's high byte (as unsigned) -> its magnitude in half-steps of 256: |v| ~ 128 * entry.
# Positive high byte h: v in [256h, 256h + 255] -> 2h + 1 (0 for h = 0: silence reads 0);
# negative (byte b = 256 + h, h < 0): v in [256h, 256h + 255] -> -2h - 1.
_HIGH_BYTE_MAGNITUDE = bytes((2 * b + 1 if b else 0) if b < 128 else 2 * (256 - b) - 1 for b in range(256))
_HIGH = 1 if sys.byteorder == "little" else 0


def meter_peak(x: Pcm) -> float:
    """Peak of int16 samples as 0..1 within 0.4 % of full scale, for level meters
    (samples 0..255 read as silence: within 0.8 % there).

    Looks at each sample's high byte only: a strided bytes slice, a ``translate`` and ``max``
    over bytes, all C loops without an int object per sample (~2 us for 160 samples, about
    a third of ``peak_level``)."""
    raw = memoryview(x).cast("B")
    if not raw:
        return 0.0
    return max(raw.tobytes()[_HIGH::2].translate(_HIGH_BYTE_MAGNITUDE)) / 256.0


def rms(x: Pcm) -> float:
    """Root mean square of int16 samples as 0..1."""
    view = pcm(x)
    if not view:
        return 0.0
    return math.sqrt(sum(map(operator.mul, view, view)) / len(view)) / 32768.0


def rms_dbfs(x: Pcm) -> float:
    level = rms(x)
    return 20 * math.log10(level) if level > 1e-6 else -120.0


def _clipped(values: list[int]) -> array[int]:
    """``values`` as int16, saturating; a plain copy when nothing is out of range (the usual case)."""
    if values and (max(values) > INT16_MAX or min(values) < INT16_MIN):
        values = [INT16_MIN if v < INT16_MIN else INT16_MAX if v > INT16_MAX else v for v in values]
    return array("h", values)


def apply_gain(x: Pcm, gain: float) -> None:
    """Scale int16 samples in place (a writable buffer) with clipping; no-op at 1.0.

    Fixed point (gain in 1/65536 steps, rounding towards minus infinity): one integer
    multiply and shift per sample."""
    if gain == 1.0:
        return
    view = pcm(x)
    g = round(gain * 65536)
    scaled = [v * g >> 16 for v in view.tolist()]
    view[:] = array("h", scaled) if 0 <= g <= 65536 else _clipped(scaled)  # at most 1.0: cannot clip


def mix_into(out: Pcm, add: Pcm) -> None:
    """Add ``add`` to the start of ``out`` (writable) in place, clipped to int16."""
    dst, src = pcm(out), pcm(add)
    n = min(len(dst), len(src))
    if n == 0:
        return
    head = dst[:n]
    if not any(head):  # silence under the tone (the ringer stream, a quiet call): a copy
        head[:] = src[:n]
    else:
        head[:] = _clipped(list(map(operator.add, head.tolist(), src[:n].tolist())))


def goertzel_power(x: Pcm, rate: int, freq: float) -> float:
    """Normalised power of ``freq`` in ``x`` (a pure tone of amplitude A gives about A**2/4).

    The Goertzel recurrence evaluates the one DFT bin nearest to ``freq``:
    |X[k]|**2 / n**2 for samples scaled to -1..1."""
    view = pcm(x)
    n = len(view)
    if n == 0:
        return 0.0
    k = round(n * freq / rate)
    coeff = 2.0 * math.cos(2.0 * math.pi * k / n)
    s1 = s2 = 0.0
    for v in view:
        s1, s2 = v + coeff * s1 - s2, s1
    power = s1 * s1 + s2 * s2 - coeff * s1 * s2
    return max(power, 0.0) / (n * n * 32768.0 * 32768.0)


def tone_dropouts(x: Pcm, rate: int, freq: float, window_ms: int = 10, threshold: float = 0.25) -> int:
    """Count dropouts: runs of windows whose ``freq`` power falls below ``threshold`` x median."""
    view = pcm(x)
    win = rate * window_ms // 1000
    m = len(view) // win if win else 0
    if m == 0:
        return 0
    powers = [goertzel_power(view[i * win:(i + 1) * win], rate, freq) for i in range(m)]
    floor = threshold * statistics.median(powers)
    bad = [p < floor for p in powers]
    return sum(1 for i in range(1, m) if bad[i] and not bad[i - 1]) + (1 if bad[0] else 0)


class LevelMeter:
    """Peaks written by audio callbacks, taken (and reset) at most ``rate_hz`` times a second."""

    def __init__(self, rate_hz: float = 10.0) -> None:
        self.interval = 1.0 / rate_hz
        self.mic = 0.0
        self.speaker = 0.0
        self._next = 0.0

    def feed_mic(self, x: Pcm) -> None:
        level = meter_peak(x)
        self.mic = max(self.mic, level)

    def feed_speaker(self, x: Pcm) -> None:
        level = meter_peak(x)
        self.speaker = max(self.speaker, level)

    def take(self, now: float | None = None) -> tuple[float, float] | None:
        """(mic, speaker) when the interval has passed, else None."""
        now = time.monotonic() if now is None else now
        if now < self._next:
            return None
        self._next = now + self.interval
        mic, speaker = self.mic, self.speaker
        self.mic = self.speaker = 0.0
        return mic, speaker
