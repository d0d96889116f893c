"""Admin endpoints: users, teams, memberships, settings, disposition codes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from server import admin
from server.api.deps import AdminUser, core
from server.config_store import current_config, save_overrides, validate_overrides
from server.errors import ApiError
from server.models import DispositionCode, Team, User
from server.schemas import TeamIn, UserIn
from server.serialize import page, user_out

router = APIRouter(prefix="/admin", tags=["admin"])


class MembershipIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    supervisor: bool = False


class CodeIn(BaseModel):
    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1, max_length=128)
    category: str = Field(default="", max_length=64)
    active: bool = True


@router.post("/users", status_code=201)
def create_user(*, body: UserIn, request: Request, _admin: AdminUser) -> dict[str, Any]:
    app = core(request)
    with app.db.writing() as session:
        return user_out(admin.create_user(session, app.keys, body))


@router.get("/users")
def list_users(*, request: Request, limit: int = Query(default=50, ge=1, le=200), offset: int = Query(default=0, ge=0),
               _admin: AdminUser) -> dict[str, Any]:
    with core(request).db.reading() as session:
        rows = session.scalars(select(User).order_by(User.id).limit(limit + 1).offset(offset)).all()
        return page([user_out(u) for u in rows], limit, offset)


@router.post("/teams", status_code=201)
def create_team(*, body: TeamIn, request: Request, _admin: AdminUser) -> dict[str, Any]:
    with core(request).db.writing() as session:
        team = admin.upsert_team(session, body)
        return {"id": team.id, "name": team.name, "monitor_modes": body.monitor_modes}


@router.post("/teams/{team_name}/members", status_code=201)
def add_member(*, team_name: str, body: MembershipIn, request: Request, _admin: AdminUser) -> dict[str, Any]:
    with core(request).db.writing() as session:
        team = session.scalars(select(Team).where(Team.name == team_name)).first()
        user = session.scalars(select(User).where(User.username == body.username)).first()
        if team is None or user is None:
            raise ApiError(404, "no such team or user")
        admin.add_member(session, team, user, body.supervisor)
        return {"team": team.name, "username": user.username, "supervisor": body.supervisor}


@router.put("/settings")
def put_settings(*, request: Request, values: Annotated[dict[str, Any], Body()], _admin: AdminUser) -> dict[str, Any]:
    problems = validate_overrides(values)
    if problems:
        raise ApiError(422, "; ".join(problems))
    with core(request).db.writing() as session:
        save_overrides(session, values)
        return current_config(session)


@router.post("/disposition-codes", status_code=201)
def put_code(*, body: CodeIn, request: Request, _admin: AdminUser) -> dict[str, Any]:
    with core(request).db.writing() as session:
        row = session.get(DispositionCode, body.code)
        if row is None:
            session.add(DispositionCode(code=body.code, label=body.label, category=body.category, active=body.active))
        else:
            row.label, row.category, row.active = body.label, body.category, body.active
        return body.model_dump()
