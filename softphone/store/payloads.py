"""Pure: the JSON bodies of the sync API (issue 5 contract) built from local rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

KIND_INTERACTION = "interaction"
KIND_DISPOSITION = "disposition"
KIND_NOTE = "note"
KIND_AGENT_STATE = "agent_state"
KINDS = (KIND_INTERACTION, KIND_DISPOSITION, KIND_NOTE, KIND_AGENT_STATE)
AGENT_STATE_ORDER_KEY = "agent-state"
MAX_TEXT = 20_000  # the server's limit on notes and note texts: longer is refused at save time
# the server's limits on fields that come from the network (SIP display names...): clipped, never refused
CLIP = {"remote_number": 64, "remote_name": 128, "account": 128, "queue": 128, "end_reason": 32, "reason": 128}


def clip(field: str, value: str) -> str:
    return value[: CLIP[field]]


def iso_utc(epoch: float | None) -> str | None:
    """``1795836600.123`` -> ``"2026-11-28T03:30:00.123Z"`` (milliseconds, UTC); None stays None."""
    if epoch is None:
        return None
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def dumps(body: dict[str, Any]) -> str:
    """Canonical JSON: the same record always gives the same bytes (idempotent retries)."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def interaction_body(
    *,
    call_id: str,
    direction: str,
    remote_number: str,
    remote_name: str,
    account: str,
    queue: str,
    offered_at: float,
    answered_at: float | None,
    ended_at: float | None,
    duration_s: float,
    end_reason: str,
) -> dict[str, Any]:
    return {
        "call_id": call_id,
        "direction": direction,
        "remote_number": clip("remote_number", remote_number),
        "remote_name": clip("remote_name", remote_name),
        "account": clip("account", account),
        "queue": clip("queue", queue),
        "offered_at": iso_utc(offered_at),
        "answered_at": iso_utc(answered_at),
        "ended_at": iso_utc(ended_at),
        "duration_s": round(duration_s, 3),
        "end_reason": clip("end_reason", end_reason),
    }


def disposition_body(
    *,
    disposition_id: str,
    call_id: str,
    code: str,
    notes: str,
    follow_up_at: float | None,
    customer_id: str | None,
    saved_at: float,
) -> dict[str, Any]:
    return {
        "disposition_id": disposition_id,
        "call_id": call_id,
        "code": code,
        "notes": notes,
        "follow_up_at": iso_utc(follow_up_at),
        "customer_id": customer_id,
        "saved_at": iso_utc(saved_at),
    }


def note_body(*, note_id: str, customer_id: str | None, call_id: str | None, text: str,
              saved_at: float) -> dict[str, Any]:
    return {"note_id": note_id, "customer_id": customer_id, "call_id": call_id, "text": text,
            "saved_at": iso_utc(saved_at)}


def agent_state_body(*, state: str, reason: str, at: float, call_id: str | None) -> dict[str, Any]:
    return {"state": state, "reason": clip("reason", reason), "at": iso_utc(at), "call_id": call_id}


def note_order_key(note_id: str, call_id: str | None) -> str:
    """A note about a call goes after that call's interaction; a free note has no predecessor."""
    return call_id if call_id else f"note:{note_id}"
