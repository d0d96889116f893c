"""The LiveServer helper other areas use: kill and restart keep the data and the replay;
a database outage answers 503 with Retry-After and heals by itself."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from tests.integration.server.live import LiveServer
from tests.integration.server.pg import TempPostgres


def test_kill_and_restart_keep_data_and_idempotent_replay(tmp_path: Path) -> None:
    with LiveServer.sqlite(tmp_path) as server:
        server.add_user("agent")
        token = server.login("agent")
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
        body = {"disposition_id": str(uuid.uuid4()), "call_id": str(uuid.uuid4()), "code": "resolved",
                "saved_at": "2026-11-28T03:35:00Z"}
        first = httpx.post(server.url + "/api/v1/dispositions", headers=headers, json=body)
        assert first.status_code == 201
        server.kill()
        with pytest.raises(httpx.ConnectError):
            httpx.post(server.url + "/api/v1/dispositions", headers=headers, json=body, timeout=5)
        server.start()
        again = httpx.post(server.url + "/api/v1/dispositions", headers=headers, json=body)
        assert (again.status_code, again.json()) == (201, first.json())
        assert again.headers["idempotent-replayed"] == "true"


def test_database_outage_is_503_with_retry_after_then_heals(tmp_path: Path) -> None:
    with TempPostgres() as cluster, LiveServer(tmp_path, cluster.url) as server:
        server.add_user("agent")
        client = server.client("agent")
        body = {"state": "ready", "at": "2026-11-28T03:00:00Z"}
        assert client.post("/api/v1/agent-states", json=body,
                           headers={"Idempotency-Key": str(uuid.uuid4())}).status_code == 201
        cluster.pause()
        try:
            down = client.post("/api/v1/agent-states", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
            assert down.status_code == 503 and down.headers["retry-after"].isdigit()
            assert "database" in down.json()["detail"]
        finally:
            cluster.resume()
        healed = client.post("/api/v1/agent-states", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
        assert healed.status_code == 201
        client.close()


def test_the_ready_made_fixture_serves_a_logged_in_agent(live_server: LiveServer) -> None:
    with live_server.client("agent") as client:
        body = client.get("/api/v1/provisioning").json()
    assert body["user"]["username"] == "agent" and body["sip_accounts"][0]["extension"] == "1001"
