"""``PortAudioBackend``: the AudioBackend that moves real audio (issue 4).

PortAudio streams (kept open) <-> rings <-> two pjsua2 conference ports. Devices, hot-plug
and routing from PulseAudio on Linux, from PortAudio's host APIs elsewhere. Every method
runs on the engine thread; the PortAudio and pjmedia threads only touch rings and slots.
"""

from __future__ import annotations

import gc
import logging
import queue
import sys
import time
from dataclasses import dataclass
from typing import Any

import pjsua2 as pj

from softphone.audio.backend import Publish, Tone
from softphone.audio.bridge import MicPort, SpeakerPort
from softphone.audio.devices import diff, portaudio_devices, ref_of, resolve, role_kind
from softphone.audio.routing import PortAudioRouting, PulseRouting, Routing
from softphone.audio.streams import AudioIO, BridgeTuning, MicTest
from softphone.audio.tones import TEST_TONE, TONES, ToneGenerator, ToneSpec, dtmf_spec
from softphone.domain import audio_messages as am
from softphone.domain.audio_messages import AudioDevice, AudioRole, DeviceRef
from softphone.domain.messages import EngineCommand, Event

log = logging.getLogger(__name__)
ROLES = (AudioRole.MIC, AudioRole.SPEAKER, AudioRole.RINGER)


@dataclass
class Volumes:
    mic: float = 1.0
    speaker: float = 1.0
    ringer: float = 1.0
    tones: float = 1.0


def _clamp(value: float) -> float:
    return max(0.0, min(2.0, float(value)))


