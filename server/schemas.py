"""Request bodies (pydantic): validation on every input, lenient about extra fields
(an older or newer softphone must never get its outbox dead-lettered for an unknown key)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from server.timeutil import as_utc

Id64 = Field(min_length=1, max_length=64)
# every timestamp is UTC: a naive one is taken as UTC, an offset one is converted
UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]
Role = Literal["agent", "supervisor", "admin"]
Mode = Literal["listen", "whisper", "barge"]
ALL_MODES: tuple[Mode, ...] = ("listen", "whisper", "barge")
State = Literal["ready", "not_ready", "ringing", "on_call", "wrap_up", "offline"]


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)


class LoginIn(Body):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class InteractionIn(Body):
    call_id: str = Id64
    direction: Literal["inbound", "outbound"]
    remote_number: str = Field(default="", max_length=64)
    remote_name: str = Field(default="", max_length=128)
    account: str = Field(default="", max_length=128)
    queue: str = Field(default="", max_length=128)
    offered_at: UtcDatetime
    answered_at: UtcDatetime | None = None
    ended_at: UtcDatetime | None = None
    duration_s: float = Field(default=0.0, ge=0, le=10_000_000)
    end_reason: str = Field(default="", max_length=32)
    customer_id: str | None = Field(default=None, max_length=64)


class DispositionIn(Body):
    disposition_id: str = Id64
    call_id: str = Id64
    code: str = Id64
    notes: str = Field(default="", max_length=20_000)
    follow_up_at: UtcDatetime | None = None
    customer_id: str | None = Field(default=None, max_length=64)
    saved_at: UtcDatetime


class NoteIn(Body):
    note_id: str = Id64
    customer_id: str | None = Field(default=None, max_length=64)
    call_id: str | None = Field(default=None, max_length=64)
    text: str = Field(max_length=20_000)
    saved_at: UtcDatetime


class AgentStateIn(Body):
    state: State
    reason: str = Field(default="", max_length=128)
    at: UtcDatetime
    call_id: str | None = Field(default=None, max_length=64)


class BatchItemIn(Body):
    kind: str = Field(max_length=32)
    idempotency_key: str | None = Field(default=None, max_length=255)
    body: Any = None


class BatchIn(Body):
    items: list[BatchItemIn] = Field(min_length=1, max_length=100)


class PhoneIn(Body):
    number: str = Field(min_length=1, max_length=64)
    label: str = Field(default="mobile", max_length=32)


class CustomerIn(Body):
    id: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")
    name: str = Field(min_length=1, max_length=200)
    company: str = Field(default="", max_length=200)
    tier: str = Field(default="standard", max_length=32)
    language: str = Field(default="en", max_length=16)
    email: str = Field(default="", max_length=254)
    phones: list[PhoneIn] = Field(default_factory=list, max_length=20)


class CustomerPatch(Body):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    company: str | None = Field(default=None, max_length=200)
    tier: str | None = Field(default=None, max_length=32)
    language: str | None = Field(default=None, max_length=16)
    email: str | None = Field(default=None, max_length=254)
    phones: list[PhoneIn] | None = Field(default=None, max_length=20)


class SipAccountIn(Body):
    account_id: str = Field(default="main", min_length=1, max_length=64)
    username: str = Field(min_length=1, max_length=128)
    domain: str = Field(min_length=1, max_length=255)
    password: str | None = Field(default=None, max_length=256)
    auth_username: str = Field(default="", max_length=128)
    display_name: str = Field(default="", max_length=128)
    registrar: str = Field(default="", max_length=255)
    outbound_proxy: str = Field(default="", max_length=255)
    transport: Literal["udp", "tcp", "tls"] = "udp"
    extension: str = Field(default="", max_length=32)


class UserIn(Body):
    username: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._@-]+$")
    password: str = Field(min_length=8, max_length=256)
    role: Role = "agent"
    display_name: str = Field(default="", max_length=128)
    teams: list[str] = Field(default_factory=list, max_length=50)
    sip_account: SipAccountIn | None = None


class TeamIn(Body):
    name: str = Field(min_length=1, max_length=64)
    monitor_modes: list[Mode] = Field(default_factory=lambda: list(ALL_MODES))


class GrantRequestIn(Body):
    agent: str = Field(min_length=1, max_length=64)
    mode: Mode
    call_id: str | None = Field(default=None, min_length=1, max_length=64)


class ContactIn(Body):
    phone: str = Field(min_length=1, max_length=64)
    name: str = Field(default="", max_length=200)
    customer_id: str | None = Field(default=None, max_length=64)


class CampaignIn(Body):
    name: str = Field(min_length=1, max_length=128)
    team: str | None = Field(default=None, max_length=64)
    contacts: list[ContactIn] = Field(default_factory=list, max_length=10_000)


class ContactResultIn(Body):
    result: Literal["connected", "no_answer", "busy", "voicemail", "callback", "do_not_call", "wrong_number",
                    "failed"]
    call_id: str | None = Field(default=None, max_length=64)
    notes: str = Field(default="", max_length=5_000)
    retry: bool = False
