"""Call lines: one ``CallView`` per live call, reduced from engine events."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from softphone.domain.events import (
    CallAnswered,
    CallEnded,
    CallHeld,
    CallMuted,
    CallReplaced,
    CallResumed,
    CallStateChanged,
    CallTransferredAway,
    ConferenceChanged,
    DtmfReceived,
    EngineDied,
    IncomingCallRang,
    OutgoingCallStarted,
    TransferProgressed,
)
from softphone.domain.messages import Event
from softphone.domain.values import CallState, Direction, EndReason, RemoteIdentity


class TransferPhase(enum.Enum):
    NONE = "none"
    IN_PROGRESS = "in_progress"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class CallView:
    call_id: str
    account_id: str
    direction: Direction
    remote: RemoteIdentity
    state: CallState
    started_at: float  # wall clock of the first event
    connected_at: float | None = None
    muted: bool = False
    held: bool = False  # we put it on hold
    remote_held: bool = False
    in_conference: bool = False
    dtmf_received: str = ""
    transfer: TransferPhase = TransferPhase.NONE
    transfer_text: str = ""  # the engine's reason text (plain text)
    consult_for: str | None = None  # set by the UI for an attended-transfer consultation call

    @property
    def ringing_in(self) -> bool:
        return self.state is CallState.RINGING_IN

    @property
    def answered(self) -> bool:
        return self.connected_at is not None

    def elapsed(self, now: float) -> float:
        """Talk time when connected, else time since the call started."""
        start = self.connected_at if self.connected_at is not None else self.started_at
        return max(0.0, now - start)


@dataclass(frozen=True)
class EndedCall:
    view: CallView
    reason: EndReason
    duration_s: float
    reason_text: str = ""


def display_name(remote: RemoteIdentity) -> str:
    """The best human name of the far end (untrusted: render as plain text)."""
    return remote.display_name or remote.user or remote.uri


def format_elapsed(seconds: float) -> str:
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class CallsModel:
    """Reducer: ``apply(event)`` returns the ids of the calls whose view changed."""

    def __init__(self) -> None:
        self.calls: dict[str, CallView] = {}  # insertion order = line order
        self.ended: list[EndedCall] = []  # ended since the last ``take_ended``
        self.last_dialed: str = ""
        self._consults: dict[str, str] = {}  # consult call id -> original, before the call exists

    # ---- queries ---------------------------------------------------------------------------
    def get(self, call_id: str) -> CallView | None:
        return self.calls.get(call_id)

    def ringing(self) -> list[CallView]:
        return [c for c in self.calls.values() if c.ringing_in]

    def current(self) -> CallView | None:
        """The call the keyboard shortcuts act on: the active one, else the newest live one."""
        live = [c for c in self.calls.values() if not c.ringing_in]
        for call in reversed(live):
            if call.state in (CallState.ACTIVE, CallState.REMOTE_HELD, CallState.CONNECTING):
                return call
        return live[-1] if live else None

    def others(self, call_id: str) -> list[CallView]:
        return [c for c in self.calls.values() if c.call_id != call_id and not c.ringing_in]

    def take_ended(self) -> list[EndedCall]:
        ended, self.ended = self.ended, []
        return ended

    def mark_consultation(self, consult_call_id: str, original_call_id: str) -> None:
        call = self.calls.get(consult_call_id)
        if call is not None:
            self.calls[consult_call_id] = replace(call, consult_for=original_call_id)
        else:
            self._consults[consult_call_id] = original_call_id

    # ---- reducer ---------------------------------------------------------------------------
    def apply(self, event: Event) -> set[str]:
        handler = getattr(self, f"_on_{type(event).__name__}", None)
        if handler is None:
            return set()
        changed: set[str] = handler(event)
        return changed

    def _update(self, call_id: str, **changes: object) -> set[str]:
        call = self.calls.get(call_id)
        if call is None:
            return set()
        self.calls[call_id] = replace(call, **changes)  # type: ignore[arg-type]
        return {call_id}

    def _on_IncomingCallRang(self, e: IncomingCallRang) -> set[str]:
        self.calls[e.call_id] = CallView(e.call_id, e.account_id, Direction.INBOUND, e.remote,
                                         CallState.RINGING_IN, e.at)
        return {e.call_id}

    def _on_OutgoingCallStarted(self, e: OutgoingCallStarted) -> set[str]:
        old = self.calls.get(e.call_id)
        consult_for = old.consult_for if old else self._consults.pop(e.call_id, None)
        self.calls[e.call_id] = CallView(e.call_id, e.account_id, Direction.OUTBOUND, e.remote,
                                         CallState.DIALING, e.at, consult_for=consult_for)
        return {e.call_id}

    def _on_CallStateChanged(self, e: CallStateChanged) -> set[str]:
        if e.state is CallState.ENDED:
            return set()  # CallEnded carries the reason
        call = self.calls.get(e.call_id)
        if call is None:
            return set()
        changes: dict[str, object] = {"state": e.state}
        if e.state is CallState.HELD:
            changes["held"] = True
        elif e.state is CallState.REMOTE_HELD:
            changes["remote_held"] = True
        elif e.state is CallState.ACTIVE:
            changes.update(held=False, remote_held=False)
            if call.connected_at is None:
                changes["connected_at"] = e.at
        return self._update(e.call_id, **changes)

    def _on_CallAnswered(self, e: CallAnswered) -> set[str]:
        call = self.calls.get(e.call_id)
        if call is None:
            return set()
        state = call.state if call.state in (CallState.HELD, CallState.REMOTE_HELD) else CallState.ACTIVE
        return self._update(e.call_id, state=state, connected_at=call.connected_at or e.at)

    def _on_CallHeld(self, e: CallHeld) -> set[str]:
        if e.by_remote:
            return self._update(e.call_id, remote_held=True, state=CallState.REMOTE_HELD)
        return self._update(e.call_id, held=True, state=CallState.HELD)

    def _on_CallResumed(self, e: CallResumed) -> set[str]:
        call = self.calls.get(e.call_id)
        if call is None:
            return set()
        held = call.held and e.by_remote
        remote_held = call.remote_held and not e.by_remote
        state = CallState.HELD if held else CallState.REMOTE_HELD if remote_held else CallState.ACTIVE
        return self._update(e.call_id, held=held, remote_held=remote_held, state=state)

    def _on_CallMuted(self, e: CallMuted) -> set[str]:
        return self._update(e.call_id, muted=e.muted)

    def _on_DtmfReceived(self, e: DtmfReceived) -> set[str]:
        call = self.calls.get(e.call_id)
        if call is None:
            return set()
        return self._update(e.call_id, dtmf_received=(call.dtmf_received + e.digit)[-32:])

    def _on_TransferProgressed(self, e: TransferProgressed) -> set[str]:
        if not e.final:
            phase = TransferPhase.IN_PROGRESS
        else:
            phase = TransferPhase.SUCCEEDED if e.succeeded else TransferPhase.FAILED
        return self._update(e.call_id, transfer=phase, transfer_text=f"{e.code} {e.reason}".strip())

    def _on_ConferenceChanged(self, e: ConferenceChanged) -> set[str]:
        members = set(e.call_ids)
        changed: set[str] = set()
        for call_id, call in list(self.calls.items()):
            inside = call_id in members
            if call.in_conference != inside:
                changed |= self._update(call_id, in_conference=inside)
        return changed

    def _on_CallReplaced(self, e: CallReplaced) -> set[str]:
        old = self.calls.get(e.old_call_id)
        new = self.calls.get(e.new_call_id)
        if old is not None and new is None:
            self.calls[e.new_call_id] = replace(old, call_id=e.new_call_id)
        self.calls.pop(e.old_call_id, None)
        return {e.old_call_id, e.new_call_id}

    def _on_CallTransferredAway(self, e: CallTransferredAway) -> set[str]:
        return self._update(e.call_id, transfer=TransferPhase.SUCCEEDED, transfer_text=e.target)

    def _on_CallEnded(self, e: CallEnded) -> set[str]:
        call = self.calls.pop(e.call_id, None)
        if call is None:
            return set()
        self.ended.append(EndedCall(call, e.reason, e.duration_s, e.reason_text))
        return {e.call_id}

    def _on_EngineDied(self, e: EngineDied) -> set[str]:
        # the engine took every call with it: end them so the cards go away and wrap-up opens
        changed = set(self.calls)
        for call in list(self.calls.values()):
            duration = e.at - call.connected_at if call.connected_at is not None else 0.0
            self.ended.append(EndedCall(call, EndReason.ENGINE_LOST, max(0.0, duration), e.reason))
        self.calls.clear()
        return changed
