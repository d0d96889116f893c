"""Shared dependencies of the routers: the app's core objects and the logged-in user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from server.config import Settings
from server.db import Database
from server.errors import ApiError
from server.keys import ServerKeys
from server.models import ApiToken, User
from server.security import token_digest
from server.timeutil import utcnow


@dataclass
class Core:
    settings: Settings
    db: Database
    keys: ServerKeys


@dataclass(frozen=True)
class Principal:
    id: int
    username: str
    role: str
    display_name: str


_bearer = HTTPBearer(auto_error=False, description="the access_token from POST /api/v1/auth/login")


def core(request: Request) -> Core:
    value: Core = request.app.state.core
    return value


def current_user(request: Request,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Principal:
    unauthorized = {"WWW-Authenticate": "Bearer"}
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401, "not authenticated: send Authorization: Bearer <token>", unauthorized)
    digest = token_digest(credentials.credentials)
    with core(request).db.reading() as session:
        user = session.scalars(select(User).join(ApiToken, ApiToken.user_id == User.id).where(
            ApiToken.token_hash == digest, ApiToken.expires_at > utcnow(), User.active.is_(True))).first()
        if user is None:
            raise ApiError(401, "invalid or expired token", unauthorized)
        return Principal(user.id, user.username, user.role, user.display_name)


CurrentUser = Annotated[Principal, Depends(current_user)]


def require_roles(*roles: str) -> Callable[[Principal], Principal]:
    def check(user: CurrentUser) -> Principal:
        if user.role not in roles:
            raise ApiError(403, f"this needs the role {' or '.join(roles)}")
        return user

    return check


SupervisorUser = Annotated[Principal, Depends(require_roles("supervisor", "admin"))]
AdminUser = Annotated[Principal, Depends(require_roles("admin"))]
