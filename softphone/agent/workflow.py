"""AgentWorkflow: drives the pure agent state machine from the EventHub (issue 7).

    workflow = AgentWorkflow(hub, policy_from_provisioning(doc), report=outbox_enqueue)
    workflow.start()                 # handlers run on the "agent" Worker
    workflow.set_ready()             # any thread
    workflow.type_notes(call_id, text)   # any thread: autosaved, crash-safe
    workflow.save_disposition(call_id, "sale", follow_up_at=None)   # -> SaveDisposition to the store

Threads: every event and every agent action is handed to the "agent" Worker, which owns the
snapshot, the wrap-up timers and the notes files. Each change of the derived state is
published as ``AgentStateChanged`` and handed to ``report`` (the outbox carries it to
``POST /api/v1/agent-states`` with the report's idempotency key). A refused action (a
not-ready reason that is not provisioned, "ready" while a disposition must be saved first)
is published as ``CommandFailed``.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from softphone.agent.notes import NotesAutosave
from softphone.domain import agent_state as sm
from softphone.domain import events as ev
from softphone.domain.app_events import AgentStateChanged, DispositionSaved
from softphone.domain.commands import SaveDisposition
from softphone.domain.hub import EventHub, Subscription, Worker
from softphone.domain.messages import Command, Event
from softphone.domain.values import AgentState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StateReport:
    """One agent state change for the server (``POST /api/v1/agent-states``)."""

    idempotency_key: str
    state: AgentState
    reason: str
    call_id: str | None
    wrap_up_deadline: float | None
    at: float

    def body(self) -> dict[str, object]:
        return {"state": self.state.value, "reason": self.reason, "call_id": self.call_id,
                "wrap_up_deadline": self.wrap_up_deadline, "at": self.at}


def policy_from_provisioning(doc: Mapping[str, object]) -> sm.AgentPolicy:
    seconds = doc.get("wrap_up_seconds")
    may_take = doc.get("may_take_call_before_disposition")
    reasons = doc.get("not_ready_reasons")
    codes: list[str] = []
    if isinstance(reasons, list):
        for item in reasons:
            code = item.get("code") if isinstance(item, dict) else item
            if isinstance(code, str) and code:
                codes.append(code)
    return sm.AgentPolicy(
        wrap_up_seconds=float(seconds) if isinstance(seconds, int | float) and not isinstance(seconds, bool)
        and seconds > 0 else 0.0,
        may_take_call_before_disposition=may_take if isinstance(may_take, bool) else True,
        not_ready_reasons=tuple(codes),
    )


class AgentWorkflow:
    def __init__(self, hub: EventHub, policy: sm.AgentPolicy, *,
                 report: Callable[[StateReport], None] | None = None,
                 send: Callable[[Command], None] | None = None,
                 notes: NotesAutosave | None = None,
                 clock: Callable[[], float] = time.time,
                 initial: sm.AgentSnapshot | None = None) -> None:
        self.hub = hub
        self.policy = policy
        self._report = report
        self._send = send
        self.notes = notes if notes is not None else NotesAutosave()
        self._clock = clock
        self._snap = initial or sm.AgentSnapshot()
        self._last = sm.report_of(self._snap)
        self._timers: dict[str, threading.Timer] = {}
        self._typed: dict[str, tuple[str, str]] = {}  # call_id -> (text, customer_id) not yet on disk
        self._worker: Worker | None = None
        self._sub: Subscription | None = None

    # ---- any thread -----------------------------------------------------------------------------
    @property
    def snapshot(self) -> sm.AgentSnapshot:
        return self._snap  # immutable: a consistent view from any thread

    @property
    def state(self) -> AgentState:
        return sm.state_of(self._snap)

    def can_answer(self) -> bool:
        return sm.can_answer(self._snap, self.policy)

    def start(self) -> None:
        self._worker = Worker("agent")
        self._sub = self.hub.subscribe(
            self._on_event, deliver=self._worker.submit, name="agent",
            types=(ev.IncomingCallRang, ev.OutgoingCallStarted, ev.CallAnswered, ev.CallEnded, ev.CallReplaced,
                   ev.CallTransferredAway, DispositionSaved))

    def stop(self) -> None:
        if self._sub is not None:
            self.hub.unsubscribe(self._sub)
            self._sub = None
        if self._worker is not None:
            self._worker.submit(self._shutdown)
            self._worker.stop()
            self._worker = None

    def set_ready(self) -> None:
        self._submit(lambda: self._apply(sm.SetReady(), "SetReady"))

    def set_not_ready(self, reason: str) -> None:
        self._submit(lambda: self._apply(sm.SetNotReady(reason), "SetNotReady"))

    def set_offline(self) -> None:
        self._submit(lambda: self._apply(sm.SetOffline(), "SetOffline"))

    def set_policy(self, policy: sm.AgentPolicy) -> None:
        self._submit(lambda: setattr(self, "policy", policy))

    def type_notes(self, call_id: str, text: str, customer_id: str = "") -> None:
        """The agent typed: the latest text reaches the disk soon (writes coalesce, never block the caller)."""
        self._submit(lambda: self._note_typed(call_id, text, customer_id))

    def save_disposition(self, call_id: str, code: str, *, notes: str | None = None,
                         follow_up_at: float | None = None) -> SaveDisposition:
        """Build the store command (notes default to the autosaved draft) and hand it to ``send``."""
        if notes is None:
            typed = self._typed.get(call_id)
            draft = self.notes.load(call_id) if typed is None else None
            notes = typed[0] if typed is not None else (draft.text if draft is not None else "")
        command = SaveDisposition(call_id=call_id, code=code, notes=notes, follow_up_at=follow_up_at)
        if self._send is not None:
            self._send(command)
        return command

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything submitted so far ran and typed notes are on disk (tests, shutdown)."""
        done = threading.Event()

        def run() -> None:
            self._flush_all_notes()
            done.set()

        self._submit(run)
        return done.wait(timeout)

    def _submit(self, task: Callable[[], None]) -> None:
        if self._worker is None:
            raise RuntimeError("AgentWorkflow is not started")
        self._worker.submit(task)

    # ---- the agent worker ---------------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        match event:
            case ev.IncomingCallRang(call_id=call_id):
                self._apply(sm.Ringing(call_id))
            case ev.OutgoingCallStarted(call_id=call_id):
                self._apply(sm.Dialing(call_id))
            case ev.CallAnswered(call_id=call_id):
                self._apply(sm.Connected(call_id))
            case ev.CallEnded(call_id=call_id):
                self._flush_notes(call_id)
                self._apply(sm.Ended(call_id))
            case ev.CallReplaced(old_call_id=old, new_call_id=new):
                self._apply(sm.Replaced(old, new))
            case ev.CallTransferredAway(call_id=old, new_call_id=new):
                self._apply(sm.TransferredAway(old, new))
            case DispositionSaved(call_id=call_id):
                self._typed.pop(call_id, None)
                self.notes.discard(call_id)
                self._apply(sm.DispositionDone(call_id))

    def _apply(self, event: sm.Input, action: str = "") -> None:
        result = sm.step(self._snap, event, self.policy, self._clock())
        self._snap = result.snapshot
        if result.refused:
            self.hub.publish(ev.CommandFailed(command=action or type(event).__name__, reason=result.refused))
        self._arm_timers()
        current = sm.report_of(self._snap)
        if current == self._last:
            return
        self._last = current
        self.hub.publish(AgentStateChanged(state=current.state, reason=current.reason, call_id=current.call_id,
                                           wrap_up_deadline=current.wrap_up_deadline))
        if self._report is not None:
            report = StateReport(str(uuid.uuid4()), current.state, current.reason, current.call_id,
                                 current.wrap_up_deadline, self._clock())
            try:
                self._report(report)
            except Exception:
                log.exception("handing the agent state report over failed")

    def _arm_timers(self) -> None:
        due = {w.call_id: w.deadline for w in self._snap.wrap_ups if w.deadline is not None and not w.expired}
        for call_id in [c for c in self._timers if c not in due]:
            self._timers.pop(call_id).cancel()
        worker = self._worker
        for call_id, deadline in due.items():
            if call_id in self._timers or deadline is None or worker is None:
                continue
            delay = max(0.0, deadline - self._clock())

            def fire(call_id: str = call_id) -> None:
                worker.submit(lambda: self._expired(call_id))

            timer = threading.Timer(delay, fire)
            timer.daemon = True
            self._timers[call_id] = timer
            timer.start()

    def _expired(self, call_id: str) -> None:
        self._timers.pop(call_id, None)
        self._apply(sm.WrapUpExpired(call_id))

    def _note_typed(self, call_id: str, text: str, customer_id: str) -> None:
        first = call_id not in self._typed
        self._typed[call_id] = (text, customer_id)
        if first and self._worker is not None:
            self._worker.submit(lambda: self._flush_notes(call_id))  # behind any keystrokes already queued

    def _flush_notes(self, call_id: str) -> None:
        typed = self._typed.get(call_id)
        if typed is None:
            return
        self.notes.save(call_id, typed[0], typed[1])
        if self._typed.get(call_id) == typed:
            del self._typed[call_id]

    def _flush_all_notes(self) -> None:
        for call_id in list(self._typed):
            self._flush_notes(call_id)

    def _shutdown(self) -> None:
        self._flush_all_notes()
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
