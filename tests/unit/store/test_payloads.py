"""The sync API bodies: ISO 8601 UTC timestamps with milliseconds, canonical JSON."""

from __future__ import annotations

from datetime import UTC, datetime

from softphone.store.payloads import disposition_body, dumps, interaction_body, iso_utc, note_order_key


def test_iso_utc_has_milliseconds_and_z() -> None:
    epoch = datetime(2026, 11, 28, 3, 30, 0, 123456, tzinfo=UTC).timestamp()
    assert iso_utc(epoch) == "2026-11-28T03:30:00.123Z"
    assert iso_utc(None) is None


def test_dumps_is_canonical() -> None:
    assert dumps({"b": 1, "a": "é"}) == '{"a":"é","b":1}'


def test_bodies_carry_exactly_the_contract_fields() -> None:
    inter = interaction_body(call_id="c", direction="inbound", remote_number="+1", remote_name="N", account="a",
                             queue="q", offered_at=0.0, answered_at=None, ended_at=1.5, duration_s=0.0,
                             end_reason="cancelled")
    assert set(inter) == {"call_id", "direction", "remote_number", "remote_name", "account", "queue", "offered_at",
                          "answered_at", "ended_at", "duration_s", "end_reason"}
    assert inter["answered_at"] is None and inter["ended_at"] == "1970-01-01T00:00:01.500Z"
    disp = disposition_body(disposition_id="d", call_id="c", code="sale", notes="", follow_up_at=None,
                            customer_id=None, saved_at=0.0)
    assert set(disp) == {"disposition_id", "call_id", "code", "notes", "follow_up_at", "customer_id", "saved_at"}


def test_a_note_about_a_call_is_ordered_with_that_call() -> None:
    assert note_order_key("n1", "call-7") == "call-7"
    assert note_order_key("n1", None) == "note:n1"


def test_network_supplied_fields_are_clipped_to_the_servers_limits() -> None:
    from softphone.store.payloads import agent_state_body

    inter = interaction_body(call_id="c", direction="inbound", remote_number="1" * 100, remote_name="N" * 500,
                             account="a", queue="q" * 200, offered_at=0.0, answered_at=None, ended_at=None,
                             duration_s=0.0, end_reason="r" * 40)
    assert (len(inter["remote_number"]), len(inter["remote_name"]), len(inter["queue"]), len(inter["end_reason"])) \
        == (64, 128, 128, 32)
    assert len(agent_state_body(state="not_ready", reason="x" * 300, at=0.0, call_id=None)["reason"]) == 128
