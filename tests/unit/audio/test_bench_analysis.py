"""The latency benchmark's analysis on synthetic edges with a known delay."""

from __future__ import annotations

import numpy as np
import pytest

from bench.audio_common import best_lag, exact_delays_ms, noise, roundtrip_ms

RATE = 16000


def edge(x: np.ndarray, block: int, t0: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(x) // block
    return np.array([t0 + (i + 1) * block / RATE for i in range(n)]), np.full(n, block), x[:n * block]


def test_best_lag_finds_a_shift_both_ways() -> None:
    x = noise(1.0, RATE).astype(np.int16)
    assert best_lag(x, x[100:]) == 100
    assert best_lag(x[100:], x) == -100


def test_a_ring_holding_25_ms_measures_25_ms() -> None:
    x = noise(2.0, RATE)
    src = edge(x, 160, t0=0.0)  # 10 ms blocks arriving in real time
    delayed = 0.025
    dst = edge(x[:-480], 320, t0=delayed)  # 20 ms frames leaving 25 ms later
    delays = exact_delays_ms(src, dst)
    assert delays.mean() == pytest.approx(25.0 + 10.0 - 5.0, abs=1.0)  # + frame size - block size


def test_streams_that_do_not_match_are_refused() -> None:
    x = noise(1.0, RATE)
    y = noise(1.0, RATE, seed=8)
    with pytest.raises(ValueError):
        exact_delays_ms(edge(x, 160, 0.0), edge(y, 160, 0.0))


def test_roundtrip_through_a_lossy_copy() -> None:
    x = noise(2.0, RATE)
    echo = np.concatenate([np.zeros(1600, np.int16), (x[:-1600] * 0.5).astype(np.int16)])  # 100 ms later
    assert roundtrip_ms(edge(x, 160, 0.0), edge(echo, 160, 0.0)) == pytest.approx(100.0, abs=1.0)
