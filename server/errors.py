"""Errors the API answers as JSON ``{"detail": "..."}``."""

from __future__ import annotations

from pydantic import ValidationError


class ApiError(Exception):
    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def describe_validation(errors: list[dict[str, object]] | ValidationError) -> str:
    """One readable line per problem: ``body.code: Field required``."""
    items = errors.errors() if isinstance(errors, ValidationError) else errors
    parts = []
    for error in items[:10]:
        location = ".".join(str(p) for p in error.get("loc", ()) or ())  # type: ignore[attr-defined]
        parts.append(f"{location}: {error.get('msg', 'invalid')}" if location else str(error.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"
