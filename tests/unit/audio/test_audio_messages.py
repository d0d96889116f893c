"""Audio messages cross the engine pipe: every one survives the wire codec."""

from __future__ import annotations

import dataclasses

from softphone.domain import audio_messages as am
from softphone.domain.messages import EngineCommand, Event
from softphone.domain.wire import decode, encode

DEV = am.AudioDevice("hs_spk", "Jabra Evolve 40", am.DeviceKind.OUTPUT, True, "PulseAudio", 2, 48000)
MIC = am.AudioDevice("hs_mic", "Jabra Evolve 40", am.DeviceKind.INPUT)
ROUTE = am.AudioRoute(MIC, DEV, DEV, speaker_fallback=True)

SAMPLES = [
    am.AudioDevicesChanged((DEV, MIC), added=(MIC,)),
    am.AudioRouteChanged(ROUTE, "audio device lost"),
    am.AudioDeviceLost(am.AudioRole.SPEAKER, DEV, None, in_call=True),
    am.AudioDeviceReturned(am.AudioRole.MIC, MIC, moved_back=False),
    am.AudioDevicesSelected(am.DeviceRef("hs_mic", "Jabra"), None, am.DeviceRef("desk")),
    am.AudioLevels(mic=0.5, speaker=0.25, mic_muted=True),
    am.AudioProblem("no_server", "No sound server.", "Start it."),
    am.AudioProblemCleared("no_server"),
    am.AudioStatusReported("portaudio", ROUTE, 16000, 20.0, 20.0, 30.0, 20.0, 1, 2, 1),
    am.MicTestProgressed("done", peak=0.4),
    am.SpeakerTestProgressed("playing", am.AudioRole.RINGER),
    am.SelectAudioDevices(mic=am.DeviceRef("hs_mic")),
    am.UsePreferredAudioDevices(),
    am.RefreshAudioDevices(),
    am.SetVolumes(speaker=0.8),
    am.SetRingInHeadset(True),
    am.StartMicTest(2.0),
    am.StartSpeakerTest(am.AudioRole.RINGER),
    am.StopAudioTest(),
    am.GetAudioStatus(),
]


def test_every_audio_message_round_trips_and_is_frozen() -> None:
    for message in SAMPLES:
        assert decode(encode(message)) == message
        assert dataclasses.is_dataclass(message) and type(message).__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_commands_go_to_the_engine_and_events_come_back() -> None:
    names = {type(m).__name__ for m in SAMPLES}
    exported = {n for n, v in vars(am).items() if isinstance(v, type) and issubclass(v, (Event, EngineCommand))
                and v.__module__ == am.__name__}
    assert exported <= names, f"untested messages: {exported - names}"
    commands = [m for m in SAMPLES if isinstance(m, EngineCommand)]
    assert len(commands) == 9 and all(not isinstance(m, Event) for m in commands)
