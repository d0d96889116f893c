"""``create_audio_backend``: the right backend for this machine, never an exception.

PortAudio bridge when PortAudio and a device exist; otherwise a backend that carries
silence (calls still connect) and publishes an ``AudioProblem`` saying what is missing and
how to fix it. ``diagnose`` is the same check as plain data (for ``softphone selftest``).
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import Any

from softphone.audio.backend import AudioBackend, NullAudioBackend, Publish
from softphone.audio.streams import BridgeTuning
from softphone.domain import audio_messages as am
from softphone.domain.audio_messages import AudioRole, DeviceRef
from softphone.domain.messages import EngineCommand

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Diagnosis:
    ok: bool
    pulse: bool = False
    code: str = ""
    reason: str = ""
    fix: str = ""
    sd: Any = None


def _install_hint(platform: str) -> str:
    if platform.startswith("linux"):
        return ("Install PortAudio: sudo apt install libportaudio2 libasound2-plugins "
                "(Fedora: portaudio alsa-plugins-pulseaudio).")
    return "Reinstall the softphone: its PortAudio library is missing."


def diagnose(platform: str = sys.platform, use_pulse: bool = True) -> Diagnosis:
    try:
        import sounddevice as sd
    except OSError as exc:  # the package is there, the C library is not
        return Diagnosis(False, code="no_portaudio", reason=f"The PortAudio library was not found ({exc}).",
                         fix=_install_hint(platform))
    except ImportError as exc:
        return Diagnosis(False, code="no_portaudio", reason=f"The sounddevice package is missing ({exc}).",
                         fix="Reinstall the softphone (pip install sounddevice).")
    try:
        sd._terminate()  # see a sound server started after this process
        sd._initialize()
        names = [str(d["name"]) for d in sd.query_devices()]
    except Exception as exc:
        names = []
        log.info("PortAudio device query failed: %s", exc)
    if platform.startswith("linux") and use_pulse:
        server = _pulse_server()
        if server:
            if "pulse" not in names:
                return Diagnosis(False, True, "no_alsa_pulse",
                                 "The sound server runs but PortAudio cannot reach it (no ALSA 'pulse' device).",
                                 "Install the ALSA pulse plugin: sudo apt install libasound2-plugins.", sd)
            return Diagnosis(True, True, sd=sd)
        if not names:
            return Diagnosis(False, False, "no_server", "No sound server (PulseAudio or PipeWire) and no sound card.",
                             "Start the sound server (systemctl --user start pipewire-pulse, or pulseaudio --start) "
                             "or plug in a headset.", sd)
        return Diagnosis(True, False, sd=sd)
    if not names:
        return Diagnosis(False, False, "no_devices", "No microphone or speaker found.",
                         "Plug in a headset, or enable a device in the system sound settings.", sd)
    return Diagnosis(True, False, sd=sd)


def _pulse_server() -> bool:
    try:
        from softphone.audio.pulse import PulseControl

        PulseControl("softphone-probe").close()
        return True
    except Exception:
        return False


class NoAudioBackend(NullAudioBackend):
    """Silence both ways; tells the app once, at start, what is missing and how to fix it."""

    def __init__(self, code: str, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.code = code
        self.fix = fix
        self._publish: Publish = lambda event: None

    def start(self, endpoint: Any, publish: Publish) -> None:
        super().start(endpoint, publish)
        self._publish = publish
        publish(am.AudioProblem(self.code, self.reason, self.fix))
        publish(am.AudioDevicesChanged(()))

    def handle(self, command: EngineCommand) -> bool:
        if isinstance(command, am.GetAudioStatus):
            self._publish(am.AudioStatusReported("null", None, calls=len(self.connected)))
            return True
        if isinstance(command, am.StartMicTest):
            self._publish(am.MicTestProgressed("failed", detail=self.reason))
            return True
        if isinstance(command, am.StartSpeakerTest):
            self._publish(am.SpeakerTestProgressed("failed", command.role, self.reason))
            return True
        return isinstance(command, (am.SelectAudioDevices, am.UsePreferredAudioDevices, am.RefreshAudioDevices,
                                    am.SetVolumes, am.SetRingInHeadset, am.StopAudioTest))


def create_audio_backend(*, clock_rate: int = 16000, ptime_ms: int = 20,
                         preferences: dict[AudioRole, DeviceRef] | None = None, tuning: BridgeTuning | None = None,
                         ring_in_headset: bool = False, platform: str = sys.platform,
                         use_pulse: bool = True) -> AudioBackend:
    """The PortAudio bridge, or a ``NoAudioBackend`` that says why. Never raises.

    Call it in the media engine process (it imports PortAudio and talks to the sound server).
    ``clock_rate``/``ptime_ms`` must be the endpoint's conference settings (``medConfig.clockRate``,
    ``audioFramePtime``). ``use_pulse=False`` on Linux uses PortAudio's own device list, as on
    Windows and macOS (tests; machines without a sound server)."""
    try:
        found = diagnose(platform, use_pulse)
        if not found.ok:
            log.warning("no audio: %s", found.reason)
            return NoAudioBackend(found.code, found.reason, found.fix)
        from softphone.audio.portaudio_backend import PortAudioBackend

        return PortAudioBackend(found.sd, pulse=found.pulse, clock_rate=clock_rate, ptime_ms=ptime_ms,
                                preferences=preferences, tuning=tuning, ring_in_headset=ring_in_headset)
    except Exception as exc:  # a bug here must not cost the agent their calls
        log.exception("audio backend")
        return NoAudioBackend("unexpected", f"Audio failed to start ({exc}).", "Restart the softphone; report the log.")
