"""EngineThread: the one thread that owns PJSIP.

Usage (the app's engine host, tests, benchmarks)::

    engine = EngineThread(publish=hub.publish, audio=FileAudioBackend(tone_hz=700))
    engine.start()                       # returns at once; EngineStarted is published
    engine.submit(ConfigureAccount(settings))
    engine.submit(Dial(account_id="a1", target="+302101234567"))
    ...
    engine.stop()                        # hang up, unregister, destroy, EngineStopped

Threads: ``submit`` and ``stop`` may be called from any thread; they only put a command on
a queue. Everything else runs on the engine thread: ``libCreate``, every pjsua2 call, every
pjsua2 callback (``threadCnt=0``, ``mainThreadOnly=True``), guarded by ``assert_thread``.
The loop drains the queue between ``libHandleEvents`` calls and sleeps in PJSIP's poll when
idle (the poll timeout grows when nothing is going on, so an idle engine costs almost no CPU).
"""

from __future__ import annotations

import gc
import heapq
import itertools
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from softphone.audio.backend import AudioBackend, NullAudioBackend
from softphone.domain import commands as c
from softphone.domain.events import (
    CommandFailed,
    EngineFailed,
    EngineStarted,
    EngineStats,
    EngineStopped,
    Pong,
)
from softphone.domain.messages import EngineCommand, Event
from softphone.domain.threads import ThreadOwner, assert_thread
from softphone.sip import ioqueue_fix
from softphone.sip.accounts import AccountManager
from softphone.sip.calls import CallManager
from softphone.sip.config import endpoint_config
from softphone.sip.objects import SipAccount, SipCall, SipEndpoint
from softphone.sip.pjlog import PjLogWriter, pj_level_for, stdout_into_log
from softphone.sip.policy import DialError
from softphone.sip.probe import bundled_openssl_version
from softphone.supervise.bridge import MonitorBridge

log = logging.getLogger(__name__)

BUSY_POLL_MS = 10  # calls up or work pending: react within 10 ms
IDLE_POLL_MS = 50  # nothing going on: a command waits at most this long


class CommandError(Exception):
    """A command cannot be carried out; the message is for the agent."""


