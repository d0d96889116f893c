"""The outbox worker against a real HTTP server on loopback (behind the fault proxy)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import requests

from softphone.domain.app_events import OutboxDrained, OutboxItemDeadLettered, OutboxStatusChanged
from softphone.domain.events import CallAnswered, CallEnded, IncomingCallRang
from softphone.domain.hub import EventHub, EventRecorder
from softphone.domain.values import AgentState, Direction, EndReason, RemoteIdentity
from softphone.store import CallLogRecorder, Store
from softphone.sync import BackoffPolicy, OutboxWorker, SyncClient
from tests.integration.store_sync.conftest import StartWorker, wait_drained
from tests.integration.store_sync.fault_proxy import FaultProxy
from tests.integration.store_sync.servers import RunningServer, dispositions_on


def get(server: RunningServer, token: str, path: str) -> requests.Response:
    return requests.get(server.base_url + path, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def dispositions(server: RunningServer, token: str, call_id: str | None = None) -> list[dict[str, Any]]:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return dispositions_on(session, server.base_url, call_id)


@pytest.fixture
def hub() -> tuple[EventHub, EventRecorder]:
    hub, events = EventHub(), EventRecorder()
    hub.subscribe(events)
    return hub, events


def ring_and_end(hub: EventHub, call_id: str, *, answered: bool) -> None:
    hub.publish(IncomingCallRang(call_id=call_id, account_id="acc1",
                                 remote=RemoteIdentity(uri="sip:+15550001@pbx", user="+15550001")))
    if answered:
        hub.publish(CallAnswered(call_id=call_id, direction=Direction.INBOUND))
    hub.publish(CallEnded(call_id=call_id, reason=EndReason.HANGUP_REMOTE if answered else EndReason.CANCELLED,
                          duration_s=3.0 if answered else 0.0))


def test_everything_the_agent_does_reaches_the_server_in_order_per_call(
        db_path: Path, hub: tuple[EventHub, EventRecorder], start_worker: StartWorker, proxy: FaultProxy,
        sync_server: RunningServer, token: str) -> None:
    bus, events = hub
    store = Store.open(db_path, hub=bus)
    recorder = CallLogRecorder(store, bus)
    ring_and_end(bus, "call-missed", answered=False)
    # a disposition saved while the call is still up: the interaction must still arrive first
    bus.publish(IncomingCallRang(call_id="call-busy", account_id="acc1", remote=RemoteIdentity(uri="sip:9@pbx")))
    assert recorder.flush()
    early = store.save_disposition("call-busy", "callback", "call back at 5", follow_up_at=time.time() + 3600)
    bus.publish(CallEnded(call_id="call-busy", reason=EndReason.HANGUP_LOCAL, duration_s=40.0))
    ring_and_end(bus, "call-ok", answered=True)
    assert recorder.flush()
    late = store.save_disposition("call-ok", "resolved", "fixed")
    store.save_note("VIP, prefers email", customer_id="cust-1")
    store.record_agent_state(AgentState.READY.value)
    start_worker(store, bus)
    drained = events.wait_for(OutboxDrained, timeout=20)
    assert drained.delivered == 7 and store.pending_outbox_count() == 0

    missed = get(sync_server, token, "/api/v1/interactions/call-missed").json()
    assert missed["answered_at"] is None and missed["end_reason"] == "cancelled" and not missed["stub"]
    assert [d["disposition_id"] for d in dispositions(sync_server, token, "call-busy")] == [early]
    assert [d["notes"] for d in dispositions(sync_server, token, "call-ok")] == ["fixed"]
    assert late
    order = [(c.kind, c.call_id) for c in proxy.stats.commits]
    for call_id in ("call-busy", "call-ok"):
        assert order.index(("interaction", call_id)) < order.index(("disposition", call_id))
    status = events.of_type(OutboxStatusChanged)[-1]
    assert status.pending == 0 and status.last_success_at is not None and status.server_reachable
    recorder.stop()
    store.close()


def test_a_refused_item_is_dead_lettered_with_the_servers_reason(
        db_path: Path, hub: tuple[EventHub, EventRecorder], start_worker: StartWorker) -> None:
    bus, events = hub
    store = Store.open(db_path, hub=bus)
    store.save_disposition("call-1", "no_such_code", "typo in the catalog")
    good = store.save_disposition("call-2", "sale")
    start_worker(store, bus)
    dead = events.wait_for(OutboxItemDeadLettered, timeout=20)
    events.wait_for(OutboxDrained, timeout=20)
    assert dead.status_code == 422 and "unknown disposition code 'no_such_code'" in dead.reason
    letter, = store.dead_letters()
    assert letter.idempotency_key == dead.item_id and letter.reason == dead.reason and "no_such_code" in letter.body
    assert store.pending_outbox_count() == 0 and store.dead_letter_count() == 1
    assert events.of_type(OutboxStatusChanged)[-1].dead_letters == 1
    assert good
    store.close()


def test_retry_after_is_honoured(db_path: Path, start_worker: StartWorker, proxy: FaultProxy) -> None:
    store = Store.open(db_path)
    proxy.faults.unavailable, proxy.faults.retry_after = 1.0, "1"
    started = time.monotonic()
    store.save_disposition("call-1", "sale")
    start_worker(store)  # its own backoff would retry within 0.2 s
    while proxy.stats.unavailable == 0:
        assert time.monotonic() - started < 10
        time.sleep(0.01)
    proxy.faults.unavailable = 0.0
    wait_drained(store, timeout=10)
    assert time.monotonic() - started >= 0.95
    assert proxy.stats.unavailable == 1
    store.close()


def test_the_worker_wakes_at_once_when_an_item_is_added(
        db_path: Path, hub: tuple[EventHub, EventRecorder], start_worker: StartWorker) -> None:
    bus, events = hub
    store = Store.open(db_path, hub=bus)
    start_worker(store, bus, idle_poll_s=300.0)
    events.wait_for(OutboxStatusChanged)
    time.sleep(0.2)  # idle now
    started = time.monotonic()
    store.save_disposition("call-1", "sale")
    events.wait_for(OutboxDrained, timeout=10)
    assert time.monotonic() - started < 2.0
    store.close()


def test_the_worker_notices_at_once_when_the_server_comes_back(
        db_path: Path, hub: tuple[EventHub, EventRecorder], start_worker: StartWorker, proxy: FaultProxy) -> None:
    bus, events = hub
    store = Store.open(db_path, hub=bus)
    proxy.faults.down = True
    store.save_disposition("call-1", "sale")
    slow = BackoffPolicy(base_s=20.0, cap_s=60.0, probe_interval_s=0.05)
    start_worker(store, bus, policy=slow, rand=lambda: 0.99)  # its backoff alone would wait ~20 s
    down = events.wait_for(OutboxStatusChanged, lambda e: not e.server_reachable, timeout=10)
    assert "unreachable" in down.last_error.lower() and down.pending == 1
    time.sleep(0.3)
    proxy.faults.down = False
    back = time.monotonic()
    events.wait_for(OutboxDrained, timeout=10)
    assert time.monotonic() - back < 3.0
    store.close()


def test_without_a_batch_endpoint_items_go_one_by_one(
        db_path: Path, start_worker: StartWorker, proxy: FaultProxy, sync_server: RunningServer, token: str) -> None:
    store = Store.open(db_path)
    proxy.faults.no_batch = True
    ids = [store.save_disposition(f"call-{n}", "sale") for n in range(5)]
    store.save_disposition("call-0", "bogus")  # still dead-lettered through the single endpoint
    start_worker(store)
    wait_drained(store, timeout=20)
    assert len(proxy.stats.commits) == 5 and store.dead_letter_count() == 1
    got = {d["disposition_id"] for d in dispositions(sync_server, token)}
    assert got == set(ids)
    store.close()


def test_not_signed_in_is_reported_then_delivered_once_a_token_exists(
        db_path: Path, hub: tuple[EventHub, EventRecorder], proxy: FaultProxy, token: str) -> None:
    bus, events = hub
    store = Store.open(db_path, hub=bus)
    current: list[str | None] = [None]
    worker = OutboxWorker(store, SyncClient(proxy.base_url, lambda: current[0]), bus,
                          policy=BackoffPolicy(base_s=30.0, cap_s=60.0), rand=lambda: 0.99).start()
    try:
        store.save_disposition("call-1", "sale")
        events.wait_for(OutboxStatusChanged, lambda e: "signed in" in e.last_error.lower(), timeout=10)
        current[0] = "not-a-valid-token"
        worker.retry_now()
        events.wait_for(OutboxStatusChanged, lambda e: "401" in e.last_error, timeout=10)
        current[0] = token
        worker.retry_now()  # e.g. the app after a new sign-in
        events.wait_for(OutboxDrained, timeout=10)
    finally:
        worker.stop()
        store.close()


def test_tls_verification_cannot_be_switched_off() -> None:
    with pytest.raises(ValueError, match="TLS verification"):
        SyncClient("https://example.invalid", lambda: "t", verify=False)


def test_retries_back_off_exponentially_while_the_server_fails(
        db_path: Path, start_worker: StartWorker, proxy: FaultProxy) -> None:
    store = Store.open(db_path)
    proxy.faults.unavailable = 1.0  # 503 without Retry-After: the worker's own backoff decides
    store.save_disposition("call-1", "sale")
    policy = BackoffPolicy(base_s=0.05, cap_s=0.4)
    start_worker(store, policy=policy, rand=lambda: 0.99)  # delays ~0.05, 0.1, 0.2, 0.4, 0.4, ...
    time.sleep(1.6)
    tries = proxy.stats.unavailable
    assert 3 <= tries <= 9, tries  # about 6; a worker without backoff would have made hundreds
    proxy.faults.unavailable = 0.0
    wait_drained(store, timeout=10)
    store.close()


def test_stop_does_not_wait_for_a_long_backoff(db_path: Path, proxy: FaultProxy, token: str) -> None:
    store = Store.open(db_path)
    proxy.faults.unavailable = 1.0
    store.save_disposition("call-1", "sale")
    worker = OutboxWorker(store, SyncClient(proxy.base_url, lambda: token),
                          policy=BackoffPolicy(base_s=120.0, cap_s=600.0), rand=lambda: 0.99).start()
    deadline = time.monotonic() + 10
    while proxy.stats.unavailable == 0:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.1)  # now in a two-minute backoff
    started = time.monotonic()
    assert worker.stop(timeout=5)
    assert time.monotonic() - started < 1.0
    assert store.pending_outbox_count() == 1  # still queued for the next start
    store.close()
