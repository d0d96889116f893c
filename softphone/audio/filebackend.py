"""Audio from a tone or a WAV file, into WAV recordings: tests, the demo, simulated callers.

Everything stays inside pjmedia (ToneGenerator, AudioMediaPlayer, AudioMediaRecorder): no
Python runs on the media clock. Each call gets its own recording ``<record_dir>/<call_id>.wav``,
complete once the call is disconnected (a pjsua2 recorder finishes its WAV when destroyed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pjsua2 as pj

from softphone.audio.backend import Publish, Tone
from softphone.domain.messages import EngineCommand

log = logging.getLogger(__name__)


@dataclass
class _CallWiring:
    media: Any
    recorder: Any | None = None
    muted: bool = False


@dataclass
class FileAudioBackend:
    tone_hz: float = 0.0  # microphone: a continuous sine at this frequency...
    wav: Path | None = None  # ...or this WAV file (looped)
    record_dir: Path | None = None  # speaker: one WAV per call here (None: discard)
    _source: Any = field(default=None, init=False)
    _calls: dict[str, _CallWiring] = field(default_factory=dict, init=False)

    def start(self, endpoint: Any, publish: Publish) -> None:
        endpoint.audDevManager().setNullDev()
        if self.wav is not None:
            player = pj.AudioMediaPlayer()
            player.createPlayer(str(self.wav), 0)  # 0 = loop
            self._source = player
        elif self.tone_hz:
            generator = pj.ToneGenerator()
            generator.createToneGenerator(16000, 1)
            tone = pj.ToneDesc()
            tone.freq1 = int(self.tone_hz)
            tone.freq2 = 0
            tone.on_msec = 30000
            tone.off_msec = 0
            tone.volume = 0
            tones = pj.ToneDescVector()
            tones.append(tone)
            generator.play(tones, True)
            self._source = generator
        if self.record_dir is not None:
            self.record_dir.mkdir(parents=True, exist_ok=True)

    def connect_call(self, call_id: str, media: Any) -> None:
        self.disconnect_call(call_id)
        wiring = _CallWiring(media)
        if self._source is not None:
            self._source.startTransmit(media)
        if self.record_dir is not None:
            recorder = pj.AudioMediaRecorder()
            recorder.createRecorder(str(self.recording_path(call_id)))
            media.startTransmit(recorder)
            wiring.recorder = recorder
        self._calls[call_id] = wiring

    def recording_path(self, call_id: str) -> Path:
        assert self.record_dir is not None
        return self.record_dir / f"{call_id}.wav"

    def disconnect_call(self, call_id: str, media_alive: bool = True) -> None:
        wiring = self._calls.pop(call_id, None)
        if wiring is None:
            return
        if not media_alive:  # pjsua removed the port and its connections (see AudioBackend)
            wiring.recorder = None
            return
        try:
            if self._source is not None and not wiring.muted:
                self._source.stopTransmit(wiring.media)
            if wiring.recorder is not None:
                wiring.media.stopTransmit(wiring.recorder)
        except pj.Error as exc:  # the call's media may already be gone
            log.debug("disconnect %s: %s", call_id, exc.info())
        wiring.recorder = None  # destroying the recorder completes its WAV

    def set_call_muted(self, call_id: str, muted: bool) -> None:
        wiring = self._calls.get(call_id)
        if wiring is None or wiring.muted == muted or self._source is None:
            return
        if muted:
            self._source.stopTransmit(wiring.media)
        else:
            self._source.startTransmit(wiring.media)
        wiring.muted = muted

    def play_tone(self, tone: Tone | None, digit: str = "") -> None:
        pass

    def handle(self, command: EngineCommand) -> bool:
        return False

    def poll(self) -> None:
        pass

    def stop(self) -> None:
        for call_id in list(self._calls):
            self.disconnect_call(call_id)
        self._source = None
