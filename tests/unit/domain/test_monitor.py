"""The pure monitor rules: routes per mode, who hears whom, session rules, PBX templates, provisioning."""

from __future__ import annotations

import pytest

from softphone.domain.monitor import (
    BoardAgent,
    CustomerChange,
    MonitorPolicy,
    PbxStep,
    Port,
    SessionAction,
    board_from_json,
    customer_rule,
    feature_code,
    hears,
    parse_mode,
    pbx_plan,
    pbx_switch,
    route_changes,
    routes,
    split_template,
)
from softphone.domain.values import MonitorMode

C, S, MIC, EAR = Port.CUSTOMER, Port.SUPERVISOR, Port.MIC, Port.EAR
ASTERISK = {"listen": "*222{ext}", "whisper": "*223{ext}", "barge": "*224{ext}"}
FREESWITCH = {"listen": "*33{ext}|0", "whisper": "*33{ext}|2", "barge": "*33{ext}|3"}


def test_routes_are_the_architecture_table() -> None:
    assert routes(MonitorMode.LISTEN) == {(C, S), (MIC, S)}
    assert routes(MonitorMode.WHISPER) == {(C, S), (MIC, S), (S, EAR)}
    assert routes(MonitorMode.BARGE) == {(C, S), (MIC, S), (S, EAR), (S, C)}
    assert routes(None) == frozenset()


def test_modes_only_add_routes() -> None:
    assert routes(MonitorMode.LISTEN) < routes(MonitorMode.WHISPER) < routes(MonitorMode.BARGE)


def test_without_customer_media_no_route_touches_the_customer() -> None:
    for mode in MonitorMode:
        assert all(C not in route for route in routes(mode, customer_media=False))
    assert routes(MonitorMode.BARGE, customer_media=False) == {(MIC, S), (S, EAR)}


def test_the_supervisor_never_reaches_the_customer_unless_barging() -> None:
    for mode in (MonitorMode.LISTEN, MonitorMode.WHISPER):
        assert (S, C) not in routes(mode)
        assert "supervisor" not in hears(mode, "customer")
    assert "supervisor" in hears(MonitorMode.BARGE, "customer")


@pytest.mark.parametrize("mode", list(MonitorMode))
def test_hears_table_follows_from_routes(mode: MonitorMode) -> None:
    wired = routes(mode)
    # the agent's own call wiring: MIC -> C and C -> EAR always
    links = set(wired) | {(MIC, C), (C, EAR)}
    names = {C: "customer", S: "supervisor", MIC: "agent"}
    sinks = {"customer": C, "supervisor": S, "agent": EAR}
    for party, sink in sinks.items():
        assert hears(mode, party) == {names[src] for src, dst in links if dst is sink}


def test_route_changes() -> None:
    stop, start = route_changes(routes(MonitorMode.BARGE), routes(MonitorMode.LISTEN))
    assert stop == {(S, EAR), (S, C)} and start == frozenset()
    stop, start = route_changes(routes(MonitorMode.LISTEN), routes(MonitorMode.WHISPER))
    assert stop == frozenset() and start == {(S, EAR)}


def test_customer_rules() -> None:
    assert customer_rule(CustomerChange.ENDED) is SessionAction.END
    assert customer_rule(CustomerChange.TRANSFERRED) is SessionAction.END
    assert customer_rule(CustomerChange.HELD) is SessionAction.REWIRE
    assert customer_rule(CustomerChange.RESUMED) is SessionAction.REWIRE


def test_parse_mode() -> None:
    assert parse_mode(" Whisper ") is MonitorMode.WHISPER
    with pytest.raises(ValueError, match="unknown monitor mode"):
        parse_mode("spy")


def test_feature_codes() -> None:
    assert split_template("*33{ext}|2") == ("*33{ext}", "2")
    assert split_template("*222{ext}") == ("*222{ext}", "")
    assert feature_code("*222{ext}", "1777") == "*2221777"
    assert feature_code("*33{ext}|3", "1777") == "*331777"
    for bad_ext in ("", "17@77", "{ext}"):
        with pytest.raises(ValueError):
            feature_code("*222{ext}", bad_ext)
    with pytest.raises(ValueError, match="DTMF"):
        split_template("*33{ext}|x")


def test_asterisk_plan_and_switch_redial() -> None:
    assert pbx_plan(ASTERISK, MonitorMode.WHISPER, "1777") == PbxStep(dial="*2231777")
    step = pbx_switch(ASTERISK, MonitorMode.LISTEN, MonitorMode.BARGE, "1777")
    assert step == PbxStep(dial="*2241777", hangup_first=True)
    assert pbx_switch(ASTERISK, MonitorMode.LISTEN, MonitorMode.LISTEN, "1777") == PbxStep()


def test_freeswitch_plan_and_switch_dtmf() -> None:
    assert pbx_plan(FREESWITCH, MonitorMode.LISTEN, "1777") == PbxStep(dial="*331777", dtmf="0")
    assert pbx_switch(FREESWITCH, MonitorMode.LISTEN, MonitorMode.WHISPER, "1777") == PbxStep(dtmf="2")
    assert pbx_switch(FREESWITCH, MonitorMode.WHISPER, MonitorMode.BARGE, "1777") == PbxStep(dtmf="3")


def test_missing_template_is_an_error() -> None:
    with pytest.raises(ValueError, match="no feature code"):
        pbx_plan({"listen": "*222{ext}"}, MonitorMode.BARGE, "1777")


def test_policy_from_provisioning() -> None:
    policy = MonitorPolicy.from_provisioning({
        "supervisor_feature_codes": ASTERISK,
        "monitor_policy": {"method": "pbx", "allowed_modes": ["listen", "whisper", "bogus"],
                           "grant_header": "X-Grant", "grant_ttl_s": 30, "issuer": "srv", "notify_agent": False},
        "server_public_key": "PEM",
    })
    assert policy.method == "pbx" and policy.allowed_modes == (MonitorMode.LISTEN, MonitorMode.WHISPER)
    assert policy.grant_header == "X-Grant" and policy.issuer == "srv" and not policy.notify_agent
    assert policy.templates == ASTERISK
    command = policy.configure_agent("agent7")
    assert command is not None and command.agent == "agent7" and command.allowed_modes == ("listen", "whisper")
    assert command.grant_header == "X-Grant" and command.server_public_key_pem == "PEM"
    assert MonitorPolicy.from_provisioning({}).configure_agent("agent7") is None
    assert MonitorPolicy.from_provisioning({"monitor_policy": {"method": "weird"}}).method == "peer_bridge"


def test_board_from_json() -> None:
    rows = [{"id": 3, "username": "a7", "display_name": "Agent 7", "teams": ["support"], "state": "on_call",
             "reason": None, "state_since": "x", "state_duration_s": 12.5,
             "current_call": {"call_id": "c1", "remote_number": "+302101234567", "remote_name": "Acme",
                              "queue": None, "duration_s": 12.5}},
            {"id": 4, "username": "a8", "display_name": "", "teams": [], "state": "ready", "current_call": None}]
    board = board_from_json(rows)
    assert board[0].current_call is not None and board[0].current_call.remote_number == "+302101234567"
    assert board[0].current_call.duration_s == 12.5 and board[0].teams == ("support",)
    assert board[1] == BoardAgent(id=4, username="a8", display_name="a8", teams=(), state="ready")