class EngineThread:
    def __init__(
        self,
        publish: Callable[[Event], None],
        audio: AudioBackend | None = None,
        *,
        pj_log_level: int | None = None,
        name: str = "sip-engine",
    ) -> None:
        self._publish = publish
        self.audio: AudioBackend = audio or NullAudioBackend()
        self.owner = ThreadOwner(name)
        self._pj_log_level = pj_log_level if pj_log_level is not None else pj_level_for(
            logging.getLogger("pjsip").getEffectiveLevel())
        self._commands: queue.SimpleQueue[EngineCommand] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._stopping = False
        self._stopped = threading.Event()
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._timer_seq = itertools.count()
        self._deferred: list[Callable[[], None]] = []
        self.ep: Any = None
        self._writer: PjLogWriter | None = None
        self.accounts = AccountManager(self)
        self.calls = CallManager(self)
        self.monitor = MonitorBridge(self)  # supervisor monitor calls (softphone/supervise)

    # ---- any thread -----------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def submit(self, command: EngineCommand) -> None:
        self._commands.put(command)

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask for a clean shutdown and wait for it (never call this on the engine thread)."""
        self.submit(c.Shutdown())
        self._stopped.wait(timeout)
        self._thread.join(max(0.0, timeout))
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def publish(self, event: Event) -> None:
        try:
            self._publish(event)
        except Exception:
            log.exception("publishing %s failed", type(event).__name__)

    # ---- engine thread ----------------------------------------------------------------------
    def defer(self, action: Callable[[], None]) -> None:
        """Run ``action`` on the next loop iteration, outside any pjsua2 callback."""
        assert_thread(self.owner)
        self._deferred.append(action)

    def schedule(self, delay_s: float, action: Callable[[], None]) -> object:
        assert_thread(self.owner)
        entry = (time.monotonic() + delay_s, next(self._timer_seq), action)
        heapq.heappush(self._timers, entry)
        return entry

    def cancel(self, timer: object | None) -> None:
        if timer is not None and timer in self._timers:
            self._timers.remove(timer)
            heapq.heapify(self._timers)

    def _run(self) -> None:
        self.owner.bind()
        try:
            self._start_endpoint()
        except Exception as exc:
            log.exception("the SIP engine could not start")
            self.publish(EngineFailed(where="start", error=f"{type(exc).__name__}: {exc}"))
            self._destroy_endpoint()
            self.publish(EngineStopped())
            self._stopped.set()
            return
        try:
            while not self._stopping:
                self._drain_commands()
                self._run_deferred_and_timers()
                self.audio.poll()
                self.ep.libHandleEvents(self._poll_ms())
        except Exception as exc:  # a bug in the loop itself: report, then shut down cleanly
            log.exception("SIP engine loop failed")
            self.publish(EngineFailed(where="loop", error=f"{type(exc).__name__}: {exc}"))
        started = time.perf_counter()
        self._shutdown()
        self.publish(EngineStopped(shutdown_ms=(time.perf_counter() - started) * 1000))
        self._stopped.set()

    def _poll_ms(self) -> int:
        if self._deferred or not self._commands.empty():
            return 0
        poll = BUSY_POLL_MS if self.calls.active or self.monitor.active else IDLE_POLL_MS
        if self._timers:
            until = int((self._timers[0][0] - time.monotonic()) * 1000)
            poll = max(0, min(poll, until))
        return poll

    def _start_endpoint(self) -> None:
        assert_thread(self.owner)
        self._writer = PjLogWriter()
        ioqueue_fix.apply()
        self.ep = SipEndpoint(self)
        with stdout_into_log():
            self.ep.libCreate()
        self.ep.libInit(endpoint_config(self._writer, self._pj_log_level))
        self.ep.libStart()
        self.audio.start(self.ep, self.publish)
        self.calls.apply_codecs(("G722/16000", "PCMU/8000", "PCMA/8000"))
        self.publish(EngineStarted(pid=os.getpid(), pjsip_version=self.ep.libVersion().full,
                                   ssl_version=bundled_openssl_version()))

    def _drain_commands(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            self._execute(command)

    def _run_deferred_and_timers(self) -> None:
        actions, self._deferred = self._deferred, []
        now = time.monotonic()
        while self._timers and self._timers[0][0] <= now:
            actions.append(heapq.heappop(self._timers)[2])
        for action in actions:
            try:
                action()
            except pj.Error as exc:
                log.warning("deferred action failed: %s", exc.info())
            except Exception as exc:
                log.exception("deferred action failed")
                self.publish(EngineFailed(where="deferred", error=f"{type(exc).__name__}: {exc}"))

    def _execute(self, command: EngineCommand) -> None:
        assert_thread(self.owner)
        call_id = getattr(command, "call_id", None)
        account_id = getattr(command, "account_id", None)
        try:
            if isinstance(command, c.Shutdown):
                self._stopping = True
            elif isinstance(command, c.Ping):
                self.publish(Pong(token=command.token))
            elif isinstance(command, c.ReportStats):
                self.publish(EngineStats(calls=len(self.calls.registry), accounts=len(self.accounts.registry),
                                         media_ports=int(self.ep.mediaActivePorts()),
                                         transports=len(self.accounts.transports)))
            elif not (self.accounts.handle(command) or self.calls.handle(command) or self.monitor.handle(command)
                      or self.audio.handle(command)):
                raise CommandError(f"the engine does not know the command {type(command).__name__}")
        except (CommandError, DialError) as exc:
            self.publish(CommandFailed(command=type(command).__name__, reason=str(exc), call_id=call_id,
                                       account_id=account_id))
        except pj.Error as exc:
            reason = exc.reason or exc.info()
            log.warning("%s failed: %s", type(command).__name__, exc.info())
            self.publish(CommandFailed(command=type(command).__name__, reason=reason, call_id=call_id,
                                       account_id=account_id))
        except Exception as exc:
            log.exception("%s failed", type(command).__name__)
            self.publish(EngineFailed(where=type(command).__name__, error=f"{type(exc).__name__}: {exc}"))
            self.publish(CommandFailed(command=type(command).__name__, reason=f"internal error: {exc}",
                                       call_id=call_id, account_id=account_id))

    def _shutdown(self) -> None:
        """Rule 6: hang up, unregister, destroy calls and ports, then libDestroy (NO_NETWORK)."""
        assert_thread(self.owner)
        try:
            if self.calls.registry or self.monitor.active:
                self.ep.hangupAllCalls()
                deadline = time.monotonic() + 0.25
                while (self.calls.registry or self.monitor.active) and time.monotonic() < deadline:
                    self.ep.libHandleEvents(5)
            self.monitor.forget_all()
            self.calls.forget_all()
            self.accounts.shutdown_all()
            for _ in range(3):  # let the un-REGISTERs leave (TCP/TLS write queues)
                self.ep.libHandleEvents(0)
            self.accounts.forget_all()
            self.audio.stop()
            gc.unfreeze()  # the audio bridge froze start-up objects: a collection must see them again
            gc.collect()
            # mainThreadOnly: pjsua2 runs media-object destructors as pending jobs of libHandleEvents
            for _ in range(2):
                self.ep.libHandleEvents(0)
        except Exception:
            log.exception("error while shutting the SIP engine down")
        finally:
            self._destroy_endpoint()

    def _destroy_endpoint(self) -> None:
        gc.unfreeze()
        gc.collect()  # pjsua2 objects must die here, on the engine thread, before libDestroy
        if self.ep is not None:
            try:
                self.ep.audDevManager().setNoDev()
            except Exception:
                pass
            self.ep.libDestroy(pj.PJSUA_DESTROY_NO_NETWORK)
            self.ep = None
        self._writer = None
        self.owner.release()

    # ---- callbacks from the pjsua2 shells (engine thread, inside libHandleEvents) ------------
    def on_reg_state(self, account: SipAccount, prm: Any) -> None:
        self.accounts.on_reg_state(account, prm)

    def on_transport_state(self, prm: Any) -> None:
        self.accounts.on_transport_state(prm)

    def on_incoming_call(self, account: SipAccount, prm: Any) -> None:
        self.calls.on_incoming_call(account, prm)

    def on_call_state(self, call: SipCall) -> None:
        if self.monitor.owns(call):
            self.monitor.on_call_state(call)
            return
        self.calls.on_call_state(call)
        self.monitor.after_call_state(call)

    def on_call_media_state(self, call: SipCall) -> None:
        if self.monitor.owns(call):
            self.monitor.on_call_media_state(call)
            return
        self.calls.on_call_media_state(call)
        self.monitor.after_call_media_state(call)

    def on_dtmf_digit(self, call: SipCall, prm: Any) -> None:
        if not self.monitor.owns(call):
            self.calls.on_dtmf_digit(call, prm)

    def on_transfer_request(self, call: SipCall, prm: Any) -> None:
        if self.monitor.owns(call):  # a monitor call never makes the agent's phone dial anyone
            prm.statusCode = 603
            return
        self.calls.on_transfer_request(call, prm)

    def on_transfer_status(self, call: SipCall, prm: Any) -> None:
        self.calls.on_transfer_status(call, prm)

    def on_call_tsx_state(self, call: SipCall, prm: Any) -> None:
        self.calls.on_call_tsx_state(call, prm)

    def on_call_rx_offer(self, call: SipCall, prm: Any) -> None:
        self.calls.on_call_rx_offer(call, prm)

    def on_call_replace_request(self, call: SipCall, prm: Any) -> None:
        self.calls.on_call_replace_request(call, prm)

    def on_call_replaced(self, call: SipCall, prm: Any) -> None:
        self.calls.on_call_replaced(call, prm)
