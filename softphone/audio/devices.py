"""Device choices remembered by name, fallbacks, inventory diffs (pure logic, no IO).

Also the PortAudio inventory for Windows and macOS (and Linux without PulseAudio):
turned into ``AudioDevice`` values by a pure function over ``sounddevice.query_devices()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from softphone.domain.audio_messages import AudioDevice, AudioRole, DeviceKind, DeviceRef

_DUP_SUFFIX = re.compile(r"(\.\d+|\s*\(\d+\)|\s*#\d+)$")


def role_kind(role: AudioRole) -> DeviceKind:
    return DeviceKind.INPUT if role is AudioRole.MIC else DeviceKind.OUTPUT


def _norm(text: str) -> str:
    return _DUP_SUFFIX.sub("", text.strip()).casefold()


def match_device(ref: DeviceRef | None, devices: Iterable[AudioDevice], kind: DeviceKind) -> AudioDevice | None:
    """Find a remembered device again: the same id; else the same friendly name; else the same id
    or name without a duplicate suffix (PulseAudio appends ".2", Windows "(2)" on re-plug)."""
    if ref is None:
        return None
    candidates = [d for d in devices if d.kind is kind]
    for device in candidates:
        if device.id == ref.id:
            return device
    if ref.name:
        named = [d for d in candidates if d.name == ref.name]
        if len(named) >= 1:
            return named[0]
    loose = [d for d in candidates if _norm(d.id) == _norm(ref.id) or (ref.name and _norm(d.name) == _norm(ref.name))]
    return loose[0] if loose else None


def usable(devices: Iterable[AudioDevice], kind: DeviceKind) -> list[AudioDevice]:
    return [d for d in devices if d.kind is kind]


def choose_fallback(devices: Sequence[AudioDevice], kind: DeviceKind, exclude: str = "") -> AudioDevice | None:
    """The system default of ``kind`` unless it is ``exclude``; else the first other device."""
    candidates = [d for d in devices if d.kind is kind and d.id != exclude]
    for device in candidates:
        if device.is_default:
            return device
    return candidates[0] if candidates else None


def resolve(ref: DeviceRef | None, devices: Sequence[AudioDevice], kind: DeviceKind) -> tuple[AudioDevice | None, bool]:
    """(device to use, True when it is a fallback because the remembered one is missing)."""
    found = match_device(ref, devices, kind)
    if found is not None:
        return found, False
    return choose_fallback(devices, kind), ref is not None


@dataclass(frozen=True)
class InventoryDiff:
    added: tuple[AudioDevice, ...]
    removed: tuple[AudioDevice, ...]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def diff(old: Iterable[AudioDevice], new: Iterable[AudioDevice]) -> InventoryDiff:
    old_ids = {(d.kind, d.id): d for d in old}
    new_ids = {(d.kind, d.id): d for d in new}
    return InventoryDiff(tuple(d for k, d in new_ids.items() if k not in old_ids),
                         tuple(d for k, d in old_ids.items() if k not in new_ids))


def ref_of(device: AudioDevice | None) -> DeviceRef | None:
    return None if device is None else DeviceRef(device.id, device.name)


# ---- PortAudio (Windows, macOS, plain ALSA) -------------------------------------------------
PREFERRED_HOST_APIS = ("Windows WASAPI", "Core Audio", "ALSA", "Windows DirectSound", "MME")


def portaudio_devices(devices: Sequence[Mapping[str, Any]], hostapis: Sequence[Mapping[str, Any]],
                      default_in: int, default_out: int) -> list[AudioDevice]:
    """One ``AudioDevice`` per (device, direction) of the best host API present.

    Windows lists every device once per host API (MME, DirectSound, WASAPI...): keeping one
    API gives one entry per headset. The id is "<host api>/<device name>", stable across
    re-plugs (PortAudio's indexes are not)."""
    names = [str(h["name"]) for h in hostapis]
    api = next((i for want in PREFERRED_HOST_APIS for i, name in enumerate(names) if name == want), 0)
    out: list[AudioDevice] = []
    for index, dev in enumerate(devices):
        if int(dev.get("hostapi", -1)) != api:
            continue
        name = str(dev["name"])
        for kind, channels_key, default in ((DeviceKind.INPUT, "max_input_channels", default_in),
                                            (DeviceKind.OUTPUT, "max_output_channels", default_out)):
            channels = int(dev.get(channels_key, 0))
            if channels > 0:
                out.append(AudioDevice(f"{names[api] if names else ''}/{name}", name, kind, index == default,
                                       names[api] if names else "", channels, int(dev.get("default_samplerate", 0))))
    return out
