"""A small stand-in for the reference server (issue 6): exactly the sync API contract, in memory.

Run: ``python -m tests.integration.store_sync.contract_server`` prints ``PORT <n>`` once it
listens on 127.0.0.1 (a free port), then serves until killed. Users: ``agent1``/``pw-agent1``
and ``agent2``/``pw-agent2``. Idempotency: the first answer (status + body) per (user, key) is
stored and replayed; the same key with another body gets 422. No faults here: the fault
injection lives in ``fault_proxy.py`` so that it works in front of the real server too.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

USERS = {"agent1": ("pw-agent1", 1), "agent2": ("pw-agent2", 2)}
DISPOSITION_CODES = {"resolved", "sale", "callback", "escalated", "complaint", "no_sale", "voicemail", "no_answer",
                     "wrong_number"}
KIND_PATHS = {"/api/v1/interactions": "interaction", "/api/v1/dispositions": "disposition",
              "/api/v1/notes": "note", "/api/v1/agent-states": "agent_state"}
REQUIRED = {
    "interaction": ("call_id", "direction", "remote_number", "remote_name", "account", "queue", "offered_at",
                    "answered_at", "ended_at", "duration_s", "end_reason"),
    "disposition": ("disposition_id", "call_id", "code", "notes", "follow_up_at", "customer_id", "saved_at"),
    "note": ("note_id", "customer_id", "call_id", "text", "saved_at"),
    "agent_state": ("state", "reason", "at", "call_id"),
}
Reply = tuple[int, dict[str, Any]]


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tokens: dict[str, str] = {}
        self.replies: dict[tuple[str, str], tuple[str, Reply]] = {}
        self.interactions: dict[str, dict[str, Any]] = {}
        self.dispositions: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []
        self.agent_states: list[dict[str, Any]] = []

    def process(self, user: str, kind: str, key: str | None, body: Any) -> Reply:
        if not key:
            return 400, {"detail": "Idempotency-Key header is required"}
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with self.lock:
            seen = self.replies.get((user, key))
            if seen is not None:
                if seen[0] != digest:
                    return 422, {"detail": "Idempotency-Key was already used with a different body"}
                return seen[1]
            reply = self._apply(kind, body)
            if reply[0] < 500:
                self.replies[(user, key)] = (digest, reply)
            return reply

    def _apply(self, kind: str, body: Any) -> Reply:
        if kind not in REQUIRED:
            return 422, {"detail": f"unknown kind {kind!r}"}
        if not isinstance(body, dict) or any(f not in body for f in REQUIRED[kind]):
            return 422, {"detail": f"{kind}: missing fields"}
        if kind == "interaction":
            if body["direction"] not in ("inbound", "outbound"):
                return 422, {"detail": "direction must be inbound or outbound"}
            stored = {**body, "stub": False}
            self.interactions[body["call_id"]] = stored
            return 201, stored
        if kind == "disposition":
            if body["code"] not in DISPOSITION_CODES:
                return 422, {"detail": f"unknown disposition code {body['code']!r}"}
            self.interactions.setdefault(body["call_id"], {"call_id": body["call_id"], "stub": True})
            self.dispositions.append(dict(body))
            return 201, dict(body)
        if kind == "note":
            self.notes.append(dict(body))
            return 201, dict(body)
        self.agent_states.append(dict(body))
        return 201, dict(body)


STATE = State()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stalls

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw or b"null")
        except ValueError:
            return None

    def _user(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else ""
        return STATE.tokens.get(token)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        body = self._body()
        if path == "/api/v1/auth/login":
            self._login(body)
            return
        user = self._user()
        if user is None:
            self._send(401, {"detail": "Not authenticated"})
            return
        if path in KIND_PATHS:
            self._send(*STATE.process(user, KIND_PATHS[path], self.headers.get("Idempotency-Key"), body))
        elif path == "/api/v1/batch":
            self._batch(user, body)
        else:
            self._send(404, {"detail": "Not Found"})

    def _login(self, body: Any) -> None:
        name = body.get("username") if isinstance(body, dict) else None
        user = USERS.get(str(name))
        if user is None or body.get("password") != user[0]:
            self._send(401, {"detail": "Wrong username or password"})
            return
        token = secrets.token_urlsafe(24)
        STATE.tokens[token] = str(name)
        expires = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() + 8 * 3600))
        self._send(200, {"access_token": token, "token_type": "bearer", "expires_at": expires,
                         "user": {"id": user[1], "username": name, "role": "agent", "display_name": str(name)}})

    def _batch(self, user: str, body: Any) -> None:
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list) or not 1 <= len(items) <= 100:
            self._send(422, {"detail": "items: 1..100 required"})
            return
        results = []
        for item in items:
            if not isinstance(item, dict):
                results.append({"idempotency_key": None, "status": 422, "body": {"detail": "not an object"}})
                continue
            key = item.get("idempotency_key")
            status, reply = STATE.process(user, str(item.get("kind")), key, item.get("body"))
            results.append({"idempotency_key": key, "status": status, "body": reply})
        self._send(200, {"results": results})

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/api/v1/health":
            self._send(200, {"status": "ok"})
            return
        if self._user() is None:
            self._send(401, {"detail": "Not authenticated"})
            return
        if url.path == "/api/v1/dispositions":
            call_id = parse_qs(url.query).get("call_id", [None])[0]
            with STATE.lock:
                found = [d for d in STATE.dispositions if call_id is None or d["call_id"] == call_id]
            self._send(200, found)
        elif url.path.startswith("/api/v1/interactions/"):
            with STATE.lock:
                found_one = STATE.interactions.get(url.path.rsplit("/", 1)[1])
            self._send(200, found_one) if found_one else self._send(404, {"detail": "Not Found"})
        else:
            self._send(404, {"detail": "Not Found"})


def main() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
