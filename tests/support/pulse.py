"""A private PulseAudio server with virtual headsets, for tests that move real audio.

One server per test session (``PulseServer.start``): private ``HOME``, ``XDG_RUNTIME_DIR``
and socket in a temporary directory, no systemd, no D-Bus. Devices are null sinks:

- a *headset* is a null sink (its speaker, record it from ``<sink>.monitor``) plus a null
  "mic feed" sink whose monitor is remapped into a source (its microphone: write into the
  feed sink with ``play``);
- a *speaker* is one null sink (e.g. the ringer device).

Every sink gets a keeper stream (an idle null sink stalls a new stream for 1.4-2 s).
The server is started in its own process group and stopped by process group.
Other areas import this module; the pytest fixture lives in tests/integration/audio/conftest.py.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ENV_KEYS = ("HOME", "XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH", "PULSE_SERVER", "PULSE_SINK", "PULSE_SOURCE")


class PulseError(RuntimeError):
    pass


def _props(description: str, kind: str) -> str:
    """A module argument giving the device a friendly name (spaces allowed, no quotes)."""
    clean = description.replace('"', "").replace("'", "")
    return f"{kind}_properties='device.description=\"{clean}\"'"


def make_realtime(pid: int, priority: int = 5) -> bool:
    """Round-robin real-time scheduling for every thread of ``pid`` (root only; else False).

    Given to what stands in for hardware (the sound server, keepers, players, recorders, the
    far end): on a loaded machine only the code under test should be starved, as with a real
    sound card that never stops delivering samples."""
    try:
        tids = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        return False
    ok = True
    for tid in tids:
        try:
            os.sched_setscheduler(tid, os.SCHED_RR, os.sched_param(priority))
        except OSError:
            ok = False
    return ok


def pulse_available() -> str:
    """'' when the pulseaudio and pactl binaries exist, else what is missing."""
    missing = [b for b in ("pulseaudio", "pactl", "pacat") if shutil.which(b) is None]
    if not missing:
        return ""
    return "missing binaries: " + ", ".join(missing) + " (apt-get install pulseaudio pulseaudio-utils)"


@dataclass
class VirtualHeadset:
    name: str
    description: str
    speaker: str  # sink name (what the app plays into)
    mic: str  # source name (what the app records from)
    mic_feed: str  # sink name: write here to speak into the microphone
    modules: list[int] = field(default_factory=list)

    @property
    def speaker_monitor(self) -> str:
        return f"{self.speaker}.monitor"


class PulseServer:
    """A private PulseAudio daemon; ``env`` holds the variables clients need."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.run_dir = root / "run"
        self.home = root / "home"
        self.socket = self.run_dir / "pulse" / "native"
        self.env: dict[str, str] = {
            "HOME": str(self.home),
            "XDG_RUNTIME_DIR": str(self.run_dir),
            "PULSE_RUNTIME_PATH": str(self.run_dir / "pulse"),
            "PULSE_SERVER": f"unix:{self.socket}",
        }
        self.proc: subprocess.Popen[bytes] | None = None
        self._keepers: dict[str, subprocess.Popen[bytes]] = {}
        self._saved_env: dict[str, str | None] = {}

    # ---- lifecycle ---------------------------------------------------------------------
    def start(self, timeout: float = 10.0) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.home.mkdir(parents=True, exist_ok=True)
        os.chmod(self.run_dir, 0o700)
        script = self.root / "ci.pa"
        script.write_text(
            f"load-module module-native-protocol-unix auth-anonymous=1 socket={self.socket}\n"
            f"load-module module-cli-protocol-unix socket={self.run_dir / 'pulse' / 'cli'}\n"
            "load-module module-always-sink\n"
        )
        log = open(self.root / "pulse.log", "wb")  # noqa: SIM115 - closed by the child's exit
        self.proc = subprocess.Popen(
            ["pulseaudio", "-n", "-F", str(script), "--exit-idle-time=-1", "--daemonize=no",
             "--use-pid-file=no", "--log-target=stderr", "--log-level=notice"],
            env=self._child_env(), stdout=log, stderr=log, start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise PulseError(f"pulseaudio exited with {self.proc.returncode}: {self.log_tail()}")
            if self.alive():
                make_realtime(self.proc.pid)  # its threads exist now
                return
            time.sleep(0.02)
        self.stop()
        raise PulseError(f"pulseaudio did not answer within {timeout} s: {self.log_tail()}")

    def stop(self) -> None:
        for name in list(self._keepers):
            self._stop_keeper(name)
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(3)
        self.proc = None

    def alive(self) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            return False
        result = subprocess.run(["pactl", "info"], env=self._child_env(), capture_output=True, timeout=5, check=False)
        return result.returncode == 0

    def log_tail(self, n: int = 2000) -> str:
        path = self.root / "pulse.log"
        return path.read_text(errors="replace")[-n:] if path.exists() else ""

    def export_env(self) -> None:
        """Point this process (PortAudio's ALSA pulse plugin, pulsectl) at the server."""
        for key in ENV_KEYS:
            self._saved_env.setdefault(key, os.environ.get(key))
            os.environ.pop(key, None)
        os.environ.update(self.env)

    def restore_env(self) -> None:
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env.clear()

    def _child_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
        env.update(self.env)
        return env

    # ---- pactl -----------------------------------------------------------------------------
    def pactl(self, *args: str) -> str:
        result = subprocess.run(["pactl", *args], env=self._child_env(), capture_output=True, text=True,
                                timeout=10, check=False)
        if result.returncode != 0:
            raise PulseError(f"pactl {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout.strip()

    def kill_sink_input(self, index: int) -> None:
        """Drop a playback stream, as a server does when its device is gone and nothing rescues it."""
        self.cli(f"kill-sink-input {index}")

    def cli(self, command: str) -> str:
        """One command on the daemon's CLI socket (pacmd needs a pid file we do not write)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(str(self.run_dir / "pulse" / "cli"))
            sock.sendall(command.encode() + b"\n")  # never "exit": on this socket it stops the daemon
            sock.shutdown(socket.SHUT_WR)
            chunks = []
            while chunk := sock.recv(4096):
                chunks.append(chunk)
        reply = b"".join(chunks).decode(errors="replace").replace(">>> ", "").strip()
        if "fail" in reply.lower() or "unknown" in reply.lower():
            raise PulseError(f"{command}: {reply}")
        return reply

    def load_module(self, *args: str) -> int:
        return int(self.pactl("load-module", *args))

    def unload_module(self, index: int) -> None:
        self.pactl("unload-module", str(index))

    def sinks(self) -> list[str]:
        return [line.split("\t")[1] for line in self.pactl("list", "short", "sinks").splitlines() if line]

    def sources(self) -> list[str]:
        return [line.split("\t")[1] for line in self.pactl("list", "short", "sources").splitlines() if line]

    def set_default_sink(self, name: str) -> None:
        self.pactl("set-default-sink", name)

    def set_default_source(self, name: str) -> None:
        self.pactl("set-default-source", name)

    # ---- virtual devices -------------------------------------------------------------------
    def add_speaker(self, name: str, description: str, keeper: bool = True) -> int:
        module = self.load_module("module-null-sink", f"sink_name={name}", "rate=48000", "channels=1",
                                  _props(description, "sink"))
        if keeper:
            self._start_keeper(name)
        return module

    def add_headset(self, name: str, description: str) -> VirtualHeadset:
        headset = VirtualHeadset(name, description, f"{name}_spk", f"{name}_mic", f"{name}_mic_feed")
        headset.modules.append(self.add_speaker(headset.speaker, f"{description} Speaker"))
        headset.modules.append(self.add_speaker(headset.mic_feed, f"{description} Mic Feed"))
        headset.modules.append(self.load_module(
            "module-remap-source", f"source_name={headset.mic}", f"master={headset.mic_feed}.monitor",
            _props(f"{description} Microphone", "source")))
        return headset

    def remove_headset(self, headset: VirtualHeadset) -> None:
        """Unplug: the microphone first, then the sinks (their keepers stop with them)."""
        for module in reversed(headset.modules):
            with contextlib.suppress(PulseError):
                self.unload_module(module)
        for sink in (headset.speaker, headset.mic_feed):
            self._stop_keeper(sink)
        headset.modules.clear()

    def _start_keeper(self, sink: str) -> None:
        self._keepers[sink] = self._rt(subprocess.Popen(
            ["pacat", "--playback", f"--device={sink}", "--latency-msec=10", "--rate=48000", "--channels=1",
             "--format=s16le", "/dev/zero"],
            env=self._child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))

    @staticmethod
    def _rt(proc: subprocess.Popen[bytes]) -> subprocess.Popen[bytes]:
        make_realtime(proc.pid)
        return proc

    def _stop_keeper(self, sink: str) -> None:
        proc = self._keepers.pop(sink, None)
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(2)

    # ---- signals in and out ----------------------------------------------------------------
    def play(self, sink: str, samples: np.ndarray, rate: int = 48000) -> subprocess.Popen[bytes]:
        """Play int16 mono ``samples`` into ``sink``; returns at once (``wait()`` for the end)."""
        raw = self.root / f"play-{time.monotonic_ns()}.raw"
        raw.write_bytes(samples.astype("<i2").tobytes())
        return self._rt(subprocess.Popen(
            ["pacat", "--playback", f"--device={sink}", f"--rate={rate}", "--channels=1", "--format=s16le",
             "--latency-msec=20", str(raw)],
            env=self._child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))

    @contextlib.contextmanager
    def recording(self, source: str, rate: int = 16000) -> Iterator[list[np.ndarray]]:
        """Record ``source`` while the block runs (from the moment data flows: the block starts
        after at most a short wait); the list holds one int16 array afterwards."""
        out = self.root / f"rec-{source}-{time.monotonic_ns()}.raw"
        with open(out, "wb") as sink_file:
            proc = subprocess.Popen(
                ["parec", f"--device={source}", f"--rate={rate}", "--channels=1", "--format=s16le",
                 "--latency-msec=20"],
                env=self._child_env(), stdout=sink_file, stderr=subprocess.DEVNULL, start_new_session=True)
            make_realtime(proc.pid)
            result: list[np.ndarray] = []
            deadline = time.monotonic() + 5  # a new monitor may stall before data flows
            while out.stat().st_size < rate // 25 and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.01)
            start = out.stat().st_size
            try:
                yield result
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(5)
        data = out.read_bytes()[start - start % 2:]
        result.append(np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.int16))
