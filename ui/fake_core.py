"""An in-memory ``CoreApi``: for widget tests, the UI benchmark and UI previews.

It records every command sent and serves the quick reads from plain lists; tests publish
events on its real ``EventHub`` (from any thread). It never talks to an engine.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace

from softphone.domain.hub import EventHub
from softphone.domain.messages import Command
from softphone.domain.values import AccountSettings, Direction, EndReason, Secret
from softphone.domain.views import (
    AudioDevice,
    CallRecord,
    CustomerNote,
    DispositionOption,
    HistoryFilter,
    NotReadyReason,
    UiSettings,
    history_matches,
)

from ui.core_api import CoreError


def sample_history(now: float | None = None) -> list[CallRecord]:
    now = time.time() if now is None else now
    return [
        CallRecord("h1", Direction.INBOUND, "sip:+302101234567@pbx", "Maria Papadopoulou", "+302101234567",
                   now - 600, 185.0, EndReason.HANGUP_REMOTE, "SALE"),
        CallRecord("h2", Direction.INBOUND, "sip:+302107654321@pbx", "", "+302107654321",
                   now - 1800, 0.0, EndReason.CANCELLED),
        CallRecord("h3", Direction.OUTBOUND, "sip:bob@example.com", "Bob", "sip:bob@example.com",
                   now - 3600, 42.0, EndReason.HANGUP_LOCAL, "CALLBACK"),
    ]


@dataclass
class FakeCore:
    """Implements ``ui.core_api.CoreApi`` in memory."""

    hub: EventHub = field(default_factory=EventHub)
    sent: list[Command] = field(default_factory=list)
    history: list[CallRecord] = field(default_factory=sample_history)
    catalog: tuple[DispositionOption, ...] = (
        DispositionOption("SALE", "Sale"),
        DispositionOption("INFO", "Information given"),
        DispositionOption("CALLBACK", "Call back later", requires_follow_up=True),
        DispositionOption("COMPLAINT", "Complaint", requires_note=True),
        DispositionOption("WRONG", "Wrong number"),
    )
    reasons: tuple[NotReadyReason, ...] = (
        NotReadyReason("break", "Break"), NotReadyReason("lunch", "Lunch"), NotReadyReason("training", "Training"),
    )
    wrap_up_s: int = 60
    notes: list[CustomerNote] = field(default_factory=list)
    account_list: list[AccountSettings] = field(default_factory=lambda: [
        AccountSettings("main", "1001", "pbx.example.com", "Agent 1001", registrar="sip:pbx.example.com"),
    ])
    passwords: dict[str, Secret] = field(default_factory=dict)
    devices: tuple[AudioDevice, ...] = (
        AudioDevice("headset", "USB Headset", True, True, False),
        AudioDevice("builtin-mic", "Built-in Microphone", True, False, True),
        AudioDevice("speakers", "Speakers", False, True, True),
    )
    ui_settings: UiSettings = field(default_factory=lambda: UiSettings(default_account_id="main"))
    server_password: Secret | None = None
    refuse_saves: str = ""  # non-empty: save_* raise CoreError with this text
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, command: Command) -> None:
        with self._lock:
            self.sent.append(command)

    def sent_of(self, kind: type[Command]) -> list[Command]:
        with self._lock:
            return [c for c in self.sent if isinstance(c, kind)]

    def recent_calls(self, query: str = "", kind: HistoryFilter = HistoryFilter.ALL,
                     limit: int = 200) -> list[CallRecord]:
        return [r for r in self.history if history_matches(r, query, kind)][:limit]

    def disposition_catalog(self) -> tuple[DispositionOption, ...]:
        return self.catalog

    def not_ready_reasons(self) -> tuple[NotReadyReason, ...]:
        return self.reasons

    def wrap_up_seconds(self) -> int:
        return self.wrap_up_s

    def customer_notes(self, customer_id: str, limit: int = 50) -> list[CustomerNote]:
        mine = [n for n in self.notes if n.customer_id == customer_id]
        return sorted(mine, key=lambda n: n.created_at, reverse=True)[:limit]

    def accounts(self) -> tuple[AccountSettings, ...]:
        return tuple(replace(a, password=None) for a in self.account_list)

    def audio_devices(self) -> tuple[AudioDevice, ...]:
        return self.devices

    def settings(self) -> UiSettings:
        return self.ui_settings

    def _check(self) -> None:
        if self.refuse_saves:
            raise CoreError(self.refuse_saves)

    def save_account(self, settings: AccountSettings, password: Secret | None) -> None:
        self._check()
        clean = replace(settings, password=None)
        self.account_list = [a for a in self.account_list if a.account_id != settings.account_id] + [clean]
        if password is not None:
            self.passwords[settings.account_id] = password

    def remove_account(self, account_id: str) -> None:
        self._check()
        self.account_list = [a for a in self.account_list if a.account_id != account_id]
        self.passwords.pop(account_id, None)

    def save_settings(self, settings: UiSettings, server_password: Secret | None = None) -> None:
        self._check()
        self.ui_settings = replace(settings, has_server_password=settings.has_server_password
                                   or server_password is not None)
        if server_password is not None:
            self.server_password = server_password
