"""Versions of the SIP stack and a create/destroy check, for ``softphone selftest``."""

from __future__ import annotations

import ctypes
import glob
import os
import threading
import time
from dataclasses import dataclass

import pjsua2 as pj

from softphone.sip import ioqueue_fix
from softphone.sip.pjlog import PjLogWriter, stdout_into_log


@dataclass(frozen=True)
class StackInfo:
    pjsip_version: str
    openssl_version: str
    codecs: tuple[str, ...]
    endpoint_ms: float
    tls_transport: str = ""  # with tls=True: "TLS listening on <addr> (<n> ciphers)"
    ioqueue_fix: str = ""  # ioqueue_fix.FixStatus value


def bundled_openssl_version() -> str:
    """The OpenSSL that the pjsua2 wheel bundles (not the system's)."""
    base = os.path.dirname(os.path.dirname(pj.__file__))
    candidates = sorted(glob.glob(os.path.join(base, "pjsua2_python.libs", "libcrypto*")))
    for path in candidates:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name, arg in (("OpenSSL_version", 0), ("SSLeay_version", 0)):
            fn = getattr(lib, name, None)
            if fn is not None:
                fn.restype = ctypes.c_char_p
                fn.argtypes = [ctypes.c_int]
                value = fn(arg)
                if value:
                    return str(value.decode())
    return "unknown"


def probe_endpoint(timeout: float = 10.0, tls: bool = False) -> StackInfo:
    """Create and destroy an Endpoint with the null audio device on a worker thread; with ``tls``
    also a SIP-TLS transport on loopback (proves the bundled OpenSSL works)."""
    result: list[StackInfo] = []
    errors: list[BaseException] = []

    def run() -> None:
        started = time.perf_counter()
        fix = ioqueue_fix.apply()
        writer = PjLogWriter()
        ep = pj.Endpoint()
        try:
            with stdout_into_log():
                ep.libCreate()
            cfg = pj.EpConfig()
            cfg.uaConfig.threadCnt = 0
            cfg.uaConfig.mainThreadOnly = True
            cfg.logConfig.writer = writer
            cfg.logConfig.consoleLevel = 3
            cfg.logConfig.level = 3
            ep.libInit(cfg)
            tls_text = ""
            if tls:
                tcfg = pj.TransportConfig()
                tcfg.port = 0
                tcfg.boundAddress = "127.0.0.1"
                info = ep.transportGetInfo(ep.transportCreate(pj.PJSIP_TRANSPORT_TLS, tcfg))
                ciphers = ep.utilSslGetAvailableCiphers()
                tls_text = f"{info.typeName} listening on {info.localName} ({len(ciphers)} ciphers)"
            ep.libStart()
            ep.audDevManager().setNullDev()
            codecs = tuple(info.codecId for info in ep.codecEnum2())
            version = ep.libVersion().full
            ep.libDestroy(pj.PJSUA_DESTROY_NO_NETWORK)
            result.append(
                StackInfo(version, bundled_openssl_version(), codecs, (time.perf_counter() - started) * 1000,
                          tls_text, fix.value)
            )
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, name="selftest-pjsua2")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise RuntimeError(f"pjsua2 endpoint did not start and stop within {timeout} s")
    if errors:
        raise RuntimeError(f"pjsua2 endpoint failed: {errors[0]}") from errors[0]
    return result[0]
