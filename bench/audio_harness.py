"""A minimal pjsua2 user agent in its own process, for audio tests and benchmarks.

``python -m bench.audio_harness --role agent|customer`` runs one UA on 127.0.0.1 (free
SIP and RTP ports, codec pinned, no registrar), driven by JSON lines on stdin and
reporting JSON lines on stdout. The *agent* uses the real ``create_audio_backend()``
(PortAudio bridge on the PulseAudio devices of the environment); the *customer* is a
``FileAudioBackend`` playing a tone and recording what it hears. ``Peer`` drives one from
a test. Every pjsua2 object lives on the process's main thread (ARCHITECTURE.md rules).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import enum
import json
import os
import queue
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from softphone.domain import audio_messages as am
from softphone.domain.messages import Event


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def _ref(data: dict[str, str] | None) -> am.DeviceRef | None:
    return None if data is None else am.DeviceRef(data["id"], data.get("name", ""))


def build_command(name: str, args: dict[str, Any]) -> Any:
    cls = getattr(am, name)
    fixed: dict[str, Any] = {}
    for key, value in args.items():
        if key in ("mic", "speaker", "ringer") and name == "SelectAudioDevices":
            fixed[key] = _ref(value)
        elif key == "role":
            fixed[key] = am.AudioRole(value)
        else:
            fixed[key] = value
    return cls(**fixed)


class EchoBackend:
    """The far end of a latency measurement: each call's audio is sent straight back."""

    def __init__(self) -> None:
        self.calls: dict[str, Any] = {}

    def start(self, endpoint: Any, publish: Callable[[Event], None]) -> None:
        endpoint.audDevManager().setNullDev()

    def connect_call(self, call_id: str, media: Any) -> None:
        media.startTransmit(media)
        self.calls[call_id] = media

    def disconnect_call(self, call_id: str, media_alive: bool = True) -> None:
        media = self.calls.pop(call_id, None)
        if media is not None and media_alive:
            with contextlib.suppress(Exception):
                media.stopTransmit(media)

    def set_call_muted(self, call_id: str, muted: bool) -> None:
        pass

    def play_tone(self, tone: Any, digit: str = "") -> None:
        pass

    def handle(self, command: Any) -> bool:
        return False

    def poll(self) -> None:
        pass

    def stop(self) -> None:
        self.calls.clear()


