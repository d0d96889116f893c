"""Free loopback ports and process-group handling for the real peers the suite starts."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time


def free_port(udp_and_tcp: bool = True, span: int = 1) -> int:
    """A port (and ``span - 1`` following ones) free for UDP and TCP on 127.0.0.1."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + span > 65000:
            continue
        if all(_is_free(base + i, udp_and_tcp) for i in range(span)):
            return base
    raise RuntimeError("no free port range found")


def _is_free(port: int, udp_and_tcp: bool) -> bool:
    kinds = [socket.SOCK_STREAM, socket.SOCK_DGRAM] if udp_and_tcp else [socket.SOCK_STREAM]
    for kind in kinds:
        with socket.socket(socket.AF_INET, kind) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def sip_ping(port: int, timeout: float = 5.0, host: str = "127.0.0.1", transport: str = "udp") -> float:
    """Send SIP OPTIONS until any response arrives; returns the seconds waited (TimeoutError if none)."""
    started = time.monotonic()
    n = 0
    while time.monotonic() - started < timeout:
        n += 1
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 0))
            local = sock.getsockname()[1]
            call_id = f"ping{os.getpid()}x{n}x{time.monotonic_ns()}"
            message = (
                f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
                f"Via: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bK{call_id};rport\r\n"
                f"Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag={n}\r\nTo: <sip:{host}:{port}>\r\n"
                f"Call-ID: {call_id}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
            )
            sock.sendto(message.encode(), (host, port))
            sock.settimeout(0.1)
            with contextlib.suppress(OSError):
                data, _ = sock.recvfrom(65535)
                if data.startswith(b"SIP/2.0"):
                    return time.monotonic() - started
        time.sleep(0.02)
    raise TimeoutError(f"nothing answered SIP OPTIONS on {host}:{port} within {timeout} s")


def stop_group(process: subprocess.Popen[bytes], grace: float = 3.0) -> None:
    """SIGTERM the process group we started with start_new_session, then SIGKILL what is left."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(2)
