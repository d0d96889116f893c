"""LookupClient against real loopback servers: TLS verified by default, HTTP errors, bad answers,
and the service's hard timeout against a server that trickles its answer byte by byte."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from softphone.domain import events as ev
from softphone.domain.app_events import CustomerFound, CustomerLookupFailed
from softphone.domain.hub import EventHub, EventRecorder
from softphone.domain.values import RemoteIdentity, Secret
from softphone.screenpop.client import LookupClient, LookupFailedError
from softphone.screenpop.service import ScreenPopService
from softphone.screenpop.settings import ScreenPopSettings

pytestmark = pytest.mark.integration
BODY = b'{"number_e164": "+302101234567", "matches": [{"customer_id": "C-1", "name": "Maria"}]}'


class Handler(BaseHTTPRequestHandler):
    mode = "ok"
    seen_auth: list[str] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Handler.seen_auth.append(self.headers.get("Authorization", ""))
        if self.mode == "trickle":
            self.send_response(200)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            for byte in BODY:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)  # each read is quick, the whole answer takes ~17 s
            return
        status, body = {"ok": (200, BODY), "401": (401, b"{}"), "500": (500, b"oops"),
                        "garbage": (200, b"<html>")}[self.mode]
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(mode: str, context: ssl.SSLContext | None = None) -> Iterator[str]:
    Handler.mode = mode
    Handler.seen_auth = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    scheme = "https" if context else "http"
    yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def self_signed(tmp_path: Path) -> tuple[ssl.SSLContext, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context, cert_path


def test_tls_is_verified_by_default(self_signed: tuple[ssl.SSLContext, Path]) -> None:
    context, cert_path = self_signed
    for url in serve("ok", context):
        with pytest.raises(LookupFailedError) as info:
            LookupClient(url, lambda: "t").by_phone("+302101234567")
        assert info.value.reason == "server certificate not trusted"
        trusted = LookupClient(url, lambda: Secret("s3cret"), verify=str(cert_path))
        assert [m.customer_id for m in trusted.by_phone("+302101234567")] == ["C-1"]
        assert Handler.seen_auth[-1] == "Bearer s3cret"


@pytest.mark.parametrize(("mode", "reason"), [("401", "not authorized (HTTP 401)"),
                                              ("500", "server error (HTTP 500)"),
                                              ("garbage", "bad answer from server")])
def test_http_failures_have_reasons(mode: str, reason: str) -> None:
    for url in serve(mode):
        with pytest.raises(LookupFailedError) as info:
            LookupClient(url, lambda: "t").by_phone("+302101234567")
        assert info.value.reason == reason


def test_trickling_server_cannot_stretch_the_hard_timeout() -> None:
    for url in serve("trickle"):
        hub = EventHub()
        events = EventRecorder()
        hub.subscribe(events)
        service = ScreenPopService(hub, ScreenPopSettings(timeout_s=1.0), LookupClient(url, lambda: "t",
                                                                                       timeout_s=1.0))
        service.start()
        try:
            t0 = time.time()
            hub.publish(ev.IncomingCallRang(call_id="c1", account_id="a", remote=RemoteIdentity(
                uri="sip:+302101234567@h", from_header="<sip:+302101234567@h>")))
            failed = events.wait_for(CustomerLookupFailed, timeout=5)
            assert failed.reason == "timed out" and 0.9 < failed.at - t0 < 2.5
            time.sleep(0.5)
            assert events.of_type(CustomerFound) == []
        finally:
            service.stop()
