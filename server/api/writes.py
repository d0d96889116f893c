"""The softphone outbox's endpoints: idempotent interactions, dispositions, notes, agent
states, the batch; and the reads tests use to check what arrived."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select

from server.api.deps import CurrentUser, Principal, core
from server.errors import ApiError
from server.idempotency import Outcome, run_batch, run_write
from server.models import Disposition, Interaction, Note
from server.schemas import AgentStateIn, BatchIn, DispositionIn, InteractionIn, NoteIn
from server.serialize import disposition_out, interaction_out, note_out, page

router = APIRouter(tags=["sync"])
KeyHeader = Header(default=None, alias="Idempotency-Key", max_length=255,
                   description="required: a UUID; the first response is replayed for the same key")
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "Idempotency-Key missing"},
    422: {"description": "invalid body, unknown code, or key reused with a different body"},
}


def _respond(outcome: Outcome) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    return JSONResponse(outcome.body, status_code=outcome.status, headers=headers)


def _write(request: Request, user: Principal, kind: str, key: str | None, body: BaseModel) -> JSONResponse:
    return _respond(run_write(core(request).db, user.id, kind, key, body))


@router.post("/interactions", status_code=201, responses=WRITE_RESPONSES)
def post_interaction(*, body: InteractionIn, request: Request, key: str | None = KeyHeader,
                     user: CurrentUser) -> JSONResponse:
    return _write(request, user, "interaction", key, body)


@router.post("/dispositions", status_code=201, responses=WRITE_RESPONSES)
def post_disposition(*, body: DispositionIn, request: Request, key: str | None = KeyHeader,
                     user: CurrentUser) -> JSONResponse:
    return _write(request, user, "disposition", key, body)


@router.post("/notes", status_code=201, responses=WRITE_RESPONSES)
def post_note(*, body: NoteIn, request: Request, key: str | None = KeyHeader,
              user: CurrentUser) -> JSONResponse:
    return _write(request, user, "note", key, body)


@router.post("/agent-states", status_code=201, responses=WRITE_RESPONSES)
def post_agent_state(*, body: AgentStateIn, request: Request, key: str | None = KeyHeader,
                     user: CurrentUser) -> JSONResponse:
    return _write(request, user, "agent_state", key, body)


@router.post("/batch", response_model=dict[str, Any])
def post_batch(*, body: BatchIn, request: Request, user: CurrentUser) -> JSONResponse:
    """Each item is handled exactly like its single endpoint, in order (one transaction for the batch)."""
    items = [(item.kind, item.idempotency_key, item.body) for item in body.items]
    outcomes = run_batch(core(request).db, user.id, items)
    # the bodies are plain JSON values already: a JSONResponse skips FastAPI's generic re-encoding
    return JSONResponse({"results": [
        {"idempotency_key": item.idempotency_key, "status": outcome.status, "body": outcome.body}
        for item, outcome in zip(body.items, outcomes, strict=True)]})


def _may_see_all(user: Principal) -> bool:
    return user.role in ("supervisor", "admin")


@router.get("/interactions/{call_id}")
def get_interaction(*, call_id: str, request: Request, user: CurrentUser) -> dict[str, Any]:
    with core(request).db.reading() as session:
        row = session.get(Interaction, call_id)
        if row is None or not (_may_see_all(user) or row.agent_id == user.id):
            raise ApiError(404, "no such interaction")
        dispositions = session.scalars(select(Disposition).where(Disposition.call_id == call_id)
                                       .order_by(Disposition.saved_at)).all()
        return {**interaction_out(row), "dispositions": [disposition_out(d) for d in dispositions]}


@router.get("/dispositions")
def list_dispositions(*, request: Request, call_id: str | None = Query(default=None, max_length=64),
                      limit: int = Query(default=50, ge=1, le=200), offset: int = Query(default=0, ge=0),
                      user: CurrentUser) -> dict[str, Any]:
    query = select(Disposition).order_by(Disposition.saved_at, Disposition.disposition_id)
    if call_id is not None:
        query = query.where(Disposition.call_id == call_id)
    if not _may_see_all(user):
        query = query.where(Disposition.agent_id == user.id)
    with core(request).db.reading() as session:
        rows = session.scalars(query.limit(limit + 1).offset(offset)).all()
        return page([disposition_out(r) for r in rows], limit, offset)


@router.get("/notes")
def list_notes(*, request: Request, call_id: str | None = Query(default=None, max_length=64),
               customer_id: str | None = Query(default=None, max_length=64),
               limit: int = Query(default=50, ge=1, le=200), offset: int = Query(default=0, ge=0),
               user: CurrentUser) -> dict[str, Any]:
    query = select(Note).order_by(Note.saved_at, Note.note_id)
    if call_id is not None:
        query = query.where(Note.call_id == call_id)
    if customer_id is not None:
        query = query.where(Note.customer_id == customer_id)
    if not _may_see_all(user):
        query = query.where(Note.agent_id == user.id)
    with core(request).db.reading() as session:
        rows = session.scalars(query.limit(limit + 1).offset(offset)).all()
        return page([note_out(r) for r in rows], limit, offset)
