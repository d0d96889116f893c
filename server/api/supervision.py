"""Supervisor board, monitor grants (every attempt audited) and the audit trail."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from server import supervision
from server.api.deps import CurrentUser, SupervisorUser, core
from server.errors import ApiError
from server.models import MonitorAudit, User
from server.schemas import GrantRequestIn
from server.serialize import page
from server.timeutil import iso_z

router = APIRouter(tags=["supervision"])


@router.get("/supervisor/board")
def get_board(*, request: Request, user: SupervisorUser) -> dict[str, Any]:
    with core(request).db.reading() as session:
        viewer = session.get(User, user.id)
        assert viewer is not None
        return {"agents": supervision.board(session, viewer)}


@router.post("/monitor/grants", status_code=201, responses={403: {"description": "refused (audited)"}})
def post_grant(*, body: GrantRequestIn, request: Request, user: CurrentUser) -> JSONResponse:
    """Ask to listen / whisper / barge an agent's call. Granted only to a supervisor of the
    agent's team for a mode the team allows; granted or refused, the attempt is audited."""
    app = core(request)
    refused: ApiError | None = None
    with app.db.writing() as session:
        requester = session.get(User, user.id)
        assert requester is not None
        try:
            result = supervision.request_grant(session, keys=app.keys, issuer=app.settings.issuer,
                                               ttl_s=app.settings.grant_ttl_s, requester=requester,
                                               agent_name=body.agent, mode=body.mode, call_id=body.call_id)
        except ApiError as exc:
            refused = exc  # leave the with-block normally so the audit row commits
    if refused is not None:
        raise refused
    return JSONResponse(result, status_code=201, headers={"Cache-Control": "no-store"})


@router.get("/monitor/audit")
def get_audit(*, request: Request, limit: int = Query(default=50, ge=1, le=200), offset: int = Query(default=0, ge=0),
              agent: str | None = Query(default=None, max_length=64),
              user: SupervisorUser) -> dict[str, Any]:
    """Monitor attempts, newest first: a supervisor sees their own, an admin everyone's."""
    query = select(MonitorAudit, User.username).join(User, User.id == MonitorAudit.requester_id).order_by(
        MonitorAudit.id.desc())
    if user.role != "admin":
        query = query.where(MonitorAudit.requester_id == user.id)
    if agent is not None:
        query = query.where(MonitorAudit.agent_username == agent)
    with core(request).db.reading() as session:
        rows = session.execute(query.limit(limit + 1).offset(offset)).all()
        items = [{"id": a.id, "at": iso_z(a.at), "requester": name, "agent": a.agent_username, "call_id": a.call_id,
                  "mode": a.mode, "granted": a.granted, "reason": a.reason, "nonce": a.nonce,
                  "expires_at": iso_z(a.expires_at)} for a, name in rows]
        return page(items, limit, offset)
