"""Frame copies against real pjsua2 MediaFrame objects (no endpoint needed)."""

from __future__ import annotations

import time

import numpy as np
import pjsua2 as pj

from softphone.audio import bridge


def test_the_fast_path_is_active_for_this_binding() -> None:
    assert bridge.FAST_COPY


def test_fill_then_read_round_trips_samples_and_size() -> None:
    frame = pj.MediaFrame()
    samples = (np.arange(320) * 97 - 15000).astype(np.int16)
    bridge.fill_frame(frame, samples)
    assert frame.size == 640 and frame.buf.size() == 640
    assert np.array_equal(bridge.frame_samples(frame), samples)
    shorter = samples[:160]
    bridge.fill_frame(frame, shorter)  # the vector is resized
    assert frame.size == 320 and np.array_equal(bridge.frame_samples(frame), shorter)


def test_copies_are_two_orders_faster_than_swig_iteration() -> None:
    frame = pj.MediaFrame()
    samples = np.zeros(320, np.int16)
    bridge.fill_frame(frame, samples)
    t0 = time.perf_counter()
    for _ in range(200):
        bridge.fill_frame(frame, samples)
        bridge.frame_samples(frame)
    per_frame_us = (time.perf_counter() - t0) / 200 * 1e6
    assert per_frame_us < 100, per_frame_us  # bytes(frame.buf) alone costs 230-360 us here
