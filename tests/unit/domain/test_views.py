"""softphone.domain.views and ui_commands: the pure types the UI and the core share."""

from __future__ import annotations

from softphone.domain import wire
from softphone.domain.ui_commands import AudioDevicesChanged, AudioLevels, PlayTestTone, SetAgentState
from softphone.domain.values import AgentState, Direction
from softphone.domain.views import (
    AudioDevice,
    AudioDeviceKind,
    CallRecord,
    HistoryFilter,
    UiSettings,
    history_matches,
)

MISSED = CallRecord("1", Direction.INBOUND, "sip:+30210@pbx", "Maria", "+30210")
ANSWERED = CallRecord("2", Direction.INBOUND, "sip:bob@x", "Bob", "sip:bob@x", duration_s=12.0,
                      disposition_code="SALE")
OUT = CallRecord("3", Direction.OUTBOUND, "sip:+1555@pbx", "", "+1555", duration_s=0.0)


def test_history_filters_and_search() -> None:
    records = [MISSED, ANSWERED, OUT]

    def pick(query: str, kind: HistoryFilter) -> list[str]:
        return [r.call_id for r in records if history_matches(r, query, kind)]

    assert pick("", HistoryFilter.ALL) == ["1", "2", "3"]
    assert pick("", HistoryFilter.MISSED) == ["1"]  # an unanswered outbound call is not "missed"
    assert pick("", HistoryFilter.INBOUND) == ["1", "2"]
    assert pick("", HistoryFilter.OUTBOUND) == ["3"]
    assert pick("maria", HistoryFilter.ALL) == ["1"]
    assert pick("sale", HistoryFilter.ALL) == ["2"]
    assert pick("1555", HistoryFilter.INBOUND) == []


def test_settings_shortcut_falls_back_to_the_default() -> None:
    settings = UiSettings(shortcuts=(("answer", "F5"),))
    assert settings.shortcut("answer") == "F5" and settings.shortcut("mute") == "Ctrl+Shift+M"
    assert settings.shortcut("nonsense") == ""


def test_devices_and_ui_messages_cross_the_engine_pipe() -> None:
    mic = AudioDevice("m", "Mic", is_input=True, is_output=False)
    assert mic.usable_for(AudioDeviceKind.MICROPHONE) and not mic.usable_for(AudioDeviceKind.RINGER)
    for message in (SetAgentState(state=AgentState.NOT_READY, reason_code="lunch"), AudioLevels(microphone=0.5,
                    speaker=0.1), PlayTestTone(kind=AudioDeviceKind.RINGER), AudioDevicesChanged(devices=(mic,))):
        assert wire.decode(wire.encode(message)) == message