# ---- the UA process -----------------------------------------------------------------------------
def run_ua(args: argparse.Namespace) -> int:
    import logging

    import pjsua2 as pj

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(relativeCreated)d %(name)s %(message)s")

    from softphone.audio.backend import AudioBackend, Tone
    from softphone.audio.factory import create_audio_backend
    from softphone.audio.filebackend import FileAudioBackend
    from softphone.audio.streams import BridgeTuning

    out_lock = threading.Lock()

    def emit(kind: str, **data: Any) -> None:
        with out_lock:
            sys.stdout.write(json.dumps({"type": kind, **data}) + "\n")
            sys.stdout.flush()

    def publish(event: Event) -> None:
        emit("event", name=type(event).__name__, data=to_jsonable(event))

    commands: queue.Queue[dict[str, Any]] = queue.Queue()

    def read_stdin() -> None:
        for line in sys.stdin:
            if line.strip():
                commands.put(json.loads(line))
        commands.put({"cmd": "quit"})

    threading.Thread(target=read_stdin, daemon=True, name="stdin").start()

    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.logConfig.level = 1
    cfg.logConfig.consoleLevel = 1
    cfg.medConfig.clockRate = args.clock_rate
    cfg.medConfig.sndClockRate = args.clock_rate
    cfg.medConfig.noVad = True
    cfg.medConfig.ecTailLen = 0
    cfg.medConfig.audioFramePtime = args.ptime
    ep.libInit(cfg)
    tc = pj.TransportConfig()
    tc.port = 0
    tc.boundAddress = "127.0.0.1"
    tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc)
    ep.libStart()
    for info in ep.codecEnum2():
        ep.codecSetPriority(info.codecId, 255 if info.codecId.startswith(args.codec) else 0)
    local = ep.transportGetInfo(tid).localName

    backend: AudioBackend
    if args.role == "agent":
        prefs = {}
        for role in am.AudioRole:
            value = getattr(args, role.value)
            if value:
                prefs[role] = am.DeviceRef(value)
        tuning = BridgeTuning(**json.loads(args.tuning)) if args.tuning else None
        backend = create_audio_backend(clock_rate=args.clock_rate, ptime_ms=args.ptime, preferences=prefs,
                                       tuning=tuning, use_pulse=not args.no_pulse)
    elif args.echo:
        backend = EchoBackend()
    else:
        backend = FileAudioBackend(tone_hz=args.tone_hz, record_dir=Path(args.record_dir) if args.record_dir else None)
    backend.start(ep, publish)

    calls: dict[str, Any] = {}
    to_answer: list[str] = []

    class Call(pj.Call):
        def __init__(self, acc: Any, call_id: str, pj_id: int = pj.PJSUA_INVALID_ID) -> None:
            pj.Call.__init__(self, acc, pj_id)
            self.call_id = call_id

        def onCallState(self, prm: Any) -> None:
            try:
                info = self.getInfo()
                if info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
                    backend.disconnect_call(self.call_id)  # first: completes the recording
                    calls.pop(self.call_id, None)
                emit("call", call_id=self.call_id, state=info.stateText)
            except Exception as exc:
                emit("error", where="onCallState", error=repr(exc))

        def onCallMediaState(self, prm: Any) -> None:
            try:
                info = self.getInfo()
                for media in info.media:
                    if media.type != pj.PJMEDIA_TYPE_AUDIO:
                        continue
                    if media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                        backend.connect_call(self.call_id, self.getAudioMedia(media.index))
                        emit("media", call_id=self.call_id, active=True, t=time.monotonic())
                    else:
                        backend.disconnect_call(self.call_id)
                        emit("media", call_id=self.call_id, active=False)
            except Exception as exc:
                emit("error", where="onCallMediaState", error=repr(exc))

    class Account(pj.Account):
        def onIncomingCall(self, prm: Any) -> None:
            try:
                call_id = f"in-{prm.callId}"
                calls[call_id] = Call(self, call_id, prm.callId)
                to_answer.append(call_id)
            except Exception as exc:
                emit("error", where="onIncomingCall", error=repr(exc))

    acfg = pj.AccountConfig()
    acfg.idUri = f"sip:{args.role}@{local}"
    acfg.mediaConfig.transportConfig.port = 0
    acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
    account = Account()
    account.create(acfg)
    emit("ready", uri=f"sip:{args.role}@{local}", pid=os.getpid())

    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.monotonic()
    running = True
    while running:
        ep.libHandleEvents(10)
        backend.poll()
        while to_answer:
            call = calls.get(to_answer.pop())
            if call is not None:
                op = pj.CallOpParam()
                op.statusCode = 200
                call.answer(op)
        while True:
            try:
                msg = commands.get_nowait()
            except queue.Empty:
                break
            cmd = msg["cmd"]
            try:
                if cmd == "quit":
                    running = False
                elif cmd == "dial":
                    call = Call(account, msg.get("call_id", "out-1"))
                    calls[call.call_id] = call
                    call.makeCall(msg["uri"], pj.CallOpParam(True))
                elif cmd == "hangup":
                    for call in list(calls.values()):
                        call.hangup(pj.CallOpParam(True))
                elif cmd == "mute":
                    for call_id in calls:
                        backend.set_call_muted(call_id, bool(msg["on"]))
                    emit("muted", on=bool(msg["on"]))
                elif cmd == "tone":
                    backend.play_tone(Tone(msg["tone"]) if msg.get("tone") else None, msg.get("digit", ""))
                elif cmd == "audio":
                    backend.handle(build_command(msg["name"], msg.get("args", {})))
                elif cmd == "stats":
                    emit("stats", **_stats(backend, usage0, t0))
                elif cmd == "tap_start":
                    _tap(backend, start=True)
                elif cmd == "tap_dump":
                    _tap(backend, start=False, path=msg["path"])
                    emit("tapped", path=msg["path"])
                elif cmd == "reset_stats":
                    usage0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
                    _reset_stats(backend)
            except Exception as exc:
                emit("error", where=cmd, error=repr(exc))
    for call in list(calls.values()):
        with contextlib.suppress(Exception):
            call.hangup(pj.CallOpParam(True))
    deadline = time.monotonic() + 2
    while calls and time.monotonic() < deadline:
        ep.libHandleEvents(10)
    for call_id in list(calls):
        backend.disconnect_call(call_id)
    calls.clear()
    call = None  # no Python reference to a Call may outlive libDestroy
    backend.stop()
    ep.audDevManager().setNoDev()
    account.shutdown()
    del account
    ep.libDestroy(pj.PJSUA_DESTROY_NO_NETWORK)
    emit("stopped")
    return 0


def _stats(backend: Any, usage0: Any, t0: float) -> dict[str, Any]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    elapsed = max(time.monotonic() - t0, 1e-6)
    cpu = (usage.ru_utime - usage0.ru_utime + usage.ru_stime - usage0.ru_stime) / elapsed * 100
    data: dict[str, Any] = {"cpu_pct": cpu, "elapsed_s": elapsed}
    io = getattr(backend, "io", None)
    if io is not None:
        data["tx"] = dataclasses.asdict(io.tx.stats())
        data["rx"] = dataclasses.asdict(io.rx.stats())
        data["input_overflows"] = io.status.input_overflows
        data["output_underflows"] = io.status.output_underflows
        data["input_latency_ms"] = io.latency_ms(am.AudioRole.MIC)
        data["output_latency_ms"] = io.latency_ms(am.AudioRole.SPEAKER)
    for name in ("mic_port", "speaker_port"):
        port = getattr(backend, name, None)
        if port is not None:
            data[name] = {"calls": port.clock.calls, "max_gap_ms": port.clock.max_gap_ms, "late": port.clock.late}
    return data


