"""Our own engine in a process of its own (the shipping EngineLink path) as a test party:
other agents, transfer targets, simulated customers. Microphone = a tone, speaker = WAV per call."""

from __future__ import annotations

from pathlib import Path

from softphone.domain.commands import ConfigureAccount
from softphone.domain.events import RegistrationChanged
from softphone.domain.hub import EventRecorder
from softphone.domain.messages import EngineCommand
from softphone.domain.values import AccountSettings, RegistrationState
from softphone.engine.config import AudioSpec, EngineConfig
from softphone.engine.link import EngineLink


class EnginePeer:
    def __init__(self, workdir: Path, name: str, tone_hz: float) -> None:
        self.name = name
        self.record_dir = workdir / f"peer-{name}"
        self.events = EventRecorder()
        self.link = EngineLink(self.events, EngineConfig(audio=AudioSpec(kind="file", tone_hz=tone_hz,
                                                                         record_dir=self.record_dir),
                                                         log_file=workdir / f"peer-{name}.log"))

    def start(self) -> EnginePeer:
        self.link.start()
        return self

    def send(self, command: EngineCommand) -> None:
        self.link.send(command)

    def register(self, settings: AccountSettings, timeout: float = 10) -> RegistrationChanged:
        mark = self.events.mark()
        self.link.send(ConfigureAccount(settings=settings))
        event = self.events.wait_for(
            RegistrationChanged,
            lambda e: e.state in (RegistrationState.REGISTERED, RegistrationState.LOCAL, RegistrationState.FAILED),
            timeout=timeout, after=mark)
        assert event.state is not RegistrationState.FAILED, event
        return event

    def recording(self, call_id: str) -> Path:
        return self.record_dir / f"{call_id}.wav"

    def stop(self) -> None:
        self.link.stop()
