"""Audio commands and events (issue 4): devices, routing, levels, tests, problems.

Standard library only. Events are past tense, commands imperative; commands are
``EngineCommand`` so the engine forwards them to ``AudioBackend.handle``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from softphone.domain.messages import EngineCommand, Event


class DeviceKind(enum.Enum):
    INPUT = "input"  # microphone
    OUTPUT = "output"  # speaker, headset earpiece, ringer


class AudioRole(enum.Enum):
    MIC = "mic"
    SPEAKER = "speaker"
    RINGER = "ringer"


@dataclass(frozen=True)
class AudioDevice:
    """One device. ``id`` is stable across restarts and re-plugs where the platform allows
    (PulseAudio: the sink/source name; PortAudio: "host API/device name");
    ``name`` is what the agent reads."""

    id: str
    name: str
    kind: DeviceKind
    is_default: bool = False
    host_api: str = ""
    channels: int = 1
    default_rate: int = 0


@dataclass(frozen=True)
class DeviceRef:
    """A remembered choice: found again by ``id`` first, then by the friendly ``name``."""

    id: str
    name: str = ""


@dataclass(frozen=True)
class AudioRoute:
    """Where audio goes right now; ``*_fallback`` is True when the chosen device is missing."""

    mic: AudioDevice | None
    speaker: AudioDevice | None
    ringer: AudioDevice | None
    mic_fallback: bool = False
    speaker_fallback: bool = False
    ringer_fallback: bool = False


# ---- events ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class AudioDevicesChanged(Event):
    """The device inventory (sent at start and after every hot-plug)."""

    devices: tuple[AudioDevice, ...]
    added: tuple[AudioDevice, ...] = ()
    removed: tuple[AudioDevice, ...] = ()


@dataclass(frozen=True)
class AudioRouteChanged(Event):
    """Audio now flows through ``route``; ``reason`` says why (selected, device lost, returned...)."""

    route: AudioRoute
    reason: str = ""


@dataclass(frozen=True)
class AudioDeviceLost(Event):
    """A chosen device disappeared; its role moved to ``fallback`` (None: nothing left)."""

    role: AudioRole
    device: AudioDevice
    fallback: AudioDevice | None
    in_call: bool = False


@dataclass(frozen=True)
class AudioDeviceReturned(Event):
    """A chosen device is back. Mid-call the agent moves back with ``UsePreferredAudioDevices``."""

    role: AudioRole
    device: AudioDevice
    moved_back: bool  # True when the backend already moved (no call in progress)


@dataclass(frozen=True)
class AudioDevicesSelected(Event):
    """The remembered choices changed (the app persists them in its settings)."""

    mic: DeviceRef | None
    speaker: DeviceRef | None
    ringer: DeviceRef | None


@dataclass(frozen=True)
class AudioLevels(Event):
    """Peak levels since the last event, 0.0 (silence) to 1.0 (full scale); about 10 per second."""

    mic: float
    speaker: float
    mic_muted: bool = False


@dataclass(frozen=True)
class AudioProblem(Event):
    """Audio cannot work as wanted: ``reason`` says what is missing, ``fix`` how to fix it.

    ``code``: no_portaudio, no_server, no_devices, no_input, no_output, stream_failed.
    Calls still connect (silence) while a problem stands."""

    code: str
    reason: str
    fix: str


@dataclass(frozen=True)
class AudioProblemCleared(Event):
    code: str


@dataclass(frozen=True)
class AudioStatusReported(Event):
    """Measured state of the bridge (answer to ``GetAudioStatus`` and sent after route changes)."""

    backend: str  # "portaudio", "null", "file"
    route: AudioRoute | None
    sample_rate: int = 0
    input_latency_ms: float = 0.0  # PortAudio's reported stream latencies
    output_latency_ms: float = 0.0
    tx_ring_ms: float = 0.0  # current fill of the mic -> call ring
    rx_ring_ms: float = 0.0  # current fill of the call -> speaker ring
    underruns: int = 0
    trims: int = 0
    calls: int = 0
    scheduling: str = ""  # e.g. "pjmedia-clock=realtime portaudio-out=realtime" (see softphone/audio/priority.py)


@dataclass(frozen=True)
class MicTestProgressed(Event):
    """Microphone test: ``phase`` is recording, playing, done or failed."""

    phase: str
    peak: float = 0.0  # loudest level heard while recording (0..1)
    detail: str = ""


@dataclass(frozen=True)
class SpeakerTestProgressed(Event):
    """Speaker test: ``phase`` is playing, done or failed."""

    phase: str
    role: AudioRole = AudioRole.SPEAKER
    detail: str = ""


# ---- commands -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SelectAudioDevices(EngineCommand):
    """Choose devices (None keeps the current choice). Takes effect at once, also mid-call."""

    mic: DeviceRef | None = None
    speaker: DeviceRef | None = None
    ringer: DeviceRef | None = None


@dataclass(frozen=True)
class UsePreferredAudioDevices(EngineCommand):
    """Move back to the remembered devices (one action after a headset returns)."""


@dataclass(frozen=True)
class RefreshAudioDevices(EngineCommand):
    """Re-read the inventory now (the backend also does it on hot-plug)."""


@dataclass(frozen=True)
class SetVolumes(EngineCommand):
    """Gains 0.0..2.0 (1.0 = unchanged); None keeps the current value."""

    mic: float | None = None
    speaker: float | None = None
    ringer: float | None = None
    tones: float | None = None


@dataclass(frozen=True)
class SetRingInHeadset(EngineCommand):
    """Ring in the headset too, not only on the ringer device."""

    enabled: bool


@dataclass(frozen=True)
class StartMicTest(EngineCommand):
    """Record ``seconds`` from the microphone, then play it back on the speaker."""

    seconds: float = 3.0


@dataclass(frozen=True)
class StartSpeakerTest(EngineCommand):
    """Play a test tone on the speaker (or the ringer device)."""

    role: AudioRole = AudioRole.SPEAKER
    seconds: float = 2.0


@dataclass(frozen=True)
class StopAudioTest(EngineCommand):
    pass


@dataclass(frozen=True)
class GetAudioStatus(EngineCommand):
    """Answered with ``AudioStatusReported``."""
