"""The FastAPI application: ``create_app(settings)``; every route is under /api/v1."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from server.api import admin, auth, campaigns, customers, provisioning, supervision, writes
from server.api.deps import Core, TokenCache
from server.config import Settings, load_settings
from server.db import Database
from server.errors import ApiError, describe_validation
from server.idempotency import purge_expired
from server.keys import load_keys
from server.limits import BodySizeLimit
from server.throttle import LoginThrottle

log = logging.getLogger("softphone.server")
PURGE_EVERY_S = 6 * 3600


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": describe_validation(list(exc.errors()))}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(OperationalError)
    async def database_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", exc.orig)
        return JSONResponse({"detail": "the database is unavailable; retry later"}, status_code=503,
                            headers={"Retry-After": "2"})

    @app.exception_handler(Exception)
    async def crashed(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse({"detail": "internal server error"}, status_code=500)


def app_from_env() -> FastAPI:
    """The app from the environment (``uvicorn --factory``, one per worker process)."""
    return create_app(load_settings())


def create_app(settings: Settings) -> FastAPI:
    core = Core(settings=settings, db=Database(settings.database_url),
                keys=load_keys(settings.private_key_path, settings.data_key_path), tokens=TokenCache(),
                logins=LoginThrottle())

    async def purge_forever() -> None:
        while True:
            try:
                removed = await asyncio.to_thread(purge_expired, core.db, settings.idempotency_retention_days)
                if removed:
                    log.info("purged %d idempotency keys older than %d days", removed,
                             settings.idempotency_retention_days)
            except OperationalError as exc:
                log.warning("idempotency purge failed: %s", exc.orig)
            await asyncio.sleep(PURGE_EVERY_S)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(purge_forever())
        yield
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
        core.db.dispose()

    app = FastAPI(title="softphone central server", version="1.0", lifespan=lifespan,
                  openapi_url="/api/v1/openapi.json", docs_url="/api/v1/docs", redoc_url=None)
    app.state.core = core
    _install_error_handlers(app)
    app.add_middleware(BodySizeLimit)
    for module in (auth, provisioning, customers, writes, supervision, campaigns, admin):
        app.include_router(module.router, prefix="/api/v1")
    return app
