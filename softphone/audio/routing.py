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
    def open_stream(self, kind: DeviceKind, device: AudioDevice, opener: Opener, sticky: bool) -> tuple[Any, Any]:
        """Open (and start) a stream on ``device``: (stream, handle for ``move``). ``sticky``: this
        is the main stream of its kind (speaker, microphone), where re-created streams should land."""

    def move(self, kind: DeviceKind, handle: Any, device: AudioDevice, sticky: bool) -> bool:
        """Move a running stream; False when the caller must reopen it instead."""

    def where(self, kind: DeviceKind, handle: Any) -> str | None:
        """The device id the stream really uses now (None: unknown)."""


class PulseRouting:
    ENV = {DeviceKind.OUTPUT: "PULSE_SINK", DeviceKind.INPUT: "PULSE_SOURCE"}

    def __init__(self, control: Any, pcm: str = "pulse") -> None:
        self.control = control  # softphone.audio.pulse.PulseControl, engine thread only
        self.pcm = pcm
        self.sticky: dict[DeviceKind, str] = {}

    def _set_env(self, kind: DeviceKind, device_id: str | None) -> None:
        if device_id is None:
            os.environ.pop(self.ENV[kind], None)
        else:
            os.environ[self.ENV[kind]] = device_id  # libpulse reads it whenever the plugin connects

    def open_stream(self, kind: DeviceKind, device: AudioDevice, opener: Opener, sticky: bool) -> tuple[Any, Any]:
        before = {client for client, _ in self.control.our_streams(kind).values()}
        self._set_env(kind, device.id)
        if sticky:
            self.sticky[kind] = device.id
        try:
            stream = opener(self.pcm)
        finally:
            self._set_env(kind, self.sticky.get(kind))
        handle = None
        deadline = time.monotonic() + 0.5
        while handle is None and time.monotonic() < deadline:
            new = {client for client, _ in self.control.our_streams(kind).values()} - before
            if new:
                handle = max(new)
            else:
                time.sleep(0.01)
        if handle is None:
            log.warning("could not find the PulseAudio stream of the new %s stream", kind.value)
        return stream, handle

    def move(self, kind: DeviceKind, handle: Any, device: AudioDevice, sticky: bool) -> bool:
        if handle is None:
            return False
        try:
            indexes = [i for i, (client, _) in self.control.our_streams(kind).items() if client == handle]
            if not indexes:
                return False  # the server dropped it (device unplugged): reopen
            if sticky:
                self.sticky[kind] = device.id
                self._set_env(kind, device.id)
            for index in indexes:
                self.control.move(kind, index, device.id)
            return True
        except Exception as exc:
            log.info("live move to %s failed (%s): reopening", device.id, exc)
            return False

    def where(self, kind: DeviceKind, handle: Any) -> str | None:
        if handle is None:
            return None
        try:
            for client, device in self.control.our_streams(kind).values():
                if client == handle:
                    return str(device)
        except Exception as exc:
            log.debug("where: %s", exc)
        return None


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

    def open_stream(self, kind: DeviceKind, device: AudioDevice, opener: Opener, sticky: bool) -> tuple[Any, Any]:
        index = self.index_of(kind, device)
        if index is None:
            raise LookupError(f"{device.name} is not in PortAudio's device list")
        return opener(index), index

    def move(self, kind: DeviceKind, handle: Any, device: AudioDevice, sticky: bool) -> bool:
        return False

    def where(self, kind: DeviceKind, handle: Any) -> str | None:
        return None
