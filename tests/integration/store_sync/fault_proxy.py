"""A fault-injecting HTTP proxy on loopback, in front of the contract server or the real one.

For POSTs other than the login it can: add latency, answer 503 without forwarding, or forward
(so the server commits) and then drop the connection without answering. ``down`` makes it
reset every connection, like a server that is not there. It also keeps the commit log the
tests check: every idempotency key the server answered 2xx for, in the order the server
committed them (it sees the answers it drops, too).
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

KINDS = {"/api/v1/interactions": "interaction", "/api/v1/dispositions": "disposition",
         "/api/v1/notes": "note", "/api/v1/agent-states": "agent_state"}


@dataclass
class Faults:
    drop_after_commit: float = 0.0  # share of forwarded POSTs whose answer is never sent
    unavailable: float = 0.0  # share of POSTs answered 503 without forwarding
    retry_after: str | None = None  # Retry-After header on those 503s
    latency_s: tuple[float, float] = (0.0, 0.0)  # uniform extra delay before forwarding
    down: bool = False  # reset every connection
    no_batch: bool = False  # answer 404 on /batch, like a server without the batch endpoint


@dataclass
class Commit:
    kind: str
    key: str
    call_id: str | None
    status: int


@dataclass
class ProxyStats:
    posts: int = 0
    dropped: int = 0
    unavailable: int = 0
    resets: int = 0
    commits: list[Commit] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    replays: int = 0


class FaultProxy:
    def __init__(self, upstream_host: str, upstream_port: int, faults: Faults | None = None, seed: int = 1) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.faults = faults or Faults()
        self.stats = ProxyStats()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        proxy = self

        class Handler(_ProxyHandler):
            owner = proxy

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="fault-proxy", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def roll(self) -> float:
        with self._lock:
            return self._rng.random()

    def record(self, kind: str, key: str, body: Any, status: int) -> None:
        if not 200 <= status < 300:
            return
        with self._lock:
            if key in self.stats.keys:
                self.stats.replays += 1
                return
            self.stats.keys.add(key)
            call_id = body.get("call_id") if isinstance(body, dict) else None
            self.stats.commits.append(Commit(kind, key, call_id, status))


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stalls
    owner: FaultProxy

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _reset(self) -> None:
        # SO_LINGER 0: close with RST, the client sees "connection reset" with no answer
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def _read(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self) -> None:
        self._relay("GET", self._read(), faults=False)

    def do_POST(self) -> None:
        self._relay("POST", self._read(), faults=not self.path.startswith("/api/v1/auth/"))

    def _relay(self, method: str, body: bytes, *, faults: bool) -> None:
        proxy, f = self.owner, self.owner.faults
        if f.down:
            proxy.stats.resets += 1
            self._reset()
            return
        if f.no_batch and self.path.startswith("/api/v1/batch"):
            self._answer(404, b'{"detail":"Not Found"}', {})
            return
        if faults:
            proxy.stats.posts += 1
            low, high = f.latency_s
            if high > 0:
                time.sleep(low + (high - low) * proxy.roll())
            if proxy.roll() < f.unavailable:
                proxy.stats.unavailable += 1
                extra = {"Retry-After": f.retry_after} if f.retry_after else {}
                self._answer(503, b'{"detail":"injected: service unavailable"}', extra)
                return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn = http.client.HTTPConnection(*proxy.upstream, timeout=30)
        try:
            conn.request(method, self.path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status = response.status
            passed = {k: v for k, v in response.getheaders() if k.lower() in ("content-type", "retry-after")}
        finally:
            conn.close()
        if method == "POST":
            self._log_commits(body, status, data)
        if faults and proxy.roll() < f.drop_after_commit:
            proxy.stats.dropped += 1
            self._reset()
            return
        self._answer(status, data, passed)

    def _log_commits(self, request: bytes, status: int, answer: bytes) -> None:
        path = self.path.split("?", 1)[0]
        try:
            sent = json.loads(request or b"null")
            got = json.loads(answer or b"null")
        except ValueError:
            return
        if path == "/api/v1/batch" and status == 200:
            for item, result in zip(sent["items"], got["results"], strict=False):
                self.owner.record(item["kind"], item["idempotency_key"], item["body"], int(result["status"]))
        elif path in KINDS:
            self.owner.record(KINDS[path], self.headers.get("Idempotency-Key", ""), sent, status)

    def _answer(self, status: int, data: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Type" not in headers and "content-type" not in headers:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
