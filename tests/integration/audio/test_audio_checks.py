"""Microphone test, speaker test, DTMF feedback and the inventory, on a running agent (no call)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from bench.audio_harness import Peer
from tests.integration.audio.callpair import RATE, ROOT, sine, windows_with_tone
from tests.support.pulse import PulseServer
from tests.support.tones import dominant_frequency

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_mic_test_records_then_plays_back_on_the_headset(pulse: PulseServer, tmp_path: Path) -> None:
    headset = pulse.add_headset("mictest", "Logitech H390")
    agent = Peer("agent", ROOT, mic=headset.mic, speaker=headset.speaker)
    try:
        time.sleep(1.5)  # the first PulseAudio stream of a process starts late
        player = pulse.play(headset.mic_feed, sine(750.0, 3.0))
        time.sleep(1.2)
        since = agent.mark()
        # the microphone never reaches the speaker by itself: 750 Hz there is the playback
        with pulse.recording(headset.speaker_monitor) as heard:
            agent.audio("StartMicTest", seconds=1.0)
            agent.event("MicTestProgressed", lambda d: d["phase"] == "recording", since=since)
            agent.event("MicTestProgressed", lambda d: d["phase"] == "playing", timeout=5, since=since)
            done = agent.event("MicTestProgressed", lambda d: d["phase"] == "done", timeout=5, since=since)
            time.sleep(0.2)
        player.wait(10)
        assert done["peak"] > 0.1
        assert agent.events("AudioLevels", since), "meters run during the test"
    finally:
        agent.close()
        pulse.remove_headset(headset)
    assert windows_with_tone(heard[0], 750.0).sum() >= 8, "the recorded microphone was not played back"


def test_speaker_test_on_the_ringer_device_and_dtmf_feedback_in_the_headset(pulse: PulseServer) -> None:
    headset = pulse.add_headset("spktest", "Sennheiser SC 160")
    module = pulse.add_speaker("desk", "Desk Speaker")
    agent = Peer("agent", ROOT, mic=headset.mic, speaker=headset.speaker, ringer="desk")
    try:
        time.sleep(1.5)
        since = agent.mark()
        with pulse.recording("desk.monitor") as rang:
            agent.audio("StartSpeakerTest", role="ringer", seconds=1.5)
            agent.event("SpeakerTestProgressed", lambda d: d["phase"] == "playing", since=since)
            agent.event("SpeakerTestProgressed", lambda d: d["phase"] == "done", timeout=6, since=since)
        with pulse.recording(headset.speaker_monitor) as keys:
            for _ in range(4):
                agent.send("tone", tone="dtmf", digit="5")  # 770 + 1336 Hz, 120 ms
                time.sleep(0.25)
    finally:
        agent.close()
        pulse.remove_headset(headset)
        pulse.unload_module(module)
    assert abs(dominant_frequency(rang[0], RATE) - 1000.0) < 10
    assert windows_with_tone(rang[0], 1000.0).sum() >= 12
    assert windows_with_tone(keys[0], 770.0).sum() >= 4 and windows_with_tone(keys[0], 1336.0).sum() >= 4


def test_inventory_has_friendly_names_and_defaults_without_monitors(pulse: PulseServer) -> None:
    agent = Peer("agent", ROOT)
    try:
        devices = agent.event("AudioDevicesChanged")["devices"]
        route = agent.event("AudioRouteChanged")["route"]
    finally:
        agent.close()
    by_id = {d["id"]: d for d in devices}
    assert by_id["laptop_spk"]["name"] == "Laptop Speaker" and by_id["laptop_spk"]["is_default"]
    assert by_id["laptop_mic"]["kind"] == "input" and by_id["laptop_mic"]["is_default"]
    assert not any(d["id"].endswith(".monitor") for d in devices)
    assert route["speaker"]["id"] == "laptop_spk" and route["mic"]["id"] == "laptop_mic"
    assert route["ringer"]["id"] == "laptop_spk" and not route["speaker_fallback"]


def test_speaker_volume_scales_what_the_agent_hears_and_the_ring_can_reach_the_headset(pulse: PulseServer) -> None:
    headset = pulse.add_headset("voltest", "EPOS Impact 460")
    agent = Peer("agent", ROOT, mic=headset.mic, speaker=headset.speaker)
    try:
        time.sleep(1.5)
        peaks = []
        for volume in (1.0, 0.25):
            agent.audio("SetVolumes", speaker=volume)
            since = agent.mark()
            with pulse.recording(headset.speaker_monitor) as heard:
                agent.audio("StartSpeakerTest", role="speaker", seconds=1.0)
                agent.event("SpeakerTestProgressed", lambda d: d["phase"] == "done", timeout=6, since=since)
            assert windows_with_tone(heard[0], 1000.0).sum() >= 10  # no call: the test tone is all there is
            peaks.append(float(np.abs(heard[0].astype(np.int32)).max()))
        agent.audio("SetRingInHeadset", enabled=True)
        agent.send("tone", tone="ringer")
        time.sleep(0.3)
        with pulse.recording(headset.speaker_monitor) as ring:
            time.sleep(1.0)
        agent.send("tone", tone=None)
    finally:
        agent.close()
        pulse.remove_headset(headset)
    assert 0.15 < peaks[1] / peaks[0] < 0.35, peaks
    assert windows_with_tone(ring[0], 480.0, window_ms=100).mean() > 0.6
