"""Test signals and their analysis: which tones a recording contains (Goertzel), and dropouts."""

from __future__ import annotations

import time
import wave
from pathlib import Path

import numpy as np


def write_tone_wav(path: Path, freq: float, seconds: float, rate: int = 8000, amplitude: float = 0.4) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    samples = (amplitude * 32767 * np.sin(2 * np.pi * freq * t)).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.tobytes())
    return path


def read_wav(path: Path, wait_s: float = 3.0) -> tuple[np.ndarray, int]:
    """Read a WAV; a pjsua2 recorder completes its file shortly after the call ends, so wait for it."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return _read_wav(path)
        except (wave.Error, EOFError, FileNotFoundError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        rate = wav.getframerate()
        channels = wav.getnchannels()
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float64)
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return data / 32768.0, rate


def tone_level(samples: np.ndarray, rate: int, freq: float) -> float:
    """Amplitude of ``freq`` in ``samples`` (Goertzel-equivalent via a single DFT bin)."""
    if len(samples) == 0:
        return 0.0
    t = np.arange(len(samples)) / rate
    component = np.abs(np.dot(samples, np.exp(-2j * np.pi * freq * t))) * 2 / len(samples)
    return float(component)


def tone_present(samples: np.ndarray, rate: int, freq: float, min_amplitude: float = 0.02) -> bool:
    return tone_level(samples, rate, freq) >= min_amplitude


def window(samples: np.ndarray, rate: int, start_s: float, end_s: float | None = None) -> np.ndarray:
    begin = int(start_s * rate)
    end = len(samples) if end_s is None else int(end_s * rate)
    return samples[begin:end]


def dropouts(samples: np.ndarray, rate: int, freq: float, frame_s: float = 0.02, threshold: float = 0.3) -> int:
    """Count frames where the tone falls below ``threshold`` of its median level."""
    size = int(frame_s * rate)
    levels = [tone_level(samples[i:i + size], rate, freq) for i in range(0, len(samples) - size, size)]
    if not levels:
        return 0
    median = float(np.median(levels))
    return sum(1 for level in levels if level < threshold * median)


def dominant_frequency(x: np.ndarray, rate: int) -> float:
    """The strongest frequency of ``x`` (Hann-windowed FFT peak; analysis only, not in the app)."""
    if len(x) < 16:
        return 0.0
    spectrum = np.abs(np.fft.rfft(np.asarray(x, np.float64) * np.hanning(len(x))))
    spectrum[0] = 0
    return float(np.fft.rfftfreq(len(x), 1 / rate)[int(np.argmax(spectrum))])
