"""Commands and events the desktop UI needs beyond the engine/store ones.

Pure frozen dataclasses like the rest of ``softphone.domain``. Who handles them:
- ``SetAgentState``: the app's agent-state machine (answers with ``AgentStateChanged``).
- ``SelectCustomer``: screen-pop (the agent picked one of several matches for a call).
- ``RetryCustomerLookup``: screen-pop (after ``CustomerLookupFailed``).
- ``SetLevelMeters``, ``PlayTestTone``: the engine's audio layer (answers with
  ``AudioLevels`` while meters run and ``AudioTestFinished``).
- ``ApplyAudioDevices``: the engine's audio layer (after the settings changed).
"""

from __future__ import annotations

from dataclasses import dataclass

from softphone.domain.messages import Command, EngineCommand, Event
from softphone.domain.values import AgentState
from softphone.domain.views import AudioDevice, AudioDeviceKind


# ---- commands ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SetAgentState(Command):
    state: AgentState
    reason_code: str = ""  # a NotReadyReason.code when state is NOT_READY


@dataclass(frozen=True)
class SelectCustomer(Command):
    call_id: str
    customer_id: str


@dataclass(frozen=True)
class RetryCustomerLookup(Command):
    call_id: str


@dataclass(frozen=True)
class SetLevelMeters(EngineCommand):
    """Start (or stop) publishing ``AudioLevels`` about ``rate_hz`` times a second."""

    enabled: bool
    rate_hz: int = 20


@dataclass(frozen=True)
class PlayTestTone(EngineCommand):
    """Play a short test sound on the speaker/ringer device, or record-and-play-back the microphone."""

    kind: AudioDeviceKind
    device_id: str = ""  # "" = the configured one


@dataclass(frozen=True)
class ApplyAudioDevices(EngineCommand):
    microphone: str = ""
    speaker: str = ""
    ringer: str = ""


# ---- events --------------------------------------------------------------------------------
@dataclass(frozen=True)
class AudioLevels(Event):
    """Peak levels 0.0..1.0 of the microphone (what we send) and the speaker (what we hear)."""

    microphone: float
    speaker: float
    call_id: str | None = None


@dataclass(frozen=True)
class AudioTestFinished(Event):
    kind: AudioDeviceKind
    ok: bool
    reason: str = ""


@dataclass(frozen=True)
class AudioDevicesChanged(Event):
    devices: tuple[AudioDevice, ...]
    reason: str = ""  # e.g. "headset unplugged: audio moved to Speakers"
