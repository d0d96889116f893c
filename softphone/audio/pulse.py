"""PulseAudio (and PipeWire's pulse server) through pulsectl: inventory, hot-plug, live moves.

On Linux PortAudio only sees "pulse"/"default"; the real devices, their friendly names,
hot-plug and per-stream routing come from here. A ``PulseControl`` belongs to one thread
(pulsectl connections are not thread-safe): the engine thread has one, the watcher its own.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from typing import Any

import pulsectl

from softphone.domain.audio_messages import AudioDevice, DeviceKind

log = logging.getLogger(__name__)

PulseError = pulsectl.PulseError


def _is_monitor(source: Any) -> bool:
    return bool(source.name.endswith(".monitor") or source.proplist.get("device.class") == "monitor")


class PulseControl:
    """One connection to the server; raises ``PulseError`` when there is no server."""

    def __init__(self, name: str) -> None:
        self._pulse = pulsectl.Pulse(name, connect=True, threading_lock=False)
        self.pid = str(os.getpid())

    def close(self) -> None:
        self._pulse.close()

    def inventory(self) -> list[AudioDevice]:
        info = self._pulse.server_info()
        out: list[AudioDevice] = []
        for sink in self._pulse.sink_list():
            out.append(AudioDevice(sink.name, sink.description or sink.name, DeviceKind.OUTPUT,
                                   sink.name == info.default_sink_name, "PulseAudio", sink.channel_count,
                                   sink.sample_spec.rate))
        for source in self._pulse.source_list():
            if _is_monitor(source):
                continue
            out.append(AudioDevice(source.name, source.description or source.name, DeviceKind.INPUT,
                                   source.name == info.default_source_name, "PulseAudio", source.channel_count,
                                   source.sample_spec.rate))
        return out

    def our_streams(self, kind: DeviceKind) -> dict[int, tuple[int, str]]:
        """This process's playback (OUTPUT) or capture (INPUT) streams: index -> (client, device).

        The client is stable for one PortAudio stream: ALSA's pulse plugin keeps its context
        but re-creates the PulseAudio stream after an underrun (a new index, on the
        ``PULSE_SINK``/``PULSE_SOURCE`` device, not where we moved it)."""
        if kind is DeviceKind.OUTPUT:
            names = {s.index: s.name for s in self._pulse.sink_list()}
            items = self._pulse.sink_input_list()
            return {i.index: (i.client, names.get(i.sink, "")) for i in items if self._ours(i)}
        names = {s.index: s.name for s in self._pulse.source_list()}
        items = self._pulse.source_output_list()
        return {o.index: (o.client, names.get(o.source, "")) for o in items if self._ours(o)}

    def _ours(self, stream: Any) -> bool:
        return bool(stream.proplist.get("application.process.id") == self.pid)

    def move(self, kind: DeviceKind, stream_index: int, device_name: str) -> None:
        """Move a running stream to another sink/source (milliseconds, no PortAudio re-init)."""
        if kind is DeviceKind.OUTPUT:
            sink = self._pulse.get_sink_by_name(device_name)
            self._pulse.sink_input_move(stream_index, sink.index)
        else:
            source = self._pulse.get_source_by_name(device_name)
            self._pulse.source_output_move(stream_index, source.index)


class PulseWatcher:
    """A thread that listens for sink/source/server events and queues fresh inventories.

    The engine thread drains ``snapshots`` in ``poll`` (latest wins). ``None`` in the queue
    means the server went away; the watcher keeps trying to reconnect every second."""

    def __init__(self, settle_s: float = 0.05) -> None:
        self.snapshots: queue.Queue[list[AudioDevice] | None] = queue.Queue()
        self._stop = threading.Event()
        self._settle = settle_s
        self._thread = threading.Thread(target=self._run, name="pulse-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(3)

    def _run(self) -> None:
        connected = True
        while not self._stop.is_set():
            try:
                control = PulseControl("softphone-watch")
            except Exception:
                if connected:
                    self.snapshots.put(None)
                    connected = False
                self._stop.wait(1.0)
                continue
            try:
                if not connected:
                    self.snapshots.put(control.inventory())
                    connected = True
                self._listen(control)
            except Exception as exc:  # PulseError, PulseDisconnected (not a PulseError), ...
                log.info("pulse watcher lost the server: %s", exc)
                self.snapshots.put(None)
                connected = False
                self._stop.wait(0.2)
            finally:
                control.close()

    def _listen(self, control: PulseControl) -> None:
        pulse = control._pulse
        changed = threading.Event()

        def on_event(event: Any) -> None:
            changed.set()
            raise pulsectl.PulseLoopStop

        pulse.event_mask_set("sink", "source", "server")
        pulse.event_callback_set(on_event)
        while not self._stop.is_set():
            changed.clear()
            pulse.event_listen(timeout=0.5)
            if changed.is_set():
                time.sleep(self._settle)  # let a module finish loading (sink + source + remap)
                self.snapshots.put(control.inventory())
