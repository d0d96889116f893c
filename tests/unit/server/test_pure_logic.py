"""Pure server logic: phone normalization, the monitor rule, idempotency digests, settings,
timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from server.config_store import DEFAULTS, validate_overrides
from server.idempotency import check_key, request_digest
from server.phone import to_e164
from server.schemas import AgentStateIn
from server.supervision import decide
from server.timeutil import iso_z


@pytest.mark.parametrize(("raw", "region", "expected"), [
    ("+30 210 123 4567", "US", "+302101234567"),
    ("0030 210 1234567", "US", "+302101234567"),
    ("210 123 4567", "GR", "+302101234567"),
    ("tel:+1-212-555-0100", "GR", "+12125550100"),
    ("(212) 555-0100", "US", "+12125550100"),
    ("+44 20 7946 0018", "US", "+442079460018"),
    ("anonymous", "US", None),
    ("", "US", None),
    ("12", "US", None),
    ("+" + "1" * 80, "US", None),
])
def test_to_e164(raw: str, region: str, expected: str | None) -> None:
    assert to_e164(raw, region) == expected


OWN, OTHER = 1, 2
ALL = ["listen", "whisper", "barge"]


@pytest.mark.parametrize("role", ["agent", "supervisor", "admin"])
@pytest.mark.parametrize("mode", ALL)
@pytest.mark.parametrize("team", [OWN, OTHER])
def test_only_a_supervisor_of_the_agents_team_is_granted(role: str, mode: str, team: int) -> None:
    decision = decide(requester_role=role, requester_id=10, agent_id=20, supervised={team},
                      agent_team_modes={OWN: ALL}, mode=mode)
    assert decision.granted is (role == "supervisor" and team == OWN)
    assert decision.reason


def test_a_team_may_forbid_a_mode_and_nobody_monitors_themselves() -> None:
    assert not decide(requester_role="supervisor", requester_id=10, agent_id=20, supervised={OWN},
                      agent_team_modes={OWN: ["listen"]}, mode="barge").granted
    assert decide(requester_role="supervisor", requester_id=10, agent_id=20, supervised={OWN, OTHER},
                  agent_team_modes={OWN: ["listen"], OTHER: ["barge"]}, mode="barge").granted
    assert not decide(requester_role="supervisor", requester_id=10, agent_id=10, supervised={OWN},
                      agent_team_modes={OWN: ALL}, mode="listen").granted


def test_digest_ignores_key_order_and_formatting_but_not_values() -> None:
    a = AgentStateIn.model_validate({"state": "ready", "at": "2026-11-28T03:00:00Z", "reason": ""})
    b = AgentStateIn.model_validate({"reason": "", "at": "2026-11-28T05:00:00+02:00", "state": "ready"})
    c = AgentStateIn.model_validate({"state": "ready", "at": "2026-11-28T03:00:01Z"})
    assert request_digest("agent_state", a) == request_digest("agent_state", b)
    assert request_digest("agent_state", a) != request_digest("agent_state", c)
    assert request_digest("agent_state", a) != request_digest("note", a)


@pytest.mark.parametrize(("key", "ok"), [("3f0c6a52-2f3e-4c1e-9d7e-2b2f8f3a9c11", True), (None, False),
                                        ("", False), ("has space", False), ("x" * 256, False)])
def test_idempotency_key_check(key: str | None, ok: bool) -> None:
    assert (check_key(key) is None) is ok


def test_setting_overrides_are_checked_by_name_and_type() -> None:
    assert validate_overrides({"wrap_up_seconds": 45, "default_region": "GR"}) == []
    assert validate_overrides({"wrap_up_seconds": True}) == ["wrap_up_seconds must be a int"]
    assert validate_overrides({"nope": 1}) == ["unknown setting 'nope'"]
    assert set(DEFAULTS["supervisor_feature_codes"]) == set(ALL)


def test_iso_z_is_utc_with_milliseconds() -> None:
    athens = timezone(timedelta(hours=2))
    assert iso_z(datetime(2026, 11, 28, 5, 30, 0, 123456, tzinfo=athens)) == "2026-11-28T03:30:00.123Z"
    assert iso_z(datetime(2026, 11, 28, 3, 30)) == "2026-11-28T03:30:00.000Z"
    assert iso_z(None) is None
    assert AgentStateIn.model_validate({"state": "ready", "at": "2026-11-28T03:00:00"}).at.tzinfo == UTC


def test_token_cache_forgets_after_its_ttl_on_expiry_and_on_evict() -> None:
    from server.api.deps import Principal, TokenCache

    who = Principal(1, "a", "agent", "A")
    later = datetime.now(UTC) + timedelta(hours=1)
    cache = TokenCache(ttl_s=60)
    cache.put("d1", later, who)
    cache.put("d2", datetime.now(UTC) - timedelta(seconds=1), who)
    assert cache.get("d1") == who and cache.get("d2") is None and cache.get("nope") is None
    cache.evict("d1")
    assert cache.get("d1") is None
    stale = TokenCache(ttl_s=0)
    stale.put("d1", later, who)
    assert stale.get("d1") is None


def test_the_api_speaks_the_domains_vocabulary() -> None:
    """States, monitor modes and directions the server accepts are the softphone's own."""
    import typing

    from server.schemas import InteractionIn, Mode, State
    from softphone.domain.values import AgentState, Direction, MonitorMode

    assert set(typing.get_args(State)) == {s.value for s in AgentState}
    assert set(typing.get_args(Mode)) == {m.value for m in MonitorMode}
    assert set(typing.get_args(InteractionIn.model_fields["direction"].annotation)) == {d.value for d in Direction}


def test_login_throttle_blocks_after_the_limit_until_the_window_passes() -> None:
    from server.throttle import LoginThrottle

    clock = [1000.0]
    throttle = LoginThrottle(limit=3, window_s=60, now=lambda: clock[0])
    for _ in range(2):
        throttle.failed("maria")
    assert throttle.retry_after("maria") == 0
    throttle.failed("maria")
    assert 59 <= throttle.retry_after("maria") <= 61 and throttle.retry_after("nikos") == 0
    clock[0] += 61
    assert throttle.retry_after("maria") == 0
    throttle.failed("maria")
    throttle.succeeded("maria")
    assert throttle.retry_after("maria") == 0
