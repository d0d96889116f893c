"""The status bar: registration per account, agent state, sync (outbox), engine health, alerts."""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass, field

from softphone.domain.app_events import (
    AgentStateChanged,
    OutboxItemDeadLettered,
    OutboxStatusChanged,
    StoreFailed,
)
from softphone.domain.events import (
    CommandFailed,
    EngineDied,
    EngineFailed,
    EngineRestarted,
    EngineStarted,
    RegistrationChanged,
)
from softphone.domain.messages import Event
from softphone.domain.ui_commands import AudioDevicesChanged
from softphone.domain.values import AgentState, EndReason, RegistrationState


class AlertKind(enum.Enum):
    COMMAND_FAILED = "command_failed"
    ENGINE_DIED = "engine_died"
    ENGINE_RESTARTED = "engine_restarted"
    STORE_FAILED = "store_failed"
    DEAD_LETTER = "dead_letter"
    REGISTRATION_FAILED = "registration_failed"
    AUDIO_DEVICES = "audio_devices"
    INCOMING_CALL = "incoming_call"
    CALL_FAILED = "call_failed"  # an outgoing call ended before it was answered (busy, no answer...)


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    detail: str = ""  # untrusted/plain text from the core (reason, error)
    at: float = 0.0
    end_reason: EndReason | None = None


@dataclass(frozen=True)
class Registration:
    account_id: str
    state: RegistrationState
    code: int = 0
    reason: str = ""
    retry_in_s: float | None = None


@dataclass(frozen=True)
class SyncStatus:
    pending: int = 0
    dead_letters: int = 0
    server_reachable: bool = True
    last_error: str = ""
    last_success_at: float | None = None


class EngineHealth(enum.Enum):
    UNKNOWN = "unknown"
    RUNNING = "running"
    RESTARTING = "restarting"


@dataclass
class StatusModel:
    registrations: dict[str, Registration] = field(default_factory=dict)
    agent_state: AgentState = AgentState.OFFLINE
    agent_reason: str = ""
    wrap_up_deadline: float | None = None
    sync: SyncStatus = field(default_factory=SyncStatus)
    engine: EngineHealth = EngineHealth.UNKNOWN
    alerts: deque[Alert] = field(default_factory=lambda: deque(maxlen=20))

    def overall_registration(self) -> RegistrationState:
        """The worst state over all accounts (what the status bar shows first)."""
        states = [r.state for r in self.registrations.values()]
        if not states:
            return RegistrationState.UNREGISTERED
        for worst in (RegistrationState.FAILED, RegistrationState.REGISTERING, RegistrationState.UNREGISTERED):
            if worst in states:
                return worst
        return RegistrationState.LOCAL if all(s is RegistrationState.LOCAL for s in states) \
            else RegistrationState.REGISTERED

    def apply(self, event: Event) -> bool:
        """Returns True when the status changed."""
        if isinstance(event, RegistrationChanged):
            before = self.registrations.get(event.account_id)
            self.registrations[event.account_id] = Registration(
                event.account_id, event.state, event.code, event.reason, event.retry_in_s)
            if event.state is RegistrationState.FAILED and (before is None or before.state is not event.state):
                self._alert(AlertKind.REGISTRATION_FAILED, f"{event.account_id}: {event.reason}".strip(), event.at)
            return True
        if isinstance(event, AgentStateChanged):
            self.agent_state, self.agent_reason = event.state, event.reason
            self.wrap_up_deadline = event.wrap_up_deadline
            return True
        if isinstance(event, OutboxStatusChanged):
            self.sync = SyncStatus(event.pending, event.dead_letters, event.server_reachable, event.last_error,
                                   event.last_success_at)
            return True
        if isinstance(event, OutboxItemDeadLettered):
            self._alert(AlertKind.DEAD_LETTER, f"{event.kind}: {event.status_code} {event.reason}", event.at)
            return True
        if isinstance(event, StoreFailed):
            self._alert(AlertKind.STORE_FAILED, f"{event.operation}: {event.reason}", event.at)
            return True
        if isinstance(event, CommandFailed):
            self._alert(AlertKind.COMMAND_FAILED, f"{event.command}: {event.reason}", event.at)
            return True
        if isinstance(event, EngineDied):
            self.engine = EngineHealth.RESTARTING
            self._alert(AlertKind.ENGINE_DIED, event.reason, event.at)
            return True
        if isinstance(event, EngineRestarted):
            self.engine = EngineHealth.RUNNING
            self._alert(AlertKind.ENGINE_RESTARTED, str(event.attempt), event.at)
            return True
        if isinstance(event, EngineStarted):
            self.engine = EngineHealth.RUNNING
            return True
        if isinstance(event, EngineFailed):
            self._alert(AlertKind.COMMAND_FAILED, f"{event.where}: {event.error}", event.at)
            return True
        if isinstance(event, AudioDevicesChanged) and event.reason:
            self._alert(AlertKind.AUDIO_DEVICES, event.reason, event.at)
            return True
        return False

    def _alert(self, kind: AlertKind, detail: str, at: float) -> None:
        self.alerts.append(Alert(kind, detail, at))

    def call_failed(self, who: str, reason: EndReason, reason_text: str, at: float) -> None:
        """An outgoing call that never connected: tell the agent why (the card is gone)."""
        detail = f"{who} ({reason_text})" if reason_text else who
        self.alerts.append(Alert(AlertKind.CALL_FAILED, detail, at, reason))
