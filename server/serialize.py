"""Rows to the JSON the API returns (timestamps as ISO 8601 UTC with ``Z``). The ``Any``
rows are ORM objects or Core rows with the same attribute names."""

from __future__ import annotations

from typing import Any

from server.models import User
from server.timeutil import iso_z


def user_out(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "role": user.role, "display_name": user.display_name}


def interaction_out(row: Any) -> dict[str, Any]:
    return {
        "call_id": row.call_id, "direction": row.direction, "remote_number": row.remote_number,
        "remote_number_e164": row.remote_e164, "remote_name": row.remote_name, "account": row.account,
        "queue": row.queue, "offered_at": iso_z(row.offered_at), "answered_at": iso_z(row.answered_at),
        "ended_at": iso_z(row.ended_at), "duration_s": row.duration_s, "end_reason": row.end_reason,
        "customer_id": row.customer_id, "agent_id": row.agent_id, "stub": row.is_stub,
        "created_at": iso_z(row.created_at), "updated_at": iso_z(row.updated_at),
    }


def disposition_out(row: Any) -> dict[str, Any]:
    return {
        "disposition_id": row.disposition_id, "call_id": row.call_id, "code": row.code, "notes": row.notes,
        "follow_up_at": iso_z(row.follow_up_at), "customer_id": row.customer_id, "saved_at": iso_z(row.saved_at),
        "agent_id": row.agent_id, "created_at": iso_z(row.created_at), "updated_at": iso_z(row.updated_at),
    }


def note_out(row: Any) -> dict[str, Any]:
    return {
        "note_id": row.note_id, "customer_id": row.customer_id, "call_id": row.call_id, "text": row.text,
        "saved_at": iso_z(row.saved_at), "agent_id": row.agent_id, "created_at": iso_z(row.created_at),
        "updated_at": iso_z(row.updated_at),
    }


def item_out(row: Any) -> dict[str, Any]:
    return {"kind": row.kind, "reference": row.reference, "title": row.title, "status": row.status,
            "updated_at": iso_z(row.updated_at)}


def customer_out(row: Any, phones: list[dict[str, str]]) -> dict[str, Any]:
    return {"customer_id": row.id, "name": row.name, "company": row.company, "tier": row.tier,
            "language": row.language, "email": row.email, "phones": phones,
            "created_at": iso_z(row.created_at), "updated_at": iso_z(row.updated_at)}


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """A page of a list: ``next_offset`` is null on the last page."""
    return {"items": items[:limit], "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(items) > limit else None}
