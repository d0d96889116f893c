"""Raw SIP traffic for the torture tests: UDP/TCP senders, a slow-loris, an OPTIONS stall watcher.

Nothing here knows our engine: it talks to whatever listens on ``host:port`` as a remote
attacker would, from 127.0.0.1 or any other loopback source address (127.0.0.2 ...).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import threading
import time
from dataclasses import dataclass, field

_counter = itertools.count(1)


def status_codes(data: bytes) -> list[int]:
    """Status codes of every SIP response in ``data`` (several may share a TCP stream)."""
    codes = []
    for line in data.split(b"\r\n"):
        if line.startswith(b"SIP/2.0 ") and len(line) >= 11 and line[8:11].isdigit():
            codes.append(int(line[8:11]))
    return codes


def send_udp(data: bytes, port: int, *, host: str = "127.0.0.1", source: str = "127.0.0.1",
             wait_s: float = 0.15) -> list[bytes]:
    """Send one datagram; return what came back to the sending socket within ``wait_s``."""
    replies: list[bytes] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((source, 0))
        with contextlib.suppress(OSError):
            sock.sendto(data, (host, port))
        deadline = time.monotonic() + wait_s
        while (left := deadline - time.monotonic()) > 0:
            sock.settimeout(left)
            try:
                replies.append(sock.recv(65535))
            except OSError:
                break
    return replies


def send_tcp(data: bytes, port: int, *, host: str = "127.0.0.1", source: str = "127.0.0.1",
             wait_s: float = 0.3, close_after_s: float | None = None) -> bytes:
    """Open a connection, write ``data``, read until quiet for ``wait_s`` (or the peer closes)."""
    received = bytearray()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((source, 0))
        sock.settimeout(2.0)
        sock.connect((host, port))
        with contextlib.suppress(OSError):
            sock.sendall(data)
        deadline = time.monotonic() + (close_after_s if close_after_s is not None else wait_s * 4)
        while (left := deadline - time.monotonic()) > 0:
            sock.settimeout(min(wait_s, left))
            try:
                chunk = sock.recv(65535)
            except OSError:
                break
            if not chunk:
                break
            received += chunk
    return bytes(received)


class SlowLoris:
    """A TCP connection that trickles ``data`` a few bytes at a time, in a thread of its own."""

    def __init__(self, port: int, data: bytes, *, chunk: int = 1, interval_s: float = 0.05,
                 host: str = "127.0.0.1") -> None:
        self.port, self.data, self.chunk, self.interval_s, self.host = port, data, chunk, interval_s, host
        self.sent = 0
        self.received = bytearray()
        self.closed_by_peer = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="slow-loris", daemon=True)

    def start(self) -> SlowLoris:
        self._thread.start()
        return self

    def _run(self) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(2.0)
            sock.connect((self.host, self.port))
            sock.setblocking(False)
            while not self._stop.is_set() and self.sent < len(self.data):
                try:
                    sock.send(self.data[self.sent:self.sent + self.chunk])
                except BlockingIOError:
                    pass
                except OSError:
                    self.closed_by_peer = True
                    return
                else:
                    self.sent += self.chunk
                with contextlib.suppress(BlockingIOError, OSError):
                    chunk = sock.recv(65535)
                    if chunk == b"":
                        self.closed_by_peer = True
                        return
                    self.received += chunk
                self._stop.wait(self.interval_s)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def options(port: int, local_port: int, host: str = "127.0.0.1", transport: str = "UDP") -> tuple[bytes, str]:
    call_id = f"watch{os.getpid()}x{next(_counter)}x{time.monotonic_ns()}"
    message = (
        f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
        f"Via: SIP/2.0/{transport} 127.0.0.1:{local_port};branch=z9hG4bK{call_id};rport\r\n"
        f"Max-Forwards: 70\r\nFrom: <sip:watcher@127.0.0.1>;tag={call_id}\r\nTo: <sip:{host}:{port}>\r\n"
        f"Call-ID: {call_id}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
    )
    return message.encode(), call_id


@dataclass
class WatchReport:
    limit_s: float = 0.2
    pings: int = 0
    answered: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    control_ms: list[float] = field(default_factory=list)
    # (seconds since start, target latency, control latency); inf = never answered
    slow: list[tuple[float, float, float]] = field(default_factory=list)

    @property
    def max_ms(self) -> float:
        return max(self.latencies_ms, default=0.0)

    @property
    def stalls(self) -> list[tuple[float, float, float]]:
        """Slow answers that were the target's fault: the control answered the same round in time.

        Without a control every slow answer counts. With one, a round where both were slow is
        the machine (descheduled test process, loaded CPU), not the target.
        """
        return [s for s in self.slow if s[1] == float("inf") or s[1] - s[2] > self.limit_s]

    def summary(self) -> str:
        lat = sorted(self.latencies_ms)
        p99 = lat[int(len(lat) * 0.99)] if lat else 0.0
        return (f"{self.pings} pings, {self.answered} answered, p99 {p99:.1f} ms, max {self.max_ms:.1f} ms, "
                f"{len(self.slow)} slow rounds, {len(self.stalls)} stalls of the target")


class OptionsWatcher:
    """Pings ``port`` with OPTIONS every ``interval_s`` and records how fast each is answered.

    A ping not answered within ``limit_s`` is slow. With ``control_port`` (another SIP element
    on the same machine, e.g. Kamailio) the same round also pings the control, so that a slow
    round caused by the machine (both late) is told apart from a stall of the target: a stall
    is a target answer later than ``limit_s`` *and* more than ``limit_s`` behind the control's.
    """

    def __init__(self, port: int, *, interval_s: float = 0.05, limit_s: float = 0.2,
                 host: str = "127.0.0.1", control_port: int | None = None) -> None:
        self.port, self.interval_s, self.limit_s, self.host = port, interval_s, limit_s, host
        self.control_port = control_port
        self.report = WatchReport(limit_s=limit_s)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="options-watcher", daemon=True)
        self._started = 0.0

    def __enter__(self) -> OptionsWatcher:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> WatchReport:
        self._stop.set()
        self._thread.join(5)
        return self.report

    def _run(self) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 0))
            local = sock.getsockname()[1]
            while not self._stop.is_set():
                message, call_id = options(self.port, local, self.host)
                wanted = {call_id.encode(): "target"}
                sent = time.monotonic()
                sock.sendto(message, (self.host, self.port))
                if self.control_port is not None:
                    control, control_id = options(self.control_port, local, self.host)
                    wanted[control_id.encode()] = "control"
                    sock.sendto(control, (self.host, self.control_port))
                self.report.pings += 1
                got = self._await(sock, wanted, sent)
                target = got.get("target", float("inf"))
                control_latency = got.get("control", 0.0 if self.control_port is None else float("inf"))
                if target != float("inf"):
                    self.report.answered += 1
                    self.report.latencies_ms.append(target * 1000)
                if "control" in got:
                    self.report.control_ms.append(got["control"] * 1000)
                if target > self.limit_s:
                    self.report.slow.append((sent - self._started, target, control_latency))
                self._stop.wait(self.interval_s)

    def _await(self, sock: socket.socket, wanted: dict[bytes, str], sent: float) -> dict[str, float]:
        got: dict[str, float] = {}
        deadline = sent + max(1.0, self.limit_s * 5)
        while len(got) < len(wanted) and (left := deadline - time.monotonic()) > 0:
            sock.settimeout(left)
            try:
                data = sock.recv(65535)
            except OSError:
                break
            for key, role in wanted.items():
                if key in data and role not in got:
                    got[role] = time.monotonic() - sent
        return got
