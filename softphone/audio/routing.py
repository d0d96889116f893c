"""Which device a PortAudio stream uses, and moving it while it runs.

- ``PulseRouting`` (Linux): PortAudio opens the ALSA "pulse" PCM; the sink/source is chosen
  with ``PULSE_SINK``/``PULSE_SOURCE`` at open, and a running stream is moved with the
  PulseAudio API (a few ms, no PortAudio re-init, no gap).
- ``PortAudioRouting`` (Windows, macOS, plain ALSA): the device is a PortAudio index found
  by name; a move is a reopen of the stream.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import Any, Protocol

from softphone.domain.audio_messages import AudioDevice, DeviceKind

log = logging.getLogger(__name__)

Opener = Callable[[Any], Any]  # device argument for sounddevice -> started stream


class Routing(Protocol):
    def open_stream(self, kind: DeviceKind, device: AudioDevice, opener: Opener) -> tuple[Any, Any]:
        """Open (and start) a stream on ``device``: (stream, handle for ``move``)."""

    def move(self, kind: DeviceKind, handle: Any, device: AudioDevice) -> bool:
        """Move a running stream; False when the caller must reopen it instead."""


class PulseRouting:
    ENV = {DeviceKind.OUTPUT: "PULSE_SINK", DeviceKind.INPUT: "PULSE_SOURCE"}

    def __init__(self, control: Any, pcm: str = "pulse") -> None:
        self.control = control  # softphone.audio.pulse.PulseControl, engine thread only
        self.pcm = pcm

    def open_stream(self, kind: DeviceKind, device: AudioDevice, opener: Opener) -> tuple[Any, Any]:
        var = self.ENV[kind]
        before = set(self.control.our_streams(kind))
        old = os.environ.get(var)
        os.environ[var] = device.id  # libpulse reads it when the ALSA plugin connects
        try:
            stream = opener(self.pcm)
        finally:
            if old is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = old
        handle = None
        deadline = time.monotonic() + 0.5
        while handle is None and time.monotonic() < deadline:
            new = set(self.control.our_streams(kind)) - before
            if new:
                handle = max(new)
            else:
                time.sleep(0.01)
        if handle is None:
            log.warning("could not find the PulseAudio stream of the new %s stream", kind.value)
        return stream, handle

    def move(self, kind: DeviceKind, handle: Any, device: AudioDevice) -> bool:
        if handle is None:
            return False
        try:
            if handle not in self.control.our_streams(kind):
                return False  # the server dropped it (device unplugged): reopen
            self.control.move(kind, int(handle), device.id)
            return True
        except Exception as exc:
            log.info("live move to %s failed (%s): reopening", device.id, exc)
            return False


class PortAudioRouting:
    """Devices by PortAudio index, looked up by host API and name at each open."""

    def __init__(self, sd: Any) -> None:
        self.sd = sd

    def index_of(self, kind: DeviceKind, device: AudioDevice) -> int | None:
        channels_key = "max_input_channels" if kind is DeviceKind.INPUT else "max_output_channels"
        apis = [str(h["name"]) for h in self.sd.query_hostapis()]
        for index, info in enumerate(self.sd.query_devices()):
            api = apis[int(info["hostapi"])] if int(info["hostapi"]) < len(apis) else ""
            if info["name"] == device.name and int(info[channels_key]) > 0 and (not device.host_api or
                                                                               api == device.host_api):
                return index
        return None

    def open_stream(self, kind: DeviceKind, device: AudioDevice, opener: Opener) -> tuple[Any, Any]:
        index = self.index_of(kind, device)
        if index is None:
            raise LookupError(f"{device.name} is not in PortAudio's device list")
        return opener(index), index

    def move(self, kind: DeviceKind, handle: Any, device: AudioDevice) -> bool:
        return False
