"""Events of the app process's workers: store, sync, screen-pop, agent state."""

from __future__ import annotations

from dataclasses import dataclass

from softphone.domain.messages import Event
from softphone.domain.values import AgentState


# ---- store ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DispositionSaved(Event):
    """Committed to SQLite together with its outbox row: the UI may now say "saved"."""

    call_id: str
    disposition_id: str
    code: str


@dataclass(frozen=True)
class NoteSaved(Event):
    note_id: str
    customer_id: str | None = None
    call_id: str | None = None


@dataclass(frozen=True)
class StoreFailed(Event):
    """The local database could not save (disk full, corrupted file...): nothing was marked saved."""

    operation: str
    reason: str


# ---- sync ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutboxStatusChanged(Event):
    pending: int
    dead_letters: int
    last_success_at: float | None = None
    last_error: str = ""
    server_reachable: bool = True


@dataclass(frozen=True)
class OutboxItemDeadLettered(Event):
    """The server refused an item for good (4xx); kept locally with the server's reason."""

    item_id: str
    kind: str
    reason: str
    status_code: int


@dataclass(frozen=True)
class OutboxDrained(Event):
    delivered: int


# ---- screen-pop ----------------------------------------------------------------------------
@dataclass(frozen=True)
class CustomerMatch:
    customer_id: str
    name: str
    company: str = ""
    tier: str = ""
    language: str = ""
    summary: str = ""  # open tickets / orders, last interactions, as plain text


@dataclass(frozen=True)
class CustomerLookupStarted(Event):
    call_id: str
    number_e164: str = ""
    customer_id: str = ""


@dataclass(frozen=True)
class CustomerFound(Event):
    call_id: str
    matches: tuple[CustomerMatch, ...]


@dataclass(frozen=True)
class CustomerNotFound(Event):
    call_id: str
    number_e164: str = ""
    withheld: bool = False


@dataclass(frozen=True)
class CustomerLookupFailed(Event):
    call_id: str
    reason: str


# ---- agent ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class AgentStateChanged(Event):
    state: AgentState
    reason: str = ""
    call_id: str | None = None
    wrap_up_deadline: float | None = None
