"""A stand-in for the central server's customer lookup (until server/ lands), as its own process.

    python -m tests.integration.screenpop.lookup_server --port P --db customers.sqlite --token T [--delay S]

Speaks the agreed contract: ``GET /api/v1/customers/lookup?phone=<any format>`` ->
``{"number_e164", "matches": [...]}`` and ``GET /api/v1/customers/{id}`` (404 when unknown),
both with ``Authorization: Bearer <token>``. Customers live in SQLite (indexed by number), so
the benchmark can hold a million. ``GET /_requests`` lists the paths seen (tests assert on it).
``--delay`` makes every API answer wait that long (a slow server). Prints ``READY <port>``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from urllib.request import urlopen

import phonenumbers

SCHEMA = """
create table if not exists customers (customer_id text primary key, phone text not null, name text not null,
    company text not null default '', tier text not null default '', language text not null default '',
    notes text not null default '[]');
create index if not exists customers_phone on customers(phone);
"""


def create_db(path: Path, customers: list[dict[str, object]]) -> Path:
    """Write customers (each with "customer_id", "phone" in E.164, "name"...) into a fresh database."""
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA)
        db.executemany(
            "insert into customers values (?, ?, ?, ?, ?, ?, ?)",
            [(c["customer_id"], c["phone"], c["name"], c.get("company", ""), c.get("tier", ""),
              c.get("language", ""), json.dumps(c.get("notes", []), ensure_ascii=False)) for c in customers])
    return path


def create_synthetic_db(path: Path, count: int) -> Path:
    """``count`` customers with numbers +30210xxxxxxx (index i -> +30210 + 7-digit i)."""
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA.replace("create index if not exists customers_phone on customers(phone);", ""))
        batch = 50_000
        for start in range(0, count, batch):
            rows = ((f"C{i}", f"+30210{i:07d}", f"Customer {i}") for i in range(start, min(count, start + batch)))
            db.executemany("insert into customers values (?, ?, ?, 'ACME', 'gold', 'el', '[]')", rows)
        db.execute("create index customers_phone on customers(phone)")
    return path


class Handler(BaseHTTPRequestHandler):
    server: LookupServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/_requests":
            self._json(200, self.server.seen)
            return
        with self.server.lock:
            self.server.seen.append(self.path)
        if self.server.delay_s:
            time.sleep(self.server.delay_s)
        if self.headers.get("Authorization") != f"Bearer {self.server.token}":
            self._json(401, {"detail": "not authenticated"})
            return
        if url.path == "/api/v1/customers/lookup":
            phone = parse_qs(url.query).get("phone", [""])[0]
            e164 = normalize(phone)
            rows = self.server.query("select * from customers where phone = ? order by customer_id", (e164,))
            self._json(200, {"number_e164": e164, "matches": [as_match(r) for r in rows]})
            return
        if url.path.startswith("/api/v1/customers/"):
            customer_id = unquote(url.path.rsplit("/", 1)[1])
            rows = self.server.query("select * from customers where customer_id = ?", (customer_id,))
            if rows:
                self._json(200, as_match(rows[0]))
            else:
                self._json(404, {"detail": "no such customer"})
            return
        self._json(404, {"detail": "not found"})

    def _json(self, status: int, body: object) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def normalize(phone: str) -> str:
    try:
        number = phonenumbers.parse(phone, "GR")
    except phonenumbers.NumberParseException:
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def as_match(row: sqlite3.Row) -> dict[str, object]:
    return {"customer_id": row["customer_id"], "name": row["name"], "company": row["company"], "tier": row["tier"],
            "language": row["language"], "open_items": [], "last_interactions": [], "notes": json.loads(row["notes"])}


class LookupServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, db: Path, token: str, delay_s: float) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.db_path, self.token, self.delay_s = db, token, delay_s
        self.seen: list[str] = []
        self.lock = threading.Lock()
        self._local = threading.local()

    def query(self, sql: str, args: tuple[object, ...]) -> list[sqlite3.Row]:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(self.db_path, check_same_thread=False)
            db.row_factory = sqlite3.Row
        return list(db.execute(sql, args))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args(argv)
    server = LookupServer(args.port, args.db, args.token, args.delay)
    print(f"READY {args.port}", flush=True)
    server.serve_forever(poll_interval=0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main())


class LookupProcess:
    """The stand-in server in its own process group on a free loopback port (stopped by group)."""

    def __init__(self, db: Path, token: str = "test-token", delay_s: float = 0.0) -> None:
        from tests.support.net import free_port

        self.db, self.token, self.delay_s = db, token, delay_s
        self.port = free_port(udp_and_tcp=False)
        self.process: subprocess.Popen[str] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> LookupProcess:
        root = Path(__file__).resolve().parents[3]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.screenpop.lookup_server", "--port", str(self.port),
             "--db", str(self.db), "--token", self.token, "--delay", str(self.delay_s)],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("READY"):
                return self
            if not line and self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError("the stand-in lookup server did not start")

    def requests_seen(self) -> list[str]:
        with urlopen(f"{self.base_url}/_requests", timeout=5) as response:
            seen: list[str] = json.loads(response.read())
        return seen

    def stop(self) -> None:
        if self.process is not None:
            from tests.support.net import stop_group

            stop_group(self.process)  # type: ignore[arg-type]
            if self.process.stdout is not None:
                self.process.stdout.close()
            self.process = None
