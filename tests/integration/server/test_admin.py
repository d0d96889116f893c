"""Administration over the API: users with SIP accounts, teams, settings, the catalog."""

from __future__ import annotations

from collections.abc import Callable

from tests.integration.server.live import LiveServer


def test_admin_sets_up_a_team_and_the_agent_sees_it_in_provisioning(live: LiveServer,
                                                                    unique: Callable[[str], str]) -> None:
    team, agent, sup, code = unique("team"), unique("agent"), unique("sup"), unique("code").replace("-", "_")
    with live.client("admin") as admin:
        assert admin.post("/api/v1/admin/teams", json={"name": team, "monitor_modes": ["listen"]}).status_code == 201
        made = admin.post("/api/v1/admin/users", json={
            "username": agent, "password": "long-enough-pw", "role": "agent", "teams": [team],
            "sip_account": {"username": "1555", "domain": "pbx.example.com", "password": "sip-pw",
                            "transport": "tls", "extension": "1555"}})
        assert made.status_code == 201 and made.json()["role"] == "agent"
        assert admin.post("/api/v1/admin/users", json={"username": agent, "password": "long-enough-pw"}
                          ).status_code == 409
        admin.post("/api/v1/admin/users", json={"username": sup, "password": "long-enough-pw", "role": "supervisor"})
        member = admin.post(f"/api/v1/admin/teams/{team}/members", json={"username": sup, "supervisor": True})
        assert member.status_code == 201
        assert admin.post("/api/v1/admin/disposition-codes", json={"code": code, "label": "Upsell",
                                                                   "category": "success"}).status_code == 201
        assert admin.put("/api/v1/admin/settings", json={"wrap_up_seconds": 45}).json()["wrap_up_seconds"] == 45
        bad = admin.put("/api/v1/admin/settings", json={"wrap_up_seconds": "long", "nope": 1})
        assert bad.status_code == 422 and "nope" in bad.json()["detail"]
        users = admin.get("/api/v1/admin/users", params={"limit": 200}).json()
        assert users["limit"] == 200 and any(u["username"] == agent for u in users["items"])
    with live.client(agent, "long-enough-pw") as client:
        body = client.get("/api/v1/provisioning", params={"include_secrets": "true"}).json()
        assert body["sip_accounts"][0]["domain"] == "pbx.example.com"
        assert body["sip_accounts"][0]["password"] == "sip-pw" and body["sip_accounts"][0]["transport"] == "tls"
        assert body["wrap_up_seconds"] == 45
        assert {"code": code, "label": "Upsell", "category": "success"} in body["disposition_catalog"]
        assert body["teams"] == [{"id": body["teams"][0]["id"], "name": team, "supervisor": False}]
        assert body["monitor_policy"]["allowed_modes"] == ["listen"]
        assert client.post("/api/v1/admin/teams", json={"name": unique("t")}).status_code == 403
    with live.client(sup, "long-enough-pw") as client:
        assert [a["username"] for a in client.get("/api/v1/supervisor/board").json()["agents"]] == [agent]
