"""Read-only views the core hands to the UI: small frozen dataclasses, standard library only.

The UI asks the core for these through ``ui.core_api.CoreApi`` (quick reads from the
store/settings, never blocking on the network). They are pure and shared, so the core
(which must not import ``ui``) can build them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from softphone.domain.values import Direction, EndReason


class HistoryFilter(enum.Enum):
    ALL = "all"
    MISSED = "missed"  # inbound, never answered (cancelled / no answer / rejected)
    INBOUND = "inbound"
    OUTBOUND = "outbound"


@dataclass(frozen=True)
class CallRecord:
    """One line of the call history (newest first)."""

    call_id: str
    direction: Direction
    remote_uri: str
    display_name: str = ""
    number: str = ""  # what to dial to call back (E.164 or SIP URI)
    started_at: float = 0.0  # wall clock
    duration_s: float = 0.0  # talk time; 0 when never answered
    end_reason: EndReason | None = None
    disposition_code: str = ""
    customer_id: str = ""

    @property
    def missed(self) -> bool:
        return self.direction is Direction.INBOUND and self.duration_s <= 0


def history_matches(record: CallRecord, query: str, kind: HistoryFilter) -> bool:
    """The history search/filter rule (the core may run it in SQL; this is the reference)."""
    if kind is HistoryFilter.MISSED and not record.missed:
        return False
    if kind is HistoryFilter.INBOUND and record.direction is not Direction.INBOUND:
        return False
    if kind is HistoryFilter.OUTBOUND and record.direction is not Direction.OUTBOUND:
        return False
    needle = query.strip().casefold()
    if not needle:
        return True
    hay = " ".join((record.display_name, record.number, record.remote_uri, record.disposition_code)).casefold()
    return needle in hay


@dataclass(frozen=True)
class DispositionOption:
    """One entry of the disposition catalog (from server provisioning)."""

    code: str
    label: str
    requires_note: bool = False
    requires_follow_up: bool = False


@dataclass(frozen=True)
class NotReadyReason:
    code: str
    label: str


@dataclass(frozen=True)
class CustomerNote:
    note_id: str
    customer_id: str
    text: str
    created_at: float
    author: str = ""
    call_id: str | None = None


class AudioDeviceKind(enum.Enum):
    MICROPHONE = "microphone"
    SPEAKER = "speaker"
    RINGER = "ringer"


@dataclass(frozen=True)
class AudioDevice:
    device_id: str  # stable id (PulseAudio name / PortAudio name)
    name: str  # friendly name for the agent
    is_input: bool
    is_output: bool
    is_default: bool = False

    def usable_for(self, kind: AudioDeviceKind) -> bool:
        return self.is_input if kind is AudioDeviceKind.MICROPHONE else self.is_output


# action name -> default key sequence (Qt portable text); the UI owns the action names
DEFAULT_SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("answer", "Ctrl+Shift+A"),
    ("hangup", "Ctrl+Shift+H"),
    ("hold", "Ctrl+Shift+O"),
    ("mute", "Ctrl+Shift+M"),
    ("redial", "Ctrl+Shift+R"),
    ("focus_dial", "Ctrl+L"),
)


@dataclass(frozen=True)
class UiSettings:
    """The settings the UI shows and edits (secrets never included)."""

    language: str = "en"  # "en" or "el"
    default_account_id: str = ""
    microphone: str = ""  # AudioDevice.device_id; "" = system default
    speaker: str = ""
    ringer: str = ""
    server_url: str = ""
    server_username: str = ""
    has_server_password: bool = False
    shortcuts: tuple[tuple[str, str], ...] = DEFAULT_SHORTCUTS
    notifications: bool = True
    auto_dial_links: bool = False  # tel:/sip: links handed over: dial at once (else pre-fill)

    def shortcut(self, action: str) -> str:
        for name, keys in self.shortcuts:
            if name == action:
                return keys
        return dict(DEFAULT_SHORTCUTS).get(action, "")
