"""The writes the softphone's outbox sends: interactions, dispositions, notes, agent states.

Each ``apply_*`` runs inside the caller's write transaction and returns the response body;
business-rule refusals raise ApiError (the transaction then rolls back).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.config_store import current_config
from server.errors import ApiError
from server.models import AgentStateEvent, Disposition, DispositionCode, Interaction, Note, User
from server.phone import to_e164
from server.schemas import AgentStateIn, DispositionIn, InteractionIn, NoteIn
from server.serialize import disposition_out, interaction_out, note_out
from server.timeutil import iso_z, utcnow

CALL_STATES = frozenset({"ringing", "on_call", "wrap_up"})


def insert_if_absent(session: Session, model: type[Any], values: dict[str, Any], key: str) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING on ``key``; True when this call inserted the row.
    Two transactions racing for the same new key both succeed: one inserts, one waits and skips."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(**values).on_conflict_do_nothing(index_elements=[key])
    # Core, not the ORM's bulk path: RETURNING tells whether this statement inserted the row
    return session.connection().execute(statement.returning(model.__table__.c[key])).first() is not None


def _locked(session: Session, model: type[Any], key: str) -> Any:
    return session.get(model, key, with_for_update=True, populate_existing=True)


def apply_interaction(session: Session, user_id: int, body: InteractionIn) -> dict[str, Any]:
    region = str(current_config(session)["default_region"])
    now = utcnow()
    fields: dict[str, Any] = {
        "direction": body.direction, "remote_number": body.remote_number,
        "remote_e164": to_e164(body.remote_number, region) if body.remote_number else None,
        "remote_name": body.remote_name, "account": body.account, "queue": body.queue,
        "offered_at": body.offered_at, "answered_at": body.answered_at, "ended_at": body.ended_at,
        "duration_s": body.duration_s, "end_reason": body.end_reason, "is_stub": False, "updated_at": now,
    }
    inserted = insert_if_absent(session, Interaction, {"call_id": body.call_id, "agent_id": user_id,
                                                       "customer_id": body.customer_id, "created_at": now,
                                                       **fields}, "call_id")
    row: Interaction = _locked(session, Interaction, body.call_id)
    if not inserted:
        if row.agent_id not in (None, user_id) and not row.is_stub:
            raise ApiError(409, "this call_id belongs to another agent's interaction")
        for name, value in fields.items():
            setattr(row, name, value)
        row.agent_id = row.agent_id or user_id
        if body.customer_id:
            row.customer_id = body.customer_id
        session.flush()
    return interaction_out(row)


def _ensure_interaction(session: Session, user_id: int, call_id: str) -> Interaction:
    """Dispositions are never refused because their interaction has not arrived yet: make a stub."""
    known = session.identity_map.get(session.identity_key(Interaction, call_id))
    if known is not None:  # already written or locked in this transaction (a batch): no SQL needed
        return known
    now = utcnow()
    insert_if_absent(session, Interaction, {"call_id": call_id, "agent_id": user_id, "is_stub": True,
                                            "direction": "inbound", "remote_number": "", "remote_name": "",
                                            "account": "", "queue": "", "duration_s": 0.0, "end_reason": "",
                                            "created_at": now, "updated_at": now}, "call_id")
    row: Interaction = _locked(session, Interaction, call_id)
    return row


def apply_disposition(session: Session, user_id: int, body: DispositionIn) -> dict[str, Any]:
    code = session.get(DispositionCode, body.code)
    if code is None or not code.active:
        raise ApiError(422, f"unknown disposition code {body.code!r}")
    interaction = _ensure_interaction(session, user_id, body.call_id)
    if body.customer_id and not interaction.customer_id:
        interaction.customer_id = body.customer_id
    now = utcnow()
    fields: dict[str, Any] = {"call_id": body.call_id, "code": body.code, "notes": body.notes,
                              "follow_up_at": body.follow_up_at, "customer_id": body.customer_id,
                              "saved_at": body.saved_at, "updated_at": now}
    inserted = insert_if_absent(session, Disposition, {"disposition_id": body.disposition_id, "agent_id": user_id,
                                                       "created_at": now, **fields}, "disposition_id")
    row: Disposition = _locked(session, Disposition, body.disposition_id)
    if not inserted:
        if row.agent_id != user_id:
            raise ApiError(409, "this disposition_id belongs to another agent")
        for name, value in fields.items():
            setattr(row, name, value)
        session.flush()
    return disposition_out(row)


def apply_note(session: Session, user_id: int, body: NoteIn) -> dict[str, Any]:
    now = utcnow()
    fields: dict[str, Any] = {"customer_id": body.customer_id, "call_id": body.call_id, "text": body.text,
                              "saved_at": body.saved_at, "updated_at": now}
    inserted = insert_if_absent(session, Note, {"note_id": body.note_id, "agent_id": user_id, "created_at": now,
                                                **fields}, "note_id")
    row: Note = _locked(session, Note, body.note_id)
    if not inserted:
        if row.agent_id != user_id:
            raise ApiError(409, "this note_id belongs to another agent")
        for name, value in fields.items():
            setattr(row, name, value)
        session.flush()
    return note_out(row)


def apply_agent_state(session: Session, user_id: int, body: AgentStateIn) -> dict[str, Any]:
    event = AgentStateEvent(user_id=user_id, state=body.state, reason=body.reason, at=body.at, call_id=body.call_id)
    session.add(event)
    user = session.scalars(select(User).where(User.id == user_id).with_for_update()).one()
    # the outbox may deliver old states late (after an offline spell): only a newer one is current
    current = user.state_at is None or body.at >= user.state_at
    if current:
        call_id = body.call_id if body.state in CALL_STATES else None
        if call_id != user.current_call_id:
            user.call_answered_at = None
        if body.state == "on_call" and user.call_answered_at is None:
            user.call_answered_at = body.at  # the call's duration counts from here, through wrap-up
        user.state, user.state_reason, user.state_at = body.state, body.reason, body.at
        user.current_call_id = call_id
    session.flush()
    return {"id": event.id, "state": body.state, "reason": body.reason, "at": iso_z(body.at),
            "call_id": body.call_id, "current": current}