class PortAudioBackend:
    def __init__(self, sd: Any, *, pulse: bool, clock_rate: int = 16000, ptime_ms: int = 20,
                 preferences: dict[AudioRole, DeviceRef] | None = None, tuning: BridgeTuning | None = None,
                 ring_in_headset: bool = False, levels_always: bool = False) -> None:
        self.sd = sd
        self.pulse = pulse
        self.rate = clock_rate  # the conference's rate: no resampling anywhere in Python
        self.ptime_ms = ptime_ms
        self.preferences: dict[AudioRole, DeviceRef | None] = {r: (preferences or {}).get(r) for r in ROLES}
        self.tuning = tuning or BridgeTuning()
        self.ring_in_headset = ring_in_headset
        self.levels_always = levels_always
        self.volumes = Volumes()
        self.devices: list[AudioDevice] = []
        self.ringer_device: AudioDevice | None = None
        self.fallback: dict[AudioRole, bool] = dict.fromkeys(ROLES, False)
        self._announced: set[tuple[AudioRole, str]] = set()
        self._calls: dict[str, Any] = {}
        self._muted: set[str] = set()
        self._problems: set[str] = set()
        self._publish: Publish = lambda event: None
        self._endpoint: Any = None
        self._control: Any = None
        self._watcher: Any = None
        self.io: AudioIO | None = None
        self.mic_port: MicPort | None = None
        self.speaker_port: SpeakerPort | None = None
        self._next_check = 0.0
        self._next_verify = 0.0
        self._next_rescan = time.monotonic() + 3.0
        self._mic_phase = ""
        self._speaker_test: AudioRole | None = None

    # ---- AudioBackend ------------------------------------------------------------------------
    def start(self, endpoint: Any, publish: Publish) -> None:
        self._endpoint = endpoint
        self._publish = publish
        endpoint.audDevManager().setNullDev()
        try:
            self._start()
        except Exception as exc:  # calls must still connect: carry on without audio
            log.exception("audio bridge start")
            self._problem("unexpected", f"Audio failed to start ({exc}).", "Restart the softphone; report the log.")
            self._teardown()

    def _start(self) -> None:
        if self.tuning.realtime:
            # a callback waiting for the GIL waits at most one switch interval (default 5 ms)
            sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
            # a full garbage collection holds the GIL for 5-20 ms (every object of pjsua2's SWIG
            # wrappers and ours): freeze what start-up made, so later ones scan only newer objects
            gc.freeze()
        routing: Routing
        if self.pulse:
            from softphone.audio.pulse import PulseControl, PulseWatcher

            try:
                self._control = PulseControl("softphone-engine")
            except Exception as exc:
                log.info("no PulseAudio connection: %s", exc)
                self._no_server()
                self._control = None
            routing = PulseRouting(self._control)
            self._watcher = PulseWatcher()
            self._watcher.start()
        else:
            routing = PortAudioRouting(self.sd)
        self.io = AudioIO(self.sd, routing, self.rate, self.tuning)
        self.mic_port = MicPort(self.io.tx, self.rate, self.ptime_ms, self.io.audio_threads)
        self.speaker_port = SpeakerPort(self.io.rx, self.rate, self.ptime_ms, self.io.audio_threads)
        self.devices = self._inventory()
        self._emit(am.AudioDevicesChanged(tuple(self.devices)))
        self._apply_route("start")

    def connect_call(self, call_id: str, media: Any) -> None:
        if self.mic_port is None or self.speaker_port is None or self.io is None:
            return  # no audio (start failed): the call carries silence
        self.disconnect_call(call_id)
        if not self._calls:
            self.io.reset_rings()
        self._calls[call_id] = media
        media.startTransmit(self.speaker_port)
        if call_id not in self._muted:
            self.mic_port.startTransmit(media)
        if self.io.mic_test is not None:  # a call takes the headset back
            self.io.mic_test = None

    def disconnect_call(self, call_id: str, media_alive: bool = True) -> None:
        media = self._calls.pop(call_id, None)
        if media is None or not media_alive:  # gone: pjsua dropped its port and connections (see AudioBackend)
            return
        pairs: list[tuple[Any, Any]] = [(self.mic_port, media), (media, self.speaker_port)]
        for source, sink in pairs:
            if source is None or sink is None:
                continue
            try:
                source.stopTransmit(sink)
            except pj.Error as exc:  # the call's media may already be gone
                log.debug("disconnect %s: %s", call_id, exc.info())

    def set_call_muted(self, call_id: str, muted: bool) -> None:
        if muted == (call_id in self._muted):
            return
        media = self._calls.get(call_id)
        if muted:
            self._muted.add(call_id)
            if media is not None and self.mic_port is not None:
                self.mic_port.stopTransmit(media)
        else:
            self._muted.discard(call_id)
            if media is not None and self.mic_port is not None:
                self.mic_port.startTransmit(media)

    def play_tone(self, tone: Tone | None, digit: str = "") -> None:
        io = self.io
        if io is None:
            return
        if tone is None:
            io.headset_tone.play(None)
            io.ringer_tone.play(None)
            return
        if tone is Tone.DTMF:
            try:
                io.headset_tone.play(ToneGenerator(dtmf_spec(digit), self.rate, self.volumes.tones))
            except ValueError:
                log.debug("no feedback for %r", digit)
            return
        spec = TONES[tone]
        if tone is Tone.RINGER:
            if self._ensure_ringer():
                io.ringer_tone.play(ToneGenerator(spec, self.rate, self.volumes.ringer))
            if self.ring_in_headset or self.ringer_device is None:
                io.headset_tone.play(ToneGenerator(spec, self.rate, self.volumes.tones * 0.5))
            return
        io.headset_tone.play(ToneGenerator(spec, self.rate, self.volumes.tones))

    def handle(self, command: EngineCommand) -> bool:
        if isinstance(command, am.SelectAudioDevices):
            for role, ref in ((AudioRole.MIC, command.mic), (AudioRole.SPEAKER, command.speaker),
                              (AudioRole.RINGER, command.ringer)):
                if ref is not None:
                    self.preferences[role] = ref
            self._emit(am.AudioDevicesSelected(self.preferences[AudioRole.MIC], self.preferences[AudioRole.SPEAKER],
                                               self.preferences[AudioRole.RINGER]))
            self._apply_route("selected", force=True)
        elif isinstance(command, am.UsePreferredAudioDevices):
            self._apply_route("moved back to the chosen devices", force=True)
        elif isinstance(command, am.RefreshAudioDevices):
            self._refresh()
        elif isinstance(command, am.SetVolumes):
            self._set_volumes(command)
        elif isinstance(command, am.SetRingInHeadset):
            self.ring_in_headset = command.enabled
        elif isinstance(command, am.StartMicTest):
            self._start_mic_test(command.seconds)
        elif isinstance(command, am.StartSpeakerTest):
            self._start_speaker_test(command.role, command.seconds)
        elif isinstance(command, am.StopAudioTest):
            if self.io is not None:
                self.io.mic_test = None
                self.io.headset_tone.play(None)
                self.io.ringer_tone.play(None)
        elif isinstance(command, am.GetAudioStatus):
            self._emit(self.status())
        else:
            return False
        return True

    def poll(self) -> None:
        io = self.io
        if io is None:
            return
        if self._watcher is not None:
            self._drain_watcher()
        now = time.monotonic()
        if now >= self._next_check:
            self._next_check = now + 0.1
            died = io.take_died()
            if self.tuning.realtime:
                io.audio_threads.promote_new()
            if self.pulse and now >= self._next_verify:
                self._next_verify = now + 0.5
                io.verify_routes()
            if died:
                log.warning("audio streams stopped: %s", ", ".join(sorted(r.value for r in died)))
                if self.pulse:
                    self._devices_changed(self._inventory(), reason="audio device lost", reopen=died)
                else:
                    self._refresh("audio device lost")
            elif not self.pulse and now >= self._next_rescan and self._idle(io):
                # PortAudio has no hot-plug events: re-read the list while nothing plays
                self._next_rescan = now + 3.0
                self._refresh()
            self._housekeeping(io)
        levels = io.meter.take(now) if (self._calls or io.mic_test or self.levels_always) else None
        if levels is not None:
            self._emit(am.AudioLevels(mic=levels[0], speaker=levels[1],
                                      mic_muted=bool(self._calls) and set(self._calls) <= self._muted))

    def stop(self) -> None:
        for call_id in list(self._calls):
            self.disconnect_call(call_id)
        if self._endpoint is not None:
            self._endpoint.audDevManager().setNoDev()  # stop the conference clock before ports go
        self._teardown()

    def _teardown(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self.io is not None:
            self.io.close_all()
            self.io = None
        self.mic_port = None  # destroyed here, on the engine thread
        self.speaker_port = None
        if self._control is not None:
            self._control.close()
            self._control = None

    # ---- status --------------------------------------------------------------------------------
    def route(self) -> am.AudioRoute:
        io = self.io
        return am.AudioRoute(io.device(AudioRole.MIC) if io else None, io.device(AudioRole.SPEAKER) if io else None,
                             self.ringer_device, self.fallback[AudioRole.MIC], self.fallback[AudioRole.SPEAKER],
                             self.fallback[AudioRole.RINGER])

    def status(self) -> am.AudioStatusReported:
        io = self.io
        if io is None:
            return am.AudioStatusReported("portaudio", None)
        tx, rx = io.tx.stats(), io.rx.stats()
        return am.AudioStatusReported(
            "portaudio", self.route(), self.rate, io.latency_ms(AudioRole.MIC), io.latency_ms(AudioRole.SPEAKER),
            tx.fill * 1000 / self.rate, rx.fill * 1000 / self.rate, tx.underruns + rx.underruns,
            tx.trims + rx.trims + tx.drift_trims + rx.drift_trims, len(self._calls),
            " ".join(f"{k}={v}" for k, v in sorted(io.audio_threads.result.items())))

    # ---- devices and routing --------------------------------------------------------------------
    def _inventory(self) -> list[AudioDevice]:
        try:
            if self.pulse:
                if self._control is None:
                    from softphone.audio.pulse import PulseControl

                    self._control = PulseControl("softphone-engine")
                    if self.io is not None:
                        self.io.routing = PulseRouting(self._control)
                devices = list(self._control.inventory())
                self._clear_problem("no_server")
                return devices
            self.sd._terminate()  # PortAudio caches its list: re-read (streams must be reopened)
            self.sd._initialize()
            return portaudio_devices(list(self.sd.query_devices()), list(self.sd.query_hostapis()),
                                     *self._pa_defaults())
        except Exception as exc:
            log.info("audio inventory failed: %s", exc)
            if self.pulse:
                self._control = None
                self._no_server()
            return []

    def _no_server(self) -> None:
        self._problem("no_server", "The sound server (PulseAudio/PipeWire) stopped or is not running.",
                      "Restart it (systemctl --user restart pipewire-pulse, or pulseaudio --start).")

    def _pa_defaults(self) -> tuple[int, int]:
        default = self.sd.default.device
        return int(default[0]), int(default[1])

    def _drain_watcher(self) -> None:
        latest: list[AudioDevice] | bool | None = False
        while True:
            try:
                latest = self._watcher.snapshots.get_nowait()
            except queue.Empty:
                break
        if latest is False:
            return
        if latest is None:
            self._control = None
            self._no_server()
            self._devices_changed([], reason="sound server gone")
        else:
            assert isinstance(latest, list)
            if self._control is None:
                latest = self._inventory()  # reconnects the engine's own connection
            self._clear_problem("no_server")
            self._devices_changed(latest)

    def _devices_changed(self, devices: list[AudioDevice], reason: str = "devices changed",
                         reopen: set[AudioRole] | None = None) -> None:
        change = diff(self.devices, devices)
        changed = change.changed or devices != self.devices  # e.g. another default device
        self.devices = devices
        if changed:
            self._emit(am.AudioDevicesChanged(tuple(devices), change.added, change.removed))
        if changed or reopen:
            self._apply_route(reason, reopen=reopen)

    def _refresh(self, reason: str = "devices changed") -> None:
        """Re-read the inventory. Without PulseAudio that re-initialises PortAudio, which
        invalidates every open stream: they are reopened on the spot."""
        reopen = None if self.pulse or self.io is None else set(self.io.streams)
        if reopen and self.io is not None:
            self.io.invalidate()
        devices = self._inventory()
        self._devices_changed(devices, reason, reopen=reopen)

    def _apply_route(self, reason: str, force: bool = False, reopen: set[AudioRole] | None = None) -> None:
        io = self.io
        if io is None:
            return
        changed = False
        in_call = bool(self._calls)
        present = {(d.kind, d.id) for d in self.devices}
        for role in ROLES:
            kind = role_kind(role)
            current = io.device(role) if role is not AudioRole.RINGER else self.ringer_device
            target, fallback = resolve(self.preferences[role], self.devices, kind)
            if self.fallback[role] and not fallback and target is not None and not force:
                back_key = (role, target.id)
                still_there = current is not None and (kind, current.id) in present
                if in_call and still_there and not (reopen and role in reopen):
                    if back_key not in self._announced:
                        self._announced.add(back_key)
                        self._emit(am.AudioDeviceReturned(role, target, moved_back=False))
                    continue
                self._emit(am.AudioDeviceReturned(role, target, moved_back=True))
            if current is not None and (kind, current.id) not in present:
                self._emit(am.AudioDeviceLost(role, current, target, in_call))
            self.fallback[role] = fallback
            if not fallback:
                self._announced = {k for k in self._announced if k[0] is not role}
            if role is AudioRole.RINGER:
                if target != self.ringer_device:
                    self.ringer_device = target
                    changed = True
                    if AudioRole.RINGER in io.streams and target is not None:
                        changed |= self._route_stream(role, target, reason)
                continue
            if target is None:
                if role in io.streams:
                    io.close(role)
                    changed = True
                what = "microphone" if role is AudioRole.MIC else "speaker or headset"
                self._problem(f"no_{kind.value}", f"No {what} found.",
                              f"Plug in a headset or {what}, or check it is enabled in the system sound settings.")
                continue
            self._clear_problem(f"no_{kind.value}")
            if reopen and role in reopen:
                io.close(role)
            if current is None or current.id != target.id or role not in io.streams:
                self._route_stream(role, target, reason)
                changed |= current is None or current.id != target.id  # a mere reopen is no news
        if changed:
            self._emit(am.AudioRouteChanged(self.route(), reason))
            self._emit(self.status())

    def _route_stream(self, role: AudioRole, device: AudioDevice, reason: str) -> bool:
        assert self.io is not None
        try:
            how = self.io.move(role, device)
        except Exception as exc:
            log.warning("opening %s on %s failed: %s", role.value, device.id, exc)
            self._problem("stream_failed", f"Could not open {device.name} ({exc}).",
                          "Choose another device, or unplug and plug the headset in again.")
            return True
        log.info("%s -> %s (%s, %s)", role.value, device.id, how, reason)
        self._clear_problem("stream_failed")
        return how != "same"

    def _ensure_ringer(self) -> bool:
        io = self.io
        if io is None or self.ringer_device is None:
            return False
        if AudioRole.RINGER in io.streams:
            return True
        return self._route_stream(AudioRole.RINGER, self.ringer_device, "ringing") or AudioRole.RINGER in io.streams

    # ---- volumes, tests ---------------------------------------------------------------------
    def _set_volumes(self, command: am.SetVolumes) -> None:
        for name in ("mic", "speaker", "ringer", "tones"):
            value = getattr(command, name)
            if value is not None:
                setattr(self.volumes, name, _clamp(value))
        if self.io is not None:
            self.io.mic_gain = self.volumes.mic
            self.io.speaker_gain = self.volumes.speaker

    def _start_mic_test(self, seconds: float) -> None:
        io = self.io
        if self._calls:
            self._emit(am.MicTestProgressed("failed", detail="not during a call"))
        elif io is None or AudioRole.MIC not in io.streams or AudioRole.SPEAKER not in io.streams:
            self._emit(am.MicTestProgressed("failed", detail="no microphone or no speaker"))
        else:
            self._mic_phase = ""
            io.mic_test = MicTest(self.rate, max(0.5, min(seconds, 10.0)))

    def _start_speaker_test(self, role: AudioRole, seconds: float) -> None:
        io = self.io
        spec = ToneSpec(TEST_TONE.freqs, ((int(seconds * 1000), 0),), repeat=False, level=TEST_TONE.level)
        if io is None:
            self._emit(am.SpeakerTestProgressed("failed", role, "no audio"))
            return
        if role is AudioRole.RINGER:
            if not self._ensure_ringer():
                self._emit(am.SpeakerTestProgressed("failed", role, "no ringer device"))
                return
            io.ringer_tone.play(ToneGenerator(spec, self.rate, self.volumes.ringer))
        elif AudioRole.SPEAKER in io.streams:
            io.headset_tone.play(ToneGenerator(spec, self.rate, self.volumes.speaker))
        else:
            self._emit(am.SpeakerTestProgressed("failed", role, "no speaker"))
            return
        self._speaker_test = role
        self._emit(am.SpeakerTestProgressed("playing", role))

    def _idle(self, io: AudioIO) -> bool:
        return not self._calls and io.mic_test is None and not io.headset_tone.active and not io.ringer_tone.active

    def _housekeeping(self, io: AudioIO) -> None:
        test = io.mic_test
        if test is not None and test.phase != self._mic_phase:
            self._mic_phase = test.phase
            self._emit(am.MicTestProgressed(test.phase, peak=test.peak))
            if test.phase == "done":
                io.mic_test = None
        if self._speaker_test is not None:
            slot = io.ringer_tone if self._speaker_test is AudioRole.RINGER else io.headset_tone
            if not slot.active:
                self._emit(am.SpeakerTestProgressed("done", self._speaker_test))
                self._speaker_test = None
        if AudioRole.RINGER in io.streams and not io.ringer_tone.active:
            io.close(AudioRole.RINGER)

    # ---- events ---------------------------------------------------------------------------------
    def _emit(self, event: Event) -> None:
        try:
            self._publish(event)
        except Exception:
            log.exception("publishing %s", type(event).__name__)

    def _problem(self, code: str, reason: str, fix: str) -> None:
        if code not in self._problems:
            self._problems.add(code)
            self._emit(am.AudioProblem(code, reason, fix))

    def _clear_problem(self, code: str) -> None:
        if code in self._problems:
            self._problems.discard(code)
            self._emit(am.AudioProblemCleared(code))


__all__ = ["PortAudioBackend", "Volumes", "ref_of"]
