"""Events: past-tense messages the engine and the app's workers publish on the EventHub."""

from __future__ import annotations

from dataclasses import dataclass

from softphone.domain.messages import Event
from softphone.domain.values import (
    CallState,
    Direction,
    DtmfMethod,
    EndReason,
    RegistrationState,
    RemoteIdentity,
)


# ---- engine lifecycle ----------------------------------------------------------------------
@dataclass(frozen=True)
class EngineStarted(Event):
    pid: int
    pjsip_version: str
    ssl_version: str = ""


@dataclass(frozen=True)
class EngineStopped(Event):
    shutdown_ms: float = 0.0


@dataclass(frozen=True)
class EngineFailed(Event):
    """An error inside the engine that it survived (e.g. an exception in a pjsua2 callback)."""

    where: str
    error: str


@dataclass(frozen=True)
class EngineDied(Event):
    """The media engine process ended unexpectedly; the supervisor will restart it."""

    exit_code: int | None
    reason: str


@dataclass(frozen=True)
class EngineRestarted(Event):
    attempt: int


@dataclass(frozen=True)
class Pong(Event):
    token: int


@dataclass(frozen=True)
class EngineStats(Event):
    """Answer to ``ReportStats``: what the engine holds right now (leak checks, diagnostics)."""

    calls: int
    accounts: int
    media_ports: int
    transports: int


@dataclass(frozen=True)
class CommandFailed(Event):
    """A command could not be carried out; ``reason`` is for the agent to read."""

    command: str
    reason: str
    call_id: str | None = None
    account_id: str | None = None


# ---- registration --------------------------------------------------------------------------
@dataclass(frozen=True)
class RegistrationChanged(Event):
    account_id: str
    state: RegistrationState
    code: int = 0  # last SIP status code (0: none yet)
    reason: str = ""  # human explanation ("wrong password", "registrar unreachable", ...)
    expires_s: int = 0
    retry_in_s: float | None = None  # when the next attempt is planned after a failure
    contact: str = ""  # where this account can be reached (for local accounts: the address to dial)


# ---- calls ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class IncomingCallRang(Event):
    call_id: str
    account_id: str
    remote: RemoteIdentity
    auto_answer: bool = False


@dataclass(frozen=True)
class OutgoingCallStarted(Event):
    call_id: str
    account_id: str
    remote: RemoteIdentity


@dataclass(frozen=True)
class CallStateChanged(Event):
    call_id: str
    state: CallState
    code: int = 0
    reason: str = ""


@dataclass(frozen=True)
class CallAnswered(Event):
    """The call is connected for the first time (both directions may talk)."""

    call_id: str
    direction: Direction


@dataclass(frozen=True)
class CallMediaChanged(Event):
    call_id: str
    active: bool
    codec: str = ""
    srtp: bool = False


@dataclass(frozen=True)
class CallHeld(Event):
    call_id: str
    by_remote: bool = False


@dataclass(frozen=True)
class CallResumed(Event):
    call_id: str
    by_remote: bool = False


@dataclass(frozen=True)
class CallMuted(Event):
    call_id: str
    muted: bool


@dataclass(frozen=True)
class CallEnded(Event):
    call_id: str
    reason: EndReason
    code: int = 0
    reason_text: str = ""
    duration_s: float = 0.0  # talk time; 0 when never answered


@dataclass(frozen=True)
class DtmfReceived(Event):
    call_id: str
    digit: str
    method: DtmfMethod = DtmfMethod.RFC4733


@dataclass(frozen=True)
class TransferProgressed(Event):
    """Progress of a transfer we started (NOTIFY sipfrag); ``final`` when it ended."""

    call_id: str
    code: int
    reason: str = ""
    final: bool = False
    succeeded: bool = False


@dataclass(frozen=True)
class CallTransferredAway(Event):
    """The far end asked us to call someone else (REFER); ``new_call_id`` is that call."""

    call_id: str
    target: str
    new_call_id: str


@dataclass(frozen=True)
class CallReplaced(Event):
    """Attended transfer, target side: ``new_call_id`` replaces ``old_call_id``."""

    old_call_id: str
    new_call_id: str
    remote: RemoteIdentity | None = None


@dataclass(frozen=True)
class ConferenceChanged(Event):
    """The calls now mixed together in the local conference (empty: none)."""

    call_ids: tuple[str, ...]
