"""The media engine process's main: pipe in, EngineThread, pipe out.

Runs in a process of its own (spawned, never forked). The main thread reads Commands
from the pipe and hands them to the engine thread; a sender thread writes Events back,
so a slow or stalled app can never block the SIP engine (events queue up instead).
When the pipe breaks (the app died) the engine shuts down cleanly and the process exits:
no orphan keeps a registration alive.
"""

from __future__ import annotations

import logging
import queue
import signal
import threading
from multiprocessing.connection import Connection

from softphone.audio.backend import AudioBackend, NullAudioBackend
from softphone.domain import commands as c
from softphone.domain.events import EngineFailed, EngineStopped
from softphone.domain.messages import EngineCommand, Event
from softphone.domain.wire import WireError, decode, encode
from softphone.engine.config import AudioSpec, EngineConfig
from softphone.logsetup import setup_logging

log = logging.getLogger(__name__)


def build_audio(spec: AudioSpec) -> AudioBackend:
    if spec.kind == "file":
        from softphone.audio.filebackend import FileAudioBackend

        return FileAudioBackend(tone_hz=spec.tone_hz, wav=spec.wav, record_dir=spec.record_dir)
    if spec.kind == "auto":
        from softphone.audio.factory import create_audio_backend  # never raises: falls back to silence

        return create_audio_backend()
    return NullAudioBackend("audio disabled")


class _Sender:
    _STOP = object()

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self.broken = threading.Event()
        self._thread = threading.Thread(target=self._run, name="engine-pipe-out", daemon=True)
        self._thread.start()

    def send(self, event: Event) -> None:
        self._queue.put(event)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _Sender._STOP:
                return
            try:
                self._conn.send_bytes(encode(item))  # type: ignore[arg-type]
            except (OSError, EOFError, ValueError):
                self.broken.set()
                return

    def close(self, timeout: float = 2.0) -> None:
        self._queue.put(_Sender._STOP)
        self._thread.join(timeout)


def engine_main(conn: Connection, config: EngineConfig) -> None:
    """Entry point of the spawned engine process."""
    from softphone.sip.engine import EngineThread  # after spawn: pjsua2 loads only here

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal goes to the app, which stops us
    setup_logging(config.log_level, log_file=config.log_file, console=config.log_file is None)
    sender = _Sender(conn)
    engine = EngineThread(sender.send, build_audio(config.audio), pj_log_level=config.pj_log_level)
    engine.start()
    try:
        while engine.running:
            if not conn.poll(0.2):
                if sender.broken.is_set():
                    break
                continue
            try:
                message = decode(conn.recv_bytes())
            except WireError as exc:
                sender.send(EngineFailed(where="pipe", error=str(exc)))
                continue
            if isinstance(message, EngineCommand):
                engine.submit(message)
                if isinstance(message, c.Shutdown):
                    break
    except (EOFError, OSError):
        log.warning("the app went away: stopping the engine")
    finally:
        if not engine.stop(timeout=5.0):
            sender.send(EngineFailed(where="shutdown", error="the SIP engine did not stop in 5 s"))
            sender.send(EngineStopped())
        sender.close()
        conn.close()
