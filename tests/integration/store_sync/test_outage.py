"""A server that is down for the whole shift: 2,000 items queued, the app restarted twice,
then the server comes back: everything arrives, in order per call, exactly once."""

from __future__ import annotations

import time
from pathlib import Path

from softphone.domain.app_events import OutboxDrained, OutboxStatusChanged
from softphone.domain.events import CallAnswered, CallEnded, IncomingCallRang
from softphone.domain.hub import EventHub, EventRecorder
from softphone.domain.values import Direction, EndReason, RemoteIdentity
from softphone.store import CallLogRecorder, Store
from softphone.sync import BackoffPolicy, OutboxWorker, SyncClient
from tests.integration.store_sync.fault_proxy import FaultProxy

CALLS = 1000  # an interaction and a disposition each: 2,000 items
POLICY = BackoffPolicy(base_s=0.05, cap_s=1.0, probe_interval_s=0.05)


class App:
    """The parts of the app that matter here, started and stopped like the real one."""

    def __init__(self, db_path: Path, proxy: FaultProxy, token: str) -> None:
        self.hub, self.events = EventHub(), EventRecorder()
        self.hub.subscribe(self.events)
        self.store = Store.open(db_path, hub=self.hub)
        self.recorder = CallLogRecorder(self.store, self.hub)
        self.worker = OutboxWorker(self.store, SyncClient(proxy.base_url, lambda: token), self.hub,
                                   policy=POLICY).start()

    def stop(self) -> None:
        self.recorder.stop()
        assert self.worker.stop()
        self.store.close()


def test_outage_with_two_restarts(db_path: Path, proxy: FaultProxy, token: str) -> None:
    proxy.faults.down = True
    app = App(db_path, proxy, token)
    dispositions: dict[str, str] = {}
    for n in range(CALLS):
        call_id = f"call-{n}"
        app.hub.publish(IncomingCallRang(call_id=call_id, account_id="acc1",
                                         remote=RemoteIdentity(uri=f"sip:+1555{n:04d}@pbx")))
        app.hub.publish(CallAnswered(call_id=call_id, direction=Direction.INBOUND))
        if n % 10 == 0:  # some saved while the call is still up
            assert app.recorder.flush()
            dispositions[call_id] = app.store.save_disposition(call_id, "resolved", f"during call {n}")
        app.hub.publish(CallEnded(call_id=call_id, reason=EndReason.HANGUP_REMOTE, duration_s=30.0))
        if n % 10 != 0:
            assert app.recorder.flush()
            dispositions[call_id] = app.store.save_disposition(call_id, "sale", f"after call {n}")
    assert app.recorder.flush()
    assert app.store.pending_outbox_count() == 2 * CALLS
    app.events.wait_for(OutboxStatusChanged, lambda e: not e.server_reachable, timeout=10)
    app.stop()

    for _restart in range(2):
        resets = proxy.stats.resets
        app = App(db_path, proxy, token)
        deadline = time.monotonic() + 10
        while proxy.stats.resets <= resets:  # it tried again after the restart
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert app.store.pending_outbox_count() == 2 * CALLS
        if _restart == 0:
            app.stop()

    assert not proxy.stats.commits
    proxy.faults.down = False
    drained = app.events.wait_for(OutboxDrained, timeout=120)
    assert drained.delivered == 2 * CALLS and app.store.pending_outbox_count() == 0
    app.stop()

    commits = proxy.stats.commits
    assert len(commits) == 2 * CALLS and proxy.stats.replays == 0
    seen: dict[str, list[str]] = {}
    for commit in commits:
        assert commit.call_id is not None
        seen.setdefault(commit.call_id, []).append(commit.kind)
    assert all(kinds == ["interaction", "disposition"] for kinds in seen.values()), "out of order for some call"
    assert set(seen) == set(dispositions)
