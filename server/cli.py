"""``softphone-server`` command (the server lands with issue 6)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("softphone-server is not built yet (issue 6).", file=sys.stderr)
    return 2
