"""The PortAudio callbacks on raw buffers (as sounddevice's Raw*Stream hands them), no device."""

from __future__ import annotations

import subprocess
import sys
from array import array
from typing import Any

from softphone.audio.streams import AudioIO, MicTest
from softphone.audio.tones import ToneGenerator, ToneSpec

RATE = 16000
BLOCK = 160


class Flags:
    input_overflow = False
    output_underflow = False


def io() -> AudioIO:
    audio = AudioIO(None, Any, RATE)  # no sounddevice, no routing: only the callbacks run
    audio.tx.prefill = audio.rx.prefill = 0
    return audio


def block(value: int) -> bytes:
    return array("h", [value] * BLOCK).tobytes()


def test_input_goes_through_gain_into_the_tx_ring_and_the_meter() -> None:
    audio = io()
    audio.mic_gain = 2.0
    raw = block(1000)
    audio._on_input(raw, BLOCK, None, Flags())
    out = array("h", [0] * BLOCK)
    assert audio.tx.read_into(out) == BLOCK and set(out) == {2000}
    assert raw == block(1000)  # PortAudio's buffer is never written
    mic, _ = audio.meter.take(now=1.0) or (0.0, 0.0)
    assert abs(mic - 2000 / 32768) < 0.004


def test_output_plays_the_rx_ring_with_gain_and_mixes_the_headset_tone() -> None:
    audio = io()
    audio.rx.write(block(1000))
    audio.speaker_gain = 0.5
    audio.headset_tone.play(ToneGenerator(ToneSpec((1000.0,), ((1000, 0),), level=0.1), RATE))
    outdata = bytearray(2 * BLOCK)  # the writable buffer PortAudio gives
    audio._on_output(outdata, BLOCK, None, Flags())
    samples = array("h", outdata)
    tone = array("h", ToneGenerator(ToneSpec((1000.0,), ((1000, 0),), level=0.1), RATE).render(BLOCK))
    assert list(samples) == [500 + t for t in tone]
    _, speaker = audio.meter.take(now=1.0) or (0.0, 0.0)
    assert speaker > 0.01


def test_ringer_block_is_the_tone_alone() -> None:
    audio = io()
    outdata = bytearray(b"\x55" * 2 * BLOCK)  # stale data from the last block
    audio._on_ringer(outdata, BLOCK, None, Flags())
    assert not any(outdata)
    audio.ringer_tone.play(ToneGenerator(ToneSpec((440.0,), ((1000, 0),)), RATE))
    audio._on_ringer(outdata, BLOCK, None, Flags())
    assert bytes(outdata) == bytes(ToneGenerator(ToneSpec((440.0,), ((1000, 0),)), RATE).render(BLOCK))


def test_mic_test_records_then_mixes_the_recording_into_the_speaker() -> None:
    test = MicTest(RATE, 0.02)  # two blocks
    test.record(block(3000))
    assert test.phase == "recording" and abs(test.peak - 3000 / 32768) < 1e-9
    test.record(bytearray(block(-4000)))
    assert test.phase == "playing"
    out = array("h", [30000] * BLOCK)
    test.play_into(out)
    assert set(out) == {32767}  # clipped
    out = array("h", [0] * BLOCK)
    test.play_into(out)
    assert set(out) == {-4000} and test.phase == "done"


def test_the_audio_path_never_imports_numpy() -> None:
    code = ("import contextlib, sys\n"
            "import softphone.audio.portaudio_backend, softphone.audio.factory, softphone.demo\n"
            "with contextlib.suppress(OSError):  # no PortAudio library on this machine\n"
            "    import sounddevice\n"
            "sys.exit('numpy' in sys.modules)\n")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
