"""Every pjsua2 callback runs through ``guarded``: an exception becomes an ``EngineFailed``
event and a log line, never a Python exception inside PJSIP (which aborts the process
at exit, see ARCHITECTURE.md rule 7)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from softphone.domain.events import EngineFailed
from softphone.domain.messages import Event

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


class HasPublish(Protocol):
    def publish(self, event: Event) -> None: ...


class EngineOwned(Protocol):
    engine: HasPublish


def guarded(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(self: EngineOwned, *args: Any) -> Any:
        try:
            return fn(self, *args)
        except Exception as exc:
            where = f"{type(self).__name__}.{fn.__name__}"
            log.exception("exception in pjsua2 callback %s", where)
            try:
                self.engine.publish(EngineFailed(where=where, error=f"{type(exc).__name__}: {exc}"))
            except Exception:
                log.exception("could not report the failure of %s", where)
            return None

    return wrapper  # type: ignore[return-value]
