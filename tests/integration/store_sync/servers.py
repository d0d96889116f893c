"""Starting the sync server the integration tests talk to (always through ``FaultProxy``).

Default: ``contract_server.py`` (the stand-in for issue 6). To run the same tests against the
reference server, set ``SOFTPHONE_SYNC_SERVER_CMD`` to a command that starts it on 127.0.0.1
with a free port and prints ``PORT <n>`` on its first stdout line, with
``SOFTPHONE_SYNC_SERVER_USER`` / ``SOFTPHONE_SYNC_SERVER_PASSWORD`` naming an agent it knows
(and the disposition codes of ``contract_server.DISPOSITION_CODES`` in its catalog). It gets a
scratch folder in ``SOFTPHONE_SYNC_SERVER_DATA`` (removed when it stops).
``reference_server.py`` is such a command for the issue-6 server.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[3]
CMD_ENV = "SOFTPHONE_SYNC_SERVER_CMD"


@dataclass
class RunningServer:
    process: subprocess.Popen[str]
    port: int
    username: str
    password: str
    data_dir: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def login(self) -> str:
        response = requests.post(self.base_url + "/api/v1/auth/login",
                                 json={"username": self.username, "password": self.password}, timeout=10)
        response.raise_for_status()
        return str(response.json()["access_token"])

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
            except ProcessLookupError:
                pass
        if self.process.stdout:
            self.process.stdout.close()
        if self.data_dir is not None:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def _wait_ready(server: RunningServer, deadline: float) -> None:
    while True:
        try:
            requests.get(server.base_url + "/api/v1/health", timeout=2)
            return
        except requests.RequestException:
            if time.monotonic() > deadline or server.process.poll() is not None:
                server.stop()
                raise RuntimeError("sync server did not answer") from None
            time.sleep(0.05)


def dispositions_on(session: requests.Session, base_url: str, call_id: str | None = None) -> list[dict[str, Any]]:
    """What the server holds for ``call_id``: a plain list (contract server) or pages (reference server)."""
    found: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        params: dict[str, Any] = {"limit": 200, "offset": offset}
        if call_id is not None:
            params["call_id"] = call_id
        response = session.get(f"{base_url}/api/v1/dispositions", params=params, timeout=10)
        response.raise_for_status()
        data = response.json()
        if isinstance(data, list):
            return data
        found.extend(data["items"])
        offset = data.get("next_offset")
    return found


def start_sync_server(timeout: float = 20.0) -> RunningServer:
    custom = os.environ.get(CMD_ENV)
    if not custom:  # the reference server (issue 6); CMD_ENV=contract for the small contract server
        custom = f"{sys.executable} tests/integration/store_sync/reference_server.py"
    if custom != "contract":
        cmd = shlex.split(custom)
        user = os.environ.get("SOFTPHONE_SYNC_SERVER_USER", "agent1")
        password = os.environ.get("SOFTPHONE_SYNC_SERVER_PASSWORD", "pw-agent1")
    else:
        cmd = [sys.executable, "-m", "tests.integration.store_sync.contract_server"]
        user, password = "agent1", "pw-agent1"
    data_dir = Path(tempfile.mkdtemp(prefix="sync-server-"))
    env = {**os.environ, "SOFTPHONE_SYNC_SERVER_DATA": str(data_dir)}
    process = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True, env=env)
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("PORT "):
            server = RunningServer(process, int(line.split()[1]), user, password, data_dir)
            _wait_ready(server, deadline)
            return server
        if not line and process.poll() is not None:
            break
    RunningServer(process, 0, user, password, data_dir).stop()
    raise RuntimeError(f"sync server did not start: {cmd}")
