"""A scripted third-party SIP customer: baresip headless, driven over ctrl_tcp (netstring JSON).

Microphone = a WAV file (aufile), speaker = nothing; both directions are recorded by the
sndfile module into ``<workdir>/rec`` (``*-dec.wav`` is what baresip heard).
"""

from __future__ import annotations

import json
import queue
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from tests.support.net import free_port, stop_group


class BaresipError(RuntimeError):
    pass


class Baresip:
    def __init__(self, workdir: Path, wav: Path, *, name: str = "customer", user: str = "", password: str = "",
                 registrar: str = "", answermode: str = "auto") -> None:
        if shutil.which("baresip") is None:
            raise BaresipError("baresip is not installed: run `make bootstrap` as root (Debian package baresip-core)")
        self.workdir = workdir / f"baresip-{name}"
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "rec").mkdir(exist_ok=True)
        self.wav = wav.resolve()
        self.name, self.user, self.password, self.registrar = name, user, password, registrar
        self.answermode = answermode
        self.sip_port = free_port(span=2)  # baresip also binds SIP-TLS on port + 1
        self.ctrl_port = free_port()
        self.rtp_base = free_port(udp_and_tcp=False, span=20)
        self.process: subprocess.Popen[bytes] | None = None
        self._sock: socket.socket | None = None
        self._events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._responses: queue.Queue[dict[str, Any]] = queue.Queue()
        self.events: list[dict[str, Any]] = []
        self._token = 0

    @property
    def uri(self) -> str:
        return f"sip:{self.name}@127.0.0.1:{self.sip_port}"

    def start(self, timeout: float = 10.0) -> None:
        config = f"""poll_method epoll
sip_listen 127.0.0.1:{self.sip_port}
net_interface 127.0.0.1
call_local_timeout 120
call_max_calls 4
audio_source aufile,{self.wav}
audio_player aubridge,nil
audio_alert aubridge,nil
ausrc_srate 8000
auplay_srate 8000
ausrc_channels 1
auplay_channels 1
audio_level no
rtp_ports {self.rtp_base}-{self.rtp_base + 19}
rtcp_mux no
jitter_buffer_delay 1-5
rtp_stats no
statmode_default off
module_path /usr/lib/baresip/modules
module g711.so
module g722.so
module aufile.so
module aubridge.so
module sndfile.so
module_tmp uuid.so
module_tmp account.so
module_app contact.so
module_app menu.so
module_app ctrl_tcp.so
ctrl_tcp_listen 127.0.0.1:{self.ctrl_port}
snd_path {self.workdir / 'rec'}
"""
        (self.workdir / "config").write_text(config)
        codecs = "audio_codecs=PCMU/8000/1,PCMA/8000/1"
        if self.user:
            account = (f"<sip:{self.user}@{self.registrar}>;auth_pass={self.password};"
                       f"answermode={self.answermode};{codecs};regint=300")
        else:
            account = f"<sip:{self.name}@127.0.0.1:{self.sip_port}>;answermode={self.answermode};{codecs};regint=0"
        (self.workdir / "accounts").write_text(account + "\n")
        (self.workdir / "contacts").write_text("")
        log = (self.workdir / "baresip.log").open("ab")
        self.process = subprocess.Popen(["baresip", "-f", str(self.workdir), "-4"], stdout=log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BaresipError(f"baresip died:\n{self.log_tail()}")
            text = self.log_text()
            if "baresip is ready" in text and (not self.user or "200 OK" in text):
                self._connect(deadline)
                return
            time.sleep(0.05)
        self.stop()
        raise BaresipError(f"baresip not ready:\n{self.log_tail()}")

    def _connect(self, deadline: float) -> None:
        while True:
            try:
                self._sock = socket.create_connection(("127.0.0.1", self.ctrl_port), timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self._sock.settimeout(None)
        threading.Thread(target=self._receive, daemon=True).start()

    def _receive(self) -> None:
        buffer = b""
        sock = self._sock
        assert sock is not None
        while True:
            try:
                chunk = sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while True:
                colon = buffer.find(b":")
                if colon < 0:
                    break
                size = int(buffer[:colon])
                if len(buffer) < colon + 1 + size + 1:
                    break
                message = json.loads(buffer[colon + 1:colon + 1 + size])
                buffer = buffer[colon + 1 + size + 1:]
                (self._responses if message.get("response") else self._events).put(message)

    def command(self, name: str, params: str = "", timeout: float = 5.0) -> dict[str, Any]:
        assert self._sock is not None, "baresip is not started"
        self._token += 1
        body = json.dumps({"command": name, "params": params, "token": str(self._token)}).encode()
        self._sock.sendall(b"%d:%s," % (len(body), body))
        return self._responses.get(timeout=timeout)

    def wait_event(self, kind: str, timeout: float = 10.0) -> dict[str, Any]:
        for event in self.events:
            if event.get("type") == kind and not event.get("_used"):
                event["_used"] = True
                return event
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"baresip: no {kind}; saw {[e.get('type') for e in self.events]}")
            try:
                event = self._events.get(timeout=left)
            except queue.Empty:
                continue
            self.events.append(event)
            if event.get("type") == kind:
                event["_used"] = True
                return event

    def recordings(self, kind: str = "dec") -> list[Path]:
        return sorted((self.workdir / "rec").glob(f"*-{kind}.wav"), key=lambda p: p.stat().st_mtime)

    def log_text(self) -> str:
        try:
            return (self.workdir / "baresip.log").read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def stop(self) -> None:
        if self._sock is not None:
            try:
                self.command("quit", timeout=1)
            except Exception:
                pass
            self._sock.close()
            self._sock = None
        if self.process is not None:
            stop_group(self.process, grace=2)
            self.process = None
