"""The app's side of the media engine process: spawn it, talk over the pipe, supervise it.

    link = EngineLink(hub.publish, EngineConfig())
    link.start()                      # spawns the process; returns when EngineStarted arrived
    link.send(ConfigureAccount(...))  # any thread; never blocks on the engine
    ...
    link.stop()                       # Shutdown over the pipe, then wait (kill if it hangs)

Supervision: a reader thread receives the engine's events and publishes them. If the pipe
breaks while we did not ask the engine to stop, the process died: ``EngineDied`` is
published, every call it carried ends with ``EndReason.ENGINE_LOST``, a new process is
spawned (spawn, never fork: works frozen too) and the accounts are configured again, so it
re-registers; then ``EngineRestarted``. Notes, dispositions and the outbox live in the app
process and are untouched.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.backoff import backoff_floor_delay
from softphone.domain.messages import EngineCommand, Event
from softphone.domain.values import EndReason
from softphone.domain.wire import WireError, decode, encode
from softphone.engine.config import EngineConfig
from softphone.engine.host import engine_main

log = logging.getLogger(__name__)


class EngineUnavailableError(RuntimeError):
    """The engine process could not be started (or did not say it was ready)."""


class EngineLink:
    def __init__(
        self,
        publish: Callable[[Event], None],
        config: EngineConfig | None = None,
        *,
        restart: bool = True,
        start_timeout_s: float = 20.0,
    ) -> None:
        self._publish = publish
        self.config = config or EngineConfig()
        self.restart_enabled = restart
        self.start_timeout_s = start_timeout_s
        self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._process: BaseProcess | None = None
        self._reader: threading.Thread | None = None
        self._started = threading.Event()
        self._booting = False  # the first start: commands wait in _pending instead of failing
        self._pending: list[bytes] = []
        self._stopping = False
        self._accounts: dict[str, c.ConfigureAccount] = {}
        self._audio_commands: dict[type, EngineCommand] = {}
        self._live_calls: set[str] = set()
        self.restarts = 0

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self, wait: bool = True) -> None:
        """Spawn the engine. ``wait=False`` returns at once (the window paints while the engine
        boots): commands sent before ``EngineStarted`` are queued and delivered in order."""
        self._stopping = False
        self._booting = True
        self._spawn(wait)

    def _spawn(self, wait: bool = True) -> None:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=engine_main, args=(child, self.config), name="softphone-engine",
                                    daemon=True)
        self._started.clear()
        process.start()
        child.close()
        with self._lock:
            self._conn, self._process = parent, process
        self._reader = threading.Thread(target=self._read, args=(parent, process), name="engine-link", daemon=True)
        self._reader.start()
        if wait and not self._started.wait(self.start_timeout_s):
            raise EngineUnavailableError(f"the media engine did not start within {self.start_timeout_s:.0f} s "
                                    f"(exit code {process.exitcode})")

    def send(self, command: EngineCommand) -> None:
        if isinstance(command, c.ConfigureAccount):
            self._accounts[command.settings.account_id] = command
        elif isinstance(command, c.RemoveAccount):
            self._accounts.pop(command.account_id, None)
        elif type(command).__module__.endswith("audio_messages"):
            self._audio_commands[type(command)] = command  # device choices survive a restart
        data = encode(command)
        with self._lock:
            conn = self._conn
            if self._booting and not self._started.is_set():
                self._pending.append(data)  # the first start is under way: deliver once it is up
                return
            if conn is None or not self._started.is_set():
                conn = None
            else:
                try:
                    conn.send_bytes(data)
                    return
                except (OSError, ValueError):
                    conn = None
        if not isinstance(command, c.ConfigureAccount | c.RemoveAccount):
            self._publish(ev.CommandFailed(command=type(command).__name__,
                                           reason="the media engine is restarting; try again in a moment",
                                           call_id=getattr(command, "call_id", None)))

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping = True
        with self._lock:
            conn, process = self._conn, self._process
        if conn is not None:
            try:
                conn.send_bytes(encode(c.Shutdown()))
            except (OSError, ValueError):
                pass
        if process is not None:
            process.join(timeout)
            if process.is_alive():
                log.warning("the media engine did not stop in %.1f s: killing it", timeout)
                process.kill()
                process.join(2)
        if self._reader is not None:
            self._reader.join(2)
        if conn is not None:
            conn.close()

    # ---- reader thread ------------------------------------------------------------------------
    def _read(self, conn: Connection, process: BaseProcess) -> None:
        while True:
            try:
                data = conn.recv_bytes()
            except (EOFError, OSError):
                break
            try:
                event = decode(data)
            except WireError as exc:
                log.error("bad message from the media engine: %s", exc)
                continue
            if isinstance(event, Event):
                self._track(event)
                if isinstance(event, ev.EngineStarted):
                    with self._lock:
                        for queued in self._pending:
                            conn.send_bytes(queued)
                        self._pending.clear()
                        self._booting = False
                        self._started.set()
                self._publish(event)
        if self._stopping:
            return
        process.join(1.0)
        self._on_death(process)

    def _track(self, event: Event) -> None:
        if isinstance(event, ev.IncomingCallRang | ev.OutgoingCallStarted):
            self._live_calls.add(event.call_id)
        elif isinstance(event, ev.CallReplaced):
            self._live_calls.discard(event.old_call_id)
            self._live_calls.add(event.new_call_id)
        elif isinstance(event, ev.CallEnded):
            self._live_calls.discard(event.call_id)

    def _on_death(self, process: BaseProcess) -> None:
        code = process.exitcode
        reason = f"killed by signal {-code}" if code is not None and code < 0 else f"exited with code {code}"
        log.error("the media engine died (%s)", reason)
        self._started.clear()
        with self._lock:  # a first start that died: accounts are replayed below, the rest is moot
            self._booting = False
            self._pending.clear()
        self._publish(ev.EngineDied(exit_code=code, reason=f"the media engine stopped unexpectedly: {reason}"))
        for call_id in sorted(self._live_calls):
            self._publish(ev.CallEnded(call_id=call_id, reason=EndReason.ENGINE_LOST,
                                       reason_text="the media engine stopped during the call"))
        self._live_calls.clear()
        if not self.restart_enabled:
            return
        attempt = 0
        while not self._stopping:
            attempt += 1
            time.sleep(backoff_floor_delay(attempt, 0.2, 10.0) if attempt > 1 else 0.05)
            if self._stopping:
                return
            try:
                self._spawn()
            except Exception as exc:
                log.error("restarting the media engine failed (attempt %d): %s", attempt, exc)
                continue
            self.restarts += 1
            for command in list(self._accounts.values()) + list(self._audio_commands.values()):
                self.send(command)
            self._publish(ev.EngineRestarted(attempt=attempt))
            return
