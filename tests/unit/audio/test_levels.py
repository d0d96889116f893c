from __future__ import annotations

import math
from array import array

import numpy as np
import pytest

from softphone.audio.levels import (
    LevelMeter,
    apply_gain,
    goertzel_power,
    meter_peak,
    mix_into,
    pcm,
    peak_level,
    rms,
    rms_dbfs,
    tone_dropouts,
)

RATE = 16000


def sine(freq: float, seconds: float, amplitude: float = 0.5) -> array[int]:
    scale = amplitude * 32767
    return array("h", [int(math.sin(2 * math.pi * freq * i / RATE) * scale) for i in range(int(RATE * seconds))])


def test_pcm_views_any_int16_buffer_without_copying() -> None:
    raw = bytearray(array("h", [1, -2, 3]).tobytes())
    view = pcm(raw)
    assert view.format == "h" and list(view) == [1, -2, 3]
    view[0] = 7
    assert array("h", raw)[0] == 7
    assert list(pcm(array("h", [4, 5]))) == [4, 5] and list(pcm(np.array([6, -7], np.int16))) == [6, -7]


def test_peak_and_rms() -> None:
    x = sine(1000, 0.1)
    assert abs(peak_level(x) - 0.5) < 0.01
    assert abs(rms_dbfs(x) - (-9.03)) < 0.2
    assert abs(rms(x) - 0.5 / math.sqrt(2)) < 0.005
    assert peak_level(array("h", [0] * 10)) == 0.0 and rms_dbfs(bytes(20)) == -120.0
    assert peak_level(b"") == 0.0 and rms(b"") == 0.0
    assert peak_level(array("h", [-32768, 5])) == 1.0  # the most negative sample is full scale


def test_rms_matches_numpy() -> None:
    rng = np.random.default_rng(7)
    x = rng.integers(-32768, 32768, 960).astype(np.int16)
    expected = float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) / 32768
    assert rms(x.tobytes()) == pytest.approx(expected, rel=1e-12)


def test_gain_scales_and_clips_in_place() -> None:
    x = array("h", [1000, -1000, 30000, -30000])
    apply_gain(x, 2.0)
    assert list(x) == [2000, -2000, 32767, -32768]
    raw = bytearray(array("h", [1000, -999]).tobytes())
    apply_gain(raw, 0.5)
    assert list(array("h", raw)) == [500, -500]  # fixed point: rounded towards minus infinity
    quiet = array("h", [20000, -20000, 7])
    apply_gain(quiet, 0.25)
    assert list(quiet) == [5000, -5000, 1]
    same = array("h", [3, 4])
    apply_gain(same, 1.0)
    assert list(same) == [3, 4]


def test_mix_adds_with_clipping_and_copies_onto_silence() -> None:
    out = array("h", [32000, -32000, 100, 0])
    mix_into(out, array("h", [1000, -1000, 5]))  # shorter: the rest stays
    assert list(out) == [32767, -32768, 105, 0]
    quiet = bytearray(8)
    mix_into(quiet, array("h", [1, 2, 3, 4, 5]))  # longer: only what fits
    assert list(array("h", quiet)) == [1, 2, 3, 4]


def test_goertzel_finds_the_tone_and_not_its_neighbour() -> None:
    x = sine(600, 0.5)
    assert goertzel_power(x, RATE, 600) == pytest.approx(0.25 * 0.25, rel=0.01)  # A**2/4
    assert goertzel_power(x, RATE, 1000) < 1e-5
    assert goertzel_power(b"", RATE, 600) == 0.0


def test_goertzel_equals_the_dft_bin() -> None:
    rng = np.random.default_rng(3)
    x = rng.integers(-20000, 20000, 320).astype(np.int16)
    for freq in (300.0, 1000.0, 3450.0):
        k = round(len(x) * freq / RATE)
        expected = abs(np.fft.fft(x.astype(np.float64) / 32768)[k]) ** 2 / len(x) ** 2
        assert goertzel_power(x.tobytes(), RATE, freq) == pytest.approx(expected, rel=1e-9, abs=1e-15)


def test_dropouts_count_gaps_in_a_tone() -> None:
    x = sine(600, 2.0)
    assert tone_dropouts(x, RATE, 600) == 0
    x[4000:4800] = array("h", [0] * 800)  # 50 ms
    x[20000:20320] = array("h", [0] * 320)  # 20 ms
    assert tone_dropouts(x, RATE, 600) == 2
    assert tone_dropouts(x[:100], RATE, 600) == 0  # shorter than a window


def test_meter_keeps_peaks_and_reports_at_most_ten_times_a_second() -> None:
    meter = LevelMeter(rate_hz=10)
    meter.feed_mic(sine(500, 0.02, 0.3))
    meter.feed_mic(sine(500, 0.02, 0.1))
    meter.feed_speaker(sine(500, 0.02, 0.6).tobytes())
    first = meter.take(now=100.0)
    assert first is not None and abs(first[0] - 0.3) < 0.01 and abs(first[1] - 0.6) < 0.01
    assert meter.take(now=100.05) is None
    assert meter.take(now=100.11) == (0.0, 0.0)


def test_meter_peak_is_within_0_4_percent_of_the_exact_peak() -> None:
    rng = np.random.default_rng(11)
    for scale in (0, 1, 300, 3000, 32767):
        x = (rng.standard_normal(160) * scale).clip(-32768, 32767).astype(np.int16)
        assert abs(meter_peak(x) - peak_level(x)) <= 0.004 + 1e-12, scale
    for v in (-32768, -32767, -257, -256, -255, -1, 0, 1, 256, 511, 32767):
        assert abs(meter_peak(array("h", [v, 0])) - abs(v) / 32768) <= 0.004, v
    assert meter_peak(array("h", [255])) == 0.0  # the quietest 256 steps read as silence
    assert meter_peak(bytes(320)) == 0.0 and meter_peak(b"") == 0.0
