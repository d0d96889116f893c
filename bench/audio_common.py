"""Shared pieces of the audio benchmarks: a private PulseAudio with a headset, and the analysis
of the bridge's tapped edges (pure numpy, unit-tested)."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from tests.support.pulse import PulseServer, VirtualHeadset, make_realtime

__all__ = ["make_realtime"]

ROOT = Path(__file__).resolve().parents[1]
RATE = 16000


@contextlib.contextmanager
def pulse_with_headset() -> Iterator[tuple[PulseServer, VirtualHeadset]]:
    with tempfile.TemporaryDirectory(prefix="audio-bench-") as tmp:
        server = PulseServer(Path(tmp))
        server.start()
        server.export_env()
        try:
            server.add_headset("laptop", "Laptop")
            server.set_default_sink("laptop_spk")
            server.set_default_source("laptop_mic")
            yield server, server.add_headset("bench", "Bench Headset")
        finally:
            server.stop()
            server.restore_env()


def sample_times(t: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Every sample gets the time its block passed the edge."""
    return np.repeat(t, n.astype(int))


Edge = tuple[np.ndarray, np.ndarray, np.ndarray]  # block times, block sizes, samples


def exact_delays_ms(src: Edge, dst: Edge, rate: int = RATE) -> np.ndarray:
    """Per-sample delay through a bit-exact buffer (a ring): align the two streams by
    cross-correlation, keep the non-silent samples that match exactly, subtract times."""
    (in_t, in_n, in_x), (out_t, out_n, out_x) = src, dst
    lag = best_lag(in_x, out_x)
    t_in, t_out = sample_times(in_t, in_n), sample_times(out_t, out_n)
    m = np.arange(len(out_x))
    k = m + lag
    ok = (k >= 0) & (k < len(in_x))
    m, k = m[ok], k[ok]
    same = (out_x[m] == in_x[k]) & (out_x[m] != 0)
    if same.sum() < rate // 10:
        raise ValueError(f"streams do not line up (lag {lag}, {int(same.sum())} matching samples)")
    return (t_out[m[same]] - t_in[k[same]]) * 1000.0


def best_lag(a: np.ndarray, b: np.ndarray) -> int:
    """L maximising sum b[m] * a[m + L] (L may be negative)."""
    n = len(a) + len(b)
    size = 1 << (n - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(a.astype(np.float64), size) * np.conj(np.fft.rfft(b.astype(np.float64), size)),
                        size)
    lag = int(np.argmax(corr))
    return lag if lag < len(a) else lag - size


def roundtrip_ms(src: Edge, dst: Edge) -> float:
    """Delay of a (coded, not bit-exact) copy of the input inside the output, by cross-correlation."""
    (in_t, in_n, in_x), (out_t, out_n, out_x) = src, dst
    lag = best_lag(in_x, out_x)
    t_in, t_out = sample_times(in_t, in_n), sample_times(out_t, out_n)
    m = np.arange(len(out_x))
    k = m + lag
    ok = (k >= 0) & (k < len(in_x))
    return float(np.median(t_out[m[ok]] - t_in[k[ok]]) * 1000.0)


def noise(seconds: float, rate: int = 48000, amplitude: int = 6000, seed: int = 7) -> np.ndarray:
    """Band-limited noise (below 3.4 kHz: survives any codec), the best signal to correlate."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(int(seconds * rate))
    spectrum = np.fft.rfft(x)
    spectrum[np.fft.rfftfreq(len(x), 1 / rate) > 3400] = 0
    y = np.fft.irfft(spectrum, len(x))
    return (y / np.abs(y).max() * amplitude).astype(np.int16)


def load_taps(path: str) -> dict[str, Any]:
    with np.load(path) as data:
        return {k: data[k] for k in data.files}
