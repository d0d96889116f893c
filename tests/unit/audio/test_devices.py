from __future__ import annotations

from softphone.audio.devices import choose_fallback, diff, match_device, portaudio_devices, resolve
from softphone.domain.audio_messages import AudioDevice, DeviceKind, DeviceRef

OUT, IN = DeviceKind.OUTPUT, DeviceKind.INPUT
LAPTOP = AudioDevice("alsa_output.pci-0000_00_1f.3.analog-stereo", "Built-in Audio", OUT, is_default=True)
JABRA = AudioDevice("alsa_output.usb-GN_Jabra_EVOLVE_40_A1B2-00.analog-stereo", "Jabra EVOLVE 40", OUT)
JABRA_MIC = AudioDevice("alsa_input.usb-GN_Jabra_EVOLVE_40_A1B2-00.mono-fallback", "Jabra EVOLVE 40", IN)
DEVICES = [LAPTOP, JABRA, JABRA_MIC]


def test_found_again_by_id_then_by_name_then_without_a_duplicate_suffix() -> None:
    assert match_device(DeviceRef(JABRA.id, "whatever"), DEVICES, OUT) == JABRA
    replugged = AudioDevice("alsa_output.usb-GN_Jabra_EVOLVE_40_C3D4-00.analog-stereo", "Jabra EVOLVE 40", OUT)
    assert match_device(DeviceRef(JABRA.id, JABRA.name), [LAPTOP, replugged], OUT) == replugged
    suffixed = AudioDevice(JABRA.id + ".2", "Jabra EVOLVE 40 (2)", OUT)
    assert match_device(DeviceRef(JABRA.id, "Jabra EVOLVE 40"), [LAPTOP, suffixed], OUT) == suffixed
    assert match_device(DeviceRef("gone", "Gone"), DEVICES, OUT) is None
    assert match_device(None, DEVICES, OUT) is None


def test_kind_matters_a_headset_mic_is_not_its_speaker() -> None:
    assert match_device(DeviceRef(JABRA_MIC.id, JABRA_MIC.name), DEVICES, IN) == JABRA_MIC
    assert match_device(DeviceRef(JABRA_MIC.id), DEVICES, OUT) is None


def test_fallback_is_the_default_unless_it_is_the_one_lost() -> None:
    assert choose_fallback(DEVICES, OUT) == LAPTOP
    assert choose_fallback(DEVICES, OUT, exclude=LAPTOP.id) == JABRA
    assert choose_fallback([JABRA_MIC], OUT) is None


def test_resolve_reports_when_a_remembered_device_is_missing() -> None:
    assert resolve(DeviceRef(JABRA.id), DEVICES, OUT) == (JABRA, False)
    assert resolve(DeviceRef("unplugged"), DEVICES, OUT) == (LAPTOP, True)
    assert resolve(None, DEVICES, OUT) == (LAPTOP, False)


def test_diff_names_added_and_removed_devices() -> None:
    change = diff([LAPTOP, JABRA], [LAPTOP, JABRA_MIC])
    assert change.added == (JABRA_MIC,) and change.removed == (JABRA,) and change.changed
    assert not diff(DEVICES, DEVICES).changed


def test_portaudio_inventory_keeps_one_host_api_on_windows() -> None:
    hostapis = [{"name": "MME"}, {"name": "Windows DirectSound"}, {"name": "Windows WASAPI"}]
    devices = [
        {"name": "Headset Earphone (Jabra EVOLVE 40)", "hostapi": 0, "max_input_channels": 0,
         "max_output_channels": 2, "default_samplerate": 44100.0},
        {"name": "Headset Earphone (Jabra EVOLVE 40)", "hostapi": 2, "max_input_channels": 0,
         "max_output_channels": 2, "default_samplerate": 48000.0},
        {"name": "Headset Microphone (Jabra EVOLVE 40)", "hostapi": 2, "max_input_channels": 1,
         "max_output_channels": 0, "default_samplerate": 16000.0},
        {"name": "Speakers (Realtek)", "hostapi": 1, "max_input_channels": 0, "max_output_channels": 2,
         "default_samplerate": 48000.0},
    ]
    found = portaudio_devices(devices, hostapis, default_in=2, default_out=1)
    assert [(d.id, d.kind, d.is_default, d.default_rate) for d in found] == [
        ("Windows WASAPI/Headset Earphone (Jabra EVOLVE 40)", OUT, True, 48000),
        ("Windows WASAPI/Headset Microphone (Jabra EVOLVE 40)", IN, True, 16000),
    ]


def test_portaudio_inventory_on_macos_core_audio() -> None:
    found = portaudio_devices([{"name": "MacBook Pro Microphone", "hostapi": 0, "max_input_channels": 1,
                                "max_output_channels": 0, "default_samplerate": 48000.0}],
                              [{"name": "Core Audio"}], 0, -1)
    assert found[0].id == "Core Audio/MacBook Pro Microphone" and found[0].host_api == "Core Audio"
