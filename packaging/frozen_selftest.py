"""``softphone --selftest``: the packaged app proves it has everything it needs.

Runs ``softphone selftest --window`` (pjsua2 endpoint, SQLite store, Qt painting offscreen,
versions) plus the checks that only matter once the app is frozen and installed:

- pjsua2 codecs (PCMU and G.722 present) and TLS: the bundled OpenSSL creates a real
  SIP-TLS transport on 127.0.0.1 (a missing or broken libssl fails here);
- the keyring backend is a secure one (Secret Service / KWallet / Windows Credential
  Locker / macOS Keychain), never the fail or a plaintext one, and it stores, reads and
  deletes a throw-away secret; if none exists the error says what to install;
- phone-number metadata (lazily imported modules a freezer can miss); the audio bridge's
  int16 path (stdlib only: numpy must be neither loaded nor needed);
- the media engine process: a real ``EngineLink`` spawns the frozen executable again
  (multiprocessing spawn) with the null audio backend and waits for ``EngineStarted``;
- the licence texts shipped in the bundle.

The engine process is started first, on a thread, so its start-up overlaps the in-process
checks. ``--report FILE`` also writes the report to FILE (windowed builds on Windows and
macOS have no console). Exit 0 when everything passed.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import os
import secrets
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SECURE_HINT = {
    "linux": "install and start a Secret Service in your desktop session (gnome-keyring or KWallet)",
    "win32": "the Windows Credential Locker should always exist: check the user profile",
    "darwin": "the macOS Keychain should always exist: check the login keychain",
}
REQUIRED_CODECS = ("PCMU/8000", "G722/16000")


def bundle_dir() -> Path:
    """Where the bundled data lives: ``_internal`` (one-dir), ``Resources`` (.app) or the source tree."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def check_tls_and_codecs() -> dict[str, str]:
    """A pjsua2 endpoint with a SIP-TLS transport (the bundled OpenSSL), on one worker thread."""
    from softphone.sip.probe import probe_endpoint

    try:
        info = probe_endpoint(timeout=15.0, tls=True)
    except RuntimeError as exc:
        raise RuntimeError(f"TLS transport failed: {exc}") from exc
    missing = [c for c in REQUIRED_CODECS if not any(x.startswith(c) for x in info.codecs)]
    if missing:
        raise RuntimeError(f"codecs missing: {', '.join(missing)} (have {', '.join(info.codecs)})")
    if info.ioqueue_fix in ("unknown pjsua2 build: left unpatched", "could not write the fix"):
        # the bundled _pjsua2 differs from the wheel the fix knows (stripped? rebuilt?): a flood aborts it
        raise RuntimeError(f"PJSIP ioqueue fix: {info.ioqueue_fix}")
    return {"codecs (all)": str(len(info.codecs)), "TLS transport": info.tls_transport,
            "PJSIP ioqueue fix": info.ioqueue_fix}


def _insecure(backend: object) -> bool:
    module = type(backend).__module__
    name = type(backend).__name__
    return (module.startswith(("keyring.backends.fail", "keyring.backends.null", "keyrings.alt"))
            or "plaintext" in name.lower() or "memory" in name.lower())  # memory: nothing survives a restart


def _product_rule() -> Callable[[], object] | None:
    """``softphone.secrets.secure_backend`` when the app has it: the self-test applies the app's rule."""
    try:
        module = importlib.import_module("softphone.secrets")
    except ImportError:
        return None
    rule = getattr(module, "secure_backend", None)
    return rule if callable(rule) else None


def check_keyring() -> dict[str, str]:
    """A secure keyring backend exists and round-trips a throw-away secret."""
    import keyring
    from keyring.backends import chainer

    rule = _product_rule()
    if rule is not None:
        try:
            store = rule()
        except Exception as exc:  # the app's NoSecureStoreError: "no secure password store ...", what to install
            raise RuntimeError(str(exc)) from exc
        used = _used_backend(store)
        if _insecure(used):
            hint = SECURE_HINT.get(sys.platform, "install a system password store keyring supports")
            raise RuntimeError(f"no secure password store: the app's keyring rule accepted "
                               f"{type(used).__module__}.{type(used).__name__}, which is not one; {hint}")
        return _round_trip(store)
    ring = keyring.get_keyring()
    backends = list(ring.backends) if isinstance(ring, chainer.ChainerBackend) else [ring]
    secure = [b for b in backends if not _insecure(b)]
    if not secure:
        found = ", ".join(f"{type(b).__module__}.{type(b).__name__}" for b in backends) or "none"
        hint = SECURE_HINT.get(sys.platform, "install a system password store keyring supports")
        raise RuntimeError(f"no secure password store (keyring found: {found}); {hint}. "
                           "The softphone never keeps SIP passwords or tokens in plain files.")
    return _round_trip(secure[0])


def _used_backend(store: Any) -> Any:
    """The backend that really stores: a chainer delegates to its first one."""
    inner = list(getattr(store, "backends", []))
    return inner[0] if inner else store


def _round_trip(store: Any) -> dict[str, str]:
    service, user, value = "softphone-selftest", "selftest", secrets.token_hex(12)
    store.set_password(service, user, value)
    try:
        if store.get_password(service, user) != value:
            raise RuntimeError(f"{type(store).__name__} did not give back the secret it stored")
    finally:
        store.delete_password(service, user)
    used = _used_backend(store)
    return {"keyring": f"{type(used).__module__}.{type(used).__name__} (store, read, delete ok)"}


