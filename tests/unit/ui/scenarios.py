"""Events of typical calls, as the engine and the app's workers publish them."""

from __future__ import annotations

from softphone.domain.app_events import (
    AgentStateChanged,
    CustomerFound,
    CustomerLookupStarted,
    CustomerMatch,
    OutboxStatusChanged,
)
from softphone.domain.events import CallAnswered, CallStateChanged, IncomingCallRang, RegistrationChanged
from softphone.domain.messages import Event
from softphone.domain.values import AgentState, CallState, Direction, RegistrationState, RemoteIdentity

EVIL = "<b>Evil</b><img src=x>"
MARIA = CustomerMatch("c-42", "Maria Papadopoulou", "Acme Hellas", "Gold", "el",
                      "2 open tickets; last order 12/11: router replacement")


def registered(account_id: str = "main") -> list[Event]:
    return [RegistrationChanged(account_id=account_id, state=RegistrationState.REGISTERED, code=200, expires_s=300),
            AgentStateChanged(state=AgentState.READY),
            OutboxStatusChanged(pending=0, dead_letters=0)]


def remote(name: str = "Maria Papadopoulou", number: str = "+302101234567") -> RemoteIdentity:
    return RemoteIdentity(uri=f"sip:{number}@pbx.example.com", display_name=name, user=number)


def ringing(call_id: str = "c1", name: str = "Maria Papadopoulou", number: str = "+302101234567") -> list[Event]:
    return [IncomingCallRang(call_id=call_id, account_id="main", remote=remote(name, number)),
            AgentStateChanged(state=AgentState.RINGING, call_id=call_id),
            CustomerLookupStarted(call_id=call_id, number_e164=number)]


def found(call_id: str = "c1", *matches: CustomerMatch) -> Event:
    return CustomerFound(call_id=call_id, matches=matches or (MARIA,))


def answered(call_id: str = "c1", at: float | None = None) -> list[Event]:
    extra = {"at": at} if at is not None else {}
    return [CallStateChanged(call_id=call_id, state=CallState.ACTIVE, **extra),  # type: ignore[arg-type]
            CallAnswered(call_id=call_id, direction=Direction.INBOUND, **extra),  # type: ignore[arg-type]
            AgentStateChanged(state=AgentState.ON_CALL, call_id=call_id)]
