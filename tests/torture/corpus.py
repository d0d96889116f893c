"""The RFC 4475 messages as test data: load them with their catalog entry."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
RFC4475 = HERE / "rfc4475"
REGRESSIONS = HERE / "regressions"


@dataclass(frozen=True)
class TortureMessage:
    name: str
    section: str
    title: str
    kind: str  # valid | invalid | transaction | application | compat
    data: bytes

    @property
    def is_request(self) -> bool:
        return not self.data.startswith(b"SIP/")

    @property
    def method(self) -> str:
        return self.data.split(b" ", 1)[0].decode("latin-1") if self.is_request else ""


def catalog() -> list[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads((RFC4475 / "catalog.json").read_text())
    return entries


def load_all() -> list[TortureMessage]:
    return [TortureMessage(str(e["name"]), str(e["section"]), str(e["title"]), str(e["kind"]),
                           (RFC4475 / f"{e['name']}.dat").read_bytes()) for e in catalog()]


def regressions() -> list[tuple[str, bytes]]:
    """Inputs saved by a fuzz run that once broke the engine (replayed by the suite)."""
    if not REGRESSIONS.is_dir():
        return []
    return [(path.name, path.read_bytes()) for path in sorted(REGRESSIONS.glob("*.bin"))]
