"""Base classes of the frozen dataclass messages threads and processes exchange."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class Message:
    """Every message is a frozen dataclass; ``at`` is the wall-clock time it was made."""

    at: float = field(default_factory=time.time, compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class Event(Message):
    """Something that happened. Named in the past tense."""


@dataclass(frozen=True, kw_only=True)
class Command(Message):
    """Something to do. Named in the imperative."""


@dataclass(frozen=True, kw_only=True)
class EngineCommand(Command):
    """A command the media engine process executes (it crosses the engine pipe)."""
