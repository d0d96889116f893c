"""The agent state machine: pure functions over an immutable snapshot (issue 7).

The agent chooses a *presence* (ready, not ready with a reason code, offline). Calls and
after-call work override it; the reported ``AgentState`` is derived, in this order:

1. ON_CALL   while any call is connected or being dialed (hold and call waiting included);
2. RINGING   while an incoming call rings and no call is connected;
3. WRAP_UP   while an answered call that ended still *holds* the agent for after-call work;
4. otherwise the presence: READY, NOT_READY (reason) or OFFLINE.

Wrap-up: every connected call that ends leaves a ``WrapUp`` item (its disposition is due),
with a deadline when ``wrap_up_seconds > 0``. The item holds the agent in WRAP_UP until the
disposition is saved; whether the timer or the agent's "ready" may release the agent before
that is the ``may_take_call_before_disposition`` policy. When it is forbidden the agent stays
in WRAP_UP (reason "overdue" after the deadline) until every disposition is saved, and
``can_answer`` is False while an item is due.

Transfers: a call transferred away by us (blind or attended) ends normally and is wrapped up.
When the far end REFERs us elsewhere (``TransferredAway``) the conversation continues in the new
call: the old call leaves no item of its own, the new one carries it (even if it never connects).
An attended transfer that replaces our call (``Replaced``) moves the call to the new id, connected.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from softphone.domain.values import AgentState


class Phase(enum.Enum):
    RINGING = "ringing"  # incoming, not answered yet
    DIALING = "dialing"  # outgoing, not answered yet
    CONNECTED = "connected"


@dataclass(frozen=True)
class Leg:
    call_id: str
    phase: Phase
    inherits: bool = False  # continues a conversation transferred to us: wrap up even if never connected
    superseded: bool = False  # replaced / transferred away: its end leaves no wrap-up item


@dataclass(frozen=True)
class WrapUp:
    call_id: str
    deadline: float | None  # wall-clock; None = no timer
    holding: bool = True  # keeps the agent in WRAP_UP
    expired: bool = False


@dataclass(frozen=True)
class AgentPolicy:
    wrap_up_seconds: float = 0.0  # 0 = no timer
    may_take_call_before_disposition: bool = True
    not_ready_reasons: tuple[str, ...] = ()  # empty: any reason code is accepted


@dataclass(frozen=True)
class AgentSnapshot:
    presence: AgentState = AgentState.OFFLINE  # READY, NOT_READY or OFFLINE
    reason: str = ""  # the not-ready reason code
    legs: tuple[Leg, ...] = ()
    wrap_ups: tuple[WrapUp, ...] = ()

    def leg(self, call_id: str) -> Leg | None:
        return next((x for x in self.legs if x.call_id == call_id), None)


# ---- inputs -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SetReady:
    pass


@dataclass(frozen=True)
class SetNotReady:
    reason: str


@dataclass(frozen=True)
class SetOffline:
    pass


@dataclass(frozen=True)
class Ringing:
    call_id: str


@dataclass(frozen=True)
class Dialing:
    call_id: str


@dataclass(frozen=True)
class Connected:
    call_id: str


@dataclass(frozen=True)
class Ended:
    call_id: str


@dataclass(frozen=True)
class Replaced:
    old_call_id: str
    new_call_id: str


@dataclass(frozen=True)
class TransferredAway:
    call_id: str
    new_call_id: str


@dataclass(frozen=True)
class DispositionDone:
    call_id: str


@dataclass(frozen=True)
class WrapUpExpired:
    call_id: str


Input = (SetReady | SetNotReady | SetOffline | Ringing | Dialing | Connected | Ended | Replaced | TransferredAway
         | DispositionDone | WrapUpExpired)


@dataclass(frozen=True)
class Step:
    snapshot: AgentSnapshot
    refused: str = ""  # why an agent action was refused ("" = applied or nothing to do)


@dataclass(frozen=True)
class Report:
    """What is published (``AgentStateChanged``) and reported to the server."""

    state: AgentState
    reason: str = ""
    call_id: str | None = None
    wrap_up_deadline: float | None = None


# ---- derived views ----------------------------------------------------------------------------
def state_of(snap: AgentSnapshot) -> AgentState:
    if any(x.phase in (Phase.CONNECTED, Phase.DIALING) for x in snap.legs):
        return AgentState.ON_CALL
    if any(x.phase is Phase.RINGING for x in snap.legs):
        return AgentState.RINGING
    if any(w.holding for w in snap.wrap_ups):
        return AgentState.WRAP_UP
    return snap.presence


def report_of(snap: AgentSnapshot) -> Report:
    state = state_of(snap)
    if state is AgentState.ON_CALL:
        leg = next(x for x in snap.legs if x.phase in (Phase.CONNECTED, Phase.DIALING))
        return Report(state, call_id=leg.call_id)
    if state is AgentState.RINGING:
        leg = next(x for x in snap.legs if x.phase is Phase.RINGING)
        return Report(state, call_id=leg.call_id)
    if state is AgentState.WRAP_UP:
        item = next(w for w in reversed(snap.wrap_ups) if w.holding)
        return Report(state, reason="overdue" if item.expired else "", call_id=item.call_id,
                      wrap_up_deadline=item.deadline)
    return Report(state, reason=snap.reason if state is AgentState.NOT_READY else "")


def dispositions_due(snap: AgentSnapshot) -> tuple[str, ...]:
    return tuple(w.call_id for w in snap.wrap_ups)


def can_answer(snap: AgentSnapshot, policy: AgentPolicy) -> bool:
    """May the agent take (answer or dial) another call now?"""
    return policy.may_take_call_before_disposition or not snap.wrap_ups


# ---- transitions ------------------------------------------------------------------------------
def step(snap: AgentSnapshot, event: Input, policy: AgentPolicy, now: float) -> Step:
    """The next snapshot after ``event`` at wall-clock time ``now``."""
    match event:
        case SetReady() | SetNotReady() | SetOffline():
            return _presence(snap, event, policy)
        case Ringing(call_id=call_id) | Dialing(call_id=call_id):
            if snap.leg(call_id) is not None:
                return Step(snap)
            phase = Phase.RINGING if isinstance(event, Ringing) else Phase.DIALING
            return Step(replace(snap, legs=(*snap.legs, Leg(call_id, phase))))
        case Connected(call_id=call_id):
            leg = snap.leg(call_id)
            if leg is None:  # answered before we heard it ring (auto-answer, replaced): still a call
                return Step(replace(snap, legs=(*snap.legs, Leg(call_id, Phase.CONNECTED))))
            return Step(_with_leg(snap, replace(leg, phase=Phase.CONNECTED)))
        case Ended(call_id=call_id):
            return Step(_ended(snap, call_id, policy, now))
        case Replaced(old_call_id=old, new_call_id=new):
            old_leg = snap.leg(old)
            legs = tuple(replace(x, superseded=True) if x.call_id == old else x for x in snap.legs)
            if not any(x.call_id == new for x in legs):
                legs = (*legs, Leg(new, Phase.CONNECTED, inherits=old_leg is not None and old_leg.inherits))
            return Step(replace(snap, legs=legs))
        case TransferredAway(call_id=old, new_call_id=new):
            old_leg = snap.leg(old)
            if old_leg is None:
                return Step(snap)
            inherits = old_leg.phase is Phase.CONNECTED or old_leg.inherits
            legs = tuple(replace(x, superseded=True) if x.call_id == old else x for x in snap.legs)
            new_leg = next((x for x in legs if x.call_id == new), None)
            if new_leg is None:
                legs = (*legs, Leg(new, Phase.DIALING, inherits=inherits))
            else:
                legs = tuple(replace(x, inherits=x.inherits or inherits) if x.call_id == new else x for x in legs)
            return Step(replace(snap, legs=legs))
        case DispositionDone(call_id=call_id):
            return Step(replace(snap, wrap_ups=tuple(w for w in snap.wrap_ups if w.call_id != call_id)))
        case WrapUpExpired(call_id=call_id):
            items = tuple(
                replace(w, expired=True, holding=w.holding and not policy.may_take_call_before_disposition)
                if w.call_id == call_id and w.deadline is not None and now >= w.deadline else w
                for w in snap.wrap_ups)
            return Step(replace(snap, wrap_ups=items))
    raise TypeError(f"not an agent state input: {event!r}")


def _presence(snap: AgentSnapshot, event: SetReady | SetNotReady | SetOffline, policy: AgentPolicy) -> Step:
    if isinstance(event, SetNotReady):
        if policy.not_ready_reasons and event.reason not in policy.not_ready_reasons:
            return Step(snap, refused=f"unknown not-ready reason {event.reason!r}")
        return Step(replace(snap, presence=AgentState.NOT_READY, reason=event.reason))
    if isinstance(event, SetOffline):
        return Step(replace(snap, presence=AgentState.OFFLINE, reason=""))
    # ready: also ends after-call work if the policy lets the agent take calls before the disposition
    if any(w.holding for w in snap.wrap_ups):
        if not policy.may_take_call_before_disposition:
            return Step(replace(snap, presence=AgentState.READY, reason=""),
                        refused="save the disposition first: the next call waits for it")
        released = tuple(replace(w, holding=False) for w in snap.wrap_ups)
        return Step(replace(snap, presence=AgentState.READY, reason="", wrap_ups=released))
    return Step(replace(snap, presence=AgentState.READY, reason=""))


def _with_leg(snap: AgentSnapshot, leg: Leg) -> AgentSnapshot:
    return replace(snap, legs=tuple(leg if x.call_id == leg.call_id else x for x in snap.legs))


def _ended(snap: AgentSnapshot, call_id: str, policy: AgentPolicy, now: float) -> AgentSnapshot:
    leg = snap.leg(call_id)
    if leg is None:
        return snap
    legs = tuple(x for x in snap.legs if x.call_id != call_id)
    needs_wrap_up = not leg.superseded and (leg.phase is Phase.CONNECTED or leg.inherits)
    if not needs_wrap_up or any(w.call_id == call_id for w in snap.wrap_ups):
        return replace(snap, legs=legs)
    deadline = now + policy.wrap_up_seconds if policy.wrap_up_seconds > 0 else None
    return replace(snap, legs=legs, wrap_ups=(*snap.wrap_ups, WrapUp(call_id, deadline)))
