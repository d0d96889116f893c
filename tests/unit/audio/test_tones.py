from __future__ import annotations

import itertools
import time
from array import array

import pytest

from softphone.audio import tones
from softphone.audio.backend import Tone
from softphone.audio.levels import goertzel_power, peak_level
from softphone.audio.tones import TONES, ToneGenerator, ToneSlot, ToneSpec, dtmf_spec

RATE = 16000


def render(gen: ToneGenerator, seconds: float, block: int = 160) -> array[int]:
    out = array("h")
    for _ in range(int(seconds * RATE) // block):
        out.frombytes(gen.render(block))
    return out


@pytest.mark.parametrize(("digit", "low", "high"), [("1", 697, 1209), ("5", 770, 1336), ("#", 941, 1477),
                                                    ("d", 941, 1633)])
def test_dtmf_feedback_has_its_two_frequencies_once(digit: str, low: int, high: int) -> None:
    gen = ToneGenerator(dtmf_spec(digit), RATE)
    x = render(gen, 0.3)
    on = x[: RATE * 110 // 1000]
    assert goertzel_power(on, RATE, low) > 1e-3 and goertzel_power(on, RATE, high) > 1e-3
    assert goertzel_power(on, RATE, 1000) < 1e-5
    assert not any(x[RATE * 130 // 1000:]) and gen.done


def test_not_a_digit_is_refused() -> None:
    with pytest.raises(ValueError):
        dtmf_spec("x")


def test_busy_cadence_is_half_a_second_on_and_off_with_continuous_phase() -> None:
    x = render(ToneGenerator(TONES[Tone.BUSY], RATE), 2.0, block=137)  # odd block size
    half = RATE // 2
    on, off = x[100:half - 100], x[half + 100:2 * half - 100]
    assert goertzel_power(on, RATE, 480) > 1e-3 and goertzel_power(on, RATE, 620) > 1e-3
    assert not any(off)
    assert max(abs(b - a) for a, b in itertools.pairwise(on)) < 3000  # no clicks between blocks
    assert x[2 * half:3 * half] == x[:half]  # the next period starts the same way


def test_ringer_warbles_between_both_frequencies_and_volume_scales() -> None:
    loud = render(ToneGenerator(TONES[Tone.RINGER], RATE, volume=1.0), 1.0)
    quiet = render(ToneGenerator(TONES[Tone.RINGER], RATE, volume=0.25), 1.0)
    assert goertzel_power(loud, RATE, 440) > 1e-3 and goertzel_power(loud, RATE, 480) > 1e-3
    assert abs(peak_level(loud) - 0.35) < 0.01
    assert abs(peak_level(quiet) - 0.25 * peak_level(loud)) < 1e-3


def test_call_waiting_beeps_briefly_in_a_long_period() -> None:
    spec = TONES[Tone.CALL_WAITING]
    assert spec.period_ms == 10000
    x = render(ToneGenerator(spec, RATE), 1.0)
    assert any(x[: RATE * 290 // 1000]) and not any(x[RATE * 310 // 1000:])


def test_a_repeating_tone_comes_back_every_period() -> None:
    spec = ToneSpec((1000.0,), ((10, 20), (10, 0)))  # two beeps in a 40 ms period
    x = render(ToneGenerator(spec, RATE), 0.2, block=100)
    ms = RATE // 1000
    for period in range(5):
        at = period * 40 * ms
        assert any(x[at:at + 10 * ms]) and not any(x[at + 10 * ms + 1:at + 30 * ms])
        assert any(x[at + 30 * ms:at + 40 * ms])
    assert x[:40 * ms] == x[40 * ms:80 * ms]


def test_rendering_a_block_is_cheap_once_the_tone_is_made() -> None:
    gen = ToneGenerator(TONES[Tone.RINGER], RATE, volume=0.7)  # synthesised (and cached) here
    t0 = time.perf_counter()
    for _ in range(1000):
        gen.render(160)
    assert (time.perf_counter() - t0) / 1000 < 50e-6  # a few slice copies per callback
    t0 = time.perf_counter()
    ToneGenerator(TONES[Tone.RINGER], RATE, volume=0.7)
    assert time.perf_counter() - t0 < 0.01  # the cache: a ringing call does not synthesise again


def test_slot_mixes_into_the_block_with_clipping_and_stops_one_shots() -> None:
    slot = ToneSlot()
    block = array("h", [32000] * 160)
    slot.play(ToneGenerator(ToneSpec((1000.0,), ((10, 0),), repeat=False, level=1.0), RATE))
    slot.mix_into(block)
    assert max(block) == 32767 and slot.active
    block2 = bytearray(320)
    slot.mix_into(block2)  # past the 10 ms: done
    assert not any(block2) and not slot.active
    slot.play(None)
    block3 = array("h", [1] * 160)
    slot.mix_into(block3)
    assert all(v == 1 for v in block3)


def test_tiled_synthesis_equals_computing_every_sample() -> None:
    for spec in (*TONES.values(), dtmf_spec("5"), ToneSpec((697.3,), ((50, 0),))):
        for rate in (8000, 16000, 48000):
            tiled = ToneGenerator(spec, rate, volume=0.8).render(rate // 2)
            direct = ToneGenerator(spec, rate, volume=0.8)
            scale = spec.level * 0.8
            direct._parts = tuple((start, tones._synthesise_samples(spec, rate, start, len(wave) // 2, scale))
                                  for start, wave in direct._parts)
            assert tiled == direct.render(rate // 2), (spec, rate)
    assert tones._repeat_length(TONES[Tone.RINGER], 16000) == 800  # 440/480 Hz, warble 20 Hz
    assert tones._repeat_length(ToneSpec((697.3,), ((50, 0),)), 16000) == 0
