"""Frame copies against real pjsua2 MediaFrame objects (no endpoint needed)."""

from __future__ import annotations

import time
from array import array

import pjsua2 as pj

from softphone.audio import bridge


def test_the_fast_path_is_active_for_this_binding() -> None:
    assert bridge.FAST_COPY


def test_fill_then_read_round_trips_samples_and_size() -> None:
    frame = pj.MediaFrame()
    samples = array("h", [i * 97 - 15000 for i in range(320)])
    bridge.fill_frame(frame, samples)
    assert frame.size == 640 and frame.buf.size() == 640
    assert bridge.frame_samples(frame) == samples.tobytes()
    shorter = samples[:160]
    bridge.fill_frame(frame, bytearray(shorter.tobytes()))  # the vector is resized
    assert frame.size == 320 and bridge.frame_samples(frame) == shorter.tobytes()
    bridge.fill_frame(frame, samples.tobytes())
    assert array("h", bridge.frame_samples(frame)) == samples


def test_copies_are_two_orders_faster_than_swig_iteration() -> None:
    frame = pj.MediaFrame()
    samples = bytearray(640)
    bridge.fill_frame(frame, samples)
    t0 = time.perf_counter()
    for _ in range(200):
        bridge.fill_frame(frame, samples)
        bridge.frame_samples(frame)
    per_frame_us = (time.perf_counter() - t0) / 200 * 1e6
    assert per_frame_us < 100, per_frame_us  # bytes(frame.buf) alone costs 230-360 us here
