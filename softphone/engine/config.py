"""What the media engine process is started with (picklable, crosses the spawn boundary)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AudioSpec:
    """Which audio backend the engine builds: "auto" (PortAudio if usable, else none), "null", "file"."""

    kind: str = "auto"
    tone_hz: float = 0.0
    wav: Path | None = None
    record_dir: Path | None = None


@dataclass(frozen=True)
class EngineConfig:
    audio: AudioSpec = AudioSpec()
    log_level: int = logging.WARNING
    log_file: Path | None = None
    pj_log_level: int | None = None  # None: follows log_level (5 = full SIP messages at DEBUG)
