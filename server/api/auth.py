"""Login (password -> bearer token), logout, who am I, health."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import delete, select, text

from server.api.deps import CurrentUser, core
from server.errors import ApiError
from server.models import ApiToken, User
from server.schemas import LoginIn
from server.security import new_token, token_digest, verify_password
from server.serialize import user_out
from server.timeutil import iso_z, utcnow

router = APIRouter(tags=["auth"])
log = logging.getLogger("softphone.server.auth")


@router.get("/health")
def health(*, request: Request) -> dict[str, str]:
    with core(request).db.reading() as session:
        session.execute(text("SELECT 1"))
    return {"status": "ok"}


@router.post("/auth/login")
def login(*, body: LoginIn, request: Request) -> dict[str, Any]:
    app = core(request)
    # per username, not per address: a contact center's agents share one NAT address
    throttle_key = body.username.lower()
    wait = app.logins.retry_after(throttle_key)
    if wait:
        raise ApiError(429, "too many failed logins; try again later", {"Retry-After": str(wait)})
    with app.db.reading() as session:
        user = session.scalars(select(User).where(User.username == body.username)).first()
        ok = verify_password(user.password_hash if user else None, body.password)
    if user is None or not ok or not user.active:
        log.info("failed login for %r", body.username[:64])
        app.logins.failed(throttle_key)
        raise ApiError(401, "wrong username or password")
    app.logins.succeeded(throttle_key)
    token = new_token()
    expires = utcnow() + timedelta(seconds=app.settings.token_ttl_s)
    with app.db.writing() as session:
        session.execute(delete(ApiToken).where(ApiToken.user_id == user.id, ApiToken.expires_at < utcnow()))
        session.add(ApiToken(token_hash=token_digest(token), user_id=user.id, expires_at=expires))
    return {"access_token": token, "token_type": "bearer", "expires_at": iso_z(expires), "user": user_out(user)}


@router.post("/auth/logout", status_code=204)
def logout(*, request: Request, user: CurrentUser) -> None:
    digest = token_digest(request.headers.get("authorization", "").partition(" ")[2])
    core(request).tokens.evict(digest)
    with core(request).db.writing() as session:
        session.execute(delete(ApiToken).where(ApiToken.token_hash == digest))


@router.get("/auth/me")
def me(*, user: CurrentUser) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "role": user.role, "display_name": user.display_name}
