from __future__ import annotations

import numpy as np
import pytest

from softphone.audio.backend import Tone
from softphone.audio.levels import goertzel_power
from softphone.audio.tones import TONES, ToneGenerator, ToneSlot, ToneSpec, dtmf_spec

RATE = 16000


def render(gen: ToneGenerator, seconds: float, block: int = 160) -> np.ndarray:
    return np.concatenate([gen.render(block) for _ in range(int(seconds * RATE) // block)])


def as_int16(x: np.ndarray) -> np.ndarray:
    return (x * 32767).astype(np.int16)


@pytest.mark.parametrize(("digit", "low", "high"), [("1", 697, 1209), ("5", 770, 1336), ("#", 941, 1477),
                                                    ("d", 941, 1633)])
def test_dtmf_feedback_has_its_two_frequencies_once(digit: str, low: int, high: int) -> None:
    gen = ToneGenerator(dtmf_spec(digit), RATE)
    x = as_int16(render(gen, 0.3))
    on = x[: RATE * 110 // 1000]
    assert goertzel_power(on, RATE, low) > 1e-3 and goertzel_power(on, RATE, high) > 1e-3
    assert goertzel_power(on, RATE, 1000) < 1e-5
    assert not x[RATE * 130 // 1000:].any() and gen.done


def test_not_a_digit_is_refused() -> None:
    with pytest.raises(ValueError):
        dtmf_spec("x")


def test_busy_cadence_is_half_a_second_on_and_off_with_continuous_phase() -> None:
    x = as_int16(render(ToneGenerator(TONES[Tone.BUSY], RATE), 2.0, block=137))  # odd block size
    half = RATE // 2
    on, off = x[100:half - 100], x[half + 100:2 * half - 100]
    assert goertzel_power(on, RATE, 480) > 1e-3 and goertzel_power(on, RATE, 620) > 1e-3
    assert not off.any()
    assert np.abs(np.diff(on.astype(np.int32))).max() < 3000  # no clicks between blocks


def test_ringer_warbles_between_both_frequencies_and_volume_scales() -> None:
    loud = render(ToneGenerator(TONES[Tone.RINGER], RATE, volume=1.0), 1.0)
    quiet = render(ToneGenerator(TONES[Tone.RINGER], RATE, volume=0.25), 1.0)
    x = as_int16(loud)
    assert goertzel_power(x, RATE, 440) > 1e-3 and goertzel_power(x, RATE, 480) > 1e-3
    assert abs(np.abs(quiet).max() - 0.25 * np.abs(loud).max()) < 1e-3


def test_call_waiting_beeps_briefly_in_a_long_period() -> None:
    spec = TONES[Tone.CALL_WAITING]
    assert spec.period_ms == 10000
    x = as_int16(render(ToneGenerator(spec, RATE), 1.0))
    assert x[: RATE * 290 // 1000].any() and not x[RATE * 310 // 1000:].any()


def test_slot_mixes_into_the_block_with_clipping_and_stops_one_shots() -> None:
    slot = ToneSlot()
    block = np.full(160, 32000, np.int16)
    slot.play(ToneGenerator(ToneSpec((1000.0,), ((10, 0),), repeat=False, level=1.0), RATE))
    slot.mix_into(block)
    assert block.max() == 32767 and slot.active
    block2 = np.zeros(160, np.int16)
    slot.mix_into(block2)  # past the 10 ms: done
    assert not block2.any() and not slot.active
    slot.play(None)
    block3 = np.ones(160, np.int16)
    slot.mix_into(block3)
    assert (block3 == 1).all()
