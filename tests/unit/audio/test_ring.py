from __future__ import annotations

from array import array

import pytest

from softphone.audio.ring import Ring, make_ring


def ramp(start: int, n: int) -> array[int]:
    return array("h", [i % 30000 for i in range(start, start + n)])


def empty(n: int) -> array[int]:
    return array("h", [-1]) * n  # not silence: reads must overwrite every sample


def test_reader_gets_silence_until_prefill_then_the_samples_in_order() -> None:
    ring = Ring(1000, prefill=300, maxfill=800)
    out = empty(160)
    ring.write(ramp(1, 200))
    assert ring.read_into(out) == 0 and not any(out)
    ring.write(ramp(201, 200))
    assert ring.read_into(out) == 160
    assert list(out[:3]) == [1, 2, 3]
    assert ring.underruns == 0


def test_underrun_pads_with_silence_counts_and_rebuffers() -> None:
    ring = Ring(1000, prefill=100, maxfill=800)
    ring.write(ramp(1, 150))
    out = empty(100)
    assert ring.read_into(out) == 100
    assert ring.read_into(out) == 50
    assert not any(out[50:]) and ring.underruns == 1 and ring.underrun_samples == 50
    ring.write(ramp(151, 60))  # below prefill again: still silence (re-buffering)
    assert ring.read_into(out) == 0
    ring.write(ramp(211, 60))
    assert ring.read_into(out) == 100 and out[0] == 151


def test_a_burst_above_maxfill_is_trimmed_back_to_prefill_keeping_the_newest() -> None:
    ring = Ring(2000, prefill=100, maxfill=500)
    ring.write(ramp(1, 600))
    assert ring.fill() == 100 and ring.trims == 1 and ring.trim_samples == 500
    out = empty(100)
    ring.read_into(out)
    assert out[0] == 501 and out[-1] == 600


def test_drift_trim_drops_a_standing_backlog() -> None:
    ring = Ring(4000, prefill=100, maxfill=3000, margin=40, window=10)
    ring.write(ramp(0, 1000))  # a standing queue far above read size + margin
    out = empty(100)
    for _ in range(10):
        ring.write(ramp(0, 100))
        ring.read_into(out)
    assert ring.drift_trims == 1
    assert ring.fill() <= 100 + 40 + 10


def test_wraparound_keeps_every_sample_in_order() -> None:
    ring = Ring(256, prefill=0, maxfill=200)
    got = []
    out = empty(70)
    for i in range(40):
        ring.write(ramp(i * 70, 70))
        ring.read_into(out)
        got.extend(out)
    assert got == list(ramp(0, 40 * 70))


def test_reset_drops_stale_audio() -> None:
    ring = Ring(1000, prefill=10, maxfill=800)
    ring.write(ramp(1, 500))
    ring.reset()
    out = empty(10)
    assert ring.fill() == 0 and ring.read_into(out) == 0


def test_overflow_beyond_capacity_keeps_the_newest() -> None:
    ring = Ring(100, prefill=0, maxfill=99)
    ring.write(ramp(1, 250))
    assert ring.overflow_samples > 0 and ring.fill() <= 99


def test_invalid_sizes_are_refused_and_make_ring_sizes_in_ms() -> None:
    with pytest.raises(ValueError):
        Ring(100, prefill=50, maxfill=200)
    ring = make_ring(16000, 30, 120, 10)
    assert (ring.prefill, ring.maxfill, ring.margin, ring.capacity) == (480, 1920, 160, 16000)


def test_underruns_raise_the_prefill_and_calm_lowers_it_back() -> None:
    ring = Ring(4000, prefill=100, maxfill=2000, adapt_step=50, max_prefill=200, calm_reads=5)
    out = empty(100)
    for expected in (150, 200, 200):  # each underrun: one step more, capped
        ring.write(ramp(0, ring.prefill))
        ring.read_into(out)
        ring.read_into(out)  # empty: underrun
        assert ring.prefill == expected
    ring.write(ramp(0, 1000))
    for _ in range(5):
        ring.read_into(out)
    assert ring.prefill == 150 and ring.stats().prefill == 150
    ring.write(ramp(0, 1000))
    for _ in range(5):
        ring.read_into(out)
    assert ring.prefill == 100  # never below the base


