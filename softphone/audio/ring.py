"""The int16 ring between a PortAudio callback and the pjsua2 media clock (pure logic, no IO).

Samples live in a ``bytearray`` (2 bytes each, native order); writes and reads are slice
copies through memoryviews of any int16 buffer (``bytes``, ``array('h')``, a PortAudio raw
buffer): at most two ``memmove``-s each, no per-sample Python work.

One producer, one consumer, each on its own C thread; a lock held for microseconds.
Policy (the lab's, measured in ../shared/labs/audio/REPORT.md):

- the reader gets silence until ``prefill`` samples are buffered (at start and after an
  underrun: re-buffering instead of a click every frame);
- a write that pushes the fill above ``maxfill`` drops the oldest samples down to ``prefill``
  (bounds latency after a stall);
- drift trimming: every ``window`` reads, if the fill never fell below ``read size + margin``
  the standing excess is dropped at once (the two clocks drift; a queue never builds up);
- drift stretching, the other direction (the reader's clock is the faster one): a read that
  finds less than ``read size + margin`` takes one sample fewer and repeats its last sample,
  so the fill climbs back by a sample a read instead of draining into an underrun (a 60 us
  stutter, inaudible, where an underrun is a 10-20 ms gap; measured here: ~600 ppm between
  PulseAudio's and pjmedia's clocks drained the call's audio once every 30-50 s);
- adaptive prefill: each underrun raises the prefill by ``adapt_step`` (up to ``max_prefill``),
  and every ``calm_reads`` reads without an underrun lowers it one step back towards the base
  (a loaded machine buys safety with latency, and gives it back when the load goes);
- ``reset`` drops everything (a call's media just connected: old audio is stale).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from softphone.audio.levels import Pcm


@dataclass(frozen=True)
class RingStats:
    fill: int
    underruns: int
    underrun_samples: int
    trims: int
    trim_samples: int
    drift_trims: int
    drift_samples: int
    overflow_samples: int
    stretches: int = 0
    prefill: int = 0  # current (adaptive) prefill
    underrun_times: tuple[float, ...] = field(default=())  # time.monotonic() of the last few


class Ring:
    def __init__(self, capacity: int, prefill: int, maxfill: int, *, margin: int | None = None,
                 window: int = 50, name: str = "", adapt_step: int = 0, max_prefill: int | None = None,
                 calm_reads: int = 500) -> None:
        if not 0 <= prefill <= maxfill < capacity:
            raise ValueError(f"need 0 <= prefill ({prefill}) <= maxfill ({maxfill}) < capacity ({capacity})")
        self.name = name
        self.capacity = capacity
        self.base_prefill = prefill
        self.prefill = prefill
        self.adapt_step = adapt_step
        self.max_prefill = min(max_prefill if max_prefill is not None else prefill, maxfill)
        self.calm_reads = calm_reads
        self._calm = 0
        self.maxfill = maxfill
        self.margin = margin
        self.window = window
        self._buf = bytearray(2 * capacity)
        self._view = memoryview(self._buf)
        self._r = 0  # absolute index of the next sample to read
        self._w = 0  # absolute index of the next sample to write
        self._primed = False
        self._lock = threading.Lock()
        self._min_fill = 1 << 30
        self._reads = 0
        self.underruns = 0
        self.underrun_samples = 0
        self.trims = 0
        self.trim_samples = 0
        self.drift_trims = 0
        self.drift_samples = 0
        self.overflow_samples = 0
        self.stretches = 0
        self.underrun_times: list[float] = []

    def fill(self) -> int:
        return self._w - self._r

    def reset(self) -> None:
        with self._lock:
            self._r = self._w
            self._primed = False
            self._min_fill = 1 << 30
            self._reads = 0

    def reset_stats(self) -> None:
        with self._lock:
            self.underruns = self.underrun_samples = self.trims = self.trim_samples = 0
            self.drift_trims = self.drift_samples = self.overflow_samples = self.stretches = 0
            self.underrun_times = []

    def write(self, x: Pcm) -> None:
        """Append the int16 samples of ``x``."""
        src = memoryview(x).cast("B")
        n = len(src) // 2
        with self._lock:
            if n >= self.capacity:
                self.overflow_samples += n - self.capacity + 1
                src = src[2 * (n - self.capacity + 1):]
                n = self.capacity - 1
            free = self.capacity - (self._w - self._r)
            if n > free:
                self._r += n - free
                self.overflow_samples += n - free
            i = self._w % self.capacity
            k = min(n, self.capacity - i)
            buf = self._view
            buf[2 * i:2 * (i + k)] = src[:2 * k]
            if n > k:
                buf[:2 * (n - k)] = src[2 * k:2 * n]
            self._w += n
            fill = self._w - self._r
            if fill > self.maxfill:
                drop = fill - self.prefill
                self._r += drop
                self.trims += 1
                self.trim_samples += drop

    def read_into(self, out: Pcm) -> int:
        """Fill ``out`` (a writable int16 buffer); returns how many real samples it got (the rest is silence)."""
        dst = memoryview(out).cast("B")
        n = len(dst) // 2
        with self._lock:
            avail = self._w - self._r
            if not self._primed:
                if avail < max(self.prefill, 1):
                    dst[:2 * n] = bytes(2 * n)
                    return 0
                self._primed = True
            take = n
            if self.margin is not None:
                if n > 1 and n <= avail < n + self.margin + self.prefill - self.base_prefill:
                    take = n - 1  # the last sample is repeated below
                self._min_fill = min(self._min_fill, avail)
                self._reads += 1
                if self._reads >= self.window:
                    excess = self._min_fill - (n + self.margin + self.prefill - self.base_prefill)
                    if excess > max(self.margin // 4, 1):
                        self._r += excess
                        avail -= excess
                        self.drift_trims += 1
                        self.drift_samples += excess
                    self._min_fill = 1 << 30
                    self._reads = 0
            k = min(take, avail)
            i = self._r % self.capacity
            k1 = min(k, self.capacity - i)
            buf = self._view
            dst[:2 * k1] = buf[2 * i:2 * (i + k1)]
            if k > k1:
                dst[2 * k1:2 * k] = buf[:2 * (k - k1)]
            self._r += k
            if k == take < n:
                dst[2 * k:2 * n] = dst[2 * k - 2:2 * k]
                self.stretches += 1
                k = n
            elif k < n:
                dst[2 * k:2 * n] = bytes(2 * (n - k))
                self.underruns += 1
                self.underrun_samples += n - k
                self._primed = False
                if len(self.underrun_times) < 32:
                    self.underrun_times.append(time.monotonic())
                self.prefill = min(self.prefill + self.adapt_step, self.max_prefill)
                self._calm = 0
            elif self.prefill > self.base_prefill:
                self._calm += 1
                if self._calm >= self.calm_reads:
                    self._calm = 0
                    self.prefill = max(self.base_prefill, self.prefill - self.adapt_step)
            return k

    def stats(self) -> RingStats:
        return RingStats(self.fill(), self.underruns, self.underrun_samples, self.trims, self.trim_samples,
                         self.drift_trims, self.drift_samples, self.overflow_samples,
                         self.stretches, self.prefill, tuple(self.underrun_times))


def make_ring(rate: int, prefill_ms: float, maxfill_ms: float, margin_ms: float | None, name: str = "", *,
              adapt_step_ms: float = 0.0, max_prefill_ms: float | None = None) -> Ring:
    """A ring sized in milliseconds at ``rate`` samples per second (capacity: 1 s)."""
    def samples(ms: float) -> int:
        return int(rate * ms / 1000)

    return Ring(max(rate, samples(maxfill_ms) * 2), samples(prefill_ms), samples(maxfill_ms),
                margin=None if margin_ms is None else samples(margin_ms), name=name,
                adapt_step=samples(adapt_step_ms),
                max_prefill=None if max_prefill_ms is None else samples(max_prefill_ms))
