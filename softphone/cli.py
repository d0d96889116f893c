"""``softphone`` command: gui (default), demo, selftest, dial <uri>."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
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
    _exit_cleanly_on_sigterm()
    raw = list(sys.argv[1:] if argv is None else argv)
    if raw and _is_link(raw[0]):  # `softphone tel:+302101234567` (the OS's URI handler)
        raw = ["dial", raw[0]]
    args = _parser().parse_args(raw)
    setup_logging(logging.DEBUG if args.verbose else logging.WARNING)
    command = args.command or "gui"
    if command == "selftest":
        from softphone import selftest

        return selftest.run(window=args.window)
    if command == "demo":
        from softphone import demo

        headless = args.headless or not _has_display()
        try:
            return demo.run(headless=True) if headless else _interactive_demo()
        except Exception as exc:
            print(f"demo FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
    return _gui(args)  # gui, and dial <uri> (pre-filled or dialed by the running instance)


def _interactive_demo() -> int:
    import threading

    from ui.app import build_app, run_gui

    from softphone import demo

    build_app(["softphone"])
    with demo.DemoWorld(headless=False) as world:
        script = threading.Thread(target=demo.interactive_script, args=(world,), name="demo-script", daemon=True)
        script.start()
        return run_gui(world.core, ["softphone"], server_name=f"softphone-demo-{os.getpid()}")


def _exit_cleanly_on_sigterm() -> None:
    """SIGTERM (logout, `kill`, systemd) unwinds like Ctrl+C: the engine, the demo's server and
    every child are stopped by the ``finally`` blocks instead of being orphaned."""
    import signal

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))


def _start(core: object) -> None:
    core.start()  # type: ignore[attr-defined]


def _is_link(text: str) -> bool:
    return text.lower().startswith(("tel:", "sip:", "sips:", "callto:"))


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform in ("win32", "darwin")


def _gui(args: argparse.Namespace) -> int:
    """The media engine first (it boots in its own process while this one loads), then the core,
    which configures the saved accounts at once (they register while Qt loads and the window is
    built), then Qt: PySide6's import hook reads the source of every module imported after it
    (``ui.app.release_import_sources``). A second launch starts no engine: it hands its link over."""
    from ui.instance_probe import instance_running

    early = None
    if instance_running() is False:  # a first instance (None: cannot tell, so the safe, later start)
        from softphone.engine.early import start_early

        early = start_early()
    from softphone.app import Core, CoreOptions

    argv = ["softphone"] + ([args.uri] if getattr(args, "uri", None) else [])
    try:
        core = Core(CoreOptions(), early=early)
    except BaseException:
        if early is not None:
            early.link.stop()
        raise
    try:
        # isort: split
        from ui.app import build_app, run_gui

        build_app(argv)
        # run_gui subscribes first, then starts the core; a second launch hands its link to the
        # running instance and never starts a second media engine
        return run_gui(core, argv, start=lambda: _start(core))
    finally:
        core.stop()

if __name__ == "__main__":
    sys.exit(main())
