"""Entry script of the frozen app (PyInstaller's Analysis starts here).

- ``multiprocessing.freeze_support()`` first: a spawned media engine process re-runs this
  executable with ``--multiprocessing-fork`` and must never reach the app's own code.
- ``softphone --selftest [--report FILE]``: the frozen-app self-test (frozen_selftest.py).
- ``softphone tel:+331...`` / ``sip:...`` / ``callto:...``: what the desktop, Windows and
  macOS pass when a link is clicked; becomes ``softphone dial URI``.
- anything else goes to ``softphone.cli:main`` unchanged.
"""

from __future__ import annotations

import multiprocessing
import sys

URI_PREFIXES = ("tel:", "sip:", "sips:", "callto:")


def translate_argv(argv: list[str]) -> list[str]:
    """Map what an OS launcher passes to the ``softphone`` command line."""
    args = [a for a in argv if not a.startswith("-psn_")]  # old macOS Finder process serial number
    if len(args) == 1 and args[0].lower().startswith(URI_PREFIXES):
        return ["dial", args[0]]
    return args


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--selftest"]:
        import frozen_selftest

        return frozen_selftest.main(args[1:])
    from softphone.cli import main as cli_main

    return cli_main(translate_argv(args))


if __name__ == "__main__":
    sys.exit(main())