def test_any_int16_buffer_goes_in_and_out_bytes_and_memoryviews_included() -> None:
    ring = Ring(1000, prefill=0, maxfill=800)
    ring.write(ramp(5, 100).tobytes())
    ring.write(memoryview(ramp(105, 100)))
    ring.write(memoryview(ramp(205, 100).tobytes()))  # a byte-format view, as PortAudio gives
    out = bytearray(2 * 300)
    assert ring.read_into(out) == 300
    assert list(array("h", out)) == list(ramp(5, 300))
    view = memoryview(bytearray(20)).cast("h")
    assert ring.read_into(view) == 0 and ring.underruns == 1 and not any(view)


def test_overflow_keeps_the_newest_samples_in_order() -> None:
    ring = Ring(100, prefill=0, maxfill=99)
    ring.write(ramp(1, 250))
    out = empty(ring.fill())
    ring.read_into(out)
    assert list(out) == list(ramp(251 - len(out), len(out)))


def test_a_write_does_not_keep_a_reference_to_the_callers_buffer() -> None:
    ring = Ring(1000, prefill=0, maxfill=800)
    block = bytearray(ramp(1, 50).tobytes())
    ring.write(block)
    block[:] = bytes(len(block))  # PortAudio reuses its buffer after the callback
    block.extend(b"\x00\x00")  # and a bytearray with no exported views can still grow
    out = empty(50)
    ring.read_into(out)
    assert list(out) == list(ramp(1, 50))


def _run_clocks(ring: Ring, seconds: float, producer_ppm: float, read: int = 160, write: int = 320) -> None:
    """The producer writes ``write`` samples per 20 ms of its clock, the reader reads ``read`` per 10 ms
    of its own; the producer's clock is ``producer_ppm`` slower (negative: faster)."""
    out = array("h", bytes(2 * read))
    period_w = 0.020 * (1 + producer_ppm / 1e6)
    next_w, next_r, n = 0.0, 0.0, 0
    while next_r < seconds:
        if next_w <= next_r:
            ring.write(ramp(n, write))
            n += write
            next_w += period_w
        else:
            ring.read_into(out)
            next_r += 0.010


def test_a_slower_producer_is_stretched_instead_of_draining_into_underruns() -> None:
    # 16 kHz, the bridge's sizes: prefill 30 ms, margin 10 ms; the producer 600 ppm slow for 5 minutes
    stretched = make_ring(16000, 30, 200, 10)
    _run_clocks(stretched, 300, producer_ppm=600)
    assert stretched.underruns == 0
    assert 0 < stretched.stretches < 16000 * 300 * 700e-6  # about one sample per drifted sample
    plain = make_ring(16000, 30, 200, None)  # no margin: neither trims nor stretches
    _run_clocks(plain, 300, producer_ppm=600)
    assert plain.underruns >= 5 and plain.stretches == 0


def test_a_faster_producer_is_still_trimmed_and_never_stretched_much() -> None:
    ring = make_ring(16000, 30, 200, 10)
    _run_clocks(ring, 120, producer_ppm=-600)
    assert ring.underruns == 0 and ring.drift_trims > 0
    assert ring.fill() * 1000 / 16000 < 60  # latency stays bounded


def test_a_stretch_repeats_the_last_sample_and_keeps_the_order() -> None:
    ring = Ring(4000, prefill=100, maxfill=3000, margin=40, window=1000)
    ring.write(ramp(1, 110))  # primed, but below read size (100) + margin (40) / 2: stretch
    out = empty(100)
    assert ring.read_into(out) == 100
    assert list(out[:99]) == list(range(1, 100)) and out[99] == 99 and ring.stretches == 1
    ring.write(ramp(111, 200))
    ring.read_into(out)
    assert out[0] == 100  # nothing skipped
