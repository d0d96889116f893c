"""The same Idempotency-Key sent 20 times at once creates one row and 20 equal answers."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import func, select

from server.models import AgentStateEvent, Disposition, IdempotencyKey, Interaction
from tests.integration.server.live import LiveServer

PARALLEL = 20


def _fire(live: LiveServer, token: str, path: str, headers: dict[str, str], body: Any) -> list[httpx.Response]:
    barrier = threading.Barrier(PARALLEL)

    def send(_: int) -> httpx.Response:
        with httpx.Client(base_url=live.url, timeout=60,
                          headers={"Authorization": f"Bearer {token}", **headers}) as client:
            barrier.wait()
            return client.post(path, json=body)

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(send, range(PARALLEL)))


def test_same_key_twenty_times_in_parallel_is_one_row(live: LiveServer, unique: Callable[[str], str]) -> None:
    name = unique("agent")
    user_id = live.add_user(name)
    token = live.login(name)
    key = str(uuid.uuid4())
    # agent states have no natural key: only the Idempotency-Key keeps them from doubling
    body = {"state": "not_ready", "reason": "break", "at": "2026-11-28T03:00:00Z", "call_id": None}
    responses = _fire(live, token, "/api/v1/agent-states", {"Idempotency-Key": key}, body)
    assert {r.status_code for r in responses} == {201}, [r.text for r in responses if r.status_code != 201]
    assert len({r.text for r in responses}) == 1
    assert sum(r.headers.get("idempotent-replayed") == "true" for r in responses) == PARALLEL - 1
    with live.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AgentStateEvent)
                              .where(AgentStateEvent.user_id == user_id)) == 1
        assert session.scalar(select(func.count()).select_from(IdempotencyKey)
                              .where(IdempotencyKey.user_id == user_id)) == 1


def test_parallel_dispositions_for_an_unknown_call_make_one_stub(live: LiveServer,
                                                                 unique: Callable[[str], str]) -> None:
    name = unique("agent")
    live.add_user(name)
    token = live.login(name)
    call_id = str(uuid.uuid4())
    body = {"disposition_id": str(uuid.uuid4()), "call_id": call_id, "code": "resolved", "notes": "",
            "follow_up_at": None, "customer_id": None, "saved_at": "2026-11-28T03:35:00Z"}
    responses = _fire(live, token, "/api/v1/dispositions", {"Idempotency-Key": str(uuid.uuid4())}, body)
    assert {r.status_code for r in responses} == {201}
    with live.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Disposition)
                              .where(Disposition.call_id == call_id)) == 1
        assert session.scalar(select(func.count()).select_from(Interaction)
                              .where(Interaction.call_id == call_id)) == 1


def test_parallel_distinct_keys_for_one_call_all_land(live: LiveServer, unique: Callable[[str], str]) -> None:
    """Twenty different dispositions racing to create the same stub interaction: none is lost."""
    name = unique("agent")
    live.add_user(name)
    token = live.login(name)
    call_id = str(uuid.uuid4())
    barrier = threading.Barrier(PARALLEL)

    def send(_: int) -> int:
        body = {"disposition_id": str(uuid.uuid4()), "call_id": call_id, "code": "callback",
                "saved_at": "2026-11-28T03:35:00Z"}
        with httpx.Client(base_url=live.url, timeout=60, headers={"Authorization": f"Bearer {token}"}) as client:
            barrier.wait()
            return client.post("/api/v1/dispositions", json=body,
                               headers={"Idempotency-Key": str(uuid.uuid4())}).status_code

    with ThreadPoolExecutor(PARALLEL) as pool:
        assert set(pool.map(send, range(PARALLEL))) == {201}
    with live.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Disposition)
                              .where(Disposition.call_id == call_id)) == PARALLEL


def test_same_item_key_in_twenty_parallel_batches_is_one_row(live: LiveServer,
                                                             unique: Callable[[str], str]) -> None:
    name = unique("agent")
    user_id = live.add_user(name)
    token = live.login(name)
    item = {"kind": "agent_state", "idempotency_key": str(uuid.uuid4()),
            "body": {"state": "wrap_up", "reason": "", "at": "2026-11-28T03:10:00Z", "call_id": "c"}}
    responses = _fire(live, token, "/api/v1/batch", {}, {"items": [item]})
    assert {r.status_code for r in responses} == {200}
    results = [r.json()["results"][0] for r in responses]
    assert {r["status"] for r in results} == {201} and len({str(r["body"]) for r in results}) == 1
    with live.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AgentStateEvent)
                              .where(AgentStateEvent.user_id == user_id)) == 1


def test_the_same_batch_twenty_times_in_parallel_writes_each_item_once(live: LiveServer,
                                                                       unique: Callable[[str], str]) -> None:
    name = unique("agent")
    user_id = live.add_user(name)
    token = live.login(name)
    call_id = str(uuid.uuid4())
    items = [{"kind": "disposition", "idempotency_key": str(uuid.uuid4()),
              "body": {"disposition_id": str(uuid.uuid4()), "call_id": call_id, "code": "resolved",
                       "saved_at": "2026-11-28T03:35:00Z"}} for _ in range(5)]
    items.append({"kind": "agent_state", "idempotency_key": str(uuid.uuid4()),
                  "body": {"state": "wrap_up", "reason": "", "at": "2026-11-28T03:36:00Z", "call_id": call_id}})
    responses = _fire(live, token, "/api/v1/batch", {}, {"items": items})
    assert {r.status_code for r in responses} == {200}
    assert len({str(r.json()["results"]) for r in responses}) == 1  # every answer is the first one
    with live.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Disposition)
                              .where(Disposition.call_id == call_id)) == 5
        assert session.scalar(select(func.count()).select_from(Interaction)
                              .where(Interaction.call_id == call_id)) == 1
        assert session.scalar(select(func.count()).select_from(AgentStateEvent)
                              .where(AgentStateEvent.user_id == user_id)) == 1


def test_parallel_batches_racing_for_one_stub_all_land(live: LiveServer, unique: Callable[[str], str]) -> None:
    """Each batch makes the same stub interaction: the losers of the race are retried item by item."""
    name = unique("agent")
    live.add_user(name)
    token = live.login(name)
    call_id = str(uuid.uuid4())
    barrier = threading.Barrier(PARALLEL)

    def send(_: int) -> list[int]:
        items = [{"kind": "disposition", "idempotency_key": str(uuid.uuid4()),
                  "body": {"disposition_id": str(uuid.uuid4()), "call_id": call_id, "code": "callback",
                           "saved_at": "2026-11-28T03:35:00Z"}} for _ in range(3)]
        with httpx.Client(base_url=live.url, timeout=60, headers={"Authorization": f"Bearer {token}"}) as client:
            barrier.wait()
            response = client.post("/api/v1/batch", json={"items": items})
            return [response.status_code, *(r["status"] for r in response.json()["results"])]

    with ThreadPoolExecutor(PARALLEL) as pool:
        assert {tuple(statuses) for statuses in pool.map(send, range(PARALLEL))} == {(200, 201, 201, 201)}
    with live.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Disposition)
                              .where(Disposition.call_id == call_id)) == 3 * PARALLEL
