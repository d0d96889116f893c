"""Wrap-up after a call: disposition, notes, follow-up, countdown; saved only on DispositionSaved."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from softphone.domain.app_events import AgentStateChanged, DispositionSaved, StoreFailed
from softphone.domain.commands import SaveDisposition
from softphone.domain.messages import Event
from softphone.domain.values import AgentState
from softphone.domain.views import DispositionOption


class WrapUpPhase(enum.Enum):
    EDITING = "editing"
    SAVING = "saving"  # SaveDisposition sent, waiting for DispositionSaved / StoreFailed
    SAVED = "saved"
    FAILED = "failed"  # StoreFailed: nothing saved, the form keeps what the agent typed


class WrapUpProblem(enum.Enum):
    NO_DISPOSITION = "no_disposition"
    NOTE_REQUIRED = "note_required"
    FOLLOW_UP_REQUIRED = "follow_up_required"


@dataclass(frozen=True)
class WrapUpView:
    call_id: str
    caller: str  # plain text
    deadline: float | None  # wall clock; None: no limit
    phase: WrapUpPhase = WrapUpPhase.EDITING
    error: str = ""
    customer_id: str = ""

    def remaining(self, now: float) -> float | None:
        return None if self.deadline is None else self.deadline - now


def filter_dispositions(options: tuple[DispositionOption, ...], query: str) -> list[DispositionOption]:
    needle = query.strip().casefold()
    if not needle:
        return list(options)
    return [o for o in options if needle in o.label.casefold() or needle in o.code.casefold()]


def validate(option: DispositionOption | None, notes: str, follow_up_at: float | None) -> WrapUpProblem | None:
    if option is None:
        return WrapUpProblem.NO_DISPOSITION
    if option.requires_note and not notes.strip():
        return WrapUpProblem.NOTE_REQUIRED
    if option.requires_follow_up and follow_up_at is None:
        return WrapUpProblem.FOLLOW_UP_REQUIRED
    return None


class WrapUpModel:
    """A queue of calls to wrap up; the first one is shown."""

    def __init__(self) -> None:
        self.queue: list[WrapUpView] = []

    @property
    def current(self) -> WrapUpView | None:
        return self.queue[0] if self.queue else None

    def start(self, call_id: str, caller: str, deadline: float | None, customer_id: str = "") -> None:
        if any(w.call_id == call_id for w in self.queue):
            return
        self.queue.append(WrapUpView(call_id, caller, deadline, customer_id=customer_id))

    def set_customer(self, call_id: str, customer_id: str) -> None:
        self.queue = [replace(w, customer_id=customer_id) if w.call_id == call_id else w for w in self.queue]

    def save(self, option: DispositionOption | None, notes: str,
             follow_up_at: float | None) -> SaveDisposition | WrapUpProblem:
        """The command to send, or why the form is not complete. Moves the current item to SAVING."""
        current = self.current
        if current is None or current.phase in (WrapUpPhase.SAVING, WrapUpPhase.SAVED):
            raise RuntimeError("nothing to save")
        problem = validate(option, notes, follow_up_at)
        if problem is not None:
            return problem
        assert option is not None
        self.queue[0] = replace(current, phase=WrapUpPhase.SAVING, error="")
        return SaveDisposition(call_id=current.call_id, code=option.code, notes=notes.strip(),
                               follow_up_at=follow_up_at)

    def done(self) -> None:
        """The agent closed a saved wrap-up: show the next one."""
        if self.queue and self.queue[0].phase is WrapUpPhase.SAVED:
            self.queue.pop(0)

    def apply(self, event: Event) -> bool:
        current = self.current
        if isinstance(event, AgentStateChanged) and event.state is AgentState.WRAP_UP and event.call_id:
            changed = False
            for i, item in enumerate(self.queue):
                if item.call_id == event.call_id and item.deadline != event.wrap_up_deadline:
                    self.queue[i] = replace(item, deadline=event.wrap_up_deadline)
                    changed = True
            return changed
        if current is None or current.phase is not WrapUpPhase.SAVING:
            return False
        if isinstance(event, DispositionSaved) and event.call_id == current.call_id:
            self.queue[0] = replace(current, phase=WrapUpPhase.SAVED)
            return True
        if isinstance(event, StoreFailed):
            self.queue[0] = replace(current, phase=WrapUpPhase.FAILED, error=event.reason)
            return True
        return False
