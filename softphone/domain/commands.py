"""Commands: the imperative messages sent to the engine and to the app's workers."""

from __future__ import annotations

from dataclasses import dataclass, field

from softphone.domain.messages import Command, EngineCommand
from softphone.domain.values import AccountSettings, DtmfMethod, new_call_id


# ---- accounts ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConfigureAccount(EngineCommand):
    """Add an account, or replace the one with the same id (re-registers)."""

    settings: AccountSettings


@dataclass(frozen=True)
class RemoveAccount(EngineCommand):
    account_id: str


@dataclass(frozen=True)
class ReRegister(EngineCommand):
    """Register again now (e.g. after the user fixed the network)."""

    account_id: str


@dataclass(frozen=True)
class NetworkChanged(EngineCommand):
    """The host's IP address or interfaces changed: rebind transports, re-register, re-INVITE."""


# ---- calls ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dial(EngineCommand):
    """Call a number or SIP URI; the dial plan of the account turns numbers into URIs."""

    account_id: str
    target: str
    call_id: str = field(default_factory=new_call_id)
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Answer(EngineCommand):
    call_id: str


@dataclass(frozen=True)
class Reject(EngineCommand):
    """Decline a ringing call: 486 Busy Here or 603 Decline."""

    call_id: str
    code: int = 486


@dataclass(frozen=True)
class Hangup(EngineCommand):
    call_id: str


@dataclass(frozen=True)
class HangupAll(EngineCommand):
    pass


@dataclass(frozen=True)
class Hold(EngineCommand):
    call_id: str


@dataclass(frozen=True)
class Resume(EngineCommand):
    call_id: str


@dataclass(frozen=True)
class Mute(EngineCommand):
    """Stop (or restart) sending the microphone into this call; enforced in the engine."""

    call_id: str
    muted: bool = True


@dataclass(frozen=True)
class SendDtmf(EngineCommand):
    call_id: str
    digits: str
    method: DtmfMethod | None = None  # None: the account's default


@dataclass(frozen=True)
class BlindTransfer(EngineCommand):
    call_id: str
    target: str


@dataclass(frozen=True)
class AttendedTransfer(EngineCommand):
    """Connect the far end of ``call_id`` to the far end of ``consult_call_id`` (REFER/Replaces)."""

    call_id: str
    consult_call_id: str


@dataclass(frozen=True)
class Merge(EngineCommand):
    """Local 3-way (or n-way) conference: everyone in ``call_ids`` hears everyone and us."""

    call_ids: tuple[str, ...]


@dataclass(frozen=True)
class Split(EngineCommand):
    """Undo a merge: each call talks to us only."""

    call_ids: tuple[str, ...]


# ---- engine lifecycle ----------------------------------------------------------------------
@dataclass(frozen=True)
class Ping(EngineCommand):
    """Liveness probe: the engine answers with ``Pong`` carrying the same token."""

    token: int = 0


@dataclass(frozen=True)
class ReportStats(EngineCommand):
    """Ask the engine for an ``EngineStats`` event."""


@dataclass(frozen=True)
class Shutdown(EngineCommand):
    """Hang up, unregister, destroy every pjsua2 object, stop."""


# ---- app-side work (never crosses the engine pipe) -----------------------------------------
@dataclass(frozen=True)
class SaveDisposition(Command):
    call_id: str
    code: str
    notes: str = ""
    follow_up_at: float | None = None


@dataclass(frozen=True)
class SaveNote(Command):
    customer_id: str
    text: str
    call_id: str | None = None
