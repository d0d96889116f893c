"""The whole API over real HTTP, against SQLite and against a real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import update

from server.models import ApiToken
from softphone.supervise.grant import GrantVerifier
from tests.integration.server.live import LiveServer

Unique = Callable[[str], str]
PROVISIONING_KEYS = {"sip_accounts", "disposition_catalog", "wrap_up_seconds", "may_take_call_before_disposition",
                     "screenpop_url_template", "default_region", "not_ready_reasons", "customer_id_headers",
                     "supervisor_feature_codes", "monitor_policy", "server_public_key"}


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def interaction(call_id: str, **changes: Any) -> dict[str, Any]:
    body = {"call_id": call_id, "direction": "inbound", "remote_number": "+30 210 555 0101", "remote_name": "Caller",
            "account": "main", "queue": "support", "offered_at": "2026-11-28T03:30:00.123Z",
            "answered_at": "2026-11-28T03:30:04Z", "ended_at": None, "duration_s": 0, "end_reason": ""}
    return {**body, **changes}


def disposition(call_id: str, code: str = "resolved", **changes: Any) -> dict[str, Any]:
    return {"disposition_id": str(uuid.uuid4()), "call_id": call_id, "code": code, "notes": "all good",
            "follow_up_at": None, "customer_id": None, "saved_at": "2026-11-28T03:35:00Z", **changes}


@pytest.fixture
def agent(live: LiveServer, unique: Unique) -> Iterator[httpx.Client]:
    name = unique("agent")
    live.add_user(name, role="agent", teams=[unique("team")], extension="1001")
    with live.client(name) as client:
        yield client


# ---- auth -------------------------------------------------------------------------------------
def test_login_returns_a_bearer_token_and_the_user(live: LiveServer, unique: Unique) -> None:
    name = unique("sup")
    live.add_user(name, role="supervisor")
    response = httpx.post(live.url + "/api/v1/auth/login", json={"username": name, "password": live.PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and len(body["access_token"]) >= 32
    assert body["user"]["username"] == name and body["user"]["role"] == "supervisor"
    assert body["expires_at"].endswith("Z") and datetime.fromisoformat(body["expires_at"]) > datetime.now(UTC)


@pytest.mark.parametrize("username_suffix, password", [("", "wrong-password"), ("-nobody", LiveServer.PASSWORD)])
def test_bad_credentials_are_401_with_a_detail(live: LiveServer, unique: Unique, username_suffix: str,
                                               password: str) -> None:
    name = unique("agent")
    live.add_user(name)
    response = httpx.post(live.url + "/api/v1/auth/login", json={"username": name + username_suffix,
                                                                "password": password})
    assert response.status_code == 401
    assert response.json() == {"detail": "wrong username or password"}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}])
def test_every_endpoint_needs_a_valid_token(live: LiveServer, headers: dict[str, str]) -> None:
    for method, path in (("GET", "/api/v1/provisioning"), ("GET", "/api/v1/customers/lookup?phone=1"),
                         ("POST", "/api/v1/dispositions"), ("POST", "/api/v1/batch"),
                         ("GET", "/api/v1/supervisor/board")):
        response = httpx.request(method, live.url + path, headers=headers, json={})
        assert response.status_code == 401, (path, response.text)
        assert isinstance(response.json()["detail"], str)


def test_expired_token_is_refused(live: LiveServer, unique: Unique) -> None:
    name = unique("agent")
    user_id = live.add_user(name)
    token = live.login(name)
    with live.db.writing() as session:
        session.execute(update(ApiToken).where(ApiToken.user_id == user_id)
                        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    response = httpx.get(live.url + "/api/v1/provisioning", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_logout_ends_the_token(live: LiveServer, unique: Unique) -> None:
    name = unique("agent")
    live.add_user(name)
    with live.client(name) as client:
        assert client.post("/api/v1/auth/logout").status_code == 204
        assert client.get("/api/v1/auth/me").status_code == 401


# ---- provisioning -----------------------------------------------------------------------------
def test_provisioning_has_the_contract_fields_and_no_clear_secrets(live: LiveServer, agent: httpx.Client) -> None:
    body = agent.get("/api/v1/provisioning").json()
    assert set(body) >= PROVISIONING_KEYS
    assert {"code": "resolved", "label": "Resolved", "category": "success"} in body["disposition_catalog"]
    account = body["sip_accounts"][0]
    assert account["extension"] == "1001" and account["has_password"] and "password" not in account
    assert set(body["supervisor_feature_codes"]) == {"listen", "whisper", "barge"}
    assert body["monitor_policy"]["allowed_modes"] == ["barge", "listen", "whisper"]
    key_obj = serialization.load_pem_public_key(body["server_public_key"].encode())
    assert key_obj.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    secret = agent.get("/api/v1/provisioning", params={"include_secrets": "true"})
    assert secret.json()["sip_accounts"][0]["password"] == "sip-secret"
    assert secret.headers["cache-control"] == "no-store"


# ---- customers --------------------------------------------------------------------------------
def test_lookup_finds_every_customer_sharing_a_number_in_any_format(live: LiveServer, agent: httpx.Client) -> None:
    tail = str(uuid.uuid4().int)[:7]
    national = f"210{tail}"
    made = []
    for name, phone in (("Γιώργος Παπαδόπουλος", f"+30 210 {tail}"), ("Ελένη Παπαδοπούλου", f"0030{national}")):
        response = agent.post("/api/v1/customers", json={"name": name, "company": "Aegean S.A.", "tier": "gold",
                                                         "language": "el", "phones": [{"number": phone}]})
        assert response.status_code == 201, response.text
        made.append(response.json()["customer_id"])
    for query in (f"+30{national}", f"+30 (210) {tail[:3]}-{tail[3:]}", f"tel:+30-{national}"):
        body = agent.get("/api/v1/customers/lookup", params={"phone": query}).json()
        assert body["number_e164"] == f"+30{national}"
        assert sorted(m["customer_id"] for m in body["matches"]) == sorted(made)
        assert {"name", "company", "tier", "language", "open_items", "last_interactions", "notes"} <= set(
            body["matches"][0])
    national_only = agent.get("/api/v1/customers/lookup", params={"phone": national, "region": "GR"}).json()
    assert len(national_only["matches"]) == 2


def test_lookup_of_an_unknown_or_unparseable_number_is_empty(agent: httpx.Client) -> None:
    assert agent.get("/api/v1/customers/lookup", params={"phone": "+1 415 555 0000"}).json() == {
        "number_e164": "+14155550000", "matches": []}
    assert agent.get("/api/v1/customers/lookup", params={"phone": "anonymous"}).json() == {
        "number_e164": None, "matches": []}


def test_lookup_shows_the_customers_calls_notes_and_open_items(live: LiveServer, agent: httpx.Client) -> None:
    phone = f"+4930{str(uuid.uuid4().int)[:8]}"
    customer = agent.post("/api/v1/customers", json={"name": "Lea Weber", "language": "de",
                                                     "phones": [{"number": phone}]}).json()
    call_id = str(uuid.uuid4())
    assert agent.post("/api/v1/interactions", headers=key(),
                      json=interaction(call_id, remote_number=phone)).status_code == 201
    note = {"note_id": str(uuid.uuid4()), "customer_id": customer["customer_id"], "call_id": call_id,
            "text": "prefers email", "saved_at": "2026-11-28T03:40:00Z"}
    assert agent.post("/api/v1/notes", headers=key(), json=note).status_code == 201
    match = agent.get("/api/v1/customers/lookup", params={"phone": phone}).json()["matches"][0]
    assert [i["call_id"] for i in match["last_interactions"]] == [call_id]
    assert [n["text"] for n in match["notes"]] == ["prefers email"]
    assert match["open_items"] == []


def test_customer_by_id_update_and_paginated_list(agent: httpx.Client, unique: Unique) -> None:
    prefix = unique("Zed")
    ids = [agent.post("/api/v1/customers", json={"name": f"{prefix} {i}"}).json()["customer_id"] for i in range(3)]
    assert agent.get(f"/api/v1/customers/{ids[0]}").json()["name"] == f"{prefix} 0"
    patched = agent.patch(f"/api/v1/customers/{ids[0]}", json={"tier": "platinum", "phones": [
        {"number": "+44 20 7946 0018", "label": "work"}]}).json()
    assert patched["tier"] == "platinum" and patched["phones"] == [{"number_e164": "+442079460018", "label": "work"}]
    first = agent.get("/api/v1/customers", params={"q": prefix, "limit": 2}).json()
    second = agent.get("/api/v1/customers", params={"q": prefix, "limit": 2, "offset": first["next_offset"]}).json()
    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next_offset"] is None
    assert agent.get("/api/v1/customers/no-such-id").status_code == 404
    assert agent.post("/api/v1/customers", json={"name": "x", "phones": [{"number": "12"}]}).status_code == 422


# ---- idempotent writes ------------------------------------------------------------------------
def test_interaction_is_stored_replayed_and_upserted_by_call_id(agent: httpx.Client) -> None:
    call_id = str(uuid.uuid4())
    headers = key()
    first = agent.post("/api/v1/interactions", headers=headers, json=interaction(call_id))
    assert first.status_code == 201
    assert first.json()["remote_number_e164"] == "+302105550101" and first.json()["offered_at"] == (
        "2026-11-28T03:30:00.123Z")
    again = agent.post("/api/v1/interactions", headers=headers, json=interaction(call_id))
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers["idempotent-replayed"] == "true"
    ended = interaction(call_id, ended_at="2026-11-28T03:34:00Z", duration_s=236.5, end_reason="hangup_remote")
    updated = agent.post("/api/v1/interactions", headers=key(), json=ended)
    assert updated.status_code == 201 and updated.json()["duration_s"] == 236.5
    stored = agent.get(f"/api/v1/interactions/{call_id}").json()
    assert stored["ended_at"] == "2026-11-28T03:34:00.000Z" and stored["end_reason"] == "hangup_remote"


def test_writes_need_a_key_and_refuse_its_reuse_with_another_body(agent: httpx.Client) -> None:
    call_id = str(uuid.uuid4())
    missing = agent.post("/api/v1/interactions", json=interaction(call_id))
    assert missing.status_code == 400 and "Idempotency-Key" in missing.json()["detail"]
    headers = key()
    assert agent.post("/api/v1/interactions", headers=headers, json=interaction(call_id)).status_code == 201
    reused = agent.post("/api/v1/interactions", headers=headers, json=interaction(call_id, duration_s=9))
    assert reused.status_code == 422 and "different request" in reused.json()["detail"]
    other_kind = agent.post("/api/v1/notes", headers=headers, json={
        "note_id": str(uuid.uuid4()), "text": "x", "saved_at": "2026-11-28T03:40:00Z"})
    assert other_kind.status_code == 422


def test_keys_belong_to_their_user(live: LiveServer, agent: httpx.Client, unique: Unique) -> None:
    other = unique("agent")
    live.add_user(other)
    headers = key()
    assert agent.post("/api/v1/agent-states", headers=headers,
                      json={"state": "ready", "reason": "", "at": "2026-11-28T03:00:00Z"}).status_code == 201
    with live.client(other) as client:
        response = client.post("/api/v1/agent-states", headers=headers,
                               json={"state": "not_ready", "reason": "lunch", "at": "2026-11-28T03:00:00Z"})
        assert response.status_code == 201 and response.json()["state"] == "not_ready"


def test_disposition_before_its_interaction_makes_a_stub(agent: httpx.Client) -> None:
    call_id = str(uuid.uuid4())
    body = disposition(call_id, notes="Καλή εξυπηρέτηση")
    response = agent.post("/api/v1/dispositions", headers=key(), json=body)
    assert response.status_code == 201 and response.json()["notes"] == "Καλή εξυπηρέτηση"
    assert agent.get(f"/api/v1/interactions/{call_id}").json()["stub"] is True
    agent.post("/api/v1/interactions", headers=key(), json=interaction(call_id))
    stored = agent.get(f"/api/v1/interactions/{call_id}").json()
    assert stored["stub"] is False and [d["disposition_id"] for d in stored["dispositions"]] == [
        body["disposition_id"]]
    listed = agent.get("/api/v1/dispositions", params={"call_id": call_id}).json()
    assert [d["code"] for d in listed["items"]] == ["resolved"]


def test_unknown_disposition_code_is_422_and_the_key_stays_usable(agent: httpx.Client) -> None:
    call_id = str(uuid.uuid4())
    headers = key()
    body = disposition(call_id, code="no_such_code")
    refused = agent.post("/api/v1/dispositions", headers=headers, json=body)
    assert refused.status_code == 422 and "no_such_code" in refused.json()["detail"]
    assert agent.get("/api/v1/dispositions", params={"call_id": call_id}).json()["items"] == []
    fixed = agent.post("/api/v1/dispositions", headers=headers, json={**body, "code": "callback"})
    assert fixed.status_code == 201


def test_invalid_bodies_are_422_with_a_string_detail(agent: httpx.Client) -> None:
    for path, body in (("/api/v1/dispositions", {"call_id": "x"}),
                       ("/api/v1/agent-states", {"state": "dancing", "at": "2026-11-28T03:00:00Z"}),
                       ("/api/v1/interactions", interaction("x", direction="sideways"))):
        response = agent.post(path, headers=key(), json=body)
        assert response.status_code == 422 and isinstance(response.json()["detail"], str), response.text


def test_batch_handles_each_item_like_its_endpoint(agent: httpx.Client) -> None:
    call_id = str(uuid.uuid4())
    single_key = str(uuid.uuid4())
    note = {"note_id": str(uuid.uuid4()), "customer_id": None, "call_id": call_id, "text": "hi",
            "saved_at": "2026-11-28T03:40:00Z"}
    single = agent.post("/api/v1/notes", headers={"Idempotency-Key": single_key}, json=note).json()
    items = [
        {"kind": "interaction", "idempotency_key": str(uuid.uuid4()), "body": interaction(call_id)},
        {"kind": "disposition", "idempotency_key": str(uuid.uuid4()), "body": disposition(call_id)},
        {"kind": "note", "idempotency_key": single_key, "body": note},
        {"kind": "disposition", "idempotency_key": str(uuid.uuid4()), "body": disposition(call_id, code="nope")},
        {"kind": "agent_state", "idempotency_key": None, "body": {"state": "ready", "at": "2026-11-28T03:00:00Z"}},
        {"kind": "agent_state", "idempotency_key": str(uuid.uuid4()),
         "body": {"state": "wrap_up", "reason": "", "at": "2026-11-28T03:34:00Z", "call_id": call_id}},
    ]
    response = agent.post("/api/v1/batch", json={"items": items})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == [201, 201, 201, 422, 400, 201]
    assert [r["idempotency_key"] for r in results] == [i["idempotency_key"] for i in items]
    assert results[2]["body"] == single
    assert agent.post("/api/v1/batch", json={"items": items[:2]}).json()["results"] == results[:2]
    assert agent.post("/api/v1/batch", json={"items": []}).status_code == 422
    assert agent.post("/api/v1/batch", json={"items": [items[0]] * 101}).status_code == 422


# ---- agent state, board -----------------------------------------------------------------------
def test_board_shows_the_supervisors_agents_with_state_and_call(live: LiveServer, unique: Unique) -> None:
    team, other_team = unique("team"), unique("team")
    sup, mine, theirs = unique("sup"), unique("agent"), unique("agent")
    live.add_user(sup, role="supervisor", teams=[team])
    live.add_user(mine, teams=[team])
    live.add_user(theirs, teams=[other_team])
    call_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    with live.client(mine) as client:
        client.post("/api/v1/interactions", headers=key(), json=interaction(call_id))
        for state, at in (("ringing", now - timedelta(seconds=20)), ("on_call", now - timedelta(seconds=10))):
            client.post("/api/v1/agent-states", headers=key(), json={"state": state, "at": at.isoformat(),
                                                                      "call_id": call_id})
        late = client.post("/api/v1/agent-states", headers=key(), json={
            "state": "ready", "at": (now - timedelta(minutes=5)).isoformat(), "call_id": None})
        assert late.json()["current"] is False  # an old state delivered late does not overwrite
    with live.client(sup) as client:
        agents = client.get("/api/v1/supervisor/board").json()["agents"]
    assert [a["username"] for a in agents] == [mine]
    row = agents[0]
    assert row["state"] == "on_call" and row["current_call"]["call_id"] == call_id
    assert row["current_call"]["remote_name"] == "Caller" and 5 <= row["state_duration_s"] < 600
    with live.client(mine) as client:
        client.post("/api/v1/agent-states", headers=key(), json={"state": "wrap_up", "at": now.isoformat(),
                                                                  "call_id": call_id})
    with live.client(sup) as client:
        row = client.get("/api/v1/supervisor/board").json()["agents"][0]
    # in wrap-up the state is new but the call's duration still counts from its answer
    assert row["state"] == "wrap_up" and row["state_duration_s"] < row["current_call"]["duration_s"]
    assert 10 <= row["current_call"]["duration_s"] < 600
    with live.client(mine) as client:
        assert client.get("/api/v1/supervisor/board").status_code == 403


# ---- campaigns --------------------------------------------------------------------------------
def test_outbound_campaign_hands_out_each_contact_once(live: LiveServer, unique: Unique) -> None:
    team, sup, first, second = unique("team"), unique("sup"), unique("agent"), unique("agent")
    live.add_user(sup, role="supervisor", teams=[team])
    live.add_user(first, teams=[team])
    live.add_user(second, teams=[team])
    contacts = [{"phone": f"+30 69{i} 123 4567", "name": f"Contact {i}"} for i in range(3)]
    with live.client(sup) as client:
        created = client.post("/api/v1/campaigns", json={"name": "Renewals", "team": team, "contacts": contacts})
        assert created.status_code == 201 and created.json()["contacts"]["pending"] == 3
        campaign = created.json()["id"]
    with live.client(first) as a, live.client(second) as b:
        assert a.post("/api/v1/campaigns", json={"name": "x"}).status_code == 403
        assert campaign in [c["id"] for c in a.get("/api/v1/campaigns").json()["items"]]
        got_a = a.post(f"/api/v1/campaigns/{campaign}/next").json()["contact"]
        assert a.post(f"/api/v1/campaigns/{campaign}/next").json()["contact"]["id"] == got_a["id"]
        got_b = b.post(f"/api/v1/campaigns/{campaign}/next").json()["contact"]
        assert got_a["id"] != got_b["id"] and got_a["phone"] == "+306901234567"
        assert b.post(f"/api/v1/campaigns/contacts/{got_a['id']}/result", json={"result": "busy"}).status_code == 409
        done = a.post(f"/api/v1/campaigns/contacts/{got_a['id']}/result", json={"result": "connected",
                                                                               "call_id": str(uuid.uuid4())})
        assert done.json()["status"] == "done" and done.json()["attempts"] == 1
        retry = b.post(f"/api/v1/campaigns/contacts/{got_b['id']}/result", json={"result": "no_answer",
                                                                                "retry": True})
        assert retry.json()["status"] == "pending"
        seen = {a.post(f"/api/v1/campaigns/{campaign}/next").json()["contact"]["id"]}
        a.post(f"/api/v1/campaigns/contacts/{seen.pop()}/result", json={"result": "voicemail"})
        remaining = a.post(f"/api/v1/campaigns/{campaign}/next").json()["contact"]
        a.post(f"/api/v1/campaigns/contacts/{remaining['id']}/result", json={"result": "connected"})
        assert a.post(f"/api/v1/campaigns/{campaign}/next").json() == {"contact": None}


# ---- errors, spec -----------------------------------------------------------------------------
def test_errors_are_json_and_the_spec_is_published(live: LiveServer, agent: httpx.Client) -> None:
    assert agent.get("/api/v1/nothing-here").json() == {"detail": "Not Found"}
    spec = httpx.get(live.url + "/api/v1/openapi.json").json()
    for path in ("/api/v1/auth/login", "/api/v1/batch", "/api/v1/customers/lookup", "/api/v1/monitor/grants",
                 "/api/v1/supervisor/board", "/api/v1/campaigns/{campaign_id}/next", "/api/v1/provisioning"):
        assert path in spec["paths"]


def test_grant_verifies_with_the_provisioned_public_key(live: LiveServer, unique: Unique) -> None:
    team, sup, name = unique("team"), unique("sup"), unique("agent")
    live.add_user(sup, role="supervisor", teams=[team])
    live.add_user(name, teams=[team], extension="1044")
    call_id = str(uuid.uuid4())
    with live.client(name) as client:
        client.post("/api/v1/agent-states", headers=key(), json={"state": "on_call", "call_id": call_id,
                                                                  "at": datetime.now(UTC).isoformat()})
        pem = client.get("/api/v1/provisioning").json()["server_public_key"]
    with live.client(sup) as client:
        grant = client.post("/api/v1/monitor/grants", json={"agent": name, "mode": "listen"}).json()
    verifier = GrantVerifier.from_pem(pem, name, issuer="softphone-server")
    payload = verifier.verify(grant["grant"], {call_id})
    assert (payload.sup, payload.mode.value) == (sup, "listen") and grant["feature_code"] == "*2221044"


def test_repeated_failed_logins_are_429_with_retry_after(live: LiveServer, unique: Unique) -> None:
    name = unique("agent")
    live.add_user(name)
    statuses = [httpx.post(live.url + "/api/v1/auth/login", json={"username": name, "password": "guess"}).status_code
                for _ in range(5)]
    assert statuses == [401] * 5
    blocked = httpx.post(live.url + "/api/v1/auth/login", json={"username": name, "password": live.PASSWORD})
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    other = unique("agent")
    live.add_user(other)
    assert live.login(other)  # only that username is throttled


def test_an_oversized_body_is_413_before_parsing(agent: httpx.Client) -> None:
    huge = {"items": [{"kind": "note", "idempotency_key": "k", "body": {"text": "x" * (5 * 1024 * 1024)}}]}
    response = agent.post("/api/v1/batch", json=huge)
    assert response.status_code == 413 and "bytes" in response.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the stream itself is counted
        yield b'{"items": ['
        for _ in range(6):
            yield b'"' + b"y" * (1024 * 1024) + b'",'
        yield b'"z"]}'

    streamed = agent.post("/api/v1/batch", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
