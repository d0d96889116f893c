"""Monitor grants: 3 roles x 3 modes x own team / other team. Only a supervisor of the
agent's team gets a grant; everything else is 403; every attempt is audited."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select

from server.admin import add_member, upsert_team
from server.models import MonitorAudit, User
from server.schemas import Mode, Role, TeamIn
from tests.integration.server.live import LiveServer

ROLES: tuple[Role, ...] = ("agent", "supervisor", "admin")
MODES: tuple[Mode, ...] = ("listen", "whisper", "barge")


@dataclass
class Floor:
    target: str
    call_id: str
    requesters: dict[tuple[str, str], str]  # (role, "own"|"other") -> username


@pytest.fixture
def floor(live: LiveServer, unique: Callable[[str], str]) -> Floor:
    """An agent on a call in team A; one requester of each role in team A (as the team's
    supervisor, whatever their role) and one in team B."""
    team_a, team_b, target = unique("team"), unique("team"), unique("agent")
    live.add_user(target, teams=[team_a], extension="1777")
    requesters = {}
    for role, side in itertools.product(ROLES, ("own", "other")):
        name = unique(f"{role}-{side}")
        live.add_user(name, role=role)
        with live.db.writing() as session:
            team = upsert_team(session, TeamIn(name=team_a if side == "own" else team_b))
            user = session.scalars(select(User).where(User.username == name)).one()
            add_member(session, team, user, supervisor=True)
        requesters[(role, side)] = name
    call_id = str(uuid.uuid4())
    with live.client(target) as client:
        response = client.post("/api/v1/agent-states", headers={"Idempotency-Key": str(uuid.uuid4())},
                               json={"state": "on_call", "at": datetime.now(UTC).isoformat(), "call_id": call_id})
        assert response.status_code == 201
    return Floor(target, call_id, requesters)


def _audit_rows(live: LiveServer, target: str) -> list[MonitorAudit]:
    with live.db.reading() as session:
        return list(session.scalars(select(MonitorAudit).where(MonitorAudit.agent_username == target)
                                    .order_by(MonitorAudit.id)))


def test_only_the_agents_own_supervisor_gets_a_grant(live: LiveServer, floor: Floor) -> None:
    expected = []
    clients = {pair: live.client(name) for pair, name in floor.requesters.items()}
    for (role, side), mode in itertools.product(floor.requesters, MODES):
        response = clients[(role, side)].post("/api/v1/monitor/grants", json={"agent": floor.target, "mode": mode})
        allowed = role == "supervisor" and side == "own"
        assert response.status_code == (201 if allowed else 403), (role, side, mode, response.text)
        if allowed:
            body = response.json()
            assert body["mode"] == mode and body["call_id"] == floor.call_id and body["grant"].count(".") == 1
            assert body["feature_code"] == {"listen": "*2221777", "whisper": "*2231777", "barge": "*2241777"}[mode]
        else:
            assert isinstance(response.json()["detail"], str) and response.json()["detail"]
        expected.append((floor.requesters[(role, side)], mode, allowed))
    for client in clients.values():
        client.close()
    rows = _audit_rows(live, floor.target)
    with live.db.reading() as session:
        names = {u.id: u.username for u in session.scalars(select(User))}
    assert [(names[r.requester_id], r.mode, r.granted) for r in rows] == expected
    assert all(r.nonce for r in rows if r.granted) and not any(r.nonce for r in rows if not r.granted)
    assert len(rows) == len(ROLES) * len(MODES) * 2


def test_a_mode_the_team_does_not_allow_is_refused_and_audited(live: LiveServer, floor: Floor,
                                                               unique: Callable[[str], str]) -> None:
    team = unique("team")
    sup, agent = unique("sup"), unique("agent")
    live.add_user(agent, teams=[team])
    live.add_user(sup, role="supervisor", teams=[team])
    with live.db.writing() as session:
        upsert_team(session, TeamIn(name=team, monitor_modes=["listen"]))
    with live.client(sup) as client:
        call = str(uuid.uuid4())
        assert client.post("/api/v1/monitor/grants", json={"agent": agent, "mode": "listen",
                                                           "call_id": call}).status_code == 201
        barge = client.post("/api/v1/monitor/grants", json={"agent": agent, "mode": "barge", "call_id": call})
        assert barge.status_code == 403 and "barge" in barge.json()["detail"]
        assert client.post("/api/v1/monitor/grants", json={"agent": "nobody-" + unique("x"),
                                                           "mode": "listen"}).status_code == 404
        idle = client.post("/api/v1/monitor/grants", json={"agent": agent, "mode": "listen"})
        assert idle.status_code == 409  # no call given and the agent is on none
        audit = client.get("/api/v1/monitor/audit", params={"limit": 4}).json()["items"]
    assert [(a["mode"], a["granted"]) for a in audit] == [("listen", False), ("listen", False), ("barge", False),
                                                          ("listen", True)]
    with live.client(floor.requesters[("agent", "own")]) as client:
        assert client.get("/api/v1/monitor/audit").status_code == 403


def test_admin_sees_every_attempt(live: LiveServer, floor: Floor) -> None:
    with live.client(floor.requesters[("supervisor", "other")]) as client:
        client.post("/api/v1/monitor/grants", json={"agent": floor.target, "mode": "listen"})
    with live.client("admin") as client:
        items = client.get("/api/v1/monitor/audit", params={"agent": floor.target}).json()["items"]
    assert [i["requester"] for i in items] == [floor.requesters[("supervisor", "other")]]
    assert httpx.get(live.url + "/api/v1/monitor/audit").status_code == 401
