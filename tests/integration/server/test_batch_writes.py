"""The batch endpoint's item-by-item rules when a batch mixes refused items, repeated keys and
rows made earlier in the same batch (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.integration.server.live import LiveServer

Unique = Callable[[str], str]


def new_id() -> str:
    return str(uuid.uuid4())


def item(kind: str, body: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "idempotency_key": key or new_id(), "body": body}


def interaction(call_id: str, **changes: Any) -> dict[str, Any]:
    return {"call_id": call_id, "direction": "outbound", "remote_number": "+30 210 555 0102",
            "offered_at": "2026-11-28T04:00:00Z", "ended_at": "2026-11-28T04:03:00Z", "duration_s": 180.0,
            "end_reason": "hangup_local", **changes}


def disposition(call_id: str, code: str = "resolved", **changes: Any) -> dict[str, Any]:
    return {"disposition_id": new_id(), "call_id": call_id, "code": code, "notes": "",
            "saved_at": "2026-11-28T04:04:00Z", **changes}


def note(**changes: Any) -> dict[str, Any]:
    return {"note_id": new_id(), "text": "called back", "saved_at": "2026-11-28T04:05:00Z", **changes}


def state(name: str, at: str, call_id: str | None = None) -> dict[str, Any]:
    return {"state": name, "reason": "", "at": at, "call_id": call_id}


def post_batch(client: httpx.Client, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = client.post("/api/v1/batch", json={"items": items})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


@pytest.fixture
def agents(live: LiveServer, unique: Unique) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    first, second = unique("agent"), unique("agent")
    live.add_user(first)
    live.add_user(second)
    with live.client(first) as one, live.client(second) as other:
        yield one, other


def test_refused_items_leave_the_rest_of_their_batch_applied(agents: tuple[httpx.Client, httpx.Client]) -> None:
    mine, theirs = agents
    their_call, their_disposition, their_note = new_id(), disposition(new_id()), note()
    assert [r["status"] for r in post_batch(theirs, [
        item("interaction", interaction(their_call)), item("disposition", their_disposition),
        item("note", their_note)])] == [201, 201, 201]
    call_id, other_call, unknown_call = new_id(), new_id(), new_id()
    good = disposition(call_id)
    results = post_batch(mine, [
        item("interaction", interaction(call_id)),
        item("disposition", disposition(call_id, code="no_such_code")),
        item("interaction", interaction(their_call)),  # another agent's call: 409
        item("disposition", {**their_disposition, "call_id": unknown_call}),  # another agent's id: 409
        item("note", {**their_note, "text": "mine now"}),  # 409
        item("disposition", good),
        item("note", note(call_id=other_call)),
    ])
    assert [r["status"] for r in results] == [201, 422, 409, 409, 409, 201, 201]
    assert "no_such_code" in results[1]["body"]["detail"] and "another agent" in results[3]["body"]["detail"]
    stored = mine.get(f"/api/v1/interactions/{call_id}").json()
    assert [d["disposition_id"] for d in stored["dispositions"]] == [good["disposition_id"]]
    assert mine.get(f"/api/v1/interactions/{unknown_call}").status_code == 404  # the refused item made no stub
    assert theirs.get(f"/api/v1/interactions/{their_call}").json()["duration_s"] == 180.0
    assert [n["text"] for n in theirs.get("/api/v1/notes").json()["items"]] == ["called back"]
    assert [n["call_id"] for n in mine.get("/api/v1/notes").json()["items"]] == [other_call]


def test_a_key_repeated_in_one_batch_is_replayed_once_written(agents: tuple[httpx.Client, httpx.Client]) -> None:
    client, _ = agents
    same, fixed, reused = new_id(), new_id(), new_id()
    call_id = new_id()
    body = disposition(call_id)
    results = post_batch(client, [
        item("disposition", body, same),
        item("disposition", body, same),  # the same request again: the first answer
        item("disposition", disposition(call_id, code="nope"), fixed),  # refused: the key stays free
        item("disposition", {**body, "disposition_id": new_id()}, fixed),  # so this one is written
        item("disposition", disposition(call_id), fixed),  # another body under a written key
        item("note", note(), reused),
        item("note", note(), reused),
    ])
    assert [r["status"] for r in results] == [201, 201, 422, 201, 422, 201, 422]
    assert results[1]["body"] == results[0]["body"]
    assert "different request" in results[4]["body"]["detail"] and "different request" in results[6]["body"]["detail"]
    stored = client.get(f"/api/v1/interactions/{call_id}").json()
    assert stored["stub"] is True and len(stored["dispositions"]) == 2
    again = post_batch(client, [item("disposition", body, same), item("disposition", disposition(call_id), fixed)])
    assert [r["status"] for r in again] == [201, 422] and again[0]["body"] == results[0]["body"]


def test_rows_made_earlier_in_the_batch_are_seen_by_later_items(agents: tuple[httpx.Client, httpx.Client]) -> None:
    client, _ = agents
    call_id = new_id()
    first = disposition(call_id, customer_id="cust-7")
    results = post_batch(client, [
        item("disposition", first),  # before its interaction: a stub, which takes the customer
        item("interaction", interaction(call_id)),  # fills the stub in
        item("disposition", {**first, "code": "callback", "notes": "changed my mind"}),  # same id: an update
        item("interaction", interaction(call_id, duration_s=181.5)),
    ])
    assert [r["status"] for r in results] == [201, 201, 201, 201]
    assert results[1]["body"]["stub"] is False and results[1]["body"]["customer_id"] == "cust-7"
    assert results[2]["body"]["created_at"] == results[0]["body"]["created_at"]
    assert results[3]["body"]["duration_s"] == 181.5
    stored = client.get(f"/api/v1/interactions/{call_id}").json()
    assert (stored["stub"], stored["duration_s"], stored["customer_id"]) == (False, 181.5, "cust-7")
    assert [(d["code"], d["notes"]) for d in stored["dispositions"]] == [("callback", "changed my mind")]


def test_agent_states_in_one_batch_get_own_ids_and_only_newer_are_current(
        agents: tuple[httpx.Client, httpx.Client]) -> None:
    client, _ = agents
    items = [item("agent_state", state("ready", "2026-11-28T05:00:00Z")),
             item("agent_state", state("on_call", "2026-11-28T05:01:00Z", "c-1")),
             item("agent_state", state("not_ready", "2026-11-28T04:00:00Z")),  # delivered late
             item("agent_state", state("wrap_up", "2026-11-28T05:04:00Z", "c-1"))]
    results = post_batch(client, items)
    assert [r["status"] for r in results] == [201] * 4
    assert [r["body"]["current"] for r in results] == [True, True, False, True]
    ids = [r["body"]["id"] for r in results]
    assert all(isinstance(i, int) for i in ids) and ids == sorted(ids) and len(set(ids)) == 4
    assert post_batch(client, items) == results  # replayed with the same ids


def test_a_call_whose_first_disposition_was_refused_still_gets_its_stub(
        agents: tuple[httpx.Client, httpx.Client]) -> None:
    mine, theirs = agents
    their_disposition = disposition(new_id())
    assert post_batch(theirs, [item("disposition", their_disposition)])[0]["status"] == 201
    call_id = new_id()
    results = post_batch(mine, [item("disposition", {**their_disposition, "call_id": call_id}),  # 409
                                item("disposition", disposition(call_id))])
    assert [r["status"] for r in results] == [409, 201]
    assert mine.get(f"/api/v1/interactions/{call_id}").json()["stub"] is True
