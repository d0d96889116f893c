"""Thread ownership: one owner thread per foreign runtime, checked in code.

A ``ThreadOwner`` is bound once by the thread that owns a runtime (the SIP engine
thread owns pjsua2, the GUI thread owns Qt). Code that must only run there calls
``assert_thread(owner)``; a call from any other thread raises ``WrongThreadError``
instead of corrupting the runtime.
"""

from __future__ import annotations

import threading


class WrongThreadError(RuntimeError):
    """Code that belongs to one owner thread was called from another."""


class ThreadOwner:
    """Names the single thread allowed to touch one runtime."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._ident: int | None = None
        self._thread_name: str | None = None
        self._lock = threading.Lock()

    def bind(self) -> None:
        """Claim ownership for the calling thread (once; rebinding needs ``release``)."""
        current = threading.current_thread()
        with self._lock:
            if self._ident is not None and self._ident != current.ident:
                raise WrongThreadError(
                    f"{self.name} is already owned by thread {self._thread_name!r}; "
                    f"{current.name!r} cannot take it over"
                )
            self._ident = current.ident
            self._thread_name = current.name

    def release(self) -> None:
        with self._lock:
            self._ident = None
            self._thread_name = None

    @property
    def bound(self) -> bool:
        return self._ident is not None

    def is_current(self) -> bool:
        return self._ident is not None and self._ident == threading.get_ident()

    def __repr__(self) -> str:
        return f"ThreadOwner({self.name!r}, thread={self._thread_name!r})"


def assert_thread(owner: ThreadOwner) -> None:
    """Raise ``WrongThreadError`` unless the caller runs on ``owner``'s thread."""
    if not owner.is_current():
        where = owner._thread_name if owner.bound else "no thread yet"
        raise WrongThreadError(
            f"{owner.name} may only be used on its owner thread ({where}), "
            f"not on {threading.current_thread().name!r}"
        )