def check_audio_path() -> dict[str, str]:
    """The bridge's int16 path in the standard library: ring, tone synthesis, Goertzel.

    The app ships without numpy (the spec excludes it: ~45 MB with its BLAS); an import of
    it anywhere in the app would fail in the bundle, so it must not even be loaded here."""
    from softphone.audio.levels import goertzel_power, peak_level
    from softphone.audio.ring import Ring
    from softphone.audio.tones import TEST_TONE, ToneGenerator

    rate = 16000
    tone = ToneGenerator(TEST_TONE, rate).render(rate // 10)  # 100 ms of the 1 kHz test tone
    ring = Ring(rate, prefill=0, maxfill=rate // 2)
    ring.write(tone)
    back = bytearray(len(tone))
    if ring.read_into(back) != len(tone) // 2 or back != tone:
        raise RuntimeError("the audio ring did not give back what it was given")
    if goertzel_power(back, rate, 1000.0) < 0.01 or goertzel_power(back, rate, 1500.0) > 1e-6 \
            or not 0.2 < peak_level(back) < 0.3:
        raise RuntimeError("the 1 kHz test tone was not found in its own samples")
    if "numpy" in sys.modules:
        raise RuntimeError("numpy was imported: the packaged app ships without it")
    bundled = "not bundled" if importlib.util.find_spec("numpy") is None else "installed, not loaded"
    return {"audio path": f"ring, tones, Goertzel ok (stdlib only; numpy {bundled})"}


def check_phone_numbers() -> dict[str, str]:
    import phonenumbers

    number = phonenumbers.parse("01 42 68 53 00", "FR")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if e164 != "+33142685300":
        raise RuntimeError(f"phone-number metadata wrong: {e164}")
    return {"phonenumbers": f"{phonenumbers.__version__} (FR metadata ok)"}


class EngineProbe:
    """Spawns the media engine process (null audio) on a thread and waits for EngineStarted."""

    def __init__(self) -> None:
        self.info: dict[str, str] = {}
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="selftest-engine", daemon=True)

    def start(self) -> EngineProbe:
        # import here, on the caller's thread: two threads importing the same modules at once
        # can see them half-initialised
        import softphone.engine.link  # noqa: F401

        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.info = self._probe()
        except BaseException as exc:
            self.error = exc

    @staticmethod
    def _probe() -> dict[str, str]:
        from softphone.domain.events import EngineStarted
        from softphone.domain.messages import Event
        from softphone.engine.config import AudioSpec, EngineConfig
        from softphone.engine.link import EngineLink

        started: list[EngineStarted] = []
        published = threading.Event()

        def publish(event: Event) -> None:
            if isinstance(event, EngineStarted):
                started.append(event)
                published.set()

        t0 = time.perf_counter()
        link = EngineLink(publish, EngineConfig(audio=AudioSpec(kind="null")), restart=False, start_timeout_s=20)
        try:
            link.start()
            up_ms = (time.perf_counter() - t0) * 1000
            if not published.wait(5):  # start() returns as the event arrives; publishing follows
                raise RuntimeError("EngineStarted was never published")
            event = started[0]
            if event.pid == os.getpid() or event.pid != link.pid:
                raise RuntimeError(f"EngineStarted came from pid {event.pid}, not the spawned process {link.pid}")
            return {"media engine process": f"pid {event.pid}, PJSIP {event.pjsip_version}, "
                                            f"EngineStarted after {up_ms:.0f} ms"}
        finally:
            link.stop(timeout=5)

    def result(self) -> dict[str, str]:
        self._thread.join(30)
        if self._thread.is_alive():
            raise RuntimeError("the media engine process did not start and stop within 30 s")
        if self.error is not None:
            raise RuntimeError(f"media engine process: {self.error}") from self.error
        if not self.info:
            raise RuntimeError("the media engine probe ended without a result")
        return self.info


def check_bundle() -> dict[str, str]:
    """Licence texts and the Qt platform plugins travel with the build."""
    from PySide6.QtCore import QLibraryInfo

    info: dict[str, str] = {"frozen": "yes" if getattr(sys, "frozen", False) else "no (source tree)"}
    licences = bundle_dir() / "licenses"
    needed = ("LICENSE", "NOTICE", "GPL-2.0.txt", "LGPL-3.0.txt", "GPL-3.0.txt")
    missing = [n for n in needed if not ((licences / n).is_file() or (licences.parent / n).is_file())]
    if missing:
        raise RuntimeError(f"licence texts missing from {licences}: {', '.join(missing)}")
    info["licences"] = f"{sum(1 for p in licences.rglob('*') if p.is_file())} files in {licences}"
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    names = sorted(p.name for p in plugins.glob("*") if p.is_file()) if plugins.is_dir() else []
    info["Qt platform plugins"] = ", ".join(names) or f"none found in {plugins}"
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="softphone --selftest", description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, help="also write the report to this file")
    parser.add_argument("--no-engine", action="store_true", help="skip spawning the media engine process")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from softphone import selftest
    from softphone.logsetup import setup_logging

    setup_logging(logging.WARNING)
    engine = None if args.no_engine else EngineProbe().start()
    lines: list[str] = []

    def out(line: str) -> None:
        lines.append(line)
        print(line, flush=True)

    extra: list[tuple[str, Callable[[], dict[str, str]]]] = [
        ("TLS/codecs", check_tls_and_codecs),
        ("keyring", check_keyring),
        ("phonenumbers", check_phone_numbers),
        ("audio path", check_audio_path),
        ("bundle", check_bundle),
    ]
    if engine is not None:
        extra.append(("engine", engine.result))
    code = selftest.run(window=True, out=out, extra=extra)
    if args.report is not None:
        args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return code
