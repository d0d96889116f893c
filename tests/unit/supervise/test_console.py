"""SupervisorConsole logic with a stand-in client (no network): which engine commands and events it makes."""

from __future__ import annotations

from dataclasses import dataclass, field

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.messages import EngineCommand, Event
from softphone.domain.monitor import (
    LeaveMonitor,
    MonitorJoined,
    MonitorLeft,
    MonitorModeChanged,
    MonitorPolicy,
    MonitorRefused,
    RenewMonitorGrant,
    StartMonitor,
    SwitchMonitorMode,
)
from softphone.domain.values import EndReason, MonitorMode
from softphone.supervise.client import IssuedGrant, MonitorClientError
from softphone.supervise.console import SupervisorConsole

ASTERISK = {"listen": "*222{ext}", "whisper": "*223{ext}", "barge": "*224{ext}"}
FREESWITCH = {"listen": "*33{ext}", "whisper": "*33{ext}|2", "barge": "*33{ext}|3"}


@dataclass
class StubClient:
    refuse: str = ""
    calls: list[tuple[str, MonitorMode, str | None]] = field(default_factory=list)

    def request_grant(self, agent: str, mode: MonitorMode, call_id: str | None = None) -> IssuedGrant:
        self.calls.append((agent, mode, call_id))
        if self.refuse:
            raise MonitorClientError(self.refuse, 403)
        return IssuedGrant(token=f"tok-{mode.value}-{len(self.calls)}", mode=mode, call_id=call_id or "cust-1",
                           agent=agent, extension="1777")


def make(policy: MonitorPolicy, client: StubClient) -> tuple[SupervisorConsole, list[EngineCommand], list[Event]]:
    sent: list[EngineCommand] = []
    published: list[Event] = []
    console = SupervisorConsole(client=client, send=sent.append, publish=published.append,  # type: ignore[arg-type]
                                account_id="sup", supervisor="sup1", policy=policy)
    return console, sent, published


def test_peer_bridge_start_switch_leave() -> None:
    client = StubClient()
    console, sent, published = make(MonitorPolicy(), client)
    assert console.handle(StartMonitor(agent="agent7", mode=MonitorMode.WHISPER))
    dial = sent[-1]
    assert isinstance(dial, c.Dial) and dial.target == "1777"
    assert dial.headers == (("X-Monitor-Grant", "tok-whisper-1"),)
    session_id = next(iter(console.sessions))
    console.on_event(ev.CallMediaChanged(call_id=dial.call_id, active=True))
    joined = published[-1]
    assert isinstance(joined, MonitorJoined) and joined.mode is MonitorMode.WHISPER and joined.side == "supervisor"
    console.handle(SwitchMonitorMode(session_id=session_id, mode=MonitorMode.BARGE))
    assert client.calls[-1] == ("agent7", MonitorMode.BARGE, "cust-1")  # the same customer call
    renew = sent[-1]
    assert isinstance(renew, RenewMonitorGrant) and renew.call_id == dial.call_id and renew.grant == "tok-barge-2"
    assert isinstance(published[-1], MonitorModeChanged)
    console.handle(SwitchMonitorMode(session_id=session_id, mode=MonitorMode.LISTEN))
    assert sent[-1] == c.Mute(call_id=dial.call_id, muted=True)
    console.handle(LeaveMonitor(session_id=session_id))
    assert sent[-1] == c.Hangup(call_id=dial.call_id)
    console.on_event(ev.CallEnded(call_id=dial.call_id, reason=EndReason.HANGUP_LOCAL))
    assert isinstance(published[-1], MonitorLeft) and published[-1].reason == "left"
    assert not console.sessions


def test_server_refusal_dials_nothing() -> None:
    console, sent, published = make(MonitorPolicy(), StubClient(refuse="the agent is not in a team you supervise"))
    console.handle(StartMonitor(agent="agent7", mode=MonitorMode.LISTEN))
    assert sent == []
    assert isinstance(published[-1], MonitorRefused) and "not in a team" in published[-1].reason


def test_agent_phone_refusal() -> None:
    console, sent, published = make(MonitorPolicy(), StubClient())
    console.handle(StartMonitor(agent="agent7", mode=MonitorMode.LISTEN))
    console.on_event(ev.CallEnded(call_id=sent[0].call_id, reason=EndReason.REJECTED, code=403))  # type: ignore[attr-defined]
    assert isinstance(published[-1], MonitorRefused) and published[-1].reason == "the agent's phone refused the grant"


def test_pbx_freeswitch_dtmf_switch() -> None:
    console, sent, _ = make(MonitorPolicy(method="pbx", feature_codes=tuple(FREESWITCH.items())), StubClient())
    console.handle(StartMonitor(agent="agent7", mode=MonitorMode.LISTEN))
    dial, mute = sent
    assert isinstance(dial, c.Dial) and dial.target == "*331777" and dial.headers == ()
    assert mute == c.Mute(call_id=dial.call_id, muted=True), "listen is silent"
    console.on_event(ev.CallMediaChanged(call_id=dial.call_id, active=True))
    session_id = next(iter(console.sessions))
    console.handle(SwitchMonitorMode(session_id=session_id, mode=MonitorMode.WHISPER))
    assert sent[-2:] == [c.SendDtmf(call_id=dial.call_id, digits="2"), c.Mute(call_id=dial.call_id, muted=False)]


def test_pbx_asterisk_switch_redials_without_ending_the_session() -> None:
    console, sent, _ = make(MonitorPolicy(method="pbx", feature_codes=tuple(ASTERISK.items())), StubClient())
    console.handle(StartMonitor(agent="agent7", mode=MonitorMode.LISTEN))
    first = sent[0]
    assert isinstance(first, c.Dial) and first.target == "*2221777"
    console.on_event(ev.CallMediaChanged(call_id=first.call_id, active=True))
    session_id = next(iter(console.sessions))
    console.handle(SwitchMonitorMode(session_id=session_id, mode=MonitorMode.BARGE))
    hangup, redial = sent[-2], sent[-1]  # the new call is not muted: barge talks
    assert hangup == c.Hangup(call_id=first.call_id)
    assert isinstance(redial, c.Dial) and redial.target == "*2241777" and redial.call_id != first.call_id
    console.on_event(ev.CallEnded(call_id=first.call_id, reason=EndReason.HANGUP_LOCAL))
    assert session_id in console.sessions, "the old PBX call's end is not the session's end"


def test_owns_call_marks_the_monitor_call() -> None:
    console, sent, _ = make(MonitorPolicy(), StubClient())
    console.handle(StartMonitor(agent="agent7", mode=MonitorMode.LISTEN))
    assert console.owns_call(sent[0].call_id)  # type: ignore[attr-defined]
    assert not console.owns_call("some-customer-call")
