from __future__ import annotations

import sys
from typing import Any

import pytest

from softphone.audio.factory import NoAudioBackend, create_audio_backend
from softphone.domain import audio_messages as am
from softphone.domain.messages import Event


class FakeEndpoint:
    """Only what the null backends touch: the audio device manager."""

    def __init__(self) -> None:
        self.null_dev = False

    def audDevManager(self) -> Any:
        return self

    def setNullDev(self) -> None:
        self.null_dev = True

    def setNoDev(self) -> None:
        self.null_dev = False


def test_without_the_sounddevice_package_the_factory_returns_a_silent_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # import raises ImportError
    backend = create_audio_backend(platform="win32")
    assert isinstance(backend, NoAudioBackend) and backend.code == "no_portaudio"


def test_a_bug_in_diagnosis_never_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(platform: str, use_pulse: bool) -> None:
        raise RuntimeError("surprise")

    monkeypatch.setattr("softphone.audio.factory.diagnose", boom)
    backend = create_audio_backend()
    assert isinstance(backend, NoAudioBackend) and backend.code == "unexpected" and "surprise" in backend.reason


def test_the_silent_backend_says_what_is_missing_and_still_carries_calls() -> None:
    events: list[Event] = []
    backend = NoAudioBackend("no_server", "No sound server.", "Start PipeWire.")
    endpoint = FakeEndpoint()
    backend.start(endpoint, events.append)
    assert endpoint.null_dev
    assert events[0] == am.AudioProblem("no_server", "No sound server.", "Start PipeWire.")
    assert events[1] == am.AudioDevicesChanged(())
    backend.connect_call("c1", object())
    assert backend.handle(am.GetAudioStatus())
    assert isinstance(events[-1], am.AudioStatusReported) and events[-1].backend == "null" and events[-1].calls == 1
    assert backend.handle(am.StartSpeakerTest())
    assert isinstance(events[-1], am.SpeakerTestProgressed) and events[-1].phase == "failed"
    assert backend.handle(am.SelectAudioDevices(mic=am.DeviceRef("x")))
    assert not backend.handle(am.EngineCommand())
    backend.disconnect_call("c1")
    backend.disconnect_call("c1")
    assert backend.connected == set()

