from __future__ import annotations

import numpy as np

from softphone.audio.levels import (
    LevelMeter,
    apply_gain,
    dominant_frequency,
    goertzel_power,
    peak_level,
    rms_dbfs,
    tone_dropouts,
)

RATE = 16000


def sine(freq: float, seconds: float, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return (np.sin(2 * np.pi * freq * t) * amplitude * 32767).astype(np.int16)


def test_peak_and_rms() -> None:
    x = sine(1000, 0.1)
    assert abs(peak_level(x) - 0.5) < 0.01
    assert abs(rms_dbfs(x) - (-9.03)) < 0.2
    assert peak_level(np.zeros(10, np.int16)) == 0.0 and rms_dbfs(np.zeros(10, np.int16)) == -120.0


def test_gain_scales_and_clips_in_place() -> None:
    x = np.array([1000, -1000, 30000], np.int16)
    apply_gain(x, 2.0)
    assert list(x) == [2000, -2000, 32767]


def test_goertzel_finds_the_tone_and_not_its_neighbour() -> None:
    x = sine(600, 0.5)
    assert goertzel_power(x, RATE, 600) > 0.05
    assert goertzel_power(x, RATE, 1000) < 1e-5
    assert abs(dominant_frequency(x, RATE) - 600) < 5


def test_dropouts_count_gaps_in_a_tone() -> None:
    x = sine(600, 2.0)
    assert tone_dropouts(x, RATE, 600) == 0
    x[4000:4800] = 0  # 50 ms
    x[20000:20320] = 0  # 20 ms
    assert tone_dropouts(x, RATE, 600) == 2


def test_meter_keeps_peaks_and_reports_at_most_ten_times_a_second() -> None:
    meter = LevelMeter(rate_hz=10)
    meter.feed_mic(sine(500, 0.02, 0.3))
    meter.feed_mic(sine(500, 0.02, 0.1))
    meter.feed_speaker(sine(500, 0.02, 0.6))
    first = meter.take(now=100.0)
    assert first is not None and abs(first[0] - 0.3) < 0.01 and abs(first[1] - 0.6) < 0.01
    assert meter.take(now=100.05) is None
    assert meter.take(now=100.11) == (0.0, 0.0)