def _tap(backend: Any, start: bool, path: str = "") -> None:
    """Record timestamped blocks at the four edges of the bridge (rings in and out)."""
    import numpy as np

    io, mic, spk = backend.io, backend.mic_port, backend.speaker_port
    if start:
        mic.tap, spk.tap = [], []
        io.taps = {"mic_in": [], "spk_out": []}
        return
    edges = {"mic_in": io.taps["mic_in"], "mic_port": mic.tap, "spk_port": spk.tap, "spk_out": io.taps["spk_out"]}
    io.taps, mic.tap, spk.tap = None, None, None
    arrays: dict[str, Any] = {}
    for name, blocks in edges.items():
        arrays[f"{name}_t"] = np.array([t for t, _ in blocks])
        arrays[f"{name}_n"] = np.array([len(x) // 2 for _, x in blocks])  # int16 bytes
        arrays[f"{name}_x"] = np.frombuffer(b"".join(x for _, x in blocks), np.int16)
    np.savez(path, **arrays)


def _reset_stats(backend: Any) -> None:
    io = getattr(backend, "io", None)
    if io is not None:
        io.tx.reset_stats()
        io.rx.reset_stats()
        io.status.input_overflows = io.status.output_underflows = 0
    for name in ("mic_port", "speaker_port"):
        port = getattr(backend, name, None)
        if port is not None:
            port.clock.reset()


# ---- the driver ---------------------------------------------------------------------------------
class Peer:
    """One UA process: ``send`` commands, ``wait`` for JSON lines. Stopped by process group."""

    def __init__(self, role: str, cwd: Path, env: dict[str, str] | None = None, **options: Any) -> None:
        argv = [sys.executable, "-m", "bench.audio_harness", "--role", role]
        for key, value in options.items():
            if value is True:
                argv.append(f"--{key.replace('_', '-')}")
            elif value is not None and value is not False:
                argv += [f"--{key.replace('_', '-')}", str(value)]
        self.role = role
        self.lines: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, start_new_session=True)
        self._stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()
        self.uri = str(self.wait("ready", timeout=20)["uri"])

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("{"):
                with self._cond:
                    self.lines.append(json.loads(line))
                    self._cond.notify_all()
        with self._cond:
            self.lines.append({"type": "exit"})
            self._cond.notify_all()

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._stderr.append(line)

    def send(self, cmd: str, **data: Any) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"cmd": cmd, **data}) + "\n")
        self.proc.stdin.flush()

    def audio(self, name: str, **args: Any) -> None:
        self.send("audio", name=name, args=args)

    def wait(self, kind: str, pred: Callable[[dict[str, Any]], bool] = lambda m: True, timeout: float = 10.0,
             since: int = 0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for msg in self.lines[since:]:
                    if msg["type"] == kind and pred(msg):
                        return msg
                    if msg["type"] == "exit":
                        raise RuntimeError(f"{self.role} exited: {''.join(self._stderr)[-2000:]}")
                left = deadline - time.monotonic()
                if left <= 0:
                    recent = [m for m in self.lines[since:] if m.get("name") not in ("AudioLevels",)][-12:]
                    raise TimeoutError(f"{self.role}: no {kind} within {timeout} s; got {recent}; "
                                       f"log: {''.join(self._stderr[-15:])}")
                self._cond.wait(left)

    def event(self, name: str, pred: Callable[[dict[str, Any]], bool] = lambda d: True, timeout: float = 10.0,
              since: int = 0) -> dict[str, Any]:
        return self.wait("event", lambda m: m["name"] == name and pred(m["data"]), timeout, since)["data"]

    def events(self, name: str, since: int = 0) -> list[dict[str, Any]]:
        with self._cond:
            return [m["data"] for m in self.lines[since:] if m["type"] == "event" and m["name"] == name]

    def mark(self) -> int:
        with self._cond:
            return len(self.lines)

    def stats(self) -> dict[str, Any]:
        start = self.mark()
        self.send("stats")
        return self.wait("stats", since=start)

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(Exception):
                self.send("quit")
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.audio_harness")
    parser.add_argument("--role", choices=["agent", "customer"], required=True)
    parser.add_argument("--codec", default="G722")
    parser.add_argument("--clock-rate", type=int, default=16000)
    parser.add_argument("--ptime", type=int, default=20, help="conference frame time (ms)")
    parser.add_argument("--tuning", default="", help="BridgeTuning fields as JSON")
    parser.add_argument("--tone-hz", type=float, default=0.0)
    parser.add_argument("--record-dir", default="")
    parser.add_argument("--mic", default="")
    parser.add_argument("--speaker", default="")
    parser.add_argument("--ringer", default="")
    parser.add_argument("--echo", action="store_true", help="customer: send back what it hears")
    parser.add_argument("--no-pulse", action="store_true", help="agent: PortAudio's device list (Windows/macOS path)")
    return run_ua(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
