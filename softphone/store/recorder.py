"""CallLogRecorder: writes the call log and agent-state history from EventHub events.

It runs on the store worker thread, so a slow disk never delays the engine link or the GUI,
and the history is complete even for calls the agent never touched (missed, rejected).
"""

from __future__ import annotations

import logging
import threading

from softphone.domain.app_events import AgentStateChanged
from softphone.domain.events import CallAnswered, CallEnded, IncomingCallRang, OutgoingCallStarted
from softphone.domain.hub import EventHub, Worker
from softphone.domain.messages import Event
from softphone.domain.values import RemoteIdentity
from softphone.store.errors import StoreError
from softphone.store.store import Store

log = logging.getLogger(__name__)
QUEUE_HEADERS = ("X-Queue", "X-Queue-Name", "X-CallQueue")
RECORDED = (IncomingCallRang, OutgoingCallStarted, CallAnswered, CallEnded, AgentStateChanged)


def remote_number(remote: RemoteIdentity) -> str:
    """The caller's number or user part as the engine saw it (screen-pop normalises it further)."""
    if remote.user:
        return remote.user
    uri = remote.uri.strip("<>")
    for scheme in ("sips:", "sip:", "tel:"):
        if uri.startswith(scheme):
            uri = uri[len(scheme):]
    return uri.split("@", 1)[0].split(";", 1)[0]


def queue_of(remote: RemoteIdentity) -> str:
    for name in QUEUE_HEADERS:
        value = remote.header(name)
        if value:
            return value
    return ""


class CallLogRecorder:
    """Subscribe ``store`` to ``hub``; handlers run in order on ``worker`` (a new "store" worker if None)."""

    def __init__(self, store: Store, hub: EventHub, worker: Worker | None = None) -> None:
        self.store = store
        self._owns_worker = worker is None
        self.worker = worker or Worker("store")
        self._sub = hub.subscribe(self.handle, types=RECORDED, deliver=self.worker.submit, name="call-log")
        self._hub = hub

    def handle(self, event: Event) -> None:
        try:
            self._record(event)
        except StoreError as exc:  # the store published StoreFailed already
            log.error("call log: %s", exc)

    def _record(self, event: Event) -> None:
        match event:
            case IncomingCallRang() | OutgoingCallStarted():
                direction = "inbound" if isinstance(event, IncomingCallRang) else "outbound"
                self.store.call_offered(event.call_id, direction, event.at, remote_number=remote_number(event.remote),
                                        remote_name=event.remote.display_name, account=event.account_id,
                                        queue=queue_of(event.remote))
            case CallAnswered():
                self.store.call_answered(event.call_id, event.at, event.direction.value)
            case CallEnded():
                self.store.call_ended(event.call_id, event.at, event.reason.value, event.code, event.duration_s)
            case AgentStateChanged():
                self.store.record_agent_state(event.state.value, event.reason, event.at, event.call_id)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every event delivered so far has been written (tests, orderly shutdown)."""
        done = threading.Event()
        self.worker.submit(done.set)
        return done.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        self._hub.unsubscribe(self._sub)
        self.flush(timeout)
        if self._owns_worker:
            self.worker.stop(timeout)
