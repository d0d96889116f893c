"""PortAudio streams (sounddevice) around the rings: microphone, speaker and ringer.

The callbacks run on PortAudio's threads and only touch the rings, the tone slots, the
level meter and the microphone test: never pjsua2, never the engine's state. The streams are
sounddevice's *raw* streams (int16 mono): a callback gets a plain buffer, which it views
as int16 samples through a memoryview; neither side needs numpy.
Streams are opened once and kept open; routing decides which device each one uses
(``routing.py``: a live PulseAudio move, or a reopen on other platforms).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from softphone.audio.levels import LevelMeter, Pcm, apply_gain, mix_into, pcm, peak_level
from softphone.audio.priority import ThreadRegistry
from softphone.audio.ring import Ring, make_ring
from softphone.audio.routing import Routing
from softphone.audio.tones import ToneSlot
from softphone.domain.audio_messages import AudioDevice, AudioRole, DeviceKind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BridgeTuning:
    """Buffering of the bridge (the lab's low-latency settings by default)."""

    blocksize_ms: int = 10  # PortAudio callback size
    latency_s: float = 0.02  # PortAudio suggested latency
    prefill_ms: float = 30.0
    maxfill_ms: float = 120.0
    margin_ms: float | None = 10.0  # drift trimming (None: off)
    adapt_step_ms: float = 10.0  # prefill grows by this after an underrun...
    max_prefill_ms: float = 80.0  # ...up to this (and shrinks back after 10 calm seconds)
    realtime: bool = True  # real-time scheduling of the audio threads (where allowed), 1 ms GIL switch interval


class MicTest:
    """Record from the microphone, then play it back on the speaker (callback side)."""

    def __init__(self, rate: int, seconds: float) -> None:
        self.buf = memoryview(bytearray(2 * int(rate * seconds))).cast("h")
        self.pos = 0
        self.phase = "recording"
        self.peak = 0.0

    def record(self, x: Pcm) -> None:
        if self.phase != "recording":
            return
        x = pcm(x)
        k = min(len(x), len(self.buf) - self.pos)
        self.buf[self.pos:self.pos + k] = x[:k]
        self.peak = max(self.peak, peak_level(x))
        self.pos += k
        if self.pos >= len(self.buf):
            self.pos = 0
            self.phase = "playing"

    def play_into(self, out: Pcm) -> None:
        if self.phase != "playing":
            return
        k = min(len(pcm(out)), len(self.buf) - self.pos)
        mix_into(out, self.buf[self.pos:self.pos + k])
        self.pos += k
        if self.pos >= len(self.buf):
            self.phase = "done"


@dataclass
class _Open:
    stream: Any
    device: AudioDevice
    handle: Any = None  # the routing's handle (PulseAudio stream index)
    closing: bool = False


@dataclass
class StreamStatus:
    died: set[AudioRole] = field(default_factory=set)
    input_overflows: int = 0
    output_underflows: int = 0


class AudioIO:
    """The three streams, the two rings, tones, meters and the microphone test."""

    def __init__(self, sd: Any, routing: Routing, rate: int, tuning: BridgeTuning | None = None) -> None:
        self.sd = sd
        self.routing = routing
        self.rate = rate
        self.tuning = tuning or BridgeTuning()
        t = self.tuning
        adapt = {"adapt_step_ms": t.adapt_step_ms, "max_prefill_ms": t.max_prefill_ms}
        self.tx: Ring = make_ring(rate, t.prefill_ms, t.maxfill_ms, t.margin_ms, "tx", **adapt)  # mic -> call
        self.rx: Ring = make_ring(rate, t.prefill_ms, t.maxfill_ms, t.margin_ms, "rx", **adapt)  # call -> speaker
        self.audio_threads = ThreadRegistry()
        self.headset_tone = ToneSlot()
        self.ringer_tone = ToneSlot()
        self.meter = LevelMeter()
        self.mic_gain = 1.0
        self.speaker_gain = 1.0
        self.mic_test: MicTest | None = None
        self.status = StreamStatus()
        self.streams: dict[AudioRole, _Open] = {}
        self.taps: dict[str, list[tuple[float, bytes]]] | None = None  # measurement only (bench)
        self._lock = threading.Lock()  # guards status.died (callbacks' finished handlers)

    # ---- callbacks (PortAudio threads) ---------------------------------------------------
    def _on_input(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        self.audio_threads.seen("portaudio-in")
        if status.input_overflow:
            self.status.input_overflows += 1
        gain = self.mic_gain
        x: Pcm = indata  # PortAudio's buffer, valid during the callback: the ring copies it
        if gain != 1.0:
            x = bytearray(indata)
            apply_gain(x, gain)
        self.meter.feed_mic(x)
        test = self.mic_test
        if test is not None:
            test.record(x)
        self.tx.write(x)
        taps = self.taps
        if taps is not None:
            taps["mic_in"].append((time.monotonic(), bytes(x)))

    def _on_output(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        self.audio_threads.seen("portaudio-out")
        if status.output_underflow:
            self.status.output_underflows += 1
        out = pcm(outdata)
        self.rx.read_into(out)
        taps = self.taps
        if taps is not None:
            taps["spk_out"].append((time.monotonic(), out.tobytes()))
        apply_gain(out, self.speaker_gain)
        self.headset_tone.mix_into(out)
        test = self.mic_test
        if test is not None:
            test.play_into(out)
        self.meter.feed_speaker(out)

    def _on_ringer(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        out = memoryview(outdata).cast("B")
        out[:] = bytes(len(out))
        self.ringer_tone.mix_into(out)

    def _finished(self, role: AudioRole, holder: list[_Open]) -> Any:
        def done() -> None:  # only the current stream of the role counts, not one we replaced
            opened = self.streams.get(role)
            if opened is not None and holder and opened is holder[0] and not opened.closing:
                with self._lock:
                    self.status.died.add(role)
        return done

    def invalidate(self) -> None:
        """PortAudio is about to be re-initialised: every stream dies; none of that is a device loss."""
        for opened in self.streams.values():
            opened.closing = True

    # ---- engine thread ---------------------------------------------------------------------
    def take_died(self) -> set[AudioRole]:
        with self._lock:
            died, self.status.died = self.status.died, set()
        for role, opened in list(self.streams.items()):
            if not opened.closing and not opened.stream.active and not opened.stream.stopped:
                died.add(role)
        return died

    def open(self, role: AudioRole, device: AudioDevice) -> None:
        """(Re)open the stream of ``role`` on ``device``; raises on failure (stream closed)."""
        self.close(role)
        kind = DeviceKind.INPUT if role is AudioRole.MIC else DeviceKind.OUTPUT
        t = self.tuning
        callback = {AudioRole.MIC: self._on_input, AudioRole.SPEAKER: self._on_output,
                    AudioRole.RINGER: self._on_ringer}[role]
        cls = self.sd.RawInputStream if kind is DeviceKind.INPUT else self.sd.RawOutputStream

        holder: list[_Open] = []
        extra = None
        if device.host_api == "Windows WASAPI" and hasattr(self.sd, "WasapiSettings"):
            extra = self.sd.WasapiSettings(auto_convert=True)  # shared mode: let Windows resample

        def opener(device_arg: Any) -> Any:
            stream = cls(samplerate=self.rate, channels=1, dtype="int16", device=device_arg,
                         blocksize=self.rate * t.blocksize_ms // 1000, latency=t.latency_s,
                         callback=callback, finished_callback=self._finished(role, holder), extra_settings=extra)
            stream.start()
            return stream

        stream, handle = self.routing.open_stream(kind, device, opener, role is not AudioRole.RINGER)
        opened = _Open(stream, device, handle)
        holder.append(opened)
        self.streams[role] = opened

    def move(self, role: AudioRole, device: AudioDevice) -> str:
        """Route ``role`` to ``device``: "moved" (live), "reopened", or "same"."""
        opened = self.streams.get(role)
        if opened is not None and opened.device.id == device.id and opened.stream.active:
            return "same"
        kind = DeviceKind.INPUT if role is AudioRole.MIC else DeviceKind.OUTPUT
        sticky = role is not AudioRole.RINGER
        if opened is not None and opened.stream.active and self.routing.move(kind, opened.handle, device, sticky):
            opened.device = device
            return "moved"
        self.open(role, device)
        return "reopened"

    def verify_routes(self) -> list[AudioRole]:
        """Put streams the server re-created elsewhere back on their device; the roles fixed."""
        fixed = []
        for role, opened in list(self.streams.items()):
            kind = DeviceKind.INPUT if role is AudioRole.MIC else DeviceKind.OUTPUT
            actual = self.routing.where(kind, opened.handle)
            if actual is not None and actual != opened.device.id and \
                    self.routing.move(kind, opened.handle, opened.device, role is not AudioRole.RINGER):
                log.info("%s stream was on %s: moved back to %s", role.value, actual, opened.device.id)
                fixed.append(role)
        return fixed

    def close(self, role: AudioRole) -> None:
        opened = self.streams.pop(role, None)
        if opened is None:
            return
        opened.closing = True
        try:
            opened.stream.abort()
            opened.stream.close()
        except Exception as exc:  # a dead stream may fail to close: nothing more to do
            log.debug("closing %s stream: %s", role.value, exc)

    def close_all(self) -> None:
        for role in list(self.streams):
            self.close(role)

    def device(self, role: AudioRole) -> AudioDevice | None:
        opened = self.streams.get(role)
        return None if opened is None else opened.device

    def latency_ms(self, role: AudioRole) -> float:
        opened = self.streams.get(role)
        if opened is None:
            return 0.0
        try:
            return float(opened.stream.latency) * 1000
        except Exception:
            return 0.0

    def reset_rings(self) -> None:
        self.tx.reset()
        self.rx.reset()
