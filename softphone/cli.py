"""``softphone`` command: gui (default), demo, selftest, dial <uri>."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys

from softphone.logsetup import setup_logging


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="softphone", description="Contact-center softphone")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging (PJSIP included)")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("gui", help="start the desktop app (default)")
    demo = sub.add_parser("demo", help="run the end-to-end demo")
    demo.add_argument("--headless", action="store_true", help="no window: auto-answer and report")
    selftest = sub.add_parser("selftest", help="check pjsua2, the store and Qt, print versions")
    selftest.add_argument("--window", action="store_true", help="also paint a window offscreen")
    dial = sub.add_parser("dial", help="dial a number or SIP/tel URI")
    dial.add_argument("uri")
    return parser


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the media engine process is spawned from the frozen app too
    args = _parser().parse_args(argv)
    setup_logging(logging.DEBUG if args.verbose else logging.WARNING)
    command = args.command or "gui"
    if command == "selftest":
        from softphone import selftest

        return selftest.run(window=args.window)
    if command == "demo":
        from softphone import demo

        headless = args.headless or not _has_display()
        if not headless:
            print("A display is present, but the interactive demo is not built yet: running headless.")
        try:
            return demo.run(headless=True)
        except Exception as exc:
            print(f"demo FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
    return _gui(args)


def _has_display() -> bool:
    import os

    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform in ("win32", "darwin")


def _gui(args: argparse.Namespace) -> int:
    from ui.app import run_gui

    from softphone.app import Core, CoreOptions

    argv = ["softphone"] + ([args.uri] if getattr(args, "uri", None) else [])
    core: Core | None = None

    def start_core() -> Core:
        nonlocal core
        core = Core(CoreOptions()).start()
        return core

    try:
        return run_gui(start_core, argv)
    finally:
        if core is not None:
            core.stop()


if __name__ == "__main__":
    sys.exit(main())
