"""Level meters and tone analysis (pure numpy): peaks for the meters, Goertzel for checks."""

from __future__ import annotations

import math
import time

import numpy as np


def peak_level(x: np.ndarray) -> float:
    """Peak of int16 samples as 0..1."""
    if len(x) == 0:
        return 0.0
    return float(np.abs(x.astype(np.int32)).max()) / 32768.0


def rms_dbfs(x: np.ndarray) -> float:
    if len(x) == 0:
        return -120.0
    rms = math.sqrt(float(np.mean(np.square(x.astype(np.float64))))) / 32768.0
    return 20 * math.log10(rms) if rms > 1e-6 else -120.0


def apply_gain(x: np.ndarray, gain: float) -> None:
    """Scale int16 samples in place with clipping (no-op at 1.0)."""
    if gain == 1.0:
        return
    y = x.astype(np.float32) * gain
    np.clip(y, -32768, 32767, out=y)
    x[:] = y.astype(np.int16)


def goertzel_power(x: np.ndarray, rate: int, freq: float) -> float:
    """Normalised power of ``freq`` in ``x`` (a pure tone of amplitude A gives about A**2/4)."""
    n = len(x)
    if n == 0:
        return 0.0
    k = round(n * freq / rate)
    w = 2 * math.pi * k / n
    t = np.arange(n)
    xf = x.astype(np.float64) / 32768.0
    re = float(np.dot(xf, np.cos(w * t)))
    im = float(np.dot(xf, np.sin(w * t)))
    return (re * re + im * im) / (n * n)


def dominant_frequency(x: np.ndarray, rate: int) -> float:
    if len(x) < 16:
        return 0.0
    spectrum = np.abs(np.fft.rfft(x.astype(np.float64) * np.hanning(len(x))))
    spectrum[0] = 0
    return float(np.fft.rfftfreq(len(x), 1 / rate)[int(np.argmax(spectrum))])


def tone_dropouts(x: np.ndarray, rate: int, freq: float, window_ms: int = 10, threshold: float = 0.25) -> int:
    """Count dropouts: runs of windows whose ``freq`` power falls below ``threshold`` x median."""
    win = rate * window_ms // 1000
    m = len(x) // win
    if m == 0:
        return 0
    powers = np.array([goertzel_power(x[i * win:(i + 1) * win], rate, freq) for i in range(m)])
    bad = powers < threshold * float(np.median(powers))
    return int(np.sum(bad[1:] & ~bad[:-1]) + (1 if bad[0] else 0))


class LevelMeter:
    """Peaks written by audio callbacks, taken (and reset) at most ``rate_hz`` times a second."""

    def __init__(self, rate_hz: float = 10.0) -> None:
        self.interval = 1.0 / rate_hz
        self.mic = 0.0
        self.speaker = 0.0
        self._next = 0.0

    def feed_mic(self, x: np.ndarray) -> None:
        level = peak_level(x)
        self.mic = max(self.mic, level)

    def feed_speaker(self, x: np.ndarray) -> None:
        level = peak_level(x)
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
