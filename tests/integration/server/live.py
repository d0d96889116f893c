"""Run the real server (``softphone-server serve``) on a free loopback port: for this
area's tests and for any other area that needs a server (the store/sync fault tests).

    from tests.integration.server.live import LiveServer

    with LiveServer.sqlite(tmp_path) as server:            # or LiveServer(tmp_path, database_url=...)
        agent = server.add_user("agent7", role="agent", teams=["support"])
        token = server.login("agent7")                      # -> bearer token
        httpx.get(server.url + "/api/v1/provisioning", headers={"Authorization": f"Bearer {token}"})
        server.kill()       # SIGKILL the process group: the port refuses connections
        server.start()      # the same port and database again

Or as a fixture: ``from tests.integration.server.live import live_server  # noqa: F401`` in a
conftest.py gives each test a fresh server on SQLite with a user ``agent`` (role agent, team
``support``, extension 1001) and ``admin``.

The process runs in its own process group and is always stopped by group.
Users are made directly in the database (fast: no HTTP, no subprocess); the password of
every user made here is ``LiveServer.PASSWORD`` unless given. Password hashing uses
argon2's cheapest profile here (``cheap_passwords=False`` for the real cost).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import httpx
import pytest

from server.admin import create_user, ensure_catalog
from server.config import load_settings
from server.db import Database, migrate
from server.keys import load_keys
from server.schemas import Role, SipAccountIn, UserIn
from tests.integration.server.pg import free_port

ROOT = Path(__file__).resolve().parents[3]


class LiveServer:
    PASSWORD = "correct-horse-battery"

    def __init__(self, data_dir: Path, database_url: str | None = None, port: int | None = None,
                 env: dict[str, str] | None = None, cheap_passwords: bool = True, workers: int = 1) -> None:
        if cheap_passwords:  # read by server.security in this process and in the server's
            os.environ.setdefault("SOFTPHONE_SERVER_PASSWORD_PROFILE", "cheapest")
        self.data_dir = Path(data_dir)
        self.settings = load_settings(database_url, self.data_dir)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env or {}
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = self.data_dir / "server.log"
        migrate(self.settings.database_url)
        self.db = Database(self.settings.database_url)
        self.keys = load_keys(self.settings.private_key_path, self.settings.data_key_path)
        with self.db.writing() as session:
            ensure_catalog(session)

    @classmethod
    def sqlite(cls, data_dir: Path, **kwargs: object) -> LiveServer:
        return cls(data_dir, None, **kwargs)  # type: ignore[arg-type]

    def start(self, timeout: float = 60) -> LiveServer:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "--database-url", self.settings.database_url, "--data-dir",
                 str(self.data_dir), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--no-migrate",
                 "--log-level", "warning", "--workers", str(self.workers)],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.log_tail()}")
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"server did not answer within {timeout} s: {self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def _signal(self, sig: signal.Signals, wait: float) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        """SIGTERM the process group (uvicorn shuts down gracefully), SIGKILL after 10 s."""
        self._signal(signal.SIGTERM, 10)

    def kill(self) -> None:
        self._signal(signal.SIGKILL, 10)

    def close(self) -> None:
        self.stop()
        self.db.dispose()

    def add_user(self, username: str, role: Role = "agent", teams: list[str] | None = None,
                 password: str | None = None, extension: str = "") -> int:
        """Create a user (a supervisor supervises ``teams``, anyone else is a member)."""
        sip = SipAccountIn(username=extension, domain="127.0.0.1", password="sip-secret",
                           extension=extension) if extension else None
        with self.db.writing() as session:
            user = create_user(session, self.keys, UserIn(username=username, password=password or self.PASSWORD,
                                                          role=role, teams=teams or [], sip_account=sip))
            return user.id

    def login(self, username: str, password: str | None = None) -> str:
        response = httpx.post(self.url + "/api/v1/auth/login",
                              json={"username": username, "password": password or self.PASSWORD}, timeout=30)
        response.raise_for_status()
        token: str = response.json()["access_token"]
        return token

    def client(self, username: str, password: str | None = None, timeout: float = 30) -> httpx.Client:
        """An httpx client logged in as ``username`` (close it, or use it in a with-block)."""
        return httpx.Client(base_url=self.url, timeout=timeout,
                            headers={"Authorization": f"Bearer {self.login(username, password)}"})

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A fresh real server on SQLite with the users ``agent`` and ``admin``; stopped after the test."""
    server = LiveServer(tmp_path / "live-server")
    server.add_user("agent", teams=["support"], extension="1001")
    server.add_user("admin", role="admin")
    with server:
        yield server
