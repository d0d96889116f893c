"""Shared dependencies of the routers: the app's core objects and the logged-in user."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
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
from server.throttle import LoginThrottle
from server.timeutil import as_utc, utcnow


@dataclass(frozen=True)
class Principal:
    id: int
    username: str
    role: str
    display_name: str


@dataclass
class Core:
    settings: Settings
    db: Database
    keys: ServerKeys
    tokens: TokenCache
    logins: LoginThrottle


_bearer = HTTPBearer(auto_error=False, description="the access_token from POST /api/v1/auth/login")


def core(request: Request) -> Core:
    value: Core = request.app.state.core
    return value


class TokenCache:
    """Recently checked tokens (by digest) for a few seconds: one query less per request.
    Logout evicts here; another server process may accept a logged-out token for up to
    ``ttl_s`` more seconds. Expiry is always checked."""

    def __init__(self, ttl_s: float = 10.0, size: int = 10_000) -> None:
        self.ttl_s, self.size = ttl_s, size
        self._entries: dict[str, tuple[float, datetime, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> Principal | None:
        with self._lock:
            entry = self._entries.get(digest)
        if entry is None or time.monotonic() - entry[0] > self.ttl_s or entry[1] <= utcnow():
            return None
        return entry[2]

    def put(self, digest: str, expires_at: datetime, principal: Principal) -> None:
        with self._lock:
            if len(self._entries) >= self.size:
                self._entries.clear()  # crude but bounded; refilled within seconds
            self._entries[digest] = (time.monotonic(), expires_at, principal)

    def evict(self, digest: str) -> None:
        with self._lock:
            self._entries.pop(digest, None)


def current_user(request: Request,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Principal:
    unauthorized = {"WWW-Authenticate": "Bearer"}
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401, "not authenticated: send Authorization: Bearer <token>", unauthorized)
    digest = token_digest(credentials.credentials)
    app = core(request)
    cached = app.tokens.get(digest)
    if cached is not None:
        return cached
    with app.db.reading() as session:
        row = session.execute(select(User.id, User.username, User.role, User.display_name, ApiToken.expires_at)
                              .join(ApiToken, ApiToken.user_id == User.id)
                              .where(ApiToken.token_hash == digest, ApiToken.expires_at > utcnow(),
                                     User.active.is_(True))).first()
    if row is None:
        raise ApiError(401, "invalid or expired token", unauthorized)
    principal = Principal(row.id, row.username, row.role, row.display_name)
    app.tokens.put(digest, as_utc(row.expires_at), principal)
    return principal


CurrentUser = Annotated[Principal, Depends(current_user)]


def require_roles(*roles: str) -> Callable[[Principal], Principal]:
    def check(user: CurrentUser) -> Principal:
        if user.role not in roles:
            raise ApiError(403, f"this needs the role {' or '.join(roles)}")
        return user

    return check


SupervisorUser = Annotated[Principal, Depends(require_roles("supervisor", "admin"))]
AdminUser = Annotated[Principal, Depends(require_roles("admin"))]
