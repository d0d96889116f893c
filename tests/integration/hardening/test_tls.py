"""SIP over TLS to Kamailio's tls module with certificates made here: (a) a test CA the account
trusts -> registers; (b) a certificate for another host -> refused, and the reason says so;
(c) self-signed -> refused unless pinned (tls_ca_file = that certificate)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain.commands import ConfigureAccount
from softphone.domain.events import RegistrationChanged
from softphone.domain.values import AccountSettings, RegistrationState, Transport
from tests.integration.hardening.tls_support import Issued, KamailioTls, PrivateCA, self_signed
from tests.integration.sip.conftest import account
from tests.support.peer import EnginePeer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> PrivateCA:
    return PrivateCA(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[EnginePeer]:
    peer = EnginePeer(tmp_path, "agent1", 1000.0).start()
    yield peer
    peer.stop()


def served(tmp_path: Path, cert: Issued) -> Iterator[KamailioTls]:
    server = KamailioTls(tmp_path / "kamailio-tls", cert)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def tls_account(server: KamailioTls, ca_file: Path | None) -> AccountSettings:
    return account(server, transport=Transport.TLS, registrar=server.tls_uri, domain=f"127.0.0.1:{server.tls_port}",
                   tls_ca_file=str(ca_file) if ca_file else "", retry_min_s=30.0, retry_max_s=60.0)


def outcome(engine: EnginePeer, settings: AccountSettings) -> RegistrationChanged:
    mark = engine.events.mark()
    engine.send(ConfigureAccount(settings=settings))
    return engine.events.wait_for(
        RegistrationChanged, lambda e: e.state in (RegistrationState.REGISTERED, RegistrationState.FAILED),
        after=mark, timeout=15)


def test_a_certificate_from_the_trusted_test_ca_registers(tmp_path: Path, pki: PrivateCA, engine: EnginePeer) -> None:
    for server in served(tmp_path, pki.issue("server", dns=("localhost",), ips=("127.0.0.1",))):
        untrusted = outcome(engine, tls_account(server, None))  # the system store does not know our CA
        assert untrusted.state is RegistrationState.FAILED, untrusted
        registered = outcome(engine, tls_account(server, pki.files.cert))
        assert registered.state is RegistrationState.REGISTERED, registered
        assert registered.contact.endswith(";transport=tls")


def test_a_certificate_for_another_host_is_refused_with_the_reason(tmp_path: Path, pki: PrivateCA,
                                                                  engine: EnginePeer) -> None:
    for server in served(tmp_path, pki.issue("elsewhere", dns=("other.example.com",))):
        refused = outcome(engine, tls_account(server, pki.files.cert))
        assert refused.state is RegistrationState.FAILED, refused
        assert "TLS" in refused.reason and "another host" in refused.reason, refused.reason
        assert "other.example.com" in refused.reason, refused.reason


def test_self_signed_is_refused_unless_pinned(tmp_path: Path, engine: EnginePeer) -> None:
    cert = self_signed(tmp_path / "pki", "self")
    for server in served(tmp_path, cert):
        refused = outcome(engine, tls_account(server, None))
        assert refused.state is RegistrationState.FAILED, refused
        assert "not trusted" in refused.reason and "self-signed" in refused.reason, refused.reason
        pinned = outcome(engine, tls_account(server, cert.cert))
        assert pinned.state is RegistrationState.REGISTERED, pinned


def test_no_ca_file_means_the_system_trust_store(tmp_path: Path, pki: PrivateCA,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """tls_ca_file="" is documented as "the system store". OpenSSL's SSL_CERT_FILE stands in for
    the system bundle here (the machine's real store is not ours to change)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(pki.files.cert))
    peer = EnginePeer(tmp_path, "agent1", 1000.0).start()  # spawned after the variable is set
    try:
        for server in served(tmp_path, pki.issue("sys", dns=("localhost",), ips=("127.0.0.1",))):
            registered = outcome(peer, tls_account(server, None))
            assert registered.state is RegistrationState.REGISTERED, registered
    finally:
        peer.stop()
